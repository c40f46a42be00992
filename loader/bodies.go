package loader

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"annals/extract"
	"annals/extract/gazetteer"
	"annals/graph"

	"github.com/cayleygraph/quad"
)

// gazetteerOnce loads the embedded gazetteer the first time a document needs it: its
// countries, codes and demonyms tell "British" and "UK" from "House of Commons". The
// data is read-only once loaded.
var gazetteerOnce = sync.OnceValues(gazetteer.Load)

// bodyNamer strips from a body's name the demonym, country name or code that only
// repeats the body's country: "British House of Commons", "UK's House of Commons" and
// "House of Commons of the United Kingdom", all of the United Kingdom, are the
// "House of Commons" of the United Kingdom. The adjective of a constituent country
// ("Welsh", "Scottish") names a region, not the country, and stays.
type bodyNamer struct {
	gz    *gazetteer.Gazetteer
	cache map[[2]string]string // name, country → key of the name in its country
	forms map[[2]string]bool   // word(s), country → whether they name the country
}

func newBodyNamer(gz *gazetteer.Gazetteer) *bodyNamer {
	return &bodyNamer{gz: gz, cache: make(map[[2]string]string), forms: make(map[[2]string]bool)}
}

// key is the Key of the name of a body within its country; a chronology names the
// same bodies again and again, so keys are computed once.
func (n *bodyNamer) key(name, country string) string {
	k := [2]string{name, country}
	if v, ok := n.cache[k]; ok {
		return v
	}
	v := graph.Key(n.local(name, country))
	n.cache[k] = v
	return v
}

// local is the name of a body within its country.
func (n *bodyNamer) local(name, country string) string {
	name = strings.TrimSpace(name)
	if rest, ok := cutPrefixFold(name, "the "); ok && strings.TrimSpace(rest) != "" {
		name = strings.TrimSpace(rest) // "the European Parliament" is the European Parliament
	}
	if country == "" || n.gz == nil {
		return name
	}
	return n.strip(name, country)
}

func (n *bodyNamer) strip(name, country string) string {
	words := strings.Fields(name)
	if len(words) > 0 && strings.EqualFold(words[0], "the") {
		words = words[1:]
	}
	// A leading country form: "Italian Senate", "Italy's parliament", "U.S. House".
	for i := min(3, len(words)-1); i >= 1; i-- {
		if n.namesCountry(strings.Join(words[:i], " "), country) {
			words = words[i:]
			break
		}
	}
	// A trailing one: "Parliament of Italy", "House of Commons of the United Kingdom".
	for i := len(words) - 2; i >= 1 && i >= len(words)-5; i-- {
		if !strings.EqualFold(words[i], "of") {
			continue
		}
		rest := words[i+1:]
		if len(rest) > 1 && strings.EqualFold(rest[0], "the") {
			rest = rest[1:]
		}
		if n.namesCountry(strings.Join(rest, " "), country) {
			words = words[:i]
			break
		}
	}
	if len(words) == 0 {
		return name
	}
	return strings.Join(words, " ")
}

// namesCountry reports whether s is the name, code or adjective of country.
func (n *bodyNamer) namesCountry(s, country string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	k := [2]string{s, country}
	if v, ok := n.forms[k]; ok {
		return v
	}
	v := n.isCountryForm(s, country)
	n.forms[k] = v
	return v
}

func (n *bodyNamer) isCountryForm(s, country string) bool {
	r := []rune(s)
	if len(r) == 0 || !unicode.IsUpper(r[0]) {
		return false // "national", "state": words of the name, not of a country
	}
	if len(r) <= 3 && strings.ToUpper(s) != s {
		return false // a short word is a code only in capitals: "UK", not "Uk"
	}
	want := graph.Key(country)
	if p, ok := n.gz.Country(s); ok && graph.Key(p.Name) == want {
		return true
	}
	if _, region := n.gz.RegionOfAdjective(s); region {
		return false
	}
	if p, ok := n.gz.CountryOfAdjective(s); ok {
		return graph.Key(p.Name) == want
	}
	return derivedAdjective(s, country)
}

// derivedAdjective reports whether s is an adjective formed from the country's name by
// the usual English suffixes, for the adjectives the gazetteer lacks: "Slovenian" of
// Slovenia, "North Macedonian" of North Macedonia.
func derivedAdjective(s, country string) bool {
	s, country = strings.ToLower(s), strings.ToLower(country)
	stems := []string{country, strings.TrimRight(country, "aeiouy")}
	for _, stem := range stems {
		for _, suffix := range []string{"n", "an", "ian", "ese", "ish", "i"} {
			if stem != "" && s == stem+suffix {
				return true
			}
		}
	}
	return false
}

// bodyIndex gives every body mention of a document its identity. Mentions in one
// country that share a name or alias (after local) are one body known by one name,
// the one the document uses most; that body is then told apart by its parent. The
// index also resolves the names that point at bodies (part_of, member_of).
type bodyIndex struct {
	namer    *bodyNamer
	mentions [][]graph.BodyID // [record][body]
	iris     [][]quad.IRI     // the IRIs of mentions
	byName   map[nameIn]map[graph.BodyID]int
	minted   map[graph.BodyID]quad.IRI
	ids      map[quad.IRI]graph.BodyID // the inverse of minted
}

// nameIn is a body's name key within a country key.
type nameIn struct{ country, key string }

func newBodyIndex(namer *bodyNamer, recs []extract.Record) *bodyIndex {
	type mention struct {
		country string
		keys    []string
		name    string // key of the name the mention gives
	}
	var ms []mention
	for i := range recs {
		for _, o := range recs[i].Bodies {
			m := mention{country: namer.key(o.Country, ""), name: namer.key(o.Name, o.Country)}
			if m.name != "" {
				m.keys = append(m.keys, m.name)
			}
			for _, a := range o.Aliases {
				if k := namer.key(a, o.Country); k != "" && !slices.Contains(m.keys, k) {
					m.keys = append(m.keys, k)
				}
			}
			ms = append(ms, m)
		}
	}

	// Mentions sharing a name key in one country are one body.
	parent := make([]int, len(ms))
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	first := make(map[nameIn]int)
	for i, m := range ms {
		parent[i] = i
		for _, k := range m.keys {
			at := nameIn{m.country, k}
			if j, ok := first[at]; ok {
				parent[find(i)] = find(j)
			} else {
				first[at] = i
			}
		}
	}
	// Its name is the name the document gives it most often, the first in order on a tie.
	tally := make(map[int]map[string]int)
	for i, m := range ms {
		if m.name == "" {
			continue
		}
		r := find(i)
		if tally[r] == nil {
			tally[r] = make(map[string]int)
		}
		tally[r][m.name]++
	}
	canon := make(map[nameIn]string, len(first))
	for at, i := range first {
		best, n := "", 0
		for k, c := range tally[find(i)] {
			if c > n || c == n && k < best {
				best, n = k, c
			}
		}
		if best == "" {
			best = at.key
		}
		canon[at] = best
	}

	x := &bodyIndex{namer: namer, byName: make(map[nameIn]map[graph.BodyID]int), minted: make(map[graph.BodyID]quad.IRI), ids: make(map[quad.IRI]graph.BodyID)}
	nameOf := func(name, country string) string {
		k := namer.key(name, country)
		for _, c := range []string{namer.key(country, ""), ""} {
			if v, ok := canon[nameIn{c, k}]; ok {
				return v
			}
		}
		return k
	}
	i := 0
	x.mentions = make([][]graph.BodyID, len(recs))
	x.iris = make([][]quad.IRI, len(recs))
	for r := range recs {
		x.mentions[r] = make([]graph.BodyID, len(recs[r].Bodies))
		x.iris[r] = make([]quad.IRI, len(recs[r].Bodies))
		for b, o := range recs[r].Bodies {
			m := ms[i]
			i++
			if len(m.keys) == 0 {
				continue
			}
			id := graph.BodyID{Name: canon[nameIn{m.country, m.keys[0]}], Country: o.Country}
			if o.PartOf != "" {
				id.Parent = nameOf(o.PartOf, o.Country)
			}
			x.mentions[r][b] = id
			x.iris[r][b] = x.iri(id)
			for _, k := range m.keys {
				at := nameIn{m.country, k}
				if x.byName[at] == nil {
					x.byName[at] = make(map[graph.BodyID]int)
				}
				x.byName[at][id]++
			}
		}
	}
	return x
}

// body is the identity of the b-th body of the r-th record and its IRI; ok is false
// when the body has no name to key it by.
func (x *bodyIndex) body(r, b int) (id graph.BodyID, iri quad.IRI, ok bool) {
	id = x.mentions[r][b]
	return id, x.iris[r][b], id.Name != ""
}

// iri is the IRI of a body, minted once.
func (x *bodyIndex) iri(id graph.BodyID) quad.IRI {
	v, ok := x.minted[id]
	if !ok {
		v = id.IRI()
		x.minted[id] = v
		x.ids[v] = id
	}
	return v
}

// countryOf is the country of a body minted by iri.
func (x *bodyIndex) countryOf(iri quad.IRI) string { return x.ids[iri].Country }

// named is the body that a name given as a parent or a membership points at, for an
// owner of the given country: a body of the record (in), else the body of the
// document known by that name in the country, else in no country, else a body of that
// name in the country. listed tells whether the record lists the body itself.
func (x *bodyIndex) named(name, country string, r int, in []extract.Body) (iri quad.IRI, listed, ok bool) {
	k := x.namer.key(name, "")
	if k == "" {
		return "", false, false
	}
	for b, o := range in {
		if x.namer.key(o.Name, "") == k || slices.ContainsFunc(o.Aliases, func(a string) bool { return x.namer.key(a, "") == k }) {
			if _, iri, ok := x.body(r, b); ok {
				return iri, true, true
			}
		}
	}
	local := x.namer.key(name, country)
	for _, c := range []string{x.namer.key(country, ""), ""} {
		if ids := x.byName[nameIn{c, local}]; len(ids) > 0 {
			return x.iri(mostFrequent(ids)), false, true
		}
	}
	return x.iri(graph.BodyID{Name: local, Country: country}), false, true
}

// mostFrequent is the identity counted most, the smallest IRI on a tie.
func mostFrequent(ids map[graph.BodyID]int) graph.BodyID {
	var best graph.BodyID
	n := 0
	for id, c := range ids {
		if c > n || c == n && id.IRI() < best.IRI() {
			best, n = id, c
		}
	}
	return best
}

// cutPrefixFold is strings.CutPrefix, ignoring case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
