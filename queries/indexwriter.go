package queries

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// IndexWriter keeps a store's index file current through the writes of one process
// (annals load), so that the first `annals serve` after a load reads the file instead
// of scanning the whole store. Each written transaction's labels become parts of the
// index from the quads the writer holds, without reading them back from the store; the
// file is assembled and written once, by Save.
//
// It keeps the file only when it starts from a known state: an empty store, or an
// index file that describes the store as it is. Otherwise, or when a write cannot be
// followed (the store's change log cannot name what changed), it stops and Save says
// why; the file is then left as it was, and the next `annals serve` reads the changes
// or rebuilds the index, as it always did.
type IndexWriter struct {
	file  string
	log   *slog.Logger
	parts map[quad.IRI]*part
	fp    graph.Fingerprint
	off   string // why the file is not kept; "" while it is
	wrote int    // transactions followed

	// Set by Background: the parts of written labels are built by a goroutine of their
	// own, which sets failed (guarded by mu) when it cannot.
	jobs   chan partsJob
	done   chan struct{}
	mu     sync.Mutex
	failed string
}

// partsJob is the labels one transaction changed, for the goroutine that builds their
// parts.
type partsJob struct {
	labels []quad.IRI
	known  map[quad.IRI][]quad.Quad
}

// Background makes Wrote return once it has read which labels the transaction
// changed, and builds their parts on a goroutine of its own (annals load's writer
// then writes the next transaction meanwhile); Save waits for it. The parts of a label
// read from the store then reflect the store as it is when they are read, which may be
// later than the transaction: a later transaction that changes the label again is
// followed too, and Save writes the file only after every one has been.
func (w *IndexWriter) Background(ctx context.Context, s *graph.Store) {
	if w.off != "" || w.jobs != nil {
		return
	}
	w.jobs, w.done = make(chan partsJob, 1), make(chan struct{})
	go func() {
		defer close(w.done)
		for j := range w.jobs {
			if w.failedWhy() != "" {
				continue
			}
			read, err := labelParts(ctx, s, j.labels, j.known)
			if err != nil {
				w.mu.Lock()
				w.failed = err.Error()
				w.mu.Unlock()
				continue
			}
			setParts(w.parts, read)
		}
	}()
}

func (w *IndexWriter) failedWhy() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failed
}

// wait ends the goroutine Background started, once it has built every part sent, and
// stops the writer if it failed.
func (w *IndexWriter) wait() {
	if w.jobs == nil {
		return
	}
	close(w.jobs)
	<-w.done
	w.jobs = nil
	if why := w.failedWhy(); why != "" && w.off == "" {
		w.off = why
	}
}

// NewIndexWriter starts keeping the index file of s at file (IndexFile(s); "" keeps
// none).
func NewIndexWriter(ctx context.Context, s *graph.Store, file string, log *slog.Logger) *IndexWriter {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &IndexWriter{file: file, log: log}
	if file == "" {
		w.off = "the store keeps no index file"
		return w
	}
	fp, err := s.Fingerprint(ctx)
	if err != nil {
		w.off = fmt.Sprintf("the store's generation cannot be read: %v", err)
		return w
	}
	w.fp = fp
	empty, err := isEmpty(ctx, s)
	if err != nil {
		w.off = fmt.Sprintf("the store cannot be read: %v", err)
		return w
	}
	if empty {
		w.parts = make(map[quad.IRI]*part)
		return w
	}
	// only the facts are needed: the snapshot is assembled anew at Save
	h, b, err := readFacts(file)
	if err != nil {
		w.off = err.Error()
		return w
	}
	if h.Store != fp.ID || h.Generation != fp.Generation {
		w.off = fmt.Sprintf("the index file describes generation %d of store %s, the store is at %d of %s",
			h.Generation, h.Store, fp.Generation, fp.ID)
		return w
	}
	if w.parts, err = b.parts(); err != nil {
		w.off = fmt.Sprintf("index file corrupt: %v", err)
	}
	return w
}

// Wrote follows a write transaction the process has just committed. known holds, for
// labels the transaction wrote whole (a document loaded for the first time), their
// quads in the order they were written; every other label it changed is read from the
// store. It never fails: a write it cannot follow stops the writer (see Save).
func (w *IndexWriter) Wrote(ctx context.Context, s *graph.Store, known map[quad.IRI][]quad.Quad) {
	if w.off != "" {
		return
	}
	ch, err := s.ChangesSince(ctx, w.fp.Generation)
	switch {
	case err != nil:
		w.off = err.Error()
		return
	case ch.All:
		w.off = fmt.Sprintf("the store changed in a way its log cannot name (generation %d to %d)", w.fp.Generation, ch.To.Generation)
		return
	case ch.To.ID != w.fp.ID:
		w.off = fmt.Sprintf("another store (identity %s, was %s)", ch.To.ID, w.fp.ID)
		return
	case ch.To.Generation == w.fp.Generation:
		return // the transaction changed nothing
	case ch.To.Generation != w.fp.Generation+1:
		known = nil // another writer committed too: what it changed is read from the store
	}
	w.fp = ch.To
	w.wrote++
	if w.jobs != nil {
		w.jobs <- partsJob{labels: ch.Labels, known: known}
		return
	}
	read, err := labelParts(ctx, s, ch.Labels, known)
	if err != nil {
		w.off = err.Error()
		return
	}
	setParts(w.parts, read)
}

// Save assembles the index of the writes followed and writes the index file, or logs
// why the file was not kept.
func (w *IndexWriter) Save(ctx context.Context, s *graph.Store) error {
	w.wait()
	if w.off != "" {
		w.log.Info("query index file not updated: the next annals serve reads the store's changes or rebuilds it",
			"file", w.file, "why", w.off)
		return nil
	}
	if w.wrote == 0 {
		return nil
	}
	start := time.Now()
	// the facts section is made from the parts on the other core while they are
	// assembled (both only read them)
	facts := make(chan *indexBody, 1)
	go func() { facts <- factsBody(w.parts) }()
	snap := assemble(w.parts, w.fp)
	if st, err := s.Stats(ctx, false); err == nil {
		snap.nodes = st.Nodes.Value
	}
	body := <-facts
	body.Entries, body.Events = snap.entries, len(snap.events)
	size, err := writeIndexFileWith(w.file, snap, "", body)
	if err != nil {
		return fmt.Errorf("write the query index file: %w", err)
	}
	w.log.Info("query index written", "file", w.file, "generation", snap.fp.Generation, "entries", snap.entries,
		"bytes", size, "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// isEmpty reports whether s holds no quad, by asking for the first one (a store's size
// is an estimate on PostgreSQL).
func isEmpty(ctx context.Context, s *graph.Store) (bool, error) {
	it := s.QuadStore.QuadsAllIterator().Iterate()
	defer it.Close()
	if it.Next(ctx) {
		return false, nil
	}
	return true, it.Err()
}
