package extract_test

import (
	"slices"
	"testing"
)

// TestWeakPlacesAndForeignNames: organisation evidence outranks a weak place-list hit
// ("Toyota said it", a town's name at the head of a statement), an organisation word
// of another language opens a body's name and never a person's ("Grupo", "Clan del"),
// a month before an apposition is no body, and a place named after "Sea of" or "Gulf
// of" is part of a feature's name. A city inside a clause ("the court in Strasbourg
// delivered its judgment") stays a place. The owner of shares or of a company's site
// is a body ("shareholders of X", "the X launch site"), a site named after its place
// is not ("the Cerro Azul mine"). Invented events and companies; real places.
func TestWeakPlacesAndForeignNames(t *testing.T) {
	doc := extractText(t, `May 2023

May 3 – Toyota said it would build a battery plant in North Carolina.
May 9 – The government of Mexico took over a rail line operated by Grupo México. Police blamed the Clan del Golfo for an attack near Medellín.
May 12 – Exports fell in April, the state news agency Agência Brasil reported.
May 20 – Two navies held an exercise in the Sea of Japan. Rebels attacked a ship in the Gulf of Aden.
May 28 – The European Court of Human Rights in Strasbourg delivered its judgment.
May 30 – Shareholders of Kestrava met in Oslo. Engineers presented a rocket at the Orbitrex launch site in Boca Chica, Texas, and miners protested at the Cerro Azul mine.
`)
	if len(doc.Records) != 6 {
		t.Fatalf("%d records, want 6", len(doc.Records))
	}
	names := func(r int) (people, bodies, places []string) {
		for _, p := range doc.Records[r].People {
			people = append(people, p.Name)
		}
		for _, b := range doc.Records[r].Bodies {
			bodies = append(bodies, b.Name)
		}
		for _, p := range doc.Records[r].Places {
			places = append(places, p.Name)
		}
		return
	}
	for _, w := range []struct {
		entry                        int
		body, notPlace, notBody, per string
	}{
		{entry: 0, body: "Toyota", notPlace: "Toyota"},
		{entry: 1, body: "Grupo México", per: "Grupo México"},
		{entry: 1, body: "Clan del Golfo"},
		{entry: 2, body: "Agência Brasil", notBody: "April"},
		{entry: 3, notPlace: "Japan"},
		{entry: 3, notPlace: "Aden"},
		{entry: 5, body: "Kestrava"},
		{entry: 5, body: "Orbitrex", notBody: "Cerro Azul"},
	} {
		people, bodies, places := names(w.entry)
		if w.body != "" && !slices.Contains(bodies, w.body) {
			t.Errorf("entry %d: bodies %q, want %q among them", w.entry, bodies, w.body)
		}
		if w.notPlace != "" && slices.Contains(places, w.notPlace) {
			t.Errorf("entry %d: places %q, want no %q", w.entry, places, w.notPlace)
		}
		if w.notBody != "" && slices.Contains(bodies, w.notBody) {
			t.Errorf("entry %d: bodies %q, want no %q", w.entry, bodies, w.notBody)
		}
		if w.per != "" && slices.Contains(people, w.per) {
			t.Errorf("entry %d: people %q, want no %q", w.entry, people, w.per)
		}
	}
	if _, _, places := names(4); !slices.Contains(places, "Strasbourg") {
		t.Errorf("entry 4: places %q, want Strasbourg", places)
	}
}

// TestParticipantCues: a person the passive names as the object of an act ("was
// barred", "were arrested") did not take part; a person quoted "according to" did.
// Invented people.
func TestParticipantCues(t *testing.T) {
	doc := extractText(t, `June 2023

June 2 – Opposition leader Ana Brisco was barred from holding office for ten years.
June 5 – The power utility Voltaro said blackouts would end in Johannesburg by July, according to its spokesman Tumi Sello.
`)
	want := map[string]bool{"Ana Brisco": false, "Tumi Sello": true}
	for _, r := range doc.Records {
		for _, p := range r.People {
			if w, ok := want[p.Name]; ok {
				if p.Participant != w {
					t.Errorf("line %d: %s participant %v, want %v", r.Line, p.Name, p.Participant, w)
				}
				delete(want, p.Name)
			}
		}
	}
	for name := range want {
		t.Errorf("%s not found as a person", name)
	}
}
