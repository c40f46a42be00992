package boltkv

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/hidal-go/hidalgo/kv"
	bolt "go.etcd.io/bbolt"
)

// TestLoadedPagesAreFull: a transaction that writes many new keys in random order, as
// a load writes Cayley's indexes, leaves its bucket's leaf pages at least three
// quarters full (bolt's default split left them about half full), and every key reads
// back.
func TestLoadedPagesAreFull(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 50_000
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([][]byte, n)
	err = kv.Update(ctx, db, func(tx kv.Tx) error {
		for i := range keys {
			keys[i] = binary.BigEndian.AppendUint64(nil, r.Uint64())
			if err := tx.Put(ctx, kv.Key{[]byte("ops"), keys[i]}, binary.AppendUvarint(nil, uint64(i))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.DB().View(func(tx *bolt.Tx) error {
		st := tx.Bucket([]byte("ops")).Stats()
		if st.KeyN != n {
			t.Errorf("%d keys in the bucket, want %d", st.KeyN, n)
		}
		if fill := float64(st.LeafInuse) / float64(st.LeafAlloc); fill < 0.75 {
			t.Errorf("leaf pages %.2f full, want at least 0.75", fill)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = kv.View(ctx, db, func(tx kv.Tx) error {
		for i, k := range keys {
			v, err := tx.Get(ctx, kv.Key{[]byte("ops"), k})
			if err != nil {
				return err
			}
			if got, _ := binary.Uvarint(v); got != uint64(i) {
				t.Fatalf("key %d reads %d", i, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAppendOnlyPagesAreWhole: in a bucket named AppendOnly, keys written in increasing
// order over several transactions fill its leaf pages whole.
func TestAppendOnlyPagesAreWhole(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.AppendOnly = []string{"log"}
	id := uint64(0)
	for range 5 {
		err = kv.Update(ctx, db, func(tx kv.Tx) error {
			for range 20_000 {
				id++
				if err := tx.Put(ctx, kv.Key{[]byte("log"), binary.BigEndian.AppendUint64(nil, id)}, []byte("a quad of about forty bytes, encoded")); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err = db.DB().View(func(tx *bolt.Tx) error {
		st := tx.Bucket([]byte("log")).Stats()
		if fill := float64(st.LeafInuse) / float64(st.LeafAlloc); fill < 0.95 {
			t.Errorf("leaf pages %.2f full, want at least 0.95", fill)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
