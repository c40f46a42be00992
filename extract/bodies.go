package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bodyEntity is one organisation of the document, with every name it goes by.
type bodyEntity struct {
	name        string
	aliases     []string
	legislative bool
	native      bool        // the name is a legislature's own name ("Senedd")
	merged      *bodyEntity // set when an apposition showed two names are one body
	sorted      []string    // aliases as output, computed once all entries are read
}

func (b *bodyEntity) find() *bodyEntity {
	for b.merged != nil {
		b = b.merged
	}
	return b
}

// bodyMention is one occurrence of a body in an entry: tokens i..j.
type bodyMention struct {
	ent  *bodyEntity
	i, j int
	qual string // the region that qualifies a legislature ("Connecticut"), if any
	// headless: named without its head word ("Friends of X" for "Friends of X
	// Intergroup"), which does not say the body is made of legislators
	headless bool
}

// functionStops are function words and sentence openers: never part of a name.
var functionStops = set("the", "a", "an", "in", "on", "at", "of", "for", "to", "by", "from",
	"with", "and", "or", "but", "as", "after", "before", "during", "following", "despite",
	"since", "while", "when", "this", "that", "these", "those", "their", "they", "he", "she",
	"it", "we", "our", "his", "her", "its", "there", "here", "several", "many", "some", "all",
	"both", "each", "every", "over", "under", "about", "across", "through", "between",
	"among", "amid", "amidst", "against", "into", "coinciding", "honoring", "honouring",
	"commemorating", "celebrating", "marking", "thousands", "hundreds", "dozens",
	"additionally", "moreover", "furthermore", "however", "meanwhile", "simultaneously",
	"also", "including", "such", "like", "where", "which", "who", "whose", "welcoming",
	"according", "within", "inside", "outside", "throughout", "near", "notable")

// leftStops end the leftward growth of an organisation name: function words, and
// nouns for people or parts of a body ("Members of the Bundestag").
var leftStops = set("the", "a", "an", "in", "on", "at", "of", "for", "to", "by", "from",
	"with", "and", "or", "but", "as", "after", "before", "during", "following", "despite",
	"since", "while", "when", "this", "that", "these", "those", "their", "they", "he", "she",
	"it", "we", "our", "his", "her", "its", "there", "here", "several", "many", "some", "all",
	"both", "each", "every", "over", "under", "about", "across", "through", "between",
	"among", "amid", "amidst", "against", "into", "coinciding", "honoring", "honouring",
	"commemorating", "celebrating", "marking", "thousands", "hundreds", "dozens", "members",
	"member", "supporters", "notable", "distinguished", "additionally", "moreover",
	"furthermore", "however", "meanwhile", "simultaneously", "similar", "similarly",
	"parallel", "also", "majority", "minority", "head", "chair", "chairman", "chairwoman",
	"president", "president-elect", "speaker", "leader", "leaders", "delegation",
	"representatives", "representative", "deputies", "senators", "website", "statement",
	"session", "meeting", "building", "including", "included", "such", "like", "other",
	"either", "neither", "welcoming", "dubbed", "titled", "called", "named", "joined", "led",
	"convened", "according", "under", "within", "inside", "outside", "throughout", "near",
	"then", "now", "today", "yesterday", "tomorrow", "last", "next", "dear", "mr.", "mrs.",
	"ms.", "dr.", "prof.", "senator", "minister", "secretary", "ambassador",
	"former", "spokesman", "spokesperson", "director", "vice", "professor", "mp", "mep",
	"congressman", "congresswoman", "rep.", "sen.", "lord", "baroness", "sir", "hon.", "rt.",
	"friday", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "meps",
	"mps", "honored", "welcomed", "hosted", "organized", "attended", "addressed", "where",
	"which", "who", "whose", "what", "how", "why", "if", "because", "although", "though",
	"volunteers", "residents", "staff", "students", "workers", "employees", "officials",
	"delegates", "citizens", "friends-of", "activists", "leadership", "chairperson",
	"once", "until", "upon", "via", "per", "towards", "toward", "beyond", "behind", "amongst")

// chamberWords stand before a legislative head as part of the chamber's own name
// ("National Assembly", "General Assembly", "State Senate").
var chamberWords = set("national", "general", "legislative", "federal", "grand", "state",
	"consultative", "constituent", "provincial", "regional", "parliamentary", "upper", "lower",
	"supreme", "people's", "popular", "islamic")

// legislativeMarkers inside a committee's or caucus's name make it legislative.
var legislativeMarkers = set("parliamentary", "congressional", "senate", "parliament",
	"legislative", "house", "congress", "assembly", "bundestag", "landtag", "knesset",
	"senedd", "seanad", "all-party", "cross-party", "bipartisan", "intergroup", "joint",
	"select", "standing", "oireachtas", "dáil", "storting", "riksdag", "folketing", "sejm",
	"duma", "majlis", "bundesrat", "bürgerschaft", "legislature", "legislative")

// committeeHeads are legislative when their name says so or the entry is about a legislature.
var committeeHeads = set("committee", "subcommittee", "caucus", "group", "delegation", "intergroup")

// collectDefinitions reads acronym and alias definitions of one entry into the document
// index and marks the defining spans as body mentions.
func (d *docIndex) collectDefinitions(e *entryScan) {
	toks := e.toks
	for i := 1; i < len(toks); i++ {
		if toks[i].str(e) != "(" {
			continue
		}
		close := -1
		for k := i + 1; k < len(toks) && k <= i+8; k++ {
			if toks[k].str(e) == ")" {
				close = k
				break
			}
		}
		if close < 0 || close == i+1 {
			continue
		}
		acros, ok := parenAcronyms(e, toks[i+1:close])
		li, lj, long := d.longForm(e, i-1)
		if long == "" {
			continue
		}
		if ok {
			if _, isCountry := d.country(long); isCountry {
				continue
			}
			if _, hasHead := d.headIn(e, li, lj); !hasHead && li > 0 && (toks[li-1].low(e) == "and" || toks[li-1].str(e) == ",") {
				continue // the tail of a longer name: "Committee on X, Y and Home Affairs (LIBE)"
			}
			if k := trimByInitials(e, li, lj, acros); k > li {
				li = k
				long = span(e.text, toks, li, lj)
			}
			name, leg, native := long, false, false
			if h, ok := d.headIn(e, li, lj); ok {
				name, leg, native = d.canonicalBody(e, li, lj, h)
			}
			var ent *bodyEntity
			for _, a := range acros {
				if prev, ok := d.acronyms[a]; ok {
					ent = prev.find() // a second long form of a known acronym is an alias
					break
				}
			}
			if ent == nil {
				ent = d.bodyFor(name, leg)
			} else if _, taken := d.bodyByKey[foldKey(name)]; !taken {
				d.indexName(name, ent)
				ent.aliases = addAlias(ent.aliases, ent.name, name)
			}
			ent.native = ent.native || native
			ent.legislative = ent.legislative || leg
			ent.aliases = addAlias(ent.aliases, ent.name, long)
			d.setBodyKey(foldKey(long), ent)
			for _, a := range acros {
				d.acronyms[a] = ent
				ent.aliases = addAlias(ent.aliases, ent.name, a)
				d.setBodyKey(foldKey(a), ent)
			}
			if len(acros) > 1 {
				joined := span(e.text, toks, i+1, close-1)
				ent.aliases = addAlias(ent.aliases, ent.name, joined)
				d.acronyms[joined] = ent
			}
			e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: li, j: close})
			e.claim(li, close, claimBody)
			continue
		}
		// "Irish Senate (Seanad Éireann)": a second name of a body in parentheses
		inner := span(e.text, toks, i+1, close-1)
		if !allCapWords(toks[i+1:close]) || isPluralAcronym(inner) || toks[li].is(wLeftStops) {
			continue // "Members of the European Parliament (MEPs)" names people
		}
		hl, hasHeadL := d.headIn(e, li, lj)
		hr, hasHeadR := d.headIn(e, i+1, close-1)
		if !hasHeadL && !hasHeadR {
			continue
		}
		name, leg, native := d.canonicalBody(e, li, lj, hl)
		if hasHeadR {
			n2, l2, nat2 := d.canonicalBody(e, i+1, close-1, hr)
			if nat2 && !native {
				name, native = n2, true
			}
			leg = leg || l2
		} else if !hasHeadL {
			continue
		}
		ent := d.bodyFor(name, leg)
		ent.native = ent.native || native
		ent.aliases = addAlias(ent.aliases, ent.name, long)
		ent.aliases = addAlias(ent.aliases, ent.name, inner)
		d.setBodyKey(foldKey(long), ent)
		d.setBodyKey(foldKey(inner), ent)
		e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: li, j: close})
		e.claim(li, close, claimBody)
	}
}

// parenAcronyms reads "(NCFR)", "(RLF/RPL)", "(NCFR-US)"; not "(MEPs)" or "(D-TX)".
func parenAcronyms(e *entryScan, in []token) ([]string, bool) {
	var out []string
	for k, t := range in {
		if k%2 == 1 {
			if t.str(e) != "/" {
				return nil, false
			}
			continue
		}
		if !t.isWord() || !t.isAcro() && !mixedAcronym(t.str(e)) || isPluralAcronym(t.str(e)) || isPartyMarker(t.str(e)) || utf8.RuneCountInString(t.str(e)) > 12 {
			return nil, false
		}
		out = append(out, t.str(e))
	}
	return out, len(out) > 0 && len(in)%2 == 1
}

// mixedAcronym: an acronym in parentheses with one lower-case letter ("SwRI", "DfID"):
// three capitals or more, the first one first.
func mixedAcronym(s string) bool {
	upper, lower := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		default:
			return false
		}
	}
	return len(s) > 0 && s[0] >= 'A' && s[0] <= 'Z' && upper >= 3 && lower == 1
}

// isPartyMarker: "D-TX", "R-SC", "I-VT", "D-N.Y.".
func isPartyMarker(s string) bool {
	return len(s) >= 4 && len(s) <= 8 && strings.IndexByte("DRI", s[0]) >= 0 && s[1] == '-' && unicode.IsUpper(rune(s[2]))
}

func allCapWords(ts []token) bool {
	for _, t := range ts {
		if !t.isWord() {
			return false
		}
		if !t.isCap() && !t.is(wConnectors) {
			return false
		}
	}
	return len(ts) > 0
}

// longForm finds the name that ends at token end: a quoted title or a run of
// capitalized words with connectors. It returns the token range and its text.
func (d *docIndex) longForm(e *entryScan, end int) (int, int, string) {
	toks := e.toks
	if end < 0 {
		return 0, 0, ""
	}
	if s := toks[end].str(e); s == "”" || s == "\"" {
		for k := end - 1; k >= 0 && k >= end-25; k-- {
			if s := toks[k].str(e); s == "“" || s == "\"" {
				if k+1 <= end-1 {
					return k + 1, end - 1, span(e.text, toks, k+1, end-1)
				}
				break
			}
		}
		return 0, 0, ""
	}
	start := -1
	for k := end; k >= 0; k-- {
		t := toks[k]
		if e.toks[k].claim() != 0 {
			break
		}
		if t.isWord() && (t.isCap() || t.isAcro() || isOrdinal(t.low(e))) && !(t.is(wFunctionStops) && t.low(e) != "the") {
			start = k
			continue
		}
		if t.isWord() && t.is(wConnectors) && k > 0 && toks[k-1].isWord() && (t.low(e) != "and" || toks[k-1].isCap() && k > 1 && toks[k-2].isCap()) {
			continue
		}
		break
	}
	if start < 0 {
		return 0, 0, ""
	}
	for start <= end && (toks[start].is(wConnectors) || toks[start].is(wFunctionStops)) {
		start++
	}
	if start > end {
		return 0, 0, ""
	}
	return start, end, span(e.text, toks, start, end)
}

// trimByInitials drops leading words of a long form when the acronym spells the
// initials of a shorter tail ("In 2023 the National Council … (NCFR)").
func trimByInitials(e *entryScan, i, j int, acros []string) int {
	toks := e.toks
	for _, a := range acros {
		letters := strings.Map(func(r rune) rune {
			if unicode.IsUpper(r) {
				return r
			}
			return -1
		}, a)
		n := utf8.RuneCountInString(letters)
		var caps []int
		for k := i; k <= j; k++ {
			if toks[k].isCap() {
				caps = append(caps, k)
			}
		}
		if n == 0 || len(caps) < n {
			continue
		}
		tail := caps[len(caps)-n:]
		ok := true
		for m, k := range tail {
			if unicode.ToUpper(firstRune(toks[k].str(e))) != rune(letters[m]) {
				ok = false
				break
			}
		}
		if ok {
			return tail[0]
		}
	}
	return i
}

func isOrdinal(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	return strings.HasSuffix(s, "th") || strings.HasSuffix(s, "st") || strings.HasSuffix(s, "nd") || strings.HasSuffix(s, "rd")
}

// setBodyKey indexes a key of a body.
func (d *docIndex) setBodyKey(k string, b *bodyEntity) {
	d.bodyByKey[k] = b
	k = strings.TrimLeft(k, "~<-")
	if p := strings.IndexByte(k, ' '); p > 0 {
		k = k[:p]
	}
	d.bodyFirst[k] = true
}

// bodyFor returns the entity known by name, creating it.
func (d *docIndex) bodyFor(name string, legislative bool) *bodyEntity {
	k := d.fold(name)
	if b, ok := d.bodyByKey[k]; ok {
		b = b.find()
		b.legislative = b.legislative || legislative
		return b
	}
	b := &bodyEntity{name: name, legislative: legislative}
	d.bodies = append(d.bodies, b)
	d.indexName(name, b)
	return b
}

// indexName makes a body findable by a name, its transliteration skeleton, the name
// without its complement and the name without its head word.
func (d *docIndex) indexName(name string, b *bodyEntity) {
	k := foldKey(name)
	d.setBodyKey(k, b)
	if sk := skeleton(k); sk != "" {
		if _, taken := d.bodyByKey["~"+sk]; !taken {
			d.setBodyKey("~"+sk, b)
		}
	}
	// "Friends of a Free Iran Intergroup" is also "Friends of a Free Iran"
	if p := strings.LastIndexByte(k, ' '); p > 0 && bodyHeads.has(k[p+1:]) && strings.Count(k[:p], " ") >= 2 {
		if _, taken := d.bodyByKey["-"+k[:p]]; !taken {
			d.setBodyKey("-"+k[:p], b)
		}
	}
	// "People's Liberation Front of Ruritania" is also known as "People's Liberation Front"
	if p := strings.Index(k, " of "); p > 0 && strings.Count(k[:p], " ") >= 1 {
		if _, taken := d.bodyByKey[k[:p]]; !taken {
			d.setBodyKey("<"+k[:p], b)
		}
	}
}

// hasFirstSkeleton looks up the skeleton of a first word without allocating.
func (d *docIndex) hasFirstSkeleton(w string) bool {
	var buf [48]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i > 0 && (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') {
			continue
		}
		if n == len(buf) {
			return d.bodyFirst[skeletonWord(w)]
		}
		buf[n] = c
		n++
	}
	return d.bodyFirst[string(buf[:n])]
}

// skeletonWord is the skeleton of one folded word.
func skeletonWord(w string) string {
	var b strings.Builder
	for i, r := range w {
		if i > 0 && strings.ContainsRune("aeiouy", r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// skeleton is a folded name without vowels after each word's first letter, so that
// transliterations match ("Fedayan" ~ "Fadayin"). Only names of three words or more.
func skeleton(k string) string {
	if strings.Count(k, " ") < 2 {
		return ""
	}
	var b strings.Builder
	first := true
	for _, r := range k {
		if r == ' ' {
			first = true
			b.WriteRune(r)
			continue
		}
		if !first && strings.ContainsRune("aeiouy", r) {
			continue
		}
		first = false
		b.WriteRune(r)
	}
	return b.String()
}

// headIn finds the head word of a body name inside tokens i..j (the last one).
func (d *docIndex) headIn(e *entryScan, i, j int) (int, bool) {
	toks := e.toks
	for k := j; k >= i; k-- {
		if toks[k].isWord() && toks[k].is(wBodyHeads) && (toks[k].isCap() || k > i) {
			return k, true
		}
		if toks[k].isWord() && toks[k].low(e) == "house" && k+2 <= j && toks[k+1].low(e) == "of" {
			return k, true
		}
	}
	return 0, false
}

// findBodies marks acronyms defined in the document.
func (d *docIndex) findBodies(e *entryScan) {
	for i, t := range e.toks {
		if !t.isWord() || !(t.isCap() || t.isNum()) || !e.free(i) {
			continue // an acronym, or one before a hyphen, starts with a capital
		}
		s := t.str(e)
		if !t.isAcro() {
			// "RLF-affiliated"
			p := strings.IndexByte(s, '-')
			if p <= 0 || !isAcronym(s[:p]) {
				continue
			}
			s = s[:p]
		}
		ent, ok := d.acronyms[s]
		if !ok {
			ent, ok = d.acronyms[strings.ReplaceAll(s, ".", "")]
		}
		if !ok {
			continue
		}
		e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: i, j: i})
		e.claim(i, i, claimBody)
	}
}

// findBodyHeads finds names built on organisation head words and grows them left over
// capitalized modifiers and right over complements ("Committee in Search of Justice").
func (d *docIndex) findBodyHeads(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isWord() {
			continue
		}
		hi, hj, ok := d.headAt(e, i)
		if !ok {
			continue
		}
		// the last head of a capitalized run names the body: "Brussels Press Club",
		// "Senate European Union Affairs Committee"
		for k := hj + 1; k < len(toks) && e.free(k) && toks[k].isWord() && toks[k].isCap() && !toks[hj].hasPoss(); k++ {
			if h2, j2, ok2 := d.headAt(e, k); ok2 {
				hi, hj, k = h2, j2, j2
			}
		}
		li := d.growLeft(e, hi)
		rj := d.growRight(e, hj, li)
		if !d.enoughForBody(e, li, hi, hj, rj) {
			i = hj
			continue
		}
		name, leg, native := d.canonicalBody(e, li, rj, hi)
		if !leg && toks[hi].is(wCommitteeHeads) && d.subjectCommittee(e, li, hi, rj) {
			leg = true
		}
		ent := d.bodyFor(name, leg)
		ent.native = ent.native || native
		ent.aliases = addAlias(ent.aliases, ent.name, bodySurface(e, li, rj))
		if rj+3 < len(toks) && toks[rj+1].str(e) == "(" && toks[rj+3].str(e) == ")" && toks[rj+2].isAcro() && !isPluralAcronym(toks[rj+2].str(e)) && e.free(rj+2) {
			// an acronym defined right after a name found here
			d.acronyms[toks[rj+2].str(e)] = ent
			ent.aliases = addAlias(ent.aliases, ent.name, toks[rj+2].str(e))
			d.setBodyKey(foldKey(toks[rj+2].str(e)), ent)
			rj += 3
		}
		e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: li, j: rj, qual: d.lastQual})
		e.claim(li, rj, claimBody)
		i = rj
	}
	d.mergeAppositions(e)
	d.qualifyInEntry(e)
}

// qualifyInEntry names unqualified chambers by the entry's other legislature: in an
// entry about "the House of Representatives of the State of Connecticut", "the state
// Senate" is the Connecticut State Senate and a bare "Senate" is that same body.
func (d *docIndex) qualifyInEntry(e *entryScan) {
	qual := ""
	for _, m := range e.bodies {
		if m.qual != "" {
			if qual != "" && qual != m.qual {
				return // two regions: nothing to infer
			}
			qual = m.qual
		}
	}
	for n := range e.bodies {
		m := &e.bodies[n]
		if m.j != m.i+1 || e.toks[m.i].low(e) != "state" || qual == "" || !e.toks[m.j].is(wLegislativeHeads) {
			continue
		}
		surface := bodySurface(e, m.i, m.j)
		ent := d.bodyFor(qual+" State "+e.toks[m.j].str(e), true)
		ent.aliases = addAlias(ent.aliases, ent.name, surface)
		m.ent = ent
	}
	for n := range e.bodies {
		m := &e.bodies[n]
		if m.i != m.j || !e.toks[m.i].is(wLegislativeHeads) {
			continue
		}
		for _, o := range e.bodies {
			oe := o.ent.find()
			if oe != m.ent.find() && strings.HasSuffix(strings.ToLower(oe.name), " "+e.toks[m.i].low(e)) {
				oe.aliases = addAlias(oe.aliases, oe.name, e.toks[m.i].str(e))
				m.ent = oe
				break
			}
		}
	}
}

// headAt reports whether a body head starts at token i; hi..hj is the head ("House of
// Commons" is three tokens).
func (d *docIndex) headAt(e *entryScan, i int) (int, int, bool) {
	t := e.toks[i]
	if !t.is(wBodyHeads | wHouseWords) {
		return 0, 0, false
	}
	if t.low(e) == "house" || t.low(e) == "houses" {
		if t.isCap() && i+2 < len(e.toks) && e.toks[i+1].low(e) == "of" && e.toks[i+2].isCap() && e.free(i+2) {
			return i, i + 2, true
		}
		return 0, 0, false
	}
	if t.low(e) == "chamber" && i+2 < len(e.toks) && e.toks[i+1].low(e) == "of" && e.toks[i+2].isCap() {
		return i, i + 2, true
	}
	if !t.is(wBodyHeads) {
		return 0, 0, false
	}
	if t.isCap() {
		if t.is(wLegislativeHeads) && i > 0 && e.free(i-1) && e.toks[i-1].low(e) == "state" && !e.toks[i-1].isCap() {
			return i - 1, i, true // "the state Senate"
		}
		return i, i, true
	}
	if t.is(wLowerHeads) && i > 0 && e.free(i-1) && e.toks[i-1].isCap() && !e.toks[i-1].is(wLeftStops) {
		return i, i, true
	}
	if t.is(wLowerHeads) && i > 0 && e.toks[i-1].low(e) == "state" && i > 1 && e.toks[i-2].low(e) == "the" {
		return i - 1, i, true
	}
	return 0, 0, false
}

// growLeft extends a head leftwards over capitalized words, ordinals and inner
// connectors; it never crosses a claimed token or a function word.
func (d *docIndex) growLeft(e *entryScan, hi int) int {
	toks := e.toks
	li := hi
	for k := hi - 1; k >= 0; k-- {
		if !e.free(k) {
			// an acronym of a defined body may qualify ("NCFR Representative Office")
			break
		}
		t := toks[k]
		if (t.str(e) == "'" || t.str(e) == "’") && k > 0 && toks[k-1].isCap() && toks[k-1].end == t.start && strings.HasSuffix(toks[k-1].str(e), "s") && e.free(k-1) {
			li = k - 1 // "Leaders' Debates Commission"
			k--
			continue
		}
		if !t.isWord() {
			break
		}
		if (t.isCap() || t.isAcro() || isOrdinal(t.low(e))) && !t.is(wLeftStops) && !t.is(wCalendarWords) && !isPluralAcronym(t.str(e)) {
			if t.isAcro() && toks[hi].is(wWeakHeads) && strings.HasSuffix(toks[hi].low(e), "s") {
				break
			}
			li = k
			continue
		}
		if (t.low(e) == "and" || t.low(e) == "&") && k > 0 && (toks[k-1].is(wBodyHeads) || toks[k-1].low(e) == "house" || d.titledSurnames[foldKey(toks[k-1].str(e))]) {
			break // "the House and Senate": two bodies; "Singh and Green Party"
		}
		if (t.low(e) == "of" || t.low(e) == "for" || t.low(e) == "and" || t.low(e) == "&" || t.low(e) == "a" || t.low(e) == "the") && k > 0 {
			// cross "of"/"for"/"and" only between capitalized words: "State of Arizona's"
			m := k - 1
			for m >= 0 && (toks[m].low(e) == "a" || toks[m].low(e) == "the" || toks[m].low(e) == "of" || toks[m].low(e) == "for") && m > k-3 {
				m--
			}
			if m >= 0 && e.free(m) && toks[m].isWord() && toks[m].isCap() && !toks[m].is(wLeftStops) && !toks[m].is(wCalendarWords) && !(t.low(e) == "of" && isTitle(e, toks[m])) && (t.low(e) != "the" && t.low(e) != "a" || li == k+1) && !(t.low(e) != "and" && titledRun(e, m)) {
				continue
			}
		}
		break
	}
	for li < hi && (toks[li].is(wConnectors) || !toks[li].isWord()) {
		li++
	}
	return li
}

// titledRun: the capitalized run ending at m follows a title, so it names a person
// ("Principal investigator Alan Stern of the Southwest Research Institute").
func titledRun(e *entryScan, m int) bool {
	toks := e.toks
	s := m
	for s > 0 && s > m-4 && toks[s-1].isWord() && toks[s-1].isCap() && !isTitle(e, toks[s-1]) {
		s--
	}
	return s > 0 && s < m && isTitle(e, toks[s-1]) && !toks[s-1].is(wBodyHeads)
}

// growRight appends complements: "of Resistance of Iran", "in Search of Justice",
// "for a Democratic Iran". It stops before another legislature ("Committee of the Italian
// Parliament" is two bodies) and before "in <place>".
func (d *docIndex) growRight(e *entryScan, hj, li int) int {
	toks := e.toks
	rj := hj
	for {
		m := rj + 1
		if m >= len(toks) || !bodyComplementPreps.has(toks[m].low(e)) || !e.free(m) {
			return rj
		}
		p := m + 1
		for p < len(toks) && (toks[p].low(e) == "the" || toks[p].low(e) == "a" || toks[p].low(e) == "an") {
			p++
		}
		q := p
		for q < len(toks) && e.free(q) && toks[q].isWord() && (toks[q].isCap() || toks[q].isNum() && q > p) && !toks[q].is(wCalendarWords) {
			if toks[q].hasPoss() && q+1 < len(toks) && toks[q+1].isCap() {
				q++
				continue
			}
			q++
			if q < len(toks) && (toks[q].low(e) == "and" || toks[q].low(e) == "of") && q+1 < len(toks) && toks[q+1].isCap() && e.free(q+1) && !d.startsLegislature(e, q+1) {
				q++
			}
		}
		q--
		if q < p {
			return rj
		}
		prep := toks[m].low(e)
		if prep == "in" || prep == "to" {
			if d.startsWithPlace(e, p, q) || d.hasLegislativeHead(e, p, q) {
				return rj
			}
		}
		if d.hasLegislativeHead(e, p, q) && !toks[rj].is(wLegislativeHeads) {
			return rj
		}
		if prep == "on" && toks[rj].is(wCommitteeHeads) {
			q = d.listOfSubjects(e, q)
		}
		if prep == "with" && !toks[rj].is(wCommitteeHeads) && toks[rj].low(e) != "solidarity" && !d.endsInHeadWord(e, li, rj) {
			return rj
		}
		rj = q
	}
}

// listOfSubjects extends a committee's subject over ", B and C": "Committee on Housing,
// Planning and Local Government".
func (d *docIndex) listOfSubjects(e *entryScan, q int) int {
	toks := e.toks
	k := q + 1
	for k+1 < len(toks) && toks[k].str(e) == "," && toks[k+1].isCap() && e.free(k+1) {
		m := k + 1
		for m+1 < len(toks) && toks[m+1].isCap() && e.free(m+1) {
			m++
		}
		if m+2 < len(toks) && toks[m+1].low(e) == "and" && toks[m+2].isCap() {
			m += 2
			for m+1 < len(toks) && toks[m+1].isCap() && e.free(m+1) {
				m++
			}
			return m
		}
		k = m + 1
	}
	if k < len(toks) && toks[k].low(e) == "and" && k > q+1 {
		return q
	}
	return q
}

func (d *docIndex) endsInHeadWord(e *entryScan, li, rj int) bool {
	for k := li; k <= rj; k++ {
		if e.toks[k].is(wCommitteeHeads) {
			return true
		}
	}
	return false
}

func (d *docIndex) startsLegislature(e *entryScan, k int) bool {
	for m := k; m < len(e.toks) && m < k+5 && e.toks[m].isCap(); m++ {
		if e.toks[m].is(wLegislativeHeads) {
			return true
		}
		if e.toks[m].low(e) == "house" && m+1 < len(e.toks) && e.toks[m+1].low(e) == "of" {
			return true
		}
	}
	return false
}

func (d *docIndex) hasLegislativeHead(e *entryScan, p, q int) bool {
	for k := p; k <= q; k++ {
		l := e.toks[k].low(e)
		if legislativeHeads.has(l) || (l == "house" && k+1 <= q && e.toks[k+1].low(e) == "of") {
			return true
		}
	}
	return false
}

// startsWithPlace: tokens p..q begin with a country or a place of the gazetteer
// ("in Tehran and Tabriz", "in the United Kingdom").
func (d *docIndex) startsWithPlace(e *entryScan, p, q int) bool {
	for r := p; r <= q && r < p+3; r++ {
		if len(d.placeOptions(span(e.text, e.toks, p, r))) > 0 {
			return true
		}
	}
	return false
}

// enoughForBody rejects bare weak heads ("Office", "Group") and bare generic heads
// ("Council"); a legislature's own word may stand alone ("Congress", "the Senate").
func (d *docIndex) enoughForBody(e *entryScan, li, hi, hj, rj int) bool {
	head := e.toks[hi].low(e)
	extra := (hi - li) + (rj - hj)
	if hj > hi {
		return true // "House of Commons"
	}
	if extra == 0 {
		return legislativeHeads.has(head) && head != "assembly" && head != "intergroup" && e.toks[hi].isCap()
	}
	if weakHeads.has(head) {
		caps := 0
		for k := li; k <= rj; k++ {
			if k != hi && e.toks[k].isCap() {
				caps++
			}
		}
		if caps == 0 {
			return false
		}
	}
	// a body named only by a country word and a generic head ("Iranian Resistance") is
	// fine; a country alone before a non-legislative weak head is a phrase ("Iran team")
	return true
}

// subjectCommittee: "Judicial Committee", "Foreign Affairs Committee", "Select Committee
// on Intelligence" in an entry about a legislature are committees of that legislature.
func (d *docIndex) subjectCommittee(e *entryScan, li, hi, rj int) bool {
	for k := li; k <= rj; k++ {
		if k != hi && e.toks[k].is(wBodyHeads) && !e.toks[k].is(wLegislativeHeads) {
			return false
		}
	}
	if rj > hi && e.toks[hi+1].low(e) != "on" {
		return false
	}
	for _, b := range e.bodies {
		if b.ent.find().legislative {
			return true
		}
	}
	for k, t := range e.toks {
		if t.is(wLegislatorWords) && !(k >= li && k <= rj) {
			return true
		}
	}
	return false
}

// mergeAppositions: "the Parliament of Wales, the Senedd," names one body twice.
func (d *docIndex) mergeAppositions(e *entryScan) {
	for n := 0; n+1 < len(e.bodies); n++ {
		a, b := e.bodies[n], e.bodies[n+1]
		gap := b.i - a.j - 1
		if gap < 1 || gap > 2 || e.toks[a.j+1].str(e) != "," {
			continue
		}
		if gap == 2 && e.toks[a.j+2].low(e) != "the" {
			continue
		}
		ea, eb := a.ent.find(), b.ent.find()
		if ea == eb || !(ea.legislative && eb.legislative) {
			continue
		}
		keep, drop := ea, eb
		if eb.native && !ea.native {
			keep, drop = eb, ea
		}
		drop.merged = keep
		keep.aliases = addAlias(keep.aliases, keep.name, drop.name)
		for _, al := range drop.aliases {
			keep.aliases = addAlias(keep.aliases, keep.name, al)
		}
	}
}

// findKnownBodies marks runs of capitalized words that the document already named as a
// body elsewhere, also in another transliteration or without the name's complement.
func (d *docIndex) findKnownBodies(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isCap() || toks[i].is(wLeftStops) {
			continue
		}
		first := foldedLower(e, toks[i])
		if !d.bodyFirst[first] && !d.hasFirstSkeleton(first) {
			continue
		}
		end := i
		for k := i; k < len(toks) && k < i+9 && e.free(k) && toks[k].isWord() && (toks[k].isCap() || toks[k].is(wConnectors)); k++ {
			end = k
		}
		for j := end; j > i; j-- {
			if !toks[j].isCap() {
				continue
			}
			k := d.fold(span(e.text, toks, i, j))
			ent, ok := d.bodyByKey[k]
			if !ok {
				ent, ok = d.bodyByKey["<"+k]
			}
			headless := false
			if !ok {
				ent, ok = d.bodyByKey["-"+k]
				headless = ok
			}
			if !ok {
				if sk := skeleton(k); sk != "" {
					ent, ok = d.bodyByKey["~"+sk]
				}
			}
			if !ok {
				continue
			}
			ent = ent.find()
			ent.aliases = addAlias(ent.aliases, ent.name, bodySurface(e, i, j))
			e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: i, j: j, headless: headless})
			e.claim(i, j, claimBody)
			i = j
			break
		}
	}
}

// orgNouns describe an organisation in plain words: "Time magazine", "the TVA network",
// "X, an engineering company", "the non-profit X".
var orgNouns = set("magazine", "newspaper", "network", "company", "corporation", "firm",
	"agency", "broadcaster", "channel", "airline", "manufacturer", "publisher", "daily",
	"weekly", "tabloid", "charity", "non-profit", "nonprofit", "ngo", "startup", "start-up",
	"organisation", "organization", "foundation", "bank", "consortium", "conglomerate",
	"outlet", "operator", "carrier", "insurer", "retailer", "club", "union", "think-tank",
	"broadcasting", "newspapers", "watchdog", "regulator")

// findDescribedBodies marks names that the text calls an organisation in plain words.
func (d *docIndex) findDescribedBodies(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isWord() || !(toks[i].isCap() || toks[i].isAcro()) || toks[i].is(wLeftStops) || e.toks[i].isQuoted() {
			continue
		}
		j := i
		for j+1 < len(toks) && j < i+3 && e.free(j+1) && toks[j+1].isWord() && (toks[j+1].isCap() || toks[j+1].isAcro()) {
			j++
		}
		if i == j && toks[i].is(wCalendarWords) {
			continue // "in February, the state news agency X": a date
		}
		if hyphenAdjective(toks[j].low(e)) {
			i = j
			continue // "the Toulouse-based company": an adjective, not the company's name
		}
		leading := toks[i].is(wLeadingOrg)
		if leading {
			j = romanceName(e, i, j) // "Clan del Golfo", "Banco do Brasil"
		}
		if aj, ok := d.ampersandName(e, i); ok {
			j = aj
		} else if !(leading && j > i) && !d.describedAsBody(e, i, j) || d.isPlaceName(e, i, j) {
			i = j
			continue
		}
		name := bodySurface(e, i, j)
		ent := d.bodyFor(name, false)
		ent.aliases = addAlias(ent.aliases, ent.name, name)
		e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: i, j: j})
		e.claim(i, j, claimBody)
		i = j
	}
}

// romanceConnectors join the words of a name in Spanish, Portuguese, French or
// Italian: "Clan del Golfo", "Banco do Brasil", "Caisse des Dépôts".
var romanceConnectors = set("de", "del", "do", "da", "dos", "das", "des", "du", "di", "della", "dei", "y", "e")

// romanceName extends the name i..j whose first word is an organisation word of such
// a language ("Grupo", "Banco", "Clan") over its connectors to the capitalized words
// after them; it returns the last token.
func romanceName(e *entryScan, i, j int) int {
	toks := e.toks
	for k := j + 1; k+1 < len(toks) && k <= i+6 && e.free(k) && e.free(k+1); {
		if toks[k].isWord() && romanceConnectors.has(toks[k].low(e)) && toks[k+1].isWord() && toks[k+1].isCap() {
			j = k + 1
			for j+1 < len(toks) && j < i+6 && e.free(j+1) && toks[j+1].isWord() && toks[j+1].isCap() {
				j++
			}
			k = j + 1
			continue
		}
		break
	}
	return j
}

// ampersandName reads a name whose capitalized words an ampersand joins ("Marks &
// Spencer", "U.S. Ski & Snowboard"): firms and federations, not people. Two places
// joined so ("Trinidad & Tobago") are not a body. It returns the last token.
func (d *docIndex) ampersandName(e *entryScan, i int) (int, bool) {
	toks := e.toks
	j, amp := i, -1
	for k := i + 1; k < len(toks) && k <= i+6 && e.free(k) && !e.toks[k].isQuoted(); k++ {
		t := toks[k]
		switch {
		case t.isWord() && (t.isCap() || t.isAcro()) && !t.is(wLeftStops):
			j = k
			continue
		case !t.isWord() && t.str(e) == "&" && amp < 0 && k+1 < len(toks) && toks[k+1].isCap():
			amp = k
			continue
		}
		break
	}
	if amp < 0 || j <= amp {
		return 0, false
	}
	if d.isPlaceName(e, i, amp-1) && d.isPlaceName(e, amp+1, j) || d.isPlaceName(e, i, j) {
		return 0, false
	}
	return j, true
}

// describedAsBody: "X magazine", "X, an engineering company", "the non-profit X".
func (d *docIndex) describedAsBody(e *entryScan, i, j int) bool {
	toks := e.toks
	if d.countryAdjective(e, i, j) {
		return false
	}
	if j+1 < len(toks) && toks[j+1].is(wOrgNouns) && !toks[j+1].isCap() {
		return true
	}
	if i > 0 && toks[i-1].is(wOrgNouns) && !toks[i-1].isCap() && i > 1 && (toks[i-2].low(e) == "the" || toks[i-2].low(e) == "a" || toks[i-2].is(wOrgNouns)) {
		return true
	}
	if j+2 < len(toks) && toks[j+1].str(e) == "," && (toks[j+2].low(e) == "a" || toks[j+2].low(e) == "an" || toks[j+2].low(e) == "the") {
		for k := j + 3; k < len(toks) && k <= j+5; k++ {
			if !toks[k].isWord() || toks[k].isCap() {
				return false
			}
			if toks[k].is(wOrgNouns) {
				return true
			}
		}
	}
	return false
}

// bodySurface is the text of a body mention without a leading article.
func bodySurface(e *entryScan, i, j int) string {
	for i < j && (e.toks[i].low(e) == "the" || e.toks[i].low(e) == "a") {
		i++
	}
	return span(e.text, e.toks, i, j)
}

// canonicalBody names a body found at tokens i..j with head h. Legislatures named by a
// country ("the Italian Parliament", "Parliament of Italy", "Italy's parliament") get
// one name, the country adjective and the chamber: "Italian Parliament".
func (d *docIndex) canonicalBody(e *entryScan, i, j, h int) (name string, legislative, native bool) {
	toks := e.toks
	d.lastQual = ""
	for i < h && (toks[i].low(e) == "the" || toks[i].low(e) == "a") {
		i++
	}
	surface := span(e.text, toks, i, j)
	head := toks[h].low(e)
	house := head == "house" || head == "houses" || head == "chamber"
	legislative = legislativeHeads.has(head) || (house && h+2 <= j && (toks[h+2].is(wHouseChambers) || head != "chamber" && toks[h+2].isCap()))
	native = nativeLegislatures.has(head)
	if committeeHeads.has(head) || head == "intergroup" {
		for k := i; k <= j; k++ {
			if toks[k].is(wLegislativeMarkers) {
				legislative = true
			}
		}
		return titleHead(e, surface, toks[h]), legislative, false
	}
	if !legislative {
		return titleHead(e, surface, toks[h]), false, false
	}
	// chamber: the head with its own words before it and "of X" when it is a house
	cs := h
	for cs > i && toks[cs-1].is(wChamberWords) && toks[cs-1].isCap() {
		cs--
	}
	ce := h
	if house {
		ce = h + 2
	}
	chamber := titleHead(e, span(e.text, toks, cs, ce), toks[h])
	if native {
		chamber = span(e.text, toks, h, ce)
	}
	// qualifier: words before the chamber, or the complement "of X" after it
	qi, qj := i, cs-1
	for qi <= qj && (isOrdinal(toks[qi].low(e)) || toks[qi].low(e) == "the") {
		qi++
	}
	if qi > qj && ce+2 <= j && toks[ce+1].low(e) == "of" {
		qi, qj = ce+2, j
	}
	if qi > qj {
		if native {
			return surface, true, true
		}
		return chamber, true, false
	}
	qual := qualifierText(e, qi, qj)
	if c, ok := d.countryOf(qual); ok {
		if native {
			return chamber, true, true
		}
		adj := d.gz.Adjective(c.CountryCode)
		if adj == "" || c.CountryCode == "US" {
			adj = c.Name
		}
		return adj + " " + chamber, true, false
	}
	if native {
		return surface, true, true
	}
	if ps := d.lookup(qual); len(ps) > 0 {
		d.lastQual = qual
		return qual + " " + chamber, true, false
	}
	return titleHead(e, surface, toks[h]), true, false
}

// qualifierText strips "State of", "Republic of", possessives and a possessive country
// before a region ("Germany's Lower Saxony" → "Lower Saxony").
func qualifierText(e *entryScan, qi, qj int) string {
	toks := e.toks
	for qi < qj && toks[qi].low(e) == "the" {
		qi++
	}
	for qi+1 <= qj && (toks[qi].low(e) == "state" || toks[qi].low(e) == "republic" || toks[qi].low(e) == "commonwealth" || toks[qi].low(e) == "free") && toks[qi+1].low(e) == "of" {
		qi += 2
		for qi <= qj && toks[qi].low(e) == "the" {
			qi++
		}
	}
	for k := qi; k < qj; k++ {
		if toks[k].hasPoss() {
			qi = k + 1
		}
	}
	if qi > qj {
		return ""
	}
	return e.text[toks[qi].start:toks[qj].end]
}

// countryOf reads a country from a name or an adjective ("Italy", "Italian", "UK").
func (d *docIndex) countryOf(q string) (placeResult, bool) {
	if q == "" {
		return placeResult{}, false
	}
	if ra, ok := d.gz.(regionAdjectives); ok {
		if _, isRegion := ra.RegionOfAdjective(q); isRegion {
			return placeResult{}, false // "Welsh", "Scottish": not the country's parliament
		}
	}
	if c, ok := d.country(q); ok {
		return placeResult{Name: c.Name, CountryCode: c.CountryCode}, true
	}
	if c, ok := d.countryOfAdjective(q); ok {
		return placeResult{Name: c.Name, CountryCode: c.CountryCode}, true
	}
	// "Irish Republic" → "Irish"
	if p := strings.IndexByte(q, ' '); p > 0 {
		if c, ok := d.countryOfAdjective(q[:p]); ok {
			return placeResult{Name: c.Name, CountryCode: c.CountryCode}, true
		}
	}
	return placeResult{}, false
}

type placeResult struct {
	Name, CountryCode string
}

// titleHead capitalizes a lower-case head word ("Maltese parliament" → "Maltese Parliament").
func titleHead(e *entryScan, s string, head token) string {
	if head.isCap() || head.str(e) == "" {
		return s
	}
	k := strings.LastIndex(s, head.str(e))
	if k < 0 {
		return s
	}
	r, n := utf8.DecodeRuneInString(head.str(e))
	return s[:k] + string(unicode.ToUpper(r)) + head.str(e)[n:] + s[k+len(head.str(e)):]
}

// bodiesOf lists the bodies of an entry, one per entity, in order of first mention.
func (d *docIndex) bodiesOf(e *entryScan) []Body {
	out := []Body{}
	if len(e.bodies) > 0 {
		out = room(&d.bodyBlock, len(e.bodies), 1024)
	}
	seen := map[*bodyEntity]int{}
	for _, m := range e.bodies {
		b := m.ent.find()
		leg := b.legislative && !m.headless
		if n, ok := seen[b]; ok {
			out[n].Legislative = out[n].Legislative || leg
			continue
		}
		seen[b] = len(out)
		if b.sorted == nil {
			b.sorted = sortedAliases(b.name, b.aliases)
		}
		out = append(out, Body{Name: b.name, Aliases: b.sorted, Legislative: leg})
	}
	return out
}
