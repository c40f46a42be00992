package loader_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/graph"

	_ "github.com/lib/pq"
)

// backend opens a fresh, empty store of one kind.
type backend struct {
	name string
	open func(t *testing.T) *graph.Store
}

// backends are the stores every loader test runs on: memory and bolt always, PostgreSQL
// when ANNALS_TEST_POSTGRES holds a DSN (each test gets a schema of its own).
func backends(t *testing.T) []backend {
	bs := []backend{
		{"memory", func(t *testing.T) *graph.Store {
			return openStore(t, graph.Config{Kind: graph.KindMemory})
		}},
		{"bolt", func(t *testing.T) *graph.Store {
			return openStore(t, graph.Config{Kind: graph.KindBolt, Addr: filepath.Join(t.TempDir(), "annals.db")})
		}},
	}
	if dsn := os.Getenv("ANNALS_TEST_POSTGRES"); dsn != "" {
		bs = append(bs, backend{"postgres", func(t *testing.T) *graph.Store {
			return openStore(t, graph.Config{Kind: graph.KindPostgres, Addr: freshSchema(t, dsn)})
		}})
	}
	return bs
}

func openStore(t *testing.T, cfg graph.Config) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %s store: %v", cfg.Kind, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// freshSchema creates a schema for one test and returns a DSN whose search_path is it.
func freshSchema(t testing.TB, dsn string) string {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := "annals_test_" + strings.ToLower(strings.NewReplacer("/", "_", " ", "_", "-", "_", "#", "_").Replace(t.Name()))
	if len(name) > 60 {
		name = name[:60]
	}
	for _, stmt := range []string{
		fmt.Sprintf("DROP SCHEMA IF EXISTS %s CASCADE", name),
		fmt.Sprintf("CREATE SCHEMA %s", name),
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", dsn)
		if err == nil {
			db.Exec(fmt.Sprintf("DROP SCHEMA IF EXISTS %s CASCADE", name))
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + name
	}
	return dsn + sep + "search_path=" + name
}
