package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"annals/internal/sandbox"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/graphql"
	"github.com/dop251/goja"
	"github.com/go-chi/httprate"
)

// One limit policy for every entry point that runs a user's query or a computation
// over the whole graph (Gizmo, GraphQL and MQL on v1 and v2, /api/network and
// /api/export with their gizmo= parameter, /api/v2/read): the query's text is at
// most 1 MiB (413) and nests at most sandbox.MaxDepth levels (400, checked before any
// parser runs); it takes one of MaxQueries slots (503 busy), runs under QueryTimeout
// (503 timeout) and the heap watchdog (503 query-killed); its answer is at most
// MaxResultBytes (files: MaxFileBytes; 422 result-too-large), and a streamed answer
// ends with a trailer that says whether it is whole. The rate limit charges each
// request its cost.

// Rate-limit costs: a request spends this many of its address's RateLimit tokens.
const (
	costNamed      = 1  // a named query: indexed, bounded by its parameters
	costQuery      = 5  // a Gizmo, GraphQL or MQL query
	costWholeGraph = 10 // a network, an export or a read of the store
)

// TrailerComplete is the trailer of a streamed answer (/api/v2/read): "true" when the
// answer is whole, else "false" and TrailerCut says why it was cut.
const (
	TrailerComplete = "Annals-Complete"
	TrailerCut      = "Annals-Cut"
)

// requestCost is what a request costs in rate-limit tokens.
func requestCost(r *http.Request) int {
	p := r.URL.Path
	switch {
	case p == "/api/network" || p == "/api/export" || p == "/api/explorer/network" ||
		strings.HasPrefix(p, "/api/csv/") || strings.HasPrefix(p, "/api/v2/read"):
		return costWholeGraph
	case strings.HasPrefix(p, "/api/v2/query") || strings.HasPrefix(p, "/api/v1/query"):
		return costQuery
	}
	return costNamed
}

// charge sets the cost of the request for the rate limiter below it.
func charge(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(httprate.WithIncrement(r.Context(), requestCost(r))))
	})
}

// languages are the query languages served, with the lexical shape of each for the
// nesting pre-check.
var languages = map[string]sandbox.Language{"gizmo": sandbox.Gizmo, "graphql": sandbox.GraphQL, "mql": sandbox.JSON}

// queryRequest is a query to run and the shape of its answer.
type queryRequest struct {
	lang      string
	text      string
	limit     int
	collation query.Collation
}

// readQuery reads a query's text (the body, or ?qu= for a GET on v2) within 1 MiB and
// checks its nesting; it answers the problem and returns false when it cannot.
func (s *server) readQuery(w http.ResponseWriter, r *http.Request, lang string) (string, bool) {
	var text string
	if r.Method == http.MethodGet {
		text = r.URL.Query().Get("qu")
		if len(text) > maxQueryBytes {
			s.queryTooLarge(w, r)
			return "", false
		}
	} else {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxQueryBytes+1))
		var ne net.Error
		switch {
		case isTooLarge(err):
			s.tooLarge(w, r)
			return "", false
		case errors.As(err, &ne) && ne.Timeout():
			s.problem(w, r, &Problem{Type: "timeout", Title: "Request timed out", Status: http.StatusRequestTimeout,
				Detail: "the query's text did not arrive in time"})
			return "", false
		case err != nil:
			s.queryError(w, r, http.StatusBadRequest, err.Error())
			return "", false
		case len(body) > maxQueryBytes:
			s.queryTooLarge(w, r)
			return "", false
		}
		text = string(body)
	}
	if strings.TrimSpace(text) == "" {
		s.queryError(w, r, http.StatusBadRequest, "query is empty")
		return "", false
	}
	if err := sandbox.CheckDepth(languages[lang], text, sandbox.MaxDepth); err != nil {
		var de *sandbox.DepthError
		errors.As(err, &de)
		s.problem(w, r, &Problem{Type: "query-too-deep", Title: "Query nested too deep", Status: http.StatusBadRequest,
			Detail: err.Error(), Position: &Position{Line: de.Line}})
		return "", false
	}
	return text, true
}

func (s *server) queryTooLarge(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "too-large", Title: "Query too large", Status: http.StatusRequestEntityTooLarge,
		Detail: "the query is larger than the limit of " + strconv.Itoa(maxQueryBytes) + " bytes"})
}

// largeText is the size of a query text or answer after which the heap is returned
// to the system when the queries running are done (sandbox.Watchdog.FreeAfter).
const largeText = 256 << 10

// serveQuery reads a query (readQuery) and runs it (runQuery) under the heap
// watchdog.
func (s *server) serveQuery(w http.ResponseWriter, r *http.Request, q queryRequest) {
	ctx, release := s.watchdog.Watch(r.Context())
	defer release()
	r = r.WithContext(ctx)
	text, ok := s.readQuery(w, r, q.lang)
	if len(text) > largeText || r.ContentLength > largeText {
		s.watchdog.FreeAfter()
	}
	if !ok {
		return
	}
	q.text = text
	s.runQuery(w, r, q)
}

// runQuery runs a query under the time limit and answers its results as {"result":
// [...]} (GraphQL: {"data": {...}}), within MaxResultBytes.
func (s *server) runQuery(w http.ResponseWriter, r *http.Request, q queryRequest) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.QueryTimeout)
	defer cancel()

	var answer any
	var cut bool
	var err error
	switch q.lang {
	case "graphql":
		answer, cut, err = s.runGraphQL(ctx, q)
	default:
		answer, cut, err = s.runSession(ctx, q)
	}
	if err != nil {
		var se *sandbox.SyntaxError
		if errors.As(err, &se) {
			s.queryError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		s.queryFailed(w, r, ctx, err)
		return
	}
	rec := s.resultRecorder()
	enc := json.NewEncoder(rec)
	enc.SetEscapeHTML(false)
	err = enc.Encode(answer)
	if rec.body.Len() > largeText || rec.overflow {
		s.watchdog.FreeAfter()
	}
	if err != nil || rec.overflow {
		s.tooManyResults(w, r)
		return
	}
	// Cayley's own server answers GraphQL as text/plain; existing clients may
	// depend on its headers as much as on its body.
	ct := "application/json"
	switch {
	case q.lang == "graphql":
		ct = "text/plain; charset=utf-8"
	case q.collation == query.JSONLD:
		ct = "application/ld+json"
	}
	w.Header().Set("Content-Type", ct)
	// Nothing is cut silently: the headers of a query's answer say whether it is whole,
	// as the trailers of a streamed one do.
	if cut {
		w.Header().Set(TrailerComplete, "false")
		w.Header().Set(TrailerCut, "the answer reached the server's limit of "+strconv.Itoa(q.limit)+" results")
	} else {
		w.Header().Set(TrailerComplete, "true")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rec.body.Bytes())
}

// runSession runs a Gizmo or MQL query; Gizmo in a guarded VM (sandbox.NewGizmo). It
// asks for one result over the limit, so that cut says whether the answer was cut at
// the limit (and not merely as long as it).
func (s *server) runSession(ctx context.Context, q queryRequest) (answer any, cut bool, err error) {
	var ses query.Session
	if q.lang == "gizmo" {
		g, err := sandbox.NewGizmo(s.store.QuadStore, sandbox.Limits{StringBytes: s.opts.MaxResultBytes})
		if err != nil {
			return nil, false, err
		}
		ses = g
	} else {
		ses = query.GetLanguage(q.lang).Session(s.store.QuadStore)
	}
	it, err := ses.Execute(ctx, q.text, query.Options{Collation: q.collation, Limit: q.limit + 1})
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	var out []any
	for it.Next(ctx) {
		out = append(out, it.Result())
	}
	if err := it.Err(); err != nil {
		var so *goja.StackOverflowError
		if errors.As(err, &so) {
			return nil, false, fmt.Errorf("the query's call stack is deeper than the limit of %d calls (%w)", sandbox.DefaultCallStack, err)
		}
		return nil, false, err
	}
	if len(out) > q.limit {
		out, cut = out[:q.limit], true
	}
	return map[string]any{"result": out}, cut, nil
}

// runGraphQL runs a GraphQL query with every field's result count clamped to one over
// the query limit (sandbox.ClampGraphQL), then cuts every list longer than the limit
// to it: cut says whether any was.
func (s *server) runGraphQL(ctx context.Context, q queryRequest) (answer any, cut bool, err error) {
	text, err := sandbox.ClampGraphQL(q.text, q.limit+1)
	if err != nil {
		return nil, false, err
	}
	it, err := graphql.NewSession(s.store.QuadStore).Execute(ctx, text, query.Options{Collation: query.JSON})
	if err != nil {
		return nil, false, &sandbox.SyntaxError{Err: err}
	}
	defer it.Close()
	var data any
	if it.Next(ctx) {
		data = it.Result()
	}
	if err := it.Err(); err != nil {
		return nil, false, err
	}
	data, cut = cutLists(data, q.limit)
	return map[string]any{"data": data}, cut, nil
}

// cutLists cuts every list of objects in a GraphQL answer (Cayley's
// []map[string]any, or []any) longer than limit to limit, and says whether it cut one.
func cutLists(v any, limit int) (any, bool) {
	cut := false
	switch x := v.(type) {
	case []map[string]any:
		if len(x) > limit {
			x, cut = x[:limit], true
		}
		for _, o := range x {
			if _, c := cutLists(o, limit); c {
				cut = true
			}
		}
		return x, cut
	case []any:
		if len(x) > limit {
			x, cut = x[:limit], true
		}
		for i := range x {
			var c bool
			x[i], c = cutLists(x[i], limit)
			cut = cut || c
		}
		return x, cut
	case map[string]any:
		for k := range x {
			var c bool
			x[k], c = cutLists(x[k], limit)
			cut = cut || c
		}
	}
	return v, cut
}

// queryKilled answers a query the heap watchdog stopped.
func (s *server) queryKilled(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "1")
	s.problem(w, r, &Problem{Type: "query-killed", Title: "Query stopped", Status: http.StatusServiceUnavailable,
		Detail: "the query was stopped because the queries running outgrew the server's memory budget for queries (" +
			strconv.FormatUint(s.watchdog.Budget()>>20, 10) + " MiB); ask for less, or retry after the time in Retry-After"})
}

// bounded runs a handler that computes over the whole graph (network, export) under
// the query policy: a query slot, the time limit, the heap watchdog and the file byte
// cap; the answer is kept until the handler is done, so a cut answer is a problem.
func (s *server) bounded(next http.Handler) http.Handler {
	return s.limitQueries(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.QueryTimeout)
		defer cancel()
		ctx, release := s.watchdog.Watch(ctx)
		defer release()
		rec := newRecorder()
		rec.max = int(s.opts.MaxFileBytes)
		next.ServeHTTP(rec, r.WithContext(ctx))
		switch {
		case errors.Is(context.Cause(ctx), sandbox.ErrMemory):
			s.queryKilled(w, r)
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			s.timeout(w, r)
		case rec.overflow:
			s.fileTooLarge(w, r)
		default:
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
			w.WriteHeader(rec.status)
			_, _ = w.Write(rec.body.Bytes())
		}
	}))
}

func (s *server) fileTooLarge(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "result-too-large", Title: "Result too large", Status: http.StatusUnprocessableEntity,
		Detail: "the answer is larger than the server's limit of " + strconv.FormatInt(s.opts.MaxFileBytes, 10) +
			" bytes; select a smaller part of the graph (seed, from/to, types) or use `annals export`"})
}

// streamed runs a handler that streams the store (/api/v2/read) under the query
// policy: a query slot, the time limit and the file byte cap. Its answer cannot
// become a problem once it has begun, so it ends with the trailers TrailerComplete and
// TrailerCut, which a client checks.
func (s *server) streamed(next http.Handler) http.Handler {
	return s.limitQueries(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &streamWriter{ResponseWriter: w, max: s.opts.MaxFileBytes, deadline: time.Now().Add(s.opts.QueryTimeout)}
		// A client too slow to take the answer in time holds a query slot no longer
		// than the time limit and a little grace, not the server's write timeout.
		_ = http.NewResponseController(w).SetWriteDeadline(sw.deadline.Add(5 * time.Second))
		w.Header().Set("Trailer", TrailerComplete+", "+TrailerCut)
		next.ServeHTTP(sw, r)
		if sw.cut != "" {
			w.Header().Set(TrailerComplete, "false")
			w.Header().Set(TrailerCut, sw.cut)
			s.log.Warn("answer cut", "path", r.URL.Path, "reason", sw.cut, "bytes", sw.n)
			return
		}
		w.Header().Set(TrailerComplete, "true")
	}))
}

// streamWriter stops an answer at a byte cap or a deadline, remembering why.
type streamWriter struct {
	http.ResponseWriter
	max      int64
	n        int64
	deadline time.Time
	cut      string
}

var errAnswerCut = errors.New("answer cut")

func (s *streamWriter) Write(p []byte) (int, error) {
	switch {
	case s.cut != "":
		return 0, errAnswerCut
	case time.Now().After(s.deadline):
		s.cut = "the answer took longer than the server's time limit"
		return 0, errAnswerCut
	case s.n+int64(len(p)) > s.max:
		// What fits is sent: the answer is then chunked, and its trailer arrives.
		n, _ := s.write(p[:s.max-s.n])
		s.cut = "the answer reached the server's limit of " + strconv.FormatInt(s.max, 10) + " bytes"
		return n, errAnswerCut
	}
	return s.write(p)
}

func (s *streamWriter) write(p []byte) (int, error) {
	n, err := s.ResponseWriter.Write(p)
	s.n += int64(n)
	if err != nil {
		s.cut = "writing the answer failed: " + err.Error()
	}
	return n, err
}

func (s *streamWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *streamWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// lossWriter remembers the first error writing an answer, so that the request log
// says an answer was lost rather than that it was sent.
type lossWriter struct {
	http.ResponseWriter
	err error
}

func (l *lossWriter) Write(p []byte) (int, error) {
	n, err := l.ResponseWriter.Write(p)
	if err != nil && l.err == nil {
		l.err = err
	}
	return n, err
}

func (l *lossWriter) Flush() {
	if f, ok := l.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (l *lossWriter) Unwrap() http.ResponseWriter { return l.ResponseWriter }
