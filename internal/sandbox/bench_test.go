package sandbox_test

import (
	"context"
	"strings"
	"testing"

	"annals/internal/sandbox"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
)

// BenchmarkNewSession compares a guarded Gizmo session with Cayley's own: the guard
// is paid once per query.
func BenchmarkNewSession(b *testing.B) {
	qs := memstore.New()
	b.Run("cayley", func(b *testing.B) {
		for b.Loop() {
			gizmo.NewSession(qs)
		}
	})
	b.Run("guarded", func(b *testing.B) {
		for b.Loop() {
			if _, err := sandbox.NewGizmo(qs, sandbox.Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCheckDepth scans a 1 MiB Gizmo text, the largest accepted.
func BenchmarkCheckDepth(b *testing.B) {
	src := strings.Repeat(`g.V("<a>").Out("<p>", "x[y]").All() // (comment)`+"\n", 1<<20/48)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := sandbox.CheckDepth(sandbox.Gizmo, src, sandbox.MaxDepth); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuery runs a small Gizmo traversal whole: in Cayley's session, in a
// guarded one, and in a guarded one under the heap watchdog (what the API does for
// every Gizmo query).
func BenchmarkQuery(b *testing.B) {
	qs := memstore.New(quad.MakeIRI("a", "p", "b", ""), quad.MakeIRI("b", "p", "c", ""), quad.MakeIRI("a", "p", "c", ""))
	const src = `g.V("<a>").Out("<p>").All()`
	run := func(b *testing.B, ctx context.Context, s query.Session) {
		it, err := s.Execute(ctx, src, query.Options{Collation: query.JSON, Limit: 100})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for it.Next(ctx) {
			n++
		}
		it.Close()
		if n != 2 || it.Err() != nil {
			b.Fatalf("%d results, %v", n, it.Err())
		}
	}
	b.Run("cayley", func(b *testing.B) {
		for b.Loop() {
			run(b, context.Background(), gizmo.NewSession(qs))
		}
	})
	b.Run("guarded", func(b *testing.B) {
		for b.Loop() {
			s, err := sandbox.NewGizmo(qs, sandbox.Limits{})
			if err != nil {
				b.Fatal(err)
			}
			run(b, context.Background(), s)
		}
	})
	b.Run("watched", func(b *testing.B) {
		w := sandbox.NewWatchdog(512<<20, 0)
		for b.Loop() {
			ctx, release := w.Watch(context.Background())
			s, err := sandbox.NewGizmo(qs, sandbox.Limits{})
			if err != nil {
				b.Fatal(err)
			}
			run(b, ctx, s)
			release()
		}
	})
}
