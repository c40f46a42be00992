package loader_test

import (
	"context"
	"slices"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"

	"github.com/cayleygraph/cayley"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// perEntryCount counts, from the records, the quads the document makes when every
// entry states again, under its own label, what each node it names is (the shape of
// the graph before node statements were labelled with the document): the quads qs
// labels with the entry, plus, for each person, body and place the record lists, its
// type, name, aliases, flag, coordinates and place links, for each body the entry
// links to without listing it its type and name, for each country it names the
// country node's type, name and kind, a body's link to its country, and the
// document's type and name.
func perEntryCount(qs []quad.Quad, source string, recs []extract.Record) int {
	byEntry := make(map[quad.Value][]quad.Quad)
	for _, q := range qs {
		byEntry[q.Label] = append(byEntry[q.Label], q)
	}
	n := 0
	for _, r := range recs {
		entry := graph.EntryIRI(source, r.Line)
		n += len(byEntry[entry]) + 2
		countries := make(map[string]bool)
		aliases := func(name string, as []string) int {
			k := 0
			for i, a := range as {
				if a != "" && a != name && !slices.Contains(as[:i], a) {
					k++
				}
			}
			return k
		}
		for _, p := range r.People {
			n += 2 + aliases(p.Name, p.Aliases)
			if p.Legislator {
				n++
			}
			if p.Country != "" {
				countries[p.Country] = true
			}
		}
		for _, o := range r.Bodies {
			n += 2 + aliases(o.Name, o.Aliases)
			if o.Legislative {
				n++
			}
			if o.Country != "" {
				countries[o.Country] = true
				n++ // the body's country link
			}
		}
		for _, p := range r.Places {
			n += 2 + aliases(p.Name, p.Aliases)
			if p.Kind != "" {
				n++
			}
			if p.Lat != 0 || p.Lon != 0 {
				n += 2
			}
			if p.Kind == "country" {
				if p.GeonameID > 0 {
					n++
				}
				continue
			}
			if p.Country != "" {
				countries[p.Country] = true
				n++
			}
		}
		listed := make(map[quad.Value]bool)
		for _, q := range byEntry[entry] {
			if q.Predicate == graph.Mentions {
				listed[q.Object] = true
			}
		}
		for _, q := range byEntry[entry] {
			if (q.Predicate == graph.MemberOf || q.Predicate == graph.ParentOrganization) && !listed[q.Object] {
				listed[q.Object] = true
				n += 2
			}
		}
		n += 3 * len(countries)
	}
	return n
}

// TestQuadsPerEntryHalved checks that stating a node's own facts once per document
// at least halves the quads of a generated chronology, against what the same records
// make when each entry states them again.
func TestQuadsPerEntryHalved(t *testing.T) {
	const src = "generated.txt"
	recs := syntheticChronicle(src, 3000, 1)
	qs := loader.Quads(src, recs)
	old := perEntryCount(qs, src, recs)
	t.Logf("%d entries: %d quads (%.1f per entry); stated per entry: %d (%.1f per entry); ratio %.2f",
		len(recs), len(qs), float64(len(qs))/float64(len(recs)), old, float64(old)/float64(len(recs)), float64(len(qs))/float64(old))
	if 2*len(qs) > old {
		t.Errorf("%d quads, more than half of the %d the entries would state each", len(qs), old)
	}
}

// entryLabelled is the document's quads in the shape of a store written before node
// statements were labelled with the document: each statement of the document about a
// node stated again by every entry naming the node (or a place of its country), under
// the entry's label.
func entryLabelled(qs []quad.Quad, doc quad.IRI) []quad.Quad {
	own := make(map[quad.Value][]quad.Quad)
	for _, q := range qs {
		if q.Label == doc {
			own[q.Subject] = append(own[q.Subject], q)
		}
	}
	var out []quad.Quad
	seen := make(map[quad.Quad]bool)
	add := func(q quad.Quad) {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	for _, q := range qs {
		if q.Label == doc {
			continue
		}
		add(q)
		for _, v := range []quad.Value{q.Subject, q.Object, doc} {
			for _, o := range own[v] {
				o.Label = q.Label
				add(o)
				if o.Predicate == graph.ContainedIn || o.Predicate == graph.Country {
					for _, c := range own[o.Object] {
						c.Label = q.Label
						add(c)
					}
				}
			}
		}
	}
	return out
}

// TestReloadOverEntryLabelledStore loads a document into a store that holds it in the
// shape written before lean quads (every node statement under each entry naming the
// node): the reload removes every entry-labelled node statement and leaves the store
// as a fresh load does; a second reload changes nothing.
func TestReloadOverEntryLabelledStore(t *testing.T) {
	recs := chronicle()
	want := loader.Quads(src, recs)
	old := entryLabelled(want, graph.DocumentIRI(src))
	if len(old) <= len(want) {
		t.Fatalf("the old shape has %d quads, the new %d", len(old), len(want))
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			err := s.Update(context.Background(), func(context.Context) ([]cgraph.Delta, error) {
				deltas := make([]cgraph.Delta, len(old))
				for i, q := range old {
					deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
				}
				return deltas, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			sum := load(t, s, src, recs)
			if got := allQuads(t, s); !slices.Equal(got, quadStrings(want)) {
				t.Errorf("after reloading over the old shape: %d quads, want %d", len(got), len(want))
			}
			if sum.QuadsRemoved != len(old)-(len(want)-sum.QuadsAdded) {
				t.Errorf("summary %+v: old %d quads, new %d", sum, len(old), len(want))
			}
			if again := load(t, s, src, recs); again.QuadsAdded != 0 || again.QuadsRemoved != 0 {
				t.Errorf("second reload: %+v", again)
			}
		})
	}
}

// TestDeleteDocumentLeavesNothing loads two documents naming the same person, then
// loads the first with no records (its deletion): nothing labelled with it or its
// entries is left, and the person keeps the name the second document gives.
func TestDeleteDocumentLeavesNothing(t *testing.T) {
	const other = "other-report.txt"
	second := []extract.Record{{
		Source: other, Line: 3, Span: [2]int{20, 90}, Text: "March 1 – Ada Lovelace met Grace Hopper.",
		People: []extract.Person{{Name: "Ada Lovelace", Participant: true}, {Name: "Grace Hopper", Participant: true}},
	}}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			load(t, s, src, chronicle())
			load(t, s, other, second)
			load(t, s, src, nil)
			if got := allQuads(t, s); !slices.Equal(got, quadStrings(loader.Quads(other, second))) {
				t.Errorf("after deleting a document: %d quads, want the other document's %d", len(got), len(loader.Quads(other, second)))
			}
			if n := names(t, s, cayley.StartPath(s, graph.PersonIRI("Ada Lovelace"))); !slices.Equal(n, []string{"Ada Lovelace"}) {
				t.Errorf("the person named by both documents: names %v", n)
			}
			if n := names(t, s, cayley.StartPath(s, graph.PersonIRI("Alan Turing"))); len(n) != 0 {
				t.Errorf("a person only the deleted document named keeps names %v", n)
			}
		})
	}
}
