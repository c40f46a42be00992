package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"annals/extract/legislatures"
)

// Identity within a document: every mention of one body comes out under one name
// (the fullest the document uses), with the other forms as aliases and the same
// country and parent in every entry. Two mentions are the same body when
//   - they share a name or alias (an acronym defined for both: "Revolutionary
//     Guards (IRGC)" and "Islamic Revolutionary Guard Corps (IRGC)");
//   - one is the other with a leading demonym, country or possessive that names the
//     body's own country ("British House of Commons", "UK's House of Commons" and
//     "House of Commons");
//   - one, of two words or more, is a run of words of exactly one longer name in the
//     document ("Coastal Defence Alliance" in "Coastal Defence
//     Alliance of Norway");
// and their countries do not disagree: Italy's and Slovenia's "Foreign Affairs
// Committee" stay two bodies.

// noParent is the parent of a mention that contradicts any parent ("Friends of X in
// several European nations" is not the intergroup of one parliament): it joins only
// mentions without a parent.
const noParent = "\x00none"

// nationWords after "in several/many/various ... " make a body one of several nations.
var nationWords = set("nations", "countries", "states", "parliaments")

// severalWords before them.
var severalWords = set("several", "many", "various", "multiple", "numerous", "different", "other")

// spansNations reports whether a mention of b is followed by "in several (European)
// nations", "across many countries": a network or movement, not a body of one
// parliament or country.
func spansNations(rec *Record, b *Body) bool {
	for f := range bodyForms(b) {
		for m := range mentions(rec.Text, f) {
			var buf [5]string
			ws := appendWordsAfter(buf[:0], rec.Text, m+len(f), 5)
			if len(ws) < 3 || ws[0] != "in" && ws[0] != "across" && ws[0] != "throughout" || !severalWords.has(lowerWord(ws[1])) && !isNumberWord(ws[1]) {
				continue
			}
			for _, w := range ws[2:] {
				if nationWords.has(lowerWord(w)) {
					return true
				}
			}
		}
	}
	return false
}

// namesNations reports whether text holds a word of nationWords at all: most entries
// do not, and spansNations need not look at their bodies.
func namesNations(text string) bool {
	// strings.Contains of each word, in one pass: every one ends in an s
	for i := 0; ; i++ {
		k := strings.IndexByte(text[i:], 's')
		if k < 0 {
			return false
		}
		i += k
		if head := text[:i]; strings.HasSuffix(head, "nation") || strings.HasSuffix(head, "countrie") ||
			strings.HasSuffix(head, "state") || strings.HasSuffix(head, "parliament") {
			return true
		}
	}
}

// isNumberWord: "20" or a number word up to twelve.
func isNumberWord(w string) bool {
	if w != "" && strings.Trim(w, "0123456789") == "" {
		return true
	}
	switch lowerWord(w) {
	case "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozens":
		return true
	}
	return false
}

// genericBodyNames, bare, name a different body in each country.
var genericBodyNames = set("senate", "house", "parliament", "congress", "assembly", "government", "legislature",
	"council", "committee", "cabinet", "ministry", "court", "army", "police", "military", "state senate", "national assembly")

// bodyRef is one body of one record.
type bodyRef struct{ rec, body int }

// unionFind joins body mentions into groups; a mention is numbered by its record's
// offset plus its place among the record's bodies.
type unionFind struct {
	off  []int32 // first number of each record's bodies
	up   []int32 // parent of each mention
	refs []bodyRef
}

func newUnionFind(recs []Record) *unionFind {
	n := 0
	for ri := range recs {
		n += len(recs[ri].Bodies)
	}
	u := &unionFind{off: make([]int32, len(recs)), up: make([]int32, 0, n), refs: make([]bodyRef, 0, n)}
	for ri := range recs {
		u.off[ri] = int32(len(u.refs))
		for bi := range recs[ri].Bodies {
			u.up = append(u.up, int32(len(u.refs)))
			u.refs = append(u.refs, bodyRef{ri, bi})
		}
	}
	return u
}

func (u *unionFind) root(i int32) int32 {
	for u.up[i] != i {
		u.up[i] = u.up[u.up[i]]
		i = u.up[i]
	}
	return i
}

// at is the number of the root of x's group: the index of what the group shares in
// the slices the identity rules keep by mention number.
func (u *unionFind) at(x bodyRef) int32 {
	return u.root(u.off[x.rec] + int32(x.body))
}

func (u *unionFind) find(x bodyRef) bodyRef {
	return u.refs[u.root(u.off[x.rec]+int32(x.body))]
}

func (u *unionFind) union(a, b bodyRef) {
	ra, rb := u.root(u.off[a.rec]+int32(a.body)), u.root(u.off[b.rec]+int32(b.body))
	if ra != rb {
		u.up[rb] = ra
	}
}

// maxSubsequenceForms bounds the quadratic run-of-words comparison.
const maxSubsequenceForms = 2000

// unifyBodies gives every mention of one body the same name, aliases, country and
// parent across the records of a document.
func (r *roleReader) unifyBodies(recs []Record) {
	uf := newUnionFind(recs)
	byKey := map[string]bodyRef{}
	// The country and parent of each group, by the number of its root (uf.at).
	country := make([]string, len(uf.refs))
	parent := make([]string, len(uf.refs))
	link := func(k string, ref bodyRef) {
		if k == "" {
			return
		}
		if o, ok := byKey[k]; ok {
			ro, rr := uf.at(o), uf.at(ref)
			oc, rc := country[ro], country[rr]
			if genericBodyNames.has(k) && (oc == "" || rc != oc) {
				return // a bare "Senate" is the Senate of its entry's country
			}
			if compatible(oc, rc) && compatible(parent[ro], parent[rr]) {
				c, p := firstNonEmpty(oc, rc), firstNonEmpty(parent[ro], parent[rr])
				uf.union(o, ref)
				country[uf.at(ref)], parent[uf.at(ref)] = c, p
			}
			return
		}
		byKey[k] = ref
	}
	refs := uf.refs
	nations := -1 // the last record found to hold a word of several nations
	for i, ref := range refs {
		b := &recs[ref.rec].Bodies[ref.body]
		country[i] = b.Country
		if i == 0 || refs[i-1].rec != ref.rec {
			nations = -1
			if namesNations(recs[ref.rec].Text) {
				nations = ref.rec
			}
		}
		if b.PartOf != "" {
			parent[i] = r.fold(b.PartOf)
		} else if nations == ref.rec && spansNations(&recs[ref.rec], b) {
			parent[i] = noParent // contradicts any parent: a body of one parliament is no network of several nations
		}
	}
	for _, ref := range refs {
		b := &recs[ref.rec].Bodies[ref.body]
		for f := range bodyForms(b) {
			link(r.fold(f), ref)
		}
	}
	r.linkBareNames(recs, refs, uf, country)
	// An acronym of one body that is the initials of another's name: "IRGC" defined
	// for "Revolutionary Guards" and the "Islamic Revolutionary Guard Corps".
	// Each distinct form once, in a fixed order: the mentions of one form are already
	// joined.
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	initials := map[string][]bodyRef{}
	for _, k := range keys {
		if in := nameInitials(formOf(recs, byKey[k], k)); len(in) >= 2 {
			initials[in] = append(initials[in], byKey[k])
		}
	}
	for _, k := range keys {
		ref := byKey[k]
		f := formOf(recs, ref, k)
		if !isAcronym(f) {
			continue
		}
		for _, o := range initials[strings.ReplaceAll(f, ".", "")] {
			ro, rr := uf.at(o), uf.at(ref)
			if compatible(country[ro], country[rr]) && compatible(parent[ro], parent[rr]) {
				c, p := firstNonEmpty(country[ro], country[rr]), firstNonEmpty(parent[ro], parent[rr])
				uf.union(o, ref)
				country[uf.at(ref)], parent[uf.at(ref)] = c, p
			}
		}
	}
	// A leading demonym, country or possessive naming the body's own country; each
	// distinct form once.
	for _, k := range keys {
		ref := byKey[k]
		f := formOf(recs, ref, k)
		c, n := r.leadingCountry(f, false)
		if c == "" {
			continue
		}
		rest := strings.Join(strings.Fields(f)[n:], " ")
		if o, ok := byKey[r.fold(rest)]; ok && len(strings.Fields(rest)) >= 2 {
			oc, bc := country[uf.at(o)], firstNonEmpty(country[uf.at(ref)], c)
			if compatible(oc, bc) && bc == c {
				uf.union(o, ref)
				country[uf.at(ref)] = c
			}
		}
	}
	r.linkRuns(recs, refs, uf, country, parent)

	groups := groupRefs(refs, uf)
	roots := groups.roots
	canon := map[string]string{} // folded form → the group's name
	byInitials := map[string]string{}
	ids := make([]*bodyIdentity, len(refs)) // by the number of the root
	for _, root := range roots {
		id := &bodyIdentity{name: r.fullestName(recs, groups.of(root))}
		for _, ref := range groups.of(root) {
			b := &recs[ref.rec].Bodies[ref.body]
			id.legislative = id.legislative || b.Legislative
			setOnce(&id.country, b.Country)
			setOnce(&id.partOf, b.PartOf)
			for f := range bodyForms(b) {
				id.aliases = addAlias(id.aliases, id.name, f)
			}
		}
		for _, a := range append(id.aliases, id.name) {
			canon[r.fold(a)] = id.name
			if in := nameInitials(a); len(in) >= 2 {
				if o, ok := byInitials[in]; ok && o != id.name {
					byInitials[in] = "" // two bodies share the initials
				} else if !ok {
					byInitials[in] = id.name
				}
			}
		}
		ids[root] = id
	}
	// Parents by their group's name; a body without a country takes its parent's.
	byName := map[string]*bodyIdentity{}
	for _, root := range roots {
		byName[ids[root].name] = ids[root]
	}
	for _, root := range roots {
		r.resolveParent(ids[root], canon, byInitials, byName)
	}
	for range 3 { // parents of parents
		for _, root := range roots {
			id := ids[root]
			if p, ok := byName[id.partOf]; ok && id.country == "" {
				id.country = p.country
			}
		}
	}
	// Chambers named together belong to one parliament ("both the House of Commons
	// and the House of Lords").
	for ri := range recs {
		rec := &recs[ri]
		for bi := range rec.Bodies {
			id := ids[uf.at(bodyRef{ri, bi})]
			if !r.isChamber(&rec.Bodies[bi]) || id.country != "" || r.international(id.name) {
				continue
			}
			for bj := range rec.Bodies {
				if o := ids[uf.at(bodyRef{ri, bj})]; bj != bi && o.country != "" && r.isChamber(&rec.Bodies[bj]) &&
					namedTogether(rec, &rec.Bodies[bi], &rec.Bodies[bj]) {
					id.country = o.country
					break
				}
			}
		}
	}
	r.linkChambers(ids, roots, byName)
	for _, root := range roots {
		id := ids[root]
		aliases := sortedAliases(id.name, id.aliases) // shared, as the entity passes share theirs
		for _, ref := range groups.of(root) {
			b := &recs[ref.rec].Bodies[ref.body]
			b.Name, b.Country, b.PartOf, b.Aliases = id.name, id.country, id.partOf, aliases
		}
	}
	for ri := range recs {
		recs[ri].Bodies = dedupeBodies(recs[ri].Bodies)
	}
}

// refGroups are the mentions of each group of a unionFind, in document order, in
// one array: counted, then placed, instead of a slice grown for each group.
type refGroups struct {
	roots   []int32   // the groups' roots, in the order of their first mentions
	start   []int32   // start[root]: where the root's mentions begin in members
	members []bodyRef // the mentions, group after group
}

func groupRefs(refs []bodyRef, uf *unionFind) refGroups {
	var g refGroups
	n := len(refs)
	g.start = make([]int32, n+1)
	rootOf := make([]int32, n)
	for i, ref := range refs {
		root := uf.at(ref)
		rootOf[i] = root
		if g.start[root+1] == 0 {
			g.roots = append(g.roots, root)
		}
		g.start[root+1]++
	}
	for i := 1; i <= n; i++ {
		g.start[i] += g.start[i-1]
	}
	next := slices.Clone(g.start[:n])
	g.members = make([]bodyRef, n)
	for i, ref := range refs {
		g.members[next[rootOf[i]]] = ref
		next[rootOf[i]]++
	}
	return g
}

// of is the mentions of the group of root.
func (g *refGroups) of(root int32) []bodyRef { return g.members[g.start[root]:g.start[root+1]] }

// resolveParent names the parent of a body by the parent's own identity: the
// parent as written in the entry ("the National Council of Resistance of Iran"), a
// leading acronym of a body ("E.U. Foreign Affairs Council"), "Congressional" for the
// document's Congress, a bare chamber word for the chamber of the body's country.
func (r *roleReader) resolveParent(id *bodyIdentity, canon, byInitials map[string]string, byName map[string]*bodyIdentity) {
	if id.partOf != "" {
		if roleChamberWords.has(lowerWord(id.partOf)) && id.country != "" {
			best := ""
			for _, p := range byName {
				if p.country == id.country && headWord(p.name) == lowerWord(id.partOf) && !r.regional(p.name) && (best == "" || p.name < best) {
					best = p.name // "Senate" of an Italian committee: the Italian Senate
				}
			}
			if best != "" {
				id.partOf = best
			}
			return
		}
		if p, ok := canon[r.fold(id.partOf)]; ok && p != id.name {
			id.partOf = p
			return
		}
		if c, ok := r.chamber(id.partOf); ok && c.House == legislatures.Whole {
			setOnce(&id.country, c.Country()) // a parliament the reference list knows, named in a committee's or chamber's name
			return
		}
		id.partOf = "" // not a body of the document
	}
	if !subunitHeads.has(headWord(id.name)) {
		return
	}
	for _, f := range append([]string{id.name}, id.aliases...) {
		ws := strings.Fields(f)
		for n := len(ws) - 1; n >= 2; n-- {
			if p, ok := canon[r.fold(strings.Join(ws[:n], " "))]; ok && p != id.name && !subunitHeads.has(lastWord(p)) {
				id.partOf = p // "House of Commons Standing Committee on Justice"
				return
			}
		}
		if len(ws) < 2 {
			continue
		}
		if p, ok := canon[r.fold(ws[0])]; ok && p != id.name {
			id.partOf = p
			return
		}
		if p := byInitials[strings.ReplaceAll(ws[0], ".", "")]; isAcronym(ws[0]) && p != "" && p != id.name {
			id.partOf = p // "E.U. Foreign Affairs Council"
			return
		}
	}
	if hasWord(id.name, "congressional") {
		id.partOf = canon["congress"]
	}
}

// linkChambers makes a chamber without a parent part of the one parliament of its
// country that the document names, when neither belongs to a region.
func (r *roleReader) linkChambers(ids []*bodyIdentity, roots []int32, byName map[string]*bodyIdentity) {
	for _, root := range roots {
		c := ids[root]
		h := headWord(c.name)
		if !c.legislative || c.partOf != "" || c.country == "" || !roleChamberWords.has(h) || r.regional(c.name) {
			continue
		}
		var parent *bodyIdentity
		n := 0
		for _, p := range byName {
			if p.legislative && p.country == c.country && r.nameFacts(p.name).parliament && !r.regional(p.name) {
				parent = p
				n++
			}
		}
		if n == 1 {
			c.partOf = parent.name
		}
	}
}

// bodyIdentity is what every mention of one body shares.
type bodyIdentity struct {
	name, country, partOf string
	aliases               []string
	legislative           bool
}

// regionalWords in a body's name make it a region's or a city's.
var regionalWords = set("state", "provincial", "regional", "cantonal", "municipal", "city")

// regional reports whether a name belongs to a region or state rather than a
// country: "Connecticut House of Representatives", "Arizona State Legislature".
func (r *roleReader) regional(name string) bool {
	if hasWordIn(name, regionalWords) {
		return true
	}
	if i := strings.LastIndex(name, " of "); i > 0 {
		tail := strings.TrimPrefix(name[i+len(" of "):], "the ")
		if !r.isCountryName(tail) && r.countryOfPhrase(tail, true) != "" {
			return true // "Parliament of Wales"
		}
	}
	c, n := r.leadingCountry(name, true)
	if c == "" {
		return false
	}
	lead := trimPossessive(strings.Join(strings.Fields(strings.TrimLeft(name, "0123456789thsndr "))[:n], " "))
	if ra, ok := r.gz.(regionAdjectives); ok {
		if _, ok := ra.RegionOfAdjective(lead); ok {
			return true // "Scottish Parliament"
		}
	}
	if r.isCountryName(lead) {
		return false
	}
	if _, ok := r.gz.CountryOfAdjective(lead); ok {
		return false
	}
	if r.isCountryName(strings.TrimSuffix(lead, "n")) {
		return false
	}
	return true
}

func compatible(a, b string) bool { return a == "" || b == "" || a == b }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// linkRuns joins a name of two words or more to the one longer name of the document
// that contains it as a run of words.
func (r *roleReader) linkRuns(recs []Record, refs []bodyRef, uf *unionFind, country, parent []string) {
	type form struct {
		key string
		ref bodyRef
	}
	seen := map[string]bool{}
	var forms []form
	for _, ref := range refs {
		for f := range bodyForms(&recs[ref.rec].Bodies[ref.body]) {
			k := r.fold(f)
			if !seen[k] {
				seen[k] = true
				forms = append(forms, form{k, ref})
			}
		}
	}
	if len(forms) > maxSubsequenceForms {
		return
	}
	for _, short := range forms {
		if strings.Count(short.key, " ") < 1 || genericBodyNames.has(short.key) {
			continue
		}
		var hit *form
		n := 0
		for i := range forms {
			long := &forms[i]
			if len(long.key) <= len(short.key) || uf.find(long.ref) == uf.find(short.ref) || strings.HasPrefix(long.key, "houses ") {
				continue
			}
			if strings.Contains(" "+long.key+" ", " "+short.key+" ") && !subunitOfShort(short.key, long.key) {
				if hit == nil || uf.find(hit.ref) != uf.find(long.ref) {
					n++
				}
				hit = long
			}
		}
		if n == 1 && compatible(country[uf.at(hit.ref)], country[uf.at(short.ref)]) && compatible(parent[uf.at(hit.ref)], parent[uf.at(short.ref)]) {
			c := firstNonEmpty(country[uf.at(hit.ref)], country[uf.at(short.ref)])
			p := firstNonEmpty(parent[uf.at(hit.ref)], parent[uf.at(short.ref)])
			uf.union(hit.ref, short.ref)
			country[uf.at(hit.ref)], parent[uf.at(hit.ref)] = c, p
		}
	}
}

// fullestName is the name of a group: of the names its records give it and the
// expansions of its acronyms, the one of most words, not counting an ordinal
// ("118th") or a possessive form.
func (r *roleReader) fullestName(recs []Record, refs []bodyRef) string {
	// Most records of a group repeat the names of the one before (the entity passes
	// share one list of aliases): those add nothing, to the acronyms nor to the best.
	acronyms := r.acronyms[:0] // the group's acronyms, dots dropped
	var last *Body
	for _, ref := range refs {
		b := &recs[ref.rec].Bodies[ref.body]
		if sameForms(b, last) {
			continue
		}
		last = b
		for i := -1; i < len(b.Aliases); i++ {
			if nf := r.nameFacts(formAt(b, i)); nf.acronym && !slices.Contains(acronyms, nf.dotless) {
				acronyms = append(acronyms, nf.dotless)
			}
		}
	}
	r.acronyms = acronyms
	best, bestScore := "", -1
	last = nil
	for _, ref := range refs {
		b := &recs[ref.rec].Bodies[ref.body]
		if sameForms(b, last) {
			continue
		}
		last = b
		for i := -1; i < len(b.Aliases); i++ {
			n := formAt(b, i)
			nf := r.nameFacts(n)
			if i >= 0 && !slices.Contains(acronyms, nf.initials) {
				continue // an alias names the body only when it expands its acronym
			}
			score := nf.words*4 + boolInt(i < 0)
			if !nf.plain || nf.words == 1 && i >= 0 {
				score = boolInt(i < 0)
			}
			if score > bestScore {
				best, bestScore = n, score
			}
		}
	}
	return best
}

// sameForms reports whether b has the name of o and o's very list of aliases.
func sameForms(b, o *Body) bool {
	return o != nil && b.Name == o.Name && len(b.Aliases) == len(o.Aliases) &&
		(len(b.Aliases) == 0 || &b.Aliases[0] == &o.Aliases[0])
}

// formAt is the name of b for i < 0, else its alias i.
func formAt(b *Body, i int) string {
	if i < 0 {
		return b.Name
	}
	return b.Aliases[i]
}

// nameFacts is what the identity rules read from one name of a body by itself.
type nameFacts struct {
	head     string // headWord
	words    int    // the number of its words
	initials string // nameInitials
	acronym  bool   // isAcronym
	dotless  string // the name without its dots
	plain    bool   // no ordinal first, possessive, parenthesis, slash or "Houses "
	// parliament: isParliamentName
	parliament bool
}

// nameFacts reads a name once per document.
func (r *roleReader) nameFacts(name string) *nameFacts {
	if nf, ok := r.names[name]; ok {
		return nf
	}
	ws := strings.Fields(name)
	nf := &nameFacts{
		head:     headWord(name),
		words:    len(ws),
		initials: nameInitials(name),
		acronym:  isAcronym(name),
		dotless:  strings.ReplaceAll(name, ".", ""),
		plain: !(len(ws) > 0 && isOrdinal(strings.ToLower(ws[0])) || strings.Contains(name, "'s ") || strings.Contains(name, "’s ") ||
			strings.Contains(name, "(") || strings.Contains(name, "/") || strings.HasPrefix(name, "Houses ")),
		parliament: len(ws) > 0 && isParliamentName(name),
	}
	r.names[name] = nf
	return nf
}

// isChamber: a house of a parliament ("Senate", "House of Commons").
func (r *roleReader) isChamber(b *Body) bool {
	h := r.nameFacts(b.Name).head
	return !subunitHeads.has(h) && b.Legislative && roleChamberWords.has(h)
}

// isSubunit: a committee, caucus, delegation, office... of a parent body.
func (r *roleReader) isSubunit(b *Body) bool { return subunitHeads.has(r.nameFacts(b.Name).head) }

// dedupeBodies merges bodies of one record that came out under one name.
func dedupeBodies(bs []Body) []Body {
	out := bs[:0]
	for _, b := range bs {
		i := slices.IndexFunc(out, func(o Body) bool { return o.Name == b.Name })
		if i < 0 {
			out = append(out, b)
			continue
		}
		out[i].Legislative = out[i].Legislative || b.Legislative
	}
	return out
}

// nameInitials are the initials of the capitalized words of a name of two words or
// more: "Islamic Revolutionary Guard Corps" → "IRGC", "European Union" → "EU".
func nameInitials(name string) string {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range ws {
		if !startsUpper(w) {
			continue
		}
		c, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(c)
	}
	return b.String()
}

var toAt = set("to", "at")

// subunitOfShort reports whether long names a part of the institution short names:
// "House of Commons Standing Committee on Justice" of the "House of Commons", the
// "Irish Delegation to the European Parliament".
func subunitOfShort(short, long string) bool {
	rest := strings.Replace(" "+long+" ", " "+short+" ", " ", 1)
	if !hasWordIn(rest, subunitHeads) && !hasWordIn(rest, toAt) {
		return false
	}
	return hasWordIn(short, institutionHeads) || hasWordIn(short, roleChamberWords) || hasWordIn(rest, toAt)
}

// linkBareNames joins the bodies named only by a generic word ("Congress", "the
// Senate") when the document gives them no two different countries.
func (r *roleReader) linkBareNames(recs []Record, refs []bodyRef, uf *unionFind, country []string) {
	byName := map[string][]bodyRef{}
	for _, ref := range refs {
		k := r.fold(recs[ref.rec].Bodies[ref.body].Name)
		if genericBodyNames.has(k) {
			byName[k] = append(byName[k], ref)
		}
	}
	for _, group := range byName {
		c := ""
		agree := true
		for _, ref := range group {
			if rc := country[uf.at(ref)]; rc != "" {
				if c != "" && rc != c {
					agree = false
				}
				c = rc
			}
		}
		if !agree {
			continue
		}
		for _, ref := range group[1:] {
			uf.union(group[0], ref)
		}
		country[uf.at(group[0])] = c
	}
}

// formOf is the form of body ref whose folded key is k.
func formOf(recs []Record, ref bodyRef, k string) string {
	for f := range bodyForms(&recs[ref.rec].Bodies[ref.body]) {
		if foldKey(f) == k {
			return f
		}
	}
	return ""
}
