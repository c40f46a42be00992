package cayleykv_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"annals/graph/internal/cayleykv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
)

var errCrash = errors.New("crashed")

// crashingKV commits its first n write transactions and fails every later one, as a
// process killed after its n-th commit would.
type crashingKV struct {
	kv.KV
	n, writes int
}

func (c *crashingKV) Tx(ctx context.Context, rw bool) (kv.Tx, error) {
	if rw {
		if c.writes++; c.writes > c.n {
			return nil, errCrash
		}
	}
	return c.KV.Tx(ctx, rw)
}

// TestInitInterrupted stops Init after each of several numbers of committed
// transactions (the first ones, the last ones) and checks that the next Init completes
// the store instead of leaving it unusable: the crash of a first `annals load` during
// the store's creation must not brick the file.
func TestInitInterrupted(t *testing.T) {
	indexes := append(slices.Clone(cayleykv.DefaultQuadIndexes),
		cayleykv.QuadIndex{Dirs: []quad.Direction{quad.Label, quad.Subject}})
	opts := cgraph.Options{"upfront": true}
	// Count the transactions of a whole Init.
	count := &crashingKV{KV: openKV(t), n: 1 << 30}
	if err := cayleykv.Init(count, opts, indexes); err != nil {
		t.Fatal(err)
	}
	total := count.writes
	for _, n := range []int{0, 1, total / 2, total - 2, total - 1} {
		t.Run(fmt.Sprintf("after %d of %d commits", n, total), func(t *testing.T) {
			db := openKV(t)
			if err := cayleykv.Init(&crashingKV{KV: db, n: n}, opts, indexes); !errors.Is(err, errCrash) {
				t.Fatalf("Init did not crash: %v", err)
			}
			if err := cayleykv.Init(db, opts, indexes); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
				t.Fatalf("Init after the crash: %v", err)
			}
			qs, err := cayleykv.New(db, nil)
			if err != nil {
				t.Fatalf("New after the crash: %v", err)
			}
			q := quad.Make(quad.IRI("s"), quad.IRI("p"), quad.String("o"), quad.IRI("entry"))
			if err := apply(t, qs, cgraph.IgnoreOpts{}, []quad.Quad{q}, nil); err != nil {
				t.Fatalf("write after the crash: %v", err)
			}
			if got := all(t, qs); !slices.Equal(got, nquads(q)) {
				t.Errorf("store holds %v", got)
			}
		})
	}
}

func openKV(t *testing.T) kv.KV {
	t.Helper()
	db, err := hbolt.Open(filepath.Join(t.TempDir(), "kv.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.DB().NoSync = true // as annals' initBolt; nothing here outlives the test
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStatsOfEmptyStore: a store created but never written to (a first load killed
// before its first commit) counts 0 quads.
func TestStatsOfEmptyStore(t *testing.T) {
	db := openKV(t)
	if err := cayleykv.Init(db, nil, cayleykv.DefaultQuadIndexes); err != nil {
		t.Fatal(err)
	}
	qs, err := cayleykv.New(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, exact := range []bool{false, true} {
		st, err := qs.Stats(context.Background(), exact)
		if err != nil || st.Quads.Value != 0 {
			t.Errorf("Stats(exact=%v) = %d quads, %v", exact, st.Quads.Value, err)
		}
	}
}
