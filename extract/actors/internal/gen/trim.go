package main

import (
	"bufio"
	"bytes"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"annals/extract/actors"
	"annals/extract/gazetteer"

	"github.com/agnivade/levenshtein"
)

// orgWords are words that make a name an organisation's, whoever's given name it starts
// with ("Abu Nidal Organization", "Ford Foundation").
var orgWords = wordSet(`party front movement army armies brigade brigades forces force group
	organization organisation council committee union association league agency bank company
	corporation corp inc ltd ministry government fund foundation institute court commission office
	service news press times post network alliance coalition federation congress assembly
	parliament authority international national united society center centre corps guard police
	mujahideen jihad battalion revolutionary liberation islamic people radio television tv
	broadcasting university college school church club airlines airways motor motors industries
	group holdings energy oil petroleum gas telecom media channel journal herald tribune daily
	agency council watch human rights relief aid mission bureau department secretariat board`)

// foreignOrgWords are organisation words of the languages in which armed groups and
// movements are named ("Jemaah Islamiyah", "Lashkar-e-Taiba", "Harakat al-Shabaab").
var foreignOrgWords = wordSet(`jemaah jamaah jamaat jamiat jamiyat lashkar laskar harkat harakat
	harakut hizb hizbul hezb tehrik tahrik tanzim jaish jaysh kumpulan kataib kataeb liwa saraya
	ansar jabhat jabha majlis mujahiden mujahidin frente partido movimiento ejercito fuerzas`)

// personRoles are words of a person's title or role: such an entry names an office
// holder ("UN Secretary General"), not a body.
var personRoles = wordSet(`secretary president minister premier chancellor chief spokesman
	spokeswoman spokesperson leader ambassador envoy chairman chairwoman director king queen
	prince princess emir sheikh commander official officials peacekeeper peacekeepers delegate
	representative judge prosecutor mayor governor general admiral colonel senator mr mrs dr
	former deputy vice head journalist reporter columnist editor correspondent`)

// institutionHeads are the head nouns an agent phrase must end with to name an
// institution rather than a person ("defense ministry", not "defense minister").
var institutionHeads = wordSet(`ministry government military army navy force forces police
	cabinet court parliament administration junta guard intelligence presidency legislature
	judiciary gendarmerie department bank commission`)

// genericHeads are single words the source lists as an actor of one country that name
// a kind of body in any country ("Senate", "Congress").
var genericHeads = wordSet(`senate congress house assembly council commission parliament
	legislature bundestag cabinet presidency ministry government opposition regime rebels
	insurgents militants military army navy police court judiciary administration embassy
	consulate`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

type trimmer struct {
	gz    *gazetteer.Gazetteer
	given map[string]bool // first words of the source's people
	last  map[string]bool // their last words
	stop  map[string]bool
}

// personTitles open a person's name in the source's aliases ("Sheikh Hassan
// Nasrallah", "Mr. Assad").
var personTitles = wordSet(`sheikh sheik shaykh sayyid sayyed seyyed syed mr mrs dr mullah
	maulana ayatollah hajji haji`)

// personComment: words with which the source's comment on an entry describes a person
// ("HAMBALI__ [IMGSEAMUSJMA] # leader jma").
var personComment = wordSet(`leader leaders founder co-founder cofounder commander head chief
	alias spokesman ideologue mastermind maker`)

func newTrimmer(gz *gazetteer.Gazetteer, all []entry) *trimmer {
	t := &trimmer{gz: gz, given: map[string]bool{}, last: map[string]bool{}, stop: map[string]bool{}}
	// the source's people give the given and family names: its leader lists whole,
	// and of its other people (careers, elites) the names that read as a person's
	// (two to four words, no title or role, no place or country word)
	for _, e := range all {
		leader := strings.Contains(e.comment, "CountryInfo")
		if !leader && !sourcePerson(e) {
			continue
		}
		for _, n := range e.names {
			w := strings.Fields(actors.Fold(n))
			if !leader && !t.plainName(w) {
				continue
			}
			if len(w) >= 2 && len(w[0]) >= 3 && !orgWords[w[0]] && !particles[w[0]] {
				t.given[w[0]] = true
			}
			if len(w) >= 2 && len(w[len(w)-1]) >= 3 && !orgWords[w[len(w)-1]] {
				t.last[w[len(w)-1]] = true
			}
		}
	}
	for _, l := range strings.Split(stopText, "\n") {
		if l = strings.TrimSpace(l); l != "" && l[0] != '#' {
			t.stop[actors.Fold(l)] = true
		}
	}
	return t
}

// organisational: a word of the name is an organisation word, in English or in the
// languages armed groups are named in, or an acronym (no vowel: "JKLF").
func organisational(w []string) bool {
	return slices.ContainsFunc(w, func(x string) bool {
		return orgWords[x] || foreignOrgWords[x] || len(x) >= 3 && !strings.ContainsAny(x, "aeiouy")
	})
}

// connectors join the words of an organisation's name, never a person's.
var connectors = wordSet(`and of the for in on against`)

var particles = wordSet(`al el ul abu bin ibn abd abdul de la le van von der del di da`)

// plainName: words that can only be a person's name: two to four, none a title, role,
// organisation word, country, country adjective or place of the gazetteer.
func (t *trimmer) plainName(w []string) bool {
	if len(w) < 2 || len(w) > 4 || w[0] == w[len(w)-1] || organisational(w) {
		return false
	}
	for _, x := range w {
		if personRoles[x] || personTitles[x] || len(t.gz.Lookup(x)) > 0 {
			return false
		}
		if _, ok := t.gz.CountryOfAdjective(x); ok {
			return false
		}
	}
	return true
}

// sourcePerson: the source marks the entry as a person: taken from its CountryInfo
// leader lists, coded with a date window (a career) or with the elite code ELI.
func sourcePerson(e entry) bool {
	if strings.Contains(e.comment, "CountryInfo") || e.dated {
		return true
	}
	for _, c := range e.codes {
		if strings.Contains(c, "ELI") {
			return true
		}
	}
	return false
}

// isPerson: the entry names a person or an office held by one.
func (t *trimmer) isPerson(e entry) bool {
	if sourcePerson(e) {
		return true
	}
	w := strings.Fields(actors.Fold(e.names[0]))
	if len(w) == 0 {
		return true
	}
	if slices.ContainsFunc(w, func(x string) bool { return personRoles[x] }) {
		return true
	}
	if organisational(w) {
		return false
	}
	// a name of the form "Ayman al-Zawahiri" that the entry also lists by its last
	// word alone ("+ZAWAHIRI")
	if len(w) == 3 && particles[w[1]] && !particles[w[0]] && slices.ContainsFunc(e.names[1:], func(n string) bool { return actors.Fold(n) == w[2] }) {
		return true
	}
	// a personal title first, or the form the source gives its individuals in the
	// militarized groups' list ("UMAR_PATEK__", "AUM_SHINRIKYO_" for the group)
	if personTitles[w[0]] || e.individual {
		return true
	}
	// the source's comment describes a person ("leader jma", "alias of ...")
	for _, x := range strings.Fields(strings.ToLower(e.comment)) {
		if personComment[strings.Trim(x, ".,;:'()")] {
			return true
		}
	}
	// the international file lists people without marking them; elsewhere a given
	// name and a family name of the source's people make one ("Shin Bet" is not)
	return len(w) >= 2 && len(w) <= 4 && t.given[w[0]] && (e.file == "Phoenix.International.actors.txt" || t.last[w[len(w)-1]])
}

// personalKeys are the folded names of an organisation's entry that name a person: the
// source lists a group's leaders among its aliases ("+HASSAN_NASRALLAH",
// "+SHEIK_NASRALLAH", "+NASRALLAH" under Hezbollah). A name is a person's when it opens
// with a personal title, or has two to four words, no organisation word and a given
// name of the source's people first (a kunya, "Abu Muhammad al-Joulani", counts by its
// second word); then its last word is a family name, and the entry's names that are
// only that family name, with or without a particle ("al-Joulani"), are a person's too.
func (t *trimmer) personalKeys(e entry) map[string]bool {
	out := map[string]bool{}
	family := map[string]bool{}
	var rest []string
	for _, nm := range e.names {
		for _, v := range variants(nm) {
			k := actors.Fold(v)
			w := strings.Fields(k)
			if len(w) < 2 {
				rest = append(rest, k)
				continue
			}
			if !t.personalWords(w) {
				rest = append(rest, k)
				continue
			}
			out[k] = true
			family[w[len(w)-1]] = true
		}
	}
	for _, k := range rest {
		w := strings.Fields(k)
		for len(w) > 1 && particles[w[0]] {
			w = w[1:]
		}
		if len(w) != 1 {
			continue
		}
		for f := range family {
			if sameName(w[0], f) {
				out[k] = true
				break
			}
		}
	}
	return out
}

// sameName: two spellings of one name, as transliterations differ ("Awlaki", "Awlaqi",
// "Aulaqi"): the same first letter and at most two letters changed, added or dropped.
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 5 || len(b) < 5 || a[0] != b[0] {
		return false
	}
	return levenshtein.ComputeDistance(a, b) <= 2
}

// personalWords: the words of a name (two or more) read as a person's name.
func (t *trimmer) personalWords(w []string) bool {
	if personTitles[w[0]] {
		return true
	}
	if len(w) > 4 || w[0] == w[len(w)-1] || organisational(w) {
		return false
	}
	if slices.ContainsFunc(w, func(x string) bool { return connectors[x] }) {
		return false
	}
	if (w[0] == "abu" || w[0] == "umm") && len(w) >= 3 {
		return t.given[w[1]] // a kunya: "Abu Muhammad al-Joulani"
	}
	// a given name, then a family name of the source's people or an Arabic nisba
	// ("Anwar al-Awlaki")
	return t.given[w[0]] && (t.last[w[len(w)-1]] || len(w) >= 3 && particles[w[len(w)-2]])
}

// usable: a key fit to match in running text.
func (t *trimmer) usable(k string) bool {
	w := strings.Fields(k)
	if len(w) == 0 || len(w) > 8 || len(k) < 2 || t.stop[k] {
		return false
	}
	if _, ok := t.gz.CountryOfAdjective(k); ok {
		return false
	}
	if _, ok := t.gz.Country(k); ok {
		return false
	}
	for _, p := range t.gz.Lookup(k) {
		if len(p.Aliases) > 0 {
			continue // only an alternate name ("Hamas" for Hamm): not a place's own name
		}
		if p.Kind != gazetteer.KindCity || p.Population >= 100000 {
			return false // a country, a region or a notable city
		}
	}
	if len(w) == 1 && len(k) >= 5 && t.given[k] {
		return false // a given name alone ("Muhammed") names anyone
	}
	if len(w) == 1 && (institutionHeads[k] || genericHeads[k] || len(k) < 3 && k != "un" || strings.Trim(k, "0123456789") == "") {
		return false
	}
	return true
}

var agentRE = regexp.MustCompile(`^([A-Z!][A-Z_'!\-]*)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]`)

// readAgents reads the agent phrases that name institutions: [~GOV…], [~MIL], [~COP],
// [~SPY], [~JUD], [~LEG] whose last word is an institution head; the stem "MINIST"
// (minister or ministry) is read as "ministry".
func readAgents(path string) ([][2]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(latin1(data)))
	for sc.Scan() {
		m := agentRE.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		kind, _, ok := classify([]string{m[3]})
		if !ok || !stateKind(kind) {
			continue
		}
		// "!MINIST!" is the source's synonym set of minister(s) and ministry/ministries
		phrase := strings.ReplaceAll(m[1], "!MINIST!", "MINIST")
		if strings.Contains(phrase, "!") {
			continue
		}
		w := strings.Fields(strings.ToLower(strings.ReplaceAll(phrase, "_", " ")))
		if len(w) == 0 || len(w) > 4 {
			continue
		}
		// "minist" is the stem of minister and ministry; a minister's portfolio
		// ("foreign minister") names a ministry too
		if l := w[len(w)-1]; l == "minist" || l == "minister" && len(w) > 1 && kind == actors.KindGovernment {
			w[len(w)-1] = "ministry"
		}
		if !institutionHeads[w[len(w)-1]] || slices.ContainsFunc(w, func(x string) bool { return personRoles[x] || x == "member" || x == "speaker" }) {
			continue
		}
		k := actors.Fold(strings.Join(w, " "))
		if _, dup := seen[k]; !dup {
			seen[k] = kind
		}
	}
	out := make([][2]string, 0, len(seen))
	for k, v := range seen {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out, sc.Err()
}
