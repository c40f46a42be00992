package graph_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// TestGenerationAndChanges checks, on every store kind that keeps one, that each
// transaction bumps the generation and logs the labels it changed, that a failed
// transaction logs nothing, and that reopening a store keeps its identity.
func TestGenerationAndChanges(t *testing.T) {
	ctx := context.Background()
	bolt := filepath.Join(t.TempDir(), "annals.db")
	configs := map[string]func(t *testing.T) graph.Config{
		"memory": func(*testing.T) graph.Config { return graph.Config{Kind: graph.KindMemory} },
		"bolt":   func(*testing.T) graph.Config { return graph.Config{Kind: graph.KindBolt, Addr: bolt} },
		"postgres": func(t *testing.T) graph.Config {
			return graph.Config{Kind: graph.KindPostgres, Addr: pgSchema(t, "gen")}
		},
	}
	for _, kind := range []string{"memory", "bolt", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			cfg := configs[kind](t)
			s, err := graph.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			fp0, err := s.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if fp0.ID == "" || fp0.Generation != 0 {
				t.Fatalf("a new store: fingerprint %+v, want an identity and generation 0", fp0)
			}
			e1, e2 := quad.IRI("https://annals.dev/id/entry/a/L1"), quad.IRI("https://annals.dev/id/entry/a/L2")
			add := func(qs ...quad.Quad) error {
				return s.Update(ctx, func(context.Context) ([]cgraph.Delta, error) {
					var ds []cgraph.Delta
					for _, q := range qs {
						ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
					}
					return ds, nil
				})
			}
			if err := add(quad.Make("x", "p", "y", e1), quad.Make("x", "p", "z", e1), quad.Make("y", "p", "z", e2)); err != nil {
				t.Fatal(err)
			}
			if err := add(quad.Make("w", "p", "v", e2)); err != nil {
				t.Fatal(err)
			}
			ch, err := s.ChangesSince(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(ch.Labels)
			if ch.All || ch.To.Generation != 2 || ch.To.ID != fp0.ID || !slices.Equal(ch.Labels, []quad.IRI{e1, e2}) {
				t.Fatalf("changes since 0 = %+v, want labels %v at generation 2", ch, []quad.IRI{e1, e2})
			}
			if ch, err = s.ChangesSince(ctx, 1); err != nil || ch.All || !slices.Equal(ch.Labels, []quad.IRI{e2}) {
				t.Fatalf("changes since 1 = %+v, %v; want [%v]", ch, err, e2)
			}
			if ch, err = s.ChangesSince(ctx, 7); err != nil || !ch.All {
				t.Fatalf("changes since a generation the store never had = %+v, %v; want all", ch, err)
			}
			if err := add(quad.Make("a", "p", "b", nil)); err != nil {
				t.Fatal(err)
			}
			if ch, err = s.ChangesSince(ctx, 2); err != nil || !ch.All {
				t.Fatalf("changes after writing an unlabelled quad = %+v, %v; want all", ch, err)
			}
			fp, err := s.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if kind == "postgres" { // bolt and memory skip a duplicate; postgres refuses it
				if err := add(quad.Make("a", "p", "b", nil)); err == nil {
					t.Fatal("adding a quad that exists succeeded on postgres")
				}
				if after, err := s.Fingerprint(ctx); err != nil || after != fp {
					t.Fatalf("a failed transaction moved the fingerprint from %+v to %+v (%v)", fp, after, err)
				}
			}
			if kind == "memory" {
				return
			}
			s.Close()
			if s, err = graph.Open(ctx, cfg); err != nil {
				t.Fatal(err)
			}
			fp2, err := s.Fingerprint(ctx)
			if err != nil || fp2 != fp {
				t.Fatalf("after reopening: fingerprint %+v, %v; want %+v", fp2, err, fp)
			}
		})
	}
	t.Run("a new store has a new identity", func(t *testing.T) {
		a, _ := graph.Open(ctx, graph.Config{Kind: graph.KindBolt, Addr: filepath.Join(t.TempDir(), "a.db")})
		b, _ := graph.Open(ctx, graph.Config{Kind: graph.KindBolt, Addr: filepath.Join(t.TempDir(), "b.db")})
		defer a.Close()
		defer b.Close()
		fa, _ := a.Fingerprint(ctx)
		fb, _ := b.Fingerprint(ctx)
		if fa.ID == fb.ID {
			t.Fatalf("two bolt stores share the identity %q", fa.ID)
		}
	})
}
