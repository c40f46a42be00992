// Package pgtest gives test suites a PostgreSQL schema of their own on the server named
// by ANNALS_TEST_POSTGRES (which `make test` starts and sets), so that one suite runs
// on memory, bolt and PostgreSQL alike.
package pgtest

import (
	"database/sql"
	"fmt"
	"hash/fnv"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // the database/sql driver the schema statements use
)

// EnvDSN is the environment variable holding the test server's DSN.
const EnvDSN = "ANNALS_TEST_POSTGRES"

// DSN returns the test server's DSN, or "" when no server is configured.
func DSN() string { return os.Getenv(EnvDSN) }

// Require returns the test server's DSN and skips t when no server is configured.
func Require(t testing.TB) string {
	t.Helper()
	dsn := DSN()
	if dsn == "" {
		t.Skip(EnvDSN + " is not set (scripts/postgres.sh run go test ...)")
	}
	return dsn
}

var unsafe = regexp.MustCompile(`[^a-z0-9_]+`)

// schemaName is "annals_test_NAME" made safe for SQL; a name too long for PostgreSQL's
// identifiers keeps its start and a hash of the whole, so that two long names differ.
func schemaName(name string) string {
	s := "annals_test_" + unsafe.ReplaceAllString(strings.ToLower(name), "_")
	if len(s) > 60 {
		h := fnv.New32a()
		h.Write([]byte(s))
		s = fmt.Sprintf("%s_%08x", s[:51], h.Sum32())
	}
	return s
}

// Schema (re)creates the schema "annals_test_NAME" on the server of dsn and returns a
// DSN whose search_path is that schema, and a function that drops it.
func Schema(dsn, name string) (string, func(), error) {
	schema := schemaName(name)
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
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema, drop, nil
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema, drop, nil
}

// SchemaFor is Schema for one test: it fails the test on error and drops the schema
// when the test ends.
func SchemaFor(t testing.TB, dsn, name string) string {
	t.Helper()
	addr, drop, err := Schema(dsn, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return addr
}

// Conn opens dsn with database/sql for the length of the test.
func Conn(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Tables is the content of Cayley's two tables (nodes and quads) as text, one line a
// row, rows sorted, without what differs between two writes of the same quads (the
// quads' serial numbers and timestamps); rows counts the rows of each table.
func Tables(t *testing.T, db *sql.DB) (text string, rows [2]int) {
	t.Helper()
	var b strings.Builder
	for n, q := range []string{
		`SELECT hash, refs, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time FROM nodes ORDER BY hash`,
		`SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads ORDER BY 1, 2, 3, 4`,
	} {
		rs, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC().Format(time.RFC3339Nano)
				}
				fmt.Fprintf(&b, "%s=%x ", cols[i], fmt.Sprint(v))
			}
			b.WriteByte('\n')
			rows[n]++
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		rs.Close()
		b.WriteString("--\n")
	}
	return b.String(), rows
}
