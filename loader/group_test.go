package loader_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/internal/pgtest"
	"annals/loader"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// groupDocs are three small documents: the chronicle, a meeting naming one of its
// people, and a third document naming another.
func groupDocs() map[string][]extract.Record {
	meeting := func(source, who string) []extract.Record {
		return []extract.Record{{
			Source: source, Line: 3, Span: [2]int{20, 90},
			Date:   &extract.Date{Text: "March 1", Start: "2023-03-01", End: "2023-03-01", Precision: "day"},
			Kind:   extract.KindMeeting,
			Text:   "March 1 – Ada Lovelace met " + who + ".",
			People: []extract.Person{{Name: "Ada Lovelace", Participant: true}, {Name: who, Participant: true}},
		}}
	}
	return map[string][]extract.Record{
		src:         chronicle(),
		"other.txt": meeting("other.txt", "Grace Hopper"),
		"third.txt": meeting("third.txt", "Charles Babbage"),
	}
}

func prepare(t *testing.T, source string, recs []extract.Record) *loader.Prepared {
	t.Helper()
	p, err := loader.Prepare(source, recs)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// allNodes reads the name of every value the store holds (a value whose reference
// count went wrong stays behind, or goes missing, here).
func allNodes(t *testing.T, s *graph.Store) []string {
	t.Helper()
	ctx := context.Background()
	it := s.QuadStore.NodesAllIterator().Iterate()
	defer it.Close()
	var out []string
	for it.Next(ctx) {
		v, err := s.QuadStore.NameOf(it.Result())
		if err != nil || v == nil {
			t.Fatalf("node %v has no value: %v", it.Result(), err)
		}
		out = append(out, quad.StringOf(v))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestLoadGroupMatchesOneByOne checks that documents written together (first loads and
// a reload that drops entries, in one transaction) leave the store with the quads and
// values that loading them one at a time leaves, and that each commit is reported.
func TestLoadGroupMatchesOneByOne(t *testing.T) {
	ctx := context.Background()
	docs := groupDocs()
	rounds := [][]struct {
		source string
		recs   []extract.Record
	}{
		{{src, docs[src]}, {"other.txt", docs["other.txt"]}},
		{{src, docs[src][:1]}, {"third.txt", docs["third.txt"]}, {"other.txt", docs["other.txt"]}},
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			grouped, single := b.open(t), b.open(t)
			if b.name == graph.KindPostgres { // b.open names the schema for the test: another one
				single = openStore(t, graph.Config{Kind: graph.KindPostgres,
					Addr: pgtest.SchemaFor(t, os.Getenv("ANNALS_TEST_POSTGRES"), t.Name()+"-one-by-one")})
			}
			for r, round := range rounds {
				var ps []*loader.Prepared
				for _, d := range round {
					p := prepare(t, d.source, d.recs)
					if len(ps)%2 == 0 {
						p.HashQuads() // hashed ahead or at the write: both in one transaction
					}
					ps = append(ps, p)
					if _, err := prepare(t, d.source, d.recs).Load(ctx, single); err != nil {
						t.Fatal(err)
					}
				}
				var commits [][]*loader.Prepared
				sums, errs := loader.LoadGroup(ctx, grouped, ps, func(c []*loader.Prepared) { commits = append(commits, c) })
				if err := errors.Join(errs...); err != nil {
					t.Fatalf("round %d: %v", r+1, err)
				}
				wantCommits := 1
				if b.name == graph.KindPostgres {
					wantCommits = len(ps) // one transaction a document, each in the load log
				}
				if len(commits) != wantCommits {
					t.Errorf("round %d: %d commits reported, want %d", r+1, len(commits), wantCommits)
				}
				if got := sums[len(sums)-1]; r == 1 && got.QuadsAdded+got.QuadsRemoved != 0 {
					t.Errorf("round 2: the unchanged document added %d and removed %d quads", got.QuadsAdded, got.QuadsRemoved)
				}
				if r == 0 && (sums[0].QuadsAdded == 0 || ps[0].Written() == nil || ps[1].Written() == nil) {
					t.Errorf("round 1: first loads report %d quads added, written %v", sums[0].QuadsAdded, ps[0].Written() != nil)
				}
				if r == 1 && (sums[0].QuadsRemoved == 0 || ps[0].Written() != nil) {
					t.Errorf("round 2: the shortened reload removed %d quads and reports written quads: %v", sums[0].QuadsRemoved, ps[0].Written() != nil)
				}
				if g, s := allQuads(t, grouped), allQuads(t, single); !slices.Equal(g, s) {
					t.Fatalf("round %d: %d quads written together, %d one by one:\nonly together %v\nonly alone %v",
						r+1, len(g), len(s), setDiff(g, s), setDiff(s, g))
				}
				if g, s := allNodes(t, grouped), allNodes(t, single); !slices.Equal(g, s) {
					t.Fatalf("round %d: values written together %v, one by one %v", r+1, setDiff(g, s), setDiff(s, g))
				}
			}
		})
	}
}

// failSource fails every transaction that writes a quad of one document, before the
// backend sees it.
type failSource struct {
	cgraph.QuadStore
	doc quad.IRI
}

func (f failSource) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	for _, d := range in {
		if d.Quad.Label == f.doc {
			return errInjected
		}
	}
	return f.QuadStore.ApplyDeltas(in, opts)
}

// TestLoadGroupFailureLosesNoOtherDocument checks that when the shared transaction
// fails because of one document, the others are loaded each alone, and only that one
// is reported failed.
func TestLoadGroupFailureLosesNoOtherDocument(t *testing.T) {
	ctx := context.Background()
	docs := groupDocs()
	for _, b := range backends(t) {
		if b.name == graph.KindPostgres {
			continue // writes one document a transaction (TestLoadGroupMatchesOneByOne)
		}
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			real := s.Handle.QuadStore
			s.Handle.QuadStore = failSource{real, graph.DocumentIRI("third.txt")}
			ps := []*loader.Prepared{prepare(t, src, docs[src]), prepare(t, "third.txt", docs["third.txt"]), prepare(t, "other.txt", docs["other.txt"])}
			var commits int
			_, errs := loader.LoadGroup(ctx, s, ps, func([]*loader.Prepared) { commits++ })
			s.Handle.QuadStore = real
			if errs[0] != nil || errs[2] != nil || !errors.Is(errs[1], errInjected) {
				t.Fatalf("errors %v, want the injected failure for the second document alone", errs)
			}
			if commits != 2 {
				t.Errorf("%d commits reported, want 2 (the documents that loaded, each alone)", commits)
			}
			want := quadStrings(append(loader.Quads(src, docs[src]), loader.Quads("other.txt", docs["other.txt"])...))
			if got := allQuads(t, s); !slices.Equal(got, want) {
				t.Fatalf("store holds %d quads, want the %d of the two documents that loaded", len(got), len(want))
			}
		})
	}
}
