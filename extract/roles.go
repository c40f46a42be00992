package extract

import (
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"annals/extract/legislatures"
)

// Roles and identities (record format version 2): where an entry's event took place
// (Place.Venue), the country and parent of each body (Body.Country, Body.PartOf) and
// the country and memberships of each person (Person.Country, Person.MemberOf).
//
// The rules read the records' text around the names the earlier sweeps found: the
// prepositions before a place, the demonyms, possessives and "of"/"in" phrases of a
// body's names, the roles of a person. They know no names, only words of English and
// the gazetteer's countries, regions and demonyms. docs/extraction.md lists them.

// roleWords are the lower-case word lists the rules read.
var (
	// venueBefore: the word before a place that puts the event there.
	venueBefore = set("in", "at", "near", "across", "throughout", "inside", "within", "around", "visited", "visit", "toured", "outside")
	// notVenueBefore: the word before a place that only names it: an origin, a topic,
	// a title ("Secretary of State for Wales"), a relation ("ties with Tehran").
	notVenueBefore = set("from", "of", "for", "on", "about", "with", "against", "toward", "towards", "regarding", "over", "into", "by")
	// venueTopicNouns: "the situation in Iran" names a topic, not where the entry happened.
	venueTopicNouns = set("situation", "uprising", "uprisings", "protest", "protests", "democracy", "freedom", "freedoms",
		"executions", "execution", "dictatorship", "regime", "republic", "change", "policy", "rights", "crisis",
		"repression", "revolution", "war", "elections", "election", "events", "developments", "crackdown",
		"future", "tyranny", "violence", "killings", "arrests", "abuses", "conditions", "oppression", "struggle",
		"interventions", "terrorism", "role", "influence", "presence", "prisoners", "people", "women")
	// countedNouns: "the people in Iran" is a topic, "12 people in Kumasi" are there.
	countedNouns = set("people", "women", "prisoners")
	// areaNouns name a part of the place that follows "of".
	areaNouns = set("parts", "part", "areas", "area", "outskirts", "districts", "neighbourhoods", "neighborhoods", "suburbs")
	// listGlue: words that may stand between two places of one list.
	listGlue = set("and", "or", "as", "well", "the", "cities", "city", "of", "towns", "town", "provinces", "province",
		"capital", "located", "in", "both", "also", "country", "country's", "country’s", "northern", "southern",
		"eastern", "western", "north", "south", "east", "west", "northwest", "northeast", "southwest", "southeast",
		"northwestern", "northeastern", "southwestern", "southeastern", "central", "region", "parts", "part")
	// statementKinds: entries whose event is what a sitting body or its members said or did.
	statementKinds = set(KindStatement, KindResolution, KindCampaign, KindOther, KindLetter)
	// legislatorNouns name members of a legislature in the plural or singular.
	legislatorNouns = set("mps", "mp", "meps", "lawmakers", "lawmaker", "parliamentarians", "parliamentarian",
		"senators", "senator", "representatives", "representative", "legislators", "legislator", "deputies",
		"congressmen", "congresswomen", "members", "member", "peers", "councillors", "councilors")
	// institutionHeads: a head word before "of" that makes "X of <place>" a state body
	// of that place ("Parliament of Finland"), unlike "Council of Resistance of Iran".
	institutionHeads = set("parliament", "assembly", "senate", "landtag", "government", "ministry", "congress",
		"legislature", "court", "army", "police", "chamber", "house", "representatives", "commons", "lords",
		"council", "bundestag", "diet", "cabinet", "embassy", "forces", "military", "navy", "judiciary", "state")
	// subunitHeads: the head of a body that belongs to a parent (committee, caucus...).
	subunitHeads = set("committee", "caucus", "intergroup", "group", "delegation", "office", "subcommittee",
		"commission", "council", "branch", "wing", "units", "unit", "network", "bureau", "mission", "division",
		"headquarters", "secretariat", "offices", "chapter")
	// chamberNames: the houses of a parliament, whose members the titles below name.
	roleChamberWords = set("senate", "house", "commons", "lords", "chamber", "representatives", "deputies", "seanad", "dáil")
	// peopleNouns after a demonym name a group of people, not a state ("Iranian Women").
	peopleNouns = set("women", "woman", "community", "communities", "americans", "diaspora", "students", "youth",
		"resistance", "people", "exiles", "refugees", "opposition", "workers")
	// formerWords make an office one that is no longer held.
	formerWords = set("former", "ex", "late", "retired", "onetime", "one-time", "erstwhile")
	// anaphors: "the organization's Resistance Units" belong to the body named before.
	anaphors = set("organization's", "organisation's", "organization’s", "organisation’s", "group's", "group’s",
		"coalition's", "coalition’s", "party's", "party’s", "movement's", "movement’s", "council's", "council’s")
)

// leadingOrgWords open the names of organisations in languages that put the head
// first ("Banco X", "Grupo X", "Partido X"); read as the first word of a body's name,
// they are never a place that would give the body a country.
var leadingOrgWords = set("banco", "banca", "banque", "bank", "grupo", "groupe", "gruppo", "gruppe",
	"compañía", "companhia", "compagnie", "empresa", "instituto", "institut", "istituto", "partido",
	"parti", "partito", "partei", "frente", "front", "fundación", "fundação", "fondation", "fondazione",
	"stiftung", "sociedad", "société", "società", "sociedade", "unión", "união", "consejo", "conseil",
	"asociación", "associação", "movimiento", "mouvement", "movimento", "ejército", "armée", "exército",
	"policía", "ministerio", "ministère", "ministério", "universidad", "université", "universidade",
	"universität", "agencia", "agence", "agência", "corporación", "clan", "cártel", "cartel", "caja", "cassa")

// legislativeFlags corrects the legislative flag the entity pass guessed, for the whole
// document: a listed national chamber ("Lok Sabha") is legislative, and a body the
// document calls a company or a firm ("the company Meridian Water Group") is not, even
// where legislators stand around its name.
func (r *roleReader) legislativeFlags(recs []Record) {
	company := map[string]bool{}
	for ri := range recs {
		text := recs[ri].Text
		for _, b := range recs[ri].Bodies {
			if !b.Legislative || company[b.Name] {
				continue
			}
			for at := range mentions(text, b.Name) {
				var buf [1]string
				if ws := appendWordsBefore(buf[:0], text, at, 1); len(ws) == 1 && commercialNouns.has(ws[0]) {
					company[b.Name] = true
					break
				}
			}
		}
	}
	for ri := range recs {
		for bi := range recs[ri].Bodies {
			b := &recs[ri].Bodies[bi]
			if company[b.Name] {
				b.Legislative = false
			} else if _, ok := r.chamber(b.Name); ok {
				b.Legislative = true
			}
		}
	}
}

// commercialNouns stand right before the name of a company ("the company X").
var commercialNouns = set("company", "firm", "corporation", "carmaker", "manufacturer", "conglomerate", "miner", "lender", "insurer", "retailer", "utility")

// countryAbbreviations are the short forms of country names that English text uses;
// other short capitals are titles or acronyms, not ISO codes.
var countryAbbreviations = set("UK", "US", "USA", "UAE", "DRC", "PRC", "ROK", "DPRK")

// assignRoles fills the version-2 fields of a document's records.
// context holds the lines of the document that are not entries (title, introduction).
func assignRoles(gz placeIndex, recs []Record, context []string) {
	r := &roleReader{gz: gz, countries: map[string]string{}, folded: map[string]string{},
		intl: map[string]bool{}, idx: map[string]int{}, idxDotless: map[string]int{}, roleCountries: map[string]string{}, demonyms: map[string]bool{}, countryNames: map[string]bool{},
		formCache: map[string]*formFacts{}, names: map[string]*nameFacts{}, leg: legislatures.Load(), chambers: map[string]listedChamber{}, guessed: map[*Person]bool{}}
	r.legislativeFlags(recs)
	for i := range recs {
		r.bodyRoles(&recs[i])
	}
	for i := range recs {
		r.newsBodyRoles(&recs[i])
	}
	home := r.documentCountry(recs, context)
	r.chamberCountries(recs, home)
	r.unifyBodies(recs)
	for i := range recs {
		r.venues(&recs[i])
	}
	sitting := make([]int, len(recs))
	for i := range recs {
		sitting[i] = legislativeCountries(&recs[i])
		r.nationalBodies(&recs[i], home)
	}
	inheritCountries(recs)
	for i := range recs {
		r.basedIn(&recs[i])
	}
	r.placeNamedBodies(recs, home)
	r.linkChamberRecords(recs)
	for i := range recs {
		if legislativeCountries(&recs[i]) != sitting[i] {
			r.venues(&recs[i]) // again, with the countries the sitting bodies now have
		}
	}
	bodyIdx := r.indexBodies(recs)
	for i := range recs {
		r.peopleRoles(&recs[i], bodyIdx, home)
		r.newsPeopleRoles(&recs[i], bodyIdx)
		r.refineParticipants(&recs[i])
	}
	unifyPeople(recs, r.guessed)
}

// documentCountry is the country a document is about, when one dominates: the
// countries of its places, and the countries and demonyms of its title and
// introduction, which count thrice. "" when none has half of the votes.
func (r *roleReader) documentCountry(recs []Record, context []string) string {
	votes := map[string]int{}
	total := 0
	for _, rec := range recs {
		for _, p := range rec.Places {
			if p.Country != "" {
				votes[p.Country]++
				total++
			}
		}
	}
	for _, line := range context {
		for w := range strings.FieldsSeq(line) {
			w = strings.Trim(w, ".,;:()“”\"'’")
			if !startsUpper(w) || isAcronym(w) && !countryAbbreviations.has(strings.ReplaceAll(w, ".", "")) {
				continue
			}
			if c := r.countryOfPhrase(w, false); c != "" {
				votes[c] += 3
				total += 3
			}
		}
	}
	best, n := "", 0
	for c, v := range votes {
		if v > n || v == n && c < best {
			best, n = c, v
		}
	}
	if n < 3 || 2*n < total {
		return ""
	}
	return best
}

// nationalHeads are the head words of a state's own institutions: a bare "House of
// Commons" or "Department of Justice" belongs to the country the entry or the
// document is in.
var nationalHeads = set("party", "parliament", "senate", "house", "commons", "lords", "assembly", "congress", "legislature",
	"department", "ministry", "government", "cabinet", "court", "police", "army", "military", "navy", "office",
	"board", "treasury", "agency", "commission", "commissioner", "ombudsman", "dáil", "dail", "seanad",
	"oireachtas", "bundestag", "bundesrat", "knesset", "duma", "storting", "riksdag", "sejm", "folketing", "althing")

// nationalBodies gives a state institution that names no country the country of the
// venues its sentence names ("a Senate briefing in Washington"), unless people travel
// there in it ("a delegation of the Dáil travelled to Brussels"), else the document's
// country.
func (r *roleReader) nationalBodies(rec *Record, home string) {
	for i := range rec.Bodies {
		b := &rec.Bodies[i]
		if b.Country != "" || b.PartOf != "" || r.international(b.Name) || !(b.Legislative || nationalHeads.has(r.nameFacts(b.Name).head)) {
			continue
		}
		if r.namedOnly(rec, b) {
			b.Country = r.listedCountry(b, home) // a membership tells nothing of where the body sits
			continue
		}
		c := r.sentencePlaceCountry(rec, firstMention(rec.Text, b))
		if c == "" {
			c = home
		}
		if c == "" {
			c = r.newsNationalCountry(rec, b)
		}
		b.Country = r.listedCountry(b, c)
	}
}

// sentencePlaceCountry is the one country of the venues named in the sentence around
// offset at, "" when there are none or several, or when the sentence tells of travel.
func (r *roleReader) sentencePlaceCountry(rec *Record, at int) string {
	if at >= len(rec.Text) {
		return ""
	}
	start := sentenceStart(rec.Text, at)
	end := len(rec.Text)
	if k := strings.Index(rec.Text[at:], ". "); k >= 0 {
		end = at + k
	}
	sentence := rec.Text[start:end]
	for w := range strings.FieldsSeq(sentence) {
		if movementWords.has(lowerWord(strings.Trim(w, ".,;:"))) {
			return ""
		}
	}
	c := ""
	for _, p := range rec.Places {
		if !p.Venue || p.Country == "" || firstMentionOf(sentence, p.Name) < 0 {
			continue
		}
		if c != "" && c != p.Country {
			return ""
		}
		c = p.Country
	}
	return c
}

// roleReader holds the gazetteer and its answers for one document.
type roleReader struct {
	gz           placeIndex
	leg          *legislatures.List
	chambers     map[string]listedChamber // body name → the reference list's answer
	guessed      map[*Person]bool         // people whose country and seat the entry did not state
	countries    map[string]string        // word or phrase → country, "" when none
	folded       map[string]string        // name → foldKey(name)
	intl         map[string]bool          // name → international
	demonyms     map[string]bool          // word → a country's demonym
	formCache    map[string]*formFacts    // name → what it says by itself
	countryNames map[string]bool          // phrase → a country's name

	idxRec *Record        // the record idx indexes
	idxLen int            // its number of bodies then
	idx    map[string]int // folded form → first body of idxRec with it
	// idxDotless: the same, of the forms without their dots
	idxDotless map[string]int

	names map[string]*nameFacts // body name → what the identity rules read in it
	// roleCountries: role → the country its first office naming one names
	roleCountries map[string]string

	inBody        [][2]int       // venues' buffer: the spans of body names
	placeMentions []venueMention // venues' buffer
	acronyms      []string       // fullestName's buffer
}

// countryOfPhrase is the country a phrase names: a country ("U.S.", "Norway"), a
// demonym ("Italian", "Slovenian"), a region or its adjective ("Welsh", "Arizona").
// cities also allows a city ("Geneva").
func (r *roleReader) countryOfPhrase(s string, cities bool) string {
	s = strings.TrimSpace(trimPossessive(s))
	s = strings.TrimPrefix(s, "the ")
	s = strings.TrimPrefix(s, "State of ")
	if s == "" || !startsUpper(s) {
		return ""
	}
	key := s
	if cities {
		key = "\x00" + s
	}
	if c, ok := r.countries[key]; ok {
		return c
	}
	c := r.lookCountry(s, cities)
	r.countries[key] = c
	return c
}

func (r *roleReader) lookCountry(s string, cities bool) string {
	if len(strings.Trim(s, ".")) <= 3 && !countryAbbreviations.has(strings.ReplaceAll(s, ".", "")) {
		return "" // "MP", "EU", "Al": a title, a body or a word, not the ISO code of a country
	}
	if p, ok := r.gz.Country(s); ok {
		return p.Country
	}
	if p, ok := r.gz.CountryOfAdjective(s); ok {
		return p.Country
	}
	if ra, ok := r.gz.(regionAdjectives); ok {
		if p, ok := ra.RegionOfAdjective(s); ok {
			return p.Country
		}
	}
	// "Slovenian", "North Macedonian": the country's name and an n.
	if strings.HasSuffix(s, "n") {
		if p, ok := r.gz.Country(s[:len(s)-1]); ok {
			return p.Country
		}
	}
	if c := r.suffixDemonym(s); c != "" {
		return c // "Ecuadorian", "Chilean"
	}
	ps := r.gz.Lookup(s)
	for _, p := range ps {
		if p.Kind == "country" || p.Kind == "region" && !ambiguousRegion(ps, p.Country) || (cities && p.Kind == "city" && p.Population >= minNamingCity) {
			return p.Country
		}
	}
	return ""
}

// minNamingCity is the population from which a city that opens a body's name ("Geneva
// Parliament", "Galway Migrant Support Centre") gives the body its country: smaller
// towns share their names with common words ("Liberal", "Green").
const minNamingCity = 50000

// leadingCountry is the country named by the first one to three words of name (a
// demonym, a country, a region, with cities a city) and the number of words it took.
func (r *roleReader) leadingCountry(name string, cities bool) (string, int) {
	ws := strings.Fields(name)
	if len(ws) > 0 && isOrdinal(strings.ToLower(ws[0])) {
		ws = ws[1:] // "118th United States House of Representatives"
	}
	if len(ws) > 0 && leadingOrgWords.has(lowerWord(ws[0])) {
		return "", 0 // "Banco Santander": the bank, not a town called Banco
	}
	for n := min(3, len(ws)-1); n >= 1; n-- {
		if c := r.countryOfPhrase(strings.Join(ws[:n], " "), cities); c != "" {
			return c, n
		}
	}
	return "", 0
}

func trimPossessive(s string) string {
	for _, p := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(s, p) {
			return s[:len(s)-len(p)]
		}
	}
	return s
}

func startsUpper(s string) bool {
	c, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(c)
}

// mentions yields the byte offsets of whole-word occurrences of s in text, in order.
func mentions(text, s string) iter.Seq[int] {
	return func(yield func(int) bool) {
		if s == "" {
			return
		}
		for off := 0; ; {
			i := strings.Index(text[off:], s)
			if i < 0 {
				return
			}
			at := off + i
			if wordBoundaryBefore(text, at) && wordBoundaryAfter(text, at+len(s)) && !yield(at) {
				return
			}
			off = at + 1
		}
	}
}

// firstMentionOf is the offset of the first whole-word occurrence of s in text, -1
// if none.
func firstMentionOf(text, s string) int {
	for at := range mentions(text, s) {
		return at
	}
	return -1
}

func wordBoundaryBefore(text string, at int) bool {
	if at == 0 {
		return true
	}
	c, _ := lastRune(text, at)
	return !isLetterOrDigit(c)
}

func wordBoundaryAfter(text string, end int) bool {
	if end >= len(text) {
		return true
	}
	c, _ := runeAt(text, end)
	return !isLetterOrDigit(c)
}

// wordsBefore returns up to n words before offset at, nearest last, stopping at the
// start of the sentence; punctuation between words is dropped but a comma is kept as
// the word ",".
func wordsBefore(text string, at, n int) []string {
	var buf [8]string // on the caller's stack once inlined, unless its words escape
	return appendWordsBefore(buf[:0], text, at, n)
}

// appendWordsBefore is wordsBefore into dst[:0], so that a caller's array holds them.
func appendWordsBefore(dst []string, text string, at, n int) []string {
	out := dst[:0]
	i := at
	for len(out) < n && i > 0 {
		c, size := lastRune(text, i)
		switch {
		case c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '!' || c == '?':
			if c == '.' && i >= 2 && isUpperByte(text[i-2]) {
				i -= size // "D.C." or "U.S." is not a sentence end
				continue
			}
			return reverse(out)
		case c == ',':
			out = append(out, ",")
			i -= size
		case unicodeSpace(c) || c == '“' || c == '”' || c == '"':
			i -= size
		default:
			j := i
			for j > 0 {
				if c2 := text[j-1]; c2 < utf8.RuneSelf {
					if endsWordBefore[c2] {
						break
					}
					j--
					continue
				}
				c2, s2 := utf8.DecodeLastRuneInString(text[:j])
				if c2 == '“' || unicode.IsSpace(c2) {
					break
				}
				j -= s2
			}
			out = append(out, strings.TrimRight(text[j:i], "."))
			i = j
		}
	}
	return reverse(out)
}

func isUpperByte(b byte) bool { return b >= 'A' && b <= 'Z' }

// endsWordBefore marks the ASCII characters a word read backwards by
// appendWordsBefore stops at: white space, commas, brackets, quotes, ';' and ':'.
var endsWordBefore = func() (t [utf8.RuneSelf]bool) {
	for _, c := range " \t\n\v\f\r,()\";:" {
		t[c] = true
	}
	return t
}()

// lastRune is utf8.DecodeLastRuneInString(text[:i]), without a call for ASCII.
func lastRune(text string, i int) (rune, int) {
	if c := text[i-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(text[:i])
}

// runeAt is utf8.DecodeRuneInString(text[i:]), without a call for ASCII.
func runeAt(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// unicodeSpace is unicode.IsSpace, without a call for ASCII.
func unicodeSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// isLetterOrDigit is unicode.IsLetter(r) || unicode.IsDigit(r), without a call for ASCII.
func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWordBytes[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func reverse(s []string) []string {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	return s
}

// wordsAfter returns up to n words after offset at, within the sentence, with
// commas as ",".
func wordsAfter(text string, at, n int) []string {
	var buf [8]string // on the caller's stack once inlined, unless its words escape
	return appendWordsAfter(buf[:0], text, at, n)
}

// appendWordsAfter is wordsAfter into dst[:0], so that a caller's array holds them.
func appendWordsAfter(dst []string, text string, at, n int) []string {
	out := dst[:0]
	i := at
	for len(out) < n && i < len(text) {
		c, size := runeAt(text, i)
		switch {
		case c == ';' || c == ':' || c == '(' || c == ')' || c == '!' || c == '?':
			return out
		case c == '.':
			if i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\n' {
				return out
			}
			i += size
		case c == ',':
			out = append(out, ",")
			i += size
		case unicodeSpace(c) || c == '“' || c == '”' || c == '"':
			i += size
		default:
			j := i
			for j < len(text) {
				c2, s2 := runeAt(text, j)
				if unicodeSpace(c2) || c2 == ',' || c2 == '(' || c2 == ')' || c2 == '“' || c2 == '”' || c2 == '"' || c2 == ';' || c2 == ':' {
					break
				}
				if c2 == '.' && (j+1 >= len(text) || text[j+1] == ' ' || text[j+1] == '\n') && !(j >= 1 && isUpperByte(text[j-1])) {
					break
				}
				j += s2
			}
			out = append(out, text[i:j])
			i = j
		}
	}
	return out
}

// bodyForms are the names a body goes by in an entry: its name and aliases.
func bodyForms(b *Body) iter.Seq[string] { return namesOf(b.Name, b.Aliases) }

// namesOf yields name, then its aliases, without building a slice of them.
func namesOf(name string, aliases []string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if !yield(name) {
			return
		}
		for _, a := range aliases {
			if !yield(a) {
				return
			}
		}
	}
}

// headWord is the word that says what kind of body a name is, lower-cased: the last
// word before a topic ("Select Committee on Intelligence") or before an "of" that
// names the owner ("Parliament of Wales", "National Council of Resistance of Iran"),
// unless the words after "of" end in a head of their own ("House of Commons Standing
// Committee").
func headWord(name string) string {
	for _, sep := range []string{" on ", " for ", " in ", " to ", " with "} {
		if i := strings.Index(name, sep); i > 0 {
			name = name[:i]
		}
	}
	if i := strings.LastIndex(name, " of "); i > 0 {
		if tail := name[i+len(" of "):]; !subunitHeads.has(lastWord(tail)) && !institutionHeads.has(lastWord(tail)) {
			name = name[:strings.Index(name, " of ")]
		}
	}
	return lastWord(name)
}

func lastWord(name string) string {
	name = strings.TrimRight(name, " ")
	return lowerWord(trimPossessive(name[strings.LastIndexByte(name, ' ')+1:]))
}

// hasWord reports whether one of the words of name, lower-cased and without a
// possessive, is w.
func hasWord(name, w string) bool {
	for f := range strings.FieldsSeq(name) {
		if lowerWord(trimPossessive(f)) == w {
			return true
		}
	}
	return false
}

func hasWordIn(name string, words *wordSet) bool {
	for w := range strings.FieldsSeq(name) {
		if words.has(lowerWord(trimPossessive(w))) {
			return true
		}
	}
	return false
}

// isParliamentName: the name of a whole legislature ("Parliament", "Congress",
// "Legislature").
func isParliamentName(name string) bool {
	if strings.HasPrefix(name, "Houses ") || strings.HasPrefix(name, "Both ") {
		return false
	}
	ws := strings.Fields(name)
	h := lowerWord(trimPossessive(ws[len(ws)-1]))
	if i := strings.Index(name, " of "); i > 0 {
		h = headWord(name)
	}
	return h == "parliament" || h == "congress" || h == "legislature"
}

// bodyInRecord finds the first body of rec one of whose forms is phrase (dots aside:
// "E.U." is "EU"), or -1.
func (r *roleReader) bodyInRecord(rec *Record, phrase string) int {
	phrase = strings.TrimPrefix(strings.TrimSpace(phrase), "the ")
	if phrase == "" {
		return -1
	}
	if r.idxRec != rec || r.idxLen != len(rec.Bodies) {
		r.idxRec, r.idxLen = rec, len(rec.Bodies)
		clear(r.idx)
		clear(r.idxDotless)
		for j := len(rec.Bodies) - 1; j >= 0; j-- {
			for f := range bodyForms(&rec.Bodies[j]) {
				r.idx[r.fold(f)] = j
				r.idxDotless[r.fold(strings.ReplaceAll(f, ".", ""))] = j
			}
		}
	}
	j, ok := r.idx[r.fold(phrase)]
	if k, ok2 := r.idxDotless[r.fold(strings.ReplaceAll(phrase, ".", ""))]; ok2 && (!ok || k < j) {
		j, ok = k, true
	}
	if !ok {
		return -1
	}
	return j
}

// fold is foldKey, remembered for the document.
func (r *roleReader) fold(s string) string {
	if k, ok := r.folded[s]; ok {
		return k
	}
	k := foldKey(s)
	r.folded[s] = k
	return k
}

// capitalized joins the leading words of ws that start with a capital (skipping a
// leading "the"), as the name that follows a preposition.
func capitalized(ws []string) string {
	var out []string
	for i, w := range ws {
		if i == 0 && (w == "the" || w == "The") {
			continue
		}
		if w == "," || !(startsUpper(w) || (len(out) > 0 && (w == "of" || w == "and"))) {
			break
		}
		out = append(out, w)
	}
	for len(out) > 0 && (out[len(out)-1] == "of" || out[len(out)-1] == "and") {
		out = out[:len(out)-1]
	}
	return strings.Join(out, " ")
}

// bodyRoles sets the country and parent of each body of rec that its names and the
// words around them state. Parents are left as written; unifyBodies resolves them.
func (r *roleReader) bodyRoles(rec *Record) {
	for i := range rec.Bodies {
		b := &rec.Bodies[i]
		for f := range bodyForms(b) {
			r.formRoles(rec, b, f)
		}
		for f := range bodyForms(b) {
			for at := range mentions(rec.Text, f) {
				r.contextRoles(rec, i, at, at+len(f))
			}
		}
	}
	r.entryParents(rec)
	for i := range rec.Bodies {
		b := &rec.Bodies[i]
		if r.international(b.Name) {
			b.Country = ""
		}
		if j := r.bodyInRecord(rec, b.PartOf); b.Country == "" && j >= 0 {
			b.Country = rec.Bodies[j].Country // a committee of the Italian Parliament is Italian
		}
	}
}

// formRoles reads one name of a body: "Parliament of Wales", "Iranian Women's
// Association in the UK", "Italian Senate", "E.U. Foreign Affairs Council".
func (r *roleReader) formRoles(rec *Record, b *Body, f string) {
	ff := r.facts(f)
	if ff.inTail != "" {
		if j := r.bodyInRecord(rec, ff.inTail); j >= 0 && &rec.Bodies[j] != b {
			setOnce(&b.PartOf, rec.Bodies[j].Name)
		} else if ff.inCountry != "" {
			setOnce(&b.Country, ff.inCountry)
		}
	}
	if ff.ofHead != "" {
		head := ff.ofHead
		if j := r.bodyInRecord(rec, ff.ofTail); j >= 0 && &rec.Bodies[j] != b && (subunitHeads.has(head) || institutionHeads.has(head)) {
			setOnce(&b.PartOf, rec.Bodies[j].Name)
		} else if ff.ofParent != "" {
			setOnce(&b.PartOf, ff.ofParent) // resolved, or dropped, by the document
		} else if ff.ofCountry != "" {
			setOnce(&b.Country, ff.ofCountry)
		}
	}
	for _, owner := range ff.owners {
		if j := r.bodyInRecord(rec, owner); j >= 0 && &rec.Bodies[j] != b {
			setOnce(&b.PartOf, rec.Bodies[j].Name) // "the Senate's Foreign Relations Committee"
		}
	}
	setOnce(&b.Country, ff.country)
	if ff.first != "" {
		if j := r.bodyInRecord(rec, ff.first); j >= 0 && &rec.Bodies[j] != b && r.isSubunit(b) {
			setOnce(&b.PartOf, rec.Bodies[j].Name) // "E.U. Foreign Affairs Council"
		}
		if ff.chamberFirst && r.isSubunit(b) {
			setOnce(&b.PartOf, strings.Fields(f)[0]) // "Senate European Union Affairs Committee"
		}
	}
}

// formFacts is what one name of a body says by itself, read once per document.
type formFacts struct {
	inTail, inCountry                   string // "Association in the UK"
	ofHead, ofTail, ofParent, ofCountry string // "Parliament of Wales"
	owners                              []string
	country                             string // from the words of the name alone
	first                               string // the first word, possessive dropped
	chamberFirst                        bool   // the first of three words or more is a chamber
}

// facts reads a body's name: the place or body after "in" and "of", possessive
// owners, and the country its words give (a closing country, two demonyms in a row, a
// leading demonym, country, region or city).
func (r *roleReader) facts(f string) *formFacts {
	if ff, ok := r.formCache[f]; ok {
		return ff
	}
	ff := &formFacts{}
	if i := strings.LastIndex(f, " in "); i > 0 {
		ff.inTail = f[i+len(" in "):]
		ff.inCountry = r.countryOfPhrase(ff.inTail, true)
	}
	if i := strings.Index(f, " of "); i > 0 {
		head, tail := lowerWord(f[:i]), f[i+len(" of "):]
		if k := strings.LastIndexByte(head, ' '); k >= 0 {
			head = head[k+1:]
		}
		ff.ofHead, ff.ofTail = head, tail
		switch {
		case subunitHeads.has(head) && startsUpper(strings.TrimPrefix(tail, "the ")) && r.countryOfPhrase(tail, true) == "":
			ff.ofParent = strings.TrimPrefix(tail, "the ")
		case institutionHeads.has(head) || nationalOrgHeads.has(head):
			if k := strings.Index(tail, "'s "); k > 0 {
				tail = tail[:k]
			} else if k := strings.Index(tail, "’s "); k > 0 {
				tail = tail[:k]
			}
			ff.ofCountry = r.countryOfPhrase(tail, true)
		}
	}
	for _, sep := range []string{"'s ", "’s "} {
		if k := strings.Index(f, sep); k > 0 {
			ff.owners = append(ff.owners, f[:k])
		}
	}
	ws := strings.Fields(f)
	// "Elections Canada", "Migrant Rights Centre Ireland": a country closing the name.
	if n := len(ws); n >= 2 && startsUpper(ws[n-2]) && !hasWordIn(f, prepositions) {
		if r.isCountryName(ws[n-1]) && !isAcronym(ws[n-1]) {
			setOnce(&ff.country, r.countryOfPhrase(ws[n-1], false))
		}
	}
	// "Iranian American Communities": of two demonyms in a row the second is the
	// country the people live in.
	for k := 0; k+1 < len(ws); k++ {
		if r.isDemonym(ws[k]) && r.isDemonym(ws[k+1]) {
			setOnce(&ff.country, r.countryOfPhrase(ws[k+1], false))
		}
	}
	if len(ws) >= 2 {
		c, n := r.leadingCountry(f, true)
		if c != "" && n < len(ws) && !peopleNouns.has(lowerWord(trimPossessive(ws[n]))) && !r.isDemonym(ws[n]) {
			setOnce(&ff.country, c)
		}
		ff.first = trimPossessive(ws[0])
		ff.chamberFirst = len(ws) > 2 && roleChamberWords.has(lowerWord(ws[0]))
		if c, ok := r.chamber(ws[0]); ok && len(ws) > 2 && c.House != legislatures.Unknown {
			ff.chamberFirst = true // "Oireachtas Joint Committee on ...": a listed legislature's
		}
	}
	r.formCache[f] = ff
	return ff
}

func (r *roleReader) isDemonym(w string) bool {
	if !startsUpper(w) {
		return false
	}
	v, ok := r.demonyms[w]
	if !ok {
		_, v = r.gz.CountryOfAdjective(w)
		r.demonyms[w] = v
	}
	return v
}

// isCountryName reports whether s names a country, remembered for the document.
func (r *roleReader) isCountryName(s string) bool {
	v, ok := r.countryNames[s]
	if !ok {
		_, v = r.gz.Country(s)
		r.countryNames[s] = v
	}
	return v
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// contextRoles reads the words around one mention, rec.Text[at:end], of body i:
// "Kuwait's defense ministry", "the Iranian regime's Revolutionary Guards", "the
// organization's Resistance Units", "Resistance Units in Tehran", "the Foreign
// Affairs Committee of the Italian Parliament".
func (r *roleReader) contextRoles(rec *Record, i, at, end int) {
	b := &rec.Bodies[i]
	head := rec.Text[:at]
	if h, ok := strings.CutSuffix(head, "'s "); ok {
		head = h
	} else if h, ok := strings.CutSuffix(head, "’s "); ok {
		head = h
	} else {
		head = ""
	}
	for j := range rec.Bodies {
		if j == i || head == "" {
			continue
		}
		for bf := range bodyForms(&rec.Bodies[j]) {
			if strings.HasSuffix(head, bf) && wordBoundaryBefore(head, len(head)-len(bf)) {
				setOnce(&b.PartOf, rec.Bodies[j].Name) // "the European Parliament's Committee on ..."
			}
		}
	}
	var buf [8]string
	before := appendWordsBefore(buf[:0], rec.Text, at, 2)
	if n := len(before); n > 0 {
		w := before[n-1]
		switch lw := lowerWord(w); {
		case anaphors.has(lw):
			if j := r.bodyBefore(rec, at, i); j >= 0 {
				setOnce(&b.PartOf, rec.Bodies[j].Name)
			}
		case (strings.HasSuffix(lw, "regime's") || strings.HasSuffix(lw, "regime’s") ||
			strings.HasSuffix(lw, "government's") || strings.HasSuffix(lw, "government’s")) && n > 1:
			setOnce(&b.Country, r.countryOfPhrase(before[n-2], false))
		case trimPossessive(w) != w && startsUpper(w):
			if j := r.bodyInRecord(rec, trimPossessive(w)); j >= 0 && j != i {
				setOnce(&b.PartOf, rec.Bodies[j].Name) // "the Senate's Foreign Relations Committee"
			} else {
				setOnce(&b.Country, r.countryOfPhrase(w, true))
			}
		}
	}
	if rest := rec.Text[end:]; strings.HasPrefix(rest, " (") {
		if k := strings.IndexByte(rest, ')'); k > 0 && k < 24 {
			end += k + 1 // "Parliamentary Committee for a Democratic Iran (CPID) in the ..."
		}
	}
	// Only "in", "inside", "of" and "to" lead to a rule: read the eight words then.
	if first := appendWordsAfter(buf[:0], rec.Text, end, 1); len(first) == 0 || !afterRuleWords.has(first[0]) {
		return
	}
	after := appendWordsAfter(buf[:0], rec.Text, end, 8)
	if len(after) < 2 {
		return
	}
	switch after[0] {
	case "in", "inside":
		tail := capitalized(after[1:])
		if j := r.bodyInRecord(rec, tail); j >= 0 && j != i {
			setOnce(&b.PartOf, rec.Bodies[j].Name)
		} else if !b.Legislative && (r.isSubunit(b) || localHeads.has(r.nameFacts(b.Name).head)) {
			setOnce(&b.Country, r.countryOfPhrase(tail, true))
		}
	case "of", "to":
		if j := r.bodyInRecord(rec, capitalized(after[1:])); j >= 0 && j != i && r.isSubunit(b) {
			setOnce(&b.PartOf, rec.Bodies[j].Name)
		}
	}
}

// afterRuleWords are the words after a body's mention that contextRoles reads on.
var afterRuleWords = set("in", "inside", "of", "to")

// localHeads name bodies that a place after "in" locates in a country ("the Iranian
// Women's Association in the UK").
var localHeads = set("association", "society", "community", "communities", "office", "embassy", "branch", "chapter", "club")

// nationalOrgHeads before "of <country>" make a national organisation of it:
// "Green Party of Canada", "Union of Students of Ireland".
var nationalOrgHeads = set("party", "parties", "union", "association", "federation", "confederation", "league",
	"society", "bank", "museum", "university", "college", "academy", "institute", "church", "chamber")

var prepositions = set("of", "for", "in", "on", "to", "at", "with", "and", "the", "a", "an", "from", "by")

// bodyBefore is the body of rec, other than skip, mentioned last before offset at.
func (r *roleReader) bodyBefore(rec *Record, at, skip int) int {
	best, bestAt := -1, -1
	for j := range rec.Bodies {
		if j == skip {
			continue
		}
		for f := range bodyForms(&rec.Bodies[j]) {
			for m := range mentions(rec.Text[:at], f) {
				if m > bestAt {
					best, bestAt = j, m
				}
			}
		}
	}
	return best
}

// entryParents gives the committees of an entry the legislature it names ("eight
// members of the Foreign Affairs Committee" in a statement of the Slovenian
// Parliament), and a chamber the parliament named beside it.
func (r *roleReader) entryParents(rec *Record) {
	chamber, parliament := -1, -1
	for j := range rec.Bodies {
		b := &rec.Bodies[j]
		switch {
		case r.isChamber(b) && (chamber < 0 || rec.Bodies[chamber].Country == "" && b.Country != ""):
			chamber = j
		case b.Legislative && r.nameFacts(b.Name).parliament && parliament < 0:
			parliament = j
		}
	}
	if chamber >= 0 {
		// Chambers named together belong to one parliament ("both the House of
		// Commons and the House of Lords").
		for j := range rec.Bodies {
			if b := &rec.Bodies[j]; r.isChamber(b) && b.Country == "" && !r.international(b.Name) && namedTogether(rec, b, &rec.Bodies[chamber]) {
				b.Country = rec.Bodies[chamber].Country
			}
		}
	}
	if chamber >= 0 && parliament >= 0 {
		c, p := &rec.Bodies[chamber], &rec.Bodies[parliament]
		bare := !strings.Contains(strings.TrimSpace(strings.TrimLeft(p.Name, "0123456789thsndr")), " ")
		if c.PartOf == "" && (p.Country != "" && p.Country == c.Country || p.Country == "" && bare) {
			c.PartOf = p.Name
			setOnce(&p.Country, c.Country)
		}
	}
	parent := chamber
	if parent < 0 {
		parent = parliament
	}
	if parent < 0 {
		return
	}
	parentNamed := r.namedOnly(rec, &rec.Bodies[parent])
	for j := range rec.Bodies {
		b := &rec.Bodies[j]
		if parentNamed && j != parent && r.namedOnly(rec, b) {
			continue // memberships, maybe of two people: "member of the House Committee on ..., and MP Y, member of the Finnish Parliament"
		}
		if j != parent && b.PartOf == "" && r.isSubunit(b) && b.Legislative && compatible(b.Country, rec.Bodies[parent].Country) &&
			firstMention(rec.Text, &rec.Bodies[parent]) < firstMention(rec.Text, b) {
			b.PartOf = rec.Bodies[parent].Name
			setOnce(&b.Country, rec.Bodies[parent].Country)
		}
		if b.PartOf != "" && b.Country == "" && roleChamberWords.has(lowerWord(b.PartOf)) {
			b.Country = rec.Bodies[parent].Country // "Senate ... Committee" of this parliament
		}
	}
}

// venues marks the places of rec where its event took place.
func (r *roleReader) venues(rec *Record) {
	if len(rec.Places) == 0 {
		return
	}
	text := rec.Text
	// Spans of body names: a place inside one is not a place of the event.
	inBody := r.inBody[:0]
	// Countries where a sitting body or its members acted, and whether the event took
	// place at a body ("a meeting in the European Parliament").
	sitting := map[string]bool{}
	atBody := false
	for i := range rec.Bodies {
		b := &rec.Bodies[i]
		for f := range bodyForms(b) {
			for at := range mentions(text, f) {
				inBody = append(inBody, [2]int{at, at + len(f)})
				if !b.Legislative {
					continue // only a sitting body's mentions place the event
				}
				var buf [2]string
				ws := appendWordsBefore(buf[:0], text, at, 2)
				if n := len(ws); n > 0 && (ws[n-1] == "the" || ws[n-1] == "The") {
					ws = ws[:n-1]
				}
				if n := len(ws); n > 0 && (ws[n-1] == "at" || ws[n-1] == "in" || ws[n-1] == "inside") && b.Legislative {
					atBody = true
					if b.Country != "" {
						sitting[b.Country] = true
					}
				}
			}
		}
		if statementKinds.has(rec.Kind) && b.Legislative && b.Country != "" {
			sitting[b.Country] = true
		}
	}
	if statementKinds.has(rec.Kind) {
		r.legislatorCountries(text, sitting)
	}
	r.inBody = inBody
	ms := r.placeMentions[:0]
	for i := range rec.Places {
		p := &rec.Places[i]
		for f := range namesOf(p.Name, p.Aliases) {
			for at := range mentions(text, f) {
				if insideAny(inBody, at, at+len(f)) {
					continue
				}
				ms = append(ms, venueMention{i, at, at + len(f)})
			}
		}
	}
	r.placeMentions = ms
	slices.SortFunc(ms, func(a, b venueMention) int { return a.at - b.at })
	class := make([]int, len(rec.Places)) // +1 a venue cue, -1 a cue against, 0 none
	decided := make([]bool, len(rec.Places))
	prevEnd, prevPlace := -1, -1
	for _, m := range ms {
		c := 0
		if prevPlace >= 0 && prevPlace != m.place && prevEnd <= m.at && onlyListGlue(text[prevEnd:min(m.at, len(text))]) {
			c = class[prevPlace]
			if c == 0 {
				c = boolClass(defaultVenue(&rec.Places[prevPlace]))
			}
		} else {
			c = r.placeCue(rec, m.at, m.end)
		}
		switch {
		case c > 0:
			class[m.place] = 1
			decided[m.place] = true
		case c < 0 && !decided[m.place]:
			class[m.place] = -1
		}
		if m.end > prevEnd {
			prevEnd, prevPlace = m.end, m.place
		}
	}
	for i := range rec.Places {
		switch class[i] {
		case 1:
			rec.Places[i].Venue = true
		case -1:
			rec.Places[i].Venue = false
		default:
			rec.Places[i].Venue = defaultVenue(&rec.Places[i])
		}
	}
	// The event's country is where its cities and sites are; a country or region
	// elsewhere is only named, and so is any when the event was at an international body.
	local := map[string]bool{}
	for _, p := range rec.Places {
		if p.Venue && (p.Kind == "city" || p.Kind == "site") {
			local[p.Country] = true
		}
	}
	for i := range rec.Places {
		p := &rec.Places[i]
		if p.Kind != "country" && p.Kind != "region" {
			continue
		}
		switch {
		case sitting[p.Country]:
			p.Venue = true
		case len(local) > 0:
			p.Venue = local[p.Country]
		case atBody:
			p.Venue = false
		}
	}
}

// venueMention is one mention of place (an index into its record's places),
// text[at:end].
type venueMention struct{ place, at, end int }

func boolClass(b bool) int {
	if b {
		return 1
	}
	return -1
}

// isCount: a number in digits ("12", "2,000") or in words ("twelve", "dozens",
// "several"), the count of people before "people in X".
func isCount(w string) bool {
	if w != "" && w[0] >= '0' && w[0] <= '9' || isNumberWord(w) || severalWords.has(w) {
		return true
	}
	switch w {
	case "dozen", "hundreds", "thousands":
		return true
	}
	return false
}

// defaultVenue: a city or site named without a cue is where the entry happened (the
// list of cities of a campaign); a country or region so named is only named.
func defaultVenue(p *Place) bool { return p.Kind == "city" || p.Kind == "site" }

func insideAny(spans [][2]int, a, b int) bool {
	for _, s := range spans {
		if a >= s[0] && b <= s[1] {
			return true
		}
	}
	return false
}

// onlyListGlue reports whether the text between two places joins them in one list
// ("Tehran, Tabriz, and Rasht", "Paris, France", "the cities of").
func onlyListGlue(s string) bool {
	if len(s) > 60 {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(c rune) bool { return c == ' ' || c == ',' || c == '\u00a0' }) {
		if !listGlue.has(lowerWord(w)) {
			return false
		}
	}
	return true
}

// placeCue classifies the words before a place mention text[at:end]: +1 where the
// event happened ("in", "at", "across"), -1 only named ("from", "of", "for", "on",
// "the situation in"), 0 no cue.
func (r *roleReader) placeCue(rec *Record, at, end int) int {
	var buf [4]string
	ws := appendWordsBefore(buf[:0], rec.Text, at, 4)
	if c, ok := r.newsPlaceCue(rec, at, ws); ok {
		return c
	}
	// Each word lower-cased once, when a rule first reads it; ws only loses words
	// at its end, so an index names the same word throughout.
	all := ws
	var lowered [4]string
	var done [4]bool
	lower := func(i int) string {
		if !done[i] {
			lowered[i], done[i] = lowerWord(all[i]), true
		}
		return lowered[i]
	}
	for len(ws) > 0 && (lower(len(ws)-1) == "the" || lower(len(ws)-1) == "city" || lower(len(ws)-1) == "capital") {
		ws = ws[:len(ws)-1]
	}
	if len(ws) > 0 && ws[len(ws)-1] == "," && len(ws) > 1 && lower(len(ws)-2) == "capital" {
		ws = ws[:len(ws)-2] // "the country's capital, Tehran"
		for len(ws) > 0 && !venueBefore.has(lower(len(ws)-1)) && len(ws) > 1 {
			ws = ws[:len(ws)-1]
		}
	}
	if len(ws) == 0 {
		return 0
	}
	lw := lower(len(ws) - 1)
	if lw == "of" && len(ws) > 1 && (lower(len(ws)-2) == "front" || lower(len(ws)-2) == "outside") {
		return 1 // "in front of the White House"
	}
	if lw == "of" && len(ws) > 1 && (lower(len(ws)-2) == "cities" || lower(len(ws)-2) == "city" || lower(len(ws)-2) == "towns") {
		return 1 // "the cities of Shiraz"
	}
	switch {
	case venueBefore.has(lw):
		if len(ws) > 1 && (venueTopicNouns.has(lower(len(ws)-2)) || notHereVerbs.has(lower(len(ws)-2))) {
			if len(ws) > 2 && countedNouns.has(lower(len(ws)-2)) && isCount(lower(len(ws)-3)) {
				return 1 // "arrested 12 people in Kumasi": people counted where it happened
			}
			return -1
		}
		return 1
	case lw == "of" && len(ws) > 1 && areaNouns.has(lower(len(ws)-2)):
		return 1 // "flooded parts of Dar es Salaam", "on the outskirts of Mogadishu"
	case lw == "of" && len(ws) > 1 && residents.has(lower(len(ws)-2)):
		return 0 // "Residents of Ballina protested": where they live, as the list of a campaign
	case lw == "to":
		if rec.Kind == KindVisit || movedBefore(rec.Text, at) {
			return 1
		}
		return -1
	case notVenueBefore.has(lw):
		return -1
	}
	if rest := rec.Text[end:]; strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") || strings.HasPrefix(rest, "’ ") {
		return -1
	}
	return 0
}

// legislatorCountries adds the countries of the legislators an entry names as its
// actors: "Iceland's MPs", "Northern Ireland parliamentarians", "Italian lawmakers".
func (r *roleReader) legislatorCountries(text string, sitting map[string]bool) {
	var buf [24]byte
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		a := i
		for i < len(text) && isASCIILetter(text[i]) {
			i++
		}
		if i-a < 2 || i-a > len(buf) || i < len(text) && text[i] >= 0x80 || !legislatorInitials[text[a]|0x20] {
			continue // most words: no legislator noun starts so
		}
		for k := a; k < i; k++ {
			buf[k-a] = text[k] | 0x20
		}
		if w := buf[:i-a]; !legislatorNouns.has(string(w)) || string(w) == "members" || string(w) == "member" {
			continue
		}
		var wbuf [2]string
		before := appendWordsBefore(wbuf[:0], text, a, 2)
		for n := len(before); n >= 1; n-- {
			if c := r.countryOfPhrase(strings.Join(before[len(before)-n:], " "), false); c != "" {
				sitting[c] = true
				break
			}
		}
	}
}

// legislatorInitials are the first letters of legislatorNouns.
var legislatorInitials = func() (in [256]bool) {
	for w := range legislatorNouns.words {
		in[w[0]] = true
	}
	return in
}()

// listOpeners open or continue a list of names.
var listOpeners = set("and", "including", "such", "as", "like", "among", "notably", "namely", "particularly", "especially")

// groupNouns after a demonym or country name a group of people whom a list of names
// then details: "British MPs, David Jones, ...", "U.S. politicians, including ...".
var groupNouns = set("mps", "meps", "lawmakers", "parliamentarians", "senators", "representatives", "legislators",
	"politicians", "officials", "figures", "forces", "opposition", "personalities", "leaders", "ministers",
	"activists", "dignitaries", "diplomats", "members", "congressmen", "peers", "deputies", "delegation")

// docBodies is what the people rules need to know about the document's bodies.
type docBodies struct {
	byKey  map[string]*Body // folded name or alias → the body
	bodies []*Body          // one per name, in document order
	// listed are the legislative bodies of the reference list of legislatures, with
	// what the list says of them; parties the bodies whose head word is "party"
	listed      []listedBody
	parties     []*Body
	legislative []*Body // the legislative bodies, for the seats of legislators
	// partyOf remembers partyNamed's answers by adjective
	partyOf map[string]string
}

// listedBody is a body of the document that the list of legislatures knows.
type listedBody struct {
	b     *Body
	house legislatures.House
}

// indexBodies lists the document's bodies after unifyBodies.
func (r *roleReader) indexBodies(recs []Record) *docBodies {
	d := &docBodies{byKey: map[string]*Body{}, partyOf: map[string]string{}}
	for ri := range recs {
		for bi := range recs[ri].Bodies {
			b := &recs[ri].Bodies[bi]
			if _, ok := d.byKey[r.fold(b.Name)]; ok {
				continue
			}
			d.bodies = append(d.bodies, b)
			if c, ok := r.chamber(b.Name); ok && b.Legislative {
				d.listed = append(d.listed, listedBody{b, c.House})
			}
			if r.nameFacts(b.Name).head == "party" {
				d.parties = append(d.parties, b)
			}
			if b.Legislative {
				d.legislative = append(d.legislative, b)
			}
			for f := range bodyForms(b) {
				if _, ok := d.byKey[r.fold(f)]; !ok {
					d.byKey[r.fold(f)] = b
				}
			}
		}
	}
	return d
}

// peopleRoles sets the country and the memberships of the people of rec.
func (r *roleReader) peopleRoles(rec *Record, d *docBodies, home string) {
	for i := range rec.People {
		p := &rec.People[i]
		var member []string
		var roleCountry string
		for _, role := range p.Roles {
			for bi := range rec.Bodies {
				b := &rec.Bodies[bi]
				if heldIn(role, b.Name, b.Aliases) {
					member = appendNew(member, b.Name)
				}
			}
			setOnce(&roleCountry, r.roleCountry(role))
		}
		for _, b := range r.bodiesBeside(rec, p, d) {
			member = appendNew(member, b)
		}
		clause := r.listClause(rec, p)
		if b := r.listedMemberOf(rec, clause); b != "" {
			member = appendNew(member, b)
		}
		groupCountry, groupTitle := r.groupBefore(clause)
		country := roleCountry
		for _, m := range member {
			b := bodyNamed(rec, m) // the entry's own: two bodies may share a name ("Environment Committee")
			if b == nil {
				b = d.byKey[r.fold(m)]
			}
			if b != nil && (b.Legislative || nationalHeads.has(r.nameFacts(b.Name).head) || r.nameFacts(b.Name).head == "party") {
				setOnce(&country, b.Country) // a legislator's parliament, an official's government
			}
		}
		setOnce(&country, groupCountry)
		for _, m := range member {
			setOnce(&country, r.nameCountry(m)) // the leader of a council "of Iran" represents it
		}
		for _, m := range member {
			if b := d.byKey[r.fold(m)]; b != nil && !p.Legislator && servesCountry(b) {
				setOnce(&country, b.Country) // the governor of a country's central bank, a state company's chief
			}
		}
		if country == "" && len(member) == 0 && (p.Legislator || holdsStateOffice(p.Roles) || legislatorNouns.has(groupTitle)) {
			country = home // a minister or a senator of the country the document is about
			r.guessed[p] = country != ""
		}
		if country != "" && (p.Legislator || groupTitle != "") {
			if b := r.seatOf(d, country, append(slices.Clone(p.Roles), groupTitle)); b != nil {
				member = appendNew(member, b.Name)
			}
		}
		p.Country, p.MemberOf = country, member
	}
}

// bodyNamed is the body of rec named name, nil if none.
func bodyNamed(rec *Record, name string) *Body {
	for i := range rec.Bodies {
		if rec.Bodies[i].Name == name {
			return &rec.Bodies[i]
		}
	}
	return nil
}

// servesCountry: the holder of an office in b takes b's country — a central bank,
// or a company known by a one-word name ("the Chilean state copper miner X"). The
// officers of associations, councils and centres do not: their country is the
// body's, not theirs.
func servesCountry(b *Body) bool {
	if b.Country == "" {
		return false
	}
	if headWord(b.Name) == "bank" {
		return true
	}
	return !strings.Contains(b.Name, " ") && !bodyHeads.has(lowerWord(b.Name))
}

// roleCountry is the country of the first office of role that names one, read once
// per role and document.
func (r *roleReader) roleCountry(role string) string {
	c, ok := r.roleCountries[role]
	if !ok {
		for _, chunk := range roleChunks(role) {
			if c = r.chunkCountry(chunk); c != "" {
				break
			}
		}
		r.roleCountries[role] = c
	}
	return c
}

// roleChunks splits a role into the offices it joins: "head of the X Committee and
// former foreign minister of Italy".
func roleChunks(role string) []string {
	role = strings.ReplaceAll(role, " and ", ",")
	role = strings.ReplaceAll(role, ";", ",")
	return strings.Split(role, ",")
}

// heldIn reports whether a role names a body, by its name or an alias, as one the
// person holds an office in now: not as a possessive modifier ("president-elect of
// the MEK's parent coalition"), nor in a former office ("former member of the X
// Committee").
func heldIn(role, name string, aliases []string) bool {
	for f := range namesOf(name, aliases) {
		for at := range mentions(role, f) {
			rest := role[at+len(f):]
			if strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") {
				continue
			}
			office := role[:at]
			if k := strings.LastIndexAny(office, ",;"); k >= 0 {
				office = office[k+1:]
			}
			if k := strings.LastIndex(office, " and "); k >= 0 {
				office = office[k+len(" and "):]
			}
			if !hasWordIn(office, formerWords) {
				return true
			}
		}
	}
	return false
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// chunkCountry is the country an office names: "foreign minister of Italy",
// "British Defense Minister".
func (r *roleReader) chunkCountry(chunk string) string {
	ws := strings.Fields(chunk)
	for n := 3; n >= 1; n-- {
		for i := 0; i+n <= len(ws); i++ {
			if !startsUpper(ws[i]) || i > 0 && lowerWord(ws[i-1]) == "to" {
				continue // "Representative to Ireland" serves another country
			}
			if c := r.countryOfPhrase(strings.Join(ws[i:i+n], " "), false); c != "" {
				return c
			}
		}
	}
	return ""
}

// nameCountry is the country a body's name ends in ("National Council of
// Resistance of Iran"): the country its leaders and members represent.
func (r *roleReader) nameCountry(name string) string {
	if i := strings.LastIndex(name, " of "); i > 0 {
		if _, ok := r.gz.Country(name[i+len(" of "):]); ok {
			return r.countryOfPhrase(name[i+len(" of "):], false)
		}
	}
	return ""
}

// groupBefore reads the clause before a person's first mention in its sentence
// (listClause) for a group the person is listed in ("British MPs, David Jones",
// "renowned U.S. politicians, including ..."): its country and its noun.
func (r *roleReader) groupBefore(clause string) (country, noun string) {
	// The words of the clause from its end, for a group noun and, up to four words
	// before it, the group's country.
	for rest := clause; ; {
		wi, before := lastField(rest)
		if wi == "" {
			return "", ""
		}
		rest = before
		w := lowerWord(strings.Trim(wi, ",;:()"))
		if !groupNouns.has(w) || len(w) != len(wi) && !strings.HasSuffix(wi, ",") {
			continue
		}
		for k, b := 0, before; k < 4; k++ {
			cw, b2 := lastField(b)
			if cw == "" {
				break
			}
			b = b2
			if cw = strings.Trim(cw, ",;:()"); startsUpper(cw) {
				if c := r.countryOfPhrase(cw, false); c != "" {
					return c, w
				}
			}
		}
		if legislatorNouns.has(w) && strings.HasSuffix(wi, ",") {
			return "", w // "the two MPs, A and B"
		}
	}
}

// listClause is the clause before the person's first mention in its sentence when the
// person stands in a list there (after a comma, "and", "including", "such as" or a
// group's noun, titles aside), "" otherwise or when the entry has no group noun.
func (r *roleReader) listClause(rec *Record, p *Person) string {
	if rec.lacks&wGroupNouns != 0 {
		return "" // no group noun in the entry
	}
	at := -1
	for f := range namesOf(p.Name, p.Aliases) {
		for m := range mentions(rec.Text, f) {
			rest := rec.Text[m+len(f):]
			if strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") {
				continue // "Jane Holt's plan": not a member of a list
			}
			if at < 0 || m < at {
				at = m
			}
			break
		}
	}
	if at < 0 {
		return ""
	}
	clause := rec.Text[sentenceStart(rec.Text, at):at]
	if !inListLast(clause) {
		return ""
	}
	return clause
}

// listMemberNouns before "from the" or "of the" make the people a list then names members
// of the body that follows: "key figures from the coalition of ..., such as A, B",
// "members of the Foreign Affairs Committee, including A". Supporters, friends or
// critics of a body are none.
var listMemberNouns = set("members", "figures", "representatives", "leaders", "officials", "delegates",
	"lawmakers", "legislators", "parliamentarians", "senators", "mps", "meps", "deputies", "politicians")

// listedMemberOf is the body of rec whose members a list the person stands in names,
// read in the clause before the person (listClause; only names, list words and
// parenthesized notes between the group and the person):
// the body named right after "<members> from the" or "<members> of the", else the one
// body of the entry whose head is the head of the words there ("figures from the
// coalition of the Syrian opposition forces" and the entry's "National Coalition");
// "" if none or several.
func (r *roleReader) listedMemberOf(rec *Record, clause string) string {
	// the group nearest the person: "<member noun> from the" or "<member noun> of the"
	k := -1
	for _, prep := range []string{" from the ", " of the "} {
		for rest := clause; ; {
			i := strings.LastIndex(rest, prep)
			if i < 0 {
				break
			}
			if w, _ := lastField(rest[:i]); listMemberNouns.has(lowerWord(w)) {
				k = max(k, i+len(prep))
				break
			}
			rest = rest[:i]
		}
	}
	if k < 0 {
		return ""
	}
	phrase := clause[k:]
	e := strings.IndexAny(phrase, ",;:(")
	if e < 0 || !onlyNames(phrase[e:], listOpeners) {
		return "" // the person is not in the list that details the group
	}
	phrase = strings.TrimSpace(phrase[:e])
	if strings.Contains(phrase, ". ") || strings.Count(phrase, " ") >= 8 {
		return "" // a sentence or a clause of its own, not the group's noun
	}
	for j := range rec.Bodies {
		for f := range bodyForms(&rec.Bodies[j]) {
			if f == phrase {
				return rec.Bodies[j].Name // the body's name and nothing after it
			}
		}
	}
	if r.bodyStarting(rec, phrase) >= 0 {
		return "" // "members of the X met officials of Y, ...": the list is not X's
	}
	head := phrase
	if o := strings.Index(head, " of "); o >= 0 {
		head = head[:o]
	}
	h, _ := lastField(head)
	h = lowerWord(h)
	if h == "" || !foundedHeads.has(h) && !bodyHeads.has(h) {
		return ""
	}
	return r.bodyWithHead(rec, h)
}

// bodyWithHead is the name of the one body of rec whose head word is h, "" if none
// or several: which one a common noun ("the coalition", "a caucus") means is not said.
func (r *roleReader) bodyWithHead(rec *Record, h string) string {
	found := ""
	for j := range rec.Bodies {
		if r.nameFacts(rec.Bodies[j].Name).head != h {
			continue
		}
		if found != "" && found != rec.Bodies[j].Name {
			return ""
		}
		found = rec.Bodies[j].Name
	}
	return found
}

// inListLast is the first test of groupBefore read from the end of the clause
// without splitting it: the words before the person, titles aside, end in a comma,
// a list opener or a group noun.
func inListLast(clause string) bool {
	for {
		w, before := lastField(clause)
		if w == "" {
			return false
		}
		if startsUpper(w) && !strings.HasSuffix(w, ",") || formerWords.has(lowerWord(w)) {
			clause = before
			continue
		}
		last := lowerWord(w)
		return strings.HasSuffix(last, ",") || listOpeners.has(last) || groupNouns.has(last)
	}
}

// seatOf is the chamber of country that a legislator's title names: a senator's
// Senate, a representative's House of Representatives, an MP's lower house or the
// parliament; nil when the document names none. A chamber known by a name of its own
// is matched by what the reference list says it is: a senator's Seanad is the upper
// house, a TD's Dáil the lower.
func (r *roleReader) seatOf(d *docBodies, country string, titles []string) *Body {
	var want []string
	var houses []legislatures.House
	for _, t := range titles {
		ws := strings.Fields(lowerWord(t))
		for i, w := range ws {
			switch strings.Trim(w, ".,") {
			case "senator", "senators", "sen":
				want = append(want, "senate")
				houses = append(houses, legislatures.Upper)
			case "representative", "representatives", "rep", "congressman", "congresswoman", "congressmen":
				want = append(want, "representatives")
				houses = append(houses, legislatures.Lower)
			case "mp", "mps", "lawmaker", "lawmakers", "parliamentarian", "parliamentarians":
				want = append(want, "commons", "representatives", "deputies", "assembly", "parliament")
				houses = append(houses, legislatures.Lower, legislatures.Whole)
			case "td", "tds", "deputy", "deputies":
				if i == len(ws)-1 { // "Deputy Seán Kilbride", not "Deputy Prime Minister"
					houses = append(houses, legislatures.Lower, legislatures.Whole)
				}
			case "mep", "meps":
				want = append(want, "parliament")
			}
		}
	}
	for _, h := range want {
		for _, b := range d.legislative {
			if b.Country == country && hasWord(b.Name, h) && !hasWordIn(b.Name, subunitHeads) && !hasWord(b.Name, "state") {
				return b
			}
		}
	}
	for _, h := range houses {
		for _, l := range d.listed {
			if l.b.Country == country && l.house == h {
				return l.b
			}
		}
	}
	return nil
}

// unifyPeople gives a person the country and memberships the document states in any
// entry, in every entry.
//
// A country and seat guessed for a legislator whom an entry names without them (from
// the entry's other legislature or the document's country) yield to what another entry
// states: "MP X asked about the cost" at a hearing of the Italian Senate is not an
// Italian deputy when another entry says "MP X, member of the Bundestag".
func unifyPeople(recs []Record, guessed map[*Person]bool) {
	country := map[string]string{}
	member := map[string][]string{}
	stated := map[string]bool{}
	for pass := range 2 { // stated facts first, then guesses for the names without any
		for ri := range recs {
			for pi := range recs[ri].People {
				p := &recs[ri].People[pi]
				if guessed[p] != (pass == 1) || pass == 1 && stated[p.Name] {
					continue
				}
				if country[p.Name] == "" {
					country[p.Name] = p.Country
				}
				for _, m := range p.MemberOf {
					member[p.Name] = appendNew(member[p.Name], m)
				}
				if pass == 0 && (p.Country != "" || len(p.MemberOf) > 0) {
					stated[p.Name] = true
				}
			}
		}
	}
	for ri := range recs {
		for pi := range recs[ri].People {
			p := &recs[ri].People[pi]
			if guessed[p] && stated[p.Name] {
				p.Country, p.MemberOf = country[p.Name], slices.Clone(member[p.Name])
				continue
			}
			if p.Country == "" {
				p.Country = country[p.Name]
			}
			if len(p.MemberOf) == 0 {
				p.MemberOf = slices.Clone(member[p.Name])
			}
		}
	}
}

// sentenceStart is the offset where the sentence holding offset at begins: after a
// full stop that follows a lower-case word ("D.C." and "U.S." end no sentence).
func sentenceStart(text string, at int) int {
	for i := at - 2; i > 0; i-- {
		if text[i] != '.' || text[i+1] != ' ' || !lowerBefore(text, i) {
			continue
		}
		w := i
		for w > 0 && text[w-1] != ' ' {
			w--
		}
		if titleAbbreviations.has(lowerWord(text[w:i])) {
			continue // "Mr. Nazir", "Dr. Doyle": an abbreviated title
		}
		return i + 2
	}
	return 0
}

// internationalWords open the names of international bodies, which belong to no
// country: "United Nations Human Rights Council", "European Parliament".
var internationalWords = set("united nations", "un", "international", "world", "global", "european", "eu",
	"inter-parliamentary", "interparliamentary", "arab", "african", "asian", "nato", "osce", "unhrc", "pan-african",
	"commonwealth", "transatlantic", "nordic", "baltic", "americas", "inter-american")

// international reports whether a body's name marks it as international.
func (r *roleReader) international(name string) bool {
	v, ok := r.intl[name]
	if !ok {
		v = isInternational(name)
		r.intl[name] = v
	}
	return v
}

func isInternational(name string) bool {
	name = strings.ReplaceAll(name, ".", "")
	ws := strings.Fields(lowerWord(name))
	if len(ws) == 0 {
		return false
	}
	if internationalWords.has(ws[0]) || len(ws) > 1 && internationalWords.has(ws[0]+" "+ws[1]) {
		return true
	}
	return strings.Contains(name, " of Europe") || strings.HasPrefix(name, "Council of Europe")
}

// stateOffices are the words of a state's offices: a minister or a senator serves the
// country the document is about unless a role says otherwise.
var stateOffices = set("minister", "prime", "premier", "senator", "mp", "td", "governor", "speaker",
	"chancellor", "attorney", "commissioner", "congressman", "congresswoman", "representative",
	"ambassador", "mayor", "councillor", "councilor", "lawmaker", "parliamentarian")

func holdsStateOffice(roles []string) bool {
	for _, r := range roles {
		if hasWordIn(r, stateOffices) {
			return true
		}
	}
	return false
}

// notHereVerbs before "in" place something elsewhere than the event: "a company based
// in Montreal", "born in Tabriz".
var notHereVerbs = set("based", "headquartered", "born", "lives", "living", "resident", "registered", "raised", "imprisoned", "detained")

// residents before "of" name the people of a place, who may act there.
var residents = set("residents", "inhabitants", "citizens", "people", "streets", "townspeople", "villagers")

// movementWords before "to" make it a destination: "travelled to Brussels", "led a
// delegation ... to Nairobi".
var movementWords = set("travelled", "traveled", "went", "came", "flew", "returned", "trip", "visit", "visits",
	"visited", "journey", "mission", "delegation", "moved", "sailed", "drove", "marched", "walked", "tour", "toured", "arrived")

// movedBefore reports whether a movement word stands among the words before at in
// its clause ("led a delegation of the Joint Committee on Foreign Affairs to Nairobi").
func movedBefore(text string, at int) bool {
	var buf [16]string
	for _, w := range appendWordsBefore(buf[:0], text, at, 16) {
		if movementWords.has(lowerWord(w)) {
			return true
		}
	}
	return false
}

// titleAbbreviations end with a full stop that ends no sentence.
var titleAbbreviations = set("mr", "mrs", "ms", "dr", "st", "prof", "rt", "hon", "jr", "sr", "gen", "sen", "rep",
	"gov", "lt", "col", "capt", "sgt", "messrs", "mt", "no", "vs", "cllr", "rev", "fr", "amb", "pres")

// firstMention is the offset of the first mention of a body in text, len(text) if none.
func firstMention(text string, b *Body) int {
	first := len(text)
	for f := range bodyForms(b) {
		if m := firstMentionOf(text, f); m >= 0 && m < first {
			first = m
		}
	}
	return first
}

// officeNouns name an office held in a body: "NDP leader Jagmeet Singh", "the DPC's
// deputy commissioner, Mr. Conor Walsh".
var officeNouns = set("leader", "chair", "chairman", "chairwoman", "chairperson", "president", "vice-president",
	"president-elect", "secretary", "director", "head", "spokesman", "spokeswoman", "spokesperson", "member",
	"commissioner", "chief", "founder", "co-founder", "coordinator", "mp", "mep", "senator", "deputy", "minister",
	"officer", "executive", "official", "lawmaker", "candidate", "adviser", "advisor", "envoy", "editor",
	"correspondent", "professor", "researcher", "lecturer", "fellow", "treasurer", "manager", "ceo", "governor",
	"mayor", "councillor", "representative", "general", "rapporteur", "vice-chair", "co-chair", "delegate")

// bodiesBeside are the bodies of rec that the words around a person's mentions make
// the person hold an office in: "<body> leader <person>", "<body>'s deputy
// commissioner, <person>", "its chairperson, <person>", "<person> of the <body>";
// then the parties of the document and the bodies the sentence has the person join
// (partyBefore, usPartyAfter, bodiesJoined), read at the same mentions.
func (r *roleReader) bodiesBeside(rec *Record, p *Person, d *docBodies) []string {
	var out, joined []string
	text := rec.Text
	for f := range namesOf(p.Name, p.Aliases) {
		for at := range mentions(text, f) {
			joined = appendNew(joined, r.partyBefore(text, at, d))
			joined = appendNew(joined, r.usPartyAfter(text[at+len(f):], d))
			for _, b := range r.bodiesJoined(rec, p, at+len(f)) {
				joined = appendNew(joined, b)
			}
			joined = appendNew(joined, r.bodyFounded(rec, at+len(f)))
			if b := r.officeBefore(rec, at); b >= 0 {
				out = appendNew(out, rec.Bodies[b].Name)
			}
			if b := r.officeOfBefore(rec, at); b >= 0 {
				out = appendNew(out, rec.Bodies[b].Name)
			}
			if b := r.officeAfter(rec, text[at+len(f):], at); b >= 0 {
				out = appendNew(out, rec.Bodies[b].Name)
			}
			rest := strings.TrimPrefix(text[at+len(f):], ",")
			for _, of := range []string{" of the ", " of "} {
				if !strings.HasPrefix(rest, of) {
					continue
				}
				after := rest[len(of):]
				for j := range rec.Bodies {
					for bf := range bodyForms(&rec.Bodies[j]) {
						if strings.HasPrefix(after, bf) && wordBoundaryAfter(after, len(bf)) {
							out = appendNew(out, rec.Bodies[j].Name)
						}
					}
				}
			}
		}
	}
	for _, b := range joined {
		out = appendNew(out, b)
	}
	return out
}

// officeBefore finds the body whose office is named right before a person's mention
// at offset at, or -1: "New Democratic Party (NDP) leader", "the DPC's deputy
// commissioner, Mr.", "Its chairperson, Ms.".
func (r *roleReader) officeBefore(rec *Record, at int) int {
	// Most mentions have no office right before: tell from the last words, before
	// looking for the sentence's start (which begins a word, after ". ": a clause
	// shorter than the text read here has only honorifics and no office).
	if !officeNounLast(rec.Text[:at]) {
		return -1
	}
	var wbuf [64]string // the words from the sentence's start: most sentences fit, on the stack
	ws := appendFields(wbuf[:0], rec.Text[sentenceStart(rec.Text, at):at])
	// drop honorifics and the comma of an apposition: "..., Mr. "
	for len(ws) > 0 && titleAbbreviations.has(lowerWord(strings.TrimSuffix(ws[len(ws)-1], "."))) {
		ws = ws[:len(ws)-1]
	}
	if n := len(ws); n > 0 && strings.HasSuffix(ws[n-1], ",") {
		ws[n-1] = strings.TrimSuffix(ws[n-1], ",")
	}
	n := len(ws)
	if n == 0 || !officeNouns.has(lowerWord(ws[n-1])) {
		return -1
	}
	k := n - 1 // the office: up to three lower-case words ending in an office noun
	for k > 0 && n-k < 3 && !startsUpper(ws[k-1]) && !prepositions.has(ws[k-1]) && !strings.ContainsAny(ws[k-1], "'’(),") && !possessivePronouns.has(lowerWord(ws[k-1])) {
		k--
	}
	if k == 0 {
		return -1
	}
	owner := ws[k-1]
	if lw := lowerWord(trimPossessive(owner)); lw == "its" || lw == "their" {
		return r.bodyBefore(rec, strings.LastIndex(rec.Text[:at], owner), -1)
	}
	if strings.HasSuffix(owner, ",") && orgOffices.has(lowerWord(ws[n-1])) {
		// "The shipping company X warned …, chief executive Y told analysts": an
		// office without an owner, after a clause whose subject is a body, is that
		// body's
		return r.openingBody(rec, at)
	}
	head := strings.Join(ws[:k], " ")
	head = strings.TrimSuffix(strings.TrimSuffix(head, "'s"), "’s")
	if strings.HasSuffix(head, ")") {
		if o := strings.LastIndexByte(head, '('); o > 0 {
			head = strings.TrimRight(head[:o], " ")
		}
	}
	for j := range rec.Bodies {
		for bf := range bodyForms(&rec.Bodies[j]) {
			if strings.HasSuffix(head, bf) && wordBoundaryBefore(head, len(head)-len(bf)) {
				return j
			}
		}
	}
	return -1
}

// orgOffices are the offices an organisation has (not a country's: "president",
// "minister" and legislators' titles are left out).
var orgOffices = set("chief", "executive", "ceo", "governor", "spokesman", "spokeswoman", "spokesperson",
	"chairman", "chairwoman", "chairperson", "chair", "director", "officer", "manager", "treasurer")

// openingBody is the body that opens the sentence of offset at, or -1: the first
// body mentioned in that sentence, when no more than five words (the date, an
// article, descriptors: "The Danish shipping company X") come before it.
func (r *roleReader) openingBody(rec *Record, at int) int {
	start := sentenceStart(rec.Text, at)
	if start == 0 && rec.Date != nil {
		if d := strings.Index(rec.Text, rec.Date.Text); d >= 0 && d+len(rec.Date.Text) < at {
			start = d + len(rec.Date.Text) // "March 5 – The shipping company X"
		}
	}
	best, bestAt := -1, at
	for j := range rec.Bodies {
		for f := range bodyForms(&rec.Bodies[j]) {
			if m := strings.Index(rec.Text[start:at], f); m >= 0 && start+m < bestAt {
				best, bestAt = j, start+m
			}
		}
	}
	if best < 0 {
		return -1
	}
	var buf [5]string
	if _, ok := fieldsAtMost(buf[:0], rec.Text[start:bestAt], 5); !ok {
		return -1
	}
	return best
}

// officeOfBefore finds the body of an office set before a person's name with its
// complement, or -1: "the head of the European Commission, Ursula X".
func (r *roleReader) officeOfBefore(rec *Record, at int) int {
	before, ok := strings.CutSuffix(strings.TrimRight(rec.Text[:at], " "), ",")
	if !ok {
		return -1
	}
	for j := range rec.Bodies {
		for bf := range bodyForms(&rec.Bodies[j]) {
			head, ok := strings.CutSuffix(before, bf)
			if !ok {
				continue
			}
			head = strings.TrimSuffix(head, "the ")
			head, ok = strings.CutSuffix(head, " of ")
			if !ok {
				continue
			}
			if w, _ := lastField(head); officeNouns.has(lowerWord(w)) || nameTitles[lowerWord(w)] {
				return j
			}
		}
	}
	return -1
}

// officeAfter finds the body whose office follows a person's name in an apposition,
// or -1: "Ana X, the bank's executive chair," is the chair of the bank named before.
func (r *roleReader) officeAfter(rec *Record, rest string, at int) int {
	rest, ok := strings.CutPrefix(rest, ", the ")
	if !ok {
		return -1
	}
	var buf [4]string // the owner and up to three words of the office
	ws := buf[:0]
	for w := range strings.FieldsSeq(rest) {
		if ws = append(ws, w); len(ws) == len(buf) {
			break
		}
	}
	if len(ws) < 2 || !strings.HasSuffix(ws[0], "'s") && !strings.HasSuffix(ws[0], "’s") {
		return -1
	}
	if !classNouns.has(lowerWord(trimPossessive(ws[0]))) {
		return -1
	}
	for _, w := range ws[1:] {
		if startsUpper(w) {
			return -1
		}
		if officeNouns.has(lowerWord(strings.TrimRight(w, ",.;"))) {
			return r.bodyBefore(rec, at, -1)
		}
	}
	return -1
}

// officeNounLast reports whether the last word of clause, honorifics and the comma
// of an apposition aside, is an office noun: the first test of officeBefore, read
// from the end of the clause without splitting it.
func officeNounLast(clause string) bool {
	for {
		w, rest := lastField(clause)
		if w == "" {
			return false
		}
		if titleAbbreviations.has(lowerWord(strings.TrimSuffix(w, "."))) {
			clause = rest
			continue
		}
		return officeNouns.has(lowerWord(strings.TrimSuffix(w, ",")))
	}
}

// lastField returns the last of the words strings.Fields finds in s and the text
// before it; "" when s has none.
func lastField(s string) (field, before string) {
	end := len(s)
	for end > 0 {
		c, size := utf8.DecodeLastRuneInString(s[:end])
		if !unicode.IsSpace(c) {
			break
		}
		end -= size
	}
	start := end
	for start > 0 {
		c, size := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsSpace(c) {
			break
		}
		start -= size
	}
	return s[start:end], s[:start]
}

// inheritCountries gives a body without a country its parent's, by the parent's name
// anywhere in the document.
func inheritCountries(recs []Record) {
	country := map[string]string{}
	for _, rec := range recs {
		for _, b := range rec.Bodies {
			if b.Country != "" && country[b.Name] == "" {
				country[b.Name] = b.Country
			}
		}
	}
	for range 2 {
		for ri := range recs {
			for bi := range recs[ri].Bodies {
				b := &recs[ri].Bodies[bi]
				if b.Country == "" && b.PartOf != "" {
					b.Country = country[b.PartOf]
					if b.Country != "" {
						country[b.Name] = b.Country
					}
				}
			}
		}
	}
}

// linkChamberRecords makes a chamber without a parent part of the one national
// parliament of its country that the document names, once the state institutions have
// their countries.
func (r *roleReader) linkChamberRecords(recs []Record) {
	parents := map[string][]string{} // country → national parliaments
	seen := map[string]bool{}
	for _, rec := range recs {
		for _, b := range rec.Bodies {
			if !seen[b.Name] && b.Legislative && b.Country != "" && r.nameFacts(b.Name).parliament && !r.regional(b.Name) {
				parents[b.Country] = append(parents[b.Country], b.Name)
			}
			seen[b.Name] = true
		}
	}
	named := map[string]bool{} // a listed parent → whether the document names it
	for ri := range recs {
		for bi := range recs[ri].Bodies {
			b := &recs[ri].Bodies[bi]
			if b.PartOf != "" || b.Country == "" {
				continue
			}
			// A chamber known by a name of its own belongs to the parliament the list
			// names for it ("Dáil Éireann" to the "Oireachtas"), when the document
			// names that parliament too, be it only in a committee's name.
			if c, ok := r.chamber(b.Name); ok && c.Parent != "" && c.Has(b.Country) {
				said, seen := named[c.Parent]
				if !seen {
					said = slices.ContainsFunc(recs, func(rec Record) bool { return firstMentionOf(rec.Text, c.Parent) >= 0 })
					named[c.Parent] = said
				}
				if said {
					b.PartOf = c.Parent
					continue
				}
			}
			if r.isChamber(b) && !r.regional(b.Name) && len(parents[b.Country]) == 1 {
				b.PartOf = parents[b.Country][0]
			}
		}
	}
}

// objectVerbs make the person after them a target, not a participant: "Trudeau
// expelled the two MPs, A and B", "the PMO had pressed A to intervene".
var objectVerbs = set("expelled", "pressed", "denounced", "condemned", "criticized", "criticised", "accused",
	"sanctioned", "arrested", "detained", "executed", "killed", "murdered", "sentenced", "mourned", "commemorated",
	"honored", "honoured", "remembered", "protested", "opposed", "targeted", "impeached", "dismissed", "fired",
	"sacked", "ousted", "banned", "attacked", "threatened", "summoned", "investigated", "charged", "convicted",
	"mocked", "insulted", "boycotted", "removed", "suspended", "deported", "expel", "against")

// hearsayVerbs before "that <person> had" report what the person did elsewhere.
var hearsayVerbs = set("reported", "said", "found", "ruled", "concluded", "alleged", "claimed", "revealed", "stated", "wrote")

// absentAfter: "<person> did not attend".
var absentAfter = []string{" did not attend", " was absent", " declined to attend", " did not take part", " stayed away"}

// statesAbsence reports whether text holds a phrase of absentAfter.
func statesAbsence(text string) bool {
	for _, a := range absentAfter {
		if strings.Contains(text, a) {
			return true
		}
	}
	return false
}

// passiveTarget: the words after a mention make the person the object of an act
// against them, in the passive voice: "X was barred from holding office", "Y were
// arrested".
func passiveTarget(rest string) bool {
	for _, aux := range []string{" was ", " were ", " has been ", " had been "} {
		if v, ok := strings.CutPrefix(rest, aux); ok {
			w, _, _ := strings.Cut(v, " ")
			w = lowerWord(strings.Trim(w, ",.;"))
			return objectVerbs.has(w) || passiveVerbs.has(w)
		}
	}
	return false
}

// passiveVerbs, besides objectVerbs, are acts done to a person that a passive names.
var passiveVerbs = set("barred", "jailed", "imprisoned", "indicted", "disqualified", "kidnapped", "abducted",
	"assassinated", "wounded", "injured", "poisoned", "tortured", "prosecuted", "exiled", "extradited")

// refineParticipants marks as not taking part the people an entry names only as the
// object of an act against them, as the subject of a report about another time, or
// as absent.
func (r *roleReader) refineParticipants(rec *Record) {
	checked := false
	for i := range rec.People {
		p := &rec.People[i]
		if !p.Participant {
			continue
		}
		if !checked {
			// without an object or hearsay verb no mention is a target; without
			// an absence phrase none is absent
			const verbs = wObjectVerbs | wHearsayVerbs
			if rec.lacks&verbs == verbs && !statesAbsence(rec.Text) {
				return
			}
			checked = true
		}
		target, other := true, false
		seen := false
		for f := range namesOf(p.Name, p.Aliases) {
			for at := range mentions(rec.Text, f) {
				seen = true
				if !r.targetAt(rec.Text, at, f) {
					target = false
				}
				for _, a := range absentAfter {
					if strings.HasPrefix(rec.Text[at+len(f):], a) {
						other = true
					}
				}
				if passiveTarget(rec.Text[at+len(f):]) {
					other = true
				}
			}
		}
		if seen && (target || other) {
			p.Participant = false
		}
	}
}

// targetAt reports whether the mention text[at:] of name f is the object of an act
// against the person or the subject of a report ("reported that X had").
func (r *roleReader) targetAt(text string, at int, f string) bool {
	// The words of the clause from its end: most mentions are decided by the last few.
	clause := text[sentenceStart(text, at):at]
	// step back over titles, other names of the list, commas, "and", and the list's
	// group ("the two MPs,")
	var w string
	for {
		var before string
		w, before = lastField(clause)
		if w == "" {
			return false
		}
		lw := lowerWord(strings.Trim(w, ",;:"))
		switch {
		case titleAbbreviations.has(strings.TrimSuffix(lw, ".")) || lw == "and" || lw == "" || lw == "the" || lw == "two" ||
			lw == "three" || lw == "both" || groupNouns.has(lw) || startsUpper(w) && !strings.HasSuffix(w, ".") && !objectVerbs.has(lw):
			clause = before
			continue
		}
		clause = before
		break
	}
	lw := lowerWord(w)
	if objectVerbs.has(lw) {
		return true
	}
	if prev, _ := lastField(clause); lw == "that" && prev != "" && hearsayVerbs.has(lowerWord(prev)) {
		rest := strings.TrimSpace(text[at+len(f):])
		return strings.HasPrefix(rest, "had ") || strings.HasPrefix(rest, "was ") || strings.HasPrefix(rest, "has ")
	}
	// (a "had" before the mention is no object verb itself: "had" is in no list)
	return false
}

// legislativeCountries counts the legislative bodies of rec with a country.
func legislativeCountries(rec *Record) int {
	n := 0
	for _, b := range rec.Bodies {
		if b.Legislative && b.Country != "" {
			n++
		}
	}
	return n
}
