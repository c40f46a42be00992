package extract

import (
	"strings"
	"testing"

	"annals/extract/gazetteer"
)

// fakeGazetteer is a small invented gazetteer: the rules are tested on it, not on the
// real data, so that a test names exactly the places it relies on.
type fakeGazetteer struct {
	places    map[string][]gazetteer.Place
	countries map[string]gazetteer.Place
	adjs      map[string]string // adjective → country code
	adjOf     map[string]string // country code → adjective
}

func newFakeGazetteer() *fakeGazetteer {
	g := &fakeGazetteer{
		places:    map[string][]gazetteer.Place{},
		countries: map[string]gazetteer.Place{},
		adjs:      map[string]string{},
		adjOf:     map[string]string{},
	}
	g.country("PT", "Portugal", "Portuguese", "Portugal")
	g.country("RU", "Ruritania", "Ruritanian", "Ruritania")
	g.country("GB", "United Kingdom", "British", "United Kingdom", "UK", "U.K.", "Britain")
	g.country("US", "United States", "American", "United States", "US", "U.S.", "USA")
	g.country("FR", "France", "French", "France")
	g.city("Lisbon", "PT", 500000)
	g.city("Porto", "PT", 230000)
	g.city("Braga", "PT", 190000)
	g.city("Varna", "RU", 8000)
	g.city("Varna", "PT", 3000)
	g.city("Ostrava", "RU", 4000)
	g.city("Nancy", "FR", 100000)
	g.city("Boston", "US", 600000)
	g.city("Lincoln", "US", 280000)
	g.city("Strelsau", "RU", 900000)
	g.region("Northland", "US", 2000000)
	return g
}

func (g *fakeGazetteer) country(code, name, adj string, forms ...string) {
	p := gazetteer.Place{ID: len(g.countries) + 1, Name: name, Kind: gazetteer.KindCountry, CountryCode: code, Country: name, Population: 10_000_000}
	for _, f := range forms {
		g.countries[foldKey(f)] = p
	}
	g.countries[strings.ToLower(code)] = p
	g.places[foldKey(name)] = []gazetteer.Place{p}
	g.adjs[foldKey(adj)] = code
	g.adjOf[code] = adj
}

func (g *fakeGazetteer) city(name, code string, pop int) {
	c := g.countries[strings.ToLower(code)]
	p := gazetteer.Place{ID: 1000 + len(g.places), Name: name, Kind: gazetteer.KindCity, CountryCode: code, Country: c.Name, Population: pop, Lat: 1, Lon: 2}
	k := foldKey(name)
	g.places[k] = append(g.places[k], p)
}

func (g *fakeGazetteer) region(name, code string, pop int) {
	c := g.countries[strings.ToLower(code)]
	p := gazetteer.Place{ID: 5000 + len(g.places), Name: name, Kind: gazetteer.KindRegion, CountryCode: code, Country: c.Name, Population: pop}
	g.places[foldKey(name)] = append(g.places[foldKey(name)], p)
}

func (g *fakeGazetteer) Lookup(name string) []gazetteer.Place {
	ps := g.places[foldKey(name)]
	// best first, as the real gazetteer ranks: by population
	out := append([]gazetteer.Place(nil), ps...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Population > out[j-1].Population; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func (g *fakeGazetteer) Country(name string) (gazetteer.Place, bool) {
	p, ok := g.countries[foldKey(name)]
	return p, ok
}

func (g *fakeGazetteer) CountryOfAdjective(adj string) (gazetteer.Place, bool) {
	code, ok := g.adjs[foldKey(adj)]
	if !ok {
		return gazetteer.Place{}, false
	}
	return g.countries[strings.ToLower(code)], true
}

func (g *fakeGazetteer) Adjective(code string) string { return g.adjOf[code] }

// annotateTexts runs the entity rules on entries written for the test.
func annotateTexts(texts ...string) []Record {
	recs := make([]Record, len(texts))
	for i, t := range texts {
		recs[i] = Record{Line: i + 1, Text: t}
	}
	annotateWith(newFakeGazetteer(), recs)
	return recs
}

func findPerson(ps []Person, name string) (Person, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Person{}, false
}

func findBody(bs []Body, name string) (Body, bool) {
	for _, b := range bs {
		if b.Name == name {
			return b, true
		}
	}
	return Body{}, false
}

func findPlace(ps []Place, name string) (Place, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Place{}, false
}

func names[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

func personNames(ps []Person) []string { return names(ps, func(p Person) string { return p.Name }) }
func bodyNames(bs []Body) []string     { return names(bs, func(b Body) string { return b.Name }) }
func placeNames(ps []Place) []string   { return names(ps, func(p Place) string { return p.Name }) }

func TestPeople(t *testing.T) {
	type want struct {
		name        string
		legislator  bool
		participant bool
		role        string // a substring of one of the roles, if set
	}
	tests := []struct {
		name  string
		text  string
		want  []want
		never []string // names that must not come out as people
	}{
		{"honorific and role apposition",
			"March 3 – Mrs. Jane Okoro, President of the Lakeland Civic Council, addressed the meeting.",
			[]want{{"Jane Okoro", false, true, "President of the Lakeland Civic Council"}}, nil},
		{"plural legislator title before a list",
			"March 4 – Senators Ann Fielding, Tom Bray and Lucy Marsh signed the letter.",
			[]want{{"Ann Fielding", true, true, ""}, {"Tom Bray", true, true, ""}, {"Lucy Marsh", true, true, ""}}, nil},
		{"party markers make legislators",
			"March 5 – Representatives Carla Menzies (D-OR) and Paul Dwyer (R-TX) introduced the bill.",
			[]want{{"Carla Menzies", true, true, ""}, {"Paul Dwyer", true, true, ""}}, nil},
		{"chained titles and suffix",
			"March 6 – The Rt. Hon. Dr. Peter Hollis, former Minister of Transport, met Professor Anna Maria Kessler.",
			[]want{{"Peter Hollis", false, true, "former Minister of Transport"}, {"Anna Maria Kessler", false, true, ""}}, nil},
		{"untitled names in a list after a plural legislator noun",
			"March 7 – British MPs, Alan Short, former Minister of Transport, and Ruth Kale, a lawmaker from the House of Commons, visited Lisbon.",
			[]want{{"Alan Short", true, true, ""}, {"Ruth Kale", true, true, "lawmaker"}}, nil},
		{"a seat in a legislature makes a legislator",
			"March 9 – Party leader Nora Vint held her seat in Eastvale, and Senator Oskar Brun lost his.",
			[]want{{"Nora Vint", true, true, ""}, {"Oskar Brun", true, true, ""}}, nil},
		{"winning a race is not a seat",
			"March 10 – Captain Ida Lorne won the regatta in Porto.",
			[]want{{"Ida Lorne", false, true, ""}}, nil},
		{"target of a protest is only mentioned",
			"March 8 – Protesters denounced the visit of regime president Omar Tessaly to Lisbon.",
			[]want{{"Omar Tessaly", false, false, ""}}, nil},
		{"possessive is a mention",
			"March 9 – Supporters distributed Mrs. Irene Talbot’s ten-point plan in Porto.",
			[]want{{"Irene Talbot", false, false, ""}}, nil},
		{"particles inside a name",
			"March 10 – Former Senator Maria de la Cruz spoke at the conference.",
			[]want{{"Maria de la Cruz", true, true, "Senator"}}, nil},
		{"post-nominal legislator title",
			"March 11 – A delegation led by Sean Boyle TD travelled to Lisbon.",
			[]want{{"Sean Boyle", true, true, ""}}, nil},
		{"first name that is a town",
			"March 12 – Nancy Keller (D-WA) and Lincoln Hart, a senior fellow, spoke in Boston.",
			[]want{{"Nancy Keller", true, true, ""}, {"Lincoln Hart", false, true, "senior fellow"}}, nil},
		{"envoy is not a legislator",
			"March 13 – Mary Quill, the agency's Representative to Portugal, opened the conference.",
			[]want{{"Mary Quill", false, true, ""}}, nil},
		{"a street named after a title is no person",
			"March 14 – Units projected images onto a building on a highway named Imam Ali.",
			nil, []string{"Ali", "Imam Ali"}},
		{"capitalized phrases are no people",
			"March 15 – The Ten-Point Plan was presented at the Persian New Year reception.",
			nil, []string{"Ten-Point Plan", "Persian New Year"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := annotateTexts(tc.text)[0]
			for _, w := range tc.want {
				p, ok := findPerson(rec.People, w.name)
				if !ok {
					t.Fatalf("no person %q in %v", w.name, personNames(rec.People))
				}
				if p.Legislator != w.legislator {
					t.Errorf("%s: legislator = %v, want %v (roles %q)", w.name, p.Legislator, w.legislator, p.Roles)
				}
				if p.Participant != w.participant {
					t.Errorf("%s: participant = %v, want %v", w.name, p.Participant, w.participant)
				}
				if w.role != "" && !strings.Contains(strings.Join(p.Roles, "|"), w.role) {
					t.Errorf("%s: roles %q lack %q", w.name, p.Roles, w.role)
				}
			}
			for _, n := range tc.never {
				if _, ok := findPerson(rec.People, n); ok {
					t.Errorf("%q is not a person: %v", n, personNames(rec.People))
				}
			}
			if len(rec.People) != len(tc.want) {
				t.Errorf("people = %v, want %d", personNames(rec.People), len(tc.want))
			}
		})
	}
}

// TestPeopleResolvedInDocument: partial mentions take the full name used elsewhere in
// the document, and a gendered honorific picks the person of that gender.
func TestPeopleResolvedInDocument(t *testing.T) {
	recs := annotateTexts(
		"April 1 – Mrs. Helen Varga, chair of the Harbour Workers Union, met Mr. Daniel Varga in Lisbon.",
		"April 2 – Units distributed Mrs. Varga’s message in Porto.",
		"April 3 – Mr. Varga said the talks went well.",
		"April 4 – Senator Giorgio Bianchi arrived.",
		"April 5 – Senator Giorgio Luca Bianchi spoke.",
		"April 6 – Posters quoted Bianchi.",
	)
	check := func(rec Record, name string, participant bool) {
		t.Helper()
		p, ok := findPerson(rec.People, name)
		if !ok {
			t.Fatalf("line %d: no %q in %v", rec.Line, name, personNames(rec.People))
		}
		if p.Participant != participant {
			t.Errorf("line %d: %s participant = %v, want %v", rec.Line, name, p.Participant, participant)
		}
	}
	check(recs[0], "Helen Varga", true)
	check(recs[0], "Daniel Varga", true)
	check(recs[1], "Helen Varga", false)
	check(recs[2], "Daniel Varga", true)
	check(recs[3], "Giorgio Luca Bianchi", true)
	check(recs[4], "Giorgio Luca Bianchi", true)
	check(recs[5], "Giorgio Luca Bianchi", true)
	p, _ := findPerson(recs[3].People, "Giorgio Luca Bianchi")
	if !p.Legislator || !containsString(p.Aliases, "Giorgio Bianchi") {
		t.Errorf("Bianchi: %+v, want legislator with alias Giorgio Bianchi", p)
	}
	h, _ := findPerson(recs[1].People, "Helen Varga")
	if !containsString(h.Aliases, "Mrs. Varga") {
		t.Errorf("Helen Varga aliases %q lack the partial form", h.Aliases)
	}
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func TestBodies(t *testing.T) {
	type want struct {
		name        string
		legislative bool
		alias       string // one alias that must be there, if set
	}
	tests := []struct {
		name  string
		texts []string // entries of one document; the last one is checked
		want  []want
		never []string
	}{
		{"a name joined by an ampersand is a firm",
			[]string{"May 9 – Hollis & Brandt said the rally drew 3,000 people."},
			[]want{{"Hollis & Brandt", false, ""}}, nil},
		{"acronym defined in another entry",
			[]string{"May 1 – The Union of Coastal Fishers (UCF) held a rally in Porto.", "May 2 – Members of the UCF met in Lisbon."},
			[]want{{"Union of Coastal Fishers", false, "UCF"}}, nil},
		{"slash acronyms and a quoted name",
			[]string{"May 3 – The “League of Free Sailors” (LFS/FSL) gathered."},
			[]want{{"League of Free Sailors", false, "FSL"}}, nil},
		{"one canonical name for a country's parliament",
			[]string{"May 4 – The Portuguese Parliament voted.", "May 5 – The Parliament of Portugal voted.", "May 6 – Portugal’s parliament voted."},
			[]want{{"Portuguese Parliament", true, "Portugal’s parliament"}}, nil},
		{"region's legislature",
			[]string{"May 7 – The Northland General Assembly passed a resolution."},
			[]want{{"Northland General Assembly", true, ""}}, nil},
		{"committee of a parliament is two bodies, both legislative",
			[]string{"May 8 – Mr. Ivo Santos from the Budget Committee of the Portuguese Parliament spoke."},
			[]want{{"Budget Committee", true, ""}, {"Portuguese Parliament", true, ""}}, nil},
		{"complements with prepositions",
			[]string{"May 9 – The International Committee in Search of Truth met the Council for Free Ports."},
			[]want{{"International Committee in Search of Truth", false, ""}, {"Council for Free Ports", false, ""}}, nil},
		{"intergroup named without its head word later (which does not say it is of legislators)",
			[]string{"May 10 – The Friends of the Open Sea Intergroup met.", "May 11 – A rally was organized by Friends of the Open Sea in Lisbon."},
			[]want{{"Friends of the Open Sea Intergroup", false, "Friends of the Open Sea"}}, nil},
		{"generic phrases are no bodies",
			[]string{"May 12 – Western powers and the regime were criticized; the House and Senate adjourned."},
			nil, []string{"Western powers", "regime", "House and Senate"}},
		{"state chambers take the region of the entry's other chamber",
			[]string{"May 14 – 40 members of the House of Representatives of the State of Northland and 12 of the 20 members of the state Senate signed; majorities in the House and Senate of the state agreed."},
			[]want{{"Northland House of Representatives", true, ""}, {"Northland State Senate", true, "state Senate"}}, []string{"House and Senate"}},
		{"organisations described in plain words",
			[]string{"May 15 – Harbor Weekly magazine reported that Quilltech, an engineering company, had paid the non-profit Seabird."},
			[]want{{"Harbor Weekly", false, ""}, {"Quilltech", false, ""}, {"Seabird", false, ""}}, nil},
		{"apposition of two names of one legislature",
			[]string{"May 13 – The Parliament of Ruritania, the Sejm, voted."},
			[]want{{"Sejm", true, "Parliament of Ruritania"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs := annotateTexts(tc.texts...)
			rec := recs[len(recs)-1]
			for _, w := range tc.want {
				b, ok := findBody(rec.Bodies, w.name)
				if !ok {
					t.Fatalf("no body %q in %v", w.name, bodyNames(rec.Bodies))
				}
				if b.Legislative != w.legislative {
					t.Errorf("%s: legislative = %v, want %v", w.name, b.Legislative, w.legislative)
				}
				if w.alias != "" && !containsString(b.Aliases, w.alias) {
					t.Errorf("%s: aliases %q lack %q", w.name, b.Aliases, w.alias)
				}
			}
			for _, n := range tc.never {
				for _, b := range rec.Bodies {
					if strings.Contains(strings.ToLower(b.Name), strings.ToLower(n)) {
						t.Errorf("%q is not a body (got %q)", n, b.Name)
					}
				}
			}
		})
	}
}

func TestPlaces(t *testing.T) {
	type want struct {
		name, kind, country string
	}
	tests := []struct {
		name  string
		texts []string
		want  []want
		never []string
	}{
		{"list of cities",
			[]string{"June 1 – Rallies were held in Lisbon, Porto and Braga."},
			[]want{{"Lisbon", "city", "Portugal"}, {"Porto", "city", "Portugal"}, {"Braga", "city", "Portugal"}}, nil},
		{"ambiguous town takes the country named in the entry",
			[]string{"June 2 – Activists in Strelsau, Ruritania, and in Varna held vigils."},
			[]want{{"Varna", "city", "Ruritania"}}, nil},
		{"ambiguous town takes the country of the document",
			[]string{"June 3 – Vigils in Strelsau and Ostrava.", "June 4 – Vigils in Ostrava and Varna."},
			[]want{{"Varna", "city", "Ruritania"}}, nil},
		{"first names and months are no places",
			[]string{"June 5 – Nancy Keller (D-WA) spoke in Boston in March."},
			[]want{{"Boston", "city", "United States"}}, []string{"Nancy", "March"}},
		{"sites by their shape",
			[]string{"June 6 – Supporters gathered at Place de la Liberté in Lisbon and visited Harbor 4, Portugal."},
			[]want{{"Place de la Liberté", "site", "Portugal"}, {"Harbor 4", "site", "Portugal"}}, nil},
		{"places inside an organisation's name are not places of the entry",
			[]string{"June 7 – The Lisbon Maritime Society met."},
			nil, []string{"Lisbon"}},
		{"a country as a topic is no place",
			[]string{"June 8 – A conference on Portugal’s economy; the Portugal policy was discussed in Boston."},
			[]want{{"Boston", "city", "United States"}}, []string{"Portugal"}},
		{"country named as a place",
			[]string{"June 9 – Activists in the United Kingdom rallied."},
			[]want{{"United Kingdom", "country", "United Kingdom"}}, nil},
		{"country adjectives are no places",
			[]string{"June 10 – French and Portuguese lawmakers met."},
			nil, []string{"France", "Portugal"}},
		{"a town the gazetteer lacks, placed by the text",
			[]string{"June 12 – The race took place in Killbury, Northland, before a home crowd."},
			[]want{{"Killbury", "city", "United States"}}, nil},
		{"titles in quotation marks are no places",
			[]string{"June 11 – The book “Lisbon Tomorrow” was presented."},
			nil, []string{"Lisbon"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs := annotateTexts(tc.texts...)
			rec := recs[len(recs)-1]
			for _, w := range tc.want {
				p, ok := findPlace(rec.Places, w.name)
				if !ok {
					t.Fatalf("no place %q in %v", w.name, placeNames(rec.Places))
				}
				if p.Kind != w.kind || p.Country != w.country {
					t.Errorf("%s: kind %q country %q, want %q %q", w.name, p.Kind, p.Country, w.kind, w.country)
				}
			}
			for _, n := range tc.never {
				if _, ok := findPlace(rec.Places, n); ok {
					t.Errorf("%q is not a place here: %v", n, placeNames(rec.Places))
				}
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	text := "Mr. O’Brien’s U.S. trip, Vidal-Quadras (PMOI/MEK) H.Res.100."
	toks := tokenize(nil, text, lowerText(text))
	var got []string
	for _, tk := range toks {
		s := text[tk.start:tk.end]
		if tk.hasPoss() {
			s += "+poss"
		}
		got = append(got, s)
	}
	want := "Mr.|O’Brien+poss|U.S.|trip|,|Vidal-Quadras|(|PMOI|/|MEK|)|H.Res.100|."
	if strings.Join(got, "|") != want {
		t.Errorf("tokens %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestFoldKey(t *testing.T) {
	for in, want := range map[string]string{
		"The People’s Mojahedin":  "people mojahedin",
		"Malmö":                   "malmo",
		"U.S. House":              "us house",
		"Place Denfert-Rochereau": "place denfert rochereau",
	} {
		if got := foldKey(in); got != want {
			t.Errorf("foldKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNoPlaceIndex: the rules run without a gazetteer (an Extractor built by hand).
func TestNoPlaceIndex(t *testing.T) {
	recs := []Record{{Text: "July 1 – Senator Ann Fielding visited the Harbour Workers Union in Lisbon."}}
	var x *Extractor
	x.annotate(recs)
	if _, ok := findPerson(recs[0].People, "Ann Fielding"); !ok {
		t.Errorf("people = %v", personNames(recs[0].People))
	}
	if len(recs[0].Places) != 0 {
		t.Errorf("places without a gazetteer: %v", placeNames(recs[0].Places))
	}
}

// FuzzAnnotate checks that no entry text makes the entity rules panic or emit an
// empty name.
func FuzzAnnotate(f *testing.F) {
	for _, s := range []string{
		"", "–", "March 1 – (", "March 1 – Mr.", "March 1 – Senators ,", "A (B) C (D-TX)",
		"March 2 – “Unclosed quote by Dr. X", "March 3 – The House of", "March 4 – in , , Lisbon,",
		"March 5 – Place", "March 6 – X’s Y’s", "\u00a0\u00a0Mrs.\u00a0Ann\u00a0Lee,",
		"March 7 – the state Senate and the Senate", "March 8 – (NCRI)(PMOI/MEK)",
		"March 9 – Ann Lee (D-TX) and Bo Li (R-SC) unveiled the establishment of a caucus. Dubbed the X Caucus,",
		"March 10 – figures from the coalition of the Y forces, such as Mr. Ann Lee (chair of the Z Coalition), and",
		"March 11 – Ukraine's SBU, the Sinaloa cartel, The Zentralkasse warned; the APC candidate",
		"March 12 – chose Ann Lee as its; the release of Bo Li; his", "March 13 – in Nechí. Speakers included Ann",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		recs := annotateTexts(s, s)
		for _, r := range recs {
			for _, p := range r.People {
				if strings.TrimSpace(p.Name) == "" {
					t.Errorf("empty person name from %q", s)
				}
			}
			for _, b := range r.Bodies {
				if strings.TrimSpace(b.Name) == "" {
					t.Errorf("empty body name from %q", s)
				}
			}
			for _, p := range r.Places {
				if strings.TrimSpace(p.Name) == "" {
					t.Errorf("empty place name from %q", s)
				}
			}
		}
	})
}

func TestClassTableAgreesWithWordLists(t *testing.T) {
	for w, c := range wordClasses {
		if got := wordClassTable.of(w); got != c {
			t.Errorf("class of %q = %b, want %b", w, got, c)
		}
	}
	for _, w := range []string{"", "x", "tehran", "thee", "senators-elect", "a-very-long-word-of-no-list", "ministerss"} {
		if _, listed := wordClasses[w]; listed {
			continue
		}
		if got := wordClassTable.of(w); got != 0 {
			t.Errorf("class of unlisted %q = %b, want 0", w, got)
		}
	}
}
