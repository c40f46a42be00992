package graph

import (
	"context"
	"fmt"

	"annals/graph/internal/cayleykv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Value ids let a reader that remembered where a value is read it back with one
// look-up: on the bolt store a value's id is its place in Cayley's log, given once
// and never reused, so an id whose value was deleted reads back as nothing. Other
// stores have no such ids (ValueIDs gives nil there), and their readers take the
// path through the value itself.

// ValueIDs are the ids of vals (0 for a value the store does not hold), or nil when
// the store has no value ids.
func (s *Store) ValueIDs(ctx context.Context, vals []quad.Value) ([]uint64, error) {
	qs, ok := s.QuadStore.(*cayleykv.QuadStore)
	if !ok || len(vals) == 0 {
		return nil, nil
	}
	return qs.ValueIDs(ctx, vals)
}

// RefID is the id of a reference the store gave (an iterator's result, a quad's
// direction), or false when the store has no value ids.
func (s *Store) RefID(ref cgraph.Ref) (uint64, bool) {
	if _, ok := s.QuadStore.(*cayleykv.QuadStore); !ok {
		return 0, false
	}
	id, ok := ref.(cayleykv.Int64Value)
	return uint64(id), ok && id != 0
}

// ValueByID is the value of an id ValueIDs or RefID gave: nil when the store no
// longer holds it.
func (s *Store) ValueByID(id uint64) (quad.Value, error) {
	qs, ok := s.QuadStore.(*cayleykv.QuadStore)
	if !ok {
		return nil, fmt.Errorf("graph: a %s store has no value ids", s.Kind)
	}
	if id == 0 {
		return nil, nil
	}
	v, err := qs.NameOf(cayleykv.Int64Value(id))
	if err != nil {
		return nil, nil // a log entry that is gone (or never was a value)
	}
	return v, nil
}
