package cayleykv_test

import (
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"annals/graph/internal/cayleykv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
)

func open(t *testing.T) cgraph.QuadStore {
	t.Helper()
	db, err := hbolt.Open(filepath.Join(t.TempDir(), "kv.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	label := cayleykv.QuadIndex{Dirs: []quad.Direction{quad.Label, quad.Subject}}
	if err := cayleykv.Init(db, nil, append(slices.Clone(cayleykv.DefaultQuadIndexes), label)); err != nil {
		t.Fatal(err)
	}
	qs, err := cayleykv.New(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qs.Close() })
	return qs
}

func all(t *testing.T, qs cgraph.QuadStore) []string {
	t.Helper()
	r := cgraph.NewQuadStoreReader(qs)
	defer r.Close()
	qq, err := quad.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(qq))
	for i, q := range qq {
		out[i] = q.NQuad()
	}
	sort.Strings(out)
	return out
}

func nquads(qq ...quad.Quad) []string {
	out := make([]string, len(qq))
	for i, q := range qq {
		out[i] = q.NQuad()
	}
	sort.Strings(out)
	return out
}

func apply(t *testing.T, qs cgraph.QuadStore, opts cgraph.IgnoreOpts, add, del []quad.Quad) error {
	t.Helper()
	var ds []cgraph.Delta
	for _, q := range del {
		ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Delete})
	}
	for _, q := range add {
		ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	return qs.ApplyDeltas(ds, opts)
}

var ignore = cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}

func q(s, p, o, l string) quad.Quad {
	return quad.Make(quad.IRI(s), quad.IRI(p), quad.String(o), quad.IRI(l))
}

// Fix 1: one transaction removes two quads of label e and adds one: e's reference count
// drops, and the added quad must still carry e.
func TestAddWhileTheValueLosesReferences(t *testing.T) {
	qs := open(t)
	a, b, c := q("s", "p", "a", "e"), q("s", "p", "b", "e"), q("s", "p", "c", "e")
	if err := apply(t, qs, ignore, []quad.Quad{a, b}, nil); err != nil {
		t.Fatal(err)
	}
	if err := apply(t, qs, ignore, []quad.Quad{c}, []quad.Quad{a, b}); err != nil {
		t.Fatal(err)
	}
	if got, want := all(t, qs), nquads(c); !slices.Equal(got, want) {
		t.Errorf("after replacing two quads by one: %v, want %v", got, want)
	}
	ref, err := qs.ValueOf(quad.IRI("e"))
	if err != nil || ref == nil {
		t.Fatalf("label e lost: %v %v", ref, err)
	}
	// and the label index finds it
	it := qs.QuadIterator(quad.Label, ref).Iterate()
	defer it.Close()
	n := 0
	for it.Next(t.Context()) {
		n++
	}
	if n != 1 {
		t.Errorf("%d quads under label e, want 1", n)
	}
}

// Fix 2: a transaction that fails after creating values must leave no trace in the
// store's memory: the next transaction reuses the ids.
func TestFailedTransactionLeavesNoTrace(t *testing.T) {
	qs := open(t)
	base := q("s", "p", "base", "e")
	if err := apply(t, qs, ignore, []quad.Quad{base}, nil); err != nil {
		t.Fatal(err)
	}
	failed := quad.Make(quad.IRI("new-subject"), quad.IRI("p"), quad.String("x"), quad.IRI("new-label"))
	missing := q("nowhere", "p", "none", "none")
	strict := cgraph.IgnoreOpts{IgnoreDup: true}
	if err := apply(t, qs, strict, []quad.Quad{failed}, []quad.Quad{missing}); err == nil {
		t.Fatal("removing a missing quad did not fail")
	}
	if got := all(t, qs); !slices.Equal(got, nquads(base)) {
		t.Fatalf("a failed transaction changed the store: %v", got)
	}
	other := quad.Make(quad.IRI("other-subject"), quad.IRI("p"), quad.String("y"), quad.IRI("other-label"))
	again := quad.Make(quad.IRI("new-subject"), quad.IRI("p"), quad.String("z"), quad.IRI("e"))
	if err := apply(t, qs, ignore, []quad.Quad{other, again}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := all(t, qs), nquads(base, other, again); !slices.Equal(got, want) {
		t.Errorf("after a failed transaction:\n%v\nwant\n%v", got, want)
	}
}
