package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// partyOffices are the offices a party's member holds that a text writes between the
// party's adjective and the person's name: "Conservative leader Andrew Scheer",
// "Liberal MP Anthony Rota", "Green Party leader Elizabeth May".
var partyOffices = set("leader", "co-leader", "mp", "mps", "senator", "senators", "lawmaker", "lawmakers", "candidate",
	"chair", "chairman", "chairwoman", "president", "spokesman", "spokeswoman", "spokesperson", "whip", "member",
	"councillor", "congressman", "congresswoman", "representative")

// partyBefore is the document's party whose adjective stands before an office right
// before a person's mention at offset at: "Conservative leader X" belongs to the
// "Conservative Party of Canada" the document names elsewhere. "" when no party of
// the document fits, when several do, and for a former office.
func (r *roleReader) partyBefore(text string, at int, d *docBodies) string {
	var buf [5]string
	ws := appendWordsBefore(buf[:0], text, at, 5)
	for len(ws) > 0 && titleAbbreviations.has(lowerWord(strings.TrimSuffix(ws[len(ws)-1], "."))) {
		ws = ws[:len(ws)-1] // "Conservative leader Mr. X"
	}
	n := len(ws)
	if n < 2 || !partyOffices.has(lowerWord(ws[n-1])) {
		return ""
	}
	for k := n - 2; k >= 0 && k >= n-3; k-- {
		if !startsUpper(ws[k]) || ws[k] == "," {
			return ""
		}
		if k > 0 && formerWords.has(lowerWord(ws[k-1])) {
			return ""
		}
		if p := r.partyNamed(strings.Join(ws[k:n-1], " "), d); p != "" {
			return p
		}
	}
	return ""
}

// usPartyAfter reads the U.S. notation of a legislator's party and state after the
// name, "Sheila Jackson Lee (D-TX)", as the Democratic or Republican Party: the one the
// document names, else the party's own name when the document names no party of that
// adjective (the notation states the membership by itself); "" when several fit.
func (r *roleReader) usPartyAfter(rest string, d *docBodies) string {
	rest = strings.TrimLeft(rest, " ")
	if len(rest) < 5 || rest[0] != '(' || rest[2] != '-' && !strings.HasPrefix(rest[2:], "–") || !isUpperByte(rest[3]) && rest[2] == '-' {
		return ""
	}
	var adjective string
	switch rest[1] {
	case 'D':
		adjective = "Democratic"
	case 'R':
		adjective = "Republican"
	default:
		return ""
	}
	if p := r.partyNamed(adjective, d); p != "" || d.namesPartyLike(adjective) {
		return p
	}
	return adjective + " Party"
}

// namesPartyLike: one of the document's parties has a name that starts with adjective.
func (d *docBodies) namesPartyLike(adjective string) bool {
	for _, b := range d.parties {
		for f := range bodyForms(b) {
			if strings.HasPrefix(f, adjective) && wordBoundaryAfter(f, len(adjective)) {
				return true
			}
		}
	}
	return false
}

// partyNamed is the one party of the document whose name is adjective followed by
// "Party" ("Conservative" → "Conservative Party of Canada"), or whose name is the
// adjective itself ("Fidesz", "Bloc Québécois"); "" when none or several are.
func (r *roleReader) partyNamed(adjective string, d *docBodies) string {
	adjective = trimPossessive(adjective)
	if p, ok := d.partyOf[adjective]; ok {
		return p
	}
	found := ""
	ambiguous := false
	take := func(b *Body) {
		if found != "" && found != b.Name {
			ambiguous = true
		}
		found = b.Name
	}
	for _, b := range d.parties {
		for f := range bodyForms(b) {
			if f == adjective || strings.HasPrefix(f, adjective+" Party") && wordBoundaryAfter(f, len(adjective)+len(" Party")) {
				take(b)
				break
			}
		}
	}
	if b := d.byKey[r.fold(adjective)]; b != nil && isPartyName(b, adjective) {
		take(b)
	}
	if ambiguous {
		found = ""
	}
	d.partyOf[adjective] = found
	return found
}

// isPartyName: the body is named adjective itself and the document calls it a party
// nowhere else — a party known by a name without the word ("Bloc Québécois"). Only a
// name of two words or more is taken, so that a one-word adjective ("Liberal") does not
// stand for a body of the same name.
func isPartyName(b *Body, adjective string) bool {
	return b.Name == adjective && strings.Contains(adjective, " ") && !b.Legislative
}

// joinVerbs before a body make the subject a member of it: "X won the seat and
// entered the House of Commons", "Y joined the Green Party".
var joinVerbs = []string{" joined the ", " entered the ", " was elected to the ", " rejoined the "}

// joinCues are the words bodiesJoined looks for (" as " and a verb of joinVerbs): an
// entry whose tokens hold none of them lacks wJoinCues, and the rule skips it.
var joinCues = set("as", "joined", "entered", "elected", "rejoined")

// foundCues are the words of foundVerbs, for wFoundCues: an entry without one lacks it,
// and bodyFounded skips it.
var foundCues = set("founded", "established", "formed", "launched", "created",
	"establishment", "formation", "creation", "launch")

// foundVerbs after the people who found a group: "A and B founded the X Caucus", "A
// and B unveiled the establishment of a caucus".
var foundVerbs = []string{" founded ", " established ", " formed ", " launched ", " created ",
	" the establishment of ", " the formation of ", " the creation of ", " the launch of "}

// foundedHeads are the heads of the bodies whose founders are members: a caucus or a
// party is, a campaign, a fund or a report is none.
var foundedHeads = set("caucus", "group", "intergroup", "committee", "coalition", "alliance", "network", "forum",
	"association", "league", "council", "party", "front", "movement", "union", "society", "club")

// bodyFounded is the body of rec that the person mentioned right before end founds
// with the other subjects of the sentence, nil if none: the body named right after
// the verb ("founded the X Caucus"), else the one body of the entry whose head is the
// group noun after it ("unveiled the establishment of a bipartisan caucus ... Dubbed
// the X Caucus"). The person must be one of the verb's subjects: only names, "and",
// commas and parentheses ("(D-TX)") stand between the mention and the verb.
func (r *roleReader) bodyFounded(rec *Record, end int) string {
	if rec.lacks&wFoundCues != 0 {
		return ""
	}
	text := rec.Text
	clause := text[end:sentenceEndAfter(text, end)]
	k, verb := -1, ""
	for _, v := range foundVerbs {
		if i := strings.Index(clause, v); i >= 0 && (k < 0 || i < k) {
			k, verb = i, v
		}
	}
	if k < 0 {
		return ""
	}
	subjects := clause[:k]
	if strings.HasPrefix(verb, " the ") {
		_, subjects = lastField(subjects) // "announced the creation of", "unveiled the establishment of"
	}
	if !onlyNames(subjects, nil) {
		return ""
	}
	rest := clause[k+len(verb):]
	for _, a := range []string{"the ", "a ", "an "} {
		rest = strings.TrimPrefix(rest, a)
	}
	if j := r.bodyStarting(rec, rest); j >= 0 {
		return rec.Bodies[j].Name
	}
	var buf [6]string
	for _, w := range appendFields(buf[:0], rest) {
		w = lowerWord(strings.TrimRight(w, ",;:"))
		if !foundedHeads.has(w) {
			continue
		}
		return r.bodyWithHead(rec, w)
	}
	return ""
}

// bodyStarting is the first body of rec one of whose forms starts s, -1 if none.
func (r *roleReader) bodyStarting(rec *Record, s string) int {
	for j := range rec.Bodies {
		for bf := range bodyForms(&rec.Bodies[j]) {
			if strings.HasPrefix(s, bf) && wordBoundaryAfter(s, len(bf)) {
				return j
			}
		}
	}
	return -1
}

// onlyNames: s holds only names (capitalized words), "and", "&", commas, parenthesized
// notes and the words of also: the subjects between a person's mention and a verb, the
// list between a group and a person.
func onlyNames(s string, also *wordSet) bool {
	depth := 0
	var word []byte
	check := func() bool {
		w := strings.TrimRight(string(word), ",")
		word = word[:0]
		return w == "" || w == "and" || w == "&" || startsUpper(w) || also != nil && also.has(w)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == ' ':
			if !check() {
				return false
			}
		default:
			word = append(word, c)
		}
	}
	return depth == 0 && check()
}

// bodiesJoined are the bodies of rec that the person mentioned at [at, end) joins, or
// holds an office of, later in the same sentence: "X ... entered the House of
// Commons", "X announced that he would resign as leader of the Conservative Party".
// Only when no other person is named between them, so that the act is the person's.
func (r *roleReader) bodiesJoined(rec *Record, p *Person, end int) []string {
	if rec.lacks&wJoinCues != 0 {
		return nil // no " as " and no join verb in the whole entry
	}
	text := rec.Text
	stop := sentenceEndAfter(text, end)
	clause := text[end:stop]
	if !strings.Contains(clause, " as ") && !slices.ContainsFunc(joinVerbs, func(v string) bool { return strings.Contains(clause, v) }) {
		return nil // most sentences: no cue
	}
	for i := range rec.People {
		o := &rec.People[i]
		if o.Name == p.Name {
			continue
		}
		for f := range namesOf(o.Name, o.Aliases) {
			if m := strings.Index(clause, f); m >= 0 {
				clause = clause[:m]
			}
		}
	}
	var out []string
	at := func(k int) {
		for j := range rec.Bodies {
			for bf := range bodyForms(&rec.Bodies[j]) {
				if strings.HasPrefix(clause[k:], bf) && wordBoundaryAfter(clause[k:], len(bf)) {
					out = appendNew(out, rec.Bodies[j].Name)
				}
			}
		}
	}
	for _, v := range joinVerbs {
		if k := strings.Index(clause, v); k >= 0 {
			at(k + len(v))
		}
	}
	for off := 0; ; {
		k := strings.Index(clause[off:], " as ")
		if k < 0 {
			break
		}
		k += off + len(" as ")
		off = k
		w, before := lastField(clause[:k-len(" as ")])
		if w == "down" {
			w, _ = lastField(before) // "stepped down as"
		}
		if leftVerbs.has(lowerWord(w)) {
			continue // "resigned as President of the Treasury Board": no longer
		}
		s := clause[k:]
		sp := strings.IndexByte(s, ' ')
		if sp <= 0 || !officeNouns.has(lowerWord(s[:sp])) || !strings.HasPrefix(s[sp:], " of ") {
			continue // "as leader of the X", "as chair of X"
		}
		rest := strings.TrimPrefix(s[sp+len(" of "):], "the ")
		at(len(clause) - len(rest))
	}
	return out
}

// leftVerbs before "as <office> of" end the office: "X resigned as chair of Y".
var leftVerbs = set("resigned", "quit", "stepped", "stood", "retired", "removed", "dismissed", "ousted", "replaced", "sacked", "fired")

// sentenceEndAfter is the offset of the end of the sentence holding offset at: its
// full stop after a lower-case word, or the end of text.
func sentenceEndAfter(text string, at int) int {
	for i := at; i+1 < len(text); i++ {
		if text[i] == '.' && text[i+1] == ' ' && i > 0 && lowerBefore(text, i) {
			return i
		}
	}
	return len(text)
}

// lowerBefore: the letter before offset i is lower-case, in any script ("in Nechí.").
func lowerBefore(text string, i int) bool {
	if c := text[i-1]; c < utf8.RuneSelf {
		return c >= 'a' && c <= 'z'
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLower(r)
}
