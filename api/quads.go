package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/piprate/json-gold/ld"
)

// Body formats of the write and delete endpoints.
const (
	formatNQuads = "nquads"
	formatJSON   = "json"
)

// errUnsupportedType is a Content-Type the write endpoints do not read.
var errUnsupportedType = errors.New("unsupported content type")

// quadsFormat is the format a write body's Content-Type names: N-Quads (also when
// none is given, Cayley's default) or Cayley's JSON array of quads.
func quadsFormat(contentType string) (string, error) {
	if strings.TrimSpace(contentType) == "" {
		return formatNQuads, nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", fmt.Errorf("%w %q: %v", errUnsupportedType, contentType, err)
	}
	switch mt {
	case "application/n-quads", "application/n-triples", "text/x-nquads":
		return formatNQuads, nil
	case "application/json":
		return formatJSON, nil
	}
	return "", fmt.Errorf("%w %q (use application/n-quads or application/json)", errUnsupportedType, mt)
}

// BodyError is a write body refused: where and why.
type BodyError struct {
	// Line is the body's line (N-Quads) or the array's element, from 1; 0 is the
	// whole body.
	Line   int
	Reason string
}

func (e *BodyError) Error() string {
	if e.Line == 0 {
		return e.Reason
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
}

// checkText refuses a body that is not text: invalid UTF-8 or a NUL byte.
func checkText(body []byte) error {
	line := 1
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &BodyError{Line: line, Reason: fmt.Sprintf("not UTF-8 text (byte %d is 0x%02x): binary bodies are refused", i, body[i])}
		case r == 0:
			return &BodyError{Line: line, Reason: fmt.Sprintf("not text (byte %d is NUL): binary bodies are refused", i)}
		case r == '\n':
			line++
		}
		i += size
	}
	return nil
}

// parseQuads reads a write or delete body strictly: every line (element) must be a
// valid quad, or nothing is written.
func parseQuads(format string, body []byte) ([]quad.Quad, error) {
	if err := checkText(body); err != nil {
		return nil, err
	}
	if format == formatJSON {
		return parseJSONQuads(body)
	}
	var out []quad.Quad
	for i, line := range bytes.Split(body, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		q, err := parseQuadLine(s)
		if err != nil {
			return nil, &BodyError{Line: i + 1, Reason: err.Error()}
		}
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, &BodyError{Reason: "no quads in the body"}
	}
	return out, nil
}

// parseQuadLine parses one N-Quads statement. Cayley's parser accepts more than
// N-Quads (an unclosed IRI becomes a literal subject), so the statement must first
// match the W3C grammar (json-gold's N-Quads reader); then each term must be of a kind
// its position allows.
func parseQuadLine(s string) (quad.Quad, error) {
	if _, err := ld.ParseNQuads(s + "\n"); err != nil {
		return quad.Quad{}, errors.New("not an N-Quads statement: `<subject> <predicate> object [<graph>] .` with IRIs in <>, blank nodes as _:name, literals in \"\"")
	}
	q, err := nquads.Parse(s)
	if err != nil {
		return quad.Quad{}, fmt.Errorf("not an N-Quads statement: %v", err)
	}
	return q, checkQuad(q)
}

// checkQuad checks the kind of each term: subject and graph an IRI or a blank node,
// predicate an IRI, object any term; IRIs absolute and without spaces or characters
// N-Quads forbids.
func checkQuad(q quad.Quad) error {
	for _, d := range quad.Directions {
		v := q.Get(d)
		switch v := v.(type) {
		case nil:
			if d != quad.Label {
				return fmt.Errorf("the %s is missing", d)
			}
		case quad.IRI:
			if err := checkIRI(string(v)); err != nil {
				return fmt.Errorf("the %s: %w", d, err)
			}
		case quad.BNode:
			if d == quad.Predicate {
				return fmt.Errorf("the predicate must be an IRI, not the blank node %s", v)
			}
		default:
			if d != quad.Object {
				return fmt.Errorf("the %s must be an IRI or a blank node, not the literal %s", d, v)
			}
		}
	}
	return nil
}

// checkIRI refuses an IRI without a scheme, or with a space, a control character or
// one of <>"{}|^`\ (RFC 3987 and N-Quads' IRIREF).
func checkIRI(iri string) error {
	if i := strings.IndexByte(iri, ':'); i < 1 {
		return fmt.Errorf("IRI <%s> has no scheme (write urn:..., https://...)", iri)
	}
	for _, r := range iri {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>\"{}|^`\\", r) {
			return fmt.Errorf("IRI <%s> contains %q, which IRIs may not", iri, r)
		}
	}
	return nil
}

// jsonQuad is a quad of Cayley's JSON format: each term in N-Quads notation.
type jsonQuad struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Label     string `json:"label,omitempty"`
}

// parseJSONQuads reads Cayley's JSON array of quads. Cayley reads a term that is not
// in N-Quads notation as a literal (a bare word subject); here it is refused.
func parseJSONQuads(body []byte) ([]quad.Quad, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var in []jsonQuad
	if err := dec.Decode(&in); err != nil {
		return nil, &BodyError{Reason: "not a JSON array of quads ({\"subject\": \"<iri>\", \"predicate\": \"<iri>\", \"object\": \"<iri>\" or \"\\\"text\\\"\", \"label\": \"<iri>\"}): " + err.Error()}
	}
	if dec.More() {
		return nil, &BodyError{Reason: "more than one JSON value in the body"}
	}
	if len(in) == 0 {
		return nil, &BodyError{Reason: "no quads in the body"}
	}
	out := make([]quad.Quad, 0, len(in))
	for i, j := range in {
		line := j.Subject + " " + j.Predicate + " " + j.Object
		if j.Label != "" {
			line += " " + j.Label
		}
		q, err := parseQuadLine(line + " .")
		if err != nil {
			return nil, &BodyError{Line: i + 1, Reason: "quad " + line + ": " + err.Error()}
		}
		out = append(out, q)
	}
	return out, nil
}

// parseNode reads the body of /api/v2/node/delete: one IRI or blank node, as a JSON
// string ("<urn:x>") or in N-Quads notation (<urn:x>).
func parseNode(format string, body []byte) (quad.Value, error) {
	if err := checkText(body); err != nil {
		return nil, err
	}
	term := strings.TrimSpace(string(body))
	if format == formatJSON {
		if err := json.Unmarshal(body, &term); err != nil {
			return nil, &BodyError{Reason: "not a JSON string naming a node (\"<urn:x>\"): " + err.Error()}
		}
	}
	q, err := parseQuadLine(term + " <urn:annals:node> <urn:annals:node> .")
	if err != nil {
		return nil, &BodyError{Reason: fmt.Sprintf("%q is not an IRI (<urn:x>) or a blank node (_:x)", term)}
	}
	return q.Subject, nil
}
