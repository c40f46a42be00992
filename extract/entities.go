package extract

import (
	"slices"
	"sort"
	"unsafe"

	"annals/extract/gazetteer"
)

// placeIndex is what entity extraction needs from the gazetteer; tests pass a small
// invented one.
type placeIndex interface {
	Lookup(name string) []gazetteer.Place
	Country(name string) (gazetteer.Place, bool)
	CountryOfAdjective(adj string) (gazetteer.Place, bool)
	Adjective(countryCode string) string
}

// looseIndex is the optional loose look-up of romanized names ("Kazeroon" → Kāzerūn)
// and region adjectives ("Welsh" → Wales).
type looseIndex interface {
	LookupLoose(name string) []gazetteer.Place
}

type regionAdjectives interface {
	RegionOfAdjective(adj string) (gazetteer.Place, bool)
}

// noPlaces answers every look-up with nothing.
type noPlaces struct{}

func (noPlaces) Lookup(string) []gazetteer.Place                   { return nil }
func (noPlaces) Country(string) (gazetteer.Place, bool)            { return gazetteer.Place{}, false }
func (noPlaces) CountryOfAdjective(string) (gazetteer.Place, bool) { return gazetteer.Place{}, false }
func (noPlaces) Adjective(string) string                           { return "" }

// annotate fills People, Bodies and Places of the records of one document, using
// what the whole document says (acronym definitions, full names of people).
func (x *Extractor) annotate(recs []Record) {
	x.annotateDocument(&Document{Records: recs})
}

// annotateDocument is annotate with the lines that are not entries (title,
// introduction) read for acronym definitions too: "organised by the International Ski
// and Snowboard Federation (FIS)" in an introduction defines FIS for every entry.
func (x *Extractor) annotateDocument(doc *Document) {
	var gz placeIndex = noPlaces{}
	var slab tokenSlab
	if x != nil && x.gz != nil {
		gz = x.gz
	}
	if x != nil {
		if b, ok := x.blocks.Get().(*slabBlocks); ok {
			slab.spare = *b
		}
	}
	context := make([]string, 0, len(doc.Skipped))
	for _, s := range doc.Skipped {
		context = append(context, s.Text)
	}
	annotateIn(gz, &slab, doc.Records, context)
	if x != nil {
		// only after annotateIn returned: it leaves every entry it used zeroed
		x.blocks.Put(slab.release())
	}
}

// annotateWith runs the document's sweeps; each needs what the sweeps before it learnt
// from every entry:
//  1. acronym and alias definitions (the introduction's lines included);
//  2. acronyms, titled people, bodies by head words;
//  3. bodies named elsewhere in the document, people by context cues, bodies described
//     in plain words;
//  4. people known from elsewhere (full names, surnames), then place candidates;
//  5. loose readings of romanized names, places resolved with the entry's and the
//     document's countries, and the records' people, bodies and places.
func annotateWith(gz placeIndex, recs []Record, context ...string) {
	annotateIn(gz, new(tokenSlab), recs, context)
}

// annotateIn is annotateWith with the entries' tokens carved from slab.
func annotateIn(gz placeIndex, slab *tokenSlab, recs []Record, context []string) {
	d := newDocIndex(gz)
	for _, c := range context {
		e := slab.newEntryScan(c)
		d.collectDefinitions(e)
		*e = entryScan{} // read for definitions only: its tokens are no longer needed
	}
	entries := make([]*entryScan, len(recs))
	for i := range recs {
		entries[i] = slab.newEntryScan(recs[i].Text)
		d.collectDefinitions(entries[i])
	}
	for _, e := range entries {
		d.findBodies(e)
		d.findTitledPeople(e)
		d.findBodyHeads(e)
		d.findActors(e)
		d.findCuedBodies(e)
	}
	for _, e := range entries {
		d.findKnownBodies(e)
		d.findKnownWords(e)
		d.findSubjectBodies(e)
		d.findCuedPeople(e)
		d.findDescribedBodies(e)
	}
	d.clusterPeople(entries)
	for _, e := range entries {
		d.findKnownPeople(e)
		d.seatCues(e)
		d.findPlaceCandidates(e, false)
	}
	d.clusterPeople(entries)
	d.countryPrior(entries)
	d.siteCountries(entries)
	for i, e := range entries {
		d.findPlaceCandidates(e, true)
		d.resolvePlaces(e)
		recs[i].People = d.peopleOf(e)
		recs[i].Bodies = d.bodiesOf(e)
		d.bodyCountries(e, recs[i].Bodies)
		recs[i].Places = d.placesOf(e)
		recs[i].lacks = e.lacks
		*e = entryScan{} // the entry's tokens and candidates are no longer needed
		entries[i] = nil
	}
	assignRoles(gz, recs, context) // roles and identities: roles.go, identity.go
	for i := range recs {
		recs[i].lacks = 0
	}
}

// entryScan is one entry under analysis.
type entryScan struct {
	text  string
	lower string // lowerText(text): the tokens' lower-cased forms at the same offsets
	// lowerExact: lower is strings.ToLower(text), no letter left upper-case
	lowerExact bool
	// lacks: the roleCues none of the tokens holds (zero unless lowerExact)
	lacks  wordClass
	toks   []token
	sent   []uint16 // sentence number of each token, modulo 1<<16: see sameSentence
	bodies []bodyMention
	people []*personMention
	cands  []placeCandidate
	places []placeMention
}

const (
	claimBody int8 = iota + 1
	claimPerson
	claimPlace
	claimOther
)

// tokenSlab hands out the token slices of a document's entries from large shared
// blocks, each exactly as long as its entry's tokens: one allocation per 64k tokens
// instead of one per entry, and no spare capacity kept alive until the last sweep.
// The blocks come from spare, the blocks an earlier document used (Extractor.blocks),
// before new ones are made: no string cut from a block outlives its document (the
// lower-cased texts are read by the sweeps and the rules only; the gazetteer copies
// the keys it caches; TestExtractReusesScratch).
type tokenSlab struct {
	scratch []token // the tokenizer's output for the current entry
	block   []token
	sent    []uint16
	scans   []entryScan // the entries themselves, 256 to an allocation
	lower   []byte      // the entries' lower-cased texts, one allocation per 64 KiB
	used    slabBlocks  // every block handed out for this document
	spare   slabBlocks  // blocks of an earlier document, zeroed, not yet handed out
}

// slabBlocks are the fixed-size blocks of a tokenSlab, each with its full capacity.
type slabBlocks struct {
	toks  [][]token
	sent  [][]uint16
	scans [][]entryScan
	lower [][]byte
}

const (
	slabTokens = 1 << 16
	slabLower  = 1 << 16
	slabScans  = 256
)

// nextBlock returns an empty block of capacity size: a spare one if there is one, else
// a new one; either way it is recorded in used.
func nextBlock[T any](spare, used *[][]T, size int) []T {
	var b []T
	if n := len(*spare); n > 0 {
		b = (*spare)[n-1][:0]
		*spare = (*spare)[:n-1]
	} else {
		b = make([]T, 0, size)
	}
	*used = append(*used, b)
	return b
}

// release returns every block of the slab for the next document's slab; the slab is
// empty after. The entries must be zeroed (annotateIn zeroes each when it is done
// with it), so that the pool keeps nothing of the document alive and a reused entry
// starts empty; a reused block of tokens, sentence numbers or lower-cased text is
// overwritten before it is read.
func (s *tokenSlab) release() *slabBlocks {
	b := &slabBlocks{
		toks:  append(s.used.toks, s.spare.toks...),
		sent:  append(s.used.sent, s.spare.sent...),
		scans: append(s.used.scans, s.spare.scans...),
		lower: append(s.used.lower, s.spare.lower...),
	}
	*s = tokenSlab{}
	return b
}

func (s *tokenSlab) newEntryScan(text string) *entryScan {
	if len(s.scans) == cap(s.scans) {
		s.scans = nextBlock(&s.spare.scans, &s.used.scans, slabScans)
	}
	s.scans = s.scans[:len(s.scans)+1]
	e := &s.scans[len(s.scans)-1]
	e.text = text
	if n := len(text); n > 0 && n <= slabLower/4 { // lower-cased into the shared block
		if cap(s.lower)-len(s.lower) < n {
			s.lower = nextBlock(&s.spare.lower, &s.used.lower, slabLower)
		}
		k := len(s.lower)
		s.lower, e.lowerExact = appendLower(s.lower, text)
		e.lower = unsafe.String(&s.lower[k], n)
	} else {
		var b []byte
		b, e.lowerExact = appendLower(make([]byte, 0, n), text)
		e.lower = unsafe.String(unsafe.SliceData(b), len(b))
	}
	// an entry has at most one token per byte: an entry that surely fits is tokenized
	// straight into the block, without a copy
	if len(text) <= slabTokens/4 {
		if cap(s.block)-len(s.block) < len(text) {
			s.block = nextBlock(&s.spare.toks, &s.used.toks, slabTokens)
		}
		k := len(s.block)
		s.block = tokenize(s.block, text, e.lower)
		e.toks = s.block[k:len(s.block):len(s.block)]
		return e.scan(s)
	}
	s.scratch = tokenize(s.scratch[:0], text, e.lower)
	n := len(s.scratch)
	if n > slabTokens/4 {
		e.toks = slices.Clone(s.scratch) // a long entry gets its own block
	} else {
		if cap(s.block)-len(s.block) < n {
			s.block = nextBlock(&s.spare.toks, &s.used.toks, slabTokens)
		}
		k := len(s.block)
		s.block = append(s.block, s.scratch...)
		e.toks = s.block[k:len(s.block):len(s.block)]
	}
	return e.scan(s)
}

// carve takes n elements from the block, starting a new block (nextBlock of spare and
// used) when it is full; they hold what a document before left in them.
func carve[T any](block *[]T, spare, used *[][]T, n int) []T {
	if n > slabTokens/4 {
		return make([]T, n)
	}
	if cap(*block)-len(*block) < n {
		*block = nextBlock(spare, used, slabTokens)
	}
	k := len(*block)
	*block = (*block)[:k+n]
	return (*block)[k : k+n : k+n]
}

// room returns an empty slice with room for n elements, taken from a block shared by
// the document's entries (one allocation for many small slices); appending beyond n
// moves the slice out of the block.
func room[T any](block *[]T, n, blockLen int) []T {
	if n > blockLen/4 {
		return make([]T, 0, n)
	}
	if cap(*block)-len(*block) < n {
		*block = make([]T, 0, blockLen)
	}
	k := len(*block)
	*block = (*block)[:k+n]
	return (*block)[k : k : k+n]
}

// appendBodyMention appends m to an entry's body mentions; the first takes room for
// four from a block shared by the document's entries.
func (d *docIndex) appendBodyMention(ms []bodyMention, m bodyMention) []bodyMention {
	if cap(ms) == 0 {
		ms = room(&d.bodyMentionBlock, 4, 1024)
	}
	return append(ms, m)
}

// appendPersonMention is appendBodyMention for people.
func (d *docIndex) appendPersonMention(ms []*personMention, m *personMention) []*personMention {
	if cap(ms) == 0 {
		ms = room(&d.personMentionBlock, 4, 1024)
	}
	return append(ms, m)
}

// scan fills the per-token state of an entry whose tokens are read.
func (e *entryScan) scan(s *tokenSlab) *entryScan {
	n := len(e.toks)
	e.sent = carve(&s.sent, &s.spare.sent, &s.used.sent, n) // every number is set below
	dateEnd := -1
	in := false
	var sent uint16
	var has wordClass
	for i, t := range e.toks {
		e.sent[i] = sent
		if t.isWord() {
			has |= t.class
			if in {
				e.toks[i].class |= fQuoted
			}
			continue
		}
		// punctuation is one character: told apart by its first and last byte
		// ("“" e2 80 9c, "”" e2 80 9d, "–" e2 80 93, "—" e2 80 94, "―" e2 80 95)
		switch c := e.text[t.start]; {
		case c == '"':
			in = !in
		case isSentenceEnd(c):
			sent++
		case c == '-':
			if dateEnd < 0 && i < 12 {
				dateEnd = i // the date phrase ends at the first dash
			}
		case c == 0xe2 && t.end-t.start == 3 && e.text[t.start+1] == 0x80:
			switch e.text[t.start+2] {
			case 0x9c:
				in = true
			case 0x9d:
				in = false
			case 0x93, 0x94, 0x95:
				if dateEnd < 0 && i < 12 {
					dateEnd = i
				}
			}
		}
		if in {
			e.toks[i].class |= fQuoted
		}
	}
	for j := 0; j <= dateEnd; j++ {
		e.toks[j].setClaim(claimOther)
	}
	if e.lowerExact {
		e.lacks = roleCues &^ has
	}
	return e
}

// isSentenceEnd: a punctuation token that starts with c ends a sentence.
func isSentenceEnd(c byte) bool { return c == '.' || c == '!' || c == '?' || c == ';' }

// sameSentence reports whether tokens i and k are in one sentence. The numbers in
// sent, kept in two bytes, tell it for every entry of fewer than 1<<16 tokens (a
// number never exceeds the token's index); in a longer entry the tokens between are
// read.
func (e *entryScan) sameSentence(i, k int) bool {
	if e.sent[i] != e.sent[k] {
		return false
	}
	if len(e.toks) < 1<<16 {
		return true
	}
	for p := min(i, k); p < max(i, k); p++ {
		if t := e.toks[p]; !t.isWord() && isSentenceEnd(e.text[t.start]) {
			return false
		}
	}
	return true
}

func (e *entryScan) free(i int) bool {
	return i >= 0 && i < len(e.toks) && e.toks[i].claim() == 0
}

func (e *entryScan) claim(i, j int, c int8) {
	for k := i; k <= j && k < len(e.toks); k++ {
		e.toks[k].setClaim(c)
	}
}

// docIndex is what the document says about its entities.
type docIndex struct {
	gz        placeIndex
	bodies    []*bodyEntity
	bodyByKey map[string]*bodyEntity // folded name, alias, acronym, skeleton → entity
	// bodyFirst holds the first folded word of every key of bodyByKey, so that only
	// runs that may name a known body are folded and looked up
	bodyFirst map[string]bool
	acronyms  map[string]*bodyEntity // acronym as written → entity
	people    []*personEntity
	personKey map[string]*personEntity // folded full name → entity
	surnames  map[string][]*personEntity
	// titledSurnames are last words of titled names seen so far ("leader X Singh")
	titledSurnames map[string]bool
	prior          map[string]int // country code → weight in the document
	priorTotal     int
	sites          map[string]gazetteer.Place // folded site name → the country given for it
	lastQual       string                     // the region qualifier of the last canonicalBody, if any
	lookups        map[string][]gazetteer.Place
	countries      map[string]countryAnswer
	adjs           map[string]countryAnswer
	looses         map[string][]gazetteer.Place
	looseKept      map[string][]gazetteer.Place // loose readings in the document's countries
	nameWords      map[string]bool              // folded words of known people's names
	folded         map[string]string            // foldKey of names seen before
	options        map[string][]gazetteer.Place // placeOptions of spans seen before
	// placeBuf backs the place mentions of the entry being resolved: they live only
	// from resolvePlaces to placesOf, so one buffer serves every entry
	placeBuf []placeMention
	// candBuf holds the new place candidates of the entry being read, kept those of
	// its earlier pass; candBlock backs them afterwards (findPlaceCandidates)
	candBuf   []placeCandidate
	kept      []placeCandidate
	candBlock []placeCandidate
	// and the first body and person mentions (appendBodyMention, appendPersonMention)
	bodyMentionBlock   []bodyMention
	personMentionBlock []*personMention
	// the records' people, bodies and places, carved from blocks (room)
	personBlock []Person
	bodyBlock   []Body
	placeBlock  []Place
	orgs        orgCues // organisations on any text (orgcues.go)
}

func newDocIndex(gz placeIndex) *docIndex {
	return &docIndex{
		gz:             gz,
		bodyByKey:      map[string]*bodyEntity{},
		bodyFirst:      map[string]bool{},
		acronyms:       map[string]*bodyEntity{},
		personKey:      map[string]*personEntity{},
		surnames:       map[string][]*personEntity{},
		titledSurnames: map[string]bool{},
		prior:          map[string]int{},
		lookups:        map[string][]gazetteer.Place{},
		countries:      map[string]countryAnswer{},
		adjs:           map[string]countryAnswer{},
		looses:         map[string][]gazetteer.Place{},
		looseKept:      map[string][]gazetteer.Place{},
		sites:          map[string]gazetteer.Place{},
		nameWords:      map[string]bool{},
		folded:         map[string]string{},
		options:        map[string][]gazetteer.Place{},
		orgs:           newOrgCues(),
	}
}

// fold is foldKey, remembered for the document: the same names come back in entry
// after entry, and folding a name of several words allocates.
func (d *docIndex) fold(s string) string {
	if k, ok := d.folded[s]; ok {
		return k
	}
	k := foldKey(s)
	d.folded[s] = k
	return k
}

// lookup caches gazetteer look-ups for the document.
func (d *docIndex) lookup(name string) []gazetteer.Place {
	if ps, ok := d.lookups[name]; ok {
		return ps
	}
	ps := d.gz.Lookup(name)
	d.lookups[name] = ps
	return ps
}

type countryAnswer struct {
	p  gazetteer.Place
	ok bool
}

// country caches gz.Country for the document.
func (d *docIndex) country(name string) (gazetteer.Place, bool) {
	if a, ok := d.countries[name]; ok {
		return a.p, a.ok
	}
	p, ok := d.gz.Country(name)
	d.countries[name] = countryAnswer{p, ok}
	return p, ok
}

// countryOfAdjective caches gz.CountryOfAdjective for the document.
func (d *docIndex) countryOfAdjective(adj string) (gazetteer.Place, bool) {
	if a, ok := d.adjs[adj]; ok {
		return a.p, a.ok
	}
	p, ok := d.gz.CountryOfAdjective(adj)
	d.adjs[adj] = countryAnswer{p, ok}
	return p, ok
}

// lookupLoose caches the gazetteer's loose look-up, when it has one.
func (d *docIndex) lookupLoose(name string) []gazetteer.Place {
	if ps, ok := d.looses[name]; ok {
		return ps
	}
	var ps []gazetteer.Place
	if li, ok := d.gz.(looseIndex); ok {
		ps = li.LookupLoose(name)
	}
	d.looses[name] = ps
	return ps
}

// addAlias appends s to list unless an equal folded form is there or equals name.
func addAlias(list []string, name, s string) []string {
	if s == "" || s == name {
		return list
	}
	for _, a := range list {
		if a == s {
			return list
		}
	}
	return append(list, s)
}

func sortedAliases(name string, as []string) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if a != name {
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}
