package cayleykv

import (
	"context"
	"path/filepath"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// Fix 6: a reader whose snapshot predates a write that removed a value must not put the
// value's old id back in the cache, where the next write would find it and count
// references on a node that no longer exists.
func TestReaderDoesNotCacheWhatAWriteRemoved(t *testing.T) {
	ctx := context.Background()
	// A read transaction open across a commit that grows the file would block the
	// commit's remap: map enough up front (graph.Open does the same).
	db, err := hbolt.Open(filepath.Join(t.TempDir(), "kv.db"), &bolt.Options{InitialMmapSize: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := Init(db, nil, nil); err != nil {
		t.Fatal(err)
	}
	gqs, err := New(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer gqs.Close()
	qs := gqs.(*QuadStore)
	ignore := cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	a, p := quad.IRI("urn:a"), quad.IRI("urn:p")
	old := quad.Make(a, p, quad.String("x"), nil)
	apply := func(action cgraph.Procedure, q quad.Quad) {
		t.Helper()
		if err := qs.ApplyDeltas([]cgraph.Delta{{Quad: q, Action: action}}, ignore); err != nil {
			t.Fatal(err)
		}
	}
	apply(cgraph.Add, old)
	qs.valueLRU.Purge()

	// The reader takes its snapshot, then the writer removes every quad of urn:a.
	gen := qs.valueLRU.Gen()
	tx, err := qs.db.Tx(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	apply(cgraph.Delete, old)
	ids, err := qs.resolveQuadValues(ctx, tx, []quad.Value{a}, gen)
	tx.Close()
	if err != nil || ids[0] == 0 {
		t.Fatalf("the reader's snapshot lost urn:a: %v %v", ids, err)
	}
	if _, ok := qs.valueLRU.Get(string(a)); ok {
		t.Fatal("a reader cached the id of a value removed after its snapshot")
	}

	// The value comes back: its quad must be readable with every direction set.
	fresh := quad.Make(a, p, quad.String("y"), nil)
	apply(cgraph.Add, fresh)
	ref, err := qs.ValueOf(a)
	if err != nil || ref == nil {
		t.Fatalf("ValueOf(urn:a) after the re-add: %v %v", ref, err)
	}
	it := qs.QuadIterator(quad.Subject, ref).Iterate()
	defer it.Close()
	var got []string
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, q.NQuad())
	}
	if len(got) != 1 || got[0] != fresh.NQuad() {
		t.Fatalf("quads of urn:a after the re-add: %q, want %q", got, fresh.NQuad())
	}
}
