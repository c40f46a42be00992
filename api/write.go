package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"time"

	"annals/extract"
	"annals/loader"
	"annals/queries"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// storeWriter is the QuadWriter that Cayley's write and delete handlers get: every
// batch goes through graph.Store.Update, so that it is one transaction serialized
// with the loader's, as any other write of this process.
type storeWriter struct{ s *server }

func (w storeWriter) apply(plan func(ctx context.Context) ([]cgraph.Delta, error)) error {
	return w.s.store.Update(context.Background(), plan)
}

func (w storeWriter) ApplyTransaction(tx *cgraph.Transaction) error {
	return w.apply(func(context.Context) ([]cgraph.Delta, error) { return tx.Deltas, nil })
}

func (w storeWriter) AddQuad(q quad.Quad) error { return w.AddQuadSet([]quad.Quad{q}) }

func (w storeWriter) AddQuadSet(qs []quad.Quad) error {
	tx := cgraph.NewTransaction()
	for _, q := range qs {
		tx.AddQuad(q)
	}
	return w.ApplyTransaction(tx)
}

func (w storeWriter) RemoveQuad(q quad.Quad) error {
	tx := cgraph.NewTransaction()
	tx.RemoveQuad(q)
	return w.ApplyTransaction(tx)
}

// RemoveNode removes every quad the node is a part of, in one transaction.
func (w storeWriter) RemoveNode(v quad.Value) error {
	st := w.s.store
	return w.apply(func(ctx context.Context) ([]cgraph.Delta, error) {
		ref, err := st.ValueOf(v)
		if err != nil {
			return nil, err
		}
		if ref == nil {
			return nil, cgraph.ErrNodeNotExists
		}
		tx := cgraph.NewTransaction()
		for _, d := range quad.Directions {
			it := st.QuadIterator(d, ref).Iterate()
			for it.Next(ctx) {
				q, err := st.Quad(it.Result())
				if err != nil {
					it.Close()
					return nil, err
				}
				tx.RemoveQuad(q)
			}
			err := it.Err()
			it.Close()
			if err != nil {
				return nil, err
			}
		}
		return tx.Deltas, nil
	})
}

func (w storeWriter) Close() error { return nil }

// cayleyWrite serves Cayley's write and delete endpoints (behind requireWriteToken)
// and rebuilds the query index after a change, before answering.
func (s *server) cayleyWrite(w http.ResponseWriter, r *http.Request) {
	body := &limitWatch{ReadCloser: r.Body}
	r.Body = body
	rec := newRecorder()
	s.w2.ServeHTTP(rec, r)
	if body.hit {
		// Cayley's handler may have written the quads before the limit: a batch is
		// its own transaction, as in Cayley.
		s.tooLarge(w, r)
		return
	}
	if rec.status < 300 {
		if err := s.refreshIndex(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.relay(w, r, r.Context(), rec)
}

// v1Write serves /api/v1/write and /api/v1/delete: Cayley's API v1 took a JSON array
// of quads, which is v2's write with a JSON body.
func (s *server) v1Write(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r2 := r.Clone(r.Context())
		r2.URL.Path = path
		r2.Header.Set("Content-Type", "application/json")
		s.cayleyWrite(w, r2)
	}
}

// limitWatch notes whether a body was read past the limit of limitBody.
type limitWatch struct {
	io.ReadCloser
	hit bool
}

func (l *limitWatch) Read(p []byte) (int, error) {
	n, err := l.ReadCloser.Read(p)
	if err != nil && isTooLarge(err) {
		l.hit = true
	}
	return n, err
}

// readView runs a read while no write of this server is being applied (graph.Store.View),
// when the server takes writes: a query never sees half a write, and the memory store,
// which has no locking of its own, is never read while it is written. A read-only
// server has no writes to wait for.
func (s *server) readView(next http.Handler) http.Handler {
	if s.opts.WriteToken == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = s.store.View(r.Context(), func(context.Context) error {
			next.ServeHTTP(w, r)
			return nil
		})
	})
}

// refreshIndex rebuilds the query index from the store, so that the named queries see
// a write at once. Builds are serialized: the last one to finish holds every write
// that finished before it began.
func (s *server) refreshIndex(ctx context.Context) error {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	start := time.Now()
	var x *queries.Index
	err := s.store.View(ctx, func(ctx context.Context) error {
		var err error
		x, err = queries.NewIndex(ctx, s.store)
		return err
	})
	if err != nil {
		return err
	}
	s.index.Store(x)
	s.log.Info("query index rebuilt", "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// loadSummary is the answer of POST /api/load.
type loadSummary struct {
	Source       string `json:"source"`
	Format       string `json:"format"`
	Entries      int    `json:"entries"`
	QuadsAdded   int    `json:"quads_added"`
	QuadsRemoved int    `json:"quads_removed"`
	Warnings     int    `json:"warnings"`
	Elapsed      string `json:"elapsed"`
}

// load serves POST /api/load?source=NAME: the body is a chronology (text, extracted
// here) or extraction records (JSONL), loaded as the one document NAME in one
// transaction (replacing what the store held for NAME), after which the query index is
// rebuilt.
func (s *server) load(w http.ResponseWriter, r *http.Request) {
	source := r.URL.Query().Get("source")
	if strings.TrimSpace(source) == "" {
		s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest,
			Detail: "source is required: the document's name, as `annals load` uses the file's base name", Param: "source"})
		return
	}
	for name := range r.URL.Query() {
		if name != "source" && name != "format" {
			s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest,
				Detail: "unknown parameter; see /openapi.json", Param: name, Value: r.URL.Query().Get(name)})
			return
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if isTooLarge(err) {
			s.tooLarge(w, r)
			return
		}
		s.problem(w, r, &Problem{Type: "bad-body", Title: "Unreadable body", Status: http.StatusBadRequest, Detail: err.Error()})
		return
	}
	format := loadFormat(r, body)
	var recs []extract.Record
	switch format {
	case "jsonl":
		recs, err = loader.ReadJSONL(bytes.NewReader(body), source)
	case "text":
		var x *extract.Extractor
		if x, err = s.extractor(); err == nil {
			var doc *extract.Document
			if doc, err = x.Extract(bytes.NewReader(body), extract.Options{Source: source}); err == nil {
				recs = doc.Records
			}
		}
	default:
		s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest,
			Detail: "format must be text or jsonl", Param: "format", Value: format})
		return
	}
	if err != nil {
		s.problem(w, r, &Problem{Type: "bad-document", Title: "Bad document", Status: http.StatusBadRequest, Detail: err.Error()})
		return
	}
	sum, err := loader.LoadDocument(r.Context(), s.store, source, recs)
	if err != nil {
		if ctxErr := r.Context().Err(); ctxErr != nil {
			s.fail(w, r, ctxErr)
			return
		}
		// The loader checks each record's provenance before writing anything: an error
		// here is a document it refused, or a store that failed (logged).
		s.log.Warn("load refused", "source", source, "err", err)
		s.problem(w, r, &Problem{Type: "bad-document", Title: "Document not loaded", Status: http.StatusUnprocessableEntity,
			Detail: err.Error() + "; nothing of the document was written"})
		return
	}
	if err := s.refreshIndex(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, loadSummary{Source: source, Format: format, Entries: sum.Entries,
		QuadsAdded: sum.QuadsAdded, QuadsRemoved: sum.QuadsRemoved, Warnings: sum.Warnings,
		Elapsed: sum.Elapsed.Round(time.Millisecond).String()})
}

// loadFormat is ?format=, else what Content-Type says, else jsonl when the body's
// first character opens a JSON object, else text.
func loadFormat(r *http.Request, body []byte) string {
	if f := r.URL.Query().Get("format"); f != "" {
		return f
	}
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	switch {
	case strings.Contains(ct, "ndjson"), strings.Contains(ct, "jsonl"), strings.Contains(ct, "json-lines"):
		return "jsonl"
	case strings.HasPrefix(ct, "text/"):
		return "text"
	}
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		return "jsonl"
	}
	return "text"
}
