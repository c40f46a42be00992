package gazetteer

import (
	"slices"
	"strings"
	"testing"

	"annals/extract/gazetteer/internal/fold"
)

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

// TestIndexMatchesFold checks that the generated index agrees with fold.Key as it is
// now: a sample of places is found under its name and each alternate.
func TestIndexMatchesFold(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	var cols [numCols]string
	for off, n := 0, 0; ; n++ {
		end := strings.IndexByte(g.text[off:], '\n')
		row := g.text[off : off+end]
		if row == "%%" {
			break
		}
		if row[0] != '#' && n%97 == 0 {
			if !split(row, &cols) {
				t.Fatalf("row %d: %d columns expected: %q", n, numCols, row)
			}
			names := append([]string{cols[colName]}, strings.Split(cols[colAlternates], "|")...)
			for _, name := range names {
				if name == "" || name != cols[colName] && allCaps(name) {
					continue
				}
				if !slices.Contains(g.find(fold.Key(name)), uint32(off)) {
					t.Errorf("%q (row %d) is not indexed under %q", name, n, fold.Key(name))
				}
				checked++
			}
		}
		off += end + 1
	}
	if checked < 5000 {
		t.Errorf("checked %d names, want a sample of thousands", checked)
	}
}
