// Package api serves the knowledge graph over HTTP: the named queries of package
// queries as JSON or CSV, Cayley's own query API (v2, and v1's query shape) read-only,
// health and readiness, and an OpenAPI description of it all. Errors are RFC 9457
// problem details.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"annals/graph"
	"annals/queries"

	cgraph "github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/go-chi/chi/v5/middleware"

	// Query languages served by /api/v2/query and /api/v1/query/{lang}.
	_ "github.com/cayleygraph/cayley/query/gizmo"
	_ "github.com/cayleygraph/cayley/query/graphql"
	_ "github.com/cayleygraph/cayley/query/mql"

	// Quad formats served by /api/v2/read.
	_ "github.com/cayleygraph/quad/json"
	_ "github.com/cayleygraph/quad/jsonld"
	_ "github.com/cayleygraph/quad/nquads"
)

// Options configure the API.
type Options struct {
	// QueryTimeout bounds every query, named or Gizmo/GraphQL/MQL (default 10s).
	QueryTimeout time.Duration
	// QueryLimit bounds the results of a Cayley query (default 1000); v1 requests may
	// ask for fewer with ?limit=.
	QueryLimit int
	// Index is the store's query index. When nil, New builds it in the background and
	// /readyz answers 503 until it is ready.
	Index *queries.Index
	// Logger receives one line per request (default slog.Default()).
	Logger *slog.Logger
}

// server holds what the handlers share.
type server struct {
	store *graph.Store
	opts  Options
	log   *slog.Logger
	index atomic.Pointer[queries.Index]
	v2    *cayleyhttp.APIv2
}

// New returns the HTTP handler of the API over a store, to serve as is or to mount
// (the web explorer mounts it at /).
func New(store *graph.Store, opts Options) http.Handler {
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 10 * time.Second
	}
	if opts.QueryLimit <= 0 {
		opts.QueryLimit = 1000
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &server{store: store, opts: opts, log: opts.Logger}
	if opts.Index != nil {
		s.index.Store(opts.Index)
	} else {
		go s.buildIndex()
	}
	// Cayley's handler gets the store's quads and no writer: writes are refused before
	// they reach it, and read-only mode is set besides.
	s.v2 = cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: store.QuadStore})
	s.v2.SetReadOnly(true)
	s.v2.SetQueryTimeout(opts.QueryTimeout)
	s.v2.SetQueryLimit(opts.QueryLimit)
	return s.routes()
}

func (s *server) buildIndex() {
	start := time.Now()
	x, err := queries.NewIndex(context.Background(), s.store)
	if err != nil {
		s.log.Error("building the query index failed", "err", err)
		return
	}
	s.index.Store(x)
	s.log.Info("query index ready", "elapsed", time.Since(start).Round(time.Millisecond))
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is ready once the index is built and the store answers.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	x := s.index.Load()
	if x == nil {
		s.problem(w, r, &Problem{Type: "not-ready", Title: "Not ready", Status: http.StatusServiceUnavailable,
			Detail: "the query index is being built"})
		return
	}
	st, err := s.store.Stats(r.Context(), false)
	if err != nil {
		s.problem(w, r, &Problem{Type: "not-ready", Title: "Not ready", Status: http.StatusServiceUnavailable,
			Detail: "the store does not answer: " + err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "ready", "quads": st.Quads.Value, "index_built": x.Built().UTC().Format(time.RFC3339),
	})
}

func (s *server) readOnly(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "read-only", Title: "Read-only", Status: http.StatusForbidden,
		Detail: "this server does not accept writes or deletes; load documents with `annals load`"})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "no-route", Title: "No such route", Status: http.StatusNotFound,
		Detail: "no route " + r.URL.Path + "; see /openapi.json"})
}

func (s *server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "method-not-allowed", Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
		Detail: r.Method + " is not allowed on " + r.URL.Path})
}

// logRequests writes one structured line per request.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("query", r.URL.RawQuery), slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()), slog.Duration("elapsed", time.Since(start)),
			slog.String("request_id", middleware.GetReqID(r.Context())))
	})
}

// recoverPanics turns a panic into a 500 problem and a log line, not a dropped
// connection.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				s.problem(w, r, &Problem{Type: "internal", Title: "Internal error", Status: http.StatusInternalServerError})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
