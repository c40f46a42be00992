package loader_test

import (
	"slices"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"

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
