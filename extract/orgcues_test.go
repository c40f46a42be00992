package extract_test

import (
	"slices"
	"strings"
	"testing"

	"annals/extract"
)

// TestOrganisationsOnAnyText runs the extractor on one-entry chronologies in a news
// style and checks the bodies, their countries, and what must not be a place or a
// person.
func TestOrganisationsOnAnyText(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, entry string
		bodies      []string // "name" or "name|country"
		notPlaces   []string
		notPeople   []string
	}{
		{"dictionary name that is a place's alternate name",
			"Hamas said two of its commanders were killed in Beirut.",
			[]string{"Hamas"}, []string{"Hamas", "Hamm"}, nil},
		{"dictionary name without person evidence",
			"Shin Bet said it had arrested three men in Hebron.",
			[]string{"Shin Bet|Israel"}, nil, []string{"Shin Bet"}},
		{"country adjective and agent phrase",
			"The Israeli military said it had dismantled a command centre.",
			[]string{"Israeli military|Israel"}, nil, nil},
		{"possessive country and agent phrase",
			"Kuwait's defense ministry said a drone fell near the border.",
			[]string{"Kuwait's defense ministry|Kuwait"}, []string{"Kuwait"}, nil},
		{"agent phrase before people is no mention of the institution",
			"Egyptian intelligence officials held talks in Doha.",
			nil, nil, nil},
		{"class noun before, with a list",
			"Automakers Ford, Nissan and Renault cut production in Europe.",
			[]string{"Ford", "Nissan", "Renault"}, []string{"Ford"}, nil},
		{"class noun before a place name",
			"The court upheld a fine imposed on the bank Santander.",
			[]string{"Santander"}, []string{"Santander"}, nil},
		{"apposition with a country adjective",
			"Vestas, the Danish wind turbine maker, said it would build a factory.",
			[]string{"Vestas|Denmark"}, nil, nil},
		{"possessive apposition",
			"He said his party, Nuevas Ideas, had won a majority.",
			[]string{"Nuevas Ideas"}, nil, []string{"Nuevas Ideas"}},
		{"reporting verb and according to",
			"According to Eurostat, unemployment fell. Bloomberg reported the figure.",
			[]string{"Eurostat", "Bloomberg"}, nil, nil},
		{"acronym as a subject",
			"ACLED reports that more than 40 people died.",
			[]string{"ACLED"}, nil, nil},
		{"membership noun",
			"Houthi fighters seized a tanker off the coast.",
			[]string{"Houthi"}, nil, nil},
		{"two acronyms acting together",
			"KVFA and OSLA opened talks on the transfer rules.",
			[]string{"KVFA", "OSLA"}, nil, nil},
		{"acronym after a country's possessive",
			"Chile's FNR and the Liberal Front traded accusations.",
			[]string{"FNR|Chile"}, nil, nil},
		{"group noun after a place name",
			"Police arrested three members of the Jalisco cartel in Guadalajara.",
			[]string{"Jalisco cartel"}, []string{"Jalisco"}, nil},
		{"one word after The, subject of a statement",
			"The Zentralkasse warned that growth would slow.",
			[]string{"Zentralkasse"}, nil, nil},
		{"a name of two words after The, subject of a statement",
			"The Kestrel Maru warned that growth would slow.",
			[]string{"Kestrel Maru"}, nil, nil},
		{"a hyphenated adjective is no name",
			"The plant delivered 49 jets, the Lyon-based company said.",
			nil, []string{"Lyon-based"}, nil},
		{"acronym before a noun only an organisation has",
			"The KPV candidate won; AMSOR troops secured the town, an LDF spokesman said.",
			[]string{"KPV", "AMSOR", "LDF"}, nil, nil},
		{"a country's code before a noun is no body",
			"The UK government and US troops met.",
			nil, nil, nil},
		{"shares after a name",
			"Norvalco shares fell 4% in Oslo.",
			[]string{"Norvalco"}, nil, nil},
		{"ruling noun after a country's possessive",
			"Hungary's Zoldpart government and Chile's Ferroviario coalition met.",
			[]string{"Zoldpart|Hungary", "Ferroviario coalition|Chile"}, nil, nil},
		{"its after the subject",
			"Moderna said its vaccine was approved.",
			[]string{"Moderna"}, nil, []string{"Moderna"}},
		{"a country after its article is no body",
			"A commander was killed in southern Lebanon, the group said.",
			nil, nil, nil},
		{"generic words are no bodies",
			"Police said the regime and the military had met Western powers.",
			nil, nil, nil},
		{"a person who reports stays a person",
			"Minister Jane Doe said her ministry would act. Doe reported progress.",
			nil, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := "News\n\nMarch 2024\n\nMarch 4 – " + c.entry + "\n"
			d, err := x.Extract(strings.NewReader(doc), extract.Options{Source: "t.txt"})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Records) != 1 {
				t.Fatalf("%d records", len(d.Records))
			}
			r := d.Records[0]
			var got []string
			for _, b := range r.Bodies {
				if b.Country != "" {
					got = append(got, b.Name+"|"+b.Country)
				} else {
					got = append(got, b.Name)
				}
			}
			for _, want := range c.bodies {
				if !slices.Contains(got, want) {
					t.Errorf("body %q missing from %q", want, got)
				}
			}
			if c.bodies == nil && len(got) > 0 {
				t.Errorf("bodies %q, want none", got)
			}
			for _, p := range r.Places {
				if slices.Contains(c.notPlaces, p.Name) {
					t.Errorf("%q is a place", p.Name)
				}
			}
			for _, p := range r.People {
				if slices.Contains(c.notPeople, p.Name) {
					t.Errorf("%q is a person", p.Name)
				}
			}
		})
	}
}

// TestPeopleWithoutTitles: a name with no title is a person when "as" and a title
// follow it, after a determiner and adjectives ("chose X as its presidential
// candidate"), or when "his" or "her" opens the next clause ("the release of X; his
// party"). Invented names.
func TestPeopleWithoutTitles(t *testing.T) {
	doc := extractText(t, `News

March 2024

March 4 – The coalition chose Aldo Brenner as its presidential candidate in Lisbon.
March 5 – A court ordered the release of Tomas Valdar; his party called for protests in Porto.
March 6 – The court ordered the release of Porto Alegre; the city said little.
`)
	var got []string
	for _, r := range doc.Records {
		for _, p := range r.People {
			got = append(got, p.Name)
		}
	}
	if !slices.Equal(got, []string{"Aldo Brenner", "Tomas Valdar"}) {
		t.Errorf("people %q, want Aldo Brenner and Tomas Valdar", got)
	}
}
