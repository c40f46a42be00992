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
)

var wordClasses = func() map[string]wordClass {
	m := map[string]wordClass{}
	add := func(s map[string]bool, c wordClass) {
		for w := range s {
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
	for w := range orgNouns {
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
// open-addressed table hashed by FNV-1a, which costs a few nanoseconds for the short
// words of text (the map was a tenth of the whole extractor's time).
type classTable struct {
	mask  uint32
	words []string
	class []wordClass
}

var wordClassTable = newClassTable(wordClasses)

func newClassTable(m map[string]wordClass) *classTable {
	size := uint32(1)
	for size < uint32(4*len(m)) {
		size <<= 1
	}
	t := &classTable{mask: size - 1, words: make([]string, size), class: make([]wordClass, size)}
	for w, c := range m {
		h := fnv1a(w) & t.mask
		for t.words[h] != "" {
			h = (h + 1) & t.mask
		}
		t.words[h], t.class[h] = w, c
	}
	return t
}

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// of returns the classes of a lower-cased word, 0 for a word in no list.
func (t *classTable) of(w string) wordClass {
	h := fnv1a(w) & t.mask
	for {
		k := t.words[h]
		if k == "" {
			return 0
		}
		if k == w {
			return t.class[h]
		}
		h = (h + 1) & t.mask
	}
}
