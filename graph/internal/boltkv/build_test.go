package boltkv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// testBucket is a top-level bucket's name and its keys and values in key order.
type testBucket struct {
	name   []byte
	keys   [][]byte
	values [][]byte
}

// randomBuckets returns buckets of every shape the builder writes: one huge one with
// overflowing values, one with keys long enough for overflowing branch pages, one just
// too large to be inline, one just small enough, many tiny and empty ones.
func randomBuckets(r *rand.Rand) []testBucket {
	page := os.Getpagesize()
	var bs []testBucket
	add := func(name string, n, minKey, maxKey int, value func(i int) int) {
		keys := make(map[string]bool, n)
		for len(keys) < n {
			k := make([]byte, minKey+r.IntN(maxKey-minKey+1))
			for j := range k {
				k[j] = byte(r.IntN(256))
			}
			keys[string(k)] = true
		}
		b := testBucket{name: []byte(name)}
		for k := range keys {
			b.keys = append(b.keys, []byte(k))
		}
		slices.SortFunc(b.keys, bytes.Compare)
		for i := range b.keys {
			v := make([]byte, value(i))
			for j := range v {
				v[j] = byte(r.IntN(256))
			}
			b.values = append(b.values, v)
		}
		bs = append(bs, b)
	}
	add("huge", 120_000, 1, 24, func(i int) int {
		switch {
		case i%5000 == 17:
			return page + r.IntN(4*page) // an overflow page, at times beside another
		case i%7 == 0:
			return 0
		}
		return r.IntN(40)
	})
	add("long keys", 300, 1, 3*page, func(int) int { return r.IntN(10) })
	// A bucket whose one leaf is a quarter page exactly (inline), and one a byte over.
	add("quarter", 1, 1, 1, func(int) int { return page/4 - pageHeaderSize - pageElementSize - 1 })
	add("quarter+1", 1, 1, 1, func(int) int { return page/4 - pageHeaderSize - pageElementSize })
	add("two leaves", 3, 4, 4, func(int) int { return page / 2 })
	for i := range 400 {
		add(fmt.Sprintf("v%c%c", byte(i>>8), byte(i)), r.IntN(6), 1, 8, func(int) int { return r.IntN(20) })
	}
	r.Shuffle(len(bs), func(i, j int) { bs[i], bs[j] = bs[j], bs[i] })
	return bs
}

func build(t testing.TB, path string, bs []testBucket) {
	t.Helper()
	b, err := NewBuilder(path)
	if err != nil {
		t.Fatal(err)
	}
	key, value := make([]byte, 0, 64), make([]byte, 0, 64)
	for _, bk := range bs {
		if err := b.Bucket(bk.name); err != nil {
			t.Fatal(err)
		}
		for i, k := range bk.keys {
			// The builder must copy: the caller's buffers are overwritten after each Put.
			key, value = append(key[:0], k...), append(value[:0], bk.values[i]...)
			if err := b.Put(key, value); err != nil {
				t.Fatal(err)
			}
			clear(key)
			clear(value)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// putThroughBolt writes bs through bbolt's own Put, in key order, one transaction a
// bucket, FillPercent 1.
func putThroughBolt(t testing.TB, path string, bs []testBucket) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, bk := range bs {
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket(bk.name)
			if err != nil {
				return err
			}
			b.FillPercent = 1
			for i, k := range bk.keys {
				if err := b.Put(k, bk.values[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func check(t *testing.T, db *bolt.DB) {
	t.Helper()
	err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("check: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameContents reports the first difference between the buckets of db and bs.
func sameContents(db *bolt.DB, bs []testBucket) error {
	return db.View(func(tx *bolt.Tx) error {
		n := 0
		if err := tx.ForEach(func([]byte, *bolt.Bucket) error { n++; return nil }); err != nil {
			return err
		}
		if n != len(bs) {
			return fmt.Errorf("%d buckets, want %d", n, len(bs))
		}
		for _, bk := range bs {
			b := tx.Bucket(bk.name)
			if b == nil {
				return fmt.Errorf("bucket %q missing", bk.name)
			}
			i := 0
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if i >= len(bk.keys) {
					return fmt.Errorf("bucket %q: key %x beyond the %d put", bk.name, k, len(bk.keys))
				}
				if !bytes.Equal(k, bk.keys[i]) || !bytes.Equal(v, bk.values[i]) {
					return fmt.Errorf("bucket %q: entry %d is %x=%.40x, want %x=%.40x", bk.name, i, k, v, bk.keys[i], bk.values[i])
				}
				i++
			}
			if i != len(bk.keys) {
				return fmt.Errorf("bucket %q: %d keys, want %d", bk.name, i, len(bk.keys))
			}
		}
		return nil
	})
}

// buildLikeBolt builds path from bs and checks that bolt finds it consistent, with
// the contents of bs, and each bucket with the same statistics as bs put through
// bolt; it returns the statistics.
func buildLikeBolt(t *testing.T, path string, bs []testBucket) map[string]bolt.BucketStats {
	t.Helper()
	build(t, path, bs)
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check(t, db)
	if err := sameContents(db, bs); err != nil {
		t.Fatalf("built file: %v", err)
	}
	viaBolt := filepath.Join(t.TempDir(), "bolt.db")
	putThroughBolt(t, viaBolt, bs)
	ref, err := bolt.Open(viaBolt, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	if err := sameContents(ref, bs); err != nil {
		t.Fatalf("file written through bolt: %v", err)
	}
	got, want := stats(t, db), stats(t, ref)
	for name, w := range want {
		if g := got[name]; g != w {
			t.Errorf("bucket %q: statistics %+v; through bolt %+v", name, g, w)
		}
	}
	return got
}

// stats returns bolt's statistics of each bucket of db.
func stats(t *testing.T, db *bolt.DB) map[string]bolt.BucketStats {
	t.Helper()
	s := make(map[string]bolt.BucketStats)
	err := db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s[string(name)] = b.Stats()
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBuilderWritesBoltFile: a file built from random buckets passes bolt's
// consistency check and holds exactly the keys and values put, each bucket with the
// same statistics (pages of each kind, overflow, depth, inline, bytes in use) as the
// same data put through bolt in one transaction a bucket; it then takes
// ordinary bolt writes and still passes the check after reopening.
func TestBuilderWritesBoltFile(t *testing.T) {
	bs := randomBuckets(rand.New(rand.NewPCG(3, 4)))
	built := filepath.Join(t.TempDir(), "built.db")
	got := buildLikeBolt(t, built, bs)
	for _, name := range []string{"quarter", "quarter+1", "huge"} {
		t.Logf("bucket %q: %d leaf pages (+%d overflow), %d inline",
			name, got[name].LeafPageN, got[name].LeafOverflowN, got[name].InlineBucketN)
	}
	if got["quarter"].InlineBucketN != 1 || got["quarter+1"].InlineBucketN != 0 {
		t.Errorf("a bucket of a quarter page is inline %d times, of one byte more %d times; want 1 and 0",
			got["quarter"].InlineBucketN, got["quarter+1"].InlineBucketN)
	}

	db, err := bolt.Open(built, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	bs = writeAfterBuild(t, db, bs)
	db.Close()
	db, err = bolt.Open(built, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check(t, db)
	if err := sameContents(db, bs); err != nil {
		t.Fatalf("after bolt's writes and reopening: %v", err)
	}
	grown := "v\x00\x07"
	if before, after := got[grown].InlineBucketN, stats(t, db)[grown].InlineBucketN; before != 1 || after != 0 {
		t.Errorf("bucket %q inline %d times before bolt's writes, %d after; want 1 and 0", grown, before, after)
	}
}

// writeAfterBuild writes through bolt into the built file: it deletes and adds keys in
// the huge bucket, grows an inline bucket into a bucket of its own, creates a bucket,
// and returns bs with those changes.
func writeAfterBuild(t *testing.T, db *bolt.DB, bs []testBucket) []testBucket {
	t.Helper()
	find := func(name string) *testBucket {
		for i := range bs {
			if string(bs[i].name) == name {
				return &bs[i]
			}
		}
		t.Fatalf("no bucket %q", name)
		return nil
	}
	huge, small := find("huge"), find("v\x00\x07")
	err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(huge.name)
		for i := len(huge.keys) - 1; i >= 0; i -= 3 {
			if err := b.Delete(huge.keys[i]); err != nil {
				return err
			}
			huge.keys = slices.Delete(huge.keys, i, i+1)
			huge.values = slices.Delete(huge.values, i, i+1)
		}
		last := bytes.Repeat([]byte{0xff}, 25) // after every key of up to 24 bytes
		if err := b.Put(last, []byte("last")); err != nil {
			return err
		}
		huge.keys = append(huge.keys, last)
		huge.values = append(huge.values, []byte("last"))

		s := tx.Bucket(small.name)
		for i := range 2000 {
			k := fmt.Appendf(nil, "\xfe%06d", i)
			if err := s.Put(k, []byte("grown")); err != nil {
				return err
			}
			small.keys = append(small.keys, k)
			small.values = append(small.values, []byte("grown"))
		}
		c, err := tx.CreateBucket([]byte("created"))
		if err != nil {
			return err
		}
		if err := c.Put([]byte("k"), []byte("v")); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sortBucket(small)
	return append(bs, testBucket{name: []byte("created"), keys: [][]byte{[]byte("k")}, values: [][]byte{[]byte("v")}})
}

// sortBucket puts b's keys, and their values with them, back in key order.
func sortBucket(b *testBucket) {
	idx := make([]int, len(b.keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int { return bytes.Compare(b.keys[x], b.keys[y]) })
	keys, values := make([][]byte, len(idx)), make([][]byte, len(idx))
	for i, j := range idx {
		keys[i], values[i] = b.keys[j], b.values[j]
	}
	b.keys, b.values = keys, values
}

// TestBuilderSplitsAsBolt: buckets at the edges of bolt's rules for splitting pages
// and for inline buckets have the same pages as when put through bolt.
func TestBuilderSplitsAsBolt(t *testing.T) {
	page := os.Getpagesize()
	// each returns n keys of klen bytes with values of vlen(i) bytes.
	each := func(n, klen int, vlen func(i int) int) testBucket {
		b := testBucket{name: []byte("b")}
		for i := range n {
			k := fmt.Appendf(nil, "%0*d", klen, i)
			b.keys = append(b.keys, k)
			b.values = append(b.values, bytes.Repeat([]byte{byte(i)}, vlen(i)))
		}
		return b
	}
	elem := pageElementSize + 8 // with 8-byte keys
	tests := []struct {
		name    string
		buckets []testBucket
	}{
		{"no buckets", nil},
		{"one empty bucket", []testBucket{{name: []byte("e")}}},
		{"five elements of exactly a page", []testBucket{each(5, 8, func(i int) int {
			v := (page-pageHeaderSize)/5 - elem
			if i == 0 {
				v += (page - pageHeaderSize) % 5
			}
			return v
		})}},
		{"five elements a byte over a page", []testBucket{each(5, 8, func(i int) int {
			v := (page-pageHeaderSize)/5 - elem
			if i == 0 {
				v += (page-pageHeaderSize)%5 + 1
			}
			return v
		})}},
		{"four elements of a page each", []testBucket{each(4, 8, func(int) int { return page })}},
		{"seven elements of a third page", []testBucket{each(7, 8, func(int) int { return page / 3 })}},
		{"values over a page and small ones", []testBucket{each(40, 8, func(i int) int { return (i % 4) * page * 3 / 4 })}},
		{"keys of bolt's largest size", []testBucket{each(9, maxKeySize, func(int) int { return 1 })}},
		{"branches of long keys", []testBucket{each(2000, 700, func(int) int { return 0 })}},
		{"three levels of branches", []testBucket{each(200_000, 120, func(int) int { return 0 })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buildLikeBolt(t, filepath.Join(t.TempDir(), "built.db"), tt.buckets)
		})
	}
}

// TestBuilderRefusesBadInput: keys out of order, a bucket named twice, a key before any
// bucket and an empty key are refused with an error naming what is wrong, and the
// builder goes on: the file it then closes holds everything else.
func TestBuilderRefusesBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.db")
	b, err := NewBuilder(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put([]byte("k"), nil); !errors.Is(err, ErrNoBucket) {
		t.Errorf("put before any bucket: %v, want %v", err, ErrNoBucket)
	}
	steps := []struct {
		name       string
		bucket     string
		key        string
		wantErr    error
		wantSaying string
	}{
		{"first key", "a", "k2", nil, ""},
		{"same key again", "", "k2", ErrKeyOrder, `bucket "a": key 6b32 after 6b32`},
		{"smaller key", "", "k1", ErrKeyOrder, `bucket "a": key 6b31 after 6b32`},
		{"empty key", "", "", ErrEmptyKey, `bucket "a": put: empty key`},
		{"next key", "", "k3", nil, ""},
		{"second bucket", "b", "k0", nil, ""},
		{"first bucket again", "a", "", ErrBucketTwice, `bucket "a": bucket given twice`},
	}
	for _, s := range steps {
		var err error
		if s.bucket != "" {
			err = b.Bucket([]byte(s.bucket))
		}
		if err == nil && s.key != "" || s.bucket == "" {
			err = b.Put([]byte(s.key), []byte("v"))
		}
		if !errors.Is(err, s.wantErr) || err != nil && !bytes.Contains([]byte(err.Error()), []byte(s.wantSaying)) {
			t.Errorf("%s: error %v, want %v saying %q", s.name, err, s.wantErr, s.wantSaying)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Put([]byte("z"), nil); !errors.Is(err, ErrBuilderFinished) {
		t.Errorf("put after close: %v, want %v", err, ErrBuilderFinished)
	}
	b.Abort() // after a successful Close: leaves the file
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := []testBucket{
		{name: []byte("a"), keys: [][]byte{[]byte("k2"), []byte("k3")}, values: [][]byte{[]byte("v"), []byte("v")}},
		{name: []byte("b"), keys: [][]byte{[]byte("k0")}, values: [][]byte{[]byte("v")}},
	}
	if err := sameContents(db, want); err != nil {
		t.Error(err)
	}
}

// TestBuilderAbortRemovesFile: Abort removes the file, however far the build went.
func TestBuilderAbortRemovesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aborted.db")
	b, err := NewBuilder(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Bucket([]byte("a")); err != nil {
		t.Fatal(err)
	}
	for i := range 10_000 {
		if err := b.Put(fmt.Appendf(nil, "%08d", i), make([]byte, 100)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("before Abort: %v", err)
	}
	b.Abort()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Abort: stat %s: %v, want it gone", path, err)
	}
	if err := b.Bucket([]byte("b")); !errors.Is(err, ErrBuilderFinished) {
		t.Errorf("bucket after Abort: %v, want %v", err, ErrBuilderFinished)
	}
}

// benchBuckets are the buckets of the benchmarks: a million keys of 17 bytes in one bucket
// with values of 8, as Cayley's indexes hold quads, and 4096 small buckets of three.
func benchBuckets() []testBucket {
	r := rand.New(rand.NewPCG(5, 6))
	big := testBucket{name: []byte("big")}
	for i := range 1 << 20 {
		k := make([]byte, 17)
		k[0] = 'x'
		for j := 1; j < 17; j += 8 {
			v := r.Uint64()
			if j == 1 {
				v = uint64(i)<<24 | v&0xffffff // increasing, random below
			}
			for s := range 8 {
				k[j+s] = byte(v >> (56 - 8*s))
			}
		}
		big.keys = append(big.keys, k)
		big.values = append(big.values, k[9:])
	}
	bs := []testBucket{big}
	for i := range 4096 {
		b := testBucket{name: []byte{'v', byte(i >> 8), byte(i)}}
		for j := range 3 {
			b.keys = append(b.keys, []byte{byte(j), 'k'})
			b.values = append(b.values, []byte{'v', byte(j)})
		}
		bs = append(bs, b)
	}
	return bs
}

func countKeys(bs []testBucket) (n int) {
	for _, b := range bs {
		n += len(b.keys)
	}
	return n
}

// BenchmarkBuilder: keys a second written into a new file by the Builder.
func BenchmarkBuilder(b *testing.B) {
	bs := benchBuckets()
	path := filepath.Join(b.TempDir(), "bench.db")
	b.ResetTimer()
	for range b.N {
		build(b, path, bs)
	}
	b.ReportMetric(float64(countKeys(bs)*b.N)/b.Elapsed().Seconds(), "keys/s")
}

// BenchmarkBboltSortedPut: the same keys a second put through bbolt in key order, in
// transactions of 16 MB of keys and values, FillPercent 1.
func BenchmarkBboltSortedPut(b *testing.B) {
	bs := benchBuckets()
	path := filepath.Join(b.TempDir(), "bench.db")
	b.ResetTimer()
	for range b.N {
		os.Remove(path)
		db, err := bolt.Open(path, 0o644, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := putInTransactions(db, bs, 16<<20); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(countKeys(bs)*b.N)/b.Elapsed().Seconds(), "keys/s")
}

// putInTransactions puts bs into db in key order, committing whenever the keys and
// values of a transaction reach limit bytes.
func putInTransactions(db *bolt.DB, bs []testBucket, limit int) error {
	tx, err := db.Begin(true)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	size := 0
	for _, bk := range bs {
		var bucket *bolt.Bucket
		for i, k := range bk.keys {
			if size >= limit {
				if err := tx.Commit(); err != nil {
					return err
				}
				if tx, err = db.Begin(true); err != nil {
					return err
				}
				size, bucket = 0, nil
			}
			if bucket == nil {
				if bucket, err = tx.CreateBucketIfNotExists(bk.name); err != nil {
					return err
				}
				bucket.FillPercent = 1
			}
			if err := bucket.Put(k, bk.values[i]); err != nil {
				return err
			}
			size += len(k) + len(bk.values[i])
		}
	}
	return tx.Commit()
}

// TestBuilderMemoryIsBounded: the builder streams pages to the file: building 64 MB of
// keys and values leaves the heap less than a tenth of that larger.
func TestBuilderMemoryIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.db")
	b, err := NewBuilder(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Abort()
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	if err := b.Bucket([]byte("big")); err != nil {
		t.Fatal(err)
	}
	const n, size = 1 << 19, 128
	key, value := make([]byte, 8), make([]byte, size-8)
	for i := range n {
		binary.BigEndian.PutUint64(key, uint64(i))
		value[i%len(value)] = byte(i)
		if err := b.Put(key, value); err != nil {
			t.Fatal(err)
		}
	}
	if grown := int64(heap()) - int64(before); grown > n*size/10 {
		t.Errorf("heap grew by %d bytes while building %d bytes of keys and values", grown, n*size)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() < n*size {
		t.Errorf("file of %v bytes (%v), want at least %d", fi.Size(), err, n*size)
	}
}

// TestUnfinishedBuildIsNoBoltFile: a file whose build has not reached Close (its pages
// flushed by a full buffer) is refused by bolt rather than read as a partial store.
func TestUnfinishedBuildIsNoBoltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unfinished.db")
	b, err := NewBuilder(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Abort()
	if err := b.Bucket([]byte("a")); err != nil {
		t.Fatal(err)
	}
	for i := range 50_000 {
		if err := b.Put(binary.BigEndian.AppendUint64(nil, uint64(i)), make([]byte, 64)); err != nil {
			t.Fatal(err)
		}
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err == nil {
		db.Close()
		t.Fatal("bolt opened a file whose build had not finished")
	}
	if !errors.Is(err, bolt.ErrInvalid) {
		t.Errorf("bolt.Open: %v, want %v", err, bolt.ErrInvalid)
	}
}
