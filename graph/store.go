package graph

import (
	"context"

	"github.com/cayleygraph/cayley"
)

// Config chooses a store: Kind is "bolt" (embedded, default), "memory" or "postgres";
// Addr is the bolt file path or the PostgreSQL DSN.
type Config struct {
	Kind string
	Addr string
}

// Store is an open Cayley store.
type Store struct {
	*cayley.Handle
	Kind string
	Addr string
}

// Open opens the store, initializing it on first use.
// TODO(graph-loader): implement.
func Open(ctx context.Context, cfg Config) (*Store, error) { return nil, nil }
