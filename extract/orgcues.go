package extract

import (
	"slices"
	"strings"

	"annals/extract/actors"
	"annals/extract/gazetteer"
)

// Organisations on any text. Names that carry no organisation word ("Hamas",
// "Reuters", "Interpol") are found by the actor dictionary (package actors) and by
// context cues: a class noun before or after the name ("energy company Axpo", "Vestas,
// the Danish wind turbine maker"), a possessive apposition ("his party, Nuevas Ideas"),
// a reporting verb ("Bloomberg reported", "according to ACLED"), an acronym as the
// subject of a verb ("UNRWA said"), a membership noun ("a Hamas commander"). A
// country-qualified agent phrase of the dictionary ("the Israeli military", "Kuwait's
// defense ministry") is a body of that country. Bodies found so are claimed before
// places and cued people are read: organisation evidence outranks a weak place-list hit
// ("Hamas" is not Hamm) and the lack of person evidence ("Shin Bet" said).

// orgCues is what the organisation rules keep for one document.
type orgCues struct {
	dict    *actors.Dictionary
	country map[*bodyEntity]string // the country a rule gave a body
	// words are the one-word names the cues found ("UEFA", "Moderna"), with their plural
	// for groups named by their members ("Houthi fighters", "the Houthis")
	words map[string]*bodyEntity
	// initials of the document's bodies ("TPLF"), nil where two bodies share them;
	// indexed is how many of d.bodies are in it
	initials map[string]*bodyEntity
	indexed  int
}

func newOrgCues() orgCues {
	return orgCues{dict: actors.Load(), country: map[*bodyEntity]string{}, words: map[string]*bodyEntity{}, initials: map[string]*bodyEntity{}}
}

// classNouns name a kind of organisation in plain words, singular and plural.
var classNouns = set("company", "companies", "firm", "firms", "group", "groups", "bank",
	"banks", "agency", "agencies", "party", "parties", "alliance", "militia", "militias",
	"automaker", "automakers", "carmaker", "carmakers", "maker", "makers", "manufacturer",
	"manufacturers", "producer", "producers", "airline", "airlines", "broadcaster",
	"broadcasters", "television", "newspaper", "newspapers", "daily", "agency's", "network",
	"channel", "outlet", "operator", "operators", "lender", "lenders", "insurer", "insurers",
	"retailer", "retailers", "giant", "conglomerate", "regulator", "watchdog", "organisation",
	"organization", "organisations", "organizations", "movement", "faction", "coalition",
	"federation", "union", "unions", "charity", "charities", "ngo", "affiliate", "subsidiary",
	"insurgency", "club", "clubs", "startup", "start-up", "utility", "utilities", "monitor",
	"tracker", "consortium", "developer", "supplier", "suppliers", "rebels", "insurgents",
	"magazine", "broadcasting", "publisher", "foundation", "institute", "think-tank", "unit",
	"division", "arm", "brand", "miner", "miners", "cooperative", "co-operative",
	"cooperatives", "exporter", "exporters", "refiner", "shipper", "conglomerate's")

// memberNouns after a name make the name an armed group's: "a Hamas commander",
// "Houthi fighters". Generic ones ("leaders", "members") follow movements and ideas
// as well ("Resistance leaders") and are no cue.
var memberNouns = set("commander", "commanders", "fighters", "fighter", "militants",
	"militant", "operatives", "gunmen", "cadres", "loyalists", "militiamen", "insurgents", "rebels")

// reportVerbs after a name, or "according to" before it, make it a source of news.
var reportVerbs = set("reported", "reports", "reporting")

// subjectVerbs after an acronym make it the subject of an organisation's act.
var subjectVerbs = set("said", "says", "reported", "reports", "confirmed", "announced",
	"claimed", "warned", "condemned", "stated", "added", "accused", "denied", "urged",
	"estimated", "recorded", "called", "counted", "published", "issued", "launched", "rejected",
	"welcomed", "demanded", "threatened", "agreed", "decided", "approved", "suspended")

// personNounsAfter an agent phrase make it a modifier of people ("Egyptian
// intelligence officials"), not a mention of the institution.
var personNounsAfter = set("officials", "official", "officers", "officer", "sources",
	"source", "agents", "agent", "personnel", "spokesman", "spokeswoman", "spokesperson", "chief",
	"chiefs", "minister", "ministers", "commander", "commanders", "troops", "soldiers")

var possessivePronouns = set("his", "her", "its", "their", "our")

// addActorBody records a body mention found by an organisation rule. Each surface
// is a body of its own: the dictionary's groupings are too loose to merge names.
func (d *docIndex) addActorBody(e *entryScan, i, j int, name, country string, legislative bool) *bodyEntity {
	ent := d.bodyFor(name, legislative).find()
	ent.aliases = addAlias(ent.aliases, ent.name, name)
	if country != "" && d.orgs.country[ent] == "" {
		d.orgs.country[ent] = country
	}
	e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: i, j: j})
	e.claim(i, j, claimBody)
	return ent
}

// findActors marks the dictionary's organisations and country-qualified agent phrases.
func (d *docIndex) findActors(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isWord() || !toks[i].isCap() || e.toks[i].isQuoted() || toks[i].is(wCommonCapitalized|wCalendarWords) {
			continue
		}
		if j, ok := d.agentAt(e, i); ok {
			i = j
			continue
		}
		if j, ok := d.dictionaryAt(e, i); ok {
			i = j
		}
	}
}

// dictionaryAt matches the longest dictionary name starting at token i.
func (d *docIndex) dictionaryAt(e *entryScan, i int) (int, bool) {
	toks := e.toks
	// a word inside a longer capitalized name ("Thomson Reuters", "Italian Senate") is
	// not the name
	if i > 0 && toks[i-1].isWord() && toks[i-1].isCap() && !toks[i-1].is(wLeftStops) && !isSentenceStart(e, i-1) {
		return 0, false
	}
	// "at the Pentagon": a site, whatever body it also stands for
	if i > 1 && toks[i-1].low(e) == "the" && toks[i-2].low(e) == "at" {
		return 0, false
	}
	if l := toks[i].low(e); !d.orgs.dict.MayStartPlain(l) {
		return 0, false // the common case, without folding or a map look-up
	}
	first := foldedLower(e, toks[i])
	if p := strings.IndexByte(first, ' '); p > 0 {
		first = first[:p] // "Al-Shabaab"
	}
	longest := d.orgs.dict.MaxWords(first)
	if longest == 0 {
		return 0, false
	}
	end := i
	for k := i + 1; k < len(toks) && k < i+longest && e.free(k) && toks[k].isWord() && (toks[k].isCap() || toks[k].is(wConnectors) || toks[k].isNum()); k++ {
		end = k
	}
	for j := end; j >= i; j-- {
		if !toks[j].isCap() && !toks[j].isNum() {
			continue
		}
		key := first
		if j > i || len(first) != len(toks[i].low(e)) {
			key = d.fold(span(e.text, toks, i, j))
		}
		a, ok := d.orgs.dict.LookupKey(key)
		if !ok {
			continue
		}
		// short names match as acronyms only ("UN", "IDF"; not "Ana" or "Aid")
		if i == j && len(key) <= 4 && !toks[i].isAcro() {
			return 0, false
		}
		// the name goes on with more capitalized words: a part or another body of the
		// same name ("Samsung Electronics", "Tata Motors"), unless a place or a person
		// follows
		if j+1 < len(toks) && e.free(j+1) && toks[j+1].isWord() && toks[j+1].isCap() && !toks[j].hasPoss() && !toks[j+1].is(wLeftStops) {
			// inside a longer name after a connector ("Committee on Children and Youth
			// Affairs")
			if i > 1 && (toks[i-1].low(e) == "and" || toks[i-1].low(e) == "of" || toks[i-1].low(e) == "for") && toks[i-2].isCap() {
				return 0, false
			}
			k := j + 1
			for k+1 < len(toks) && k < j+2 && e.free(k+1) && toks[k+1].isWord() && toks[k+1].isCap() && !toks[k].hasPoss() {
				k++
			}
			if d.isPlaceName(e, j+1, k) || d.knownPerson(e, j+1, k) || k+1 < len(toks) && toks[k+1].isWord() && toks[k+1].isCap() {
				return 0, false
			}
			d.addActorBody(e, i, k, bodySurface(e, i, k), "", false)
			return k, true
		}
		// the own name of a place ("Blackrock", a town, is not the company here) unless
		// it acts ("Xinhua said"); a place's alternate name is not enough ("Hamas" is no
		// name of Hamm)
		if d.exactPlaceName(e, i, j) && !(j+1 < len(toks) && (toks[j+1].is(wSubjectVerbs) || toks[j+1].is(wReportVerbs))) {
			return 0, false
		}
		d.addActorBody(e, i, j, bodySurface(e, i, j), a.Country, a.Kind == actors.KindLegislature)
		return j, true
	}
	return 0, false
}

// agentAt matches a country-qualified agent phrase at token i: "Israeli military",
// "Kuwait's defense ministry", "the Jordanian foreign ministry" (without the article).
func (d *docIndex) agentAt(e *entryScan, i int) (int, bool) {
	toks := e.toks
	// agent phrases follow their country in lower case ("Israeli military"), or
	// capitalized after an article ("the Philippine Coast Guard")
	article := i > 0 && toks[i-1].low(e) == "the"
	if !d.agentMayFollow(e, i+1, article) && !(i+1 < len(toks) && toks[i+1].hasPoss() && d.agentMayFollow(e, i+2, false)) {
		return 0, false
	}
	country, k := "", i
	if toks[i].hasPoss() {
		if p, ok := d.country(toks[i].str(e)); ok {
			country = p.Name
		}
	} else if i+1 < len(toks) && toks[i+1].hasPoss() && toks[i+1].isCap() {
		if p, ok := d.country(span(e.text, toks, i, i+1)); ok {
			country, k = p.Name, i+1
		}
	} else if p, ok := d.countryOfAdjective(toks[i].str(e)); ok {
		country = p.Name
	}
	if country == "" {
		return 0, false
	}
	best := -1
	for j := k + 1; j < len(toks) && j <= k+4 && e.free(j) && toks[j].isWord(); j++ {
		if !d.orgs.dict.MayEndAgent(foldedLower(e, toks[j])) {
			continue
		}
		if a, ok := d.orgs.dict.AgentKey(d.fold(span(e.text, toks, k+1, j))); ok && !legislativeHeads.has(a.Phrase[strings.LastIndexByte(a.Phrase, ' ')+1:]) {
			best = j
		}
	}
	if best < 0 || best+1 < len(toks) && toks[best+1].isWord() && toks[best+1].is(wPersonNounsAfter) {
		return 0, false
	}
	d.addActorBody(e, i, best, span(e.text, toks, i, best), country, false)
	return best, true
}

// agentMayFollow: an agent phrase may start at token k.
func (d *docIndex) agentMayFollow(e *entryScan, k int, capital bool) bool {
	return k < len(e.toks) && e.toks[k].isWord() && (capital || !e.toks[k].isCap()) && d.orgs.dict.MayStartAgent(e.toks[k].low(e))
}

// findCuedBodies marks names that context shows to be organisations.
func (d *docIndex) findCuedBodies(e *entryScan) {
	toks := e.toks
	for i := 0; i < len(toks); i++ {
		if !e.free(i) || !toks[i].isWord() || !toks[i].isCap() || e.toks[i].isQuoted() || toks[i].is(wLeftStops) {
			continue
		}
		if toks[i].is(wClassNouns) || ownerNouns.has(toks[i].low(e)) {
			continue // "Automakers Ford", "Shareholders of Toshiba": the cue opens the sentence
		}
		j := d.nameRun(e, i)
		country, end, list, ok := d.bodyCue(e, i, j)
		if !ok {
			i = j
			continue
		}
		j = end // "the Sinaloa cartel": the group noun is part of the name
		ent := d.addActorBody(e, i, j, span(e.text, toks, i, j), country, false)
		if i == j {
			d.orgs.words[d.fold(toks[i].str(e))] = ent
			if j+1 < len(toks) && toks[j+1].is(wMemberNouns) {
				// "Houthi fighters" and "the Houthis" are one group
				d.orgs.words[d.fold(toks[i].str(e))+"s"] = ent
			}
		}
		if list {
			j = d.cuedList(e, j)
		}
		i = j
	}
}

// nameRun is the last token of the capitalized run at i: capitalized words and
// numbers, and connectors between capitalized words ("Globe and Mail").
func (d *docIndex) nameRun(e *entryScan, i int) int {
	toks := e.toks
	j := i
	for k := i + 1; k < len(toks) && k <= i+5 && e.free(k) && toks[k].isWord() && !toks[k-1].hasPoss(); k++ {
		if toks[k].isCap() || toks[k].isNum() {
			j = k
			continue
		}
		// "of" inside a name; "and" only in a name with its article ("The Globe and Mail")
		if (toks[k].low(e) == "of" || toks[k].low(e) == "and" && i > 0 && toks[i-1].low(e) == "the") && k+1 < len(toks) && toks[k+1].isCap() && e.free(k+1) {
			continue
		}
		break
	}
	return j
}

// cuedList reads the rest of a list after a plural class noun: "automakers Ford,
// Nissan and Renault". It returns the last token read.
func (d *docIndex) cuedList(e *entryScan, j int) int {
	toks := e.toks
	for j+2 < len(toks) && (toks[j+1].str(e) == "," || toks[j+1].low(e) == "and") {
		a := j + 2
		if toks[j+1].str(e) == "," && toks[a].low(e) == "and" {
			a++
		}
		if a >= len(toks) || !e.free(a) || !toks[a].isCap() || toks[a].is(wLeftStops) {
			break
		}
		b := a
		for b+1 < len(toks) && b < a+3 && e.free(b+1) && toks[b+1].isWord() && toks[b+1].isCap() {
			b++
		}
		if d.knownPerson(e, a, b) {
			break
		}
		d.addActorBody(e, a, b, span(e.text, toks, a, b), "", false)
		j = b
	}
	return j
}

// appositionEnds may follow the class noun of an apposition: "X, the state oil
// company, said", "X, the party of ...".
var appositionEnds = set(",", ".", ";", ")", "of", "in", "that", "which", "based", "owned", "with", "for", "and")

// Cues, from the strongest: a class noun before the name, a possessive apposition, a
// class noun after it in an apposition, a reporting verb, an acronym as a subject, a
// membership noun.
const (
	cueNone = iota
	cueClassBefore
	cuePossessive
	cueClassAfter
	cueReport
	cueAcronymSubject
	cueMember
	cueOwner
	cueFacility
	cueGroupNoun      // "the Sinaloa cartel": the name and its group noun
	cueTheSubject     // "The Bundesbank warned", "The White House called": a name of up to three words after "The" (no plural: "The Houthis"), subject of a statement
	cueCountryAcronym // "Ukraine's SBU", "South Africa's ANC": an acronym after a country's possessive
	cueNounAfter      // "the APC candidate", "AMISOM troops", "Petrobras shares": a noun only an organisation has
)

// acronymNouns after an acronym make it an organisation's: "the APC candidate", "his PTI
// party", "AMISOM troops", "an ANC spokesman". Acronyms of other things (GDP, COVID,
// CEO) stand before none of them.
var acronymNouns = set("candidate", "candidates", "party", "government", "troops", "forces", "lawmakers",
	"legislators", "leader", "leaders", "official", "officials", "spokesman", "spokeswoman", "spokesperson",
	"chairman", "chairwoman", "president", "members", "member", "executives", "headquarters", "peacekeepers",
	"delegation", "delegates", "envoy", "shares", "stock", "secretary-general", "director-general")

// stockNouns after any name make it a listed company's: "Petrobras shares fell".
var stockNouns = set("shares", "stock")

// rulingNouns after a name that follows a country's possessive make it that country's
// party or coalition: "Hungary's Fidesz government", "Argentina's Peronist coalition".
var rulingNouns = set("government", "coalition", "party", "movement", "alliance")

// groupRulingNouns are the ruling nouns that name the group with the word before them
// ("Peronist coalition"); a party or a government is named by that word alone ("Fidesz").
var groupRulingNouns = set("coalition", "movement", "alliance")

// groupKindNouns after a name, with an article before it, name an organised group
// together with it: "the Sinaloa cartel", "a Wagner-linked militia" is none (hyphen).
var groupKindNouns = set("cartel", "gang", "militia", "syndicate", "clan", "mafia")

// acronymVerbs after an acronym, besides subjectVerbs, make it the subject of an
// organisation's act ("FIFA and UEFA opened talks", "OPEC cut output"); kept apart
// from subjectVerbs, which also reads two capitalized names as organisations.
var acronymVerbs = set("opened", "signed", "held", "met", "began", "voted", "ruled", "fined", "banned",
	"sued", "backed", "raised", "cut", "imposed", "lifted", "sent", "filed", "bought", "sold", "acquired",
	"agreed", "deployed", "seized", "arrested", "detained", "killed", "attacked", "struck", "fired")

// adjectiveSuffixes end a hyphenated adjective that is no name ("the Toulouse-based
// company", "a Saudi-led coalition").
var adjectiveSuffixes = []string{"-based", "-led", "-owned", "-backed", "-funded", "-run", "-controlled", "-born", "-linked", "-made"}

// hyphenAdjective: the lower-cased word ends in one of adjectiveSuffixes.
func hyphenAdjective(low string) bool {
	return slices.ContainsFunc(adjectiveSuffixes, func(s string) bool { return strings.HasSuffix(low, s) })
}

// acronymActs: the acronym at i (alone or as "X and Y") is the subject of a verb of
// subjectVerbs or acronymVerbs.
func acronymActs(e *entryScan, i int) bool {
	toks := e.toks
	acro := func(k int) bool {
		return k >= 0 && k < len(toks) && toks[k].isAcro() && len(toks[k].str(e)) >= 3 && !isPluralAcronym(toks[k].str(e))
	}
	verb := func(k int) bool {
		return k < len(toks) && (toks[k].is(wSubjectVerbs) || acronymVerbs.has(toks[k].low(e)))
	}
	if !acro(i) {
		return false
	}
	if verb(i + 1) {
		return true
	}
	if i+3 < len(toks) && toks[i+1].low(e) == "and" && acro(i+2) && verb(i+3) {
		return true // "FIFA and UEFA opened"
	}
	return i >= 2 && toks[i-1].low(e) == "and" && acro(i-2) && verb(i+1) // UEFA of "FIFA and UEFA opened"
}

// ownerNouns before "of" make the name after them a company's: "shareholders of
// Toshiba", "workers of Volvo".
var ownerNouns = set("shareholders", "shareholder", "stockholders", "investors", "creditors", "bondholders",
	"employees", "workers", "staff", "executives", "subsidiary", "subsidiaries", "owners", "owner", "ceo", "board")

// facilityNouns after a name, with an article before it, make it the owner of a site:
// "the SpaceX launch site", "a Tesla factory".
// Sites named after their place ("the El Teniente mine", "the Abqaiq refinery") are
// not listed.
var facilityNouns = set("factory", "factories", "headquarters", "warehouse", "offices", "launch", "dealership",
	"store", "stores", "showroom")

// cueAt finds the cue of tokens i..j from the words around them alone (cheap: it runs
// on every capitalized run); k is the class noun of an apposition.
func cueAt(e *entryScan, i, j int) (cue, k int) {
	toks := e.toks
	if i > 0 && toks[i-1].isWord() && toks[i-1].is(wClassNouns) && (!toks[i-1].isCap() || i < 2 || !toks[i-2].isWord()) {
		return cueClassBefore, i - 1
	}
	if i > 2 && toks[i-1].str(e) == "," && toks[i-2].is(wClassNouns) && possessivePronouns.has(toks[i-3].low(e)) {
		return cuePossessive, 0
	}
	if j+2 < len(toks) && toks[j+1].str(e) == "," {
		if a := toks[j+2].low(e); a == "a" || a == "an" || a == "the" {
			for k := j + 3; k < len(toks) && k <= j+7 && toks[k].isWord(); k++ {
				if toks[k].is(wClassNouns) && !toks[k].isCap() {
					if k+1 < len(toks) && appositionEnds.has(toks[k+1].low(e)) {
						return cueClassAfter, k
					}
					break
				}
			}
		}
	}
	if j+1 < len(toks) && toks[j+1].is(wReportVerbs) || i > 1 && toks[i-1].low(e) == "to" && toks[i-2].low(e) == "according" {
		return cueReport, 0
	}
	if i == j && acronymActs(e, i) {
		return cueAcronymSubject, 0
	}
	if j+1 < len(toks) && toks[j+1].is(wMemberNouns) && !toks[j+1].isCap() && !toks[j].hasPoss() {
		return cueMember, 0
	}
	if i > 1 && toks[i-1].low(e) == "of" && ownerNouns.has(toks[i-2].low(e)) {
		return cueOwner, 0
	}
	if i > 0 && j+1 < len(toks) && (toks[i-1].low(e) == "the" || toks[i-1].low(e) == "a") && toks[j+1].isWord() && !toks[j+1].isCap() && facilityNouns.has(toks[j+1].low(e)) {
		return cueFacility, 0
	}
	if i > 0 && j+1 < len(toks) && toks[i-1].low(e) == "the" && toks[j+1].isWord() && !toks[j+1].isCap() && groupKindNouns.has(toks[j+1].low(e)) && !toks[j].hasPoss() {
		return cueGroupNoun, j + 1
	}
	if j-i < 3 && i > 0 && toks[i-1].str(e) == "The" && !toks[i].isAcro() && !toks[j].hasPoss() && !strings.HasSuffix(toks[j].low(e), "s") && j+1 < len(toks) && toks[j+1].is(wSubjectVerbs) {
		return cueTheSubject, 0
	}
	if i == j && i > 0 && toks[i].isAcro() && len(toks[i].str(e)) >= 2 && !isPluralAcronym(toks[i].str(e)) && toks[i-1].hasPoss() && toks[i-1].isCap() {
		return cueCountryAcronym, 0 // bodyCue checks that the possessive is a country's
	}
	if j+1 < len(toks) && toks[j+1].isWord() && !toks[j+1].isCap() && !toks[j].hasPoss() {
		next := toks[j+1].low(e)
		switch {
		case i == j && toks[i].isAcro() && len(toks[i].str(e)) >= 2 && !isPluralAcronym(toks[i].str(e)) && acronymNouns.has(next),
			stockNouns.has(next),
			i > 0 && toks[i-1].hasPoss() && toks[i-1].isCap() && rulingNouns.has(next):
			return cueNounAfter, 0 // bodyCue checks the country of a ruling noun's possessive
		}
	}
	return cueNone, 0
}

// bodyCue reports whether context shows tokens i..j to name an organisation; country is
// the country a descriptor gives it ("the Swiss bank"), list is set after a plural
// class noun.
//
// end is the name's last token: j, or the group noun of "the Sinaloa cartel". An
// acronym after a country's possessive ("Ukraine's SBU", "South Africa's ANC") takes
// that country.
func (d *docIndex) bodyCue(e *entryScan, i, j int) (country string, end int, list, ok bool) {
	toks := e.toks
	cue, k := cueAt(e, i, j)
	if cue == cueNone {
		return "", j, false, false
	}
	if isTitle(e, toks[i]) || toks[i].is(wHonorific|wCalendarWords) || d.knownPerson(e, i, j) {
		return "", j, false, false
	}
	if i == j && (toks[i].is(wBodyHeads) || d.orgs.dict.MayEndAgent(toks[i].low(e)) || d.countryAdjective(e, i, i)) {
		return "", j, false, false
	}
	if hyphenAdjective(toks[j].low(e)) {
		return "", j, false, false // "the Toulouse-based company": an adjective
	}
	switch cue {
	case cueClassBefore:
		return d.descriptorCountry(e, max(0, i-5), k), j, strings.HasSuffix(toks[k].low(e), "s"), true
	case cuePossessive:
		return "", j, false, true
	case cueGroupNoun:
		return "", k, false, true // "the Sinaloa cartel", though Sinaloa is a state
	case cueCountryAcronym:
		return d.possessiveCountry(e, i), j, false, true
	}
	if d.regionOrCountry(e, i, j) {
		return "", j, false, false
	}
	if _, ok := d.country(span(e.text, toks, i, j)); ok && toks[i].isAcro() {
		return "", j, false, false // "the UK government": a country's code
	}
	switch cue {
	case cueClassAfter:
		return d.descriptorCountry(e, j+3, k), j, false, true
	case cueReport:
		return "", j, false, true
	}
	if d.isPlaceName(e, i, j) && !toks[i].isAcro() {
		return "", j, false, false
	}
	if (cue == cueAcronymSubject || cue == cueNounAfter) && d.bodyOfInitials(toks[i].str(e)) != nil {
		return "", j, false, false // "the TPLF signed": findKnownWords links it to its full name
	}
	country = d.possessiveCountry(e, i)
	if cue == cueNounAfter && !toks[i].isAcro() && !stockNouns.has(toks[j+1].low(e)) {
		if country == "" {
			return "", j, false, false // a ruling noun after a possessive that is no country's
		}
		if groupRulingNouns.has(toks[j+1].low(e)) {
			return country, j + 1, false, true // "the Peronist coalition": named with its noun
		}
	}
	return country, j, false, true
}

// possessiveCountry is the country whose possessive stands right before token i
// ("Ukraine's SBU", "South Africa's ANC"), "" if none.
func (d *docIndex) possessiveCountry(e *entryScan, i int) string {
	toks := e.toks
	if i == 0 || !toks[i-1].hasPoss() {
		return ""
	}
	for a := i - 1; a >= 0 && a >= i-3 && toks[a].isCap(); a-- {
		if c, ok := d.country(span(e.text, toks, a, i-1)); ok {
			return c.Name
		}
	}
	return ""
}

// regionOrCountry: tokens i..j name a country or a region exactly.
func (d *docIndex) regionOrCountry(e *entryScan, i, j int) bool {
	for _, p := range d.placeOptions(span(e.text, e.toks, i, j)) {
		if p.Kind != gazetteer.KindCity && len(p.Aliases) == 0 {
			return true
		}
	}
	return false
}

// findKnownWords marks the one-word names that the cues found in other entries, and
// acronyms made of the initials of a body of the document ("TPLF" after "Tigray
// People's Liberation Front").
func (d *docIndex) findKnownWords(e *entryScan) {
	for i, t := range e.toks {
		if !e.free(i) || !t.isWord() || !t.isCap() || e.toks[i].isQuoted() {
			continue
		}
		if t.isAcro() && !isPluralAcronym(t.str(e)) && len(t.str(e)) >= 3 {
			if ent := d.bodyOfInitials(t.str(e)); ent != nil {
				ent.aliases = addAlias(ent.aliases, ent.name, t.str(e))
				d.orgs.words[foldedLower(e, t)] = ent
				e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: i, j: i})
				e.claim(i, i, claimBody)
				continue
			}
		}
		if len(d.orgs.words) == 0 || i > 0 && e.toks[i-1].isCap() && e.toks[i-1].low(e) != "the" || i+1 < len(e.toks) && e.toks[i+1].isCap() {
			continue
		}
		if ent, ok := d.orgs.words[foldedLower(e, t)]; ok {
			ent = ent.find()
			ent.aliases = addAlias(ent.aliases, ent.name, t.str(e))
			e.bodies = d.appendBodyMention(e.bodies, bodyMention{ent: ent, i: i, j: i})
			e.claim(i, i, claimBody)
		}
	}
}

// bodyOfInitials is the one body of the document whose capitalized words have the
// initials acro, if there is exactly one.
func (d *docIndex) bodyOfInitials(acro string) *bodyEntity {
	for ; d.orgs.indexed < len(d.bodies); d.orgs.indexed++ {
		b := d.bodies[d.orgs.indexed]
		k := initials(b.name)
		if k == "" {
			continue
		}
		if o, seen := d.orgs.initials[k]; seen && (o == nil || o.find() != b.find()) {
			d.orgs.initials[k] = nil
			continue
		}
		d.orgs.initials[k] = b
	}
	if b := d.orgs.initials[acro]; b != nil {
		return b.find()
	}
	return nil
}

// initials of the capitalized words of a name: "Tigray People's Liberation Front" →
// "TPLF".
func initials(name string) string {
	var buf [16]byte
	n, start := 0, true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if start && c >= 'A' && c <= 'Z' {
			if n == len(buf) {
				return ""
			}
			buf[n] = c
			n++
		}
		start = c == ' '
	}
	if n < 3 {
		return ""
	}
	return string(buf[:n])
}

// findSubjectBodies marks single names that act as an organisation does, once the
// document's people are known: a name that is no person's, followed by a verb, with
// "its" later in the clause ("Moderna said its vaccine", "Gazprom holds all its
// shares"), or two such names as the subject of a statement ("Volkswagen and Northvolt
// said").
func (d *docIndex) findSubjectBodies(e *entryScan) {
	toks := e.toks
	for i := 0; i+2 < len(toks); i++ {
		t := toks[i]
		if !e.free(i) || !t.isWord() || !t.isCap() || t.isAcro() || e.toks[i].isQuoted() || t.is(wLeftStops|wCalendarWords|wBodyHeads|wTitle|wHonorific) {
			continue
		}
		if i > 0 && toks[i-1].isWord() && (toks[i-1].isCap() || toks[i-1].low(e) == "the" || toks[i-1].low(e) == "a") || toks[i+1].isWord() && toks[i+1].isCap() {
			continue
		}
		if !toks[i+1].isWord() || toks[i+1].isCap() {
			continue
		}
		k := i + 1
		other := -1
		if toks[k].low(e) == "and" && k+2 < len(toks) && toks[k+1].isCap() && !toks[k+1].isAcro() && e.free(k+1) && !toks[k+2].isCap() && !d.knownPerson(e, k+1, k+1) && !d.nameWords[foldedLower(e, toks[k+1])] && !d.isPlaceName(e, k+1, k+1) {
			other, k = k+1, k+2
		}
		if !toks[k].isWord() || toks[k].isCap() {
			continue
		}
		its := other >= 0 && toks[k].is(wSubjectVerbs)
		// "Toyota said it would build": "it" right after the statement's verb
		its = its || toks[k].is(wSubjectVerbs) && k+1 < len(toks) && toks[k+1].low(e) == "it"
		for q := k + 1; q < len(toks) && q <= k+10 && e.sameSentence(q, i) && !its; q++ {
			switch toks[q].low(e) {
			case "its":
				its = true
			case "his", "her", "he", "she":
				q = len(toks)
			}
		}
		if !its || d.knownPerson(e, i, i) || d.nameWords[foldedLower(e, t)] || d.countryAdjective(e, i, i) {
			continue
		}
		if d.isPlaceName(e, i, i) && !(isSentenceStart(e, i) && d.weakPlace(t.str(e))) {
			// "Moscow said its forces": a capital or a big city speaks for its state;
			// "the court in Strasbourg delivered its judgment": a place
			continue
		}
		d.addActorBody(e, i, i, t.str(e), "", false)
		if other >= 0 {
			d.addActorBody(e, other, other, toks[other].str(e), "", false)
		}
		i = k
	}
}

// weakPlace: every reading of s in the gazetteer is a town below a million people
// that is no capital: a weak place-list hit, which an organisation's evidence (a
// statement of "its" own) outranks ("Toyota said it would build a plant").
func (d *docIndex) weakPlace(s string) bool {
	ps := d.placeOptions(s)
	for _, p := range ps {
		if p.Kind != gazetteer.KindCity || p.Feature == "PPLC" || p.Population >= 1_000_000 {
			return false
		}
	}
	return len(ps) > 0
}

// descriptorCountry is the country of the first country adjective among tokens a..b.
func (d *docIndex) descriptorCountry(e *entryScan, a, b int) string {
	for k := a; k <= b && k < len(e.toks); k++ {
		t := e.toks[k]
		if !t.isWord() || !t.isCap() {
			continue
		}
		if p, ok := d.countryOfAdjective(t.str(e)); ok {
			return p.Name
		}
		// a country's name as the attribute: "the New Zealand dairy cooperative"
		for q := min(b, k+2); q >= k; q-- {
			if p, ok := d.country(span(e.text, e.toks, k, q)); ok && q < b && !e.toks[q+1].isCap() {
				return p.Name
			}
		}
	}
	return ""
}

// knownPerson: tokens i..j name a person of the document, or end in a known surname.
func (d *docIndex) knownPerson(e *entryScan, i, j int) bool {
	if _, ok := d.personKey[d.fold(span(e.text, e.toks, i, j))]; ok {
		return true
	}
	last := foldedLower(e, e.toks[j])
	_, ok := d.surnames[last]
	return ok || d.titledSurnames[last]
}

// bodyCountries fills the country of the bodies that an organisation rule placed in a
// country, where no other rule did.
func (d *docIndex) bodyCountries(e *entryScan, bs []Body) {
	if len(d.orgs.country) == 0 {
		return
	}
	for _, m := range e.bodies {
		ent := m.ent.find()
		c := d.orgs.country[ent]
		if c == "" {
			c = d.orgs.country[m.ent]
		}
		if c == "" {
			continue
		}
		for n := range bs {
			if bs[n].Name == ent.name && bs[n].Country == "" {
				bs[n].Country = c
			}
		}
	}
}

// countryAdjective: tokens i..j are a country adjective alone ("the Swiss bank", "the
// South Korean company" name no body called "Swiss").
func (d *docIndex) countryAdjective(e *entryScan, i, j int) bool {
	_, ok := d.countryOfAdjective(span(e.text, e.toks, i, j))
	return ok
}

// exactPlaceName: tokens i..j are the own name of a place, not only an alternate one.
func (d *docIndex) exactPlaceName(e *entryScan, i, j int) bool {
	for _, p := range d.placeOptions(span(e.text, e.toks, i, j)) {
		if len(p.Aliases) == 0 {
			return true
		}
	}
	return false
}
