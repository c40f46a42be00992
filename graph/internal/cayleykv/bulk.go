package cayleykv

// annals fix 13: a bulk writer for a store nothing was ever written to. A large first
// load through ApplyDeltas puts each value, quad and index entry into bolt's B-trees in
// hash or id order, transaction after transaction: every commit rewrites the pages of
// most value buckets and indexes again, and its cost grows with the store. Bulk holds
// the documents' quads in memory as ids (values resolved once, by hash), then gives
// each bucket of the new store once, in key order, to a sink (boltkv.Builder writes
// them as a new bolt file, bottom-up). The store has the same buckets, keys and values
// as one ApplyDeltas of each Add's deltas would write.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
	"google.golang.org/protobuf/encoding/protowire"
)

// ErrNotPristine is Bulk's answer for a store that something was written to (even if
// it was removed since): its buckets may hold keys a bulk write would overwrite.
var ErrNotPristine = errors.New("the store has been written to: a bulk load needs a new store")

// Bulk gathers the quads of documents for the store a pristine store becomes
// (WriteTo). Add and WriteTo are not safe for concurrent use; ValueIDs is, with either.
type Bulk struct {
	qs    *QuadStore
	mu    sync.RWMutex              // guards ids and vals' growth: ValueIDs runs beside Add
	ids   map[refs.ValueHash]uint32 // 1 + the value's index in vals
	vals  chunks[bulkValue]
	data  [][]byte // the values' encodings (pquads), in blocks
	quads chunks[bulkQuad]
	segs  []bulkSeg // the ids given, in order
	next  uint64    // the next id to give
}

// bulkValue is a value the bulk writes: its hash, id, encoding (data[blk][off:off+n])
// and how many of the quads written use it (Cayley's reference count).
type bulkValue struct {
	hash     refs.ValueHash
	n        uint32
	id       uint64
	blk, off uint32
	refs     uint64
}

// chunks is a growing array kept in blocks of 1<<chunkBits: growing it never copies what it
// holds (an array of tens of millions of quads copied at each growth took a tenth of a
// load's CPU).
type chunks[T any] struct {
	blocks [][]T
	n      int
}

const chunkBits = 16

func (c *chunks[T]) append(x T) {
	if c.n>>chunkBits == len(c.blocks) {
		c.blocks = append(c.blocks, make([]T, 0, 1<<chunkBits))
	}
	last := &c.blocks[len(c.blocks)-1]
	*last = append(*last, x)
	c.n++
}

func (c *chunks[T]) at(i int) *T { return &c.blocks[i>>chunkBits][i&(1<<chunkBits-1)] }

func (c *chunks[T]) len() int { return c.n }

// encoding is v's encoding.
func (b *Bulk) encoding(v *bulkValue) []byte { return b.data[v.blk][v.off : v.off+v.n] }

// keep stores enc in the data blocks and returns where.
func (b *Bulk) keep(enc []byte) (blk, off uint32) {
	const block = 1 << 20
	if len(b.data) == 0 || len(b.data[len(b.data)-1])+len(enc) > cap(b.data[len(b.data)-1]) {
		b.data = append(b.data, make([]byte, 0, max(block, len(enc))))
	}
	last := &b.data[len(b.data)-1]
	off = uint32(len(*last))
	*last = append(*last, enc...)
	return uint32(len(b.data) - 1), off
}

// bulkQuad is a quad: for each direction 1 + its value's index in vals (0: none).
// Values are given ids in the order they are added, so the indexes order the values as
// their ids do.
type bulkQuad struct {
	v  [4]uint32
	id uint64
}

// bulkSeg is a run of consecutive ids given by one Add: to its new values (vals[at:at+n])
// or to its quads (quads[at:at+n]), with the time it was added.
type bulkSeg struct {
	values bool
	at, n  int
	ts     int64
}

// NewBulk starts a bulk write into qs, which must be pristine (ErrNotPristine).
func NewBulk(qs *QuadStore) (*Bulk, error) {
	if err := qs.pristine(context.TODO()); err != nil {
		return nil, err
	}
	return &Bulk{qs: qs, ids: make(map[refs.ValueHash]uint32), next: 1}, nil
}

// pristine fails with ErrNotPristine unless no id was ever given in qs.
func (qs *QuadStore) pristine(ctx context.Context) error {
	h, err := qs.getMetaInt(ctx, "horizon")
	if errors.Is(err, ErrNoBucket) {
		return nil
	} else if err != nil {
		return err
	}
	if h != 0 {
		return ErrNotPristine
	}
	return nil
}

// Quads is how many quads were added (duplicates included).
func (b *Bulk) Quads() int { return b.quads.len() }

// Add adds the quads of in, all additions, with their values' hashes (HashDeltas; nil:
// computed here). As in one ApplyDeltas, the values new to the bulk are given ids
// first, then the quads; a quad added twice is written once. On error the bulk is as
// it was.
func (b *Bulk) Add(in []graph.Delta, h *Hashes) error {
	if h == nil {
		h = HashDeltas(in)
	} else if h.Len() != len(in) {
		return fmt.Errorf("cayleykv: %d hashes for %d deltas", h.Len(), len(in))
	}
	if b.quads.len()+len(in) > math.MaxUint32 {
		return errors.New("cayleykv: a bulk write holds at most 2^32-1 quads")
	}
	ts := time.Now().UnixNano()
	local := make([]uint32, len(h.vals)) // 1 + index in b.vals of each of h.vals
	// New values are given ids in the order of their hashes, as ApplyDeltas does.
	type newValue struct {
		k    uint32 // 1 + index in h.vals
		i, j int    // where in: in[i]'s direction j
	}
	var fresh []newValue
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range in {
		if in[i].Action != graph.Add {
			return fmt.Errorf("cayleykv: a bulk write only adds quads (delta %d removes %v)", i, in[i].Quad)
		}
		for j := range quad.Directions {
			k := h.quads[i][j]
			if k == 0 || local[k-1] != 0 {
				continue
			}
			if x, ok := b.ids[h.vals[k-1]]; ok {
				local[k-1] = x
			} else {
				local[k-1] = math.MaxUint32 // new: given below
				fresh = append(fresh, newValue{k: k, i: i, j: j})
			}
		}
	}
	if b.vals.len()+len(fresh) >= math.MaxUint32 {
		return errors.New("cayleykv: a bulk write holds at most 2^32-2 values")
	}
	slices.SortFunc(fresh, func(x, y newValue) int { return bytes.Compare(h.vals[x.k-1][:], h.vals[y.k-1][:]) })
	encs := make([][]byte, len(fresh)) // all made before the bulk changes: an error leaves it as it was
	for n, f := range fresh {
		var err error
		if encs[n], err = pquads.MarshalValue(in[f.i].Quad.Get(quad.Directions[f.j])); err != nil {
			return err
		}
	}
	vseg := bulkSeg{values: true, at: b.vals.len(), n: len(fresh), ts: ts}
	for n, f := range fresh {
		enc := encs[n]
		hash := h.vals[f.k-1]
		blk, off := b.keep(enc)
		b.vals.append(bulkValue{hash: hash, n: uint32(len(enc)), id: b.next, blk: blk, off: off})
		b.next++
		x := uint32(b.vals.len())
		b.ids[hash] = x
		local[f.k-1] = x
	}
	if vseg.n > 0 {
		b.segs = append(b.segs, vseg)
	}
	qseg := bulkSeg{at: b.quads.len(), n: len(in), ts: ts}
	for i := range in {
		q := bulkQuad{id: b.next}
		for j := range q.v {
			if k := h.quads[i][j]; k != 0 {
				q.v[j] = local[k-1]
			}
		}
		b.quads.append(q)
		b.next++
	}
	if qseg.n > 0 {
		b.segs = append(b.segs, qseg)
	}
	return nil
}

// ValueIDs returns the ids the bulk gave vals (0 for a value it does not hold): the
// store's ids once it is written.
func (b *Bulk) ValueIDs(vals []quad.Value) []uint64 {
	out := make([]uint64, len(vals))
	b.mu.RLock()
	defer b.mu.RUnlock()
	for i, v := range vals {
		if v == nil {
			continue
		}
		if x, ok := b.ids[refs.HashOf(v)]; ok {
			out[i] = b.vals.at(int(x - 1)).id
		}
	}
	return out
}

// BulkSink receives the buckets of a store a bulk writes (boltkv.Builder writes them
// as a new bolt file): each top-level bucket once, its keys in increasing order. It
// keeps no key or value after Put returns.
type BulkSink interface {
	Bucket(name []byte) error
	Put(key, value []byte) error
}

// WriteTo writes the store qs becomes with what was added to sink, whole: every bucket
// of qs (which holds none of the store's quads: it is pristine) with the quads, the
// values and their indexes, and the meta bucket with the store's size, id horizon and
// the next generation, whose change log names every label. qs itself is not written:
// the caller puts the new store in its place. It returns how many quads the store
// holds (a quad added twice once). Call it once.
func (b *Bulk) WriteTo(ctx context.Context, sink BulkSink) (written int, err error) {
	qs := b.qs
	qs.writer.Lock()
	defer qs.writer.Unlock()
	if err := qs.pristine(ctx); err != nil {
		return 0, err
	}
	meta, err := qs.metaEntries(ctx)
	if err != nil {
		return 0, err
	}
	qs.indexes.RLock()
	indexes := slices.Clone(qs.indexes.all)
	qs.indexes.RUnlock()
	if len(indexes) == 0 {
		return 0, errors.New("cayleykv: the store has no quad index")
	}
	// The first index's sort, on every direction, finds the duplicates.
	keys := make([]bulkKey, 0, b.quads.len())
	keys = b.sortedKeys(keys, indexes[0], true)
	dup := markDuplicates(keys)
	written = b.quads.len() - len(dup)
	b.mu.Lock() // ValueIDs reads vals' ids beside: their counts are set apart
	for pos := range b.quads.len() {
		if _, ok := dup[uint64(pos)]; ok {
			continue
		}
		for _, x := range b.quads.at(pos).v {
			if x != 0 {
				b.vals.at(int(x-1)).refs++
			}
		}
	}
	b.mu.Unlock()
	w := &bulkWriter{ctx: ctx, sink: sink}
	if err := b.writeLog(w, dup); err != nil {
		return 0, err
	}
	for i, ind := range indexes {
		if i > 0 {
			keys = b.sortedKeys(keys[:0], ind, false)
		}
		if err := b.writeIndex(w, ind, keys, dup); err != nil {
			return 0, err
		}
	}
	keys = nil
	if err := b.writeValues(w); err != nil {
		return 0, err
	}

	return written, b.writeMeta(w, meta, written)
}

// metaEntries is every key and value of qs's meta bucket.
func (qs *QuadStore) metaEntries(ctx context.Context) (map[string][]byte, error) {
	out := make(map[string][]byte)
	err := kv.View(ctx, qs.db, func(tx kv.Tx) error {
		it := tx.Scan(ctx, options.WithPrefixKV(metaBucket))
		defer it.Close()
		for it.Next(ctx) {
			k := it.Key()
			out[string(k[len(k)-1])] = bytes.Clone(it.Val())
		}
		return it.Err()
	})
	return out, err
}

// writeMeta writes the meta bucket: meta (the store's) with the store's size and id
// horizon, and the next generation, whose change log names every label.
func (b *Bulk) writeMeta(w *bulkWriter, meta map[string][]byte, written int) error {
	le := func(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
	meta["size"], meta["horizon"] = le(uint64(written)), le(b.next-1)
	var gen uint64
	if v, ok := meta[string(keyGeneration[1])]; ok {
		if len(v) != 8 {
			return errors.New("cayleykv: bad generation record")
		}
		gen = binary.BigEndian.Uint64(v)
	}
	gen++
	meta[string(keyGeneration[1])] = binary.BigEndian.AppendUint64(nil, gen)
	meta[string(logKey(gen)[1])] = EncodeChanges(nil, true)
	if err := w.bucket(metaBucket[0]); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		if err := w.put([]byte(k), meta[k]); err != nil {
			return err
		}
	}
	return nil
}

// bulkKey is a quad's key in an index (its values' indexes in the index's directions,
// then, for the duplicates' sort, in the others; two in each word, the first high) and
// its index in quads.
type bulkKey struct {
	hi, lo uint64
	pos    uint32
}

// part is the key's i-th value index.
func (e *bulkKey) part(i int) uint32 {
	if i < 2 {
		return uint32(e.hi >> (32 * (1 - i)))
	}
	return uint32(e.lo >> (32 * (3 - i)))
}

// samePrefix reports whether e and f have the same first n value indexes.
func (e *bulkKey) samePrefix(f *bulkKey, n int) bool {
	switch n {
	case 1:
		return e.hi>>32 == f.hi>>32
	case 2:
		return e.hi == f.hi
	case 3:
		return e.hi == f.hi && e.lo>>32 == f.lo>>32
	}
	return e.hi == f.hi && e.lo == f.lo
}

// sortedKeys appends to keys the key in index ind of every quad, sorted (by position
// among equal keys); with all, the key holds the other directions too.
func (b *Bulk) sortedKeys(keys []bulkKey, ind QuadIndex, all bool) []bulkKey {
	var order [4]int // direction indexes, the index's first
	n := 0
	for _, d := range ind.Dirs {
		order[n] = dirIndex(d)
		n++
	}
	if all {
		for j, d := range quad.Directions {
			if !hasDir(ind.Dirs, d) {
				order[n] = j
				n++
			}
		}
	}
	for pos := range b.quads.len() {
		q := b.quads.at(pos)
		var k [4]uint64
		for i := range n {
			k[i] = uint64(q.v[order[i]])
		}
		keys = append(keys, bulkKey{hi: k[0]<<32 | k[1], lo: k[2]<<32 | k[3], pos: uint32(pos)})
	}
	slices.SortFunc(keys, func(a, b bulkKey) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		return cmp.Compare(a.pos, b.pos)
	})
	return keys
}

func dirIndex(d quad.Direction) int {
	for j, x := range quad.Directions {
		if x == d {
			return j
		}
	}
	panic(fmt.Sprintf("cayleykv: direction %v", d))
}

// markDuplicates returns the positions in quads of the quads of keys (sorted on every direction)
// that repeat an earlier one.
func markDuplicates(keys []bulkKey) map[uint64]struct{} {
	dup := make(map[uint64]struct{})
	for i := 1; i < len(keys); i++ {
		if keys[i].hi == keys[i-1].hi && keys[i].lo == keys[i-1].lo {
			dup[uint64(keys[i].pos)] = struct{}{}
		}
	}
	return dup
}

// id is the id of the value of index x (1 + its index in vals; 0: none).
func (b *Bulk) id(x uint32) uint64 {
	if x == 0 {
		return 0
	}
	return b.vals.at(int(x - 1)).id
}

// writeLog writes Cayley's log: each value and quad in id order.
func (b *Bulk) writeLog(w *bulkWriter, dup map[uint64]struct{}) error {
	bucket := []byte(LogBucket)
	if err := w.bucket(bucket); err != nil {
		return err
	}
	var k [8]byte
	for _, s := range b.segs {
		for i := s.at; i < s.at+s.n; i++ {
			var p cproto.Primitive
			p.Timestamp = s.ts
			if s.values {
				v := b.vals.at(i)
				p.ID, p.Value = v.id, b.encoding(v)
			} else {
				if _, ok := dup[uint64(i)]; ok {
					continue
				}
				q := b.quads.at(i)
				p.ID = q.id
				p.Subject, p.Predicate, p.Object, p.Label = b.id(q.v[0]), b.id(q.v[1]), b.id(q.v[2]), b.id(q.v[3])
			}
			quadKeyEnc.PutUint64(k[:], p.ID)
			w.buf = appendPrimitive(w.buf[:0], &p)
			if err := w.put(k[:], w.buf); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeIndex writes index ind from keys, sorted by sortedKeys: for each key, the ids of
// its quads in increasing order, as uvarints.
func (b *Bulk) writeIndex(w *bulkWriter, ind QuadIndex, keys []bulkKey, dup map[uint64]struct{}) error {
	bucket := ind.bucket()[0]
	if err := w.bucket(bucket); err != nil {
		return err
	}
	nd := len(ind.Dirs)
	var (
		ids []uint64
		k   [8 * 4]byte
	)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j].samePrefix(&keys[i], nd) {
			j++
		}
		ids = ids[:0]
		for _, e := range keys[i:j] {
			if _, ok := dup[uint64(e.pos)]; !ok {
				ids = append(ids, b.quads.at(int(e.pos)).id)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids) // the duplicates' sort orders a key's quads by their other values
			for d := range nd {
				quadKeyEnc.PutUint64(k[8*d:], b.id(keys[i].part(d)))
			}
			w.buf = w.buf[:0]
			for _, id := range ids {
				w.buf = binary.AppendUvarint(w.buf, id)
			}
			if err := w.put(k[:8*nd], w.buf); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// writeValues writes the values' buckets, every one of them (Cayley creates them all
// up front): each value's id by hash, then its reference count by hash.
func (b *Bulk) writeValues(w *bulkWriter) error {
	order := make([]uint32, b.vals.len()) // vals by hash; vals stay as they are, for ValueIDs
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return bytes.Compare(b.vals.at(int(x)).hash[:], b.vals.at(int(y)).hash[:]) })
	for _, refsOnly := range []bool{false, true} {
		next := 0 // in order
		for h := range 1 << 16 {
			h0, h1 := byte(h>>8), byte(h)
			bucket := bucketForVal(h0, h1)[0]
			if refsOnly {
				bucket = bucketForValRefs(h0, h1)[0]
			}
			if err := w.bucket(bucket); err != nil {
				return err
			}
			for ; next < len(order); next++ {
				v := b.vals.at(int(order[next]))
				if v.hash[0] != h0 || v.hash[1] != h1 {
					break
				}
				n := v.id
				if refsOnly {
					n = v.refs
				}
				w.buf = binary.AppendUvarint(w.buf[:0], n)
				if err := w.put(v.hash[:], w.buf); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// appendPrimitive appends p's protocol buffer encoding to b, the bytes proto.Marshal
// gives (fields in number order, zero values left out).
func appendPrimitive(b []byte, p *cproto.Primitive) []byte {
	for _, f := range []struct {
		num protowire.Number
		v   uint64
	}{{1, p.ID}, {2, p.Subject}, {3, p.Predicate}, {4, p.Object}, {5, p.Label}, {6, p.Replaces}, {7, uint64(p.Timestamp)}} {
		if f.v != 0 {
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, f.v)
		}
	}
	if len(p.Value) > 0 {
		b = protowire.AppendTag(b, 8, protowire.BytesType)
		b = protowire.AppendBytes(b, p.Value)
	}
	if p.Deleted {
		b = protowire.AppendTag(b, 9, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	return b
}

// bulkWriter gives a sink its buckets, checking the context now and then.
type bulkWriter struct {
	ctx  context.Context
	sink BulkSink
	buf  []byte // a value being encoded; the sink keeps none
	n    int    // keys put
}

func (w *bulkWriter) bucket(name []byte) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.sink.Bucket(name)
}

func (w *bulkWriter) put(key, val []byte) error {
	if w.n++; w.n%(1<<16) == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	return w.sink.Put(key, val)
}
