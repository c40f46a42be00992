package synth

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"annals/extract/gazetteer"
)

// Syllables of the invented names. They are combined at random, so the names are
// not those of anyone in particular.
var (
	onsets  = []string{"b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "g", "p", "h", "f", "j", "br", "dr", "kr", "tr", "st", "th", "ch", "sh", "gr", "pl"}
	vowels  = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ia", "ei", "ou", "ae"}
	codas   = []string{"", "", "", "n", "r", "l", "s", "m", "nd", "rt", "sk", "v", "th"}
	female  = []string{"a", "ia", "ine", "elle", "ra", "ina", "eth"}
	male    = []string{"o", "an", "ir", "us", "en", "or", "ald"}
	prefixs = []string{"van ", "de ", "von ", "da ", "al-", "Mac", "O'", "di "}
)

// topics are generic subjects of committees, conferences and statements.
var topics = []string{"Foreign Affairs", "Human Rights", "Justice", "Trade", "Defence", "Education",
	"Health", "Environment", "Energy", "Digital Affairs", "Agriculture", "Transport", "Culture",
	"Labour", "Finance", "Security", "Migration", "Science"}

// orgHeads are the head words of organisations, with whether an organisation so named
// is made of legislators.
var orgHeads = []string{"Association", "Society", "Council", "Foundation", "Institute", "League",
	"Network", "Union", "Forum", "Alliance", "Centre", "Federation", "Office", "Coalition", "Committee"}

var causes = []string{"Civic Rights", "Press Freedom", "Open Government", "Fair Elections",
	"Rural Development", "Refugee Support", "Clean Water", "Digital Liberty", "Peace Studies",
	"Workers' Rights", "Public Health", "Minority Languages", "Prison Reform", "Child Welfare"}

// person is one invented person of the pool.
type person struct {
	given, surname string
	full           string // given name and surname
	female         bool
	title          string // "Senator", "Dr.", ... or ""
	legislator     bool
	country        int // index in the country pool (for legislators and ministers)
	role           role
}

// role is an apposition describing a person; rendering it may name a body or place.
type role struct {
	kind  int // one of the role* constants
	org   int // organisation index for org roles
	topic int // topic index for committee and minister roles
}

const (
	roleNone = iota
	roleMember
	roleCommitteeChair
	roleFormerMinister
	roleOrgPresident
	roleOrgSpokesperson
	roleOrgDirector
	roleMayor
	roleNum
)

// org is an invented organisation; acronym is empty for some.
type org struct {
	name, acronym string
	legislative   bool
}

// place is a city with its country, from the gazetteer or invented.
type place struct {
	name    string
	country int
}

// country is a country with its English adjective ("" when it has none).
type country struct {
	name, adjective string
}

// pools are the generated names a chronology draws from.
type pools struct {
	people    []person
	orgs      []org
	places    []place
	countries []country
}

// Pool sizes. They bound the generator's memory whatever the number of entries.
const (
	numPeople = 6000
	numOrgs   = 1500
	numPlaces = 400
)

func syllableWord(r *rand.Rand, minSyl, maxSyl int) string {
	n := minSyl + r.IntN(maxSyl-minSyl+1)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(onsets[r.IntN(len(onsets))])
		b.WriteString(vowels[r.IntN(len(vowels))])
		if i == n-1 {
			b.WriteString(codas[r.IntN(len(codas))])
		}
	}
	return capitalize(b.String())
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func givenName(r *rand.Rand, isFemale bool) string {
	stem := syllableWord(r, 1, 2)
	stem = strings.TrimRight(stem, "aeiou")
	if stem == "" {
		stem = "Mar"
	}
	if isFemale {
		return stem + female[r.IntN(len(female))]
	}
	return stem + male[r.IntN(len(male))]
}

func surname(r *rand.Rand) string {
	s := syllableWord(r, 2, 3)
	switch x := r.IntN(100); {
	case x < 8:
		return prefixs[r.IntN(len(prefixs))] + s // "van Tor", "al-Dena", "MacTavor"
	case x < 14:
		return s + "-" + syllableWord(r, 2, 2)
	}
	return s
}

// acronym takes the initials of the capitalised words of a name.
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func newPools(r *rand.Rand, gz *gazetteer.Gazetteer) *pools {
	p := &pools{}
	p.places, p.countries = placePool(r, gz)
	seen := map[string]bool{}
	for len(p.orgs) < numOrgs {
		o := newOrg(r, p)
		if seen[o.name] || (o.acronym != "" && seen[o.acronym]) {
			continue
		}
		seen[o.name], seen[o.acronym] = true, true
		p.orgs = append(p.orgs, o)
	}
	seen = map[string]bool{}
	for len(p.people) < numPeople {
		pe := newPerson(r, p)
		if seen[pe.given+" "+pe.surname] || seen[pe.surname] {
			continue
		}
		seen[pe.given+" "+pe.surname], seen[pe.surname] = true, true
		p.people = append(p.people, pe)
	}
	return p
}

func newOrg(r *rand.Rand, p *pools) org {
	head := orgHeads[r.IntN(len(orgHeads))]
	var name string
	switch r.IntN(5) {
	case 0:
		name = "International " + head + " for " + causes[r.IntN(len(causes))]
	case 1:
		name = syllableWord(r, 2, 3) + " " + head
	case 2:
		c := p.countries[r.IntN(len(p.countries))]
		if c.adjective == "" {
			name = head + " of " + c.name + " for " + causes[r.IntN(len(causes))]
		} else {
			name = c.adjective + " " + head + " for " + causes[r.IntN(len(causes))]
		}
	case 3:
		name = head + " of " + syllableWord(r, 2, 2) + " " + topics[r.IntN(len(topics))]
	default:
		name = syllableWord(r, 2, 3) + " " + causes[r.IntN(len(causes))] + " " + head
	}
	o := org{name: name}
	if r.IntN(10) < 7 {
		o.acronym = acronym(name)
		if len(o.acronym) < 3 {
			o.acronym = ""
		}
	}
	return o
}

func newPerson(r *rand.Rand, p *pools) person {
	pe := person{female: r.IntN(2) == 0, country: r.IntN(len(p.countries))}
	pe.given = givenName(r, pe.female)
	pe.surname = surname(r)
	pe.full = pe.given + " " + pe.surname
	switch x := r.IntN(100); {
	case x < 18:
		pe.title, pe.legislator = "Senator", true
	case x < 24:
		pe.title, pe.legislator = "Rt. Hon.", true
	case x < 28:
		pe.legislator = true
		pe.title = "Congressman"
		if pe.female {
			pe.title = "Congresswoman"
		}
	case x < 40:
		pe.title = "Dr."
	case x < 45:
		pe.title = "Professor"
	case x < 50:
		pe.title = "Ambassador"
	case x < 53:
		pe.title = "General"
	}
	switch x := r.IntN(100); {
	case pe.legislator && x < 50:
		pe.role = role{kind: roleCommitteeChair, topic: r.IntN(len(topics))}
	case pe.legislator:
		pe.role = role{kind: roleMember}
	case x < 12:
		pe.role, pe.legislator = role{kind: roleMember}, true
	case x < 22:
		pe.role = role{kind: roleFormerMinister, topic: r.IntN(len(topics))}
	case x < 40:
		pe.role = role{kind: roleOrgPresident, org: r.IntN(numOrgs)}
	case x < 50:
		pe.role = role{kind: roleOrgSpokesperson, org: r.IntN(numOrgs)}
	case x < 60:
		pe.role = role{kind: roleOrgDirector, org: r.IntN(numOrgs)}
	case x < 64:
		pe.role = role{kind: roleMayor, org: r.IntN(numPlaces)}
	}
	return pe
}

// placePool draws real cities from the gazetteer: invented syllable words are looked
// up and those that name a city of some size (best first, so that the extractor
// reads the same city) are kept under the city's own name. Without a gazetteer, or
// if too few are found, places and countries are invented.
func placePool(r *rand.Rand, gz *gazetteer.Gazetteer) ([]place, []country) {
	var places []place
	var countries []country
	countryIdx := map[string]int{}
	if gz != nil {
		seen := map[string]bool{}
		for tries := 0; tries < 150000 && len(places) < numPlaces; tries++ {
			w := syllableWord(r, 2, 3)
			if seen[w] {
				continue
			}
			seen[w] = true
			ps := gz.Lookup(w)
			if len(ps) == 0 || ps[0].Kind != gazetteer.KindCity || ps[0].Population < 20000 || ps[0].Country == "" {
				continue
			}
			c := ps[0]
			if seen["="+c.Name] || !plainName(c.Name) {
				continue
			}
			if best := gz.Lookup(c.Name); len(best) == 0 || best[0].ID != c.ID {
				continue
			}
			seen["="+c.Name] = true
			ci, ok := countryIdx[c.Country]
			if !ok {
				ci = len(countries)
				countryIdx[c.Country] = ci
				countries = append(countries, country{name: c.Country, adjective: gz.Adjective(c.CountryCode)})
			}
			places = append(places, place{name: c.Name, country: ci})
		}
	}
	if len(places) >= numPlaces/4 {
		return places, countries
	}
	places, countries = nil, nil
	for i := 0; i < 40; i++ {
		n := syllableWord(r, 2, 3)
		countries = append(countries, country{name: n + "ia", adjective: n + "ian"})
	}
	for len(places) < numPlaces {
		places = append(places, place{name: syllableWord(r, 2, 3), country: r.IntN(len(countries))})
	}
	return places, countries
}

// plainName keeps names a sentence can carry unchanged: letters, spaces, hyphens.
func plainName(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != ' ' && r != '-' {
			return false
		}
	}
	return true
}
