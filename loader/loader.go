// Package loader writes extraction records into the graph as quads: one document per
// transaction, idempotent, replacing exactly the facts of a document that changed.
package loader

import (
	"context"
	"time"

	"annals/extract"
	"annals/graph"

	"github.com/cayleygraph/quad"
)

// Summary tells what a load did.
type Summary struct {
	Documents    int
	Entries      int
	QuadsAdded   int
	QuadsRemoved int
	Warnings     int
	Elapsed      time.Duration
}

// Quads maps the records of one document to quads, each labelled with its entry.
// TODO(graph-loader): implement.
func Quads(source string, recs []extract.Record) []quad.Quad { return nil }

// LoadDocument replaces the facts of one document in the store by those of recs, in
// one transaction.
// TODO(graph-loader): implement.
func LoadDocument(ctx context.Context, s *graph.Store, source string, recs []extract.Record) (Summary, error) {
	return Summary{}, nil
}
