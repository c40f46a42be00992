package loader_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"annals/graph"
	"annals/internal/pgtest"

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
	return pgtest.SchemaFor(t, dsn, t.Name())
}
