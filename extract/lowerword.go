package extract

import "strings"

// lowerWords holds the lower-case words of the word lists, so that lowerWord hands
// out these strings instead of allocating a new one for every capitalized word the
// rules read ("The", "Parliament", "Minister"). set registers the words of every list
// it makes; init adds the tokenizer's word classes. A word missing here only costs an
// allocation: lowerWord's result is the same.
var lowerWords = map[string]string{"the": "the", "a": "a", "an": "an", "its": "its", "their": "their",
	"of": "of", "in": "in", "and": "and", "that": "that"}

func init() {
	for w := range wordClasses {
		lowerWords[w] = w
	}
}

// lowerWord is strings.ToLower(s). A short ASCII word is lower-cased on the stack
// and, when a word list holds it, the list's string is returned without allocating.
func lowerWord(s string) string {
	const max = 32
	if len(s) > max {
		return strings.ToLower(s)
	}
	var buf [max]byte
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(s)
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if !upper {
		return s
	}
	if w, ok := lowerWords[string(buf[:len(s)])]; ok {
		return w
	}
	return string(buf[:len(s)])
}

// appendFields appends strings.Fields(s) to dst, so that a caller's array holds them.
func appendFields(dst []string, s string) []string {
	for f := range strings.FieldsSeq(s) {
		dst = append(dst, f)
	}
	return dst
}

// fieldsAtMost appends strings.Fields(s) to dst when s has at most n of them; ok is
// false, and nothing appended, when it has more.
func fieldsAtMost(dst []string, s string, n int) (ws []string, ok bool) {
	k := len(dst)
	for f := range strings.FieldsSeq(s) {
		if len(dst)-k == n {
			return dst[:k], false
		}
		dst = append(dst, f)
	}
	return dst, true
}
