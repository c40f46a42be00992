package cayleykv_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"annals/graph/internal/boltkv"
	"annals/graph/internal/cayleykv"

	cgraph "github.com/cayleygraph/cayley/graph"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// bulkIndexes are annals' bolt indexes.
var bulkIndexes = append(slices.Clone(cayleykv.DefaultQuadIndexes),
	cayleykv.QuadIndex{Dirs: []quad.Direction{quad.Label, quad.Subject}})

func newKVStore(t *testing.T) (*hbolt.DB, *cayleykv.QuadStore) {
	t.Helper()
	db := openKV(t).(*hbolt.DB)
	if err := cayleykv.Init(db, cgraph.Options{"upfront": true}, bulkIndexes); err != nil {
		t.Fatal(err)
	}
	qs, err := cayleykv.New(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, qs.(*cayleykv.QuadStore)
}

// bulkWrite adds docs (the hashes given for every other one) to a bulk of the store
// from, writes it into a new bolt file (boltkv.Builder) and returns it opened, and how many quads it wrote.
func bulkWrite(t *testing.T, from *cayleykv.QuadStore, docs [][]cgraph.Delta) (*hbolt.DB, *cayleykv.QuadStore, int) {
	t.Helper()
	b, err := cayleykv.NewBulk(from)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		var h *cayleykv.Hashes
		if i%2 == 0 {
			h = cayleykv.HashDeltas(d)
		}
		if err := b.Add(d, h); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "bulk.db")
	bd, err := boltkv.NewBuilder(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := b.WriteTo(context.Background(), bd)
	if err != nil {
		t.Fatal(err)
	}
	if err := bd.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := hbolt.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	qs, err := cayleykv.New(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, qs.(*cayleykv.QuadStore), n
}

// bulkDocs are documents of quads with shared values of several kinds (IRIs, strings,
// numbers, times, a quad without label) and none repeated: the quads a loader gives.
func bulkDocs(docs, quads int) [][]cgraph.Delta {
	r := rand.New(rand.NewPCG(1, 2))
	value := func(i int) quad.Value {
		switch i % 5 {
		case 0:
			return quad.String(fmt.Sprintf("name %d", i))
		case 1:
			return quad.Int(i)
		case 2:
			return quad.LangString{Value: quad.String(fmt.Sprintf("mot %d", i)), Lang: "fr"}
		}
		return quad.IRI(fmt.Sprintf("node/%d", i))
	}
	seen := make(map[quad.Quad]bool)
	out := make([][]cgraph.Delta, docs)
	for d := range out {
		for len(out[d]) < quads {
			q := quad.Quad{
				Subject:   quad.IRI(fmt.Sprintf("node/%d", r.IntN(300))),
				Predicate: quad.IRI(fmt.Sprintf("p/%d", r.IntN(7))),
				Object:    value(r.IntN(500)),
				Label:     quad.IRI(fmt.Sprintf("doc/%d/entry/%d", d, r.IntN(20))),
			}
			if r.IntN(50) == 0 {
				q.Label = nil
			}
			if seen[q] {
				continue
			}
			seen[q] = true
			out[d] = append(out[d], cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	return out
}

// dump is every bucket's keys and values, the log's records without their times, and
// the meta bucket without annals' generation and change log (one commit a document
// against one for the bulk).
func dump(t *testing.T, db *hbolt.DB) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := db.DB().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				switch {
				case string(name) == "meta" && strings.HasPrefix(string(k), "annals_"):
					return nil
				case string(name) == cayleykv.LogBucket:
					var p cproto.Primitive
					if err := proto.Unmarshal(v, &p); err != nil {
						return err
					}
					p.Timestamp = 0
					v, _ = proto.Marshal(&p)
				}
				out[fmt.Sprintf("%q/%x", name, k)] = fmt.Sprintf("%x", v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffDumps(t *testing.T, want, got map[string]string) {
	t.Helper()
	n := 0
	for k, v := range want {
		if got[k] != v && n < 10 {
			t.Errorf("%s: bulk wrote %q, ApplyDeltas %q", k, got[k], v)
			n++
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok && n < 10 {
			t.Errorf("%s: bulk wrote %q, ApplyDeltas nothing", k, v)
			n++
		}
	}
}

// TestBulkWritesWhatApplyDeltasWrites: documents written by a bulk and by ApplyDeltas,
// one transaction a document, leave the same keys and values in every bucket, and the
// stores take later writes alike.
func TestBulkWritesWhatApplyDeltasWrites(t *testing.T) {
	docs := bulkDocs(4, 400)
	wantDB, want := newKVStore(t)
	for _, d := range docs {
		if err := want.ApplyDeltas(d, ignore); err != nil {
			t.Fatal(err)
		}
	}
	_, pristine := newKVStore(t)
	gotDB, got, n := bulkWrite(t, pristine, docs)
	if n != 1600 {
		t.Errorf("Write wrote %d quads, want 1600", n)
	}
	diffDumps(t, dump(t, wantDB), dump(t, gotDB))
	if _, err := cayleykv.NewBulk(got); !errors.Is(err, cayleykv.ErrNotPristine) {
		t.Errorf("NewBulk on the written store: %v, want ErrNotPristine", err)
	}

	// A later load reloads a document edited: the bulk's store must know its values.
	edit := slices.Clone(docs[1][:100])
	for i := range edit {
		edit[i].Action = cgraph.Delete
	}
	edit = append(edit, bulkDocs(5, 50)[4]...)
	for _, qs := range []*cayleykv.QuadStore{want, got} {
		if err := qs.ApplyDeltas(edit, ignore); err != nil {
			t.Fatal(err)
		}
	}
	diffDumps(t, dump(t, wantDB), dump(t, gotDB))
	if w, g := all(t, want), all(t, got); !slices.Equal(w, g) {
		t.Errorf("the stores hold %d and %d quads", len(w), len(g))
	}
}

// TestBulkWritesARepeatedQuadOnce: a quad given twice (in one document or two) is one
// quad, and its values count it once.
func TestBulkWritesARepeatedQuadOnce(t *testing.T) {
	ctx := context.Background()
	a := q("s", "p", "o", "doc")
	c := q("s", "p", "other", "doc")
	var docs [][]cgraph.Delta
	for _, doc := range [][]quad.Quad{{a, c, a}, {a}} {
		var ds []cgraph.Delta
		for _, x := range doc {
			ds = append(ds, cgraph.Delta{Quad: x, Action: cgraph.Add})
		}
		docs = append(docs, ds)
	}
	_, pristine := newKVStore(t)
	_, qs, n := bulkWrite(t, pristine, docs)
	if n != 2 {
		t.Fatalf("WriteTo wrote %d quads, want 2", n)
	}
	if got := all(t, qs); !slices.Equal(got, nquads(a, c)) {
		t.Errorf("store holds %v", got)
	}
	// removing both quads removes every value: their counts were right
	if err := apply(t, qs, ignore, nil, []quad.Quad{a, c}); err != nil {
		t.Fatal(err)
	}
	st, err := qs.Stats(ctx, true)
	if err != nil || st.Quads.Value != 0 || st.Nodes.Value != 0 {
		t.Errorf("after removing both quads: %d quads, %d nodes, %v", st.Quads.Value, st.Nodes.Value, err)
	}
}

// TestBulkRefusesAWrittenStore: a store that was written to, even emptied since, is not
// bulk loaded (its buckets hold keys the bulk would overwrite).
func TestBulkRefusesAWrittenStore(t *testing.T) {
	_, qs := newKVStore(t)
	x := q("s", "p", "o", "doc")
	if err := apply(t, qs, ignore, []quad.Quad{x}, nil); err != nil {
		t.Fatal(err)
	}
	if err := apply(t, qs, ignore, nil, []quad.Quad{x}); err != nil {
		t.Fatal(err)
	}
	if _, err := cayleykv.NewBulk(qs); !errors.Is(err, cayleykv.ErrNotPristine) {
		t.Errorf("NewBulk on an emptied store: %v, want ErrNotPristine", err)
	}
}

// TestBulkLogRecordsAsProto: the log records the bulk encodes are the bytes
// proto.Marshal gives, for values and for quads.
func TestBulkLogRecordsAsProto(t *testing.T) {
	_, pristine := newKVStore(t)
	db, _, _ := bulkWrite(t, pristine, bulkDocs(1, 50))
	n := 0
	err := db.DB().View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(cayleykv.LogBucket)).ForEach(func(k, v []byte) error {
			var p cproto.Primitive
			if err := proto.Unmarshal(v, &p); err != nil {
				return err
			}
			again, err := proto.Marshal(&p)
			if err != nil {
				return err
			}
			if !bytes.Equal(again, v) {
				t.Errorf("log %x: %x, proto.Marshal gives %x", k, v, again)
			}
			n++
			return nil
		})
	})
	if err != nil || n < 50 {
		t.Errorf("%d log records, %v", n, err)
	}
}
