package extract

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// token is one word or punctuation mark of an entry. It holds no pointers, only byte
// offsets into the entry's text and its lower-cased copy, so that the tokens of every
// entry of a large document cost the garbage collector nothing to scan; a possessive
// ending ("’s", "'s") is not part of the token but flagged.
type token struct {
	start, end int32 // [start, end) in the entry text
	// class holds the word lists of the token's word, its claim (claimShift) and, in
	// its top bits, the token's flags (fWord, fCap, fAcro, fNum, fPoss): 16 bytes a
	// token, with no other per-token state than the sentence numbers
	class wordClass
}

// A token's claim (0 free, claimBody, claimPerson, claimPlace, claimOther) is kept in
// three bits of its class, above every word list and below the flags.
const (
	claimShift           = 48
	claimMask  wordClass = 7 << claimShift
)

// every word list lies below the claim bits: a constant that cannot be negated
// otherwise
const _ = -(wJoinCues >> claimShift)

func (t token) claim() int8 { return int8(t.class >> claimShift & 7) }

func (t *token) setClaim(c int8) { t.class = t.class&^claimMask | wordClass(c)<<claimShift }

// The token flags, kept in the top bits of token.class, above every word list.
const (
	fWord   wordClass = 1 << (63 - iota) // letters or digits (unset: punctuation)
	fCap                                 // starts with an upper-case letter
	fAcro                                // an acronym: at least two upper-case letters, no lower-case letter except a plural s
	fNum                                 // starts with a digit
	fPoss                                // followed by a possessive ending
	fQuoted                              // inside quotation marks (a title: “Iran's Democratic Revolution”), set by entryScan.scan
)

func (t token) isWord() bool   { return t.class&fWord != 0 }
func (t token) isCap() bool    { return t.class&fCap != 0 }
func (t token) isAcro() bool   { return t.class&fAcro != 0 }
func (t token) isNum() bool    { return t.class&fNum != 0 }
func (t token) hasPoss() bool  { return t.class&fPoss != 0 }
func (t token) isQuoted() bool { return t.class&fQuoted != 0 }

// str is the token's surface text, without a possessive ending.
func (t token) str(e *entryScan) string { return e.text[t.start:t.end] }

// low is str lower-cased, for word lists.
func (t token) low(e *entryScan) string { return e.lower[t.start:t.end] }

// abbreviations keep their final period as part of the token ("Mr.", "Jr.", "St.").
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "rt": true, "hon": true, "jr": true,
	"sr": true, "st": true, "prof": true, "gen": true, "sen": true, "rep": true, "gov": true,
	"lt": true, "col": true, "capt": true, "maj": true, "sgt": true, "adm": true, "amb": true,
	"mme": true, "mlle": true, "messrs": true, "no": true, "vs": true, "inc": true, "ltd": true,
	"corp": true, "co": true, "res": true, "ft": true, "mt": true, "pres": true, "sec": true,
}

// lowerText lower-cases text without changing any byte offset: a letter whose lower
// case is encoded in a different number of bytes (rare: "İ") is left as it is.
func lowerText(text string) string {
	b, _ := appendLower(make([]byte, 0, len(text)), text)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// appendLower appends lowerText(text) to dst; exact is false when it left a letter
// upper-case ("İ"), where strings.ToLower, and so lowerWord, would not.
func appendLower(dst []byte, text string) (out []byte, exact bool) {
	exact = true
	start := len(dst)
	dst = append(dst, text...)
	b := dst[start:]
	for i := 0; i < len(b); {
		if i+8 <= len(b) { // eight ASCII bytes at once: set 0x20 in each of 'A'–'Z'
			v := binary.LittleEndian.Uint64(b[i:])
			if v&highBits == 0 {
				upper := ((v + 0x3f*lowBits) ^ (v + 0x25*lowBits)) & highBits
				binary.LittleEndian.PutUint64(b[i:], v|upper>>2)
				i += 8
				continue
			}
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if l := unicode.ToLower(r); l != r {
			if utf8.RuneLen(l) == n {
				utf8.EncodeRune(b[i:], l)
			} else {
				exact = false
			}
		}
		i += n
	}
	return dst, exact
}

// lowBits and highBits are the lowest and highest bit of each byte of a word: with
// bytes below 0x80, adding 0x3f (0x80−'A') or 0x25 (0x80−'Z'−1) to each byte sets its
// high bit from 'A' or past 'Z' on, without a carry into the next byte.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// tokenize appends the tokens of text to toks in one pass; lower is lowerText(text).
func tokenize(toks []token, text, lower string) []token {
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIIWordByte(c):
				t := scanWord(text, lower, i)
				toks = append(toks, t)
				i = int(t.end)
				if t.hasPoss() {
					i = skipPossessive(text, i)
				}
			case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				i++
			default:
				toks = append(toks, token{start: int32(i), end: int32(i + 1), class: punctClass(c)})
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			t := scanWord(text, lower, i)
			toks = append(toks, t)
			i = int(t.end)
			if t.hasPoss() {
				i = skipPossessive(text, i)
			}
		case unicode.IsSpace(r) || r == '\u00a0':
			i += n
		default:
			toks = append(toks, token{start: int32(i), end: int32(i + n)})
			i += n
		}
	}
	return toks
}

func punctClass(c byte) wordClass {
	if c == '&' {
		return wordClasses["&"]
	}
	return 0
}

func isASCIIWordByte(c byte) bool { return asciiWordBytes[c] }

// asciiWordBytes marks the ASCII letters and digits: one load per byte in the
// tokenizer's innermost loop instead of three range tests.
var asciiWordBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIWordByte(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// scanWord reads one word starting at i: letters and digits, joined by inner
// apostrophes, hyphens and periods ("U.S", "Garcia-Llorente", "O’Brien").
func scanWord(text, lower string, i int) token {
	start := i
	for i < len(text) {
		for i < len(text) && asciiWordBytes[text[i]] {
			i++
		}
		if i == len(text) {
			break
		}
		c := text[i]
		if c < utf8.RuneSelf {
			if isASCIIWordByte(c) {
				i++
				continue
			}
			if (c == '\'' || c == '-' || c == '.') && i+1 < len(text) {
				next, _ := utf8.DecodeRuneInString(text[i+1:])
				if isWordRune(next) {
					i++
					continue
				}
			}
			break
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			i += n
			continue
		}
		if (r == '’' || r == '‑') && i+n < len(text) {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if isWordRune(next) {
				i += n
				continue
			}
		}
		break
	}
	end := i
	s := text[start:end]
	var flags wordClass = fWord
	// possessive: the apostrophe was absorbed because an s followed it
	poss := false
	if k := possessiveCut(s); k > 0 {
		poss = true
		flags |= fPoss
		s = s[:k]
		end = start + k
	}
	// a final period belongs to abbreviations, initials and dotted acronyms
	if !poss && end < len(text) && text[end] == '.' {
		if dottedInitials(s) || (len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z') || abbreviations[lower[start:end]] {
			end++
			s = text[start:end]
		}
	}
	t := token{start: int32(start), end: int32(end)}
	l := lower[start:end]
	t.class = wordClassTable.ofIn(lower, start, end)
	if len(l) > 6 && l[len(l)-1] == 't' && strings.HasSuffix(l, "-elect") {
		t.class |= wElect
	}
	f := firstRune(s)
	var upper, digit bool
	if f < utf8.RuneSelf {
		upper = f >= 'A' && f <= 'Z'
		digit = f >= '0' && f <= '9'
	} else {
		upper = unicode.IsUpper(f)
		digit = unicode.IsDigit(f)
	}
	if !upper && (f == 'a' || f == 'e') && articlePrefixed(s) {
		upper = true // "al-Shabaab", "el-Sisi": a name behind its Arabic article
	}
	if upper {
		flags |= fCap
		if isAcronym(s) {
			flags |= fAcro
		}
	}
	if digit {
		flags |= fNum
	}
	t.class |= flags
	return t
}

// articlePrefixed: a word of the Arabic article and a capitalized name, joined by a
// hyphen ("al-Shabaab", "ash-Sham").
func articlePrefixed(s string) bool {
	i := strings.IndexByte(s, '-')
	if i < 2 || i > 3 || i+1 >= len(s) || s[i+1] < 'A' || s[i+1] > 'Z' {
		return false
	}
	switch s[:i] {
	case "al", "el", "ad", "an", "ar", "as", "ash", "at", "az":
		return true
	}
	return false
}

// dottedInitials: "U.S", "D.C", "E.U" — letters between periods, the last one single.
func dottedInitials(s string) bool {
	p := strings.LastIndexByte(s, '.')
	return p >= 0 && len(s)-p == 2 && unicode.IsLetter(rune(s[p+1]))
}

// possessiveCut returns the length of s without a final "'s"/"’s", or 0.
func possessiveCut(s string) int {
	n := len(s)
	if n < 3 || s[n-1] != 's' && s[n-1] != 'S' {
		return 0
	}
	if s[n-2] == '\'' {
		return n - 2
	}
	if n > 4 && s[n-4:n-1] == "’" {
		return n - 4
	}
	return 0
}

func skipPossessive(text string, i int) int {
	for _, suf := range []string{"’s", "'s", "’S", "'S"} {
		if strings.HasPrefix(text[i:], suf) {
			return i + len(suf)
		}
	}
	return i
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isAcronym: "NCFR", "RLF", "U.S.", "NCFR-US", "MEPs" (plural). Not "I" or "A".
func isAcronym(s string) bool {
	upper, lower := 0, 0
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z' && !(c == 's' && i == len(s)-1):
			lower++
		}
	}
	if ascii || lower > 0 {
		return upper >= 2 && lower == 0
	}
	upper, lower = 0, 0
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			if r == 's' && i == len(s)-1 {
				continue
			}
			lower++
		}
	}
	return upper >= 2 && lower == 0
}

// isPluralAcronym: "MEPs", "MPs" — people, not a body.
func isPluralAcronym(s string) bool {
	return len(s) > 2 && s[len(s)-1] == 's' && isAcronym(s)
}

// foldedLower is foldKey of a token, without allocating for plain ASCII words.
func foldedLower(e *entryScan, t token) string {
	l := t.low(e)
	for i := 0; i < len(l); i++ {
		if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return foldKey(t.str(e))
		}
	}
	return l
}

// foldKey normalizes a name for comparisons: lower case, no diacritics, no possessive,
// punctuation as single spaces, no leading "the".
func foldKey(s string) string {
	// fast path: one ASCII word
	plain, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			upper = true
		} else if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			plain = false
			break
		}
	}
	if plain {
		if upper {
			s = strings.ToLower(s)
		}
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if (r == '\'' || r == '’') && i < len(s) && (s[i] == 's' || s[i] == 'S') && (i+1 == len(s) || !isWordRune(rune(s[i+1]))) {
			i++ // possessive
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = foldRune(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if r == '.' && i < len(s) && unicode.IsLetter(rune(s[i])) {
			continue // "U.S" → "us"
		}
		space = true
	}
	k := b.String()
	k = strings.TrimPrefix(k, "the ")
	return k
}

// foldRune removes the most common Latin diacritics without a table per call.
func foldRune(r rune) rune {
	if r < 0x80 {
		return r
	}
	if f, ok := diacriticFold[r]; ok {
		return f
	}
	return r
}

var diacriticFold = func() map[rune]rune {
	m := map[rune]rune{}
	groups := map[rune]string{
		'a': "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", 'c': "çćčÇĆČ", 'e': "èéêëēėęěÈÉÊËĒĖĘĚ", 'i': "ìíîïīįıÌÍÎÏĪĮİ",
		'n': "ñńňÑŃŇ", 'o': "òóôõöøōőÒÓÔÕÖØŌŐ", 'u': "ùúûüūůűųÙÚÛÜŪŮŰŲ", 'y': "ýÿÝŸ",
		's': "śšşŚŠŞß", 'z': "źżžŹŻŽ", 'g': "ğĞ", 'l': "łŁ", 'r': "řŘ", 't': "ťţŤŢ", 'd': "ďđĎĐ",
	}
	for base, chars := range groups {
		for _, c := range chars {
			m[c] = base
		}
	}
	return m
}()

// span returns the text from token i to token j inclusive.
func span(text string, toks []token, i, j int) string {
	s := text[toks[i].start:toks[j].end]
	if !oddSpaces(s) {
		return s // the common case, told in one pass over s
	}
	if strings.Contains(s, "\u00a0") {
		s = strings.ReplaceAll(s, "\u00a0", " ")
	}
	if strings.Contains(s, "  ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// oddSpaces reports whether s holds a no-break space or two spaces in a row.
func oddSpaces(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] == ' ' && s[i-1] == ' ' || s[i] == 0xa0 && s[i-1] == 0xc2 {
			return true
		}
	}
	return false
}

// isSentenceStart reports whether token i begins a sentence (or the entry body).
func isSentenceStart(e *entryScan, i int) bool {
	toks := e.toks
	if i == 0 {
		return true
	}
	p := toks[i-1]
	if p.isWord() {
		return false
	}
	switch p.str(e) {
	case ".", "!", "?", "–", "—", ":", "“", "\"", "-":
		return true
	}
	return false
}
