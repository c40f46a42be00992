package extract

import (
	"strings"
	"testing"
)

// roleCueLists are the word lists behind roleCues, by class.
var roleCueLists = map[wordClass]*wordSet{
	wNewsClassNouns: newsClassNouns,
	wGroupNouns:     groupNouns,
	wObjectVerbs:    objectVerbs,
	wHearsayVerbs:   hearsayVerbs,
	wJoinCues:       joinCues,
	wFoundCues:      foundCues,
}

// TestRoleCueWords checks what the pre-checks of the roles rules rely on: each word of
// a cue list is one token however it is written, so that an entry whose tokens hold
// none of a list's words has no word the rules would split off and find in it.
func TestRoleCueWords(t *testing.T) {
	var all wordClass
	for c, words := range roleCueLists {
		all |= c
		for w := range words.words {
			if strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Errorf("%q: a cue word must be lower-case ASCII letters only", w)
			}
			if abbreviations[w] {
				t.Errorf("%q: a cue word must not keep a final period as an abbreviation", w)
			}
			for _, form := range []string{w, strings.ToUpper(w[:1]) + w[1:], strings.ToUpper(w)} {
				for _, text := range []string{form, "(" + form + "),", "the " + form + ". Then", "“" + form + "”; x", form + "’s"} {
					if lacks := entryLacks(text); lacks&c != 0 {
						t.Errorf("entry %q lacks the class of %q", text, w)
					}
				}
			}
		}
	}
	if all != roleCues {
		t.Errorf("roleCueLists cover %x, roleCues is %x", all, roleCues)
	}
}

func entryLacks(text string) wordClass {
	var s tokenSlab
	return s.newEntryScan(text).lacks
}

// TestRoleCuesAbsent: an entry without the words lacks their classes, unless a letter
// stayed upper-case in its lower-cased copy ("İ": strings.ToLower reads it as "i").
func TestRoleCuesAbsent(t *testing.T) {
	for _, tc := range []struct {
		text string
		want wordClass
	}{
		{"March 3 – The minister met the ambassador in Oslo.", roleCues},
		{"March 3 – The company said it would appeal.", roleCues &^ wNewsClassNouns &^ wHearsayVerbs},
		{"March 3 – British MPs, including Jane Holt, condemned the arrests.", roleCues &^ wGroupNouns &^ wObjectVerbs},
		{"March 3 – The İnternational company met.", 0},
		{"March 3 – Members met at the \u212Aremlin.", 0},
	} {
		if got := entryLacks(tc.text); got != tc.want {
			t.Errorf("entryLacks(%q) = %x, want %x", tc.text, got, tc.want)
		}
	}
}

// TestNamesNations compares the one-pass namesNations with strings.Contains of each word.
func TestNamesNations(t *testing.T) {
	words := []string{"nations", "countries", "states", "parliaments"}
	for _, text := range []string{"", "s", "nations", "United Nations", "statesman", "interstates", "state",
		"several countries met", "countrie", "the parliaments", "parliament s", "nationss", "xstates"} {
		want := false
		for _, w := range words {
			want = want || strings.Contains(text, w)
		}
		if got := namesNations(text); got != want {
			t.Errorf("namesNations(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestWordSetHas compares wordSet.has with the list's map for every word of every
// list, each word's neighbours in length and first byte, and the empty word.
func TestWordSetHas(t *testing.T) {
	lists := []*wordSet{venueBefore, officeNouns, groupNouns, prepositions, newWordSet("", "a"), newWordSet("x"),
		newWordSet(strings.Repeat("long", 10), "ab")}
	for _, s := range lists {
		var probes []string
		for w := range s.words {
			probes = append(probes, w, w+"s", w+strings.Repeat("x", 30), strings.ToUpper(w), "")
			if len(w) > 1 {
				probes = append(probes, w[:len(w)-1], w[1:])
			}
		}
		for _, w := range probes {
			if got, want := s.has(w), s.words[w]; got != want {
				t.Errorf("has(%q) = %v, want %v", w, got, want)
			}
		}
	}
}

// TestSameSentenceLongEntry: in an entry of more than 1<<16 tokens, whose sentence
// numbers wrap around in two bytes, sameSentence still tells sentences apart.
func TestSameSentenceLongEntry(t *testing.T) {
	// sentence k is tokens 2k ("a") and 2k+1 ("."); the last is "b c"
	text := strings.Repeat("a. ", 1<<16+2) + "b c"
	var s tokenSlab
	e := s.newEntryScan(text)
	last := len(e.toks) - 1
	if last != 2*(1<<16+2)+1 {
		t.Fatalf("%d tokens, want %d", last+1, 2*(1<<16+2)+2)
	}
	wrap := 2 * (1 << 16) // the first token of sentence 1<<16, numbered 0 in two bytes
	for _, tc := range []struct {
		i, k int
		want bool
	}{
		{0, 1, true}, {0, 2, false}, {1, 2, false}, {last, last - 1, true}, {last, last - 2, false},
		{0, wrap, false}, {wrap, 0, false}, {wrap, wrap + 1, true}, {1, wrap + 1, false},
	} {
		if got := e.sameSentence(tc.i, tc.k); got != tc.want {
			t.Errorf("sameSentence(%d, %d) = %v, want %v", tc.i, tc.k, got, tc.want)
		}
	}
}

// TestSentenceBounds: a full stop after a lower-case letter of any script ends a
// sentence ("in Nechí. Speakers"); one after an abbreviated title or a capital does not.
func TestSentenceBounds(t *testing.T) {
	for _, tc := range []struct {
		text, at   string // the sentence holding at starts at the word start
		start, end string
	}{
		{"Members met in Nechí. Speakers included Ana Ruiz.", "Ana", "Speakers", "Ana Ruiz."},
		{"Members met in Orsk. Speakers included Ana Ruiz.", "Ana", "Speakers", "Ana Ruiz."},
		{"They met Dr. Ana Ruiz of the FPSF. Then they left.", "Ana", "They", "Ana Ruiz of the FPSF. Then they left."},
	} {
		at := strings.Index(tc.text, tc.at)
		if got := tc.text[sentenceStart(tc.text, at):]; !strings.HasPrefix(got, tc.start) {
			t.Errorf("sentenceStart(%q) at %q: %q, want it to start with %q", tc.text, tc.at, got, tc.start)
		}
		end := sentenceEndAfter(tc.text, at)
		if got := tc.text[at:min(end+1, len(tc.text))]; got != tc.end {
			t.Errorf("sentenceEndAfter(%q) at %q: %q, want %q", tc.text, tc.at, got, tc.end)
		}
	}
}
