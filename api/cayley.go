package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"annals/internal/sandbox"

	"github.com/cayleygraph/cayley/query"
	"github.com/go-chi/chi/v5"
)

// maxQueryBytes bounds a query's text, as Cayley's own server does.
const maxQueryBytes = 1 << 20

// cayleyQuery serves /api/v2/query in the request and answer shape of Cayley's API
// v2 (?lang=, the query as ?qu= or the body; {"result": [...]}, GraphQL {"data":
// ...}), under the query policy of isolate.go.
func (s *server) cayleyQuery(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if _, ok := languages[lang]; !ok {
		s.unknownLanguage(w, r, lang)
		return
	}
	coll := query.JSON
	if strings.Contains(r.Header.Get("Accept"), "application/ld+json") && lang == "gizmo" {
		coll = query.JSONLD
	}
	s.serveQuery(w, r, queryRequest{lang: lang, limit: s.opts.QueryLimit, collation: coll})
}

func (s *server) unknownLanguage(w http.ResponseWriter, r *http.Request, lang string) {
	s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Unknown query language", Status: http.StatusBadRequest,
		Detail: "unknown query language " + strconv.Quote(lang) + "; use gizmo, graphql or mql", Param: "lang", Value: lang})
}

// relay copies a recorded Cayley answer to w, or the problem its error is.
func (s *server) relay(w http.ResponseWriter, r *http.Request, ctx context.Context, rec *recorder) {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		s.timeout(w, r)
		return
	}
	if rec.overflow {
		s.tooManyResults(w, r)
		return
	}
	if rec.status >= 400 {
		var body struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(rec.body.Bytes(), &body)
		if body.Error == "" {
			body.Error = http.StatusText(rec.status)
		}
		s.queryError(w, r, rec.status, body.Error)
		return
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// cayleyRead serves /api/v2/read and /api/v2/formats with Cayley's handler, streaming
// its answer, except that an error becomes a problem.
func (s *server) cayleyRead(w http.ResponseWriter, r *http.Request) {
	iw := &errorInterceptor{w: w}
	s.v2.ServeHTTP(iw, r)
	if iw.err != nil {
		s.relay(w, r, r.Context(), iw.err)
	}
}

// errorInterceptor passes an answer through, unless its status is an error: then it
// keeps it for the caller to rewrite.
type errorInterceptor struct {
	w   http.ResponseWriter
	err *recorder
}

func (e *errorInterceptor) Header() http.Header {
	if e.err != nil {
		return e.err.Header()
	}
	return e.w.Header()
}

func (e *errorInterceptor) WriteHeader(status int) {
	if status >= 400 && e.err == nil {
		e.err = newRecorder()
		e.err.WriteHeader(status)
		return
	}
	if e.err == nil {
		e.w.WriteHeader(status)
	}
}

func (e *errorInterceptor) Write(p []byte) (int, error) {
	if e.err != nil {
		return e.err.Write(p)
	}
	return e.w.Write(p)
}

// queryError answers a query the language refused, with the parser's message and,
// when it gives one, the position.
func (s *server) queryError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status < 400 || status >= 500 {
		status = http.StatusBadRequest
	}
	s.problem(w, r, &Problem{Type: "query-error", Title: "Query error", Status: status,
		Detail: msg, Position: positionIn(msg)})
}

// v1Query serves /api/v1/query/{lang} with the request and response shape of Cayley's
// API v1: the query is the body, ?limit= bounds the results (default 100), the answer
// is {"result": [...]}.
func (s *server) v1Query(w http.ResponseWriter, r *http.Request) {
	lang := chi.URLParam(r, "lang")
	if _, ok := languages[lang]; !ok {
		s.unknownLanguage(w, r, lang)
		return
	}
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			s.problem(w, r, &Problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest,
				Detail: "limit must be a positive integer", Param: "limit", Value: v})
			return
		}
		limit = n
	}
	s.serveQuery(w, r, queryRequest{lang: lang, limit: min(limit, s.opts.QueryLimit), collation: query.JSON})
}

func (s *server) queryFailed(w http.ResponseWriter, r *http.Request, ctx context.Context, err error) {
	if errors.Is(context.Cause(ctx), sandbox.ErrMemory) {
		s.queryKilled(w, r)
		return
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		s.timeout(w, r)
		return
	}
	s.queryError(w, r, http.StatusBadRequest, err.Error())
}

// tooManyResults answers a query whose answer outgrew MaxResultBytes.
func (s *server) tooManyResults(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "result-too-large", Title: "Result too large", Status: http.StatusUnprocessableEntity,
		Detail: "the answer is larger than the server's limit of " + strconv.Itoa(s.opts.MaxResultBytes) +
			" bytes; ask for fewer results (Gizmo: .Limit(n) or .GetLimit(n); GraphQL: first: n)"})
}

// errResultTooLarge stops a query's handler writing past its recorder's limit.
var errResultTooLarge = errors.New("result too large")

// recorder keeps a Cayley handler's answer until we know whether it is an error, up
// to max bytes when max > 0.
type recorder struct {
	header   http.Header
	status   int
	body     bytes.Buffer
	wrote    bool
	max      int
	overflow bool
}

func newRecorder() *recorder { return &recorder{header: make(http.Header), status: http.StatusOK} }

func (s *server) resultRecorder() *recorder {
	rec := newRecorder()
	rec.max = s.opts.MaxResultBytes
	return rec
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	if r.max > 0 && r.body.Len()+len(p) > r.max {
		r.overflow = true
		return 0, errResultTooLarge
	}
	return r.body.Write(p)
}
