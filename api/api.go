// Package api serves the knowledge graph over HTTP: the named queries of package
// queries as JSON or CSV, Cayley's own query API (v2, and v1's query shape) read-only,
// health and readiness, and an OpenAPI description of it all. Errors are RFC 9457
// problem details.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/internal/sandbox"
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

	// MaxQueries bounds the Gizmo/GraphQL/MQL queries running at once (default 4);
	// one more is answered 503 with Retry-After.
	MaxQueries int
	// MaxResultBytes bounds the answer of a Cayley query (default 16 MiB): GraphQL
	// has no result count Cayley would bound.
	MaxResultBytes int
	// MaxFileBytes bounds the answer of /api/network, /api/export and /api/v2/read
	// (default 128 MiB).
	MaxFileBytes int64
	// QueryMemory is the heap the queries running may grow together (default 512
	// MiB); past it the heap watchdog stops them all (503 query-killed).
	QueryMemory uint64
	// MaxBodyBytes bounds a request's body (default 32 MiB); a larger one is answered
	// 413.
	MaxBodyBytes int64
	// RateLimit is the requests a minute allowed from one client address; 0 is no
	// limit. /healthz and /readyz are not limited.
	RateLimit int
	// CORSOrigins are the origins whose pages may call the API from a browser (a
	// "*" allows any); none by default.
	CORSOrigins []string
	// WriteToken enables the write, delete and load endpoints for requests that bear
	// it (Authorization: Bearer TOKEN). Empty, the server is read-only.
	WriteToken string
	// Primary, when set, says the server follows a read replica: the answer to a
	// write names it as where loads go.
	Primary string
}

// server holds what the handlers share.
type server struct {
	store *graph.Store
	opts  Options
	log   *slog.Logger
	index atomic.Pointer[queries.Index]
	v2    *cayleyhttp.APIv2
	// queries holds a token for each Cayley query running (limitQueries).
	queries chan struct{}
	// watchdog stops the queries running when the heap outgrows QueryMemory.
	watchdog *sandbox.Watchdog
	// probing is set while a readiness read is waiting for the store (probe).
	probing atomic.Bool
	// refresh serializes rebuilds of the index after writes.
	refresh   sync.Mutex
	extractor func() (*extract.Extractor, error)
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
	if opts.MaxQueries <= 0 {
		opts.MaxQueries = defaultMaxQueries
	}
	if opts.MaxResultBytes <= 0 {
		opts.MaxResultBytes = defaultMaxQueryBytes
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = defaultMaxBodyBytes
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = defaultMaxFileBytes
	}
	if opts.QueryMemory == 0 {
		opts.QueryMemory = defaultQueryMemory
	}
	s := &server{store: store, opts: opts, log: opts.Logger, queries: make(chan struct{}, opts.MaxQueries),
		watchdog: sandbox.NewWatchdog(opts.QueryMemory, 0), extractor: sync.OnceValues(extract.New)}
	if opts.Index != nil {
		s.index.Store(opts.Index)
	} else {
		go s.buildIndex()
	}
	// Cayley's query handler gets the store's quads and no writer, in read-only mode;
	// writes have handlers of their own (write.go), behind requireWriteToken.
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
	st, err := s.probe(r.Context())
	if err != nil {
		s.problem(w, r, &Problem{Type: "not-ready", Title: "Not ready", Status: http.StatusServiceUnavailable,
			Detail: "the store does not answer: " + err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "ready", "quads": st.Quads.Value, "index_built": x.Built().UTC().Format(time.RFC3339),
	})
}

// readyTimeout is how long /readyz waits for the store to answer a read.
const readyTimeout = 2 * time.Second

// errProbeStuck is a readiness read still waiting from an earlier /readyz.
var errProbeStuck = errors.New("a read issued by an earlier /readyz has not been answered yet")

// probe reads from the store as a request would (through View, the size and a value
// lookup) and gives up after readyTimeout: a server whose reads are stuck (a lock
// never released, a remap waiting on a read) is not ready. At most one probe waits at
// a time; while it waits, /readyz answers 503 at once.
func (s *server) probe(ctx context.Context) (cgraph.Stats, error) {
	if !s.probing.CompareAndSwap(false, true) {
		return cgraph.Stats{}, errProbeStuck
	}
	type answer struct {
		st  cgraph.Stats
		err error
	}
	done := make(chan answer, 1)
	go func() {
		defer s.probing.Store(false)
		var a answer
		a.err = s.store.View(context.Background(), func(ctx context.Context) error {
			if a.st, a.err = s.store.Stats(ctx, false); a.err != nil {
				return a.err
			}
			_, err := s.store.ValueOf(graph.Source)
			return err
		})
		done <- a
	}()
	select {
	case a := <-done:
		return a.st, a.err
	case <-time.After(readyTimeout):
		return cgraph.Stats{}, fmt.Errorf("no answer to a read within %s", readyTimeout)
	case <-ctx.Done():
		return cgraph.Stats{}, ctx.Err()
	}
}

func (s *server) readOnly(w http.ResponseWriter, r *http.Request) {
	if s.opts.Primary != "" {
		s.problem(w, r, &Problem{Type: "read-only", Title: "Read-only replica", Status: http.StatusForbidden,
			Detail: "this server reads a replica and accepts no writes or deletes; load documents into the primary, " +
				s.opts.Primary + ", with `annals load --store postgres --db DSN`"})
		return
	}
	s.problem(w, r, &Problem{Type: "read-only", Title: "Read-only", Status: http.StatusForbidden,
		Detail: "this server does not accept writes or deletes (it was started without a write token); load documents with `annals load`"})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "no-route", Title: "No such route", Status: http.StatusNotFound,
		Detail: "no route " + r.URL.Path + "; see /openapi.json"})
}

func (s *server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "method-not-allowed", Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
		Detail: r.Method + " is not allowed on " + r.URL.Path})
}

// logRequests writes one structured line per request. An answer that could not be
// written whole (the client went away, or the write deadline passed) is logged as
// lost, at level WARN, with the write error, whatever its status said.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		lw := &lossWriter{ResponseWriter: w}
		ww := middleware.NewWrapResponseWriter(lw, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		level, msg := slog.LevelInfo, "request"
		attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("query", r.URL.RawQuery), slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()), slog.Duration("elapsed", time.Since(start)),
			slog.String("request_id", middleware.GetReqID(r.Context()))}
		if lw.err != nil {
			level, msg = slog.LevelWarn, "answer lost"
			attrs = append(attrs, slog.String("write_error", lw.err.Error()))
		}
		s.log.LogAttrs(r.Context(), level, msg, attrs...)
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
