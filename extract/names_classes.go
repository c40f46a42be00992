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
	wJoinCues // "as" and the verbs of joinVerbs: bodiesJoined
)

// wFoundCues (the words of foundVerbs: bodyFounded) and wLeadingOrg (leadingOrgWords:
// "Banco", "Grupo") are the word lists above the bits below 48 that the lists above
// fill: above a token's claim bits (48–50) and the class table's length bits (48–55),
// below the token flags (58–63).
const (
	wFoundCues  wordClass = 1 << 56
	wLeadingOrg wordClass = 1 << 57
)

// the token flags lie above wLeadingOrg
const _ = uint(fQuoted>>58 - 1)

// roleCues are the classes an entry's Record.lacks reports on: a roles rule that
// needs a word of one of them skips an entry whose tokens hold none. A word of these
// lists must be a single token wherever lowerWord of a word the rules split off
// (wordsBefore, wordsAfter, lastField, strings.Fields, trimmed of punctuation)
// equals it: letters only, and no abbreviation that keeps its period.
const roleCues = wNewsClassNouns | wGroupNouns | wObjectVerbs | wHearsayVerbs | wJoinCues | wFoundCues

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
	add(joinCues, wJoinCues)
	add(foundCues, wFoundCues)
	add(leadingOrgWords, wLeadingOrg)
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

// is reports whether the token's word is in the word list of class c.
func (t *token) is(c wordClass) bool { return t.class&c != 0 }

// classTable answers wordClasses look-ups for the tokenizer without Go's map: an
// open-addressed table whose slots hold the words themselves (up to 16 bytes, in two
// integers), so that a look-up reads one or two adjacent slots and follows no pointer
// (the map was a tenth of the whole extractor's time, a table of strings a twentieth).
type classTable struct {
	shift uint
	slots []classSlot
	long  map[string]wordClass // the rare words longer than a slot holds
}

// classSlot is one word of at most 16 bytes, little-endian in lo and hi and zero
// past its end, with its classes; an empty slot has n == 0.
type classSlot struct {
	lo, hi uint64
	class  wordClass // the word's lists; its length in bits 48–55, free of lists and flags
}

const (
	slotLenShift = 48
	slotLenMask  = wordClass(0xff) << slotLenShift
)

var wordClassTable = newClassTable(wordClasses)

func newClassTable(m map[string]wordClass) *classTable {
	bits := uint(1)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := &classTable{shift: 64 - bits, slots: make([]classSlot, 1<<bits), long: map[string]wordClass{}}
	mask := uint64(len(t.slots) - 1)
	for w, c := range m {
		if c&slotLenMask != 0 {
			panic("extract: word classes overlap the class table's length bits")
		}
		if len(w) == 0 || len(w) > 16 {
			t.long[w] = c
			continue
		}
		lo, hi := packWord(w)
		h := t.hash(lo, hi, len(w))
		for t.slots[h].class&slotLenMask != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = classSlot{lo: lo, hi: hi, class: c | wordClass(len(w))<<slotLenShift}
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
func (t *classTable) of(w string) wordClass {
	n := len(w)
	if n > 16 || n == 0 {
		return t.long[w]
	}
	lo, hi := packWord(w)
	return t.packed(lo, hi, n)
}

// ofIn is of(text[start:end]), reading the word as two 8-byte loads when text holds
// 16 bytes from start (the tokenizer's case: a word inside its entry).
func (t *classTable) ofIn(text string, start, end int) wordClass {
	n := end - start
	if n > 16 || n == 0 || start+16 > len(text) {
		return t.of(text[start:end])
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
func (t *classTable) packed(lo, hi uint64, n int) wordClass {
	want := wordClass(n) << slotLenShift
	mask := uint64(len(t.slots) - 1)
	for h := t.hash(lo, hi, n); ; h = (h + 1) & mask {
		sl := &t.slots[h]
		got := sl.class & slotLenMask
		if got == 0 {
			return 0
		}
		if got == want && sl.lo == lo && sl.hi == hi {
			return sl.class &^ slotLenMask
		}
	}
}
