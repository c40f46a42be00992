package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readBody reads a request's whole body (within limitBody's limit) before the handler
// runs, so that a query slot, the memory store's lock or a snapshot is taken only
// once the body is in: a client that dribbles its body holds nothing but its own
// connection (and the server's read timeout ends it).
func (s *server) readBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.badBody(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// badBody answers a body that could not be read or was refused: 413 past the size
// limit, otherwise 400 with the line (BodyError) or the read error.
func (s *server) badBody(w http.ResponseWriter, r *http.Request, err error) {
	if isTooLarge(err) {
		s.tooLarge(w, r)
		return
	}
	var be *BodyError
	if errors.As(err, &be) {
		s.problem(w, r, &Problem{Type: "bad-body", Title: "Bad request body", Status: http.StatusBadRequest,
			Detail: be.Error(), Position: linePosition(be.Line)})
		return
	}
	s.problem(w, r, &Problem{Type: "bad-body", Title: "Unreadable body", Status: http.StatusBadRequest, Detail: err.Error()})
}

func linePosition(line int) *Position {
	if line == 0 {
		return nil
	}
	return &Position{Line: line}
}

// unsupportedType answers 415 for a Content-Type an endpoint does not read.
func (s *server) unsupportedType(w http.ResponseWriter, r *http.Request, err error) {
	s.problem(w, r, &Problem{Type: "unsupported-media-type", Title: "Unsupported media type",
		Status: http.StatusUnsupportedMediaType, Detail: err.Error()})
}

// maxSourceLen bounds a document name (a file name on common file systems).
const maxSourceLen = 255

// checkSource checks a document name given to POST /api/load: a plain file name, as
// `annals load` takes a file's base name: no path separator, no "..", no control
// character, valid UTF-8, at most 255 bytes.
func checkSource(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "source is required: the document's name, as `annals load` uses the file's base name"
	case len(name) > maxSourceLen:
		return "source is longer than 255 bytes"
	case !utf8.ValidString(name):
		return "source is not UTF-8"
	case strings.ContainsAny(name, `/\`):
		return "source must be a plain file name, without a path separator"
	case strings.Contains(name, ".."):
		return `source must be a plain file name, without ".."`
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "source must not contain control characters"
	}
	return ""
}

// loadTypes are the Content-Types POST /api/load reads, and the format each means.
var loadTypes = map[string]string{
	"text/plain": "text", "text/markdown": "text",
	"application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/json-lines": "jsonl",
	"application/x-jsonlines": "jsonl", "application/ndjson": "jsonl",
}
