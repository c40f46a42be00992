package graph_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// stopAfter is a context whose Err is context.Canceled from its n-th call on.
type stopAfter struct {
	context.Context
	n     int64
	calls atomic.Int64
}

func (c *stopAfter) Err() error {
	if c.calls.Add(1) >= c.n {
		return context.Canceled
	}
	return nil
}

func bulkDeltas(n int) []cgraph.Delta {
	out := make([]cgraph.Delta, n)
	for i := range out {
		out[i] = cgraph.Delta{Action: cgraph.Add, Quad: quad.Make(
			quad.IRI("node/"+strings.Repeat("x", i%7)), quad.IRI("p"), quad.String(strings.Repeat("value ", 40)+string(rune('a'+i%26))+strings.Repeat("y", i)), quad.IRI("doc"))}
	}
	return out
}

// newBoltBulk opens a new bolt store at path (closed at the test's end) and begins its
// bulk load.
func newBoltBulk(t *testing.T, path string) (*graph.Store, *graph.BoltBulk) {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Config{Kind: graph.KindBolt, Addr: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b, err := s.BeginBoltBulk(context.Background())
	if err != nil || b == nil {
		t.Fatalf("BeginBoltBulk on a new store = %v, %v", b, err)
	}
	return s, b
}

// TestBoltBulkReplacesTheStore: a bulk write puts its quads in the store, which keeps
// its identity, moves by one generation, takes later writes and is found again at the
// next open; a store written to is no bulk's.
func TestBoltBulkReplacesTheStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s, b := newBoltBulk(t, path)
	before, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deltas := bulkDeltas(3000)
	if err := b.Add("doc", deltas, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Write(ctx); err != nil || n != len(deltas) {
		t.Fatalf("Write = %d, %v; want %d quads", n, err, len(deltas))
	}
	after, err := s.Fingerprint(ctx)
	if err != nil || after.ID != before.ID || after.Generation != before.Generation+1 {
		t.Errorf("store %+v before the bulk, %+v after (%v): want the same identity, one generation on", before, after, err)
	}
	extra := quad.Make(quad.IRI("node/extra"), quad.IRI("p"), quad.String("added after"), quad.IRI("doc2"))
	if err := s.Update(ctx, func(context.Context) ([]cgraph.Delta, error) {
		return []cgraph.Delta{{Action: cgraph.Add, Quad: extra}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if b, err := s.BeginBoltBulk(ctx); b != nil || err != nil {
		t.Errorf("BeginBoltBulk on a loaded store = %v, %v; want nil", b, err)
	}
	s.Close()
	if _, err := os.Stat(graph.BulkFile(path)); !os.IsNotExist(err) {
		t.Errorf("the bulk's file is still there: %v", err)
	}
	s, err = graph.Open(ctx, graph.Config{Kind: graph.KindBolt, Addr: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.QuadCount(ctx); err != nil || n != int64(len(deltas))+1 {
		t.Errorf("reopened, the store holds %d quads (%v), want %d", n, err, len(deltas)+1)
	}
	if qs, err := s.QuadsLabelled(ctx, quad.IRI("doc")); err != nil || len(qs) != len(deltas) {
		t.Errorf("the bulk's label has %d quads (%v), want %d", len(qs), err, len(deltas))
	}
}

// TestBoltBulkStopped: a bulk write stopped midway leaves the store as it was (empty,
// and a bulk's again) and no file of its own.
func TestBoltBulkStopped(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s, b := newBoltBulk(t, path)
	if err := b.Add("doc", bulkDeltas(3000), nil); err != nil {
		t.Fatal(err)
	}
	// asked before the write, then at each bucket and every 65,536 keys: stopped while
	// the value buckets are written
	if _, err := b.Write(&stopAfter{Context: ctx, n: 1000}); !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped bulk write returned %v", err)
	}
	if n, err := s.QuadCount(ctx); err != nil || n != 0 {
		t.Errorf("after a stopped bulk write the store holds %d quads (%v), want none", n, err)
	}
	if _, err := os.Stat(graph.BulkFile(path)); !os.IsNotExist(err) {
		t.Errorf("the stopped bulk left its file: %v", err)
	}
	if b, err := s.BeginBoltBulk(ctx); b == nil || err != nil {
		t.Errorf("BeginBoltBulk after a stopped bulk = %v, %v; want a bulk", b, err)
	}
}

// TestBoltBulkFileLeftIsRemoved: the file a killed bulk load left beside the store is
// removed by the next open, which says so.
func TestBoltBulkFileLeftIsRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(graph.BulkFile(path), []byte("half a bolt file"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	s, err := graph.Open(context.Background(), graph.Config{Kind: graph.KindBolt, Addr: path,
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(graph.BulkFile(path)); !os.IsNotExist(err) {
		t.Errorf("the bulk's file is still there: %v", err)
	}
	if !strings.Contains(logs.String(), "did not finish") {
		t.Errorf("the open did not say it removed the file: %q", logs.String())
	}
}

// TestBoltBulkOnlyBolt: the other stores load transaction by transaction.
func TestBoltBulkOnlyBolt(t *testing.T) {
	s, err := graph.Open(context.Background(), graph.Config{Kind: graph.KindMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if b, err := s.BeginBoltBulk(context.Background()); b != nil || err != nil {
		t.Errorf("BeginBoltBulk on a memory store = %v, %v; want nil", b, err)
	}
}
