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
	db := openTemp(t)
	const n = 50_000
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([][]byte, n)
	for i := range keys {
		keys[i] = binary.BigEndian.AppendUint64(nil, r.Uint64())
	}
	putAll(t, db, "ops", keys, func(i int) []byte { return binary.AppendUvarint(nil, uint64(i)) })
	if got, fill := leafFill(t, db, "ops"); got != n || fill < 0.75 {
		t.Errorf("%d keys in the bucket, leaf pages %.2f full; want %d keys, at least 0.75 full", got, fill, n)
	}
	err := kv.View(ctx, db, func(tx kv.Tx) error {
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
	db := openTemp(t)
	db.AppendOnly = []string{"log"}
	id := uint64(0)
	for range 5 {
		keys := make([][]byte, 20_000)
		for i := range keys {
			id++
			keys[i] = binary.BigEndian.AppendUint64(nil, id)
		}
		putAll(t, db, "log", keys, func(int) []byte { return []byte("a quad of about forty bytes, encoded") })
	}
	if _, fill := leafFill(t, db, "log"); fill < 0.95 {
		t.Errorf("leaf pages %.2f full, want at least 0.95", fill)
	}
}

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// putAll writes keys into bucket in one transaction, the i-th with the value val(i).
func putAll(t *testing.T, db *DB, bucket string, keys [][]byte, val func(i int) []byte) {
	t.Helper()
	ctx := context.Background()
	err := kv.Update(ctx, db, func(tx kv.Tx) error {
		for i, k := range keys {
			if err := tx.Put(ctx, kv.Key{[]byte(bucket), k}, val(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// leafFill is how many keys bucket holds and how full its leaf pages are.
func leafFill(t *testing.T, db *DB, bucket string) (keys int, fill float64) {
	t.Helper()
	err := db.DB().View(func(tx *bolt.Tx) error {
		st := tx.Bucket([]byte(bucket)).Stats()
		keys, fill = st.KeyN, float64(st.LeafInuse)/float64(st.LeafAlloc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, fill
}
