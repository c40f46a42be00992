package extract

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Date precisions.
const (
	PrecisionDay         = "day"
	PrecisionRange       = "range"
	PrecisionPartOfMonth = "part-of-month"
)

var (
	// ErrUnknownDate is returned by ParseDate for a phrase it cannot read.
	ErrUnknownDate = errors.New("unknown date phrase")
	// ErrNoYear is returned when a date names no year and none was given.
	ErrNoYear = errors.New("no year for the date")
)

// ParseDate reads a date phrase of a chronology ("February 2-7", "Mid-May",
// "September 30 and October 1", "3 March", "Monday, March 4th") and returns the
// inclusive range it denotes. year is used when the phrase names none; sectionMonth,
// the month of the section the phrase appears in (0 if unknown), completes phrases
// that name only days ("15 – 21") and places a December phrase under a January
// section in the previous year (and a January one under December in the next).
//
// A reversed range ("January 15-10") is read as the days between the two numbers;
// a range whose second month comes before its first ("December 28 – January 3")
// crosses the year end. Precision is PrecisionDay for one day, PrecisionPartOfMonth
// for "Early/Mid/Late X", weeks and halves, and PrecisionRange otherwise.
//
// The error wraps ErrUnknownDate for a phrase it cannot read (or a day the month
// lacks) and ErrNoYear when neither the phrase nor year gives the year; the
// returned Date then has only its Text.
func ParseDate(phrase string, year int, sectionMonth time.Month) (Date, error) {
	text := trimDatePhrase(phrase)
	r, err := parseDateRange(text, year, sectionMonth)
	switch {
	case err == nil:
		return r.date(text), nil
	case err == ErrUnknownDate || err == ErrNoYear:
		return Date{Text: text}, fmt.Errorf("%w %q", err, text)
	default:
		return Date{Text: text}, fmt.Errorf("%q: %w", text, err)
	}
}

// Reasons a phrase that looks like a date is not one; they wrap ErrUnknownDate.
// parseDateRange returns these values unformatted so that trying candidate phrases
// costs no allocation.
var (
	errNoMonth   = fmt.Errorf("%w: no month", ErrUnknownDate)
	errNoSuchDay = fmt.Errorf("%w: no such day", ErrUnknownDate)
)

// trimDatePhrase drops surrounding spaces and emphasis marks from a phrase, keeping
// it as written otherwise.
func trimDatePhrase(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return isSpace(r) || r == '*' || r == '_' })
}

// ymd is a calendar day; month and day are 1-based.
type ymd struct{ y, m, d int }

func (a ymd) before(b ymd) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

// dateRange is a parsed phrase.
type dateRange struct {
	start, end ymd
	precision  string
}

func (r dateRange) date(text string) Date {
	if r.start == r.end {
		s := r.start.iso()
		return Date{Text: text, Start: s, End: s, Precision: r.precision}
	}
	if !r.start.fourDigits() || !r.end.fourDigits() {
		return Date{Text: text, Start: r.start.iso(), End: r.end.iso(), Precision: r.precision}
	}
	var b [20]byte // one allocation for both dates
	r.start.put(b[:10])
	r.end.put(b[10:])
	both := string(b[:])
	return Date{Text: text, Start: both[:10], End: both[10:], Precision: r.precision}
}

func (a ymd) fourDigits() bool { return a.y >= 0 && a.y <= 9999 }

func (a ymd) iso() string {
	if !a.fourDigits() {
		return fmt.Sprintf("%04d-%02d-%02d", a.y, a.m, a.d)
	}
	var b [10]byte
	a.put(b[:])
	return string(b[:])
}

// put writes a as YYYY-MM-DD into b[:10].
func (a ymd) put(b []byte) {
	_ = b[9]
	b[0] = byte('0' + a.y/1000)
	b[1] = byte('0' + a.y/100%10)
	b[2] = byte('0' + a.y/10%10)
	b[3] = byte('0' + a.y%10)
	b[4] = '-'
	b[5] = byte('0' + a.m/10)
	b[6] = byte('0' + a.m%10)
	b[7] = '-'
	b[8] = byte('0' + a.d/10)
	b[9] = byte('0' + a.d%10)
}

// Token kinds of a date phrase.
const (
	tokMonth   = iota + 1 // val: 1-12
	tokNum                // val: the number; ord: had an ordinal suffix; digits: length
	tokISO                // val: year, val2: month, val3: day
	tokDash               // -, –, —
	tokAnd                // and, &
	tokTo                 // to, through, until
	tokPart               // val: 1 early, 2 mid, 3 late
	tokOrdinal            // first, second, third, fourth, last (5), of weeks and halves
	tokWeek               // val: 1 week, 2 half
	tokFiller             // on, in, of, the, from, between; weekdays
	tokUnknown
)

type dateToken struct {
	kind            int
	val, val2, val3 int
	digits          int
	ord             bool
	start, end      int // byte offsets in the phrase
}

const maxDateTokens = 24

// slash marks the tokAnd of a "/".
const slash = 1

// lexDate splits a phrase into tokens. It reports false if the phrase has more tokens
// than any date phrase needs.
func lexDate(s string, toks *[maxDateTokens]dateToken) (int, bool) {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		var t dateToken
		switch {
		case c == ' ' || c == '\t' || c == ',' || c == '*' || c == '_' || c == '\r' || c == '\n':
			i++
			continue
		case c == '-':
			t = dateToken{kind: tokDash, end: i + 1}
		case c == '&' || c == '/': // "October 21 & 22", "January 6/7"
			t = dateToken{kind: tokAnd, end: i + 1}
			if c == '/' {
				t.val = slash
			}
		case isDigit(c):
			t = lexNumber(s, i)
		case isASCIILetter(c):
			j := i + 1
			for j < len(s) && isASCIILetter(s[j]) {
				j++
			}
			t = lexWord(s[i:j])
			t.end = j
			if j < len(s) && s[j] == '.' { // "Sept.", "Oct."
				t.end = j + 1
			}
		case c < utf8.RuneSelf:
			t = dateToken{kind: tokUnknown, end: i + 1}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if isSpace(r) {
				i += size
				continue
			}
			t = dateToken{kind: tokUnknown, end: i + size}
			if isDash(r) {
				t.kind = tokDash
			}
		}
		if n == maxDateTokens {
			return n, false
		}
		t.start = i
		toks[n] = t
		n++
		i = t.end
	}
	return n, true
}

// lexNumber reads "12", "3rd", "2023" or an ISO date "2023-03-12" at s[i].
func lexNumber(s string, i int) dateToken {
	j := i
	v := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		if v < 1e6 {
			v = v*10 + int(s[j]-'0')
		}
		j++
	}
	t := dateToken{kind: tokNum, val: v, digits: j - i, start: i, end: j}
	if t.digits == 4 && j+6 <= len(s) && s[j] == '-' && isDigit(s[j+1]) && isDigit(s[j+2]) &&
		s[j+3] == '-' && isDigit(s[j+4]) && isDigit(s[j+5]) && (j+6 == len(s) || !isDigit(s[j+6])) {
		t.kind = tokISO
		t.val2 = int(s[j+1]-'0')*10 + int(s[j+2]-'0')
		t.val3 = int(s[j+4]-'0')*10 + int(s[j+5]-'0')
		t.end = j + 6
		return t
	}
	if j+2 <= len(s) && isASCIILetter(s[j]) && isASCIILetter(s[j+1]) {
		suf := string([]byte{s[j] | 0x20, s[j+1] | 0x20})
		if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && (j+2 == len(s) || !isASCIILetter(s[j+2])) {
			t.ord = true
			t.end = j + 2
		}
	}
	if t.end < len(s) && isASCIILetter(s[t.end]) {
		t.kind = tokUnknown // "2nd-hand", "12pm"
	}
	return t
}

func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return true
	}
	return false
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// dateWords maps the lower-case words of date phrases to tokens.
var dateWords = func() map[string]dateToken {
	m := map[string]dateToken{}
	months := []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
	for i, name := range months {
		m[name] = dateToken{kind: tokMonth, val: i + 1}
		m[name[:3]] = dateToken{kind: tokMonth, val: i + 1}
	}
	m["sept"] = dateToken{kind: tokMonth, val: 9}
	for _, w := range []string{"early", "beginning", "start", "begin"} {
		m[w] = dateToken{kind: tokPart, val: 1}
	}
	for _, w := range []string{"mid", "middle"} {
		m[w] = dateToken{kind: tokPart, val: 2}
	}
	for _, w := range []string{"late", "end"} {
		m[w] = dateToken{kind: tokPart, val: 3}
	}
	for i, w := range []string{"first", "second", "third", "fourth", "last"} {
		m[w] = dateToken{kind: tokOrdinal, val: i + 1}
	}
	m["week"] = dateToken{kind: tokWeek, val: 1}
	m["half"] = dateToken{kind: tokWeek, val: 2}
	for _, w := range []string{"and"} {
		m[w] = dateToken{kind: tokAnd}
	}
	for _, w := range []string{"to", "through", "thru", "until", "till", "til"} {
		m[w] = dateToken{kind: tokTo}
	}
	for _, w := range []string{"on", "in", "of", "the", "from", "between", "during", "throughout",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"} {
		m[w] = dateToken{kind: tokFiller}
	}
	return m
}()

func lexWord(w string) dateToken {
	if len(w) > 10 {
		return dateToken{kind: tokUnknown}
	}
	var buf [10]byte
	for i := 0; i < len(w); i++ {
		buf[i] = w[i] | 0x20
	}
	if t, ok := dateWords[string(buf[:len(w)])]; ok {
		return t
	}
	return dateToken{kind: tokUnknown}
}

// element is one point or span of a phrase: "March 3", "3", "Mid-May", "June",
// "first week of June".
type element struct {
	month, day int // 0 when not written
	part       int // 1-3 early/mid/late, partWeek+1..5, partHalf+1..2, partWeekOf; 0 otherwise
	year       int // 0 when not written
}

// Parts of a month besides early, mid and late: weeks (the fifth is the last) and halves.
const (
	partWeek   = 10
	partHalf   = 20
	partWeekOf = 30 // "week of March 4": day and the six after it
)

// parseDateRange is ParseDate without the formatting of its errors: a phrase is a
// list of elements joined by dashes, "and", "to" or commas.
func parseDateRange(s string, year int, section time.Month) (dateRange, error) {
	var toks [maxDateTokens]dateToken
	n, ok := lexDate(s, &toks)
	if !ok || n == 0 {
		return dateRange{}, ErrUnknownDate
	}
	// Numbers joined by a slash without a month are a numeric date ("4/5"), whose
	// order of day and month is unknown.
	slashed, month := false, false
	for _, t := range toks[:n] {
		slashed = slashed || t.kind == tokAnd && t.val == slash
		month = month || t.kind == tokMonth
	}
	if slashed && !month {
		return dateRange{}, ErrUnknownDate
	}
	var els [8]element
	ne := 0
	i := 0
	for i < n && toks[i].kind == tokFiller {
		i++
	}
	for i < n {
		if ne == len(els) {
			return dateRange{}, ErrUnknownDate
		}
		el, next, ok := parseElement(toks[:n], i)
		if !ok {
			return dateRange{}, ErrUnknownDate
		}
		els[ne] = el
		ne++
		i = next
		// A connector, a comma (already dropped) or the end follows an element.
		for i < n && (toks[i].kind == tokDash || toks[i].kind == tokAnd || toks[i].kind == tokTo || toks[i].kind == tokFiller) {
			i++
		}
	}
	if ne == 0 {
		return dateRange{}, ErrUnknownDate
	}
	return resolveElements(els[:ne], year, section)
}

// parseElement reads one element at toks[i].
func parseElement(toks []dateToken, i int) (element, int, bool) {
	var el element
	t := toks[i]
	switch t.kind {
	case tokISO:
		return element{year: t.val, month: t.val2, day: t.val3}, i + 1, true
	case tokWeek: // "week of March 4": the seven days from that day
		if t.val != 1 {
			return el, i, false
		}
		j := i + 1
		for j < len(toks) && toks[j].kind == tokFiller {
			j++
		}
		if j >= len(toks) || toks[j].kind != tokMonth && toks[j].kind != tokNum {
			return el, i, false
		}
		el, next, ok := parseElement(toks, j)
		if !ok || el.day == 0 || el.part != 0 {
			return el, i, false
		}
		el.part = partWeekOf
		return el, next, true
	case tokOrdinal: // "first week of March", "second half of May"
		if i+1 >= len(toks) || toks[i+1].kind != tokWeek {
			return el, i, false
		}
		if toks[i+1].val == 1 {
			el.part = partWeek + t.val
		} else if t.val <= 2 || t.val == 5 {
			el.part = partHalf + min(t.val, 2)
		} else {
			return el, i, false
		}
		i += 2
		for i < len(toks) && toks[i].kind == tokFiller {
			i++
		}
		if i >= len(toks) || toks[i].kind != tokMonth {
			return el, i, false
		}
		el.month = toks[i].val
		i++
	case tokPart:
		el.part = t.val
		i++
		for i < len(toks) && (toks[i].kind == tokDash || toks[i].kind == tokFiller) {
			i++
		}
		if i >= len(toks) || toks[i].kind != tokMonth {
			// "Early and mid-June", "Mid- to late May": the month of a neighbour.
			return el, i, i < len(toks) && (toks[i].kind == tokAnd || toks[i].kind == tokTo)
		}
		el.month = toks[i].val
		i++
	case tokMonth:
		el.month = t.val
		i++
		j := i
		for j < len(toks) && toks[j].kind == tokFiller { // "March the 5th"
			j++
		}
		if j < len(toks) && toks[j].kind == tokNum && toks[j].digits <= 2 {
			if toks[j].val == 0 {
				return el, j, false
			}
			el.day = toks[j].val
			i = j + 1
		}
	case tokNum:
		if t.digits > 2 || t.val == 0 {
			return el, i, false
		}
		el.day = t.val
		i++
		j := i
		for j < len(toks) && toks[j].kind == tokFiller { // "3rd of March"
			j++
		}
		if j < len(toks) && toks[j].kind == tokMonth {
			el.month = toks[j].val
			i = j + 1
		}
	default:
		return el, i, false
	}
	j := i
	for j < len(toks) && toks[j].kind == tokFiller { // "June of 2023"
		j++
	}
	if j < len(toks) && toks[j].kind == tokNum && toks[j].digits == 4 && !toks[j].ord {
		if el.month == 0 { // "15 2023": a year needs a month
			return el, j, false
		}
		el.year = toks[j].val
		i = j + 1
	}
	return el, i, true
}

// resolveElements completes months and years and returns the range the elements span.
func resolveElements(els []element, year int, section time.Month) (dateRange, error) {
	// Days without a month take it from the next element that has one ("15–21 May"),
	// else from the previous one ("May 15–21"), else from the section; parts of a
	// month ("early and mid-June") only from a neighbour.
	for i := range els {
		if els[i].month != 0 {
			continue
		}
		for j := i + 1; j < len(els) && els[i].month == 0; j++ {
			els[i].month = els[j].month
		}
		for j := i - 1; j >= 0 && els[i].month == 0; j-- {
			els[i].month = els[j].month
		}
		if els[i].month == 0 {
			if section == 0 || els[i].part != 0 {
				return dateRange{}, errNoMonth
			}
			els[i].month = int(section)
		}
	}
	for i := range els {
		if els[i].month < 1 || els[i].month > 12 {
			return dateRange{}, errNoMonth
		}
	}
	// The first element's year: as written; else from a later written year, a year
	// earlier if the range crosses the year end; else the given year.
	y := els[0].year
	if y == 0 {
		for j := 1; j < len(els); j++ {
			if els[j].year != 0 {
				y = els[j].year
				if els[0].month > els[j].month {
					y--
				}
				break
			}
		}
	}
	if y == 0 {
		if year == 0 {
			return dateRange{}, ErrNoYear
		}
		y = year
		switch {
		case section == time.January && els[0].month == 12:
			y--
		case section == time.December && els[0].month == 1:
			y++
		}
	}
	els[0].year = y
	for i := 1; i < len(els); i++ {
		if els[i].year == 0 {
			els[i].year = els[i-1].year
			if els[i].month < els[i-1].month {
				els[i].year++
			}
		}
	}
	var r dateRange
	for i, el := range els {
		first, last, ok := el.span()
		if !ok {
			return dateRange{}, errNoSuchDay
		}
		if i == 0 || first.before(r.start) {
			r.start = first
		}
		if i == 0 || r.end.before(last) {
			r.end = last
		}
	}
	switch {
	case len(els) == 1 && els[0].part != 0 && els[0].part != partWeekOf:
		r.precision = PrecisionPartOfMonth
	case r.start == r.end:
		r.precision = PrecisionDay
	default:
		r.precision = PrecisionRange
	}
	return r, nil
}

// span is the first and last day an element denotes.
func (el element) span() (ymd, ymd, bool) {
	last := daysIn(el.year, el.month)
	switch {
	case el.part == 1:
		return ymd{el.year, el.month, 1}, ymd{el.year, el.month, 10}, true
	case el.part == 2:
		return ymd{el.year, el.month, 11}, ymd{el.year, el.month, 20}, true
	case el.part == 3:
		return ymd{el.year, el.month, 21}, ymd{el.year, el.month, last}, true
	case el.part == partWeek+5:
		return ymd{el.year, el.month, last - 6}, ymd{el.year, el.month, last}, true
	case el.part > partWeek && el.part < partWeek+5:
		w := el.part - partWeek
		return ymd{el.year, el.month, 7*w - 6}, ymd{el.year, el.month, 7 * w}, true
	case el.part == partHalf+1:
		return ymd{el.year, el.month, 1}, ymd{el.year, el.month, 15}, true
	case el.part == partHalf+2:
		return ymd{el.year, el.month, 16}, ymd{el.year, el.month, last}, true
	case el.day == 0:
		return ymd{el.year, el.month, 1}, ymd{el.year, el.month, last}, true
	case el.day > last:
		return ymd{}, ymd{}, false
	}
	d := ymd{el.year, el.month, el.day}
	if el.part == partWeekOf {
		e := time.Date(el.year, time.Month(el.month), el.day+6, 0, 0, 0, 0, time.UTC)
		return d, ymd{e.Year(), int(e.Month()), e.Day()}, true
	}
	return d, d, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
