package loader_test

import (
	"fmt"
	"slices"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"

	"github.com/cayleygraph/quad"
)

const idSrc = "identity-report.txt"

// mention is one body named by one entry; its line is its position in the case.
type mention = extract.Body

// bodyNodes loads one document whose n-th record (line n+1) names the n-th mention and
// returns the node each mention became: the organization the entry names by the
// mention's name.
func bodyNodes(t *testing.T, ms []mention) []quad.IRI {
	t.Helper()
	recs := make([]extract.Record, len(ms))
	for i, m := range ms {
		recs[i] = extract.Record{Source: idSrc, Line: i + 1, Span: [2]int{i * 10, i*10 + 9}, Bodies: []extract.Body{m}}
	}
	qs := loader.Quads(idSrc, recs)
	out := make([]quad.IRI, len(ms))
	for i, m := range ms {
		label := graph.EntryIRI(idSrc, i+1)
		for _, q := range qs {
			if q.Label == label && q.Predicate == graph.Mentions {
				out[i] = q.Object.(quad.IRI)
			}
		}
		if out[i] == "" {
			t.Fatalf("mention %d (%s) became no node", i, m.Name)
		}
		doc := graph.DocumentIRI(idSrc)
		if !slices.Contains(qs, quad.Quad{Subject: out[i], Predicate: graph.Name, Object: quad.String(m.Name), Label: doc}) &&
			!slices.Contains(qs, quad.Quad{Subject: out[i], Predicate: graph.AlternateName, Object: quad.String(m.Name), Label: doc}) {
			t.Fatalf("node %s of mention %d lacks the name %q", out[i], i, m.Name)
		}
	}
	return out
}

// TestBodyIdentity checks every identity decision: which mentions of bodies are one
// node (same) and which are two (the rest).
func TestBodyIdentity(t *testing.T) {
	for _, c := range []struct {
		name     string
		mentions []mention
		same     [][]int // groups of mentions that are one node; mentions in no group are nodes of their own
	}{
		{
			name: "a committee of two countries' parliaments is two bodies",
			mentions: []mention{
				{Name: "Foreign Affairs Committee", Country: "Italy", PartOf: "Italian Parliament"},
				{Name: "Foreign Affairs Committee", Country: "Slovenia", PartOf: "Slovenian Parliament"},
			},
		},
		{
			name: "a committee of a parliament and of its senate is two bodies",
			mentions: []mention{
				{Name: "Foreign Affairs Committee", Country: "Italy", PartOf: "Italian Parliament"},
				{Name: "Foreign Affairs Committee", Country: "Italy", PartOf: "Italian Senate"},
				{Name: "Foreign Affairs Committee", Country: "Italy", PartOf: "Parliament of Italy"},
			},
			same: [][]int{{0, 2}},
		},
		{
			name: "a senate named with and without its demonym, and by an alias, is one body",
			mentions: []mention{
				{Name: "Italian Senate", Aliases: []string{"Senato"}, Country: "Italy"},
				{Name: "Senate", Country: "Italy"},
				{Name: "Senato", Country: "Italy"},
				{Name: "the Italian Senate", Country: "Italy"},
			},
			same: [][]int{{0, 1, 2, 3}},
		},
		{
			name: "two countries' senates are two bodies",
			mentions: []mention{
				{Name: "Senate", Country: "United States"},
				{Name: "Senate", Country: "Italy"},
				{Name: "Senate"},
			},
		},
		{
			name: "country names, codes, possessives and demonyms that repeat the country are no part of the name",
			mentions: []mention{
				{Name: "House of Commons", Country: "United Kingdom"},
				{Name: "British House of Commons", Country: "United Kingdom"},
				{Name: "UK's House of Commons", Country: "United Kingdom"},
				{Name: "House of Commons of the United Kingdom", Country: "United Kingdom"},
				{Name: "House of Commons", Country: "Canada"},
				{Name: "Canadian House of Commons", Country: "Canada"},
			},
			same: [][]int{{0, 1, 2, 3}, {4, 5}},
		},
		{
			name: "a demonym of another country stays in the name",
			mentions: []mention{
				{Name: "British House of Commons", Country: "Canada"},
				{Name: "House of Commons", Country: "Canada"},
			},
		},
		{
			name: "the adjective of a constituent country names a region and stays",
			mentions: []mention{
				{Name: "Scottish Parliament", Country: "United Kingdom"},
				{Name: "Welsh Parliament", Country: "United Kingdom"},
				{Name: "UK Parliament", Country: "United Kingdom"},
				{Name: "British Parliament", Country: "United Kingdom"},
				{Name: "Parliament of the United Kingdom", Country: "United Kingdom"},
			},
			same: [][]int{{2, 3, 4}},
		},
		{
			name: "multi-word and dotted country forms",
			mentions: []mention{
				{Name: "United States Senate", Country: "United States"},
				{Name: "U.S. Senate", Country: "United States"},
				{Name: "US Senate", Country: "United States"},
				{Name: "North Macedonian Parliament", Country: "North Macedonia"},
				{Name: "Parliament of North Macedonia", Country: "North Macedonia"},
			},
			same: [][]int{{0, 1, 2}, {3, 4}},
		},
		{
			name: "a word of the name that is no country form stays",
			mentions: []mention{
				{Name: "National Assembly", Country: "France"},
				{Name: "Assembly", Country: "France"},
				{Name: "State Senate", Country: "United States"},
				{Name: "Senate", Country: "United States"},
			},
		},
		{
			name: "an international body has no country and keeps its name",
			mentions: []mention{
				{Name: "European Parliament"},
				{Name: "the European Parliament"},
				{Name: "European Parliament", Country: "Belgium"},
			},
			same: [][]int{{0, 1}},
		},
		{
			name: "an intergroup with a parent and one without are two bodies",
			mentions: []mention{
				{Name: "Friends of a Free Iran Intergroup", Aliases: []string{"Friends of a Free Iran"}, PartOf: "European Parliament"},
				{Name: "Friends of a Free Iran"},
			},
		},
		{
			name: "aliases join mentions only within one country",
			mentions: []mention{
				{Name: "Storting", Aliases: []string{"Parliament of Norway"}, Country: "Norway"},
				{Name: "Norwegian Parliament", Country: "Norway"},
				{Name: "Parliament", Country: "Denmark"},
			},
			same: [][]int{{0, 1}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			nodes := bodyNodes(t, c.mentions)
			group := make([]int, len(nodes))
			for i := range group {
				group[i] = -1 - i
			}
			for g, ms := range c.same {
				for _, m := range ms {
					group[m] = g
				}
			}
			for i := range nodes {
				for j := i + 1; j < len(nodes); j++ {
					want := group[i] == group[j]
					if got := nodes[i] == nodes[j]; got != want {
						t.Errorf("%q (%s) and %q (%s): same node = %v, want %v\n%s\n%s", c.mentions[i].Name,
							c.mentions[i].Country, c.mentions[j].Name, c.mentions[j].Country, got, want, nodes[i], nodes[j])
					}
				}
			}
		})
	}
}

func TestInternationalBodyKeepsItsIRI(t *testing.T) {
	nodes := bodyNodes(t, []mention{{Name: "European Parliament"}})
	if want := graph.BodyIRI("European Parliament"); nodes[0] != want {
		t.Errorf("node %s, want %s", nodes[0], want)
	}
}

// rolesDoc is a document in record format version 2: a visit by a member of one
// chamber of a parliament, whose title names a region of her country, to a city abroad.
func rolesDoc() []extract.Record {
	return []extract.Record{
		{
			Source: idSrc, Line: 3, Span: [2]int{10, 200}, Kind: extract.KindVisit,
			Date: &extract.Date{Text: "May 2", Start: "2023-05-02", End: "2023-05-02", Precision: "day"},
			Text: "May 2 – Jane Roe MP, Secretary of State for Wales, visited Tirana with the Foreign Affairs Committee of the British House of Commons.",
			People: []extract.Person{{
				Name: "Jane Roe", Roles: []string{"MP", "Secretary of State for Wales"}, Legislator: true, Participant: true,
				Country: "United Kingdom", MemberOf: []string{"British House of Commons"},
			}},
			Bodies: []extract.Body{
				{Name: "Foreign Affairs Committee", Legislative: true, Country: "United Kingdom", PartOf: "British House of Commons"},
				{Name: "British House of Commons", Legislative: true, Country: "United Kingdom", PartOf: "UK Parliament"},
			},
			Places: []extract.Place{
				{Name: "Wales", Kind: "region", Country: "United Kingdom", Venue: false},
				{Name: "Tirana", Kind: "city", Country: "Albania", GeonameID: 3183875, Venue: true},
			},
		},
		{
			Source: idSrc, Line: 5, Span: [2]int{201, 300}, Kind: extract.KindResolution,
			Date: &extract.Date{Text: "May 4", Start: "2023-05-04", End: "2023-05-04", Precision: "day"},
			Text: "May 4 – The House of Commons passed a motion on Iran.",
			Bodies: []extract.Body{
				{Name: "House of Commons", Legislative: true, Country: "United Kingdom", PartOf: "UK Parliament"},
			},
			Places: []extract.Place{{Name: "Iran", Kind: "country", Country: "Iran", Venue: false}},
		},
	}
}

func TestRoles(t *testing.T) {
	qs := loader.Quads(idSrc, rolesDoc())
	event := func(line int) quad.IRI { return graph.EventIRI(idSrc, line) }
	jane := graph.PersonIRI("Jane Roe")
	commons := graph.BodyID{Name: "House of Commons", Country: "United Kingdom", Parent: "Parliament"}.IRI()
	parliament := graph.BodyID{Name: "Parliament", Country: "United Kingdom"}.IRI()
	committee := graph.BodyID{Name: "Foreign Affairs Committee", Country: "United Kingdom", Parent: "House of Commons"}.IRI()
	uk := graph.CountryIRI("United Kingdom")
	wales := graph.PlaceIRI(0, "Wales", "United Kingdom")
	for _, c := range []struct {
		name    string
		s       quad.IRI
		p       quad.IRI
		o       quad.Value
		line    int
		present bool
	}{
		{"a venue is the event's location", event(3), graph.Location, graph.GeoNamesIRI(3183875), 3, true},
		{"a place in a title is no location", event(3), graph.Location, wales, 3, false},
		{"a place in a title is mentioned", event(3), graph.MentionsPlace, wales, 3, true},
		{"a topic is no location", event(5), graph.Location, graph.CountryIRI("Iran"), 5, false},
		{"a topic is mentioned", event(5), graph.MentionsPlace, graph.CountryIRI("Iran"), 5, true},
		{"a member of a chamber", jane, graph.MemberOf, commons, 3, true},
		{"a person's country", jane, graph.Country, uk, 3, true},
		{"a body's country", commons, graph.Country, uk, 0, true},
		{"a committee's parent", committee, graph.ParentOrganization, commons, 3, true},
		{"a chamber's parent", commons, graph.ParentOrganization, parliament, 3, true},
		{"a chamber's parent, stated again", commons, graph.ParentOrganization, parliament, 5, true},
		{"a parent the entry does not list is named", parliament, graph.Name, quad.String("UK Parliament"), 0, true},
		{"a parent the entry does not list is an organization", parliament, graph.Type, graph.ClassOrganization, 0, true},
		{"a parent's country", parliament, graph.Country, uk, 0, true},
		{"the country is a place", uk, graph.Type, graph.ClassPlace, 0, true},
		{"the country is the one places use", wales, graph.ContainedIn, uk, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := quad.Quad{Subject: c.s, Predicate: c.p, Object: c.o, Label: graph.EntryIRI(idSrc, c.line)}
			if c.line == 0 { // a node's own statement, stated by the document
				q.Label = graph.DocumentIRI(idSrc)
			}
			if got := slices.Contains(qs, q); got != c.present {
				t.Errorf("quad %v present = %v, want %v", q, got, c.present)
			}
		})
	}
}

// TestRolesFormatVersion1 checks that a document which marks no venue at all (format
// version 1) keeps every place as a location.
func TestRolesFormatVersion1(t *testing.T) {
	recs := rolesDoc()
	for i := range recs {
		for j := range recs[i].Places {
			recs[i].Places[j].Venue = false
		}
	}
	qs := loader.Quads(idSrc, recs)
	for _, q := range qs {
		if q.Predicate == graph.MentionsPlace {
			t.Errorf("version 1 document states %v", q)
		}
	}
	want := quad.Quad{Subject: graph.EventIRI(idSrc, 5), Predicate: graph.Location, Object: graph.CountryIRI("Iran"), Label: graph.EntryIRI(idSrc, 5)}
	if !slices.Contains(qs, want) {
		t.Errorf("version 1 document lacks %v", want)
	}
}

// TestRolesEditOneEntry checks that editing the membership of one entry changes only
// that entry's quads, and the document's statements about a country only it names.
func TestRolesEditOneEntry(t *testing.T) {
	before := loader.Quads(idSrc, rolesDoc())
	recs := rolesDoc()
	recs[0].People[0].MemberOf = nil
	recs[0].People[0].Country = "Norway"
	after := loader.Quads(idSrc, recs)
	changed := make(map[quad.Value]bool)
	for _, q := range symmetricDiff(before, after) {
		changed[q.Label] = true
		if q.Label == graph.DocumentIRI(idSrc) && q.Subject != graph.CountryIRI("Norway") {
			t.Errorf("the document's statement about another node changed: %s", q.NQuad())
		}
	}
	if len(changed) != 2 || !changed[graph.EntryIRI(idSrc, 3)] || !changed[graph.DocumentIRI(idSrc)] {
		t.Errorf("changed labels %v, want line 3 and the document (Norway is a new country node)", changed)
	}
}

func symmetricDiff(a, b []quad.Quad) []quad.Quad {
	var out []quad.Quad
	for _, q := range a {
		if !slices.Contains(b, q) {
			out = append(out, q)
		}
	}
	for _, q := range b {
		if !slices.Contains(a, q) {
			out = append(out, q)
		}
	}
	return out
}

func Example_bodyIdentity() {
	recs := []extract.Record{{Source: idSrc, Line: 1, Bodies: []extract.Body{
		{Name: "Foreign Affairs Committee", Country: "Italy", PartOf: "Italian Parliament"},
		{Name: "Italian Parliament", Country: "Italy"},
	}}}
	for _, q := range loader.Quads(idSrc, recs) {
		if q.Predicate == graph.Mentions {
			fmt.Println(q.Object)
		}
	}
	// Output:
	// <https://annals.dev/id/body/foreign-affairs-committee--of-parliament--in-italy>
	// <https://annals.dev/id/body/parliament--in-italy>
}

// TestLoadVersion2Document loads a document with venues, memberships, parents and
// countries on every backend: a reload changes nothing, an edited membership changes
// only its entry's quads, and the store holds exactly the document's quads.
func TestLoadVersion2Document(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			load(t, s, idSrc, rolesDoc())
			before := allQuads(t, s)
			if !slices.Equal(before, quadStrings(loader.Quads(idSrc, rolesDoc()))) {
				t.Fatal("store differs from the quads of the document")
			}
			if sum := load(t, s, idSrc, rolesDoc()); sum.QuadsAdded != 0 || sum.QuadsRemoved != 0 {
				t.Errorf("reload: %+v", sum)
			}
			edited := rolesDoc()
			edited[0].People[0].MemberOf = nil
			edited[0].Places[0].Venue = true // Wales becomes a venue
			sum := load(t, s, idSrc, edited)
			after := allQuads(t, s)
			if sum.QuadsAdded == 0 || sum.QuadsRemoved == 0 {
				t.Errorf("edit: %+v", sum)
			}
			checkConfined(t, before, after, graph.DocumentIRI(idSrc), graph.EntryIRI(idSrc, 3))
			if !slices.Equal(after, quadStrings(loader.Quads(idSrc, edited))) {
				t.Error("store after edit differs from the quads of the edited document")
			}
		})
	}
}
