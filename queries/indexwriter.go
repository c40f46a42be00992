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
	// a bulk load's, not written yet: the store ids of their sentences, from the bulk
	ids func([]quad.Value) []uint64
}

// run builds the parts of job j into w.parts.
func (w *IndexWriter) run(ctx context.Context, s *graph.Store, j partsJob) error {
	if j.ids == nil {
		read, err := labelParts(ctx, s, j.labels, j.known)
		if err != nil {
			return err
		}
		setParts(w.parts, read)
		return nil
	}
	read, texts, err := labelPartsWithout(ctx, s, j.labels, j.known, true)
	if err != nil {
		return err
	}
	texts.addIDs(j.ids(texts.texts))
	setParts(w.parts, read)
	return nil
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
			if err := w.run(ctx, s, j); err != nil {
				w.mu.Lock()
				w.failed = err.Error()
				w.mu.Unlock()
			}
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
	w.send(ctx, s, partsJob{labels: ch.Labels, known: known})
}

// send runs job j: on the goroutine of Background if it runs, here otherwise.
func (w *IndexWriter) send(ctx context.Context, s *graph.Store, j partsJob) {
	if w.jobs != nil {
		w.jobs <- j
		return
	}
	if err := w.run(ctx, s, j); err != nil {
		w.off = err.Error()
	}
}

// Staged follows a bulk load (graph.BoltBulk) of an empty store before it is written:
// known holds, whole, the quads of documents it will write, and ids gives the store ids
// their values will have. Their parts are built now, so that the load does not hold
// the quads until the write. SaveAfter (or Committed, then Save) follows the write.
func (w *IndexWriter) Staged(ctx context.Context, s *graph.Store, known map[quad.IRI][]quad.Quad, ids func([]quad.Value) []uint64) {
	if w.off != "" {
		return
	}
	labels := make([]quad.IRI, 0, len(known))
	for l := range known {
		labels = append(labels, l)
	}
	w.send(ctx, s, partsJob{labels: labels, known: known, ids: ids})
}

// Committed follows the write of the bulk load whose documents Staged followed, or
// stops the writer when err (the write failed).
func (w *IndexWriter) Committed(ctx context.Context, s *graph.Store, err error) {
	if w.off != "" {
		return
	}
	if err != nil {
		w.off = fmt.Sprintf("the bulk load failed: %v", err)
		return
	}
	fp, err := s.Fingerprint(ctx)
	switch {
	case err != nil:
		w.off = err.Error()
		return
	case fp.ID != w.fp.ID:
		w.off = fmt.Sprintf("another store (identity %s, was %s)", fp.ID, w.fp.ID)
		return
	case fp.Generation != w.fp.Generation+1:
		w.off = fmt.Sprintf("the bulk load moved the store from generation %d to %d, not by one", w.fp.Generation, fp.Generation)
		return
	}
	w.fp = fp
	w.wrote++
}

// SaveAfter is Committed and Save for a bulk load whose write ends with written's
// value: the index is assembled while the store is written, and the file written once
// the store is. Save after it writes nothing unless a later write was followed, and
// says why the file was not written if it was not.
func (w *IndexWriter) SaveAfter(ctx context.Context, s *graph.Store, written <-chan error) error {
	w.wait()
	if w.off != "" {
		<-written
		return nil // Save says why
	}
	start := time.Now()
	snap, body := w.assemble()
	if w.Committed(ctx, s, <-written); w.off != "" {
		return nil
	}
	snap.fp = w.fp
	err := w.write(ctx, s, snap, body, start)
	w.wrote = 0
	return err
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
	snap, body := w.assemble()
	return w.write(ctx, s, snap, body, start)
}

// assemble makes the snapshot of the writes followed and its file's facts section.
func (w *IndexWriter) assemble() (*snapshot, *indexBody) {
	// the facts section is made from the parts on the other core while they are
	// assembled (both only read them)
	facts := make(chan *indexBody, 1)
	go func() { facts <- factsBody(w.parts) }()
	snap := assemble(w.parts, w.fp)
	return snap, <-facts
}

// write writes the index file of snap, begun at start.
func (w *IndexWriter) write(ctx context.Context, s *graph.Store, snap *snapshot, body *indexBody, start time.Time) error {
	if st, err := s.Stats(ctx, false); err == nil {
		snap.nodes = st.Nodes.Value
	}
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
