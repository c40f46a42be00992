package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"

	"annals/queries"
)

// problemBase is the base of the type URIs of our problems.
const problemBase = "https://annals.dev/problems/"

// Problem is an RFC 9457 problem details object. Error repeats Detail for clients
// of Cayley's API, which read an "error" member.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`

	Param       string        `json:"param,omitempty"`
	Value       string        `json:"value,omitempty"`
	Suggestions []queries.Ref `json:"suggestions,omitempty"`
	Timeout     string        `json:"timeout,omitempty"`
	Position    *Position     `json:"position,omitempty"`
	Error       string        `json:"error,omitempty"`
}

// Position is where a query's parser stopped.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// problem writes p as application/problem+json.
func (s *server) problem(w http.ResponseWriter, r *http.Request, p *Problem) {
	if p.Type != "" && p.Type != "about:blank" {
		p.Type = problemBase + p.Type
	}
	if p.Instance == "" {
		p.Instance = r.URL.RequestURI()
	}
	if p.Error == "" {
		p.Error = p.Detail
		if p.Error == "" {
			p.Error = p.Title
		}
	}
	if p.Status == http.StatusServiceUnavailable && p.Timeout != "" {
		w.Header().Set("Retry-After", "1")
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(p)
}

// fail answers an error of a named query with the problem it is.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var (
		ua *queries.UnknownActorError
		pe *queries.ParamError
	)
	switch {
	case errors.As(err, &ua):
		s.problem(w, r, &Problem{Type: "unknown-actor", Title: "Unknown actor", Status: http.StatusNotFound,
			Detail: ua.Error(), Param: ua.Param, Value: ua.Name, Suggestions: ua.Suggestions})
	case errors.As(err, &pe):
		typ, title := "bad-parameter", "Bad parameter"
		if errors.Is(err, queries.ErrBadDate) {
			typ, title = "bad-date", "Bad date"
		}
		s.problem(w, r, &Problem{Type: typ, Title: title, Status: http.StatusBadRequest,
			Detail: pe.Error(), Param: pe.Param, Value: pe.Value})
	case errors.Is(err, queries.ErrNotFound):
		s.problem(w, r, &Problem{Type: "not-found", Title: "Not found", Status: http.StatusNotFound, Detail: err.Error()})
	case errors.Is(err, context.DeadlineExceeded):
		s.timeout(w, r)
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer, but the log shows why.
		s.problem(w, r, &Problem{Type: "canceled", Title: "Request canceled", Status: http.StatusRequestTimeout,
			Detail: "the client closed the request"})
	default:
		s.log.Error("query failed", "path", r.URL.Path, "err", err)
		s.problem(w, r, &Problem{Type: "internal", Title: "Internal error", Status: http.StatusInternalServerError,
			Detail: err.Error()})
	}
}

// timeout answers a query stopped by the server's time limit.
func (s *server) timeout(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "timeout", Title: "Query timed out", Status: http.StatusServiceUnavailable,
		Detail:  "the query ran longer than the server's limit of " + s.opts.QueryTimeout.String(),
		Timeout: s.opts.QueryTimeout.String()})
}

// parserPosition finds "Line 3:14" (goja, Gizmo's parser) or "line 3, column 14" in a
// parser's message.
var parserPosition = regexp.MustCompile(`(?i)line:? ?(\d+)(?::|, column |, col |:col )(\d+)`)

func positionIn(msg string) *Position {
	m := parserPosition.FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	return &Position{Line: line, Column: col}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
