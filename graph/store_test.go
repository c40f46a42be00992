package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/graph"

	"github.com/cayleygraph/cayley"
	"github.com/cayleygraph/quad"
)

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  graph.Config
		want []string // substrings of the error
	}{
		{"unknown kind lists the valid ones", graph.Config{Kind: "mongo"}, []string{`unknown kind "mongo"`, "bolt, memory, postgres"}},
		{"bolt path is a directory", graph.Config{Kind: "bolt", Addr: dir}, []string{"open store bolt at " + dir, "is a directory"}},
		{"bolt parent is a file", graph.Config{Kind: "bolt", Addr: filepath.Join(file, "annals.db")}, []string{"open store bolt at " + file, "not a directory"}},
		{"bolt file is not a bolt database", graph.Config{Kind: "bolt", Addr: file}, []string{"open store bolt at " + file, "invalid"}},
		{"memory takes no address", graph.Config{Kind: "memory", Addr: "x"}, []string{"memory", "no address"}},
		{"postgres needs a DSN", graph.Config{Kind: "postgres"}, []string{"connect postgres", "no DSN"}},
		{"postgres unreachable", graph.Config{Kind: "postgres", Addr: "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"}, []string{"connect postgres:", "refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := graph.Open(context.Background(), tt.cfg)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%+v) succeeded", tt.cfg)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestOpenBoltLockedByAnotherOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "annals.db")
	s, err := graph.Open(context.Background(), graph.Config{Kind: "bolt", Addr: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// bolt takes an flock on the file; a second open (another process, in real use) waits
	// a few seconds and then says why.
	s2, err := graph.Open(context.Background(), graph.Config{Kind: "bolt", Addr: path})
	if err == nil {
		s2.Close()
		t.Fatal("a second open of a bolt file succeeded")
	}
	if !strings.Contains(err.Error(), "locked by another process") {
		t.Errorf("error %q does not say the file is locked", err)
	}
}

func TestOpenDefaultsToBoltUnderData(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := graph.Open(context.Background(), graph.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Kind != graph.KindBolt || s.Addr != graph.DefaultBoltPath {
		t.Errorf("default store is %s at %s", s.Kind, s.Addr)
	}
	if _, err := os.Stat(graph.DefaultBoltPath); err != nil {
		t.Errorf("no bolt file created: %v", err)
	}
}

func TestBoltKeepsQuadsAcrossOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "annals.db")
	ctx := context.Background()
	entry := graph.EntryIRI("report.txt", 7)
	q := quad.Make(graph.PersonIRI("Jane Roe"), graph.Name, quad.String("Jane Roe"), entry)

	s, err := graph.Open(ctx, graph.Config{Kind: "bolt", Addr: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddQuad(q); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = graph.Open(ctx, graph.Config{Kind: "bolt", Addr: path})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	got, err := s.QuadsLabelled(ctx, entry)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != q {
		t.Errorf("quads labelled %v after reopening: %v", entry, got)
	}
	names, err := cayley.StartPath(s, graph.PersonIRI("Jane Roe")).Out(graph.Name).Iterate(ctx).AllValues(s)
	if err != nil || len(names) != 1 || names[0] != quad.String("Jane Roe") {
		t.Errorf("name of the person after reopening: %v, %v", names, err)
	}
	if n, err := s.QuadCount(ctx); err != nil || n != 1 {
		t.Errorf("QuadCount = %d, %v; want 1", n, err)
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Malmö", "malmo"},
		{"Jean-Pierre  Dupont", "jean-pierre-dupont"},
		{"O’Brien", "obrien"},
		{"  U.S. Congress ", "u-s-congress"},
		{"Łódź", "łodz"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := graph.Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIRIsAreStable(t *testing.T) {
	if graph.PersonIRI("Jane  Roe") != graph.PersonIRI("jane roe") {
		t.Error("a person's IRI depends on spacing or case")
	}
	if graph.PlaceIRI(2988507, "Paris", "France") != graph.PlaceIRI(2988507, "Paris, France", "") {
		t.Error("a place with a gazetteer id is not keyed by it")
	}
	if graph.PlaceIRI(0, "Freedom Square", "Iran") == graph.PlaceIRI(0, "Freedom Square", "Canada") {
		t.Error("sites of two countries share a node")
	}
	if graph.EntryIRI("a.txt", 3) == graph.EntryIRI("a.txt", 4) || graph.EntryIRI("a.txt", 3) == graph.EntryIRI("b.txt", 3) {
		t.Error("entries of other lines or documents share an IRI")
	}
}
