// Package testgraph builds small graphs for tests: extraction records from a JSONL
// file, loaded as one document into a memory store.
package testgraph

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/graph"
	"annals/loader"
)

// Memory loads the records of the JSONL file at path into a new memory store as the
// document named like the file with a .txt ending ("roles-v2.jsonl" → "roles-v2.txt"),
// and closes the store when the test ends.
func Memory(t testing.TB, path string) *graph.Store {
	t.Helper()
	ctx := context.Background()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := filepath.Base(path)
	recs, err := loader.ReadJSONL(f, name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := graph.Open(ctx, graph.Config{Kind: graph.KindMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := loader.LoadDocument(ctx, s, strings.TrimSuffix(name, ".jsonl")+".txt", recs); err != nil {
		t.Fatal(err)
	}
	return s
}
