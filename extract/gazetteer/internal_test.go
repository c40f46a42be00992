package gazetteer

import "testing"

// BenchmarkLookupUncached measures a look-up that misses the cache: the first time a
// document names a place.
func BenchmarkLookupUncached(b *testing.B) {
	g, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"Paris", "Göteborg", "Tehran Province", "Sari", "Washington, D.C.", "UK", "Kamyaran", "London", "Narnia", "Parliament"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.lookup(names[i%len(names)])
		i++
	}
}

func BenchmarkLookupLoose(b *testing.B) {
	g, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	g.LookupLoose("Kazeroon") // builds the index
	names := []string{"Kazeroon", "Shahrood", "Ghods", "Astaneh Ashrafiyeh", "Narnia"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.LookupLoose(names[i%len(names)])
		i++
	}
}
