package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"annals/extract/gazetteer"
)

// Roles on news-style text. Wire-service items name a company's country in an
// apposition or the next sentence ("Tata Motors, the Indian carmaker"; "The Munich
// company"), a state outlet by the country of its sentence ("the state news agency
// KUNA"), an office-holder by a bare title after the sentence about the body ("Saudi
// Aramco ... Chief executive Amin Nasser"), and the place of an event after a
// direction word ("in southern Lebanon") or a flight ("fled to Kenya"). The rules
// below read those words; like the rest of roles.go they know no names.

// newsClassNouns name what kind of organisation a body is in an apposition or an
// anaphor: "the Danish wind turbine maker", "The South Korean company".
var newsClassNouns = set("company", "companies", "group", "firm", "bank", "lender", "carmaker", "automaker", "conglomerate",
	"maker", "manufacturer", "producer", "operator", "insurer", "airline", "carrier", "retailer", "giant", "broadcaster",
	"newspaper", "daily", "agency", "party", "utility", "miner", "exporter", "importer", "investor",
	"fund", "chipmaker", "drugmaker", "developer", "supplier", "club", "channel", "network", "outlet", "organisation",
	"organization", "charity", "union", "federation", "association", "movement", "army", "militia")

// stateOutletNouns after "state", "state-run" or "state-owned" name a state's own
// media or company, which belongs to the country its sentence is about.
var stateOutletNouns = set("agency", "television", "tv", "radio", "media", "broadcaster", "newspaper", "daily",
	"news", "outlet", "channel", "company", "firm", "oil", "energy", "airline", "carrier", "bank", "press")

// directionWords stand between a venue cue and its place: "in southern Lebanon".
var directionWords = set("northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
	"northwestern", "northeastern", "southwestern", "southeastern", "occupied", "rural", "coastal")

// newsMovementWords before "to" make it a destination: "fled to Kenya", "diverted one
// of its flights to Minsk".
var newsMovementWords = set("fled", "flee", "fleeing", "diverted", "deported", "evacuated", "relocated", "crossed",
	"flight", "flights", "deployed", "dispatched", "landed", "sent", "shipped")

// holdingNouns before "in" name a thing somewhere, not where the event is: "the
// Yadana gas project in Myanmar", "its operations in Russia".
var holdingNouns = set("project", "projects", "assets", "stake", "stakes", "business", "businesses",
	"investments", "interests", "holdings", "subsidiary", "subsidiaries")

// eventSubjects are the topic nouns that, as the subject of a clause ("protests in
// Colombia left 40 dead"), are the event itself.
var eventSubjects = set("protest", "protests", "violence", "killings", "arrests", "clashes", "fighting", "elections",
	"election", "crackdown", "executions", "war", "uprising", "unrest", "riots", "demonstrations", "strikes")

// objectHarmVerbs make the people of a place the object of an act done elsewhere or
// unplaced: "arrested three residents of Hebron".
var objectHarmVerbs = set("arrested", "detained", "killed", "deported", "expelled", "evacuated", "wounded",
	"rescued", "sentenced", "executed", "abducted", "kidnapped", "charged", "indicted", "interrogated")

// titleOffices are bare titles of an organisation's officer: "Chief executive Amin
// Nasser", "Commissioner-General Philippe Lazzarini". A title that names the body's
// head word fits too ("Army commander Joseph Aoun" after "The Lebanese army").
var titleOffices = set("executive", "ceo", "director", "director-general", "commissioner-general", "chairman",
	"chairwoman", "chair", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "secretary-general",
	"founder")

// travelVerbs make their subject a visitor to the entry's venues.
var travelVerbs = set("visited", "visits", "travelled", "traveled", "flew", "went", "arrived", "toured", "came", "returned")

// headOffices are titles of a head of state or government; with no country of their
// own they serve the country where their sentence takes place.
var headOffices = set("president", "prime", "premier", "chancellor", "king", "queen", "emir", "minister")

// newsPlaceCue reads the cues of wire-service text before a place mention
// text[at:end], whose four words before are ws (placeCue reads them too); ok is false
// when it has no opinion and placeCue decides.
func (r *roleReader) newsPlaceCue(rec *Record, at int, ws []string) (cue int, ok bool) {
	n := len(ws)
	if n == 0 {
		return 0, false
	}
	last := lowerWord(ws[n-1])
	if (last == "to" || last == "of") && n == 4 {
		ws = wordsBefore(rec.Text, at, 8) // the verb of "fled ... to", "arrested ... residents of"
		n = len(ws)
	}
	switch {
	case directionWords.has(last) && n > 1:
		prev := lowerWord(ws[n-2])
		if prev == "the" && n > 2 {
			prev = lowerWord(ws[n-3])
		}
		if venueBefore.has(prev) {
			return 1, true // "in southern Lebanon"
		}
	case last == "to":
		for _, w := range ws[:n-1] {
			if newsMovementWords.has(lowerWord(w)) {
				return 1, true
			}
		}
	case last == "in" && n > 1:
		prev := lowerWord(ws[n-2])
		if holdingNouns.has(prev) {
			return -1, true
		}
		if eventSubjects.has(prev) && (n == 2 || lowerWord(ws[n-3]) == "that" || n == 3 && lowerWord(ws[n-3]) == "the") {
			return 1, true // "ACLED reports that protests in Colombia left ..."
		}
	case last == "of" && n > 2 && residents.has(lowerWord(ws[n-2])):
		for _, w := range ws[:n-2] {
			if objectHarmVerbs.has(lowerWord(w)) {
				return -1, true
			}
		}
	}
	return 0, false
}

// newsBodyRoles gives the bodies of rec without a country the one their apposition,
// a later anaphor or their state outlet's sentence states.
func (r *roleReader) newsBodyRoles(rec *Record) {
	state := strings.Contains(rec.Text, "state")
	for i := range rec.Bodies {
		b := &rec.Bodies[i]
		if b.Country != "" || r.international(b.Name) {
			for f := range bodyForms(b) {
				for at := range mentions(rec.Text, f) {
					r.groupIn(rec, b, rec.Text[at+len(f):])
				}
			}
			continue
		}
		for f := range bodyForms(b) {
			for at := range mentions(rec.Text, f) {
				r.groupIn(rec, b, rec.Text[at+len(f):])
				setOnce(&b.Country, r.appositionCountry(rec.Text[at+len(f):]))
				if state {
					setOnce(&b.Country, r.stateOutletCountry(rec, at, f))
				}
			}
		}
		setOnce(&b.Country, r.fusedCountry(b.Name))
	}
	r.anaphorCountries(rec)
	for i := range rec.Bodies {
		if nonStateHeads.has(headWord(rec.Bodies[i].Name)) {
			rec.Bodies[i].Country = "" // "Sinaloa Cartel": named after a region, no national body
		}
	}
}

// nonStateHeads name armed or criminal groups, which belong to no country even when
// their name opens with a place (like "Hamas" or "M23", which name none).
var nonStateHeads = set("cartel", "gang", "militia", "syndicate", "mafia", "brigade", "brigades")

// appositionCountry is the country of an apposition right after a body's name: ",
// the Indian carmaker", ", the Zurich-based group", ", the party of El Salvador's
// president".
func (r *roleReader) appositionCountry(rest string) string {
	rest, ok := strings.CutPrefix(rest, ", the ")
	if !ok {
		return ""
	}
	if k := strings.IndexAny(rest, ",.;"); k >= 0 {
		rest = rest[:k]
	}
	ws := strings.Fields(rest)
	if len(ws) > 7 || !hasClassNoun(ws) {
		return ""
	}
	for _, w := range ws {
		if internationalWords.has(lowerWord(w)) || lowerWord(w) == "multinational" {
			return "" // "the Dublin-based international human rights organisation"
		}
	}
	return r.firstCountryWord(ws)
}

func hasClassNoun(ws []string) bool {
	for _, w := range ws {
		if newsClassNouns.has(lowerWord(w)) {
			return true
		}
	}
	return false
}

// firstCountryWord is the country of the first word or two that name one, a
// "<City>-based" or a possessive included.
func (r *roleReader) firstCountryWord(ws []string) string {
	for k, w := range ws {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "-based"), "-headquartered")
		if !startsUpper(w) {
			continue
		}
		if k+1 < len(ws) && startsUpper(ws[k+1]) {
			if c := r.countryOfPhrase(w+" "+trimPossessive(ws[k+1]), true); c != "" {
				return c // "South Korean", "El Salvador's"
			}
		}
		if c := r.countryOfPhrase(w, true); c != "" {
			return c
		}
	}
	return ""
}

// stateOutletCountry: "the state news agency KUNA", "state television ORTM", "the
// state-run newspaper Al-Ahram" belong to the first country their sentence names.
func (r *roleReader) stateOutletCountry(rec *Record, at int, f string) string {
	ws := wordsBefore(rec.Text, at, 4)
	state := false
	for k, w := range ws {
		lw := lowerWord(w)
		if (lw == "state" || lw == "state-run" || lw == "state-owned") && k+1 < len(ws) && stateOutletNouns.has(lowerWord(ws[k+1])) {
			state = true
		}
	}
	if !state {
		return ""
	}
	start := sentenceStart(rec.Text, at)
	end := len(rec.Text)
	if k := strings.Index(rec.Text[at:], ". "); k >= 0 {
		end = at + k
	}
	var words []string
	for w := range strings.FieldsSeq(rec.Text[start:end]) {
		w = strings.Trim(w, ",;:()“”\"")
		if w == f || strings.HasPrefix(f, w+" ") {
			continue
		}
		words = append(words, w)
	}
	return r.firstCountryWord(words)
}

// fusedCountry is the country that opens a one-word name fused with a capitalised
// word: "QatarEnergy", "SaudiGulf".
func (r *roleReader) fusedCountry(name string) string {
	if strings.ContainsAny(name, " -") {
		return ""
	}
	for i, c := range name {
		if i > 0 && unicode.IsUpper(c) {
			prev, _ := utf8.DecodeLastRuneInString(name[:i])
			if unicode.IsLower(prev) && i >= 4 && r.isCountryName(name[:i]) {
				return r.countryOfPhrase(name[:i], false)
			}
			return ""
		}
	}
	return ""
}

// anaphorCountries reads "The Munich company blamed ...", "the Zurich-based group
// said": a class noun after a place word refers to the body named last before it.
func (r *roleReader) anaphorCountries(rec *Record) {
	if rec.lacks&wNewsClassNouns != 0 {
		return // no class noun, no anaphor
	}
	text := rec.Text
	for _, the := range []string{"The ", "the "} {
		for off := 0; ; {
			k := strings.Index(text[off:], the)
			if k < 0 {
				break
			}
			at := off + k
			off = at + len(the)
			if at > 0 && text[at-1] != ' ' || off >= len(text) || !startsUpper(text[off:]) {
				continue // a place word opens the anaphor: "The Munich company"
			}
			if r.bodyAt(rec, off) {
				continue // "the Congolese army said": a body of its own, not an anaphor
			}
			ws := wordsAfter(text, off, 4)
			var hbuf [4]string
			head := hbuf[:0]
			noun := -1
			for j, w := range ws {
				if newsClassNouns.has(lowerWord(w)) {
					noun = j
					break
				}
				head = append(head, w)
			}
			if noun < 1 || noun+1 < len(ws) && startsUpper(ws[noun+1]) {
				continue // no place word, or "the bank Santander": a cue for another body
			}
			c := r.firstCountryWord(head)
			if c == "" {
				continue
			}
			if j := r.bodyBefore(rec, at, -1); j >= 0 && rec.Bodies[j].Country == "" && !r.international(rec.Bodies[j].Name) {
				rec.Bodies[j].Country = c
			}
		}
	}
}

// newsNationalCountry is the country of a state institution or party that neither
// its sentence's venues nor the document give: the one country its sentence names
// ("a majority in the Legislative Assembly" beside "El Salvador's president"), else
// that of the legislature of its entry ("The Italian Senate approved ... the
// Democratic Party voted").
func (r *roleReader) newsNationalCountry(rec *Record, b *Body) string {
	at := firstMention(rec.Text, b)
	if at < len(rec.Text) {
		start := sentenceStart(rec.Text, at)
		end := len(rec.Text)
		if k := strings.Index(rec.Text[at:], ". "); k >= 0 {
			end = at + k
		}
		c := ""
		for w := range strings.FieldsSeq(rec.Text[start:end]) {
			w = strings.Trim(w, ",;:()“”\"")
			if !startsUpper(w) || strings.Contains(b.Name, trimPossessive(w)) {
				continue
			}
			if wc := r.countryOfPhrase(w, false); wc != "" {
				if c != "" && c != wc {
					c = ""
					break
				}
				c = wc
			}
		}
		if c != "" {
			return c
		}
	}
	return r.entryLegislatureCountry(rec)
}

// entryLegislatureCountry is the one country of the legislative bodies of rec, ""
// when they have none or several. A legislature named only as someone's membership
// ("Senator Y, member of the Nigerian Senate") is not the entry's.
func (r *roleReader) entryLegislatureCountry(rec *Record) string {
	c := ""
	for j := range rec.Bodies {
		o := &rec.Bodies[j]
		if !o.Legislative || o.Country == "" || r.namedOnly(rec, o) {
			continue
		}
		if c != "" && c != o.Country {
			return ""
		}
		c = o.Country
	}
	return c
}

// newsPeopleRoles runs newsPersonRoles for each person of rec, once peopleRoles has
// given every person of the entry what the older rules find.
func (r *roleReader) newsPeopleRoles(rec *Record, d *docBodies) {
	for i := range rec.People {
		r.newsPersonRoles(rec, &rec.People[i], d)
	}
}

// newsPersonRoles fills what peopleRoles left empty for a person of news text: the
// body of the sentence before a bare title ("Saudi Aramco, the state oil company,
// reported ... Chief executive Amin Nasser said"), and for a head of state or
// government the country where the sentence happens when no one else there is of it.
func (r *roleReader) newsPersonRoles(rec *Record, p *Person, d *docBodies) {
	if len(p.MemberOf) == 0 {
		if j := r.titleBody(rec, p); j >= 0 {
			b := &rec.Bodies[j]
			p.MemberOf = []string{b.Name}
			if p.Country == "" && (nationalHeads.has(headWord(b.Name)) || r.stateBody(rec, b)) {
				p.Country = b.Country
			}
		}
	}
	if p.Country == "" && p.Legislator {
		if c := r.entryLegislatureCountry(rec); c != "" {
			p.Country = c
			r.guessed[p] = true
			if b := r.seatOf(d, c, p.Roles); b != nil {
				p.MemberOf = appendNew(p.MemberOf, b.Name)
			}
		}
	}
	if p.Country == "" && r.headOfState(p) {
		p.Country = r.hostCountry(rec, p)
	}
	if p.Country == "" && formsGovernment(rec.Text, p) {
		p.Country = r.sentencePlaceCountry(rec, firstPersonMention(rec.Text, p))
	}
}

// governmentPhrases after a person's name make the person the head of the government
// of the country where the sentence takes place: "X accepted a mandate ... to form a
// government in Rome".
var governmentPhrases = []string{"to form a government", "formed a government", "forms a government",
	"was sworn in as prime minister", "was sworn in as president", "took office as"}

// formsGovernment reports whether the sentence that opens with p's first mention
// says p forms a government or takes the top office.
func formsGovernment(text string, p *Person) bool {
	at := firstPersonMention(text, p)
	if at >= len(text) || sentenceStart(text, at) != at && !strings.HasSuffix(strings.TrimRight(text[:at], " "), "–") {
		return false
	}
	end := len(text)
	if k := strings.Index(text[at:], ". "); k >= 0 {
		end = at + k
	}
	for _, g := range governmentPhrases {
		if strings.Contains(text[at:end], g) {
			return true
		}
	}
	return false
}

func firstPersonMention(text string, p *Person) int {
	at := len(text)
	for f := range namesOf(p.Name, p.Aliases) {
		for m := range mentions(text, f) {
			at = min(at, m)
			break // mentions come in text order: the first is the earliest
		}
	}
	return at
}

// titleBody is the body a person's bare title at the start of a sentence belongs to:
// the subject of the sentence before it, when the title names the body's head word or
// is an office of any organisation.
func (r *roleReader) titleBody(rec *Record, p *Person) int {
	for f := range namesOf(p.Name, p.Aliases) {
		for at := range mentions(rec.Text, f) {
			s := sentenceStart(rec.Text, at)
			if s == 0 {
				continue
			}
			var wbuf [3]string
			ws, ok := fieldsAtMost(wbuf[:0], rec.Text[s:at], 3)
			if len(ws) == 0 || !ok {
				continue
			}
			j := r.subjectBody(rec, sentenceStart(rec.Text, s-2), s)
			if j < 0 {
				continue
			}
			if titleOffices.has(lowerWord(ws[len(ws)-1])) || slices.Contains(ws, headWordTitle(rec.Bodies[j].Name)) {
				return j
			}
		}
	}
	return -1
}

// subjectBody is the body that opens the sentence text[start:end] (after "The"),
// -1 if none does.
func (r *roleReader) subjectBody(rec *Record, start, end int) int {
	s := rec.Text[start:end]
	if start == 0 && rec.Date != nil {
		s = strings.TrimLeft(strings.TrimPrefix(s, rec.Date.Text), " –—-:,") // "March 5 – UNRWA said"
	}
	s = strings.TrimPrefix(s, "The ")
	for j := range rec.Bodies {
		for bf := range bodyForms(&rec.Bodies[j]) {
			if strings.HasPrefix(s, bf) && wordBoundaryAfter(s, len(bf)) {
				return j
			}
		}
	}
	return -1
}

// stateBody reports whether the entry calls b a state company or outlet ("Saudi
// Aramco, the state oil company").
func (r *roleReader) stateBody(rec *Record, b *Body) bool {
	for f := range bodyForms(b) {
		for at := range mentions(rec.Text, f) {
			rest := rec.Text[at+len(f):]
			if strings.HasPrefix(rest, ", the state ") || strings.HasPrefix(rest, ", the state-owned ") || strings.HasPrefix(rest, ", the state-run ") {
				return true
			}
		}
	}
	return false
}

func (r *roleReader) headOfState(p *Person) bool {
	for _, role := range p.Roles {
		ws := strings.Fields(lowerWord(role))
		if len(ws) > 0 && len(ws) <= 3 && headOffices.has(ws[0]) && !formerWords.has(ws[0]) {
			return true
		}
	}
	return false
}

// hostCountry is the one country of the venues of rec, "" when they have several,
// when p is the one who travels there ("X visited Port Moresby"), or when another
// person of the entry is of that country (p is then the visitor).
func (r *roleReader) hostCountry(rec *Record, p *Person) string {
	c := ""
	for _, pl := range rec.Places {
		if !pl.Venue || pl.Country == "" {
			continue
		}
		if c != "" && c != pl.Country {
			return ""
		}
		c = pl.Country
	}
	if c == "" {
		return ""
	}
	at := firstPersonMention(rec.Text, p)
	if at < len(rec.Text) {
		end := len(rec.Text)
		if k := strings.Index(rec.Text[at:], ". "); k >= 0 {
			end = at + k
		}
		for w := range strings.FieldsSeq(rec.Text[at:end]) {
			if travelVerbs.has(lowerWord(strings.Trim(w, ".,;:"))) {
				return "" // the traveller, not the host
			}
		}
	}
	for i := range rec.People {
		if o := &rec.People[i]; o != p && o.Country == c {
			return ""
		}
	}
	return c
}

// bodyAt reports whether a name of a body of rec starts at offset at.
func (r *roleReader) bodyAt(rec *Record, at int) bool { return r.bodyStarting(rec, rec.Text[at:]) >= 0 }

// ambiguousRegion reports whether places holds a region of another country than
// country: "Nord" is a department of France and of Haiti, and names neither.
func ambiguousRegion(places []gazetteer.Place, country string) bool {
	for _, p := range places {
		if p.Kind == "region" && p.Country != country {
			return true
		}
	}
	return false
}

// groupIn reads "<party> group in the <legislature>": the mention is the party's
// group, part of that legislature ("the European People's Party group in the
// European Parliament").
func (r *roleReader) groupIn(rec *Record, b *Body, rest string) {
	for _, g := range []string{" group in the ", " group of the ", " bloc in the ", " faction in the "} {
		tail, ok := strings.CutPrefix(rest, g)
		if !ok {
			continue
		}
		for j := range rec.Bodies {
			o := &rec.Bodies[j]
			if o == b || !o.Legislative {
				continue
			}
			for of := range bodyForms(o) {
				if strings.HasPrefix(tail, of) && wordBoundaryAfter(tail, len(of)) {
					setOnce(&b.PartOf, o.Name)
				}
			}
		}
	}
}

// headWordTitle is a body's head word as it opens a title: "army" → "Army".
func headWordTitle(name string) string {
	h := headWord(name)
	if h == "" {
		return ""
	}
	return strings.ToUpper(h[:1]) + h[1:]
}

// suffixDemonym reads a demonym the gazetteer lacks as a country's name and "ian" or
// "an": "Ecuadorian", "Chilean".
func (r *roleReader) suffixDemonym(s string) string {
	for _, suf := range []string{"ian", "an"} {
		if stem, ok := strings.CutSuffix(s, suf); ok && len(stem) >= 4 {
			if p, ok := r.gz.Country(stem); ok {
				return p.Country
			}
		}
	}
	return ""
}
