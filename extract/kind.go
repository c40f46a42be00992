package extract

import "math/bits"

// EventKind names the kind of event an entry reports (KindConference, KindRally, ...)
// from general cue words: "held a press conference" is a press conference,
// "sentenced" a trial/verdict, "In a joint letter" a letter. Every cue word scores for
// its kind, the best score wins, and ties go to the more specific kind (press
// conference before conference, hearing before meeting). An entry without cue words
// is KindOther.
//
// A cue in the first sentence counts twice, since that sentence usually says what
// happened. A cue inside a capitalized name counts a quarter, since a named event is
// often only the backdrop ("During the Global Security Forum, thousands protested",
// "members of the Forum of Young Democrats met"), except for resolutions, which are
// named ("passed House Resolution 5").
func EventKind(text string) string {
	score := kindScores(text)
	best, bestScore := kindIdxOther, 0.0
	for k := 0; k < numKinds; k++ { // kinds are in priority order
		if score[k] > bestScore {
			best, bestScore = k, score[k]
		}
	}
	return kindNames[best]
}

// kindScores scores the cue words of text for each kind.
func kindScores(text string) (score [numKinds]float64) {
	sentence := 0 // index of the sentence the scanner is in
	prevPress := false
	prevCap := false // the previous word was capitalized and not sentence-initial
	sentenceStart := true
	lastWord := ""
	i := 0
	for i < len(text) {
		c := text[i]
		if !isLetter[c] {
			if (c == '.' || c == '!' || c == '?' || c == ';') && (i+1 >= len(text) || text[i+1] == ' ') &&
				(c != '.' || endsSentence(lastWord)) {
				sentence++
				sentenceStart = true
				prevCap = false
			}
			if c >= 0x80 {
				prevPress = false // a word with non-ASCII letters is no cue word
			}
			i++
			continue
		}
		j := wordEnd(text, i+1)
		word := text[i:j]
		lastWord = word
		capital := c <= 'Z'
		press := false
		// Most words are dismissed here, without a call.
		if len(word) >= 3 && len(word) <= 15 && cueShape[cueIndex(c, word[1])]&(1<<len(word)) != 0 {
			if cue, ok := lookupCue(word); ok && !(cue.lowerOnly && capital) && (prevPress || !cue.afterPress) {
				k, w := cue.kind, cue.weight
				press = cue.primesPress
				if prevPress && k == kindIdxConference {
					k, w = kindIdxPressConference, 3
				}
				if capital && !sentenceStart && (prevCap || ofName(text[j:])) && k != kindIdxResolution {
					w /= 4
				}
				if sentence == 0 {
					w *= 2
				}
				score[k] += w
			}
		}
		prevPress = press
		prevCap = capital && !sentenceStart
		sentenceStart = false
		i = j
	}
	return score
}

// Kind indexes, in tie-break priority order (the more specific first).
const (
	kindIdxPressConference = iota
	kindIdxTrial
	kindIdxHearing
	kindIdxResolution
	kindIdxLetter
	kindIdxStatement
	kindIdxConference
	kindIdxRally
	kindIdxVisit
	kindIdxMeeting
	kindIdxCampaign
	kindIdxOther
	numKinds
)

var kindNames = [numKinds]string{
	kindIdxPressConference: KindPressConference,
	kindIdxTrial:           KindTrial,
	kindIdxHearing:         KindHearing,
	kindIdxResolution:      KindResolution,
	kindIdxLetter:          KindLetter,
	kindIdxStatement:       KindStatement,
	kindIdxConference:      KindConference,
	kindIdxRally:           KindRally,
	kindIdxVisit:           KindVisit,
	kindIdxMeeting:         KindMeeting,
	kindIdxCampaign:        KindCampaign,
	kindIdxOther:           KindOther,
}

type cue struct {
	kind        int
	weight      float64
	lowerOnly   bool // "march" the verb, not the month; "bill" the draft law, not a name
	primesPress bool // "press", "news": the next "conference" is a press conference
	afterPress  bool // counts only after "press" or "news": "press release"
}

// cueWords are the lower-case cue words of each kind, with their weights.
var cueWords = func() map[string]cue {
	m := map[string]cue{}
	add := func(kind int, weight float64, words ...string) {
		for _, w := range words {
			m[w] = cue{kind: kind, weight: weight}
		}
	}
	add(kindIdxTrial, 1.5, "verdict", "verdicts", "sentenced", "convicted", "acquitted",
		"indicted", "indictment", "prosecuted", "judgment", "judgement", "sentencing", "retrial")
	// A trial is often only the backdrop ("in reaction to the staged trials, ...").
	add(kindIdxTrial, 0.5, "trial", "trials", "prosecution", "court")
	add(kindIdxHearing, 1.5, "hearing", "hearings", "testified", "testimony", "testify", "testifying")
	// "House Resolution 100" names the resolution itself: no discount inside names.
	add(kindIdxResolution, 1.5, "resolution", "resolutions", "motion", "motions", "proclamation")
	add(kindIdxResolution, 1, "adopted", "passed")
	add(kindIdxLetter, 1.5, "letter", "letters")
	add(kindIdxStatement, 1, "statement", "statements", "declaration", "communique",
		"manifesto", "appeal", "endorsed", "signatories")
	add(kindIdxStatement, 0.5, "announced", "declared", "condemned", "published")
	add(kindIdxConference, 1, "conference", "conferences", "summit", "summits", "symposium",
		"seminar", "seminars", "forum", "convention", "webinar", "colloquium", "briefing",
		"briefings", "panel", "roundtable", "round-table")
	add(kindIdxRally, 1, "rally", "rallies", "rallied", "demonstration", "demonstrations",
		"demonstrators", "protest", "protests", "protested", "protesters", "protestors",
		"gathered", "vigil", "vigils", "sit-in", "parade", "procession", "marched")
	add(kindIdxVisit, 1, "visit", "visits", "visited", "visiting", "toured", "tour", "trip")
	add(kindIdxVisit, 0.5, "inspected", "inspect", "inspects", "inspection")
	add(kindIdxMeeting, 1, "meeting", "meetings", "met", "meet", "meets", "convened", "session", "sessions",
		"reception", "talks", "gathering", "gatherings")
	add(kindIdxCampaign, 1, "campaign", "campaigns", "campaigned", "graffiti", "slogans",
		"posters", "banners", "leaflets", "flyers", "stickers", "petition", "petitions", "drive",
		"projected")
	add(kindIdxCampaign, 0.5, "activities", "activity", "images", "displayed", "distributed")
	m["march"] = cue{kind: kindIdxRally, weight: 1, lowerOnly: true}
	m["marches"] = cue{kind: kindIdxRally, weight: 1, lowerOnly: true}
	m["bill"] = cue{kind: kindIdxResolution, weight: 1, lowerOnly: true}
	m["press"] = cue{kind: kindIdxStatement, weight: 0, primesPress: true}
	m["news"] = cue{kind: kindIdxStatement, weight: 0, primesPress: true}
	m["release"] = cue{kind: kindIdxStatement, weight: 1.5, afterPress: true}
	m["releases"] = cue{kind: kindIdxStatement, weight: 1.5, afterPress: true}
	return m
}()

// cueBuckets holds the cue words by their first two letters and length, so that
// most words of a text are dismissed by one array look-up, and the others compared
// with one or two candidates, without hashing.
var cueBucketOf, cueBuckets = func() (of [32 * 32 * 16]uint8, buckets [][]cueWord) {
	buckets = append(buckets, nil) // bucket 0: no cue word
	for w, c := range cueWords {
		key := cueIndex(w[0], w[1])<<4 | len(w)
		if of[key] == 0 {
			of[key] = uint8(len(buckets))
			buckets = append(buckets, nil)
		}
		buckets[of[key]] = append(buckets[of[key]], cueWord{w, c})
	}
	return of, buckets
}()

// cueShape has, for the first two letters of the cue words, a bit for each of their
// lengths.
var cueShape = func() (f [32 * 32]uint16) {
	for w := range cueWords {
		f[cueIndex(w[0], w[1])] |= 1 << len(w)
	}
	return f
}()

type cueWord struct {
	word string // lower case
	cue  cue
}

// lookupCue finds word among the cue words, ignoring ASCII case.
func lookupCue(word string) (cue, bool) {
	if len(word) < 3 || len(word) > 15 {
		return cue{}, false
	}
	ci := cueIndex(word[0], word[1])
	if cueShape[ci]&(1<<len(word)) == 0 {
		return cue{}, false // most words end here, on a small table
	}
	b := cueBucketOf[ci<<4|len(word)]
	if b == 0 {
		return cue{}, false
	}
	for _, cw := range cueBuckets[b] {
		if equalLower(word, cw.word) {
			return cw.cue, true
		}
	}
	return cue{}, false
}

// equalLower reports whether s folded to ASCII lower case equals lower (same length).
func equalLower(s, lower string) bool {
	for k := 0; k < len(s); k++ {
		if s[k]|0x20 != lower[k] {
			return false
		}
	}
	return true
}

func cueIndex(a, b byte) int { return int(a&31)<<5 | int(b&31) }

// nonLetters flags the bytes of b[:8] that end a word: below 'A' or above 0x7F.
// The lowest flag is exact (a borrow only runs upwards), which is all its callers
// use; bytes 0x5B-0x60 and 0x7B-0x7F pass as letters, which only joins a rare "_"
// or "~" to a word.
func nonLetters(b string) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	_ = b[7]
	x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	return ((x-ones*'A')&^x | x) & highs
}

// ofName reports whether rest goes on with " of " and a capitalized word, as after
// the head word of a name: "Forum of Democratic Youth", "Conference of Rectors".
func ofName(rest string) bool {
	return len(rest) > 4 && rest[:4] == " of " && rest[4] >= 'A' && rest[4] <= 'Z'
}

// isLetter marks the ASCII letters.
var isLetter = func() (t [256]bool) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c], t[c+'a'-'A'] = true, true
	}
	return t
}()

// endsSentence reports whether a period after word ends a sentence: not after a
// short capitalized abbreviation or title ("Mr.", "Dr.", "Hon.", "U.S.", "St.").
func endsSentence(word string) bool {
	if len(word) == 0 {
		return true // after a number or a quote
	}
	return len(word) >= 5 || word[0] >= 'a' && len(word) >= 2
}

// wordEnd returns the end of the word of ASCII letters and inner hyphens that goes
// on at text[j]. It tests eight bytes at a time: kind detection reads every byte of
// every entry, and this loop is most of its cost.
func wordEnd(text string, j int) int {
	for j+8 <= len(text) {
		stop := nonLetters(text[j : j+8])
		if stop == 0 {
			j += 8
			continue
		}
		j += bits.TrailingZeros64(stop) / 8
		if text[j] == '-' && j+1 < len(text) && isLetter[text[j+1]] {
			j++
			continue
		}
		return j
	}
	for j < len(text) && (isLetter[text[j]] || text[j] == '-' && j+1 < len(text) && isLetter[text[j+1]]) {
		j++
	}
	return j
}
