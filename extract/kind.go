package extract

// EventKind names the kind of event an entry reports (KindConference, KindRally, ...)
// from general cue words: "held a press conference" is a press conference, "sentenced"
// a trial/verdict, "In a joint letter" a letter. Every cue scores for its kind; a cue
// in the first sentence counts twice and a cue inside a capitalized name ("the
// Munich Security Conference") counts a quarter, because the first sentence usually
// says what happened and a named event is often only the backdrop. The best score
// wins; ties go to the more specific kind (press conference before conference,
// hearing before meeting). An entry with no cue is KindOther.
func EventKind(text string) string {
	var score [numKinds]float64
	sentence := 0 // index of the sentence the scanner is in
	prevPress := false
	prevCap := false // the previous word was capitalized and not sentence-initial
	sentenceStart := true
	i := 0
	for i < len(text) {
		c := text[i]
		if !isASCIILetter(c) {
			switch c {
			case '.', '!', '?', ';':
				// An abbreviation ("U.S.", "Dr.") also ends a "sentence" here; that
				// only shortens the first sentence, which is harmless.
				if i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\n' {
					sentence++
					sentenceStart = true
					prevCap = false
				}
			case ' ', ',', '\t':
			default:
				if c >= 0x80 {
					// Non-ASCII letters are not cue words; skip the whole word.
					prevPress = false
				}
			}
			i++
			continue
		}
		j := i + 1
		for j < len(text) && (isASCIILetter(text[j]) || text[j] == '-') {
			j++
		}
		word := text[i:j]
		capital := c >= 'A' && c <= 'Z'
		if len(word) >= 3 && len(word) <= 13 && cueFirst[c|0x20] {
			var buf [13]byte
			for k := 0; k < len(word); k++ {
				buf[k] = word[k] | 0x20
			}
			if cue, ok := cueWords[string(buf[:len(word)])]; ok && !(cue.lowerOnly && capital) {
				k, w := cue.kind, cue.weight
				if prevPress && (k == kindIdxConference) {
					k, w = kindIdxPressConference, 3
				}
				if capital && prevCap && !sentenceStart {
					w /= 4
				}
				if sentence == 0 {
					w *= 2
				}
				score[k] += w
			}
			prevPress = string(buf[:len(word)]) == "press" || string(buf[:len(word)]) == "news"
		} else {
			prevPress = false
		}
		prevCap = capital && !sentenceStart
		sentenceStart = false
		i = j
	}
	best, bestScore := kindIdxOther, 0.0
	for k := 0; k < numKinds; k++ { // kinds are in priority order
		if score[k] > bestScore {
			best, bestScore = k, score[k]
		}
	}
	return kindNames[best]
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
	kind      int
	weight    float64
	lowerOnly bool // "march" the verb, not the month; "bill" the draft law, not a name
}

// cueWords are the lower-case cue words of each kind, with their weights.
var cueWords = func() map[string]cue {
	m := map[string]cue{}
	add := func(kind int, weight float64, words ...string) {
		for _, w := range words {
			m[w] = cue{kind: kind, weight: weight}
		}
	}
	add(kindIdxTrial, 1.5, "trial", "trials", "verdict", "verdicts", "sentenced", "convicted",
		"acquitted", "indicted", "indictment", "prosecuted", "prosecution", "judgment",
		"judgement", "sentencing", "retrial", "ruling")
	add(kindIdxHearing, 1.5, "hearing", "hearings", "testified", "testimony", "testify", "testifying")
	add(kindIdxResolution, 1.5, "resolution", "resolutions", "motion", "motions", "proclamation")
	add(kindIdxLetter, 1.5, "letter", "letters")
	add(kindIdxStatement, 1, "statement", "statements", "declaration", "communique", "communiqué",
		"manifesto", "appeal", "endorsed", "signatories")
	add(kindIdxConference, 1, "conference", "conferences", "summit", "summits", "symposium",
		"seminar", "seminars", "forum", "convention", "webinar", "colloquium", "briefing",
		"briefings", "panel", "roundtable", "round-table")
	add(kindIdxRally, 1, "rally", "rallies", "rallied", "demonstration", "demonstrations",
		"demonstrators", "protest", "protests", "protested", "protesters", "protestors",
		"gathered", "vigil", "vigils", "sit-in", "parade", "procession", "marched")
	add(kindIdxVisit, 1, "visit", "visits", "visited", "visiting", "toured", "tour", "trip")
	add(kindIdxMeeting, 1, "meeting", "meetings", "met", "convened", "session", "sessions",
		"reception", "talks", "gathering", "gatherings")
	add(kindIdxCampaign, 1, "campaign", "campaigns", "campaigned", "graffiti", "slogans",
		"posters", "banners", "leaflets", "petition", "petitions", "drive")
	m["march"] = cue{kind: kindIdxRally, weight: 1, lowerOnly: true}
	m["marches"] = cue{kind: kindIdxRally, weight: 1, lowerOnly: true}
	m["bill"] = cue{kind: kindIdxResolution, weight: 1, lowerOnly: true}
	m["press"] = cue{kind: kindIdxStatement, weight: 0} // only primes "press conference"
	m["news"] = cue{kind: kindIdxStatement, weight: 0}
	return m
}()

// cueFirst marks the lower-case letters cue words start with, to skip most words
// without a map look-up.
var cueFirst = func() [256]bool {
	var f [256]bool
	for w := range cueWords {
		f[w[0]] = true
	}
	return f
}()
