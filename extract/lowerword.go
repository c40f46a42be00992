package extract

import (
	"encoding/binary"
	"strings"
)

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
	listWords = newStringTable(lowerWords)
}

// listWords answers lowerWords look-ups of words up to 16 bytes without Go's map,
// as classTable does for the tokenizer; nil while the package's variables are made.
var listWords *stringTable

// stringTable is an open-addressed table of strings of at most 16 bytes, packed in two
// integers each (packWord), hashed as classTable.
type stringTable struct {
	shift uint
	slots []stringSlot
}

type stringSlot struct {
	lo, hi uint64
	s      string // "" in an empty slot
}

func newStringTable(words map[string]string) *stringTable {
	bits := uint(1)
	for 1<<bits < 2*len(words) {
		bits++
	}
	t := &stringTable{shift: 64 - bits, slots: make([]stringSlot, 1<<bits)}
	mask := uint64(len(t.slots) - 1)
	for _, w := range words {
		if len(w) == 0 || len(w) > 16 {
			continue
		}
		lo, hi := packWord(w)
		h := wordHash(lo, hi, len(w), t.shift)
		for t.slots[h].s != "" {
			h = (h + 1) & mask
		}
		t.slots[h] = stringSlot{lo: lo, hi: hi, s: w}
	}
	return t
}

// get returns the table's string of n bytes (1 to 16) packed as lo and hi.
func (t *stringTable) get(lo, hi uint64, n int) (string, bool) {
	mask := uint64(len(t.slots) - 1)
	for h := wordHash(lo, hi, n, t.shift); ; h = (h + 1) & mask {
		sl := &t.slots[h]
		if sl.s == "" {
			return "", false
		}
		if len(sl.s) == n && sl.lo == lo && sl.hi == hi {
			return sl.s, true
		}
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
	if n := len(s); n <= 16 && listWords != nil {
		// buf is zero past the word: packed as packWord packs it
		if w, ok := listWords.get(binary.LittleEndian.Uint64(buf[:8]), binary.LittleEndian.Uint64(buf[8:16]), n); ok {
			return w
		}
	} else if w, ok := lowerWords[string(buf[:len(s)])]; ok {
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
