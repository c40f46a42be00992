// Package pgtest gives test suites a PostgreSQL schema of their own on the server named
// by ANNALS_TEST_POSTGRES (which `make test` starts and sets), so that one suite runs
// on memory, bolt and PostgreSQL alike.
package pgtest

import (
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"strings"

	_ "github.com/lib/pq" // the database/sql driver the schema statements use
)

// EnvDSN is the environment variable holding the test server's DSN.
const EnvDSN = "ANNALS_TEST_POSTGRES"

// DSN returns the test server's DSN, or "" when no server is configured.
func DSN() string { return os.Getenv(EnvDSN) }

var unsafe = regexp.MustCompile(`[^a-z0-9_]+`)

// Schema (re)creates the schema "annals_test_NAME" on the server of dsn and returns a
// DSN whose search_path is that schema, and a function that drops it.
func Schema(dsn, name string) (string, func(), error) {
	schema := "annals_test_" + unsafe.ReplaceAllString(strings.ToLower(name), "_")
	if len(schema) > 60 {
		schema = schema[:60]
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	for _, stmt := range []string{
		"DROP SCHEMA IF EXISTS " + schema + " CASCADE",
		"CREATE SCHEMA " + schema,
	} {
		if _, err := db.Exec(stmt); err != nil {
			return "", nil, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	drop := func() {
		if db, err := sql.Open("postgres", dsn); err == nil {
			db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
			db.Close()
		}
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema, drop, nil
	}
	return dsn + sep + "search_path=" + schema, drop, nil
}
