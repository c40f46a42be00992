package extract

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Errors of documents that cannot be read as chronologies. Extract and SplitEntries
// wrap them with the detail (a byte offset, a line).
var (
	ErrEmpty       = errors.New("empty document")
	ErrBinary      = errors.New("binary data, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrNoSectionYear: entries name no year and the document has no month header
	// ("March 2023") to take it from; Options.Year supplies it.
	ErrNoSectionYear = errors.New(`no month headers such as "March 2023" to take the year from`)
	ErrNoEntries     = errors.New(`no dated entries (lines such as "March 3 – ...")`)
)

// Reasons a non-empty line is not part of an entry (SkippedLine.Reason).
const (
	SkipFrontMatter = "title or introduction, before the first entry"
	SkipNavigation  = "navigation text"
	SkipCaption     = "photo caption or credit"
	SkipNotEntry    = "not an entry: no date phrase and dash at its start"
	SkipLoneDate    = "a date alone, without text below it"
)

// SplitEntries splits one chronology into its dated entries: it follows the month
// sections ("March 2023", "## March 2023"), reads each entry's date and kind, and
// reports the lines it skipped. It leaves people, bodies and places empty (Extract
// fills them).
//
// An entry is a line that starts with a date phrase followed by an en dash, em dash,
// hyphen or colon ("May 15 – 21 –", "Mid-August- 42 members", "3 March: ...").
// It continues over the following non-blank lines until a blank line, a header, the
// next entry, navigation text or a photo credit; Text joins its lines with single
// spaces. A date alone on its line ("March 3") opens an entry whose text is below it. Record.Text starts at the
// date phrase (after a list bullet, if any) and Record.Span covers it in data, so
// for a one-line entry Text == string(data[Span[0]:Span[1]]).
func SplitEntries(data []byte, opts Options) (*Document, error) {
	return splitText(string(data), opts)
}

// splitText is SplitEntries on a string, which Extract reads without a copy.
func splitText(src string, opts Options) (*Document, error) {
	if err := checkText(src); err != nil {
		return nil, err
	}
	// Most chronologies have a blank line after each entry and entries of a few
	// hundred bytes: a first guess at their number saves regrowing the slices,
	// bounded so that a file of many short lines costs no more than its size.
	guess := min(strings.Count(src, "\n")/2+1, len(src)/200+16)
	sp := splitter{
		src:  src,
		opts: opts,
		year: opts.Year,
		doc: &Document{Source: opts.Source, Records: make([]Record, 0, guess),
			Skipped: []SkippedLine{}, Warnings: []string{}},
		dates: make([]Date, 0, guess),
	}
	if sp.opts.Source == "" {
		sp.opts.Source = "-"
		sp.doc.Source = "-"
	}
	if err := sp.run(); err != nil {
		return nil, err
	}
	if len(sp.doc.Records) == 0 {
		return nil, ErrNoEntries
	}
	return sp.doc, nil
}

// checkText rejects what is not UTF-8 text, naming the first offending byte.
func checkText(src string) error {
	if strings.TrimSpace(strings.TrimPrefix(src, "\uFEFF")) == "" {
		return ErrEmpty
	}
	if strings.HasPrefix(src, "\xFF\xFE") || strings.HasPrefix(src, "\xFE\xFF") {
		return fmt.Errorf("%w: UTF-16 text (convert it to UTF-8)", ErrBinary)
	}
	if i := strings.IndexByte(src, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at byte offset %d", ErrBinary, i)
	}
	if utf8.ValidString(src) {
		return nil
	}
	for off := 0; off < len(src); {
		if src[off] < utf8.RuneSelf {
			off++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[off:])
		if r == utf8.RuneError && size <= 1 {
			return fmt.Errorf("%w at byte offset %d (byte 0x%02X)", ErrInvalidUTF8, off, src[off])
		}
		off += size
	}
	return ErrInvalidUTF8
}

// splitter walks the lines of one document.
type splitter struct {
	src  string
	opts Options
	doc  *Document

	year      int        // year of the current section, else Options.Year
	secYear   int        // year named by the current section header, 0 if none
	month     time.Month // month of the current section, 0 if none
	started   bool       // a header or an entry has been seen
	aheadYear int        // year of the first header, for entries above it; -1: none
	entryYear int        // year the last entry named in its own date ("July 1, 2023"), 0 if none

	open  bool                    // the last record continues on the next non-blank line
	lone  bool                    // the open record is a lone date that needs text below it
	parts []string                // its lines, when it has more than one
	dates []Date                  // backing store of the records' dates, to allocate them together
	iso   map[dateRange][2]string // ISO strings of the dates seen

	moreSkipped int // skipped lines beyond maxSkipped
	firstMore   int // the first of them
}

func (sp *splitter) run() error {
	pos, n := 0, 0
	if strings.HasPrefix(sp.src, "\uFEFF") {
		pos = len("\uFEFF")
	}
	// Lines end with LF or CRLF; a file with only CRs (classic Mac OS) ends them so.
	eol := byte('\n')
	if !strings.Contains(sp.src, "\n") && strings.Contains(sp.src, "\r") {
		eol = '\r'
	}
	for pos < len(sp.src) {
		end, next := len(sp.src), len(sp.src)
		if i := strings.IndexByte(sp.src[pos:], eol); i >= 0 {
			end, next = pos+i, pos+i+1
		}
		n++
		if err := sp.line(n, pos, end); err != nil {
			return err
		}
		pos = next
	}
	sp.close()
	if sp.moreSkipped > 0 {
		sp.doc.Warnings = append(sp.doc.Warnings, sp.warning(sp.firstMore,
			fmt.Sprintf("%d more lines from here skipped as not entries (only the first %d are listed)", sp.moreSkipped, maxSkipped)))
	}
	return nil
}

// line handles line n, src[start:end] without its newline.
func (sp *splitter) line(n, start, end int) error {
	a, b := trimSpaces(sp.src, start, end)
	if a == b {
		sp.close()
		return nil
	}
	text := sp.src[a:b]
	if y, m, ok := parseHeader(text); ok {
		sp.close()
		sp.started = true
		if y != 0 {
			sp.year, sp.secYear = y, y
		}
		sp.month = m
		return nil
	}
	if e, ok := findEntry(text, sp.year, sp.month); ok {
		sp.close()
		return sp.entry(n, a+e.lead, b, text[e.lead:e.lead+e.phraseEnd], e)
	}
	if sp.open && !isNavigation(text) && !isCredit(text) {
		sp.extend(b, text)
		return nil
	}
	sp.close()
	if e, ok := sp.loneDate(text); ok {
		// A date alone on its line ("March 3") opens an entry if text follows it.
		if err := sp.entry(n, a+e.lead, b, text[e.lead:e.lead+e.phraseEnd], e); err != nil {
			return err
		}
		sp.lone = true
		return nil
	}
	sp.skip(n, text)
	return nil
}

// loneDate recognizes a line that is only a dated phrase ("March 3", "15–17 May:"),
// as some timelines put the text of an entry on the lines below its date.
func (sp *splitter) loneDate(line string) (e entryStart, ok bool) {
	if sp.year == 0 || len(line) > maxPhrase {
		return e, false // without a year, a lone date is more likely a caption
	}
	e.lead = skipBullet(line)
	body := strings.TrimRightFunc(line[e.lead:], func(r rune) bool { return r == ':' || isDash(r) || isSpace(r) })
	if body == "" || dateishLen(body) < len(body) {
		return e, false
	}
	r, err := parseDateRange(body, sp.year, sp.month)
	if err != nil {
		return e, false
	}
	e.phraseEnd, e.known, e.dated, e.date = len(body), true, true, r
	return e, true
}

// entry starts a record at line n for src[start:end], found by findEntry.
func (sp *splitter) entry(n, start, end int, phrase string, e entryStart) error {
	sp.started = true
	rec := Record{
		Source:   sp.opts.Source,
		Line:     n,
		Span:     [2]int{start, end},
		Text:     sp.src[start:end],
		People:   []Person{},
		Bodies:   []Body{},
		Places:   []Place{},
		Warnings: []string{},
	}
	phrase = trimDatePhrase(phrase)
	d := Date{Text: phrase}
	var err error = ErrUnknownDate
	r := e.date
	switch {
	case e.dated:
		err = nil
	case e.known:
		r, err = parseDateRange(phrase, sp.year, sp.month)
		if err == ErrNoYear {
			y, werr := sp.yearAhead(n)
			if werr != nil {
				if y = sp.neighbourYear(n); y == 0 {
					return werr
				}
				rec.Warnings = append(rec.Warnings, sp.warning(n,
					fmt.Sprintf("date %q names no year; took %d from the entries around it", phrase, y)))
			}
			r, err = parseDateRange(phrase, y, sp.month)
		} else if err == nil && sp.year == 0 {
			sp.entryYear = r.start.y
		}
	}
	if err == nil {
		d = sp.date(r, phrase)
		if w := sp.sectionMismatch(r); w != "" {
			rec.Warnings = append(rec.Warnings, sp.warning(n, fmt.Sprintf("date %q is outside its section %s", phrase, w)))
		}
	} else {
		rec.Warnings = append(rec.Warnings, sp.warning(n, fmt.Sprintf("unknown date phrase %q; entry kept without dates", phrase)))
	}
	if len(sp.dates) == cap(sp.dates) {
		sp.dates = make([]Date, 0, cap(sp.dates)+16)
	}
	sp.dates = append(sp.dates, d)
	rec.Date = &sp.dates[len(sp.dates)-1]
	sp.doc.Records = append(sp.doc.Records, rec)
	sp.open = true
	return nil
}

// date is r.date(phrase), with the ISO strings of dates seen before shared rather
// than allocated again: a chronology names the same days many times.
func (sp *splitter) date(r dateRange, phrase string) Date {
	if iso, ok := sp.iso[r]; ok {
		return Date{Text: phrase, Start: iso[0], End: iso[1], Precision: r.precision}
	}
	d := r.date(phrase)
	if sp.iso == nil {
		sp.iso = make(map[dateRange][2]string)
	}
	if len(sp.iso) < 4096 {
		sp.iso[r] = [2]string{d.Start, d.End}
	}
	return d
}

// yearAhead is the year of the first month header, for entries above it.
func (sp *splitter) yearAhead(n int) (int, error) {
	if sp.aheadYear == 0 {
		sp.aheadYear = -1
		for rest := sp.src; rest != ""; {
			line := rest
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				line, rest = rest[:i], rest[i+1:]
			} else {
				rest = ""
			}
			a, b := trimSpaces(line, 0, len(line))
			if y, _, ok := parseHeader(line[a:b]); ok && y != 0 {
				sp.aheadYear = y
				break
			}
		}
		if sp.aheadYear > 0 {
			sp.doc.Warnings = append(sp.doc.Warnings, sp.warning(n,
				fmt.Sprintf("entries above the first month header take its year %d", sp.aheadYear)))
		}
	}
	if sp.aheadYear < 0 {
		return 0, fmt.Errorf("line %d: %w", n, ErrNoSectionYear)
	}
	return sp.aheadYear, nil
}

// neighbourYear is the year for an entry at line n whose date names none, in a
// document without month headers whose other entries carry full dates: the year of
// the entry before it, else of the first entry after it that names one; 0 if none does.
func (sp *splitter) neighbourYear(n int) int {
	if sp.entryYear != 0 {
		return sp.entryYear
	}
	rest := sp.src
	for skip := n; skip > 0 && rest != ""; skip-- {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			return 0
		}
		rest = rest[i+1:]
	}
	for rest != "" {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		a, b := trimSpaces(line, 0, len(line))
		e, ok := findEntry(line[a:b], 0, 0)
		if !ok || !e.known {
			continue
		}
		phrase := trimDatePhrase(line[a+e.lead : a+e.lead+e.phraseEnd])
		if r, err := parseDateRange(phrase, 0, 0); err == nil {
			return r.start.y
		}
	}
	return 0
}

// sectionMismatch names the section a date falls outside of, or returns "".
func (sp *splitter) sectionMismatch(r dateRange) string {
	// The date must overlap its section: a range may begin or end outside it.
	switch {
	case sp.month != 0:
		y := sp.secYear
		if y == 0 {
			y = r.start.y
		}
		sec := y*12 + int(sp.month)
		if r.start.y*12+r.start.m <= sec && sec <= r.end.y*12+r.end.m {
			return ""
		}
	case sp.secYear == 0 || r.start.y <= sp.secYear && sp.secYear <= r.end.y:
		return ""
	}
	switch {
	case sp.month != 0 && sp.secYear != 0:
		return sp.month.String() + " " + strconv.Itoa(sp.secYear)
	case sp.month != 0:
		return sp.month.String()
	}
	return strconv.Itoa(sp.secYear)
}

func (sp *splitter) warning(n int, reason string) string {
	return sp.opts.Source + ":" + strconv.Itoa(n) + ": " + reason
}

// extend adds a continuation line ending at end to the open record.
func (sp *splitter) extend(end int, text string) {
	rec := &sp.doc.Records[len(sp.doc.Records)-1]
	sp.lone = false
	if sp.parts == nil {
		sp.parts = append(sp.parts, rec.Text)
	}
	sp.parts = append(sp.parts, text)
	rec.Span[1] = end
}

// close finishes the open record, if any: its text and kind.
func (sp *splitter) close() {
	if !sp.open {
		return
	}
	rec := &sp.doc.Records[len(sp.doc.Records)-1]
	sp.open = false
	if sp.lone {
		// No text below the date: a caption or a stray date, not an entry.
		sp.lone = false
		sp.doc.Records = sp.doc.Records[:len(sp.doc.Records)-1]
		sp.skipAs(rec.Line, rec.Text, SkipLoneDate)
		return
	}
	if sp.parts != nil {
		rec.Text = strings.Join(sp.parts, " ")
		sp.parts = nil
	}
	rec.Kind = EventKind(rec.Text)
}

// maxSkipped bounds Document.Skipped, which a large file of prose would otherwise
// fill with every line. The lines beyond are counted in a warning.
const maxSkipped = 10000

func (sp *splitter) skip(n int, text string) {
	reason := SkipNotEntry
	switch {
	case isNavigation(text):
		reason = SkipNavigation
	case !sp.started:
		reason = SkipFrontMatter
	case isCaption(text):
		reason = SkipCaption
	}
	sp.skipAs(n, text, reason)
}

func (sp *splitter) skipAs(n int, text, reason string) {
	if len(sp.doc.Skipped) >= maxSkipped {
		if sp.moreSkipped == 0 {
			sp.firstMore = n
		}
		sp.moreSkipped++
		return
	}
	sp.doc.Skipped = append(sp.doc.Skipped, SkippedLine{Line: n, Text: text, Reason: reason})
}

// trimSpaces narrows s[a:b] to exclude leading and trailing white space, including
// no-break spaces, BOMs and carriage returns.
func trimSpaces(s string, a, b int) (int, int) {
	for a < b {
		c := s[a]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f' {
				break
			}
			a++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[a:b])
		if !isSpace(r) {
			break
		}
		a += size
	}
	for a < b {
		c := s[b-1]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f' {
				break
			}
			b--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[a:b])
		if !isSpace(r) {
			break
		}
		b -= size
	}
	return a, b
}

// parseHeader recognizes a section header: "March 2023", "## March 2023",
// "== March ==", "March, 2023:", "2023". It returns 0 for what the header leaves out.
func parseHeader(line string) (year int, month time.Month, ok bool) {
	if len(line) > 40 {
		return 0, 0, false
	}
	s := strings.TrimLeft(line, "#=*_ \t")
	s = strings.TrimRight(s, "#=*_: \t")
	if s == "" {
		return 0, 0, false
	}
	var toks [maxDateTokens]dateToken
	n, okLex := lexDate(s, &toks)
	if !okLex {
		return 0, 0, false
	}
	isYear := func(t dateToken) bool { return t.kind == tokNum && t.digits == 4 && !t.ord }
	switch {
	case n == 1 && toks[0].kind == tokMonth:
		return 0, time.Month(toks[0].val), true
	case n == 1 && isYear(toks[0]):
		return toks[0].val, 0, true
	case n == 2 && toks[0].kind == tokMonth && isYear(toks[1]):
		return toks[1].val, time.Month(toks[0].val), true
	}
	return 0, 0, false
}

// maxPhrase bounds the length of a date phrase, so that long lines cost nothing
// more than short ones.
const maxPhrase = 80

// entryStart is where an entry line's date phrase is, and what it says.
type entryStart struct {
	lead, phraseEnd int       // the phrase is line[lead:][:phraseEnd]
	known           bool      // the phrase parses as a date
	dated           bool      // date holds it, read with the year of the section
	date            dateRange // when dated
}

// findEntry finds the date phrase that opens an entry line, followed by a separator
// (dash or colon) and text. ok is false when the line is not an entry. An entry whose
// phrase looks like a date but does not parse ("Sometime in May – ...") is returned
// with known false.
func findEntry(line string, year int, section time.Month) (e entryStart, ok bool) {
	e.lead = skipBullet(line)
	body := line[e.lead:]
	if body == "" {
		return e, false
	}
	// Any year will do to recognize a phrase; without one, the caller dates it.
	y := year
	if y == 0 {
		y = 2000
	}
	if limit := dateishLen(body); limit > 0 {
		// Separators may stand only inside or right after the date-like words.
		for i := 1; i < limit; i++ {
			c := body[i]
			sep := c == '-' || c == ':'
			if !sep && c >= 0xE2 && c <= 0xEF {
				r, _ := utf8.DecodeRuneInString(body[i:])
				sep = isDash(r)
			}
			if !sep {
				continue
			}
			if i+1 < len(body) && isDigit(body[i+1]) {
				continue // inside a range or a time: "2-7", "2022–23", "10:30"
			}
			if endsWithDash(body[:i]) {
				continue // the second dash of "March 3 -- ..."
			}
			// The longest phrase wins: "January 15-10 –" is a range, not "January 15".
			if r, err := parseDateRange(body[:i], y, section); err == nil {
				e.phraseEnd, e.known, e.date, e.dated = i, true, r, year != 0
			}
		}
		if e.known {
			return e, true
		}
	}
	if end, ok := looseDatePrefix(body); ok {
		e.phraseEnd = end
		return e, true
	}
	return e, false
}

// endsWithDash reports whether s ends with a dash, before any trailing spaces.
func endsWithDash(s string) bool {
	s = strings.TrimRight(s, " \t\u00a0")
	r, _ := utf8.DecodeLastRuneInString(s)
	return isDash(r)
}

// skipBullet returns the length of a list bullet or emphasis at the start of line:
// "- ", "* ", "• ", "**".
func skipBullet(line string) int {
	i := 0
	for i < len(line) {
		switch {
		case line[i] == '*' || line[i] == '_' || line[i] == '>':
			i++
		case (line[i] == '-' || line[i] == '+') && i+1 < len(line) && line[i+1] == ' ':
			i++
		case strings.HasPrefix(line[i:], "•"):
			i += len("•")
		case line[i] == ' ' || line[i] == '\t':
			if i == 0 {
				return 0
			}
			i++
		default:
			return i
		}
	}
	return i
}

// dateishLen is the length of the start of s made only of what date phrases are
// made of (month names, numbers, dashes, spaces, "and", "mid", ...), at most
// maxPhrase bytes: the offset of the first other word or sign.
// It spares most lines, and most of each entry line, the search for a phrase.
func dateishLen(s string) int {
	s = s[:min(len(s), maxPhrase)]
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == ',' || c == '-' || c == '*' || c == '_' || c == '&' || c == '/' || c == '\t':
			i++
			continue
		case isDigit(c):
			t := lexNumber(s, i)
			if t.kind == tokUnknown {
				return i
			}
			i = t.end
		case isASCIILetter(c):
			j := i + 1
			for j < len(s) && isASCIILetter(s[j]) {
				j++
			}
			if lexWord(s[i:j]).kind == tokUnknown {
				return i
			}
			i = j
			if i < len(s) && s[i] == '.' {
				i++
			}
		case c < utf8.RuneSelf:
			return i + 1 // the sign may be the separator: "3 March: ..."
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isDash(r) && !isSpace(r) {
				return i
			}
			i += size
			continue
		}
	}
	return i
}

// looseDateWords are words of date phrases ParseDate does not read; a short line
// prefix with one of them (or a month name), then a spaced dash, is an entry with an
// unknown date rather than a line to skip.
var looseDateWords = map[string]bool{
	"spring": true, "summer": true, "autumn": true, "fall": true, "winter": true,
	"week": true, "weekend": true, "sometime": true, "circa": true, "around": true,
	"approximately": true, "quarter": true,
}

// looseDatePrefix finds a short prefix that reads like a date but may not parse
// ("Sometime in May", "Summer", "12/03/2023"), followed by a spaced dash or a colon.
func looseDatePrefix(s string) (int, bool) {
	limit := min(len(s), 48)
	end := -1
	for i := 1; i < limit; i++ {
		c := s[i]
		if c == ':' && i+1 < len(s) && s[i+1] == ' ' {
			end = i
			break
		}
		if c == '-' && (s[i-1] == ' ' || (i+1 < len(s) && s[i+1] == ' ')) {
			end = i
			break
		}
		if c >= 0xE2 && c <= 0xEF {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == '\u2013' || r == '\u2014') && (s[i-1] == ' ' || i+size < len(s) && s[i+size] == ' ') {
				end = i
				break
			}
		}
	}
	if end < 0 {
		return 0, false
	}
	prefix := strings.TrimRight(s[:end], " \t\u00a0")
	if prefix == "" {
		return 0, false
	}
	if isDigit(prefix[0]) {
		return len(prefix), numericDate(prefix)
	}
	r, _ := utf8.DecodeRuneInString(prefix)
	if !unicode.IsUpper(r) {
		return 0, false
	}
	words := strings.Fields(prefix)
	if len(words) > 5 {
		return 0, false
	}
	for i, w := range words {
		w = strings.ToLower(strings.Trim(w, ".,;()"))
		if i == 0 && looseDateWords[w] { // "Summer", "Sometime in May", not "Work around"
			return len(prefix), true
		}
		if t := lexWord(w); t.kind == tokMonth && len(w) > 3 {
			return len(prefix), true
		}
	}
	return 0, false
}

// numericDate reports whether s is a date in digits that ParseDate does not read,
// as its day/month order is unknown: "12/03/2023", "12/03", "12-03-23",
// "12.03.2023". Version numbers ("9.0.1532", "3.10") are not.
func numericDate(s string) bool {
	s = strings.TrimSuffix(s, ".")
	var mark byte
	var groups []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isDigit(s[i]) {
			continue
		}
		if i < len(s) {
			if mark == 0 {
				mark = s[i]
			}
			if s[i] != mark || (mark != '/' && mark != '.' && mark != '-') {
				return false
			}
		}
		groups = append(groups, s[start:i])
		start = i + 1
	}
	if len(groups) < 2 || len(groups) > 3 || mark == '.' && len(groups) != 3 {
		return false
	}
	a, _ := strconv.Atoi(groups[0])
	b, _ := strconv.Atoi(groups[1])
	if len(groups[0]) > 2 || len(groups[1]) > 2 || a < 1 || b < 1 || a > 31 || b > 31 || a > 12 && b > 12 {
		return false // one of the first two numbers is a month
	}
	if len(groups) == 3 {
		y := groups[2]
		if len(y) == 4 {
			n, _ := strconv.Atoi(y)
			return n >= 1800 && n <= 2100
		}
		return len(y) == 2 && mark != '.'
	}
	return true
}

// isNavigation recognizes web page furniture copied with the text.
func isNavigation(line string) bool {
	if len(line) > 80 {
		return false
	}
	l := strings.ToLower(line)
	for _, p := range []string{"scroll to", "scroll down", "scroll up", "exit mobile version",
		"skip to content", "skip to main", "read more", "click here", "back to top",
		"share this", "advertisement", "continue reading", "see also", "related posts",
		"print this", "subscribe"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// isCaption recognizes photo captions and credits: "... – Courtesy of ...",
// "Photo: ...", or a line ending with a full date ("...; September 15, 2023").
func isCaption(line string) bool {
	return isCredit(line) || endsWithFullDate(line)
}

// isCredit recognizes the credit of a photo, which ends an entry even without a
// blank line before it: "... – Courtesy of ...", "Photo: ...", "©".
func isCredit(line string) bool {
	l := strings.ToLower(line)
	for _, p := range []string{"courtesy of", "photo:", "photo by", "image:", "credit:",
		"photograph:", "©", "(photo", "file photo"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// endsWithFullDate reports whether line ends with "Month D, YYYY" or "D Month YYYY".
func endsWithFullDate(line string) bool {
	i := len(line)
	if i < 8 || !isDigit(line[i-1]) {
		return false
	}
	start := max(0, i-24)
	for start > 0 && !utf8.RuneStart(line[start]) {
		start--
	}
	tail := line[start:]
	// Try the suffixes that begin at a word start.
	for k := 0; k < len(tail); k++ {
		if k > 0 && tail[k-1] != ' ' && tail[k-1] != ',' && tail[k-1] != ';' && tail[k-1] != '-' {
			continue
		}
		if !isASCIILetter(tail[k]) && !isDigit(tail[k]) {
			continue
		}
		var toks [maxDateTokens]dateToken
		n, ok := lexDate(tail[k:], &toks)
		if !ok || n != 3 {
			continue
		}
		y := toks[2]
		if y.kind != tokNum || y.digits != 4 {
			continue
		}
		if (toks[0].kind == tokMonth && toks[1].kind == tokNum && toks[1].digits <= 2) ||
			(toks[0].kind == tokNum && toks[0].digits <= 2 && toks[1].kind == tokMonth) {
			return true
		}
	}
	return false
}
