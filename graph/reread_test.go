package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// TestRereadAfterACommit: a read during which a commit lands runs again on bolt (at
// most three times), once on the memory store (whose View is a lock); Consistent reads
// until no commit landed.
func TestRereadAfterACommit(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		kind       string
		reread     int // runs of Reread when every run writes
		consistent int // runs of Consistent when the first two runs write
	}{
		{graph.KindBolt, 3, 3},
		{graph.KindMemory, 1, 1},
	} {
		t.Run(c.kind, func(t *testing.T) {
			cfg := graph.Config{Kind: c.kind}
			if c.kind == graph.KindBolt {
				cfg.Addr = filepath.Join(t.TempDir(), "kg.db")
			}
			s, err := graph.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			n := 0
			write := func() {
				n++
				q := quad.Make(quad.IRI("urn:a"), quad.IRI("urn:p"), quad.Int(n), nil)
				if err := s.Update(ctx, func(context.Context) ([]cgraph.Delta, error) {
					return []cgraph.Delta{{Quad: q, Action: cgraph.Add}}, nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			runs := 0
			err = s.Reread(ctx, func(context.Context) error {
				runs++
				if c.kind == graph.KindBolt {
					write() // a commit lands during every run
				}
				return nil
			})
			if err != nil || runs != c.reread {
				t.Errorf("Reread ran %d times (%v), want %d", runs, err, c.reread)
			}
			runs = 0
			err = s.Consistent(ctx, func(context.Context) error {
				runs++
				if runs < 3 && c.kind != graph.KindMemory {
					write()
				}
				return nil
			})
			if err != nil || runs != c.consistent {
				t.Errorf("Consistent ran %d times (%v), want %d", runs, err, c.consistent)
			}
		})
	}
}
