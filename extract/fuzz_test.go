package extract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"annals/extract"
)

// FuzzExtract runs the whole extractor (splitting, dates, kinds, people, bodies, places)
// on arbitrary text. Whatever the input, it must not panic, must either fail with one of
// its documented errors or return records whose spans, lines and dates are sound, and
// every record must survive the JSON round trip of the record contract unchanged.
func FuzzExtract(f *testing.F) {
	x, err := extract.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("Chronicle of 2023\n\nMarch 2023\n\nMarch 4 – Senator Jane Roe addressed a conference in Paris organised by the Civic Union (CU).\n\nMarch 9 – Members of the CU held a rally in Rome; MP John Doe spoke.\n"), 0)
	f.Add([]byte("== 2021 ==\n=== May ===\n* 3 May – The Foreign Affairs Committee of the Bundestag heard Dr. Anna Schmidt in Berlin, Germany.\n* Mid-May – Rally in Toronto, Ontario.\n"), 0)
	f.Add([]byte("December 28 – January 3 – Talks in Geneva between Mrs. Rajavi and members of the European Parliament (MEPs).\n"), 2023)
	f.Add([]byte("January 15-10 – In three.\nSeptember 30 and October 1 – On.\nAugust 11- In\n\u00a0\r\n"), 2023)
	if sample, err := os.ReadFile("../../shared/corpus/iran-resistance-2023.txt"); err == nil {
		// A slice of the real corpus: its months, titles and lists are what the
		// mutations should start from.
		f.Add(sample[:min(len(sample), 4096)], 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, year int) {
		year = ((year % 3000) + 3000) % 3000
		doc, err := x.Extract(bytes.NewReader(data), extract.Options{Source: "fuzz.txt", Year: year})
		if err != nil {
			if doc != nil {
				t.Fatalf("document with error %v", err)
			}
			if !knownExtractError(err) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		if len(doc.Records) == 0 {
			t.Fatal("no records and no error")
		}
		checkSpans(t, data, doc)
		for _, r := range doc.Records {
			checkRecordFacts(t, r)
			checkJSONRoundTrip(t, r)
		}
	})
}

// knownExtractError reports whether err wraps one of the errors Extract documents.
func knownExtractError(err error) bool {
	for _, e := range []error{extract.ErrEmpty, extract.ErrBinary, extract.ErrInvalidUTF8,
		extract.ErrNoSectionYear, extract.ErrNoEntries} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// checkRecordFacts checks what a record states about its date, people, bodies and places.
func checkRecordFacts(t *testing.T, r extract.Record) {
	t.Helper()
	if r.Source != "fuzz.txt" {
		t.Fatalf("line %d: source %q", r.Line, r.Source)
	}
	if d := r.Date; d.Start != "" || d.End != "" {
		if _, err := time.Parse(time.DateOnly, d.Start); err != nil {
			t.Fatalf("line %d: start %q", r.Line, d.Start)
		}
		if _, err := time.Parse(time.DateOnly, d.End); err != nil {
			t.Fatalf("line %d: end %q", r.Line, d.End)
		}
	}
	for _, p := range r.People {
		if p.Name == "" {
			t.Fatalf("line %d: a person without a name: %+v", r.Line, p)
		}
	}
	for _, b := range r.Bodies {
		if b.Name == "" {
			t.Fatalf("line %d: a body without a name: %+v", r.Line, b)
		}
	}
	for _, p := range r.Places {
		if p.Name == "" || p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
			t.Fatalf("line %d: place %+v", r.Line, p)
		}
	}
}

// checkJSONRoundTrip checks that the record reads back from its JSON line as itself.
func checkJSONRoundTrip(t *testing.T, r extract.Record) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("line %d: marshal: %v", r.Line, err)
	}
	var back extract.Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("line %d: unmarshal %s: %v", r.Line, b, err)
	}
	b2, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("line %d: JSON round trip changed the record:\n%s\n%s", r.Line, b, b2)
	}
}
