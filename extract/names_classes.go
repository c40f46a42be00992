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
	for w := range orgNouns {
		m[w] |= wOrgNouns
	}
	for w := range honorifics {
		m[w] |= wHonorific
	}
	for w := range nameTitles {
		m[w] |= wTitle
	}
	return m
}()

// is reports whether the token's word is in the word list of class c.
func (t *token) is(c wordClass) bool { return t.class&c != 0 }
