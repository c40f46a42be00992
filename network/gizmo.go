package network

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"annals/graph"
	"annals/internal/sandbox"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
)

// DefaultGizmoLimit bounds the results read from a Gizmo query when the caller gives
// no limit.
const DefaultGizmoLimit = 100000

// GizmoNodes runs a Gizmo query in a Cayley gizmo session and returns the IRIs of the
// nodes it yields (every tag of every result, and IRIs emitted as values), sorted.
// A query that does not compile or fails is an error wrapping ErrBadQuery.
func GizmoNodes(ctx context.Context, st *graph.Store, q string, limit int) ([]string, error) {
	if limit <= 0 {
		limit = DefaultGizmoLimit
	}
	// The query is the user's: its nesting is checked before goja parses it, and it
	// runs in a VM with a bounded call stack and bounded string builtins.
	if err := sandbox.CheckDepth(sandbox.Gizmo, q, sandbox.MaxDepth); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	ses, err := sandbox.NewGizmo(st.QuadStore, sandbox.Limits{})
	if err != nil {
		return nil, err
	}
	it, err := ses.Execute(ctx, q, query.Options{Collation: query.Raw, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	defer it.Close()
	seen := map[string]bool{}
	for it.Next(ctx) {
		r, ok := it.Result().(*gizmo.Result)
		if !ok || r.Meta {
			continue
		}
		for _, ref := range r.Tags {
			if err := addRef(st.QuadStore, ref, seen); err != nil {
				return nil, err
			}
		}
		addValue(r.Val, seen)
	}
	if err := it.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

func addRef(qs cgraph.QuadStore, ref cgraph.Ref, seen map[string]bool) error {
	v, err := qs.NameOf(ref)
	if err != nil {
		return fmt.Errorf("network: gizmo result: %w", err)
	}
	if id, ok := iri(v); ok {
		seen[id] = true
	}
	return nil
}

// addValue collects IRIs from values a query emits (g.Emit, toArray).
func addValue(v any, seen map[string]bool) {
	switch v := v.(type) {
	case quad.IRI:
		seen[string(v)] = true
	case quad.Value:
		if id, ok := iri(v); ok {
			seen[id] = true
		}
	case string:
		seen[strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">")] = true
	case []any:
		for _, x := range v {
			addValue(x, seen)
		}
	case map[string]any:
		for _, x := range v {
			addValue(x, seen)
		}
	}
}
