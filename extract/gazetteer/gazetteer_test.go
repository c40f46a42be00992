package gazetteer_test

import (
	"runtime"
	"sync"
	"testing"
	"unsafe"
	"weak"

	"annals/extract/gazetteer"
)

var (
	loadOnce sync.Once
	shared   *gazetteer.Gazetteer
	loadErr  error
)

func load(tb testing.TB) *gazetteer.Gazetteer {
	tb.Helper()
	loadOnce.Do(func() { shared, loadErr = gazetteer.Load() })
	if loadErr != nil {
		tb.Fatalf("Load: %v", loadErr)
	}
	return shared
}

func TestLookupFirst(t *testing.T) {
	g := load(t)
	tests := []struct {
		query       string
		name        string // want first candidate's name
		kind        string
		countryCode string
		country     string
	}{
		{"Paris", "Paris", "city", "FR", "France"},
		{"paris", "Paris", "city", "FR", "France"},
		{"London", "London", "city", "GB", "United Kingdom"},
		{"Malmö", "Malmö", "city", "SE", "Sweden"},
		{"Malmo", "Malmö", "city", "SE", "Sweden"},
		{"Stockholm", "Stockholm", "city", "SE", "Sweden"},
		{"The Hague", "The Hague", "city", "NL", "Netherlands"},
		{"Hague", "The Hague", "city", "NL", "Netherlands"},
		{"Hamburg", "Hamburg", "city", "DE", "Germany"},
		{"Vienna", "Vienna", "city", "AT", "Austria"},
		{"Rome", "Rome", "city", "IT", "Italy"},
		{"Oslo", "Oslo", "city", "NO", "Norway"},
		{"Toronto", "Toronto", "city", "CA", "Canada"},
		{"Tehran", "Tehran", "city", "IR", "Iran"},
		{"Isfahan", "Isfahan", "city", "IR", "Iran"},
		{"Rudsar", "Rudsar", "city", "IR", "Iran"},
		{"Kamyaran", "Kamyaran", "city", "IR", "Iran"},
		{"Shahr-e Kord", "Shahr-e Kord", "city", "IR", "Iran"},
		{"Shahre Kord", "Shahr-e Kord", "city", "IR", "Iran"},
		{"Bandar Anzali", "Bandar-e Anzali", "city", "IR", "Iran"},
		{"Anzali", "Bandar-e Anzali", "city", "IR", "Iran"},
		{"Washington, D.C.", "Washington", "city", "US", "United States"},
		{"Utah", "Utah", "region", "US", "United States"},
		{"Tehran Province", "Tehran Province", "region", "IR", "Iran"},
		{"Lower Saxony", "Lower Saxony", "region", "DE", "Germany"},
		{"Niedersachsen", "Lower Saxony", "region", "DE", "Germany"},
		{"Ontario", "Ontario", "region", "CA", "Canada"},
		{"State of Connecticut", "Connecticut", "region", "US", "United States"},
		{"Wales", "Wales", "region", "GB", "United Kingdom"},
		{"Northern Ireland", "Northern Ireland", "region", "GB", "United Kingdom"},
		{"Iran", "Iran", "country", "IR", "Iran"},
		{"Netherlands", "Netherlands", "country", "NL", "Netherlands"},
		{"the Netherlands", "Netherlands", "country", "NL", "Netherlands"},
		{"Moldova", "Moldova", "country", "MD", "Moldova"},
		{"Republic of Moldova", "Moldova", "country", "MD", "Moldova"},
		{"Syria", "Syria", "country", "SY", "Syria"},
		{"United States", "United States", "country", "US", "United States"},
		{"US", "United States", "country", "US", "United States"},
		{"U.S.", "United States", "country", "US", "United States"},
		{"UK", "United Kingdom", "country", "GB", "United Kingdom"},
		{"Jordan", "Jordan", "country", "JO", "Jordan"},
		{"Geneva", "Genève", "city", "CH", "Switzerland"},
		{"Florence", "Florence", "city", "IT", "Italy"},
		{"Lucerne", "Luzern", "city", "CH", "Switzerland"},
		{"Brunswick", "Braunschweig", "city", "DE", "Germany"},
		{"Iran's", "Iran", "country", "IR", "Iran"},
		{"Sweden’s", "Sweden", "country", "SE", "Sweden"},
		{"New York", "New York City", "city", "US", "United States"},
		{"Kuwait City", "Kuwait City", "city", "KW", "Kuwait"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := g.Lookup(tt.query)
			if len(got) == 0 {
				t.Fatalf("Lookup(%q) found nothing", tt.query)
			}
			p := got[0]
			if p.Name != tt.name || p.Kind != tt.kind || p.CountryCode != tt.countryCode || p.Country != tt.country {
				t.Errorf("Lookup(%q)[0] = %q %s %s %q, want %q %s %s %q", tt.query,
					p.Name, p.Kind, p.CountryCode, p.Country, tt.name, tt.kind, tt.countryCode, tt.country)
			}
			if p.ID == 0 || p.Lat == 0 && p.Lon == 0 {
				t.Errorf("Lookup(%q)[0] = %+v: want a GeoNames id and coordinates", tt.query, p)
			}
		})
	}
}

func TestLookupSameID(t *testing.T) {
	g := load(t)
	pairs := [][2]string{
		{"Göteborg", "Gothenburg"},
		{"Köln", "Cologne"},
		{"Malmo", "Malmö"},
		{"Munich", "München"},
		{"Kāmyārān", "Kamyaran"},
		{"Şaḩneh", "Sahneh"},
	}
	for _, pr := range pairs {
		a, b := g.Lookup(pr[0]), g.Lookup(pr[1])
		if len(a) == 0 || len(b) == 0 {
			t.Errorf("Lookup(%q) = %d candidates, Lookup(%q) = %d", pr[0], len(a), pr[1], len(b))
			continue
		}
		if a[0].ID != b[0].ID {
			t.Errorf("Lookup(%q)[0] = %q (%d), Lookup(%q)[0] = %q (%d): want the same place",
				pr[0], a[0].Name, a[0].ID, pr[1], b[0].Name, b[0].ID)
		}
	}
}

func TestLookupCandidates(t *testing.T) {
	g := load(t)
	has := func(ps []gazetteer.Place, cc, kind string) *gazetteer.Place {
		for i := range ps {
			if ps[i].CountryCode == cc && ps[i].Kind == kind {
				return &ps[i]
			}
		}
		return nil
	}
	sari := g.Lookup("Sari")
	ir := has(sari, "IR", "city")
	if ir == nil {
		t.Fatalf("Lookup(Sari) = %d candidates, none in Iran", len(sari))
	}
	if ir.Population < 100000 || ir.Region == "" || ir.Feature != "PPLA" {
		t.Errorf("Sari, Iran = %+v: want its population, region and feature (seat of a region)", *ir)
	}
	// Ambiguous names give several candidates with what context needs to choose.
	for _, q := range []string{"Nancy", "Lincoln", "Washington"} {
		ps := g.Lookup(q)
		if len(ps) < 2 {
			t.Errorf("Lookup(%q) = %d candidates, want several", q, len(ps))
		}
		// Among cities named so (not by an alternate) and with a population, the larger first.
		var prev *gazetteer.Place
		for i := range ps {
			p := &ps[i]
			if p.Kind != "city" || p.Name != q || p.Population == 0 {
				continue
			}
			if prev != nil && prev.Population < p.Population {
				t.Errorf("Lookup(%q): %q %s (%d) ranks before %q %s (%d)", q, prev.Name, prev.Region, prev.Population, p.Name, p.Region, p.Population)
			}
			prev = p
		}
		if ps[0].Kind == "country" && q != "Washington" {
			t.Errorf("Lookup(%q)[0] is a country", q)
		}
	}
	// "Tehran" is first the city, and the province is among the candidates.
	teh := g.Lookup("Tehran")
	if has(teh, "IR", "region") == nil {
		t.Errorf("Lookup(Tehran): no Iranian region among %d candidates", len(teh))
	}
	// Göteborg reports the alternate that matched.
	gb := g.Lookup("Gothenburg")
	if len(gb) == 0 || len(gb[0].Aliases) == 0 || gb[0].Aliases[0] != "Gothenburg" {
		t.Errorf("Lookup(Gothenburg)[0].Aliases = %v, want [Gothenburg]", gb[0].Aliases)
	}
	// A division word goes only where the rest names the region's namesake place.
	if p := has(g.Lookup("Free"), "ZA", "region"); p != nil {
		t.Errorf("Lookup(Free) = %q, want no region", p.Name)
	}
	if p := has(g.Lookup("Lagos"), "NG", "region"); p == nil {
		t.Errorf("Lookup(Lagos): no Nigerian region")
	}
	if p := has(g.Lookup("Kurdistan"), "IR", "region"); p == nil || p.Name != "Kurdistan Province" {
		t.Errorf("Lookup(Kurdistan): no Iranian province")
	}
	if ps := g.Lookup("Kurdistan Region"); len(ps) == 0 || ps[0].Kind != "region" {
		t.Errorf("Lookup(Kurdistan Region) = %v, want regions", ps)
	}
	// Old names of a port give no short form: "Bandar-e Shah" is not "Shah".
	if ps := g.Lookup("Shah"); len(ps) > 0 {
		t.Errorf("Lookup(Shah) = %q (%s), want nothing", ps[0].Name, ps[0].CountryCode)
	}
	// Position words alone name no region.
	for _, q := range []string{"Central", "Northern", "Capital"} {
		for _, p := range g.Lookup(q) {
			if p.Kind == "region" {
				t.Errorf("Lookup(%q) = region %q (%s)", q, p.Name, p.CountryCode)
			}
		}
	}
	// Bare two-letter codes and lower-case short forms are no places.
	for _, q := range []string{"IT", "MP", "us", "uk", "", "  ", "--"} {
		for _, p := range g.Lookup(q) {
			if p.Kind == "country" {
				t.Errorf("Lookup(%q) = country %q, want none", q, p.Name)
			}
		}
	}
}

func TestCountry(t *testing.T) {
	g := load(t)
	tests := []struct{ query, code, name string }{
		{"France", "FR", "France"},
		{"the United Kingdom", "GB", "United Kingdom"},
		{"UK", "GB", "United Kingdom"},
		{"Britain", "GB", "United Kingdom"},
		{"Great Britain", "GB", "United Kingdom"},
		{"U.S.", "US", "United States"},
		{"US", "US", "United States"},
		{"USA", "US", "United States"},
		{"United States of America", "US", "United States"},
		{"fr", "FR", "France"},
		{"DEU", "DE", "Germany"},
		{"Deutschland", "DE", "Germany"},
		{"Islamic Republic of Iran", "IR", "Iran"},
		{"Holland", "NL", "Netherlands"},
		{"Turkey", "TR", "Türkiye"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p, ok := g.Country(tt.query)
			if !ok || p.CountryCode != tt.code || p.Name != tt.name || p.Kind != "country" || p.Country != tt.name {
				t.Errorf("Country(%q) = %+v, %v; want %s %q", tt.query, p, ok, tt.code, tt.name)
			}
		})
	}
	for _, q := range []string{"Paris", "Utah", "Narnia", "", "XX"} {
		if p, ok := g.Country(q); ok {
			t.Errorf("Country(%q) = %q, want none", q, p.Name)
		}
	}
}

func TestAdjectives(t *testing.T) {
	g := load(t)
	tests := []struct{ adj, code, name string }{
		{"Italian", "IT", "Italy"},
		{"British", "GB", "United Kingdom"},
		{"Dutch", "NL", "Netherlands"},
		{"Norwegian", "NO", "Norway"},
		{"French", "FR", "France"},
		{"Iranian", "IR", "Iran"},
		{"Iranians", "IR", "Iran"},
		{"American", "US", "United States"},
		{"Swiss", "CH", "Switzerland"},
		{"Irish", "IE", "Ireland"},
		{"German", "DE", "Germany"},
		{"Icelandic", "IS", "Iceland"},
		{"Welsh", "GB", "United Kingdom"},
		{"Scottish", "GB", "United Kingdom"},
		{"Northern Irish", "GB", "United Kingdom"},
		{"Saudi", "SA", "Saudi Arabia"},
		{"Bavarian", "DE", "Germany"},
		{"Flemish", "BE", "Belgium"},
	}
	for _, tt := range tests {
		t.Run(tt.adj, func(t *testing.T) {
			p, ok := g.CountryOfAdjective(tt.adj)
			if !ok || p.CountryCode != tt.code || p.Name != tt.name || p.Kind != "country" {
				t.Errorf("CountryOfAdjective(%q) = %+v, %v; want %s %q", tt.adj, p, ok, tt.code, tt.name)
			}
		})
	}
	for _, q := range []string{"Parliament", "Tehran", ""} {
		if p, ok := g.CountryOfAdjective(q); ok {
			t.Errorf("CountryOfAdjective(%q) = %q, want none", q, p.Name)
		}
	}
	regions := map[string]string{"Welsh": "Wales", "Scottish": "Scotland", "Northern Irish": "Northern Ireland", "English": "England",
		"Bavarian": "Bavaria", "Catalan": "Catalonia"}
	for adj, want := range regions {
		if p, ok := g.RegionOfAdjective(adj); !ok || p.Name != want || p.Kind != "region" {
			t.Errorf("RegionOfAdjective(%q) = %+v, %v; want %q", adj, p, ok, want)
		}
	}
	if p, ok := g.RegionOfAdjective("Italian"); ok {
		t.Errorf("RegionOfAdjective(Italian) = %q, want none", p.Name)
	}
	codes := map[string]string{"IT": "Italian", "GB": "British", "NL": "Dutch", "us": "American", "IS": "Icelandic", "ZZ": ""}
	for code, want := range codes {
		if got := g.Adjective(code); got != want {
			t.Errorf("Adjective(%q) = %q, want %q", code, got, want)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gazetteer.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstDocument is what a process pays to resolve the places of its first
// document: Load, then the first look-up of 40 names from around the world.
func BenchmarkFirstDocument(b *testing.B) {
	names := []string{"Paris", "London", "Berlin", "Rome", "Tehran", "Sari", "Kamyaran", "Rudsar",
		"Stockholm", "Göteborg", "Malmo", "Oslo", "Vienna", "Toronto", "Vancouver", "Washington",
		"Utah", "Tehran Province", "Lower Saxony", "Brussels", "The Hague", "Cologne", "Munich",
		"Hamburg", "Heidelberg", "Bremen", "Zahedan", "Mashhad", "Shiraz", "Tabriz", "Ahvaz",
		"Karaj", "Isfahan", "Albania", "Tirana", "Iraq", "Jordan", "Canberra", "Nairobi", "Lima"}
	b.ReportAllocs()
	for b.Loop() {
		g, err := gazetteer.Load()
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range names {
			g.Lookup(n)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	g := load(b)
	sets := []struct {
		name  string
		names []string
	}{
		{"hit", []string{"Paris", "Göteborg", "Tehran Province", "Sari", "Washington, D.C.", "UK", "Kamyaran", "London"}},
		{"miss", []string{"Narnia", "Parliament", "Resistance Units", "Mrs", "Committee", "Jim", "Senator", "Brussels Press Club"}},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				g.Lookup(set.names[i%len(set.names)])
				i++
			}
		})
	}
}

func TestLookupLoose(t *testing.T) {
	g := load(t)
	tests := []struct{ query, cc, name string }{
		{"Kazeroon", "IR", "Kazerun"},
		{"Shahrood", "IR", "Shahrud"},
		{"Ghods", "IR", "Shahr-e Qods"},
		{"Astaneh Ashrafiyeh", "IR", "Astaneh-ye Ashrafiyeh"},
		{"Teheran", "IR", "Tehran"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var found bool
			for _, p := range g.LookupLoose(tt.query) {
				if p.CountryCode == tt.cc && p.Name == tt.name {
					found = true
				}
			}
			if !found {
				t.Errorf("LookupLoose(%q): no %q in %s", tt.query, tt.name, tt.cc)
			}
		})
	}
	for _, q := range []string{"", "Io", "Xq"} {
		if ps := g.LookupLoose(q); len(ps) > 0 {
			t.Errorf("LookupLoose(%q) = %d places, want none", q, len(ps))
		}
	}
}

func TestLookupCacheKeepsAnswers(t *testing.T) {
	g := load(t)
	first := g.Lookup("Paris")
	first[0].Name = "changed by the caller"
	again := g.Lookup("Paris")
	if len(again) == 0 || again[0].Name != "Paris" {
		t.Fatalf("Lookup(Paris) after a caller changed its result = %v", again)
	}
	if len(again) != len(first) {
		t.Errorf("Lookup(Paris) = %d candidates, then %d", len(first), len(again))
	}
}

// TestConcurrentLookups shares one Gazetteer between goroutines (run with -race).
func TestConcurrentLookups(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Paris", "Sari", "Kazeroon", "UK", "Tehran Province", "Narnia"}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				n := names[(w+i)%len(names)]
				exact, loose := g.Lookup(n), g.LookupLoose(n)
				if n != "Narnia" && len(exact)+len(loose) == 0 {
					errs <- n
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for n := range errs {
		t.Errorf("Lookup and LookupLoose(%q) found nothing under concurrent use", n)
	}
}

// FuzzLookup feeds arbitrary text to the look-ups: they must not panic, and every
// candidate must be a whole place.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"Paris", "U.S.", "Iran's", "s's's", "State of ", "The", "\xff\xfe", "Kazeroon", "UK", "Tehran Province"} {
		f.Add(s)
	}
	g := load(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range append(g.Lookup(s), g.LookupLoose(s)...) {
			if p.Name == "" || p.CountryCode == "" || p.Kind == "" {
				t.Fatalf("Lookup(%q) gave %+v", s, p)
			}
		}
		g.Country(s)
		g.CountryOfAdjective(s)
		g.RegionOfAdjective(s)
		g.Adjective(s)
	})
}

// TestLookupCacheCopiesKeys: the cache must not keep the caller's memory as its key.
// The extractor looks up names cut from a document's text (which a key would keep
// alive) and from buffers it reuses for the next document (where a key would come to
// name another word).
func TestLookupCacheCopiesKeys(t *testing.T) {
	g, err := gazetteer.Load() // a cache of its own
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	copy(buf, "Lyon")
	alive := weak.Make(&buf[0])
	if ps := g.Lookup(unsafe.String(&buf[0], len("Lyon"))); len(ps) == 0 {
		t.Fatal("Lookup(Lyon) found nothing")
	}
	buf = nil
	runtime.GC()
	runtime.GC()
	if alive.Value() != nil {
		t.Error("the look-up cache keeps the memory of the name it was asked")
	}
	if ps := g.Lookup("Lyon"); len(ps) == 0 {
		t.Error("Lookup(Lyon) found nothing the second time")
	}
}
