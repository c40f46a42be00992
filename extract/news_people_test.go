package extract_test

import (
	"slices"
	"testing"
)

// appositionDoc is an invented wire chronology for the news-style people rules:
// names set off by commas after a lower-case title, offices that name their body, a
// country that owns an office, counted people and parts of a place as venues.
const appositionDoc = `Wire digest 2024

March 2024

March 1 – Sweden's trade minister, Elsa Varga, met exporters in Bergen.
March 2 – Kestrel, the Chilean copper miner, cut its forecast. Its chief executive, Pablo Ruiz, blamed the weather.
March 3 – The shipping company Marlow warned of delays, chief executive Hugo Lind told analysts.
March 4 – The head of the International Bureau of Weights, Ada Kimura, spoke in Paris.
March 5 – Nigeria's central bank raised rates, governor Femi Ade said in Abuja.
March 6 – Police arrested 12 people in Kumasi after clashes.
March 7 – Heavy rains flooded parts of Dar es Salaam.
March 8 – Banco Santander agreed to sell its unit. Lea Moss, the bank's executive chair, said the deal was done.
`

func TestNewsAppositionsAndOffices(t *testing.T) {
	rec := extractText(t, appositionDoc).Records
	if len(rec) != 8 {
		t.Fatalf("%d records, want 8", len(rec))
	}
	for _, c := range []struct {
		what            string
		rec             int
		person, country string
		member          string
	}{
		{"apposition after a lower-case title", 0, "Elsa Varga", "", ""},
		{"its chief executive", 1, "Pablo Ruiz", "Chile", "Kestrel"},
		{"an office after a clause the body opens", 2, "Hugo Lind", "", "Marlow"},
		{"a title with its complement", 3, "Ada Kimura", "", "International Bureau of Weights"},
		{"a central bank's governor", 4, "Femi Ade", "Nigeria", "Nigeria's central bank"},
		{"the bank's executive chair", 7, "Lea Moss", "", "Banco Santander"},
	} {
		t.Run(c.what, func(t *testing.T) {
			p := personNamed(rec[c.rec], c.person)
			if p == nil {
				t.Fatalf("no person %s in %+v", c.person, rec[c.rec].People)
			}
			if c.country != "" && p.Country != c.country {
				t.Errorf("%s: country %q, want %q", c.person, p.Country, c.country)
			}
			if c.member != "" && !slices.Contains(p.MemberOf, c.member) {
				t.Errorf("%s: member of %v, want %s", c.person, p.MemberOf, c.member)
			}
		})
	}
	// A country that owns an office is no place of the entry.
	if p := placeNamed(rec[0], "Sweden"); p != nil {
		t.Errorf("Sweden's trade minister: Norland taken as a place %+v", p)
	}
	if p := placeNamed(rec[4], "Nigeria"); p != nil {
		t.Errorf("Nigeria's central bank: Nigeria taken as a place %+v", p)
	}
	for _, c := range []struct {
		rec   int
		place string
	}{{5, "Kumasi"}, {6, "Dar es Salaam"}} {
		p := placeNamed(rec[c.rec], c.place)
		if p == nil || !p.Venue {
			t.Errorf("line %d: %s should be the venue: %+v", rec[c.rec].Line, c.place, rec[c.rec].Places)
		}
	}
	// A bank named with a town's name in another language takes no country from it.
	if b := bodyNamed(rec[7], "Banco Santander"); b == nil || b.Country != "" {
		t.Errorf("Banco Santander: %+v", b)
	}
}
