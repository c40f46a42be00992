package extract

import (
	"cmp"
	"slices"
	"strings"
)

// personEntity is one person of the document: every mention resolved to one name.
type personEntity struct {
	name       string
	nameToks   int
	forms      []string
	gender     byte
	legislator bool
	mentions   int
	sorted     []string // aliases as output
}

// personMention is one occurrence of a person in an entry: name tokens i..j, with the
// title and role words before it from ti.
type personMention struct {
	ent        *personEntity
	i, j, ti   int
	name       string   // name as written, without titles
	parts      []string // folded name tokens
	surface    string   // as written with titles
	gender     byte
	roles      []string
	legislator bool
	listCue    bool // introduced by a plural legislator noun ("British MPs, …")
	// key and skel: the parts joined, and "~" and their skeleton, made once (keys)
	key, skel string
}

// keys are the mention's look-up keys in personKey: its folded parts joined, and
// "~" and their skeleton. clusterPeople runs twice over every mention; the keys are
// made at the first.
func (m *personMention) keys() (key, skel string) {
	if m.key == "" {
		m.key = strings.Join(m.parts, " ")
		m.skel = "~" + personSkeleton(m.key)
	}
	return m.key, m.skel
}

// pluralTitles introduce lists of names ("Senators A, B and C").
var pluralTitles = set("senators", "representatives", "congressmen", "congresswomen",
	"mps", "meps", "lawmakers", "legislators", "parliamentarians", "ambassadors",
	"professors", "generals", "ministers", "peers", "deputies", "msps", "tds", "mlas")

// isPluralTitle: "astronauts", "ministers" — the plural of a title.
func isPluralTitle(t token) bool {
	return t.is(wPluralOfTitle)
}

// roleOpeners may begin a role apposition after a name ("X, former Minister of …").
var roleOpeners = set("former", "a", "an", "the", "late", "then", "current", "currently",
	"now", "outgoing", "incoming", "co-founder", "member", "head", "chair", "deputy",
	"vice", "president", "secretary", "minister", "senator", "ambassador", "director")

// listBreakers end a list of names that share a plural title.
var listBreakers = set("met", "visited", "said", "addressed", "attended", "spoke",
	"joined", "signed", "hosted", "called", "urged", "announced", "unveiled", "discussed",
	"expressed", "held", "stressed", "welcomed", "delivered", "is", "are", "was", "were",
	"has", "have", "had", "will", "would")

// isTitle reports whether t is a title or honorific that may stand before a name.
func isTitle(e *entryScan, t token) bool {
	if !t.isWord() {
		return false
	}
	if t.class&wHonorific != 0 && t.isCap() || t.class&wTitle != 0 {
		return true
	}
	return t.is(wElect) || isGeneralTitle(e, t)
}

// isGeneralTitle: "Secretary-General", "Commissioner-General", "Director-General".
func isGeneralTitle(e *entryScan, t token) bool {
	l := t.low(e)
	return len(l) > 8 && strings.HasSuffix(l, "-general")
}

// titleComplement extends a capitalized title over its complement "of X" when a name
// of two words follows: "Secretary of Defense Lloyd Austin", "Minister of Foreign
// Affairs X Y". It returns the last token of the title.
func titleComplement(e *entryScan, j int) int {
	toks := e.toks
	if j+4 >= len(toks) || toks[j+1].low(e) != "of" || !toks[j].isCap() {
		return j
	}
	r := 0
	for k := j + 2; k < len(toks) && toks[k].isWord() && toks[k].isCap() && e.free(k); k++ {
		r++
	}
	if r < 3 || r > 5 {
		return j
	}
	return j + 1 + r - 2
}

// nameToken: may be part of a person's name. strict excludes common capitalized words
// (for names without a title).
func (d *docIndex) nameToken(e *entryScan, t token, strict bool) bool {
	if !t.isWord() || !t.isCap() || t.isNum() {
		return false
	}
	if t.isAcro() && !(len(t.str(e)) == 2 && t.str(e)[1] == '.') {
		return false
	}
	if t.class&(wLeftStops|wCalendarWords|wBodyHeads|wLegislatorWords|wTitle|wHonorific) != 0 || t.low(e) == "house" || t.low(e) == "houses" {
		return false
	}
	if t.is(wElect | wLeadingOrg) {
		return false // "Grupo México", "Banco Santander": an organisation's name
	}
	if strict && t.class&(wCommonCapitalized|wSiteLeading|wRegionWords) != 0 {
		return false
	}
	return true
}

// parseName reads a name from token k: capitalized words with particles inside, an
// optional suffix after a comma ("Homer Whitcombe, Jr."). It returns the last token.
func (d *docIndex) parseName(e *entryScan, k int, strict bool) (int, bool) {
	toks := e.toks
	j := -1
	n := 0
	for m := k; m < len(toks) && n < 5; m++ {
		if !e.free(m) {
			break
		}
		t := toks[m]
		if d.nameToken(e, t, strict) {
			j = m
			n++
			if t.hasPoss() {
				break
			}
			continue
		}
		if t.is(wNameParticles) && !t.isCap() && n > 0 {
			q := m + 1
			for q < len(toks) && q < m+3 && toks[q].is(wNameParticles) && !toks[q].isCap() {
				q++ // "de la", "van der"
			}
			if q < len(toks) && d.nameToken(e, toks[q], strict) {
				m = q - 1
				continue
			}
		}
		// a surname that is a month ("Elizabeth May"), not a date ("May 3")
		if n > 0 && t.isCap() && t.is(wCalendarWords) && len(t.str(e)) >= 3 && !(m+1 < len(toks) && toks[m+1].isNum()) {
			j = m
		}
		break
	}
	if j < 0 {
		return 0, false
	}
	// suffix: ", Jr." or " Jr."; a legislator's post-nominal ("Seán Kilbride TD") is not part of the name
	if !toks[j].hasPoss() {
		if j+2 < len(toks) && toks[j+1].str(e) == "," && toks[j+2].is(wNameSuffixes) {
			j += 2
		} else if j+1 < len(toks) && toks[j+1].is(wNameSuffixes) && toks[j+1].isCap() {
			j++
		}
	}
	return j, true
}

// nameParts folds the name tokens i..j, leaving out suffixes.
func nameParts(e *entryScan, i, j int) []string {
	var out []string
	for k := i; k <= j; k++ {
		t := e.toks[k]
		if !t.isWord() || t.is(wNameSuffixes) || (t.is(wNameParticles) && !t.isCap()) {
			continue
		}
		out = append(out, foldedLower(e, t))
	}
	return out
}

// findTitledPeople finds names after honorifics and titles ("Mrs. X", "Senator X",
// "former Vice President X", "regime president X") and lists after plural titles.
func (d *docIndex) findTitledPeople(e *entryScan) {
	toks := e.toks
	n0 := len(e.people)
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isWord() {
			continue
		}
		t := toks[i]
		if t.is(wPluralTitles) || isPluralTitle(t) {
			i = d.titledList(e, i)
			continue
		}
		if !isTitle(e, t) {
			continue
		}
		// a chain of titles: "Rt. Hon. Dr.", "NCFR President-elect Mrs.", "Vice President"
		j := i
		var gender byte
		leg := nameTitles[t.low(e)]
		if g, ok := honorifics[t.low(e)]; ok {
			gender = g
		}
		for j+1 < len(toks) && e.free(j+1) && (isTitle(e, toks[j+1]) || toks[j+1].is(wTitleModifiers) && toks[j+1].isCap() && j+2 < len(toks) && isTitle(e, toks[j+2])) {
			j++
			if g, ok := honorifics[toks[j].low(e)]; ok && g != 0 {
				gender = g
			}
			if nameTitles[toks[j].low(e)] {
				leg = true
			}
		}
		j = titleComplement(e, j)
		weak := !t.isCap() && honorifics[t.low(e)] == 0
		if _, ok := honorifics[t.low(e)]; ok && t.isCap() {
			weak = false
		}
		first := j + 1
		if k := d.titleApposition(e, j); k > 0 {
			first = k // "Colombia's defense minister, Iván Restrepo, said"
		}
		nj, ok := d.parseName(e, first, false)
		if !ok {
			i = j
			continue
		}
		if first > j+1 && !d.appositionCloses(e, nj) {
			i = j
			continue
		}
		if (weak || !leg && !hasHonorific(e, toks[i:j+1])) && countNameTokens(toks, first, nj) < 2 {
			i = j // "Imam Ali" (a street), "President Macron" waits for a full name elsewhere
			continue
		}
		if !t.isCap() && d.isPlaceName(e, first, nj) {
			i = j
			continue
		}
		ti := d.roleStart(e, i)
		m := d.newMention(e, first, nj, ti, gender)
		if len(m.parts) > 0 {
			d.titledSurnames[m.parts[len(m.parts)-1]] = true
		}
		m.legislator = leg
		if role := d.titleRole(e, ti, j); role != "" {
			m.roles = append(m.roles, role)
			if roleIsLegislative(role) {
				m.legislator = true
			}
		}
		e.people = d.appendPersonMention(e.people, m)
		if first > j+1 {
			e.claim(i, j, claimPerson) // the title's complement is left to the bodies
			e.claim(first, nj, claimPerson)
		} else {
			e.claim(i, nj, claimPerson)
		}
		i = nj
	}
	// roles once every titled name is known, so that a role stops at the next person
	for _, m := range e.people[n0:] {
		d.addAppositionRole(e, m)
	}
}

// titleApposition: the title at j is a lower-case role set off by a comma before a
// name, the apposition of news style ("Kenya's finance minister, Daniel Mwangi,
// presented", "Its chief executive, Jean Paul Prates, said"). The name must close the
// apposition (appositionCloses).
//
// The title may have its complement before the comma: "the head of the European
// Commission, Ursula von der Leyen, in Warsaw". It returns the first token of the
// name, or -1.
func (d *docIndex) titleApposition(e *entryScan, j int) int {
	toks := e.toks
	if j+2 >= len(toks) || toks[j].isCap() {
		return -1
	}
	k := j + 1
	if toks[k].low(e) == "of" {
		k++
		if k < len(toks) && toks[k].low(e) == "the" {
			k++
		}
		start := k
		for k < len(toks) && k < start+7 && toks[k].isWord() && (toks[k].isCap() || (toks[k].low(e) == "of" || toks[k].low(e) == "and" || toks[k].low(e) == "for") && k+1 < len(toks) && toks[k+1].isCap()) {
			k++
		}
		if k == start {
			return -1
		}
	}
	if k+1 < len(toks) && toks[k].str(e) == "," && e.free(k+1) && toks[k+1].isCap() {
		return k + 1
	}
	return -1
}

// appositionCloses: the name ending at j is followed by a comma, a verb of what people
// do, or the end of the sentence, so it is the whole apposition and not the first
// words of a longer phrase ("the minister, Foreign Affairs Committee members").
func (d *docIndex) appositionCloses(e *entryScan, j int) bool {
	toks := e.toks
	if j+1 >= len(toks) {
		return true
	}
	switch toks[j+1].str(e) {
	case ",", ".", ";", ")":
		return true
	}
	return d.verbAfter(e, j)
}

func hasHonorific(e *entryScan, ts []token) bool {
	for _, t := range ts {
		if _, ok := honorifics[t.low(e)]; ok && t.isCap() {
			return true
		}
	}
	return false
}

func countNameTokens(toks []token, i, j int) int {
	n := 0
	for k := i; k <= j; k++ {
		if toks[k].isCap() && !toks[k].is(wNameSuffixes) {
			n++
		}
	}
	return n
}

// titledList reads "Senators A, B and C" / "representatives A (D-TX) and B (R-SC)".
func (d *docIndex) titledList(e *entryScan, i int) int {
	toks := e.toks
	leg := toks[i].is(wLegislatorWords)
	k := i + 1
	if k < len(toks) && toks[k].str(e) == "," {
		k++
	}
	last := i
	for k < len(toks) {
		nj, ok := d.parseName(e, k, false)
		if !ok || countNameTokens(toks, k, nj) < 2 && !d.knownSurname(e, toks[k]) {
			break
		}
		m := d.newMention(e, k, nj, k, 0)
		m.legislator = leg
		m.listCue = leg
		m.roles = append(m.roles, strings.TrimSuffix(toks[i].str(e), "s"))
		e.people = d.appendPersonMention(e.people, m)
		e.claim(k, nj, claimPerson)
		last = nj
		k = nj + 1
		if k < len(toks) && toks[k].str(e) == "(" {
			for k < len(toks) && toks[k].str(e) != ")" {
				k++
			}
			k++
		}
		if k < len(toks) && toks[k].str(e) == "," {
			k++
		}
		if k < len(toks) && toks[k].low(e) == "and" {
			k++
		}
	}
	return last
}

func (d *docIndex) knownSurname(e *entryScan, t token) bool {
	return len(d.surnames[foldKey(t.str(e))]) > 0
}

// roleStart walks back from a title over "former", capitalized modifiers and
// acronyms ("former Vice President", "NCFR President-elect", "Ruritanian Resistance leader").
func (d *docIndex) roleStart(e *entryScan, i int) int {
	ti := i
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		t := e.toks[k]
		if e.toks[k].claim() == claimPerson || e.toks[k].claim() == claimOther || !t.isWord() || !e.sameSentence(k, i) {
			break
		}
		if t.is(wTitleModifiers) && t.low(e) != "the" || (t.isCap() || t.isAcro()) && !t.is(wLeftStops) && !t.is(wCalendarWords) || isTitle(e, t) {
			ti = k
			continue
		}
		if t.is(wFunctionStops) && !t.isCap() && ti < i {
			// "forces in Europe General X": the capitalized words are the object of
			// the preposition, not part of the title
			for ti < i && !isTitle(e, e.toks[ti]) && !e.toks[ti].is(wTitleModifiers) && !e.toks[ti].isAcro() {
				ti++
			}
		}
		break
	}
	return ti
}

// titleRole is the role written before a name, without honorifics: "former Vice
// President", "Senator", "NCFR President-elect".
func (d *docIndex) titleRole(e *entryScan, ti, j int) string {
	end := j
	for end >= ti {
		if g, ok := honorifics[e.toks[end].low(e)]; ok && (g != 0 || e.toks[end].low(e) == "dr." || e.toks[end].low(e) == "rt." || e.toks[end].low(e) == "hon." || e.toks[end].low(e) == "prof.") {
			if _, also := nameTitles[e.toks[end].low(e)]; also && g == 0 {
				break
			}
			end--
			continue
		}
		break
	}
	start := ti
	for start <= end && honorifics[e.toks[start].low(e)] != 0 {
		start++
	}
	if start > end {
		return ""
	}
	return span(e.text, e.toks, start, end)
}

// addAppositionRole reads "X, former Minister of …," or "X (deputy chair of …)" or
// "X from the Judicial Committee" after a name.
func (d *docIndex) addAppositionRole(e *entryScan, m *personMention) {
	toks := e.toks
	k := m.j + 1
	if k < len(toks) && postNominals.has(toks[k].str(e)) {
		m.legislator = true
		m.roles = append(m.roles, toks[k].str(e))
		e.claim(k, k, claimOther)
		k++
	}
	if k+1 >= len(toks) {
		return
	}
	switch {
	case toks[k].str(e) == "(" && isPartyMarker(toks[k+1].str(e)):
		m.legislator = true
		m.roles = append(m.roles, toks[k+1].str(e))
		return
	case toks[k].str(e) == "," || toks[k].str(e) == "(":
		k++
	case toks[k].low(e) == "from" && k+2 < len(toks):
		// "from the Judicial Committee": the role is membership of that body
		p := k + 1
		for p < len(toks) && toks[p].low(e) == "the" {
			p++
		}
		if p < len(toks) && toks[p].isCap() {
			end := p
			for end+1 < len(toks) && toks[end+1].isWord() && (toks[end+1].isCap() || toks[end+1].is(wConnectors) && toks[end+1].low(e) != "and") {
				end++
			}
			for end > p && !toks[end].isCap() {
				end--
			}
			if _, ok := d.headIn(e, p, end); ok {
				role := "member of the " + span(e.text, toks, p, end)
				m.roles = append(m.roles, role)
				m.legislator = m.legislator || d.spanLegislative(e, p, end)
			}
		}
		return
	default:
		return
	}
	first := toks[k]
	if !first.is(wRoleOpeners) && !isTitle(e, first) && !(first.isCap() && k+1 < len(toks) && isTitle(e, toks[k+1])) {
		return
	}
	if e.toks[k].claim() == claimPerson {
		return // the next name of a list
	}
	end := k
	for end < len(toks) && end < k+30 {
		s := toks[end].str(e)
		if s == "," || s == ")" || s == "." || s == ";" || s == "–" || e.toks[end].claim() == claimPerson {
			break
		}
		l := toks[end].low(e)
		if end > k && (listBreakers.has(l) || l == "as" && end+1 < len(toks) && toks[end+1].low(e) == "well") {
			break
		}
		end++
	}
	if end < len(toks) && e.toks[end].claim() == claimPerson {
		return // the words before the next name are that person's role
	}
	end--
	if end < k {
		return
	}
	hasTitle := false
	for q := k; q <= end; q++ {
		if isTitle(e, toks[q]) || toks[q].low(e) == "member" || toks[q].low(e) == "members" || toks[q].is(wLegislatorWords) || toks[q].low(e) == "minister" {
			hasTitle = true
		}
	}
	if !hasTitle {
		return
	}
	start := k
	for start < end && (toks[start].low(e) == "the" || toks[start].low(e) == "a" || toks[start].low(e) == "an") {
		start++
	}
	role := span(e.text, toks, start, end)
	m.roles = append(m.roles, role)
	if roleIsLegislative(role) || d.spanLegislative(e, k, end) {
		m.legislator = true
	}
}

// roleIsLegislative: the role names a member of a legislature.
func roleIsLegislative(role string) bool {
	ws := strings.Fields(strings.ToLower(role))
	for n, w := range ws {
		w = strings.Trim(w, ",.()’'")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		if !legislatorWords.has(w) {
			continue
		}
		// "Representative to Ireland", "representative of the council": an envoy
		if strings.HasPrefix(w, "representative") && n+1 < len(ws) && (ws[n+1] == "to" || ws[n+1] == "of" || ws[n+1] == "for") {
			continue
		}
		return true
	}
	return false
}

// spanLegislative: tokens i..j contain a legislative body of the document.
func (d *docIndex) spanLegislative(e *entryScan, i, j int) bool {
	for _, b := range e.bodies {
		if b.i <= j && b.j >= i && b.ent.find().legislative {
			return true
		}
	}
	// bodies right of a name are not all found yet: judge the words themselves
	for k := i; k <= j; k++ {
		l := e.toks[k].low(e)
		if legislativeHeads.has(l) || (l == "house" && k+2 <= j && e.toks[k+2].is(wHouseChambers)) {
			return true
		}
		if committeeHeads.has(l) && e.toks[k].isCap() && d.entryIsLegislative(e) {
			return true
		}
	}
	return false
}

// entryIsLegislative: the entry talks about a legislature or legislators.
func (d *docIndex) entryIsLegislative(e *entryScan) bool {
	for _, t := range e.toks {
		if t.is(wLegislatorWords) || t.is(wLegislativeHeads) {
			return true
		}
	}
	return false
}

func (d *docIndex) newMention(e *entryScan, i, j, ti int, gender byte) *personMention {
	m := &personMention{i: i, j: j, ti: ti, gender: gender}
	m.name = span(e.text, e.toks, i, j)
	m.parts = nameParts(e, i, j)
	m.surface = span(e.text, e.toks, ti, j)
	if p := d.listCue(e, ti); p {
		m.legislator, m.listCue = true, true
	}
	return m
}

// listCue: the name follows a plural legislator noun in the same list: "British MPs,
// Alan Hobbs, former …, and Ruth Penrose, …".
func (d *docIndex) listCue(e *entryScan, ti int) bool {
	toks := e.toks
	k := ti - 1
	if k >= 0 && toks[k].str(e) == "," {
		k--
	}
	if k >= 0 && toks[k].is(wLegislatorWords) && strings.HasSuffix(toks[k].low(e), "s") && e.sameSentence(k, ti) {
		return true
	}
	// a later member of a list started by such a noun
	if k >= 0 && (toks[k].low(e) == "and" || toks[ti-1].str(e) == ",") {
		for n := len(e.people) - 1; n >= 0; n-- {
			p := e.people[n]
			if !e.sameSentence(p.i, ti) {
				break
			}
			if !p.listCue {
				continue
			}
			for q := p.j + 1; q < ti; q++ {
				if toks[q].is(wListBreakers) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// isPlaceName: tokens i..j are a place of the gazetteer and nothing suggests a person.
func (d *docIndex) isPlaceName(e *entryScan, i, j int) bool {
	return len(d.placeOptions(span(e.text, e.toks, i, j))) > 0
}

// findCuedPeople finds names without a title that context marks as people: a role
// apposition, a party marker, a possessive, a following speech verb.
func (d *docIndex) findCuedPeople(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isCap() || !d.nameToken(e, toks[i], true) {
			continue
		}
		if i > 0 && e.free(i-1) && toks[i-1].isCap() && toks[i-1].isWord() {
			continue // inside a longer capitalized run
		}
		j, ok := d.parseName(e, i, true)
		if !ok || countNameTokens(toks, i, j) < 2 {
			continue
		}
		strong, appos := d.personCue(e, i, j)
		if !strong && !appos {
			continue
		}
		m := d.newMention(e, i, j, i, 0)
		d.addAppositionRole(e, m)
		if strong || len(m.roles) > 0 {
			e.people = d.appendPersonMention(e.people, m)
			e.claim(i, j, claimPerson)
			i = j
		}
	}
}

func (d *docIndex) partyMarkerAfter(e *entryScan, j int) bool {
	if j+1 < len(e.toks) && postNominals.has(e.toks[j+1].str(e)) {
		return true
	}
	return j+2 < len(e.toks) && e.toks[j+1].str(e) == "(" && isPartyMarker(e.toks[j+2].str(e))
}

// postNominals of legislators follow the name: "Seán Kilbride TD", "Jane Doe MP".
var postNominals = set("TD", "MP", "MEP", "MLA", "MSP", "MS", "MdB", "MK", "AM", "MPP", "MHA", "MNA")

// verbAfter: a name followed by a verb of what people do ("X said", "X resigned").
func (d *docIndex) verbAfter(e *entryScan, j int) bool {
	if j+1 >= len(e.toks) {
		return false
	}
	t := e.toks[j+1]
	return t.isWord() && !t.isCap() && t.is(wPersonVerbs)
}

// personVerbs follow a person's name as its subject.
var personVerbs = set("said", "says", "stated", "told", "stressed", "wrote", "testified",
	"resigned", "became", "becomes", "was", "is", "has", "had", "won", "wins", "lost",
	"finished", "announced", "presented", "met", "visited", "addressed", "spoke", "called",
	"urged", "welcomed", "praised", "criticized", "criticised", "condemned", "denied",
	"admitted", "apologized", "apologised", "argued", "claimed", "insisted", "warned",
	"signed", "launched", "unveiled", "received", "accepted", "declined", "refused",
	"returned", "arrived", "left", "joined", "died", "retired", "married", "scored",
	"broke", "beat", "defeated", "led", "hosted", "chaired", "introduced", "proposed",
	"voted", "tweeted", "posted", "added", "noted", "explained", "replied", "responded",
	"carried", "took", "gave", "made", "set", "became", "appeared", "campaigned")

// personCue: the run i..j is not a place and has a cue of a person: strong (a party
// marker, a possessive, a verb, "of <country>", "by X"), or an apposition that
// addAppositionRole must confirm as a role.
func (d *docIndex) personCue(e *entryScan, i, j int) (strong, appos bool) {
	toks := e.toks
	if d.partyMarkerAfter(e, j) {
		return true, false
	}
	if d.isPlaceName(e, i, j) {
		return false, false
	}
	if j+2 < len(toks) && (toks[j+1].str(e) == "," || toks[j+1].str(e) == "(") {
		n := toks[j+2]
		if n.is(wRoleOpeners) || isTitle(e, n) || n.isCap() && j+3 < len(toks) && isTitle(e, toks[j+3]) {
			appos = true
		}
	}
	if j+1 < len(toks) && isTitle(e, toks[j+1]) && !toks[j+1].isCap() {
		return false, false // "Bloc Québécois leader X": an affiliation
	}
	byCue := i > 1 && (toks[i-1].low(e) == "by" && toks[i-2].isWord() && !toks[i-2].isCap() || toks[i-1].low(e) == "with")
	strong = toks[j].hasPoss() || d.verbAfter(e, j) || d.listCue(e, i) || d.nationalityAfter(e, j) || d.asTitleAfter(e, j) || byCue || pronounAfter(e, j)
	return strong, appos
}

// nationalityAfter: "Marco Odermatt of Switzerland", "X of the United States".
func (d *docIndex) nationalityAfter(e *entryScan, j int) bool {
	toks := e.toks
	k := j + 1
	if k+1 >= len(toks) || toks[k].low(e) != "of" {
		return false
	}
	k++
	if toks[k].low(e) == "the" {
		k++
	}
	for q := k; q < len(toks) && q < k+3; q++ {
		if _, ok := d.country(span(e.text, toks, k, q)); ok {
			return q+1 >= len(toks) || !toks[q+1].isCap()
		}
	}
	return false
}

// asTitleAfter: "elected Anthony Rota as Speaker", "chose X as its presidential
// candidate" (a determiner and up to two lower-case words before the title).
func (d *docIndex) asTitleAfter(e *entryScan, j int) bool {
	toks := e.toks
	if j+2 >= len(toks) || toks[j+1].low(e) != "as" {
		return false
	}
	k := j + 2
	if determiners.has(toks[k].low(e)) {
		k++
	}
	for n := 0; n < 3 && k < len(toks) && toks[k].isWord(); n, k = n+1, k+1 {
		if isTitle(e, toks[k]) {
			return true
		}
		if toks[k].isCap() {
			return false
		}
	}
	return false
}

// determiners may open the title after "as": "as its candidate", "as the new chair".
var determiners = set("its", "their", "his", "her", "the", "a", "an", "our")

// pronounAfter: a personal possessive right after the name's clause mark refers to it:
// "the release of Imran Khan; his party called for protests".
func pronounAfter(e *entryScan, j int) bool {
	toks := e.toks
	if j+2 >= len(toks) {
		return false
	}
	if s := toks[j+1].str(e); s != ";" && s != "," {
		return false
	}
	w := toks[j+2].low(e)
	return w == "his" || w == "her"
}

// findKnownPeople marks full names and surnames that the document uses for a person
// elsewhere, and names listed beside a known person.
func (d *docIndex) findKnownPeople(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !d.nameToken(e, toks[i], false) {
			continue
		}
		if i > 0 && e.free(i-1) && toks[i-1].isCap() && toks[i-1].isWord() && !toks[i-1].is(wLeftStops) && !isSentenceStart(e, i-1) && !isTitle(e, toks[i-1]) {
			continue
		}
		if !d.nameWords[foldedLower(e, toks[i])] {
			continue // no known person has this word in the name
		}
		j, ok := d.parseName(e, i, false)
		if !ok {
			continue
		}
		key := strings.Join(nameParts(e, i, j), " ")
		_, full := d.personKey[key]
		if !full {
			_, full = d.personKey["~"+personSkeleton(key)]
		}
		single := i == j && len(d.surnames[key]) > 0 && !(i > 0 && toks[i-1].is(wStrongLocatives) && d.isPlaceName(e, i, i))
		besideKnown := countNameTokens(toks, i, j) >= 2 && d.besideKnownPerson(e, i, j) && !d.isPlaceName(e, i, j) &&
			!(j+1 < len(toks) && isTitle(e, toks[j+1]))
		if !full && !single && !besideKnown {
			continue
		}
		m := d.newMention(e, i, j, i, 0)
		d.addAppositionRole(e, m)
		e.people = d.appendPersonMention(e.people, m)
		e.claim(i, j, claimPerson)
		i = j
	}
}

// seatVerbs say what a person does with a seat in a legislature.
var seatVerbs = set("won", "wins", "held", "holds", "lost", "loses", "retained", "kept",
	"took", "gained", "entered", "enters", "regained", "lose", "win", "hold")

// seatCues marks as legislators the people the text gives a seat in a legislature:
// "X held his seat", "X lost her seat in Y", "X won Z and entered the House of Commons".
func (d *docIndex) seatCues(e *entryScan) {
	toks := e.toks
	for _, m := range e.people {
		if m.legislator {
			continue
		}
		for k := m.j + 1; k < len(toks) && k <= m.j+10 && e.sameSentence(k, m.j); k++ {
			if e.toks[k].claim() == claimPerson {
				break // the next person's clause
			}
			if !toks[k].isWord() || toks[k].isCap() || !seatVerbs.has(toks[k].low(e)) {
				continue
			}
			if d.seatAfter(e, k) {
				m.legislator = true
				break
			}
		}
	}
}

// seatAfter: within three words after the verb at k, "seat(s)" or a legislative body.
func (d *docIndex) seatAfter(e *entryScan, k int) bool {
	toks := e.toks
	for q := k + 1; q < len(toks) && q <= k+3; q++ {
		if l := toks[q].low(e); l == "seat" || l == "seats" {
			return true
		}
		for _, b := range e.bodies {
			if b.i == q && b.ent.find().legislative && !b.headless {
				return true
			}
		}
	}
	return false
}

// besideKnownPerson: "Ali X, Anton Brezic, and …" — a name in a list next to a person.
func (d *docIndex) besideKnownPerson(e *entryScan, i, j int) bool {
	toks := e.toks
	if j+2 < len(toks) && toks[j+1].str(e) == "," {
		k := j + 2
		if toks[k].low(e) == "and" {
			k++
		}
		if k < len(toks) && e.toks[k].claim() == claimPerson {
			return true
		}
	}
	if i >= 2 && (toks[i-1].str(e) == "," || toks[i-1].low(e) == "and") && e.toks[i-2].claim() == claimPerson {
		return true
	}
	return false
}

// personSkeleton folds spelling variants of transliterated names ("Mosadegh",
// "Mossadegh"): no vowels after the first letter, no doubled letters.
func personSkeleton(k string) string {
	var b strings.Builder
	var prev rune
	first := true
	for _, r := range k {
		if r == ' ' {
			first = true
			b.WriteRune(r)
			prev = r
			continue
		}
		if !first && strings.ContainsRune("aeiouy", r) || r == prev {
			continue
		}
		first = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// clusterPeople resolves every mention of the document to a person: full names merge
// when one extends the other ("Paolo Vanni" → "Paolo Maria Vanni"); a surname alone
// goes to the person of that surname whose gender fits the honorific.
func (d *docIndex) clusterPeople(entries []*entryScan) {
	d.people = nil
	d.personKey = map[string]*personEntity{}
	d.surnames = map[string][]*personEntity{}
	var all []*personMention
	for _, e := range entries {
		all = append(all, e.people...)
	}
	// longest names first, so shorter forms find their fuller form
	multi := make([]*personMention, 0, len(all))
	for _, m := range all {
		if len(m.parts) >= 2 {
			multi = append(multi, m)
		}
	}
	slices.SortStableFunc(multi, func(a, b *personMention) int { return cmp.Compare(len(b.parts), len(a.parts)) })
	for _, m := range multi {
		key, skel := m.keys()
		p := d.personKey[key]
		if p == nil {
			p = d.personKey[skel]
		}
		if p == nil {
			p = d.extending(m)
		}
		if p == nil {
			p = &personEntity{name: m.name, nameToks: len(m.parts)}
			d.people = append(d.people, p)
			last := m.parts[len(m.parts)-1]
			d.surnames[last] = append(d.surnames[last], p)
		}
		d.personKey[key] = p
		d.personKey[skel] = p
		d.attach(p, m)
	}
	for _, m := range all {
		if len(m.parts) != 1 {
			continue
		}
		p := d.bySurname(m.parts[0], m.gender)
		if p == nil {
			key := m.parts[0]
			p = d.personKey[key]
			if p == nil {
				p = &personEntity{name: m.name, nameToks: 1}
				d.people = append(d.people, p)
				d.personKey[key] = p
			}
		}
		d.attach(p, m)
	}
}

// extending finds a known person whose name has the same first and last word as m and
// contains all of m's words ("Paolo Vanni" in "Paolo Maria Vanni").
func (d *docIndex) extending(m *personMention) *personEntity {
	last := m.parts[len(m.parts)-1]
	for _, p := range d.surnames[last] {
		pk := strings.Fields(foldKey(p.name))
		if len(pk) < len(m.parts) || pk[0] != m.parts[0] {
			continue
		}
		k := 0
		for _, w := range pk {
			if k < len(m.parts) && w == m.parts[k] {
				k++
			}
		}
		if k == len(m.parts) {
			return p
		}
	}
	return nil
}

func (d *docIndex) bySurname(s string, gender byte) *personEntity {
	cands := d.surnames[s]
	if len(cands) == 0 {
		return nil
	}
	var best *personEntity
	for _, p := range cands {
		if gender != 0 && p.gender != 0 && p.gender != gender {
			continue
		}
		score := p.mentions
		if gender != 0 && p.gender == gender {
			score += 1000
		}
		if best == nil || score > best.mentions+boolInt(gender != 0 && best.gender == gender)*1000 {
			best = p
		}
	}
	return best
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (d *docIndex) attach(p *personEntity, m *personMention) {
	m.ent = p
	p.mentions++
	if len(m.parts) > p.nameToks {
		p.name, p.nameToks = m.name, len(m.parts)
	}
	for _, w := range m.parts {
		d.nameWords[w] = true
	}
	if m.gender != 0 && p.gender == 0 {
		p.gender = m.gender
	}
	p.legislator = p.legislator || m.legislator
	p.forms = addAlias(p.forms, "", m.surface)
	p.forms = addAlias(p.forms, "", m.name)
}

// participant: the person took part, unless every mention in the entry is a mere
// reference: a possessive ("X's plan"), "images of X", "statements from X",
// "as advocated by X", "against X".
func (d *docIndex) participant(e *entryScan, m *personMention) bool {
	toks := e.toks
	if toks[m.j].hasPoss() {
		return false
	}
	// attached: only titles, articles, capitalized words and list commas stand between
	// the cue word and the name ("images of Resistance leader X", "the plan of Mrs. X")
	attached := true
	for k, steps := m.ti-1, 0; k >= 0 && steps < 40 && e.sameSentence(k, m.ti); k, steps = k-1, steps+1 {
		t := toks[k]
		if t.str(e) == ")" {
			for k > 0 && toks[k].str(e) != "(" {
				k--
			}
			continue
		}
		if t.str(e) == "," {
			if k == 0 || e.toks[k-1].claim() != claimPerson {
				attached = false
			}
			continue
		}
		if !t.isWord() || e.toks[k].claim() != 0 || t.isCap() {
			continue
		}
		l := t.low(e)
		switch {
		case l == "to" && k > 0 && toks[k-1].low(e) == "according":
			return true // "according to its spokesman X": the person speaks
		case l == "by":
			return k > 0 && (toks[k-1].is(wParticipantByVerbs) || toks[k-1].low(e) == "speech" || toks[k-1].low(e) == "remarks")
		case l == "from" && k > 0 && e.toks[k-1].claim() == claimPerson:
			continue // "Senator X from Ireland": the previous person's affiliation
		case l == "from" && attached:
			return k > 0 && (toks[k-1].low(e) == "remarks" || toks[k-1].low(e) == "speech" || toks[k-1].low(e) == "address" || toks[k-1].low(e) == "speeches")
		case (l == "of" || l == "for") && attached:
			if k > 0 && (isTitle(e, toks[k-1]) || toks[k-1].is(wRoleOpeners) || toks[k-1].low(e) == "member" || toks[k-1].low(e) == "members" || toks[k-1].low(e) == "rapporteur") {
				continue // part of a role: "President of …"
			}
			return false
		case t.is(wMentionCues) && attached:
			return false
		case t.is(wParticipationVerbs):
			return true
		case l == "and" && k > 0 && (e.toks[k-1].claim() == claimPerson || toks[k-1].str(e) == ")" || toks[k-1].str(e) == ","):
			continue // a list of names shares its cue
		case isTitle(e, t) || t.is(wTitleModifiers) || l == "a" || l == "an" || l == "the":
			continue
		default:
			attached = false
		}
	}
	return true
}

// peopleOf lists the people of an entry, one per person.
func (d *docIndex) peopleOf(e *entryScan) []Person {
	out := []Person{}
	if len(e.people) > 0 {
		out = room(&d.personBlock, len(e.people), 1024)
	}
	idx := map[*personEntity]int{}
	for _, m := range e.people {
		p := m.ent
		if p == nil {
			continue
		}
		part := d.participant(e, m)
		if n, ok := idx[p]; ok {
			out[n].Participant = out[n].Participant || part
			for _, r := range m.roles {
				out[n].Roles = addAlias(out[n].Roles, "", r)
			}
			continue
		}
		idx[p] = len(out)
		roles := []string{}
		for _, r := range m.roles {
			roles = addAlias(roles, "", r)
		}
		if p.sorted == nil {
			p.sorted = sortedAliases(p.name, p.forms)
		}
		out = append(out, Person{Name: p.name, Aliases: p.sorted, Roles: roles, Legislator: p.legislator, Participant: part})
	}
	return out
}
