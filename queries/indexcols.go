package queries

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"
)

// The snapshot section of an index file (format 4) is columns: runs of little-endian
// uint32s, each preceded by its length (a uvarint), that a restart reads in bulk
// instead of decoding a gob value per field. Strings are ids into one string table
// written first (its ends, then its bytes); a list per item (an event's places, an
// entity's citations) is a ragged column, a count per item and then all the values.

// colWriter writes columns; its first error sticks and is returned by err.
type colWriter struct {
	w   io.Writer
	buf []byte
	e   error
}

func (c *colWriter) write(b []byte) {
	if c.e == nil {
		_, c.e = c.w.Write(b)
	}
}

func (c *colWriter) uvarint(v uint64) {
	c.write(binary.AppendUvarint(c.buf[:0], v))
}

// u32s writes a column.
func (c *colWriter) u32s(xs []uint32) {
	c.uvarint(uint64(len(xs)))
	const chunk = 1 << 14
	for len(xs) > 0 {
		n := min(len(xs), chunk)
		b := c.buf[:0]
		for _, x := range xs[:n] {
			b = binary.LittleEndian.AppendUint32(b, x)
		}
		c.write(b)
		c.buf = b[:0]
		xs = xs[n:]
	}
}

// ragged is a list per item: n[i] values for item i, all of them in v.
type ragged struct{ n, v []uint32 }

func (r *ragged) add(vs ...uint32) {
	r.n = append(r.n, uint32(len(vs)))
	r.v = append(r.v, vs...)
}

func (c *colWriter) ragged(r ragged) {
	c.u32s(r.n)
	c.u32s(r.v)
}

// stringTable gives strings ids, "" being 0.
type stringTable struct {
	ids  map[string]uint32
	strs []string
}

func newStringTable() *stringTable {
	return &stringTable{ids: map[string]uint32{"": 0}, strs: []string{""}}
}

func (t *stringTable) id(s string) uint32 {
	n, ok := t.ids[s]
	if !ok {
		n = uint32(len(t.strs))
		t.ids[s] = n
		t.strs = append(t.strs, s)
	}
	return n
}

// strings writes the table: the end of each string in the bytes, then the bytes.
func (c *colWriter) strings(strs []string) error {
	ends := make([]uint32, len(strs))
	var n uint64
	for i, s := range strs {
		n += uint64(len(s))
		if n > 1<<32-1 {
			return errors.New("more than 4 GiB of strings")
		}
		ends[i] = uint32(n)
	}
	c.u32s(ends)
	c.uvarint(n)
	for _, s := range strs {
		if c.e == nil {
			_, c.e = io.WriteString(c.w, s)
		}
	}
	return c.e
}

// colReader reads the columns of one section, left bytes at most; a length beyond
// what is left is an error, not an allocation.
type colReader struct {
	r    *bufio.Reader
	left int64
	buf  []byte
	e    error
}

func (c *colReader) fail(err error) {
	if c.e == nil {
		c.e = err
	}
}

func (c *colReader) uvarint() uint64 {
	if c.e != nil {
		return 0
	}
	v, err := binary.ReadUvarint(c.r)
	if err != nil {
		c.fail(errTruncated)
		return 0
	}
	c.left -= int64(sizeUvarint(v))
	return v
}

func sizeUvarint(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// count reads a length of items of size bytes each.
func (c *colReader) count(size int64) int {
	n := c.uvarint()
	if c.e == nil && (n > uint64(c.left) || int64(n)*size > c.left) {
		c.fail(fmt.Errorf("a column of %d items in %d bytes", n, c.left))
	}
	if c.e != nil {
		return 0
	}
	return int(n)
}

func (c *colReader) u32s() []uint32 {
	n := c.count(4)
	if n == 0 {
		return nil
	}
	out := make([]uint32, n)
	if littleEndian {
		// the column's bytes are its uint32s in memory: read them in place
		if _, err := io.ReadFull(c.r, unsafe.Slice((*byte)(unsafe.Pointer(&out[0])), 4*n)); err != nil {
			c.fail(errTruncated)
			return nil
		}
		c.left -= int64(4 * n)
		return out
	}
	if cap(c.buf) < 1<<16 {
		c.buf = make([]byte, 1<<16)
	}
	for i := 0; i < n; {
		k := min(n-i, len(c.buf)/4)
		b := c.buf[:4*k]
		if _, err := io.ReadFull(c.r, b); err != nil {
			c.fail(errTruncated)
			return nil
		}
		for j := range k {
			out[i+j] = binary.LittleEndian.Uint32(b[4*j:])
		}
		i += k
	}
	c.left -= int64(4 * n)
	return out
}

func (c *colReader) ragged() ragged {
	r := ragged{n: c.u32s(), v: c.u32s()}
	var sum uint64
	for _, k := range r.n {
		sum += uint64(k)
	}
	if c.e == nil && sum != uint64(len(r.v)) {
		c.fail(fmt.Errorf("a list column counts %d values and holds %d", sum, len(r.v)))
	}
	return r
}

// strings reads a string table: its strings are substrings of one string, so that a
// million IRIs are one allocation.
func (c *colReader) strings() []string {
	ends := c.u32s()
	n := c.count(1)
	if c.e != nil {
		return nil
	}
	var b strings.Builder
	b.Grow(n)
	if _, err := io.CopyN(&b, c.r, int64(n)); err != nil {
		c.fail(errTruncated)
		return nil
	}
	c.left -= int64(n)
	all := b.String()
	out := make([]string, len(ends))
	var at uint32
	for i, end := range ends {
		if end < at || int(end) > len(all) {
			c.fail(fmt.Errorf("string %d ends at %d, after %d of %d", i, end, at, len(all)))
			return nil
		}
		out[i] = all[at:end]
		at = end
	}
	if len(out) == 0 || out[0] != "" {
		c.fail(errors.New("the string table does not begin with the empty string"))
	}
	return out
}

var errTruncated = errors.New("index file truncated")

// littleEndian tells whether this machine keeps a uint32 as the file does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// cursor walks a ragged column item by item; at is where the next item's values
// begin in r.v. The decoder checks the number of items before walking.
type cursor struct {
	r        ragged
	at, item int
}

// next is the values of the next item.
func (k *cursor) next() []uint32 {
	n := int(k.r.n[k.item])
	v := k.r.v[k.at : k.at+n : k.at+n]
	k.at += n
	k.item++
	return v
}
