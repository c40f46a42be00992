package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"annals/graph"
	"annals/network"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
)

// LDContext is the JSON-LD context of exports: schema.org as the vocabulary, the
// project's own terms under "annals:". It is inline, so no reader needs the network.
// It names no "xsd" prefix: json-gold then compacts datatypes to "xsd:integer", which
// its own expansion rejects as an IRI confused with a prefix.
var LDContext = map[string]any{
	"@vocab": graph.SchemaNS,
	"schema": graph.SchemaNS,
	"annals": graph.AnnalsNS,
}

// WriteQuads writes the raw quads of a subgraph (all quads of the store when sub is
// nil), each with its label (the entry it was read from), with cayleygraph/quad's
// N-Quads or JSON-LD writer.
//
// A subgraph's quads are those about its events, actors and entries whose object is
// inside the subgraph or is no event or actor, or that state an actor's membership of
// a body or a body's parent (schema:memberOf, schema:parentOrganization), plus the
// quads about the places, countries, bodies and documents they point to.
func WriteQuads(ctx context.Context, w io.Writer, f Format, st *graph.Store, sub *network.Subgraph) error {
	var out quad.WriteCloser
	switch f {
	case NQuads:
		out = nquads.NewWriter(w)
	case JSONLD:
		jw := jsonld.NewWriter(w)
		jw.SetLdContext(LDContext)
		out = jw
	default:
		return fmt.Errorf("export: %s is not a quad format", f)
	}
	qw := &batch{w: out}
	if sub == nil {
		if err := eachQuad(ctx, st, qw.WriteQuad); err != nil {
			return err
		}
		return qw.Close()
	}
	snap := sub.Snapshot()
	members := sub.Members()
	extra := map[string]bool{}
	err := eachQuad(ctx, st, func(q quad.Quad) error {
		s, ok := q.Subject.(quad.IRI)
		if !ok || !members[string(s)] {
			return nil
		}
		if o, ok := q.Object.(quad.IRI); ok && !members[string(o)] {
			if q.Predicate == graph.MemberOf || q.Predicate == graph.ParentOrganization {
				// A membership or a parent body says who an actor of the subgraph is,
				// not whom it met: kept, with the body's own names.
				extra[string(o)] = true
				return qw.WriteQuad(q)
			}
			switch snap.NodeType(string(o)) {
			case network.Event, network.Person, network.Body:
				return nil // a link out of the subgraph
			case network.Place:
				extra[string(o)] = true
			default:
				if !snap.IsEntry(string(o)) {
					extra[string(o)] = true // a document, a class
				} else {
					return nil
				}
			}
		}
		return qw.WriteQuad(q)
	})
	if err != nil {
		return err
	}
	// The places, countries, bodies and documents pointed to: their names and literals,
	// and a body's parent, whose own quads come in the next round.
	for done := map[string]bool{}; len(done) < len(extra); {
		round := map[string]bool{}
		for iri := range extra {
			if !done[iri] {
				round[iri], done[iri] = true, true
			}
		}
		err = eachQuad(ctx, st, func(q quad.Quad) error {
			s, ok := q.Subject.(quad.IRI)
			if !ok || !round[string(s)] || members[string(s)] {
				return nil
			}
			if o, ok := q.Object.(quad.IRI); ok && snap.NodeType(string(o)) != "" && !members[string(o)] && !extra[string(o)] {
				if q.Predicate != graph.ParentOrganization {
					return nil
				}
				extra[string(o)] = true
			}
			return qw.WriteQuad(q)
		})
		if err != nil {
			return err
		}
	}
	return qw.Close()
}

func eachQuad(ctx context.Context, st *graph.Store, fn func(quad.Quad) error) error {
	r := cgraph.NewQuadStoreReader(st.QuadStore)
	defer r.Close()
	for i := 0; ; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("export: read quads: %w", err)
		}
		if err := fn(q); err != nil {
			return err
		}
	}
}

// batch hands quads to a quad writer in batches (quad writers take slices).
type batch struct {
	w   quad.WriteCloser
	buf []quad.Quad
}

func (b *batch) WriteQuad(q quad.Quad) error {
	q.Object = standardLiteral(q.Object)
	b.buf = append(b.buf, q)
	if len(b.buf) < 1024 {
		return nil
	}
	return b.flush()
}

func (b *batch) flush() error {
	_, err := b.w.WriteQuads(b.buf)
	b.buf = b.buf[:0]
	return err
}

func (b *batch) Close() error {
	if err := b.flush(); err != nil {
		return err
	}
	return b.w.Close()
}

// xsdNS is the XML Schema datatypes namespace.
const xsdNS = "http://www.w3.org/2001/XMLSchema#"

// standardLiteral writes typed literals as RDF readers expect them. quad's own forms
// fall short: booleans are "True"/"False" and datatypes stay prefixed IRIs
// (<xsd:integer>), which other RDF tools take for an IRI of scheme "xsd".
func standardLiteral(v quad.Value) quad.Value {
	switch x := v.(type) {
	case quad.Bool:
		return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(x))), Type: xsdNS + "boolean"}
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(x), 10)), Type: xsdNS + "integer"}
	case quad.Float:
		return quad.TypedString{Value: quad.String(strconv.FormatFloat(float64(x), 'g', -1, 64)), Type: xsdNS + "double"}
	case quad.TypedStringer:
		ts := x.TypedString()
		if rest, ok := strings.CutPrefix(string(ts.Type), "xsd:"); ok {
			ts.Type = quad.IRI(xsdNS + rest)
		}
		return ts
	case quad.TypedString:
		if rest, ok := strings.CutPrefix(string(x.Type), "xsd:"); ok {
			x.Type = quad.IRI(xsdNS + rest)
		}
		return x
	}
	return v
}
