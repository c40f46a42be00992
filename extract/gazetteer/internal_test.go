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
// now: a sample of places is found under its name and each alternate. It decompresses
// every chunk, so it also checks that all of them decode.
func TestIndexMatchesFold(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	checked, rows := 0, 0
	var cols [numCols]string
	for _, c := range g.rowChunks {
		if err := c.load(false); err != nil {
			t.Fatalf("row chunk at %d: %v", c.start, err)
		}
		for off := 0; off < len(c.text); rows++ {
			end := strings.IndexByte(c.text[off:], '\n')
			row := c.text[off : off+end]
			p := c.start + uint32(off)
			off += end + 1
			if !split(row, &cols) {
				t.Fatalf("row at %d: %d columns expected: %q", p, numCols, row)
			}
			if rows%97 != 0 {
				continue
			}
			names := append([]string{cols[colName]}, strings.Split(cols[colAlternates], "|")...)
			for _, name := range names {
				if name == "" || name != cols[colName] && allCaps(name) {
					continue
				}
				if !slices.Contains(g.find(fold.Key(name)), p) {
					t.Errorf("%q (row at %d) is not indexed under %q", name, p, fold.Key(name))
				}
				checked++
			}
		}
	}
	for _, c := range g.keyChunks {
		if err := c.load(true); err != nil {
			t.Fatalf("index chunk from %q: %v", c.first, err)
		}
		if c.keyAt(0) != c.first {
			t.Errorf("index chunk from %q starts at %q", c.first, c.keyAt(0))
		}
	}
	if rows < 200000 || checked < 5000 {
		t.Errorf("%d rows, %d names checked; want all places and a sample of thousands", rows, checked)
	}
}

// BenchmarkLoadAll is Load followed by decompressing every chunk: the most a process
// pays for the data, as when LookupLoose builds its index.
func BenchmarkLoadAll(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		g, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range g.rowChunks {
			c.mustLoad(false)
		}
		for _, c := range g.keyChunks {
			c.mustLoad(true)
		}
	}
}
