package extract_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"annals/extract"
)

// split runs SplitEntries on text and fails the test on error.
func split(t *testing.T, text string, opts extract.Options) *extract.Document {
	t.Helper()
	doc, err := extract.SplitEntries([]byte(text), opts)
	if err != nil {
		t.Fatalf("SplitEntries: %v", err)
	}
	checkSpans(t, []byte(text), doc)
	return doc
}

// checkSpans asserts the invariants of every document: spans within the input,
// increasing and not overlapping; lines increasing; a text that starts with its
// date phrase; start <= end.
func checkSpans(t testing.TB, data []byte, doc *extract.Document) {
	t.Helper()
	prevEnd, prevLine := 0, 0
	for _, r := range doc.Records {
		s, e := r.Span[0], r.Span[1]
		if s < prevEnd || e < s || e > len(data) {
			t.Fatalf("line %d: span %v out of order or bounds (previous end %d, len %d)", r.Line, r.Span, prevEnd, len(data))
		}
		if r.Line <= prevLine {
			t.Fatalf("line %d after line %d", r.Line, prevLine)
		}
		eol := []byte("\n")
		if !bytes.Contains(data, eol) && bytes.Contains(data, []byte("\r")) {
			eol = []byte("\r") // classic Mac OS line ends
		}
		if got := bytes.Count(data[:s], eol) + 1; got != r.Line {
			t.Fatalf("line %d: span starts on line %d", r.Line, got)
		}
		if r.Date == nil || !strings.HasPrefix(r.Text, r.Date.Text) {
			t.Fatalf("line %d: text %.40q does not start with its date phrase %v", r.Line, r.Text, r.Date)
		}
		if r.Date.Start > r.Date.End {
			t.Fatalf("line %d: start %s after end %s", r.Line, r.Date.Start, r.Date.End)
		}
		prevEnd, prevLine = e, r.Line
	}
}

func lines(doc *extract.Document) []int {
	var out []int
	for _, r := range doc.Records {
		out = append(out, r.Line)
	}
	return out
}

func TestSplitEntriesSample(t *testing.T) {
	data := readSample(t)
	doc, err := extract.SplitEntries(data, extract.Options{Source: "iran-resistance-2023.txt"})
	if err != nil {
		t.Fatal(err)
	}
	checkSpans(t, data, doc)
	// Every line that starts with a date phrase and a dash is an entry, and no other:
	// 147 lines of the sample (counted by hand with grep).
	if len(doc.Records) != 147 {
		t.Errorf("%d records, want 147", len(doc.Records))
	}
	for _, r := range doc.Records {
		if got := string(data[r.Span[0]:r.Span[1]]); got != r.Text {
			t.Errorf("line %d: text differs from the span: %.60q vs %.60q", r.Line, r.Text, got)
		}
		if r.Kind == "" {
			t.Errorf("line %d: no kind", r.Line)
		}
	}
	skipped := map[int]string{}
	for _, s := range doc.Skipped {
		skipped[s.Line] = s.Reason
	}
	want := map[int]string{
		1: extract.SkipFrontMatter, 3: extract.SkipFrontMatter, 5: extract.SkipFrontMatter,
		7: extract.SkipFrontMatter, 9: extract.SkipFrontMatter, 11: extract.SkipFrontMatter,
		34: extract.SkipNavigation, 110: extract.SkipCaption, 190: extract.SkipNotEntry,
		238: extract.SkipCaption, 318: extract.SkipCaption, 342: extract.SkipNavigation,
	}
	for line, reason := range want {
		if skipped[line] != reason {
			t.Errorf("line %d skipped as %q, want %q", line, skipped[line], reason)
		}
	}
	if len(skipped) != len(want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	// The one entry outside its section (line 84, "May 29" under March) is kept and warned.
	var warned []string
	for _, r := range doc.Records {
		warned = append(warned, r.Warnings...)
	}
	wantWarn := `iran-resistance-2023.txt:84: date "May 29" is outside its section March 2023`
	if len(warned) != 1 || warned[0] != wantWarn {
		t.Errorf("warnings %q, want [%q]", warned, wantWarn)
	}
}

func TestSplitEntriesLayout(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		opts    extract.Options
		lines   []int
		texts   []string
		dates   []string // start..end
		warned  []int    // lines of the entries with a warning
		phrases []string // Date.Text
	}{
		{
			name:  "CRLF, BOM and no-break spaces",
			text:  "\uFEFFMarch 2023\r\n\r\nMarch 3\u00a0– The council met.\u00a0\r\nMarch 4 – It met again.\r\n",
			lines: []int{3, 4},
			texts: []string{"March 3\u00a0– The council met.", "March 4 – It met again."},
			dates: []string{"2023-03-03..2023-03-03", "2023-03-04..2023-03-04"},
		},
		{
			name:  "CR line ends",
			text:  "March 2023\r\rMarch 3 – One.\rMarch 4 – Two.\r",
			lines: []int{3, 4},
			texts: []string{"March 3 – One.", "March 4 – Two."},
		},
		{
			name:  "continuation lines until a blank line (spaces and no-break spaces are blank)",
			text:  "March 2023\n\nMarch 3 – The council\nmet in Paris.\n\u00a0 \nA photo of the hall\nMarch 5 – Next.\nThe hall – Courtesy of the city\n",
			lines: []int{3, 7},
			texts: []string{"March 3 – The council met in Paris.", "March 5 – Next."},
		},
		{
			name:  "markdown headers and bullets",
			text:  "# Timeline\n\n## March 2023\n\n- March 3 – One.\n* **March 4** – Two.\n\n## April 2023\n\n• April 1: Three.\n",
			lines: []int{5, 6, 10},
			texts: []string{"March 3 – One.", "March 4** – Two.", "April 1: Three."},
			dates: []string{"2023-03-03..2023-03-03", "2023-03-04..2023-03-04", "2023-04-01..2023-04-01"},
		},
		{
			name:  "wiki sections with day-first dates and a year header",
			text:  "== 2021 ==\n=== March ===\n* 3 March – One.\n* 15 – Two.\n=== April ===\n* 2–4 April – Three.\n",
			lines: []int{3, 4, 6},
			dates: []string{"2021-03-03..2021-03-03", "2021-03-15..2021-03-15", "2021-04-02..2021-04-04"},
		},
		{
			name:    "dashes of every kind and spacing",
			text:    "May 2023\n\nMay 15 – 21 – A.\nMid-May—B.\nMid-August- C.\nMay 3 - D.\nMay 30-June 2 – E.\nMay 4 -- F.\n",
			lines:   []int{3, 4, 5, 6, 7, 8},
			texts:   []string{"May 15 – 21 – A.", "Mid-May—B.", "Mid-August- C.", "May 3 - D.", "May 30-June 2 – E.", "May 4 -- F."},
			phrases: []string{"May 15 – 21", "Mid-May", "Mid-August", "May 3", "May 30-June 2", "May 4"},
			dates:   []string{"2023-05-15..2023-05-21", "2023-05-11..2023-05-20", "2023-08-11..2023-08-20", "2023-05-03..2023-05-03", "2023-05-30..2023-06-02", "2023-05-04..2023-05-04"},
			warned:  []int{5}, // Mid-August under May
		},
		{
			name:    "dates alone on their line, text below",
			text:    "March 2023\n\nMarch 3\nThe council met.\n\n5 March:\nIt met again.\nAnd voted.\n\nJune 9\n\nMarch 7\nScroll down\n",
			lines:   []int{3, 6},
			texts:   []string{"March 3 The council met.", "5 March: It met again. And voted."},
			phrases: []string{"March 3", "5 March"},
			dates:   []string{"2023-03-03..2023-03-03", "2023-03-05..2023-03-05"},
		},
		{
			name:  "ranges overlapping their section",
			text:  "May 2023\n\nApril 28 – June 2 – A.\nMid-April – Early May – B.\n",
			lines: []int{3, 4},
			dates: []string{"2023-04-28..2023-06-02", "2023-04-11..2023-05-10"},
		},
		{
			name:   "year across the year end",
			text:   "December 2023\n\nDecember 28 – January 3 – Talks.\n\nJanuary 2024\n\nDecember 31 – Late note.\nJanuary 2 – New year.\n",
			lines:  []int{3, 7, 8},
			dates:  []string{"2023-12-28..2024-01-03", "2023-12-31..2023-12-31", "2024-01-02..2024-01-02"},
			warned: []int{7}, // December under January
		},
		{
			name:  "year from Options without headers",
			text:  "Chronicle\n\nMarch 3 – One.\nJune 4 – Two.\n",
			opts:  extract.Options{Year: 2019},
			lines: []int{3, 4},
			dates: []string{"2019-03-03..2019-03-03", "2019-06-04..2019-06-04"},
		},
		{
			name:  "explicit years need no header",
			text:  "March 3, 2020 – One.\n2021-06-04 – Two.\n",
			lines: []int{1, 2},
			dates: []string{"2020-03-03..2020-03-03", "2021-06-04..2021-06-04"},
		},
		{
			// A short prefix with a month name before a spaced dash is kept as an
			// entry with an unknown date (and a warning) rather than dropped.
			name: "lines that are not entries",
			text: "2022–23 season: a timeline\n\nMarch 2023\n\nMarch in Paris – a photo essay\n\nMay the best win – a motto\n\n" +
				"March 3 – Real.\n12/03/2023 – Numeric.\nTwenty-one members – signed.\n",
			lines:  []int{5, 9, 10},
			dates:  []string{"..", "2023-03-03..2023-03-03", ".."},
			warned: []int{5, 10}, // unknown dates
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := split(t, tt.text, tt.opts)
			var warned []int
			for _, r := range doc.Records {
				if len(r.Warnings) != 0 {
					warned = append(warned, r.Line)
				}
			}
			if !slices.Equal(warned, tt.warned) {
				t.Errorf("warnings on lines %v, want %v", warned, tt.warned)
			}
			if got := lines(doc); !slices.Equal(got, tt.lines) {
				t.Fatalf("entry lines %v, want %v", got, tt.lines)
			}
			for i, r := range doc.Records {
				if tt.texts != nil && r.Text != tt.texts[i] {
					t.Errorf("line %d: text %q, want %q", r.Line, r.Text, tt.texts[i])
				}
				if tt.phrases != nil && r.Date.Text != tt.phrases[i] {
					t.Errorf("line %d: date phrase %q, want %q", r.Line, r.Date.Text, tt.phrases[i])
				}
				if tt.dates != nil {
					if got := r.Date.Start + ".." + r.Date.End; got != tt.dates[i] {
						t.Errorf("line %d %q: date %s, want %s", r.Line, r.Date.Text, got, tt.dates[i])
					}
				}
			}
		})
	}
}

func TestSplitEntriesLoneDatesSkipped(t *testing.T) {
	doc := split(t, "March 2023\n\nMarch 1 – One.\n\nJune 9\n\nMarch 7\nScroll down\n", extract.Options{})
	var got []string
	for _, s := range doc.Skipped {
		got = append(got, fmt.Sprintf("%d %s", s.Line, s.Reason))
	}
	want := []string{"5 " + extract.SkipLoneDate, "7 " + extract.SkipLoneDate, "8 " + extract.SkipNavigation}
	if !slices.Equal(got, want) {
		t.Errorf("skipped %q, want %q", got, want)
	}
}

// TestSplitEntriesNotDates checks lines of other documents that start like unknown
// dates but are not entries: version numbers, prose with "around".
func TestSplitEntriesNotDates(t *testing.T) {
	text := "March 2023\n\nMarch 1 – One.\n\n9.0.1932: Crash when expanding\n\n3.10 – release notes\n\n" +
		"Work around a bug – closes #7\n\n2.4.36 – fixes\n\n12.03.2023 – Numeric.\n\n4/5 – Numeric too.\n"
	doc := split(t, text, extract.Options{})
	if got, want := lines(doc), []int{3, 13, 15}; !slices.Equal(got, want) {
		t.Fatalf("entry lines %v, want %v", got, want)
	}
	for _, r := range doc.Records[1:] {
		if r.Date.Start != "" || len(r.Warnings) != 1 {
			t.Errorf("line %d: numeric date %+v read, warnings %q; want an unknown date", r.Line, *r.Date, r.Warnings)
		}
	}
}

func TestSplitEntriesSpanOfContinuation(t *testing.T) {
	text := "March 2023\r\n\r\nMarch 3 – The council\r\nmet in Paris.\u00a0\r\n\r\n"
	doc := split(t, text, extract.Options{})
	r := doc.Records[0]
	if got, want := text[r.Span[0]:r.Span[1]], "March 3 – The council\r\nmet in Paris."; got != want {
		t.Errorf("span covers %q, want %q", got, want)
	}
}

func TestSplitEntriesWarnings(t *testing.T) {
	text := "March 2023\n\nSometime in May – The council met.\nMay 29 – Out of section.\nFebruary 30 – No such day.\n"
	doc := split(t, text, extract.Options{Source: "w.txt"})
	want := []struct {
		line    int
		start   string
		phrase  string
		warning string
	}{
		{3, "", "Sometime in May", `w.txt:3: unknown date phrase "Sometime in May"; entry kept without dates`},
		{4, "2023-05-29", "May 29", `w.txt:4: date "May 29" is outside its section March 2023`},
		{5, "", "February 30", `w.txt:5: unknown date phrase "February 30"; entry kept without dates`},
	}
	if len(doc.Records) != len(want) {
		t.Fatalf("%d records, want %d: %v", len(doc.Records), len(want), lines(doc))
	}
	for i, w := range want {
		r := doc.Records[i]
		if r.Line != w.line || r.Date.Start != w.start || r.Date.Text != w.phrase {
			t.Errorf("record %d: line %d date %+v, want line %d %q start %q", i, r.Line, *r.Date, w.line, w.phrase, w.start)
		}
		if len(r.Warnings) != 1 || r.Warnings[0] != w.warning {
			t.Errorf("line %d: warnings %q, want [%q]", r.Line, r.Warnings, w.warning)
		}
	}
}

func TestSplitEntriesBeforeFirstHeader(t *testing.T) {
	doc := split(t, "Intro\n\nMarch 1 – Early.\n\nMarch 2022\n\nMarch 3 – Later.\n", extract.Options{Source: "h.txt"})
	if got := doc.Records[0].Date.Start; got != "2022-03-01" {
		t.Errorf("entry above the first header dated %s, want 2022-03-01", got)
	}
	if len(doc.Warnings) != 1 || !strings.HasPrefix(doc.Warnings[0], "h.txt:3: ") {
		t.Errorf("document warnings %q, want one for line 3", doc.Warnings)
	}
}

func TestSplitEntriesSkippedBound(t *testing.T) {
	text := "March 2023\n\nMarch 3 – One.\n\n" + strings.Repeat("Not an entry.\n\n", 10005)
	doc := split(t, text, extract.Options{Source: "p.txt"})
	if len(doc.Skipped) != 10000 {
		t.Errorf("%d skipped lines listed, want 10000", len(doc.Skipped))
	}
	want := "p.txt:20005: 5 more lines from here skipped as not entries (only the first 10000 are listed)"
	if len(doc.Warnings) != 1 || doc.Warnings[0] != want {
		t.Errorf("warnings %q, want [%q]", doc.Warnings, want)
	}
}

func TestSplitEntriesBadInput(t *testing.T) {
	big := strings.Repeat("word ", 10<<20) // 50 MiB on one line
	tests := []struct {
		name    string
		data    []byte
		opts    extract.Options
		want    error
		message string
	}{
		{"empty", nil, extract.Options{}, extract.ErrEmpty, "empty document"},
		{"only white space and a BOM", []byte("\uFEFF \n\r\n\t\n"), extract.Options{}, extract.ErrEmpty, "empty document"},
		{"binary", []byte("March 2023\n\x00\x01\x02"), extract.Options{}, extract.ErrBinary, "NUL byte at byte offset 11"},
		{"UTF-16", []byte{0xFF, 0xFE, 'M', 0, 'a', 0}, extract.Options{}, extract.ErrBinary, "UTF-16"},
		{"invalid UTF-8", []byte("March 2023\n\nMarch 3 – caf\xe9 met.\n"), extract.Options{}, extract.ErrInvalidUTF8, "invalid UTF-8 at byte offset 27 (byte 0xE9)"},
		{"no month headers", []byte("Chronicle\n\nMarch 3 – The council met.\n"), extract.Options{}, extract.ErrNoSectionYear, "line 3: no month headers"},
		{"no entries", []byte("Just prose.\nAnd more prose.\n"), extract.Options{}, extract.ErrNoEntries, "no dated entries"},
		{"a 50 MB line without entries", []byte(big), extract.Options{}, extract.ErrNoEntries, "no dated entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extract.SplitEntries(tt.data, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
			if doc != nil {
				t.Errorf("document %v with an error", doc)
			}
		})
	}
}

func TestSplitEntriesHugeLine(t *testing.T) {
	text := "March 3, 2023 – " + strings.Repeat("The council met again. ", 50<<20/23)
	doc := split(t, text, extract.Options{})
	if len(doc.Records) != 1 {
		t.Fatalf("%d records, want 1", len(doc.Records))
	}
	r := doc.Records[0]
	if r.Span != [2]int{0, len(strings.TrimSpace(text))} || len(r.Text) != r.Span[1] {
		t.Errorf("span %v, text of %d bytes, want the whole %d-byte line", r.Span, len(r.Text), len(text))
	}
	if r.Date.Start != "2023-03-03" || r.Kind != extract.KindMeeting {
		t.Errorf("date %+v kind %q", *r.Date, r.Kind)
	}
}

func FuzzSplitEntries(f *testing.F) {
	f.Add([]byte("March 2023\n\nMarch 3 – The council met.\nMid-May – B.\n"), 0)
	f.Add([]byte("\uFEFF## May 2023\r\n\r\nMay 15 – 21 – A.\r\ncontinued\r\n\r\nCaption – Courtesy of X\r\n"), 0)
	f.Add([]byte("== 2021 ==\n=== March ===\n* 3 March – One.\n* 15 – Two.\n"), 0)
	f.Add([]byte("December 28 – January 3 – Talks.\nSometime in May – x\n"), 2023)
	f.Add([]byte("January 15-10 – In three.\nSeptember 30 and October 1 – On.\nAugust 11- In\n"), 2023)
	f.Fuzz(func(t *testing.T, data []byte, year int) {
		year = ((year % 3000) + 3000) % 3000
		doc, err := extract.SplitEntries(data, extract.Options{Source: "fuzz", Year: year})
		if err != nil {
			if doc != nil {
				t.Fatalf("document with error %v", err)
			}
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("invalid UTF-8 accepted")
		}
		if len(doc.Records) == 0 {
			t.Fatalf("no records and no error")
		}
		checkSpans(t, data, doc)
	})
}

// A document without month headers whose entries carry full dates: an entry without a
// year takes the year of the entries around it, with a warning, and the file is read.
func TestSplitEntriesYearFromNeighbours(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // start date of each record
		warnLine   int
	}{
		{"after a dated entry",
			"Chronicle\n\nJuly 1, 2024 – The council met.\nMid-August – Rallies were held.\nSeptember 3, 2024 – A letter.\n",
			[]string{"2024-07-01", "2024-08-11", "2024-09-03"}, 4},
		{"before the first dated entry",
			"Chronicle\n\nEarly June – A campaign.\n\nJuly 1, 2021 – The council met.\n",
			[]string{"2021-06-01", "2021-07-01"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := split(t, tt.text, extract.Options{Source: "y.txt"})
			if len(doc.Records) != len(tt.want) {
				t.Fatalf("%d records, want %d: %v", len(doc.Records), len(tt.want), lines(doc))
			}
			for i, w := range tt.want {
				r := doc.Records[i]
				if r.Date.Start != w {
					t.Errorf("line %d starts %q, want %q", r.Line, r.Date.Start, w)
				}
				warned := len(r.Warnings) == 1 && strings.HasPrefix(r.Warnings[0], fmt.Sprintf("y.txt:%d: ", r.Line)) &&
					strings.Contains(r.Warnings[0], "names no year")
				if warned != (r.Line == tt.warnLine) {
					t.Errorf("line %d: warnings %q", r.Line, r.Warnings)
				}
			}
		})
	}
	// With no dated entry at all there is still no year to take.
	_, err := extract.SplitEntries([]byte("Chronicle\n\nMid-August – Rallies.\n"), extract.Options{})
	if !errors.Is(err, extract.ErrNoSectionYear) {
		t.Errorf("err = %v, want ErrNoSectionYear", err)
	}
}
