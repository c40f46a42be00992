package cayleykv

// annals fix 13: a bulk writer for a store nothing was ever written to. A large first
// load through ApplyDeltas puts each value, quad and index entry into bolt's B-trees in
// hash or id order, transaction after transaction: every commit rewrites the pages of
// most value buckets and indexes again, and its cost grows with the store. Bulk holds
// the documents' quads in memory as ids (values resolved once, by hash), then writes
// each bucket once, in key order, in transactions of a bounded size: bolt only ever
// appends to the right edge of a bucket. The file has the same buckets, keys and
// values as one ApplyDeltas of the same deltas would write.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/cayleygraph/cayley/graph"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/hidal-go/hidalgo/kv"
	"google.golang.org/protobuf/encoding/protowire"
)

// ErrNotPristine is Bulk's answer for a store that something was written to (even if
// it was removed since): its buckets may hold keys a bulk write would overwrite.
var ErrNotPristine = errors.New("the store has been written to: a bulk load needs a new store")

// keyBulk marks a store a bulk write is filling: set by its first commit, removed by
// its last. A store that holds it was left by a bulk write that did not finish, into a
// store that held nothing (BulkUnfinished).
var keyBulk = metaBucket.AppendBytes([]byte("annals_bulk"))

// Bulk gathers the quads of documents for one write into a pristine store (Write).
// It is not safe for concurrent use.
type Bulk struct {
	qs    *QuadStore
	ids   map[refs.ValueHash]uint32 // 1 + the value's index in vals
	vals  []bulkValue
	data  []byte // the values' encodings (pquads), one after the other
	quads []bulkQuad
	segs  []bulkSeg // the ids given, in order
	next  uint64    // the next id to give
}

// bulkValue is a value the bulk writes: its hash, id, encoding (data[off:off+n]) and
// how many of the quads written use it (Cayley's reference count).
type bulkValue struct {
	hash refs.ValueHash
	n    uint32
	id   uint64
	off  uint64
	refs uint64
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
func (b *Bulk) Quads() int { return len(b.quads) }

// Add adds the quads of in, all additions, with their values' hashes (HashDeltas; nil:
// computed here). As in one ApplyDeltas, the values new to the bulk are given ids
// first, then the quads; a quad added twice is written once.
func (b *Bulk) Add(in []graph.Delta, h *Hashes) error {
	if h == nil {
		h = HashDeltas(in)
	} else if h.Len() != len(in) {
		return fmt.Errorf("cayleykv: %d hashes for %d deltas", h.Len(), len(in))
	}
	if len(b.quads)+len(in) > math.MaxUint32 {
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
	if len(b.vals)+len(fresh) >= math.MaxUint32 {
		return errors.New("cayleykv: a bulk write holds at most 2^32-2 values")
	}
	slices.SortFunc(fresh, func(x, y newValue) int { return bytes.Compare(h.vals[x.k-1][:], h.vals[y.k-1][:]) })
	vseg := bulkSeg{values: true, at: len(b.vals), n: len(fresh), ts: ts}
	for _, f := range fresh {
		enc, err := pquads.MarshalValue(in[f.i].Quad.Get(quad.Directions[f.j]))
		if err != nil {
			return err
		}
		hash := h.vals[f.k-1]
		b.vals = append(b.vals, bulkValue{hash: hash, n: uint32(len(enc)), id: b.next, off: uint64(len(b.data))})
		b.data = append(b.data, enc...)
		b.next++
		x := uint32(len(b.vals))
		b.ids[hash] = x
		local[f.k-1] = x
	}
	if vseg.n > 0 {
		b.segs = append(b.segs, vseg)
	}
	qseg := bulkSeg{at: len(b.quads), n: len(in), ts: ts}
	for i := range in {
		q := bulkQuad{id: b.next}
		for j := range q.v {
			if k := h.quads[i][j]; k != 0 {
				q.v[j] = local[k-1]
			}
		}
		b.quads = append(b.quads, q)
		b.next++
	}
	if qseg.n > 0 {
		b.segs = append(b.segs, qseg)
	}
	return nil
}

// Write writes what was added into the store, in transactions of about txBytes bytes
// of keys and values each, and returns how many quads it wrote (duplicates once). The
// first commit marks the store as being filled and the last removes the mark with the
// store's size, id horizon and generation, so that a write that stops between them
// leaves a store BulkUnfinished reports. Call it once.
func (b *Bulk) Write(ctx context.Context, txBytes int) (written int, err error) {
	qs := b.qs
	qs.writer.Lock()
	defer qs.writer.Unlock()
	if err := qs.pristine(ctx); err != nil {
		return 0, err
	}
	qs.beginWrite()
	defer func() {
		// what the store's write caches know of it (an empty store) is no longer true
		qs.forgetTx()
		qs.mapBloom, qs.mapNodes = nil, nil
		qs.exists.built = false
		qs.endWrite(false)
	}()
	w := &bulkWriter{ctx: ctx, db: qs.db, limit: txBytes, key: make(kv.Key, 2), qs: qs}
	defer w.close()
	if err := w.put(keyBulk, []byte{1}); err != nil {
		return 0, err
	}
	if err := w.commit(); err != nil {
		return 0, err
	}

	qs.indexes.RLock()
	indexes := slices.Clone(qs.indexes.all)
	qs.indexes.RUnlock()
	if len(indexes) == 0 {
		return 0, errors.New("cayleykv: the store has no quad index")
	}
	// The first index's sort, on every direction, finds the duplicates.
	keys := make([]bulkKey, 0, len(b.quads))
	keys = b.sortedKeys(keys, indexes[0], true)
	dup := markDuplicates(keys)
	written = len(b.quads) - len(dup)
	for pos, q := range b.quads {
		if _, ok := dup[uint64(pos)]; ok {
			continue
		}
		for _, x := range q.v {
			if x != 0 {
				b.vals[x-1].refs++
			}
		}
	}
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

	var buf [8]byte
	for _, kvp := range []struct {
		key string
		val uint64
	}{{"size", uint64(written)}, {"horizon", b.next - 1}} {
		binary.LittleEndian.PutUint64(buf[:], kvp.val)
		if err := w.put(metaBucket.AppendBytes([]byte(kvp.key)), bytes.Clone(buf[:])); err != nil {
			return 0, err
		}
	}
	if err := w.begin(); err != nil {
		return 0, err
	}
	if err := logChanges(ctx, w.tx, nil, true); err != nil {
		return 0, err
	}
	if err := w.tx.Del(ctx, keyBulk); err != nil {
		return 0, err
	}
	if err := w.commit(); err != nil {
		return 0, err
	}
	return written, nil
}

// bulkKey is a quad's key in an index (its values' indexes in the index's directions,
// then, for the duplicates' sort, in the others) and its index in quads.
type bulkKey struct {
	k   [4]uint32
	pos uint32
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
	for pos, q := range b.quads {
		e := bulkKey{pos: uint32(pos)}
		for i := range n {
			e.k[i] = q.v[order[i]]
		}
		keys = append(keys, e)
	}
	slices.SortFunc(keys, func(a, b bulkKey) int {
		for i := range a.k {
			if c := cmp.Compare(a.k[i], b.k[i]); c != 0 {
				return c
			}
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
		if keys[i].k == keys[i-1].k {
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
	return b.vals[x-1].id
}

// writeLog writes Cayley's log: each value and quad in id order.
func (b *Bulk) writeLog(w *bulkWriter, dup map[uint64]struct{}) error {
	bucket := []byte(LogBucket)
	for _, s := range b.segs {
		for i := s.at; i < s.at+s.n; i++ {
			var p cproto.Primitive
			p.Timestamp = s.ts
			if s.values {
				v := &b.vals[i]
				p.ID, p.Value = v.id, b.data[v.off:v.off+uint64(v.n)]
			} else {
				if _, ok := dup[uint64(i)]; ok {
					continue
				}
				q := &b.quads[i]
				p.ID = q.id
				p.Subject, p.Predicate, p.Object, p.Label = b.id(q.v[0]), b.id(q.v[1]), b.id(q.v[2]), b.id(q.v[3])
			}
			k := w.alloc(8)
			quadKeyEnc.PutUint64(k, p.ID)
			v := appendPrimitive(w.alloc(0), &p)
			w.used(len(v))
			if err := w.putIn(bucket, k, v); err != nil {
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
	nd := len(ind.Dirs)
	var ids []uint64
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && slices.Equal(keys[j].k[:nd], keys[i].k[:nd]) {
			j++
		}
		ids = ids[:0]
		for _, e := range keys[i:j] {
			if _, ok := dup[uint64(e.pos)]; !ok {
				ids = append(ids, b.quads[e.pos].id)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids) // the duplicates' sort orders a key's quads by their other values
			k := w.alloc(8 * nd)
			for d := range nd {
				quadKeyEnc.PutUint64(k[8*d:], b.id(keys[i].k[d]))
			}
			v := w.alloc(0)
			for _, id := range ids {
				v = binary.AppendUvarint(v, id)
			}
			w.used(len(v))
			if err := w.putIn(bucket, k, v); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// writeValues writes the values' buckets: each value's id by hash, then its reference
// count by hash.
func (b *Bulk) writeValues(w *bulkWriter) error {
	slices.SortFunc(b.vals, func(x, y bulkValue) int { return bytes.Compare(x.hash[:], y.hash[:]) })
	for _, refsOnly := range []bool{false, true} {
		for i := range b.vals {
			v := &b.vals[i]
			bucket := bucketForVal(v.hash[0], v.hash[1])[0]
			n := v.id
			if refsOnly {
				bucket = bucketForValRefs(v.hash[0], v.hash[1])[0]
				n = v.refs
			}
			val := binary.AppendUvarint(w.alloc(0), n)
			w.used(len(val))
			if err := w.putIn(bucket, v.hash[:], val); err != nil {
				return err
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

// bulkWriter puts keys into a store in transactions of about limit bytes each. The
// keys and values it is given must stay unchanged until the transaction commits: bolt
// keeps them until then; alloc cuts them from blocks of the writer.
type bulkWriter struct {
	ctx   context.Context
	db    kv.KV
	tx    kv.Tx
	limit int
	bytes int    // put in tx
	block []byte // alloc's
	key   kv.Key // reused: the kv keeps no key
	qs    *QuadStore
}

func (w *bulkWriter) begin() error {
	if w.tx != nil {
		return nil
	}
	tx, err := w.db.Tx(w.ctx, true)
	if err != nil {
		return err
	}
	w.tx = tx
	return nil
}

// alloc returns an empty slice with room for n bytes (and more), cut from the block;
// used(m) then takes m of them.
func (w *bulkWriter) alloc(n int) []byte {
	const room = 32 // the longest value written: a few uvarints, or a log record
	if cap(w.block)-len(w.block) < max(n, room) {
		w.block = make([]byte, 0, 1<<20)
	}
	if n > 0 {
		b := w.block[len(w.block) : len(w.block)+n : len(w.block)+n]
		w.block = w.block[:len(w.block)+n]
		return b
	}
	return w.block[len(w.block):len(w.block)]
}

// used takes m bytes of the block, appended to the slice alloc(0) returned. The slice
// may have grown out of the block (a longer value): then it is its own.
func (w *bulkWriter) used(m int) {
	if len(w.block)+m <= cap(w.block) {
		w.block = w.block[: len(w.block)+m : cap(w.block)]
	}
}

func (w *bulkWriter) put(key kv.Key, val []byte) error {
	if err := w.begin(); err != nil {
		return err
	}
	if err := w.tx.Put(w.ctx, key, val); err != nil {
		return err
	}
	return w.count(key[len(key)-1], val)
}

// putIn puts key into the top-level bucket named bucket.
func (w *bulkWriter) putIn(bucket, key, val []byte) error {
	if err := w.begin(); err != nil {
		return err
	}
	w.key[0], w.key[1] = bucket, key
	if err := w.tx.Put(w.ctx, w.key, val); err != nil {
		return err
	}
	return w.count(key, val)
}

func (w *bulkWriter) count(key, val []byte) error {
	w.bytes += len(key) + len(val) + 16
	if w.bytes < w.limit {
		return nil
	}
	return w.commit()
}

func (w *bulkWriter) commit() error {
	if w.tx == nil {
		return nil
	}
	if err := w.ctx.Err(); err != nil {
		return err
	}
	tx := w.tx
	w.tx, w.bytes, w.block = nil, 0, nil
	return w.qs.commit(w.ctx, tx)
}

func (w *bulkWriter) close() {
	if w.tx != nil {
		w.tx.Close()
		w.tx = nil
	}
}

// BulkUnfinished reports whether db holds a store a bulk write began to fill and did not
// finish: the store held nothing before it began.
func BulkUnfinished(ctx context.Context, db kv.KV) (bool, error) {
	found := false
	err := kv.View(ctx, db, func(tx kv.Tx) error {
		_, err := tx.Get(ctx, keyBulk)
		if errors.Is(err, kv.ErrNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	return found, err
}
