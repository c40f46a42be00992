package sandbox_test

import (
	"strings"
	"testing"

	"annals/internal/sandbox"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query/gizmo"
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
