package extract

// wordClass is a bit set of the word lists a lower-cased word belongs to, computed once
// per token so that the rules test membership without a map look-up each.
type wordClass uint64

const (
	wLeftStops wordClass = 1 << iota
	wCalendarWords
	wCommonCapitalized
	wBodyHeads
	wLegislatorWords
	wConnectors
	wFunctionStops
	wRegionWords
	wNameParticles
	wLegislativeHeads
	wWeakHeads
	wCommitteeHeads
	wTitleModifiers
	wNameSuffixes
	wSiteTrailing
	wSiteLeading
	wLowerHeads
	wHouseChambers
	wNativeLegislatures
	wChamberWords
	wLegislativeMarkers
	wStrongLocatives
	wLocativeCues
	wTopicNouns
	wParticipationVerbs
	wMentionCues
	wParticipantByVerbs
	wListBreakers
	wRoleOpeners
	wPluralTitles
	wPersonVerbs
	wHonorific
	wTitle
	wOrgNouns
	wPluralOfTitle // a title with a plural s ("astronauts"): isPluralTitle
	wHouseWords    // "house", "houses", "chamber": heads of "House of X"
	wElect         // "president-elect", any word ending in "-elect" (set by the tokenizer)
	// organisation cues (orgcues.go)
	wClassNouns
	wMemberNouns
	wReportVerbs
	wSubjectVerbs
	wPersonNounsAfter
	// cues of the roles rules (roles*.go), which skip an entry without them
	wNewsClassNouns
	wGroupNouns
	wObjectVerbs
	wHearsayVerbs
)

// roleCues are the classes an entry's Record.lacks reports on: a roles rule that
// needs a word of one of them skips an entry whose tokens hold none. A word of these
// lists must be a single token wherever lowerWord of a word the rules split off
// (wordsBefore, wordsAfter, lastField, strings.Fields, trimmed of punctuation)
// equals it: letters only, and no abbreviation that keeps its period.
const roleCues = wNewsClassNouns | wGroupNouns | wObjectVerbs | wHearsayVerbs

var wordClasses = func() map[string]wordClass {
	m := map[string]wordClass{}
	add := func(s *wordSet, c wordClass) {
		for w := range s.words {
			m[w] |= c
		}
	}
	add(leftStops, wLeftStops)
	add(calendarWords, wCalendarWords)
	add(commonCapitalized, wCommonCapitalized)
	add(bodyHeads, wBodyHeads)
	add(legislatorWords, wLegislatorWords)
	add(connectors, wConnectors)
	add(functionStops, wFunctionStops)
	add(regionWords, wRegionWords)
	add(nameParticles, wNameParticles)
	add(legislativeHeads, wLegislativeHeads)
	add(weakHeads, wWeakHeads)
	add(committeeHeads, wCommitteeHeads)
	add(titleModifiers, wTitleModifiers)
	add(nameSuffixes, wNameSuffixes)
	add(siteTrailing, wSiteTrailing)
	add(siteLeading, wSiteLeading)
	add(lowerHeads, wLowerHeads)
	add(houseChambers, wHouseChambers)
	add(nativeLegislatures, wNativeLegislatures)
	add(chamberWords, wChamberWords)
	add(legislativeMarkers, wLegislativeMarkers)
	add(strongLocatives, wStrongLocatives)
	add(locativeCues, wLocativeCues)
	add(topicNouns, wTopicNouns)
	add(participationVerbs, wParticipationVerbs)
	add(mentionCues, wMentionCues)
	add(participantByVerbs, wParticipantByVerbs)
	add(listBreakers, wListBreakers)
	add(roleOpeners, wRoleOpeners)
	add(pluralTitles, wPluralTitles)
	add(personVerbs, wPersonVerbs)
	add(classNouns, wClassNouns)
	add(memberNouns, wMemberNouns)
	add(reportVerbs, wReportVerbs)
	add(subjectVerbs, wSubjectVerbs)
	add(personNounsAfter, wPersonNounsAfter)
	add(newsClassNouns, wNewsClassNouns)
	add(groupNouns, wGroupNouns)
	add(objectVerbs, wObjectVerbs)
	add(passiveVerbs, wObjectVerbs) // refineParticipants' passives (passiveTarget)
	add(hearsayVerbs, wHearsayVerbs)
	for w := range orgNouns.words {
		m[w] |= wOrgNouns
	}
	for w := range honorifics {
		m[w] |= wHonorific
	}
	for w := range nameTitles {
		m[w] |= wTitle
		if p := w + "s"; len(p) >= 4 && p != "mrs" {
			m[p] |= wPluralOfTitle
		}
	}
	for _, w := range []string{"house", "houses", "chamber"} {
		m[w] |= wHouseWords
	}
	return m
}()

// is reports whether the token's word is in the word list of class c (or of any list
// of c).
func (t *token) is(c wordClass) bool { return classValues[t.cls]&c != 0 }

// classTable answers wordClasses look-ups for the tokenizer without Go's map: an
// open-addressed table whose slots hold the words themselves (up to 16 bytes, in two
// integers), so that a look-up reads one or two adjacent slots and follows no pointer
// (the map was a tenth of the whole extractor's time, a table of strings a twentieth).
// A slot holds the index of the word's lists in values, which a token keeps.
type classTable struct {
	shift uint
	slots []classSlot
	long  map[string]uint16 // the rare words longer than a slot holds
	// values are the distinct sets of word lists, values[0] the empty one
	values []wordClass
	// elect[i] is the index of values[i] | wElect
	elect []uint16
}

// classSlot is one word of at most 16 bytes, little-endian in lo and hi and zero
// past its end, with the index of its lists; an empty slot has n == 0.
type classSlot struct {
	lo, hi uint64
	n      uint8
	index  uint16
}

var wordClassTable = newClassTable(wordClasses)

// classValues are wordClassTable.values: token.cls indexes them.
var classValues = wordClassTable.values

// ampersandClass is the index of the lists of "&", a punctuation token.
var ampersandClass = wordClassTable.index("&")

func newClassTable(m map[string]wordClass) *classTable {
	bits := uint(1)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := &classTable{shift: 64 - bits, slots: make([]classSlot, 1<<bits), long: map[string]uint16{}}
	indexOf := map[wordClass]uint16{}
	indexFor := func(c wordClass) uint16 {
		if c&(wordClass(0xff)<<flagShift) != 0 {
			panic("extract: word classes overlap the token flags")
		}
		i, ok := indexOf[c]
		if !ok {
			if len(t.values) > 0xffff {
				panic("extract: more than 65536 distinct sets of word lists")
			}
			i = uint16(len(t.values))
			indexOf[c] = i
			t.values = append(t.values, c)
		}
		return i
	}
	indexFor(0)
	indexFor(wElect)
	mask := uint64(len(t.slots) - 1)
	for w, c := range m {
		i := indexFor(c)
		indexFor(c | wElect)
		if len(w) == 0 || len(w) > 16 {
			t.long[w] = i
			continue
		}
		lo, hi := packWord(w)
		h := t.hash(lo, hi, len(w))
		for t.slots[h].n != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = classSlot{lo: lo, hi: hi, n: uint8(len(w)), index: i}
	}
	t.elect = make([]uint16, len(t.values))
	for i, c := range t.values {
		t.elect[i] = indexOf[c|wElect]
	}
	return t
}

// packWord reads a word of at most 16 bytes into two little-endian integers.
func packWord(w string) (lo, hi uint64) {
	n := len(w)
	if n >= 8 {
		_ = w[7]
		lo = uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		for i := 8; i < n; i++ {
			hi |= uint64(w[i]) << (8 * (i - 8))
		}
		return lo, hi
	}
	for i := 0; i < n; i++ {
		lo |= uint64(w[i]) << (8 * i)
	}
	return lo, 0
}

func (t *classTable) hash(lo, hi uint64, n int) uint64 {
	return wordHash(lo, hi, n, t.shift)
}

// wordHash is the slot of a packed word of n bytes in a table of 1<<(64-shift) slots.
func wordHash(lo, hi uint64, n int, shift uint) uint64 {
	const k = 0x9e3779b97f4a7c15
	return ((lo^uint64(n))*k ^ hi) * k >> shift
}

// of returns the classes of a lower-cased word, 0 for a word in no list.
func (t *classTable) of(w string) wordClass { return t.values[t.index(w)] }

// index is the index in values of a lower-cased word's lists, 0 for a word in no list.
func (t *classTable) index(w string) uint16 {
	n := len(w)
	if n > 16 || n == 0 {
		return t.long[w]
	}
	lo, hi := packWord(w)
	return t.packed(lo, hi, n)
}

// indexIn is index(text[start:end]), reading the word as two 8-byte loads when text
// holds 16 bytes from start (the tokenizer's case: a word inside its entry).
func (t *classTable) indexIn(text string, start, end int) uint16 {
	n := end - start
	if n > 16 || n == 0 || start+16 > len(text) {
		return t.index(text[start:end])
	}
	lo, hi := le64(text[start:]), le64(text[start+8:])
	if n < 8 {
		lo &= 1<<(8*n) - 1
		hi = 0
	} else if n < 16 {
		hi &= 1<<(8*(n-8)) - 1
	}
	return t.packed(lo, hi, n)
}

// le64 reads the first 8 bytes of s as a little-endian integer (one load).
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// packed looks up a word of n bytes (1 to 16) packed by packWord.
func (t *classTable) packed(lo, hi uint64, n int) uint16 {
	mask := uint64(len(t.slots) - 1)
	for h := t.hash(lo, hi, n); ; h = (h + 1) & mask {
		sl := &t.slots[h]
		if sl.n == 0 {
			return 0
		}
		if int(sl.n) == n && sl.lo == lo && sl.hi == hi {
			return sl.index
		}
	}
}
