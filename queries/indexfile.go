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
// rebuilt.
const IndexFormat = 1

// indexHeader opens an index file: which layout, and which store state it describes.
type indexHeader struct {
	Format     int
	Store      string // graph.Fingerprint.ID
	Generation uint64
	Written    time.Time
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
	snap, err := readIndexFile(x.file)
	if err != nil {
		if err := x.rebuild(ctx, s, err.Error()); err != nil {
			return nil, err
		}
		return x, nil
	}
	x.install(ctx, s, snap)
	x.log.Info("query index read from its file", "file", x.file, "generation", snap.fp.Generation,
		"entries", snap.entries, "elapsed", time.Since(start).Round(time.Millisecond))
	if fp, err := s.Fingerprint(ctx); err == nil && fp.ID == snap.fp.ID && fp.Generation != snap.fp.Generation {
		x.log.Info("the store changed since the index was written: reading the entries changed",
			"index_generation", snap.fp.Generation, "store_generation", fp.Generation)
	}
	if err := x.sync(ctx, s); err != nil {
		return nil, err
	}
	return x, nil
}

// save writes snap to the index file, if there is one; a failure is logged, not
// returned: the index in memory is right, and the next start rebuilds the file.
func (x *Index) save(snap *snapshot) {
	if x.file == "" || snap.fp.ID == "" {
		return
	}
	start := time.Now()
	size, err := writeIndexFile(x.file, snap)
	if err != nil {
		x.log.Warn("query index not written to its file", "file", x.file, "err", err)
		return
	}
	x.log.Info("query index written", "file", x.file, "generation", snap.fp.Generation, "bytes", size,
		"elapsed", time.Since(start).Round(time.Millisecond))
}

// writeIndexFile writes snap to path atomically: a temporary file beside it, synced,
// renamed over path, and the directory synced.
func writeIndexFile(path string, snap *snapshot) (int64, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name()) // after the rename, removes nothing
	crc := crc32.NewIEEE()
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	enc := gob.NewEncoder(w)
	err = enc.Encode(indexHeader{Format: IndexFormat, Store: snap.fp.ID, Generation: snap.fp.Generation, Written: time.Now()})
	if err == nil {
		err = enc.Encode(bodyOf(snap))
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = binary.Write(f, binary.BigEndian, crc.Sum32())
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

func bodyOf(snap *snapshot) *indexBody {
	b := &indexBody{Entries: snap.entries, Events: len(snap.events)}
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
	for l, p := range snap.parts {
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

// readIndexFile reads the index file at path. Its errors say why the file cannot be
// used, as the log line of the rebuild that follows shows them.
func readIndexFile(path string) (*snapshot, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("index file missing")
	} else if err != nil {
		return nil, fmt.Errorf("index file unreadable: %w", err)
	}
	if len(data) < 4 {
		return nil, errors.New("index file truncated")
	}
	r := bytes.NewReader(data[:len(data)-4])
	dec := gob.NewDecoder(r)
	var h indexHeader
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("index file unreadable: %w", err)
	}
	if h.Format != IndexFormat {
		return nil, fmt.Errorf("index format %d, want %d", h.Format, IndexFormat)
	}
	if crc32.ChecksumIEEE(data[:len(data)-4]) != binary.BigEndian.Uint32(data[len(data)-4:]) {
		return nil, errors.New("index file corrupt (checksum mismatch)")
	}
	var b indexBody
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("index file unreadable: %w", err)
	}
	parts, err := b.parts()
	if err != nil {
		return nil, fmt.Errorf("index file corrupt: %w", err)
	}
	snap := assemble(parts, graph.Fingerprint{ID: h.Store, Generation: h.Generation})
	if snap.entries != b.Entries || len(snap.events) != b.Events {
		return nil, fmt.Errorf("index file corrupt: %d entries and %d events, the file says %d and %d",
			snap.entries, len(snap.events), b.Entries, b.Events)
	}
	return snap, nil
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
