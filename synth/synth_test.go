package synth_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"

	"annals/extract"
	"annals/extract/gazetteer"
	"annals/extract/score"
	"annals/synth"
)

var (
	gzOnce sync.Once
	gz     *gazetteer.Gazetteer
	gzErr  error
)

func loadGazetteer(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	gzOnce.Do(func() { gz, gzErr = gazetteer.Load() })
	if gzErr != nil {
		t.Fatal(gzErr)
	}
	return gz
}

// generate writes a chronology and its gold records.
func generate(t testing.TB, cfg synth.Config) (text, gold []byte, st synth.Stats) {
	t.Helper()
	g, err := synth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var tb, gb bytes.Buffer
	st, err = g.Write(context.Background(), &tb, &gb)
	if err != nil {
		t.Fatal(err)
	}
	return tb.Bytes(), gb.Bytes(), st
}

func TestDeterministic(t *testing.T) {
	cfg := synth.Config{Entries: 300, Seed: 42, Gazetteer: loadGazetteer(t)}
	a, ga, _ := generate(t, cfg)
	b, gb, _ := generate(t, cfg)
	if !bytes.Equal(a, b) || !bytes.Equal(ga, gb) {
		t.Fatal("the same seed gave different output")
	}
	cfg.Seed = 43
	c, _, _ := generate(t, cfg)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same output")
	}
	// Writing gold records does not change the text.
	g, _ := synth.New(synth.Config{Entries: 300, Seed: 42, Gazetteer: loadGazetteer(t)})
	var only bytes.Buffer
	if _, err := g.Write(context.Background(), &only, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, only.Bytes()) {
		t.Fatal("text differs with and without gold records")
	}
}

// TestExtractorReadsEveryEntry runs the real extractor on generated chronologies of
// both date orders and header styles: it must find exactly the generated entries,
// each with the date the generator meant.
func TestExtractorReadsEveryEntry(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 2, 3, 4} {
		cfg := synth.Config{Entries: 400, Seed: seed, Source: "synthetic.txt"}
		if seed == 1 {
			cfg.Gazetteer = loadGazetteer(t) // real cities once; dates do not depend on them
		}
		text, goldJSONL, st := generate(t, cfg)
		if st.Entries != cfg.Entries {
			t.Fatalf("seed %d: wrote %d entries, want %d", seed, st.Entries, cfg.Entries)
		}
		doc, err := x.Extract(bytes.NewReader(text), extract.Options{Source: cfg.Source})
		if err != nil {
			t.Fatalf("seed %d: extract: %v", seed, err)
		}
		if len(doc.Records) != cfg.Entries {
			t.Errorf("seed %d: extractor found %d entries, want %d", seed, len(doc.Records), cfg.Entries)
		}
		gold, err := score.Load(bytes.NewReader(goldJSONL))
		if err != nil {
			t.Fatal(err)
		}
		sys, err := score.FromRecords(doc.Records)
		if err != nil {
			t.Fatal(err)
		}
		res := score.Score(gold, sys, score.Options{})
		if res.EntriesFound.Found != cfg.Entries || *res.Dates.Acc != 1 {
			var b bytes.Buffer
			_ = res.WriteText(&b, false)
			t.Errorf("seed %d: entries or dates wrong:\n%s", seed, b.String())
			for _, m := range res.Misses {
				if m.Kind == "date" {
					t.Logf("line %d: %s %s", m.Line, m.What, m.Name)
				}
			}
		}
		t.Logf("seed %d: people F1 %.3f, bodies F1 %.3f, places F1 %.3f, legislator F1 %.3f",
			seed, res.People.F1, res.Bodies.F1, res.Places.F1, res.Legislator.F1)
	}
}

// TestDateFormsAndStyles checks that the generated chronologies use every date form
// of the extraction format and both header styles.
func TestDateFormsAndStyles(t *testing.T) {
	forms := map[string]*regexp.Regexp{
		"month day":          regexp.MustCompile(`(?m)^[A-Z][a-z]+ \d+ [–—-] `),
		"day month":          regexp.MustCompile(`(?m)^\d+ [A-Z][a-z]+ [–—-] `),
		"on day":             regexp.MustCompile(`(?m)^On (\d+ )?[A-Z][a-z]+( \d+)? – `),
		"range":              regexp.MustCompile(`(?m)^([A-Z][a-z]+ )?\d+-\d+`),
		"spaced range":       regexp.MustCompile(`(?m)^[A-Z][a-z]+ \d+ – \d+ [–—-] `),
		"and":                regexp.MustCompile(`(?m)^([A-Z][a-z]+ )?\d+ and \d+`),
		"across months":      regexp.MustCompile(`(?m)^([A-Z][a-z]+ )?\d+( [A-Z][a-z]+)? and ([A-Z][a-z]+ 1|1 [A-Z][a-z]+) `),
		"dangling hyphen":    regexp.MustCompile(`(?m)^[A-Z][a-z]+ \d+- `),
		"early":              regexp.MustCompile(`(?m)^Early [A-Z]`),
		"beginning in":       regexp.MustCompile(`(?m)^Beginning in [A-Z]`),
		"mid":                regexp.MustCompile(`(?m)^Mid-[A-Z]`),
		"end":                regexp.MustCompile(`(?m)^End [A-Z]`),
		"late":               regexp.MustCompile(`(?m)^Late [A-Z]`),
		"markdown header":    regexp.MustCompile(`(?m)^## [A-Z][a-z]+ \d{4}$`),
		"plain header":       regexp.MustCompile(`(?m)^[A-Z][a-z]+ \d{4}$`),
		"acronym definition": regexp.MustCompile(`\([A-Z]{3,}\)`),
		"titled name":        regexp.MustCompile(`(Senator|Dr\.|Professor|Ambassador|Rt\. Hon\.) [A-Z]`),
		"legislature":        regexp.MustCompile(`the [A-Z][a-z]+ Parliament`),
	}
	var all bytes.Buffer
	for _, seed := range []uint64{1, 2, 3, 4, 5, 6} {
		text, _, _ := generate(t, synth.Config{Entries: 1200, Seed: seed})
		all.Write(text)
	}
	for name, re := range forms {
		if !re.Match(all.Bytes()) {
			t.Errorf("no %s in six generated chronologies", name)
		}
	}
	reversed := false
	for _, m := range regexp.MustCompile(`(?m)^[A-Z][a-z]+ (\d+)-(\d+) `).FindAllSubmatch(all.Bytes(), -1) {
		a, _ := strconv.Atoi(string(m[1]))
		b, _ := strconv.Atoi(string(m[2]))
		reversed = reversed || a > b
	}
	if !reversed {
		t.Error("no reversed range (\"January 15-10\") in six generated chronologies")
	}
}

// TestPopularityIsSkewed counts how often each person is named in the gold records:
// a few people should account for much of it, as in real chronologies.
func TestPopularityIsSkewed(t *testing.T) {
	_, goldJSONL, _ := generate(t, synth.Config{Entries: 5000, Seed: 9})
	gold, err := score.Load(bytes.NewReader(goldJSONL))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	total := 0
	for _, line := range gold.Lines() {
		e, _ := gold.Entry(line)
		for _, p := range e.People {
			counts[p.Name]++
			total++
		}
	}
	freq := make([]int, 0, len(counts))
	for _, c := range counts {
		freq = append(freq, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(freq)))
	top := 0
	for _, c := range freq[:10] {
		top += c
	}
	median := freq[len(freq)/2]
	t.Logf("%d mentions of %d people; top 10 have %d (%.0f%%); most %d, median %d",
		total, len(freq), top, 100*float64(top)/float64(total), freq[0], median)
	if share := float64(top) / float64(total); share < 0.15 {
		t.Errorf("top 10 people have %.0f%% of mentions, want a power law (>= 15%%)", 100*share)
	}
	if freq[0] < 20*median {
		t.Errorf("most named person has %d mentions, median %d: not skewed", freq[0], median)
	}
}

func TestInventedPlaces(t *testing.T) {
	text, gold, st := generate(t, synth.Config{Entries: 50, Seed: 1})
	if st.Entries != 50 || len(text) == 0 || bytes.Count(gold, []byte("\n")) != 50 {
		t.Fatalf("without a gazetteer: %d entries, %d bytes, %d gold lines", st.Entries, len(text), bytes.Count(gold, []byte("\n")))
	}
}

func TestZeroAndNegativeEntries(t *testing.T) {
	text, gold, st := generate(t, synth.Config{Entries: 0, Seed: 1})
	if st.Entries != 0 || len(gold) != 0 || len(text) == 0 {
		t.Errorf("0 entries: stats %+v, %d gold bytes", st, len(gold))
	}
	if _, err := synth.New(synth.Config{Entries: -1}); err == nil {
		t.Error("New accepted -1 entries")
	}
}

func TestCancel(t *testing.T) {
	g, err := synth.New(synth.Config{Entries: 100000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Write(ctx, io.Discard, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Write with a cancelled context: %v", err)
	}
}

// BenchmarkWrite measures generation throughput (MB/s of chronology text).
func BenchmarkWrite(b *testing.B) {
	g, err := synth.New(synth.Config{Entries: 100000, Seed: 1, Gazetteer: loadGazetteer(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := g.Write(context.Background(), io.Discard, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(st.Bytes)
	}
}

func TestWriteParts(t *testing.T) {
	cfg := synth.Config{Entries: 900, Seed: 5, Gazetteer: loadGazetteer(t), Source: "whole.txt"}
	whole, _, wst := generate(t, cfg)
	g, err := synth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const n = 4
	texts := make([]*bytes.Buffer, n)
	golds := make([]*bytes.Buffer, n)
	closed := 0
	st, err := g.WriteParts(context.Background(), n, func(i int) (synth.Part, error) {
		texts[i], golds[i] = &bytes.Buffer{}, &bytes.Buffer{}
		return synth.Part{Source: "part-" + strconv.Itoa(i) + ".txt", Text: texts[i], Gold: golds[i],
			Close: func() error { closed++; return nil }}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != n || closed != n || st.Entries != wst.Entries || st.Months != wst.Months {
		t.Fatalf("parts: %+v, %d closed; whole: %+v", st, closed, wst)
	}
	// The first document is the start of the one-document chronology (same months, same
	// random stream); the others start with front matter of their own years.
	first := texts[0].Bytes()
	cut := bytes.Index(first, []byte("\n\n"))
	if !bytes.Equal(first[cut:], whole[cut:cut+len(first)-cut]) {
		t.Error("document 0 is not the start of the whole chronology")
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	var months []string
	for i := range n {
		src := "part-" + strconv.Itoa(i) + ".txt"
		doc, err := x.Extract(bytes.NewReader(texts[i].Bytes()), extract.Options{Source: src})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		recs := bytes.Count(golds[i].Bytes(), []byte("\n"))
		if len(doc.Records) != recs || !bytes.Contains(golds[i].Bytes(), []byte(`"source":"`+src+`"`)) {
			t.Errorf("%s: %d entries extracted, %d gold records naming it", src, len(doc.Records), recs)
		}
		total += recs
		months = append(months, doc.Records[0].Date.Start[:7], doc.Records[len(doc.Records)-1].Date.Start[:7])
	}
	if total != cfg.Entries {
		t.Errorf("%d gold records over the parts, want %d", total, cfg.Entries)
	}
	// Consecutive months: each document starts after the previous one ends.
	if !sort.StringsAreSorted(months) {
		t.Errorf("first and last months of the parts are not in order: %v", months)
	}
	if _, err := g.WriteParts(context.Background(), 0, nil); err == nil {
		t.Error("WriteParts accepted 0 documents")
	}
}
