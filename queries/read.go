package queries

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// reader answers the small look-ups every query is made of: "quads with this subject
// and predicate", "quads with this object", always through the store's own indexes
// (QuadIterator by direction), never by scanning all quads.
type reader struct {
	qs    cgraph.QuadStore
	preds map[quad.IRI]cgraph.Ref // refs of vocabulary predicates, resolved once
	memo  map[any]quad.Value      // values already resolved in this request
}

func newReader(s *graph.Store) *reader {
	return &reader{qs: s.QuadStore, preds: make(map[quad.IRI]cgraph.Ref), memo: make(map[any]quad.Value)}
}

// ref is the store's token for v, or nil when v is not in the graph.
func (r *reader) ref(v quad.Value) cgraph.Ref {
	if iri, ok := v.(quad.IRI); ok {
		if ref, ok := r.preds[iri]; ok {
			return ref
		}
		ref, _ := r.qs.ValueOf(v)
		if ref != nil {
			r.preds[iri] = ref
		}
		return ref
	}
	ref, _ := r.qs.ValueOf(v)
	return ref
}

// value resolves a ref to its value, remembering it for the rest of the request.
func (r *reader) value(ref cgraph.Ref) quad.Value {
	if ref == nil {
		return nil
	}
	k := ref.Key()
	if v, ok := r.memo[k]; ok {
		return v
	}
	v, _ := r.qs.NameOf(ref)
	r.memo[k] = v
	return v
}

// link is one quad read from the store: the refs of its predicate and object, and of
// its subject and label when the pattern bound them.
type link struct {
	sub, pred, obj, lb cgraph.Ref
}

// pattern selects quads; nil positions match anything.
type pattern struct {
	sub, pred, obj, label cgraph.Ref
}

func (p pattern) get(d quad.Direction) cgraph.Ref {
	switch d {
	case quad.Subject:
		return p.sub
	case quad.Predicate:
		return p.pred
	case quad.Object:
		return p.obj
	default:
		return p.label
	}
}

var directions = [...]quad.Direction{quad.Subject, quad.Object, quad.Label, quad.Predicate}

// preference orders the directions to walk when the store gives no exact sizes.
func preference(d quad.Direction) int {
	switch d {
	case quad.Label:
		return 0
	case quad.Subject:
		return 1
	case quad.Object:
		return 2
	}
	return 3
}

// each calls fn for every quad matching p. It walks the index of the most selective
// bound position, checks the other bound positions on each quad and reads its
// predicate and object. The memory store knows the exact size of each index and the
// smallest wins; the bolt store only estimates, and then the label (an entry's few
// dozen quads, indexed label-first in our bolt store) is preferred to the subject, the
// subject to the object. A pattern with no bound position is refused: that would be a
// scan of the store.
func (r *reader) each(ctx context.Context, p pattern, fn func(l link) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	best, bestSize, bestExact := quad.Any, int64(-1), false
	var check []quad.Direction
	for _, d := range directions {
		if p.get(d) != nil {
			check = append(check, d)
		}
	}
	for _, d := range check {
		ref := p.get(d)
		if len(check) == 1 {
			// Nothing to choose between: no size to ask for (on PostgreSQL, a
			// COUNT query per call).
			best = d
			break
		}
		if d == quad.Predicate {
			// A predicate is never the selective position when another is bound (every
			// event has a date, every entry a text), and on PostgreSQL its size is a
			// COUNT over a large part of the quads: check it on each quad instead.
			continue
		}
		sz, err := r.qs.QuadIteratorSize(ctx, d, ref)
		if err != nil {
			return err
		}
		if sz.Exact && sz.Value == 0 {
			return nil
		}
		switch {
		case best == quad.Any,
			sz.Exact && (!bestExact || sz.Value < bestSize),
			!sz.Exact && !bestExact && preference(d) < preference(best):
			best, bestSize, bestExact = d, sz.Value, sz.Exact
		}
	}
	if best == quad.Any {
		return fmt.Errorf("queries: refusing an unbound quad pattern")
	}
	it := r.qs.QuadIterator(best, p.get(best)).Iterate()
	defer it.Close()
next:
	for it.Next(ctx) {
		qref := it.Result()
		for _, d := range check {
			if d == best {
				continue
			}
			got, err := r.qs.QuadDirection(qref, d)
			if err != nil {
				return err
			}
			if refs.ToKey(got) != refs.ToKey(p.get(d)) {
				continue next
			}
		}
		l := link{sub: p.sub, pred: p.pred, obj: p.obj, lb: p.label}
		var err error
		if l.pred == nil {
			if l.pred, err = r.qs.QuadDirection(qref, quad.Predicate); err != nil {
				return err
			}
		}
		if l.obj == nil {
			if l.obj, err = r.qs.QuadDirection(qref, quad.Object); err != nil {
				return err
			}
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr // Cayley's SQL iterator reports a deadline as text only
		}
		return err
	}
	return ctx.Err()
}

// first is the first value of sub's pred, or nil.
func (r *reader) first(ctx context.Context, sub cgraph.Ref, pred quad.IRI) quad.Value {
	pr := r.ref(pred)
	if sub == nil || pr == nil {
		return nil
	}
	var v quad.Value
	errStop := fmt.Errorf("stop")
	_ = r.each(ctx, pattern{sub: sub, pred: pr}, func(l link) error {
		v = r.value(l.obj)
		return errStop
	})
	return v
}

// text is a value as plain text: a string's contents, an IRI without brackets.
func text(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.Int:
		return strconv.FormatInt(int64(v), 10)
	case quad.Float:
		return strconv.FormatFloat(float64(v), 'f', -1, 64)
	case quad.Bool:
		return strconv.FormatBool(bool(v))
	case quad.Time:
		return time.Time(v).Format("2006-01-02")
	default:
		return quad.StringOf(v)
	}
}

// number is a value as an integer (for line numbers and offsets), 0 when it is not one.
func number(v quad.Value) int {
	switch v := v.(type) {
	case quad.Int:
		return int(v)
	case quad.Float:
		return int(v)
	default:
		n, _ := strconv.Atoi(text(v))
		return n
	}
}

// truth reports whether a value is a true boolean (true or "true").
func truth(v quad.Value) bool {
	switch v := v.(type) {
	case quad.Bool:
		return bool(v)
	default:
		return text(v) == "true"
	}
}

// date is an ISO date value as "YYYY-MM-DD".
func date(v quad.Value) string {
	s := text(v)
	if len(s) > 10 {
		s = s[:10]
	}
	return s
}
