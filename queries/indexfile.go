package queries

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"
	"unique"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// IndexFormat is the version of the index file's layout; a file of another version is
// rebuilt. Version 3: a node's own statements come in the part of its document's label
// (the loader's lean quads), and a link stated by a document lists its supporting
// entries; a listed event's summary (date text, precision, line) is kept for the lists
// answered from the index. Version 4: the snapshot section is columns (indexsnap.go)
// instead of a gob value, and keeps the co-appearances of hubs; a file of version 3
// is converted at open, without a scan of the store.
const IndexFormat = 4

// formatGob is the last version whose snapshot section is a gob flatSnapshot: its
// files are read and written again in the current format.
const formatGob = 3

// indexHeader opens an index file: which layout, and which store state it describes.
type indexHeader struct {
	Format     int
	Store      string // graph.Fingerprint.ID
	Generation uint64
	Written    time.Time // when the snapshot was assembled (a conversion keeps it)
}

// indexBody is the index's parts, in columns of string ids: part i has the label
// Strings[Labels[i]], Quads[i] quads and the next Facts[i] facts of S, P and O.
type indexBody struct {
	Strings         []string
	Labels, Quads   []uint32
	Facts           []uint32
	S, O            []uint32
	P               []byte
	Entries, Events int // counts to check the assembled snapshot against
}

// IndexFile is where the index of s is kept between runs: beside a bolt file
// (<file>.index); for PostgreSQL in the user's cache directory, named by a hash of the
// DSN (annals/postgres-<hash>.index); "" for the memory store and CockroachDB, which
// keep none.
func IndexFile(s *graph.Store) string {
	switch s.Kind {
	case graph.KindBolt:
		return s.Addr + ".index"
	case graph.KindPostgres:
		dir, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		h := sha256.Sum256([]byte(s.Addr))
		return filepath.Join(dir, "annals", "postgres-"+hex.EncodeToString(h[:8])+".index")
	}
	return ""
}

// OpenIndex opens the index of s kept in opts.File: when the file describes this store
// it is read (no scan of the store) and brought up to the store's generation by
// reading the entries changed since it was written; when it is missing, unreadable, of
// another format or of another store, the index is rebuilt from the store, with a log
// line saying why, and written.
func OpenIndex(ctx context.Context, s *graph.Store, opts IndexOptions) (*Index, error) {
	x := &Index{file: opts.File, log: opts.Logger}
	if x.log == nil {
		x.log = slog.New(slog.DiscardHandler)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.file == "" {
		if err := x.rebuild(ctx, s, "no index file"); err != nil {
			return nil, err
		}
		return x, nil
	}
	start := time.Now()
	snap, format, err := readIndexFile(x.file)
	if err != nil {
		if err := x.rebuild(ctx, s, err.Error()); err != nil {
			return nil, err
		}
		return x, nil
	}
	x.install(ctx, s, snap)
	x.log.Info("query index read from its file", "file", x.file, "generation", snap.fp.Generation,
		"entries", snap.entries, "elapsed", time.Since(start).Round(time.Millisecond))
	if format != IndexFormat {
		x.convert(snap, format)
	}
	if fp, err := s.Fingerprint(ctx); err == nil && fp.ID == snap.fp.ID && fp.Generation != snap.fp.Generation {
		x.log.Info("the store changed since the index was written: reading the entries changed",
			"index_generation", snap.fp.Generation, "store_generation", fp.Generation)
	}
	if err := x.sync(ctx, s); err != nil {
		return nil, err
	}
	return x, nil
}

// convert writes the index file read in an older format again in the current one: the
// snapshot read, and the facts section copied as it is (its layout did not change). A
// failure is logged: the old file stays, and is read (and converted) again next time.
func (x *Index) convert(snap *snapshot, format int) {
	start := time.Now()
	size, err := writeIndexFile(x.file, snap, x.file)
	if err != nil {
		x.log.Warn("query index file not converted", "file", x.file, "from_format", format, "err", err)
		return
	}
	x.log.Info("query index file converted", "file", x.file, "from_format", format, "format", IndexFormat,
		"bytes", size, "elapsed", time.Since(start).Round(time.Millisecond))
}

// save writes snap to the index file, if there is one; a failure is logged, not
// returned: the index in memory is right, and the next start rebuilds the file.
func (x *Index) save(snap *snapshot) {
	if x.file == "" || snap.fp.ID == "" {
		return
	}
	start := time.Now()
	size, err := writeIndexFile(x.file, snap, "")
	if err != nil {
		x.log.Warn("query index not written to its file", "file", x.file, "err", err)
		return
	}
	x.log.Info("query index written", "file", x.file, "generation", snap.fp.Generation, "bytes", size,
		"elapsed", time.Since(start).Round(time.Millisecond))
}

// The index file is three sections, each its length (8 bytes, big-endian), its
// payload and the CRC-32 of the payload (4 bytes): the header (indexHeader, gob), the
// snapshot (snapColumns: what queries read, decoded at start) and the facts by entry
// (indexBody, gob: what Sync reads again, decoded only at the first Sync that needs
// them).

// writeIndexFile writes snap to path atomically: a temporary file beside it, synced,
// renamed over path, and the directory synced. The facts section is snap's, or, when
// factsFrom names an index file, copied from it (converting a file of an older format).
func writeIndexFile(path string, snap *snapshot, factsFrom string) (int64, error) {
	return writeIndexFileWith(path, snap, factsFrom, nil)
}

// writeIndexFileWith is writeIndexFile with the facts section's content made already
// (body, from the parts snap was assembled from; nil: made here).
func writeIndexFileWith(path string, snap *snapshot, factsFrom string, body *indexBody) (int64, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name()) // after the rename, removes nothing
	err = writeSection(f, indexHeader{Format: IndexFormat, Store: snap.fp.ID, Generation: snap.fp.Generation, Written: snap.built})
	if err == nil {
		err = writeFramed(f, func(w io.Writer) error { return writeSnapshot(w, snap) })
	}
	if err == nil && factsFrom != "" {
		err = copyFacts(f, factsFrom)
	} else if err == nil {
		if body == nil {
			body = bodyOf(snap)
		}
		err = writeSection(f, body)
	}
	if err == nil {
		err = f.Sync()
	}
	size, _ := f.Seek(0, io.SeekCurrent)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return 0, err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return size, nil
}

// writeSection writes v gob-encoded at the end of f, framed by its length and
// checksum.
func writeSection(f *os.File, v any) error {
	return writeFramed(f, func(w io.Writer) error { return gob.NewEncoder(w).Encode(v) })
}

// writeFramed writes what encode writes at the end of f, framed by its length and
// checksum. The encoding streams to the file (the length is filled in afterwards), so
// that a section is never held in memory whole.
func writeFramed(f *os.File, encode func(io.Writer) error) error {
	start, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	var frame [8]byte
	if _, err := f.Write(frame[:]); err != nil {
		return err
	}
	crc := crc32.NewIEEE()
	w := bufio.NewWriterSize(f, 1<<20)
	n := &countingWriter{}
	if err := encode(io.MultiWriter(w, crc, n)); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := binary.Write(f, binary.BigEndian, crc.Sum32()); err != nil {
		return err
	}
	binary.BigEndian.PutUint64(frame[:], uint64(n.n))
	_, err = f.WriteAt(frame[:], start)
	return err
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// copyFacts copies the facts section of the index file from to the end of f as it is.
func copyFacts(f *os.File, from string) error {
	src, r, size, _, err := openIndexFile(from)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := readSection(r, size, nil); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return err
}

// readSection reads one section into v; skip only checks its length and moves past it.
func readSection(r io.Reader, size int64, v any) error {
	var frame [8]byte
	if _, err := io.ReadFull(r, frame[:]); err != nil {
		return errors.New("index file truncated")
	}
	n := binary.BigEndian.Uint64(frame[:])
	if n > uint64(size) {
		return errors.New("index file truncated")
	}
	if v == nil {
		_, err := io.CopyN(io.Discard, r, int64(n)+4)
		if err != nil {
			return errors.New("index file truncated")
		}
		return nil
	}
	buf := make([]byte, n+4)
	if _, err := io.ReadFull(r, buf); err != nil {
		return errors.New("index file truncated")
	}
	if crc32.ChecksumIEEE(buf[:n]) != binary.BigEndian.Uint32(buf[n:]) {
		return errors.New("index file corrupt (checksum mismatch)")
	}
	if err := gob.NewDecoder(bytes.NewReader(buf[:n])).Decode(v); err != nil {
		return fmt.Errorf("index file unreadable: %w", err)
	}
	return nil
}

func bodyOf(snap *snapshot) *indexBody {
	b := factsBody(snap.parts)
	b.Entries, b.Events = snap.entries, len(snap.events)
	return b
}

// factsBody is the facts of parts as the index file stores them, without the counts of
// the snapshot assembled from them (bodyOf).
func factsBody(parts map[quad.IRI]*part) *indexBody {
	b := &indexBody{}
	ids := make(map[unique.Handle[string]]uint32)
	id := func(h unique.Handle[string]) uint32 {
		n, ok := ids[h]
		if !ok {
			n = uint32(len(b.Strings))
			ids[h] = n
			b.Strings = append(b.Strings, h.Value())
		}
		return n
	}
	for l, p := range parts {
		b.Labels = append(b.Labels, id(unique.Make(string(l))))
		b.Quads = append(b.Quads, uint32(p.quads))
		b.Facts = append(b.Facts, uint32(len(p.facts)))
		for _, f := range p.facts {
			b.S = append(b.S, id(f.s))
			b.O = append(b.O, id(f.o))
			b.P = append(b.P, f.p)
		}
	}
	return b
}

// openIndexFile opens the index file at path and reads its header. Its errors say
// why the file cannot be used, as the log line of the rebuild that follows shows them.
func openIndexFile(path string) (*os.File, *bufio.Reader, int64, indexHeader, error) {
	var h indexHeader
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, 0, h, errors.New("index file missing")
	} else if err != nil {
		return nil, nil, 0, h, fmt.Errorf("index file unreadable: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, 0, h, fmt.Errorf("index file unreadable: %w", err)
	}
	r := bufio.NewReaderSize(f, 1<<20)
	if err := readSection(r, fi.Size(), &h); err != nil {
		f.Close()
		return nil, nil, 0, h, err
	}
	if h.Format != IndexFormat && h.Format != formatGob {
		f.Close()
		return nil, nil, 0, h, fmt.Errorf("index format %d, want %d", h.Format, IndexFormat)
	}
	return f, r, fi.Size(), h, nil
}

// readIndexFile reads the header and snapshot of the index file at path, and tells
// its format (IndexFormat, or formatGob for a file to convert); the facts are left for
// readParts.
func readIndexFile(path string) (*snapshot, int, error) {
	f, r, size, h, err := openIndexFile(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	var snap *snapshot
	if h.Format == formatGob {
		var flat flatSnapshot
		if err := readSection(r, size, &flat); err != nil {
			return nil, 0, err
		}
		if snap, err = flat.unflatten(); err != nil {
			return nil, 0, fmt.Errorf("index file corrupt: %w", err)
		}
	} else if snap, err = readSnapshotSection(r, size); err != nil {
		return nil, 0, err
	}
	snap.fp = graph.Fingerprint{ID: h.Store, Generation: h.Generation}
	snap.built = h.Written
	return snap, h.Format, nil
}

// readSnapshotSection reads the snapshot section as it streams from r, its checksum
// computed on the way: the section is never in memory whole. A section that does not
// decode is read to its end, so that a damaged file says so (checksum mismatch) rather
// than what the damage made of it.
func readSnapshotSection(r *bufio.Reader, size int64) (*snapshot, error) {
	var frame [8]byte
	if _, err := io.ReadFull(r, frame[:]); err != nil {
		return nil, errTruncated
	}
	n := binary.BigEndian.Uint64(frame[:])
	if n > uint64(size) {
		return nil, errTruncated
	}
	crc := crc32.NewIEEE()
	sec := bufio.NewReaderSize(io.TeeReader(io.LimitReader(r, int64(n)), crc), 1<<20)
	snap, err := readSnapshot(&colReader{r: sec, left: int64(n)})
	if err != nil {
		if _, err := io.Copy(io.Discard, sec); err != nil {
			return nil, errTruncated
		}
	}
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, errTruncated
	}
	if crc.Sum32() != binary.BigEndian.Uint32(sum[:]) {
		return nil, errors.New("index file corrupt (checksum mismatch)")
	}
	if err != nil {
		if errors.Is(err, errTruncated) {
			return nil, err
		}
		return nil, fmt.Errorf("index file corrupt: %w", err)
	}
	return snap, nil
}

// readParts reads the facts of the index file at path, which must describe fp and
// hold the counts of the snapshot read before (entries, events).
func readParts(path string, fp graph.Fingerprint, entries, events int) (map[quad.IRI]*part, error) {
	h, b, err := readFacts(path)
	if err != nil {
		return nil, err
	}
	if h.Store != fp.ID || h.Generation != fp.Generation {
		return nil, fmt.Errorf("index file rewritten (generation %d, the index is at %d)", h.Generation, fp.Generation)
	}
	if b.Entries != entries || b.Events != events {
		return nil, fmt.Errorf("index file corrupt: its facts count %d entries and %d events, its snapshot %d and %d",
			b.Entries, b.Events, entries, events)
	}
	parts, err := b.parts()
	if err != nil {
		return nil, fmt.Errorf("index file corrupt: %w", err)
	}
	return parts, nil
}

// readFacts reads the header and the facts section of the index file at path, skipping
// the snapshot between them undecoded.
func readFacts(path string) (indexHeader, *indexBody, error) {
	f, r, size, h, err := openIndexFile(path)
	if err != nil {
		return h, nil, err
	}
	defer f.Close()
	if err := readSection(r, size, nil); err != nil {
		return h, nil, err
	}
	var b indexBody
	if err := readSection(r, size, &b); err != nil {
		return h, nil, err
	}
	return h, &b, nil
}

func (b *indexBody) parts() (map[quad.IRI]*part, error) {
	n := len(b.Labels)
	if len(b.Quads) != n || len(b.Facts) != n || len(b.S) != len(b.O) || len(b.S) != len(b.P) {
		return nil, errors.New("columns of different lengths")
	}
	strs := make([]unique.Handle[string], len(b.Strings))
	for i, s := range b.Strings {
		strs[i] = unique.Make(s)
	}
	str := func(i uint32) (unique.Handle[string], error) {
		if int(i) >= len(strs) {
			return unique.Handle[string]{}, fmt.Errorf("string %d of %d", i, len(strs))
		}
		return strs[i], nil
	}
	parts := make(map[quad.IRI]*part, n)
	next := 0
	for i := range n {
		l, err := str(b.Labels[i])
		if err != nil {
			return nil, err
		}
		k := int(b.Facts[i])
		if next+k > len(b.S) {
			return nil, errors.New("more facts than the file holds")
		}
		p := &part{quads: int(b.Quads[i]), facts: make([]fact, k)}
		for j := range k {
			f := &p.facts[j]
			if f.s, err = str(b.S[next+j]); err != nil {
				return nil, err
			}
			if f.o, err = str(b.O[next+j]); err != nil {
				return nil, err
			}
			if f.p = b.P[next+j]; int(f.p) >= len(predicates) {
				return nil, fmt.Errorf("predicate code %d", f.p)
			}
		}
		next += k
		parts[quad.IRI(l.Value())] = p
	}
	if next != len(b.S) {
		return nil, errors.New("facts left over")
	}
	return parts, nil
}
