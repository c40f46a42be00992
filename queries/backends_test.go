package queries_test

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"annals/graph"
	"annals/internal/pgtest"
)

// fixtureConfig is the store the fixture graph is loaded into: memory on the first pass
// of TestMain, PostgreSQL on the second.
var fixtureConfig = func(testing.TB) graph.Config { return graph.Config{Kind: graph.KindMemory} }

// TestMain runs the suite on a memory store, then again on PostgreSQL when
// ANNALS_TEST_POSTGRES names a server, so that every query is checked on both.
func TestMain(m *testing.M) {
	code := m.Run()
	dsn := pgtest.DSN()
	if code != 0 || dsn == "" {
		os.Exit(code)
	}
	addr, drop, err := pgtest.Schema(dsn, "queries_suite")
	if err != nil {
		fmt.Fprintln(os.Stderr, "queries on PostgreSQL:", err)
		os.Exit(1)
	}
	fmt.Println("== the queries suite again, on PostgreSQL")
	fixtureConfig = func(testing.TB) graph.Config { return graph.Config{Kind: graph.KindPostgres, Addr: addr} }
	fixtureOnce, fixtureVal, fixtureErr = sync.Once{}, fixture{}, nil
	code = m.Run()
	if fixtureVal.store != nil {
		fixtureVal.store.Close()
	}
	drop()
	os.Exit(code)
}
