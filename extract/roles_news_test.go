package extract_test

import (
	"slices"
	"testing"

	"annals/extract"
)

// newsDoc is an invented wire-service chronology for the rules of roles_news.go.
const newsDoc = `Wire digest 2025

May 2025

May 2 – Brevik Motors, the Norwegian carmaker, reported higher sales. Chief executive Tor Halvorsen spoke to reporters in Oslo.
May 6 – Energy company Kestrel Power cut its forecast. The Lyon company blamed weak demand.
May 9 – Kenya's interior ministry said a bus crashed near the border, according to the state news agency Sauti.
May 12 – A drone strike hit a truck in southern Lebanon. More than 2,000 people fled to Cyprus in one week.
May 15 – Police arrested three residents of Hebron at a checkpoint near Jericho.
May 20 – The Italian Senate approved a budget. The Civic Renewal Party voted against it.
`

func personNamed(r extract.Record, name string) *extract.Person {
	for i := range r.People {
		if r.People[i].Name == name {
			return &r.People[i]
		}
	}
	return nil
}

func placeNamed(r extract.Record, name string) *extract.Place {
	for i := range r.Places {
		if r.Places[i].Name == name {
			return &r.Places[i]
		}
	}
	return nil
}

func TestNewsRoles(t *testing.T) {
	doc := extractText(t, newsDoc)
	if len(doc.Records) != 6 {
		t.Fatalf("%d records, want 6", len(doc.Records))
	}
	rec := doc.Records
	for _, c := range []struct {
		what          string
		rec           int
		body, country string
	}{
		{"apposition with a demonym", 0, "Brevik Motors", "Norway"},
		{"anaphor with a city", 1, "Kestrel Power", "France"},
		{"state outlet takes its sentence's country", 2, "Sauti", "Kenya"},
		{"party takes its entry's legislature's country", 5, "Civic Renewal Party", "Italy"},
	} {
		t.Run(c.what, func(t *testing.T) {
			b := bodyNamed(rec[c.rec], c.body)
			if b == nil {
				t.Fatalf("no body %s in %+v", c.body, rec[c.rec].Bodies)
			}
			if b.Country != c.country {
				t.Errorf("%s country %q, want %q", c.body, b.Country, c.country)
			}
		})
	}
	t.Run("bare title after the body's sentence", func(t *testing.T) {
		p := personNamed(rec[0], "Tor Halvorsen")
		if p == nil {
			t.Fatalf("no person Tor Halvorsen in %+v", rec[0].People)
		}
		if !slices.Contains(p.MemberOf, "Brevik Motors") {
			t.Errorf("member_of %q, want Brevik Motors", p.MemberOf)
		}
		if p.Country != "" {
			t.Errorf("country %q: a company's officer has no country from it", p.Country)
		}
	})
	for _, c := range []struct {
		what  string
		rec   int
		place string
		venue bool
	}{
		{"direction word after in", 3, "Lebanon", true},
		{"fled to", 3, "Cyprus", true},
		{"residents harmed elsewhere", 4, "Hebron", false},
		{"where the arrest happened", 4, "Jericho", true},
	} {
		t.Run(c.what, func(t *testing.T) {
			p := placeNamed(rec[c.rec], c.place)
			if p == nil {
				t.Fatalf("no place %s in %+v", c.place, rec[c.rec].Places)
			}
			if p.Venue != c.venue {
				t.Errorf("%s venue %v, want %v", c.place, p.Venue, c.venue)
			}
		})
	}
}
