package extract_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"annals/extract"
)

const (
	samplePath = "../../shared/corpus/iran-resistance-2023.txt"
	goldPath   = "../../shared/eval/gold-dev.jsonl"
)

// readSample returns the sample chronology, or skips the test where it is absent.
func readSample(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(samplePath)
	if os.IsNotExist(err) {
		tb.Skipf("sample corpus absent: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// TestGoldDates checks that every entry of the gold file is found at its line, with
// the gold date range.
func TestGoldDates(t *testing.T) {
	data := readSample(t)
	f, err := os.Open(goldPath)
	if os.IsNotExist(err) {
		t.Skipf("gold file absent: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := extract.SplitEntries(data, extract.Options{Source: "iran-resistance-2023.txt"})
	if err != nil {
		t.Fatal(err)
	}
	byLine := map[int]extract.Record{}
	for _, r := range doc.Records {
		byLine[r.Line] = r
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var g struct {
			Line int          `json:"line"`
			Date extract.Date `json:"date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		n++
		r, ok := byLine[g.Line]
		if !ok {
			t.Errorf("line %d: no entry (gold %q)", g.Line, g.Date.Text)
			continue
		}
		if r.Date.Start != g.Date.Start || r.Date.End != g.Date.End {
			t.Errorf("line %d %q: got %s..%s, gold %s..%s", g.Line, g.Date.Text, r.Date.Start, r.Date.End, g.Date.Start, g.Date.End)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d gold entries read", n)
	}
}
