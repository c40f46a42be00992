package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// isLatin reports whether every letter of s is in the Latin script (marks, spaces and
// punctuation may stand between them).
func isLatin(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r):
			letters++
		case unicode.IsLetter(r):
			return false
		case unicode.IsMark(r), unicode.IsSpace(r), unicode.IsPunct(r):
		default:
			return false
		}
	}
	return letters > 0
}

func isUpper(r rune) bool { return unicode.IsUpper(r) }
func isLower(r rune) bool { return unicode.IsLower(r) }

// isAllCaps reports whether s has letters and none in lower case.
func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// plainLatin writes a romanized name without diacritics and ayin/hamza marks, as
// English does: "Kāmyārān" → "Kamyaran", "Qal‘eh-ye Now" → "Qaleh-ye Now".
func plainLatin(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '‘' || r == '’' || r == 'ʻ' || r == 'ʼ' || r == 'ʿ' || r == 'ʾ' || r == '`' || r == '´':
		case r == 'ı':
			b.WriteRune('i')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
