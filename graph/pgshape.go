package graph

import (
	"context"

	"github.com/cayleygraph/cayley/query/shape"
)

// OptimizeShape keeps query shapes (Gizmo, GraphQL, MQL, the path API) as they are
// instead of letting Cayley's SQL optimizer turn them into SQL: the shapes it makes
// build their iterators only on Cayley's own store, not on this wrapper ("not a SQL
// quadstore"), and, bound to that store, its iterators panic in NextPath (a nil result
// dereferenced in graph/sql/iterator.go) on ordinary Gizmo and GraphQL queries. Reads
// then use the store's quad indexes through Cayley's generic iterators, as on bolt.
func (s *batchedPostgres) OptimizeShape(_ context.Context, sh shape.Shape) (shape.Shape, bool) {
	return sh, false
}
