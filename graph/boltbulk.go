package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"annals/graph/internal/boltkv"
	"annals/graph/internal/cayleykv"

	"github.com/cayleygraph/cayley"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/writer"
	"github.com/cayleygraph/quad"
)

// BoltBulk is the first load of a bolt store nothing was ever written to: the quads of
// its documents are gathered in memory (Add), and Write writes the whole store as a
// new bolt file beside it, bottom-up, each bucket's keys in order (boltkv.Builder),
// then puts the file in the store's place. A large first load written transaction by
// transaction rewrites most of the store's pages at every commit and puts each key
// through bolt's B-tree; this writes each page once, in sequence.
//
// Until Write puts the new file in place, the store holds nothing: a load killed
// meanwhile leaves the store as it was (empty), and the next open removes the
// unfinished file (BulkFile).
type BoltBulk struct {
	s    *Store
	bulk *cayleykv.Bulk
}

// BulkFile is the file a bulk load of the bolt store at path writes before it takes
// the store's place.
func BulkFile(path string) string { return path + ".bulk" }

// BeginBoltBulk starts the bulk load of a bolt store that nothing was ever written to.
// It returns nil (and no error) for a store of another kind, or one written to before.
func (s *Store) BeginBoltBulk(ctx context.Context) (*BoltBulk, error) {
	qs, ok := s.QuadStore.(*cayleykv.QuadStore)
	if !ok || s.Kind != KindBolt {
		return nil, nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	b, err := cayleykv.NewBulk(qs)
	if errors.Is(err, cayleykv.ErrNotPristine) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	return &BoltBulk{s: s, bulk: b}, nil
}

// Add adds the quads of one document (all additions) with their hashes (HashQuads;
// nil: computed here). The store keeps no record of the document's name.
func (b *BoltBulk) Add(_ string, deltas []cgraph.Delta, hashes QuadHashes) error {
	var h *cayleykv.Hashes
	if len(hashes) == 1 {
		h = hashes[0]
	}
	return b.bulk.Add(deltas, h)
}

// Quads is how many quads were added.
func (b *BoltBulk) Quads() int { return b.bulk.Quads() }

// ValueIDs returns the ids the store gives vals once the bulk is written (0 for a value
// it does not hold); it may run beside Add and Write.
func (b *BoltBulk) ValueIDs(vals []quad.Value) []uint64 { return b.bulk.ValueIDs(vals) }

// Write writes the quads added and puts them in the store, and returns how many it
// wrote (a quad added twice once). The store moves by one generation, whose change log
// names every label (a reader of the log rereads the whole store); it keeps its
// identity. On error the store is as it was. Call it once.
func (b *BoltBulk) Write(ctx context.Context) (int, error) {
	s := b.s
	s.write.Lock()
	defer s.write.Unlock()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	tmp := BulkFile(s.Addr)
	bd, err := boltkv.NewBuilder(tmp)
	if err != nil {
		return 0, fmt.Errorf("bulk load: %w", err)
	}
	n, err := b.bulk.WriteTo(ctx, bd)
	if err != nil {
		bd.Abort()
		return 0, fmt.Errorf("bulk load: %w", err)
	}
	if err := bd.Close(); err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("bulk load: %w", err)
	}
	s.seq.Add(1)
	defer s.seq.Add(1)
	if err := errors.Join(os.Rename(tmp, s.Addr), syncDir(filepath.Dir(s.Addr))); err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("bulk load: %w", err)
	}
	if err := s.reopenBolt(ctx); err != nil {
		return 0, fmt.Errorf("bulk load: the store was written, and cannot be opened again: %w", err)
	}
	return n, nil
}

// reopenBolt closes the bolt store and opens its file again (the file was replaced).
func (s *Store) reopenBolt(ctx context.Context) error {
	if err := s.Handle.Close(); err != nil {
		return err
	}
	qs, err := openBolt(ctx, s.Addr, s.log)
	if err != nil {
		return err
	}
	qw, err := writer.NewSingle(qs, s.ignore)
	if err != nil {
		qs.Close()
		return err
	}
	s.Handle = &cayley.Handle{QuadStore: qs, QuadWriter: qw}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// removeBulkFile removes what a bulk load of the bolt store at path left unfinished:
// the caller holds the store's lock, so no bulk load of it is running.
func removeBulkFile(path string, log *slog.Logger) error {
	err := os.Remove(BulkFile(path))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	log.Warn("removed the file of a bulk load that did not finish: the store holds none of its documents",
		"file", BulkFile(path))
	return nil
}
