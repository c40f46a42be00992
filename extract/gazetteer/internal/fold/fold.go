// Package fold turns place names into the keys the gazetteer indexes them by, so that
// the generator and the run-time look-up agree on what counts as the same name.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Key folds a name to its look-up key: lower case, diacritics removed, punctuation,
// hyphens and spaces dropped, a leading "the" removed. "The Hague", "Hague" and "hague"
// share a key, as do "Malmö" and "Malmo", "Shahr-e Kord" and "Shahre Kord".
func Key(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	word := 0 // letters in the current word, to find a leading "the"
	first := true
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		i += size
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteByte(byte(r))
			word++
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
			word++
		case isJoiner(r):
			// apostrophes and dots join: "D.C." → "dc", "Ma'rib" → "marib"
		case r < utf8.RuneSelf || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			if first && word > 0 {
				first = false
				if b.Len() == 3 && b.String() == "the" {
					b.Reset()
				}
			}
			word = 0
		default:
			n := writeLetter(&b, r, name[i-size:])
			word += n
		}
	}
	return b.String()
}

func isJoiner(r rune) bool {
	switch r {
	case '\'', '.', '`', '\u2018', '\u2019', '\u02bb', '\u02bc', '\u02be', '\u02bf', '\u00b4':
		return true
	}
	return false
}

// writeLetter writes the folded form of a non-ASCII rune and reports how many bytes
// it wrote; combining marks write nothing.
func writeLetter(b *strings.Builder, r rune, rest string) int {
	if s := special(r); s != "" {
		b.WriteString(s)
		return len(s)
	}
	if unicode.Is(unicode.Mn, r) {
		return 0
	}
	p := norm.NFKD.PropertiesString(rest)
	if d := p.Decomposition(); len(d) > 0 {
		n := 0
		for len(d) > 0 {
			dr, size := utf8.DecodeRune(d)
			d = d[size:]
			if unicode.Is(unicode.Mn, dr) {
				continue
			}
			if s := special(dr); s != "" { // "ǿ" is "ø" with an accent
				b.WriteString(s)
				n += len(s)
				continue
			}
			if dr < utf8.RuneSelf {
				if dr >= 'A' && dr <= 'Z' || dr >= 'a' && dr <= 'z' || dr >= '0' && dr <= '9' {
					b.WriteByte(byte(unicode.ToLower(dr)))
					n++
				}
				continue
			}
			if isJoiner(dr) || !unicode.IsLetter(dr) && !unicode.IsDigit(dr) {
				continue
			}
			n += utf8.RuneLen(dr)
			b.WriteRune(unicode.ToLower(dr))
		}
		return n
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return 0
	}
	b.WriteRune(unicode.ToLower(r))
	return utf8.RuneLen(r)
}

// special folds Latin letters that have no canonical decomposition.
func special(r rune) string {
	switch r {
	case 'ß', 'ẞ':
		return "ss"
	case 'æ', 'Æ':
		return "ae"
	case 'œ', 'Œ':
		return "oe"
	case 'ø', 'Ø':
		return "o"
	case 'ł', 'Ł':
		return "l"
	case 'đ', 'Đ', 'ð', 'Ð':
		return "d"
	case 'þ', 'Þ':
		return "th"
	case 'ı':
		return "i"
	case 'ħ', 'Ħ':
		return "h"
	case 'ŧ', 'Ŧ':
		return "t"
	case 'ŋ', 'Ŋ':
		return "n"
	}
	return ""
}

// Skeleton reduces a key (see Key) to the consonants that survive the usual variation
// of romanized names: vowels and a vowel's following "h" dropped after the first letter,
// "gh" and "q" as "k", "ph" as "f", "w" as "v", doubled letters once. "Kazeroon" and
// "Kazerun", "Shahrood" and "Shahrud", "Astaneh Ashrafiyeh" and "Astaneh-ye Ashrafiyeh",
// "Ghods" and "Qods" share a skeleton. It is "" for keys of fewer than three consonants.
func Skeleton(key string) string {
	b := AppendSkeleton(make([]byte, 0, len(key)), key)
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// AppendSkeleton appends Skeleton(key) to dst and returns it; dst is returned unchanged
// when the skeleton is "". It lets a caller build many skeletons in one buffer.
func AppendSkeleton(dst []byte, key string) []byte {
	start := len(dst)
	b := dst
	var prev byte
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == 'g' && i+1 < len(key) && key[i+1] == 'h', c == 'q':
			if c == 'g' {
				i++
			}
			c = 'k'
		case c == 'p' && i+1 < len(key) && key[i+1] == 'h':
			i++
			c = 'f'
		case c == 'w':
			c = 'v'
		case c == 'h' && i > 0 && isVowel(key[i-1]):
			continue
		case i > 0 && isVowel(c):
			prev = c
			continue
		}
		if c == prev && len(b) > start {
			continue
		}
		b = append(b, c)
		prev = c
	}
	if len(b)-start < 3 {
		return dst[:start]
	}
	return b
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
