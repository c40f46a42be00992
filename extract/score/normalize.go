package score

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The honorifics and titles score.py strips from the front of a person's name.
var (
	leadingTitle  = regexp.MustCompile(`^(mr|mrs|ms|miss|dr|prof|professor|rt|hon|the rt hon|sir|lord|lady|baroness|senator|sen|congressman|congresswoman|rep|representative|general|gen|ambassador|president|former|mp|mep) `)
	trailingAffix = regexp.MustCompile(` (jr|sr|ii|iii)$`)
)

// Normalize folds a name the way score.py's norm does: compatibility decomposition
// without combining marks, lower case, possessive "'s" dropped, every run of
// characters other than a-z and 0-9 made one space, and a leading "the " removed.
func Normalize(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if norm.NFD.PropertiesString(string(r)).CCC() != 0 {
			continue
		}
		b.WriteRune(r)
	}
	s = strings.ToLower(b.String())
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(s)
	s = dropPossessive(s)
	s = collapseToASCIIWords(s)
	return strings.TrimPrefix(s, "the ")
}

// NormalizePerson is Normalize followed by score.py's stripping of leading titles
// ("senator", "dr", "the rt hon", ...) and of a trailing "jr", "sr", "ii" or "iii".
func NormalizePerson(s string) string {
	s = Normalize(s)
	for {
		t := leadingTitle.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	return trailingAffix.ReplaceAllString(s, "")
}

// dropPossessive removes "'s" where a word ends after it (Python's `'s\b`).
func dropPossessive(s string) string {
	if !strings.Contains(s, "'s") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "'s") {
			rest := s[i+2:]
			r, _ := firstRune(rest)
			if rest == "" || !isWordRune(r) {
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// isWordRune is Python's \w for str patterns: letters, numbers and the underscore.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

func collapseToASCIIWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			continue
		}
		space = true
	}
	return b.String()
}
