package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"annals/graph"
)

// TestOpenLockedBoltAdvises checks that a bolt file held by another store (a running
// `annals serve`) is refused with advice on what to do.
func TestOpenLockedBoltAdvises(t *testing.T) {
	ctx := context.Background()
	sf := &storeFlags{kind: graph.KindBolt, addr: filepath.Join(t.TempDir(), "annals.db")}
	held, err := sf.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	s, err := sf.open(ctx)
	if err == nil {
		s.Close()
		t.Fatal("a second store opened the bolt file the first holds")
	}
	if !errors.Is(err, graph.ErrLocked) || !strings.Contains(err.Error(), "if `annals serve` holds it, stop it") ||
		!strings.Contains(err.Error(), "--db") {
		t.Errorf("error %q: want graph.ErrLocked with advice", err)
	}
}
