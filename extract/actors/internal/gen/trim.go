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

func newTrimmer(gz *gazetteer.Gazetteer, all []entry) *trimmer {
	t := &trimmer{gz: gz, given: map[string]bool{}, last: map[string]bool{}, stop: map[string]bool{}}
	for _, e := range all {
		if !strings.Contains(e.comment, "CountryInfo") {
			continue
		}
		for _, n := range e.names {
			w := strings.Fields(actors.Fold(n))
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

var particles = wordSet(`al el ul abu bin ibn abd abdul de la le van von der del di da`)

// isPerson: the entry names a person or an office held by one.
func (t *trimmer) isPerson(e entry) bool {
	if strings.Contains(e.comment, "CountryInfo") || e.dated {
		return true
	}
	for _, c := range e.codes {
		if strings.Contains(c, "ELI") {
			return true
		}
	}
	w := strings.Fields(actors.Fold(e.names[0]))
	if len(w) == 0 {
		return true
	}
	org := false
	for _, x := range w {
		if personRoles[x] {
			return true
		}
		org = org || orgWords[x]
	}
	// the international file lists people without marking them; elsewhere a given
	// name and a family name of the source's people make one ("Shin Bet" is not)
	return !org && len(w) >= 2 && len(w) <= 4 && t.given[w[0]] && (e.file == "Phoenix.International.actors.txt" || t.last[w[len(w)-1]])
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
