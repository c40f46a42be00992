package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/queries"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// writeAnswer is the answer of the write and delete endpoints, Cayley's shape.
type writeAnswer struct {
	Result string `json:"result"`
	Count  int    `json:"count"`
}

// quadsBody reads a write or delete body strictly (parseQuads), answering the problem
// when it is refused: 415 for a Content-Type not read, 413 past the size limit, 400
// with the line for anything that is not valid RDF.
func (s *server) quadsBody(w http.ResponseWriter, r *http.Request, parse func(format string, body []byte) error) bool {
	format, err := quadsFormat(r.Header.Get("Content-Type"))
	if err != nil {
		s.unsupportedType(w, r, err)
		return false
	}
	// Cayley's handler inflated gzip bodies, past any limit on what they inflate to.
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		s.unsupportedType(w, r, fmt.Errorf("%w: Content-Encoding %q (send the quads uncompressed)", errUnsupportedType, ce))
		return false
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.badBody(w, r, err)
		return false
	}
	if err := parse(format, body); err != nil {
		s.badBody(w, r, err)
		return false
	}
	return true
}

// writeQuads serves POST /api/v2/write: the body's quads are added in one transaction,
// all or none, and the query index is rebuilt before the answer.
func (s *server) writeQuads(w http.ResponseWriter, r *http.Request) {
	var qs []quad.Quad
	if !s.quadsBody(w, r, func(f string, b []byte) (err error) { qs, err = parseQuads(f, b); return err }) {
		return
	}
	tx := cgraph.NewTransaction()
	for _, q := range qs {
		tx.AddQuad(q)
	}
	s.applyWrite(w, r, func(context.Context) ([]cgraph.Delta, error) { return tx.Deltas, nil },
		func() writeAnswer {
			return writeAnswer{Result: fmt.Sprintf("Successfully wrote %d quads.", len(qs)), Count: len(qs)}
		})
}

// deleteQuads serves POST /api/v2/delete: the body's quads are removed in one
// transaction, unless that would leave an entry with part of its facts (409).
func (s *server) deleteQuads(w http.ResponseWriter, r *http.Request) {
	var qs []quad.Quad
	if !s.quadsBody(w, r, func(f string, b []byte) (err error) { qs, err = parseQuads(f, b); return err }) {
		return
	}
	s.applyWrite(w, r, func(ctx context.Context) ([]cgraph.Delta, error) { return s.removal(ctx, qs) },
		func() writeAnswer { return deleted(len(qs)) })
}

// deleteNode serves POST /api/v2/node/delete: every quad the node is part of is removed
// in one transaction, unless that would leave an entry with part of its facts (409).
func (s *server) deleteNode(w http.ResponseWriter, r *http.Request) {
	var node quad.Value
	if !s.quadsBody(w, r, func(f string, b []byte) (err error) { node, err = parseNode(f, b); return err }) {
		return
	}
	n := 0
	plan := func(ctx context.Context) ([]cgraph.Delta, error) {
		qs, err := s.quadsOf(ctx, node)
		if err != nil {
			return nil, err
		}
		n = len(qs)
		return s.removal(ctx, qs)
	}
	s.applyWrite(w, r, plan, func() writeAnswer { return deleted(n) })
}

func deleted(n int) writeAnswer {
	return writeAnswer{Result: fmt.Sprintf("Successfully deleted %d quads.", n), Count: n}
}

// applyWrite applies a write's plan, rebuilds the index and answers.
func (s *server) applyWrite(w http.ResponseWriter, r *http.Request, plan func(context.Context) ([]cgraph.Delta, error),
	answer func() writeAnswer) {
	err := s.store.Update(r.Context(), plan)
	var pe *PartialEntryError
	switch {
	case errors.As(err, &pe):
		s.problem(w, r, &Problem{Type: "partial-entry", Title: "Delete would split an entry", Status: http.StatusConflict,
			Detail: pe.Error(), Value: pe.Entry.String()})
		return
	case errors.Is(err, cgraph.ErrNodeNotExists):
		s.problem(w, r, &Problem{Type: "not-found", Title: "Not found", Status: http.StatusNotFound, Detail: "no such node in the store"})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if err := s.refreshIndex(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, answer())
}

// PartialEntryError is a delete refused because it removes some, not all, of the quads
// labelled with one entry: the entry would then state half an event, and the query
// index (an event's facts) and Cayley's queries (the quads) would disagree. The
// statements a document makes about its nodes (labelled with the document) are one
// such label too: they go whole, or with a reload of the document.
type PartialEntryError struct {
	Entry           quad.Value
	Deleting, Total int
}

func (e *PartialEntryError) Error() string {
	what := "entry"
	if iri, ok := e.Entry.(quad.IRI); ok && strings.HasPrefix(string(iri), graph.NodeNS+"doc/") {
		what = "document"
	}
	return fmt.Sprintf("the delete removes %d of the %d quads of %s %s; delete all of them (or reload the document with POST /api/load), nothing was deleted",
		e.Deleting, e.Total, what, e.Entry)
}

// removal plans the removal of qs: every quad that exists, unless a label (an entry)
// would keep some of its quads.
func (s *server) removal(ctx context.Context, qs []quad.Quad) ([]cgraph.Delta, error) {
	labels := make(map[string]quad.Value)
	deleting := make(map[string]bool, len(qs))
	for _, q := range qs {
		if q.Label != nil {
			labels[q.Label.String()] = q.Label
			deleting[q.NQuad()] = true
		}
	}
	for _, label := range labels {
		stored, err := s.store.QuadsLabelled(ctx, label)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, q := range stored {
			if deleting[q.NQuad()] {
				n++
			}
		}
		if n > 0 && n < len(stored) {
			return nil, &PartialEntryError{Entry: label, Deleting: n, Total: len(stored)}
		}
	}
	tx := cgraph.NewTransaction()
	for _, q := range qs {
		tx.RemoveQuad(q)
	}
	return tx.Deltas, nil
}

// quadsOf returns every quad node is part of, in any position.
func (s *server) quadsOf(ctx context.Context, node quad.Value) ([]quad.Quad, error) {
	st := s.store
	ref, err := st.ValueOf(node)
	if err != nil {
		return nil, err
	}
	if ref == nil {
		return nil, cgraph.ErrNodeNotExists
	}
	seen := make(map[string]bool)
	var out []quad.Quad
	for _, d := range quad.Directions {
		it := st.QuadIterator(d, ref).Iterate()
		for it.Next(ctx) {
			q, err := st.Quad(it.Result())
			if err != nil {
				it.Close()
				return nil, err
			}
			if k := q.NQuad(); !seen[k] {
				seen[k] = true
				out = append(out, q)
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// v1Write serves /api/v1/write and /api/v1/delete: Cayley's API v1 took a JSON array
// of quads, which is v2's write with a JSON body.
func (s *server) v1Write(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r2 := r.Clone(r.Context())
		r2.Header.Set("Content-Type", "application/json")
		h(w, r2)
	}
}

// readView runs a read under graph.Store.View (which locks only the memory store, the
// one without isolation of its own) when the server takes writes; a read-only server
// has no writes to wait for.
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

// refreshIndex brings the query index up to the store (queries.Index.Sync: only the
// entries the write changed are read again), so that the named queries see a write at
// once. Syncs are serialized by the index: the last one to finish holds every write
// that finished before it began.
func (s *server) refreshIndex(ctx context.Context) error {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	if x := s.index.Load(); x != nil {
		return x.Sync(ctx, s.store)
	}
	start := time.Now()
	x, err := queries.NewIndex(ctx, s.store)
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
	if reason := checkSource(source); reason != "" {
		s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest,
			Detail: reason, Param: "source", Value: source})
		return
	}
	for name := range r.URL.Query() {
		if name != "source" && name != "format" {
			s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest,
				Detail: "unknown parameter; see /openapi.json", Param: name, Value: r.URL.Query().Get(name)})
			return
		}
	}
	typed, err := loadType(r.Header.Get("Content-Type"))
	if err != nil {
		s.unsupportedType(w, r, err)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err == nil {
		err = checkText(body)
	}
	if err != nil {
		s.badBody(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = typed
	}
	if format == "" {
		format = sniffFormat(body)
	}
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

// loadType is the format a Content-Type names for POST /api/load ("" when none is
// given: the body decides), or an error for a type it does not read.
func loadType(contentType string) (string, error) {
	if strings.TrimSpace(contentType) == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", fmt.Errorf("%w %q: %v", errUnsupportedType, contentType, err)
	}
	if f, ok := loadTypes[mt]; ok {
		return f, nil
	}
	return "", fmt.Errorf("%w %q (use text/plain for a chronology, application/x-ndjson for extraction records)", errUnsupportedType, mt)
}

// sniffFormat is jsonl when the body's first character opens a JSON object, else text.
func sniffFormat(body []byte) string {
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		return "jsonl"
	}
	return "text"
}
