package extract_test

import (
	"slices"
	"testing"

	"annals/extract"
)

// TestMembershipBodies checks the rules for bodies merely named in an entry, the
// reference list of legislatures and the several-nations identity rule on small
// invented chronologies: each case is one document, and every listed body must come
// out with the country and parent given, in the entry given.
func TestMembershipBodies(t *testing.T) {
	type body struct {
		entry                 int
		name, country, partOf string
	}
	for _, tc := range []struct {
		name string
		doc  string
		want []body
	}{
		{
			name: "a membership takes no country from the venue",
			doc: `March 2024

March 3 – Residents of Vancouver held a rally against a dam. Lord Tomas Ferrow, member of the House of Lords, addressed the crowd.
March 9 – MP Ada Lind, member of the Committee on Trade of the Bundestag, and MP Rik Baan, member of the Dutch House of Representatives, spoke at a hearing of the Dutch House of Representatives.
`,
			want: []body{
				{0, "House of Lords", "United Kingdom", ""},
				{1, "Bundestag", "Germany", ""},
				{1, "Committee on Trade", "Germany", "Bundestag"},
				{1, "Dutch House of Representatives", "Netherlands", ""},
			},
		},
		{
			name: "a shared chamber name: the text's country, else the list's prior",
			doc: `April 2024

April 3 – The Canadian House of Commons held a debate on rivers. MP Jo Tran, member of the Canadian House of Commons, spoke.
April 9 – MP Al Grey, chair of the Audit Committee of the House of Commons, met activists in London.
April 12 – MP Kim Vos, member of the Brazilian Chamber of Deputies, and MP Al Grey, chair of the Audit Committee of the House of Commons, signed a letter.
`,
			want: []body{
				{0, "Canadian House of Commons", "Canada", ""},
				{1, "House of Commons", "United Kingdom", ""},
				{1, "Audit Committee", "United Kingdom", "House of Commons"},
				{2, "House of Commons", "United Kingdom", ""},
				{2, "Brazilian Chamber of Deputies", "Brazil", ""},
			},
		},
		{
			name: "a network of several nations is not the intergroup of one parliament",
			doc: `May 2024

May 3 – The Friends of Lumeria Intergroup in the European Parliament met in Brussels.
May 20 – A conference was held in Paris, organised by Friends of Lumeria in several European nations.
`,
			want: []body{
				{0, "Friends of Lumeria Intergroup", "", "European Parliament"},
				{1, "Friends of Lumeria", "", ""},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := extractText(t, tc.doc)
			for _, w := range tc.want {
				if w.entry >= len(doc.Records) {
					t.Fatalf("%d records, want entry %d", len(doc.Records), w.entry)
				}
				b := bodyNamed(doc.Records[w.entry], w.name)
				if b == nil {
					t.Errorf("entry %d: no body %q in %+v", w.entry, w.name, doc.Records[w.entry].Bodies)
					continue
				}
				if b.Country != w.country || b.PartOf != w.partOf {
					t.Errorf("entry %d: %s: country %q, part of %q; want %q, %q", w.entry, w.name, b.Country, b.PartOf, w.country, w.partOf)
				}
			}
		})
	}
}

// TestSeatsByHouse: a chamber known by a name of its own is matched to a legislator's
// title by what the reference list says it is (upper or lower house), and belongs to
// the parliament the list names for it when the document names that parliament,
// be it only inside a committee's name. Invented people; real chambers.
func TestSeatsByHouse(t *testing.T) {
	doc := extractText(t, `June 2024

June 3 – The Dáil debated a housing bill. Deputy Nora Quill said rents had doubled.
June 10 – The Seanad passed a motion on river pollution, proposed by Senator Cathal Brune.
June 18 – Senator Cathal Brune and Nora Quill TD spoke at a meeting of the Oireachtas Joint Committee on Climate Action in Galway.
`)
	if len(doc.Records) != 3 {
		t.Fatalf("%d records, want 3", len(doc.Records))
	}
	for _, w := range []struct {
		entry          int
		body, parentOf string
	}{{0, "Dáil", "Oireachtas"}, {1, "Seanad", "Oireachtas"}, {2, "Oireachtas Joint Committee on Climate Action", "Oireachtas"}} {
		b := bodyNamed(doc.Records[w.entry], w.body)
		if b == nil {
			t.Errorf("entry %d: no body %q in %+v", w.entry, w.body, doc.Records[w.entry].Bodies)
			continue
		}
		if b.Country != "Ireland" || b.PartOf != w.parentOf {
			t.Errorf("entry %d: %s: country %q, part of %q; want Ireland, %q", w.entry, w.body, b.Country, b.PartOf, w.parentOf)
		}
	}
	for _, w := range []struct {
		entry        int
		person, seat string
	}{{0, "Nora Quill", "Dáil"}, {1, "Cathal Brune", "Seanad"}, {2, "Cathal Brune", "Seanad"}, {2, "Nora Quill", "Dáil"}} {
		var p *extract.Person
		for i := range doc.Records[w.entry].People {
			if doc.Records[w.entry].People[i].Name == w.person {
				p = &doc.Records[w.entry].People[i]
			}
		}
		if p == nil {
			t.Errorf("entry %d: no person %q in %+v", w.entry, w.person, doc.Records[w.entry].People)
			continue
		}
		if !slices.Contains(p.MemberOf, w.seat) || p.Country != "Ireland" {
			t.Errorf("entry %d: %s: member of %q, country %q; want %s of Ireland", w.entry, w.person, p.MemberOf, p.Country, w.seat)
		}
	}
}
