package api_test

import (
	"fmt"
	"os"
	"testing"

	"annals/graph"
	"annals/internal/pgtest"
)

// fixtureConfig is the store each test's fixture graph is loaded into: memory on the
// first pass of TestMain, a fresh PostgreSQL schema per test on the second.
var fixtureConfig = func(testing.TB) graph.Config { return graph.Config{Kind: graph.KindMemory} }

// TestMain runs the HTTP suite on memory stores, then again on PostgreSQL when
// ANNALS_TEST_POSTGRES names a server.
func TestMain(m *testing.M) {
	code := m.Run()
	dsn := pgtest.DSN()
	if code != 0 || dsn == "" {
		os.Exit(code)
	}
	fmt.Println("== the HTTP suite again, on PostgreSQL")
	fixtureConfig = func(t testing.TB) graph.Config {
		return graph.Config{Kind: graph.KindPostgres, Addr: pgtest.SchemaFor(t, dsn, "api_"+t.Name())}
	}
	os.Exit(m.Run())
}
