package boltkv

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
)

// The on-disk layout of bbolt v1.3.10 (page.go, db.go, bucket.go), little-endian as on
// every machine annals runs on:
//
//	page header     id u64, flags u16, count u16, overflow u32              (16 bytes)
//	leaf element    flags u32, pos u32, ksize u32, vsize u32                (16 bytes)
//	branch element  pos u32, ksize u32, pgid u64                            (16 bytes)
//	bucket header   root u64, sequence u64                                  (16 bytes)
//	meta            magic u32, version u32, pageSize u32, flags u32,
//	                root bucket (16), freelist u64, pgid u64, txid u64,
//	                checksum u64 (FNV-64a of the 56 bytes before it)
//
// An element's pos is the distance from the element to its key; the value follows the key.
const (
	pageHeaderSize  = 16
	pageElementSize = 16
	bucketHeaderLen = 16

	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	metaPageFlag     = 0x04
	freelistPageFlag = 0x10
	bucketLeafFlag   = 0x01

	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	minKeysPerPage = 2

	// maxKeySize and maxValueSize are bolt's MaxKeySize and MaxValueSize.
	maxKeySize   = 32768
	maxValueSize = (1 << 31) - 2

	// The first data page: 0 and 1 are the meta pages, 2 the (empty) freelist.
	freelistPgid  = 2
	firstDataPgid = 3
)

// Errors of the Builder that callers may branch on.
var (
	ErrKeyOrder        = errors.New("key not greater than the key before it")
	ErrBucketTwice     = errors.New("bucket given twice")
	ErrNoBucket        = errors.New("no bucket started")
	ErrEmptyKey        = errors.New("empty key")
	ErrBuilderFinished = errors.New("builder closed")
)

// Builder writes a new bolt file from top-level buckets whose keys are given in
// increasing order. It writes bolt's pages bottom-up, as bolt would after one
// transaction that put every key with FillPercent 1.0, streaming each page to the file
// as it fills: it holds only the page being filled on each level of the current
// bucket's tree and the root bucket's entries. A top-level bucket small enough for
// bolt's inline rule is written inline in the root bucket's leaf, as bolt does.
//
// The file it leaves is an ordinary bolt file: bbolt opens, checks, reads and writes it.
// Until Close succeeds its meta pages are zero, and bolt refuses to open it.
type Builder struct {
	path     string
	f        *os.File
	w        *bufio.Writer
	pageSize int
	next     uint64 // the next page id to write: bolt's high-water mark at the end

	cur     *tree  // the current bucket's tree, nil before the first Bucket
	curName []byte // its name
	lastKey []byte // the last key put into it
	hasKey  bool   // whether lastKey holds a key
	names   map[string]struct{}
	root    []rootEntry // the finished top-level buckets, in the order given
	scratch []byte      // a page header and element array being encoded
	err     error       // the first write error; every later call returns it
	done    bool        // closed, by Close or Abort
	closed  bool        // Close succeeded: Abort leaves the file
}

// rootEntry is a top-level bucket as the root bucket's leaf holds it: its name and
// value, either a bucket header pointing at its root page or an inline bucket.
type rootEntry struct {
	name, value []byte
}

// NewBuilder creates (or truncates) the bolt file at path, with the operating
// system's page size as bolt's own default.
func NewBuilder(path string) (*Builder, error) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		// bolt writes its pages in the machine's byte order; the builder in little-endian.
		return nil, fmt.Errorf("build %s: a bolt file of a big-endian machine is not supported", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("build bolt file: %w", err)
	}
	b := &Builder{
		path:     path,
		f:        f,
		w:        bufio.NewWriterSize(f, 1<<20),
		pageSize: os.Getpagesize(),
		next:     firstDataPgid,
		names:    make(map[string]struct{}),
	}
	// The meta pages are written last, in place; the freelist has no free ids.
	zero := make([]byte, 2*b.pageSize)
	if _, err := b.w.Write(zero); err != nil {
		b.Abort()
		return nil, b.fail(err)
	}
	if err := b.writePage(freelistPgid, freelistPageFlag, nil, nil); err != nil {
		b.Abort()
		return nil, err
	}
	return b, nil
}

// Bucket finishes the current top-level bucket and starts the next one. Each name may
// be given once, in any order.
func (b *Builder) Bucket(name []byte) error {
	if err := b.usable(); err != nil {
		return err
	}
	if len(name) == 0 {
		return fmt.Errorf("build %s: bucket name: %w", b.path, ErrEmptyKey)
	}
	if len(name) > maxKeySize {
		return fmt.Errorf("build %s: bucket name of %d bytes: longer than bolt's %d", b.path, len(name), maxKeySize)
	}
	if _, ok := b.names[string(name)]; ok {
		return fmt.Errorf("build %s: bucket %q: %w", b.path, name, ErrBucketTwice)
	}
	if err := b.finishBucket(); err != nil {
		return err
	}
	b.names[string(name)] = struct{}{}
	b.curName = bytes.Clone(name)
	b.cur = newTree(b)
	b.hasKey = false
	b.lastKey = b.lastKey[:0]
	return nil
}

// Put adds key and value to the current bucket. Keys must be strictly increasing
// within a bucket. Put copies key and value: the caller may reuse them.
func (b *Builder) Put(key, value []byte) error {
	if err := b.usable(); err != nil {
		return err
	}
	switch {
	case b.cur == nil:
		return fmt.Errorf("build %s: put: %w", b.path, ErrNoBucket)
	case len(key) == 0:
		return fmt.Errorf("build %s: bucket %q: put: %w", b.path, b.curName, ErrEmptyKey)
	case len(key) > maxKeySize:
		return fmt.Errorf("build %s: bucket %q: key of %d bytes: longer than bolt's %d", b.path, b.curName, len(key), maxKeySize)
	case len(value) > maxValueSize:
		return fmt.Errorf("build %s: bucket %q: value of %d bytes: longer than bolt's %d", b.path, b.curName, len(value), maxValueSize)
	case b.hasKey && bytes.Compare(key, b.lastKey) <= 0:
		return fmt.Errorf("build %s: bucket %q: key %x after %x: %w", b.path, b.curName, key, b.lastKey, ErrKeyOrder)
	}
	b.lastKey = append(b.lastKey[:0], key...)
	b.hasKey = true
	return b.cur.add(0, key, value, 0, 0)
}

// Close finishes the last bucket, writes the root bucket, the meta pages, syncs and
// closes the file. After an error the file is incomplete: call Abort to remove it.
func (b *Builder) Close() error {
	if err := b.usable(); err != nil {
		return err
	}
	if err := b.finishBucket(); err != nil {
		return err
	}
	slices.SortFunc(b.root, func(x, y rootEntry) int { return bytes.Compare(x.name, y.name) })
	t := newTree(b)
	for _, e := range b.root {
		if err := t.add(0, e.name, e.value, bucketLeafFlag, 0); err != nil {
			return err
		}
	}
	rootPgid, _, err := t.finish(false)
	if err != nil {
		return err
	}
	// The pages reach the disk before the meta pages that make them a bolt file, as in
	// bolt's commit: a file whose build stopped short has zero meta pages, which bolt
	// refuses to open.
	if err := b.w.Flush(); err != nil {
		return b.fail(err)
	}
	if err := b.f.Sync(); err != nil {
		return b.fail(err)
	}
	// Two valid meta pages, as bolt leaves after its first two transactions: bolt reads
	// the one with the higher txid and its next commit overwrites the other.
	meta := make([]byte, 2*b.pageSize)
	for i := range 2 {
		b.encodeMeta(meta[i*b.pageSize:], uint64(i), rootPgid)
	}
	if _, err := b.f.WriteAt(meta, 0); err != nil {
		return b.fail(err)
	}
	if err := b.f.Sync(); err != nil {
		return b.fail(err)
	}
	b.done = true
	if err := b.f.Close(); err != nil {
		return fmt.Errorf("build %s: %w", b.path, err)
	}
	b.closed = true
	return nil
}

// Abort closes and removes the file, unless Close succeeded: a caller may defer Abort
// to remove the file on every path that does not reach a successful Close.
func (b *Builder) Abort() {
	if b.closed {
		return
	}
	if !b.done {
		b.done = true
		b.f.Close()
	}
	os.Remove(b.path)
}

func (b *Builder) usable() error {
	if b.err != nil {
		return b.err
	}
	if b.done {
		return fmt.Errorf("build %s: %w", b.path, ErrBuilderFinished)
	}
	return nil
}

// fail records the first write error, after which the builder refuses every call.
func (b *Builder) fail(err error) error {
	if b.err == nil {
		b.err = fmt.Errorf("build %s: %w", b.path, err)
	}
	return b.err
}

// finishBucket writes what is left of the current bucket and records its root entry.
func (b *Builder) finishBucket() error {
	if b.cur == nil {
		return nil
	}
	root, inline, err := b.cur.finish(true)
	if err != nil {
		return err
	}
	value := inline
	if value == nil {
		value = make([]byte, bucketHeaderLen)
		binary.LittleEndian.PutUint64(value, root)
	}
	b.root = append(b.root, rootEntry{name: b.curName, value: value})
	b.cur = nil
	return nil
}

// encodeMeta writes meta page id into p.
func (b *Builder) encodeMeta(p []byte, id, rootPgid uint64) {
	le := binary.LittleEndian
	le.PutUint64(p[0:], id)
	le.PutUint16(p[8:], metaPageFlag)
	m := p[pageHeaderSize:]
	le.PutUint32(m[0:], boltMagic)
	le.PutUint32(m[4:], boltVersion)
	le.PutUint32(m[8:], uint32(b.pageSize))
	le.PutUint32(m[12:], 0) // flags
	le.PutUint64(m[16:], rootPgid)
	le.PutUint64(m[24:], 0) // the root bucket's sequence
	le.PutUint64(m[32:], freelistPgid)
	le.PutUint64(m[40:], b.next)
	le.PutUint64(m[48:], id) // txid
	h := fnv.New64a()
	h.Write(m[:56])
	le.PutUint64(m[56:], h.Sum64())
}

// writePage streams one page (with its overflow pages) of the given elements to the
// file as page id.
func (b *Builder) writePage(id uint64, flags uint16, elems []element, data []byte) error {
	if b.err != nil {
		return b.err
	}
	size := pageHeaderSize + pageElementSize*len(elems) + len(data)
	n := (size + b.pageSize - 1) / b.pageSize
	b.scratch = b.encodeHeader(b.scratch[:0], id, flags, n-1, elems)
	if _, err := b.w.Write(b.scratch); err != nil {
		return b.fail(err)
	}
	if _, err := b.w.Write(data); err != nil {
		return b.fail(err)
	}
	for pad := n*b.pageSize - size; pad > 0; {
		k := min(pad, len(zeroPage))
		if _, err := b.w.Write(zeroPage[:k]); err != nil {
			return b.fail(err)
		}
		pad -= k
	}
	return nil
}

var zeroPage = make([]byte, 64<<10)

// encodeHeader appends a page header and its element array to dst.
func (b *Builder) encodeHeader(dst []byte, id uint64, flags uint16, overflow int, elems []element) []byte {
	le := binary.LittleEndian
	dst = le.AppendUint64(dst, id)
	dst = le.AppendUint16(dst, flags)
	dst = le.AppendUint16(dst, uint16(len(elems)))
	dst = le.AppendUint32(dst, uint32(overflow))
	// The first key sits right after the element array; pos counts from each element.
	dataStart := pageElementSize * len(elems)
	for i, e := range elems {
		pos := uint32(dataStart - i*pageElementSize + e.off)
		if flags&branchPageFlag != 0 {
			dst = le.AppendUint32(dst, pos)
			dst = le.AppendUint32(dst, e.ksize)
			dst = le.AppendUint64(dst, e.pgid)
		} else {
			dst = le.AppendUint32(dst, e.flags)
			dst = le.AppendUint32(dst, pos)
			dst = le.AppendUint32(dst, e.ksize)
			dst = le.AppendUint32(dst, e.vsize)
		}
	}
	return dst
}

// element is one element of a page being filled: its key (and value) at off in the
// level's data.
type element struct {
	off          int
	ksize, vsize uint32
	flags        uint32 // leaf: bucketLeafFlag for a bucket
	pgid         uint64 // branch: the child page
}

// tree builds one bucket's B+tree bottom-up: levels[0] fills leaf pages, levels[i]
// branch pages whose elements point at the pages of levels[i-1].
//
// Each level splits its elements into pages as bolt's node.split does with FillPercent
// 1.0 when one transaction spills a node holding all of them: a node of at most
// 2*minKeysPerPage elements or under a page is not split; otherwise its first page
// takes elements up to the page size (at least minKeysPerPage), as long as at least
// minKeysPerPage+1 elements remain for the rest, which is split again the same way.
// Streaming, a level therefore holds the page being filled and the elements after it
// until three of them show that bolt would split there.
type tree struct {
	b      *Builder
	levels []*level
}

// level is the elements not yet written on one level of a tree: the page being filled
// and up to minKeysPerPage elements after it.
type level struct {
	elems   []element
	data    []byte
	size    int // the size of all elems as one page: header, elements, keys and values
	split   int // the first element, at least minKeysPerPage, that overflows a page; -1 if none
	written int // the pages this level has written
}

func newTree(b *Builder) *tree {
	return &tree{b: b, levels: []*level{newLevel()}}
}

func newLevel() *level {
	return &level{size: pageHeaderSize, split: -1}
}

// add appends an element to level i and writes the level's first page once bolt would
// split there.
func (t *tree) add(i int, key, value []byte, flags uint32, pgid uint64) error {
	l := t.levels[i]
	elsize := pageElementSize + len(key) + len(value)
	if l.split < 0 && len(l.elems) >= minKeysPerPage && l.size+elsize > t.b.pageSize {
		l.split = len(l.elems)
	}
	l.elems = append(l.elems, element{off: len(l.data), ksize: uint32(len(key)), vsize: uint32(len(value)), flags: flags, pgid: pgid})
	l.data = append(l.data, key...)
	l.data = append(l.data, value...)
	l.size += elsize
	if l.split >= 0 && len(l.elems)-l.split > minKeysPerPage {
		return t.spill(i, l.split)
	}
	return nil
}

// spill writes the first n elements of level i as a page, adds it to level i+1 and
// keeps the rest.
func (t *tree) spill(i, n int) error {
	l := t.levels[i]
	id, err := t.write(i, n)
	if err != nil {
		return err
	}
	if i+1 == len(t.levels) {
		t.levels = append(t.levels, newLevel())
	}
	first := l.elems[0]
	if err := t.add(i+1, l.data[first.off:first.off+int(first.ksize)], nil, 0, id); err != nil {
		return err
	}
	l.written++

	// Keep the rest at the front of the level, and find where it overflows a page.
	rest := l.elems[n:]
	if len(rest) == 0 {
		l.elems, l.data, l.size, l.split = l.elems[:0], l.data[:0], pageHeaderSize, -1
		return nil
	}
	base := rest[0].off
	l.data = l.data[:copy(l.data, l.data[base:])]
	l.elems = l.elems[:copy(l.elems, rest)]
	l.size, l.split = pageHeaderSize, -1
	for j := range l.elems {
		e := &l.elems[j]
		e.off -= base
		elsize := elementSize(*e)
		if l.split < 0 && j >= minKeysPerPage && l.size+elsize > t.b.pageSize {
			l.split = j
		}
		l.size += elsize
	}
	return nil
}

func elementSize(e element) int {
	return pageElementSize + int(e.ksize) + int(e.vsize)
}

// write writes the first n elements of level i as the next page ids of the file.
func (t *tree) write(i, n int) (uint64, error) {
	l := t.levels[i]
	elems := l.elems[:n]
	size, end := pageHeaderSize, 0
	for _, e := range elems {
		size += elementSize(e)
		end = e.off + int(e.ksize) + int(e.vsize)
	}
	id := t.b.next
	t.b.next += uint64((size + t.b.pageSize - 1) / t.b.pageSize)
	flags := uint16(branchPageFlag)
	if i == 0 {
		flags = leafPageFlag
	}
	return id, t.b.writePage(id, flags, elems, l.data[:end])
}

// finish writes the elements left on every level and returns the tree's root page, or,
// if inline is allowed and the tree fits bolt's inline rule (one leaf no larger than
// a quarter page), the inline bucket value: a bucket header with root 0 and the page.
func (t *tree) finish(inline bool) (root uint64, value []byte, err error) {
	leaf := t.levels[0]
	if inline && leaf.written == 0 && leaf.size <= t.b.pageSize/4 {
		value = make([]byte, bucketHeaderLen, bucketHeaderLen+leaf.size)
		value = t.b.encodeHeader(value, 0, leafPageFlag, 0, leaf.elems)
		return 0, append(value, leaf.data...), nil
	}
	for i := 0; ; i++ {
		l := t.levels[i]
		// bolt's split of what is left: while more than 2*minKeysPerPage elements fill
		// at least a page, a first page up to the page size, leaving at least
		// minKeysPerPage+1 elements.
		for len(l.elems) > 2*minKeysPerPage && l.size >= t.b.pageSize {
			if err := t.spill(i, splitIndex(l.elems, t.b.pageSize)); err != nil {
				return 0, nil, err
			}
		}
		if l.written == 0 && i == len(t.levels)-1 {
			// The only page of the top level is the root.
			root, err := t.write(i, len(l.elems))
			return root, nil, err
		}
		if err := t.spill(i, len(l.elems)); err != nil {
			return 0, nil, err
		}
	}
}

// splitIndex is where bolt's node.splitIndex splits elems with FillPercent 1.0.
func splitIndex(elems []element, pageSize int) int {
	size, index := pageHeaderSize, 0
	for i := 0; i < len(elems)-minKeysPerPage; i++ {
		index = i
		elsize := elementSize(elems[i])
		if i >= minKeysPerPage && size+elsize > pageSize {
			break
		}
		size += elsize
	}
	return index
}
