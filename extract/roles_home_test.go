package extract_test

import "testing"

// TestBodyCountryFromPlaces: a body takes the country of the place its apposition
// says it is based in, and a body of a document about one country takes that country
// when its name holds a town of it; a body before someone else's apposition takes
// none. Invented bodies; real places.
func TestBodyCountryFromPlaces(t *testing.T) {
	doc := extractText(t, `Chronicle of Ireland, 2019

March 2019

March 2 – The Irish government met unions in Dublin. Galway Tenants' Network held a rally in Galway.
March 9 – The Daily Courant reported that Vossberg Engineering, an engineering company based in Montreal, had won a contract in Cork.
`)
	want := []struct {
		entry         int
		body, country string
	}{
		{0, "Galway Tenants' Network", "Ireland"},
		{1, "Vossberg Engineering", "Canada"},
		{1, "Courant", ""},
	}
	for _, w := range want {
		if w.entry >= len(doc.Records) {
			t.Fatalf("%d records", len(doc.Records))
		}
		b := bodyNamed(doc.Records[w.entry], w.body)
		if b == nil {
			t.Errorf("entry %d: no body %q in %+v", w.entry, w.body, doc.Records[w.entry].Bodies)
			continue
		}
		if b.Country != w.country {
			t.Errorf("entry %d: %s: country %q, want %q", w.entry, w.body, b.Country, w.country)
		}
	}
}
