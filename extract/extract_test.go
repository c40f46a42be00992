package extract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"testing/iotest"

	"annals/extract"
)

// TestExtractSample runs the whole extractor on the sample, from a file as the CLI
// does, and checks it keeps the entries, dates and kinds of SplitEntries and the
// contract's empty lists.
func TestExtractSample(t *testing.T) {
	data := readSample(t)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := x.Extract(f, extract.Options{Source: "iran-resistance-2023.txt"})
	if err != nil {
		t.Fatal(err)
	}
	split, err := extract.SplitEntries(data, extract.Options{Source: "iran-resistance-2023.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Records) != len(split.Records) {
		t.Fatalf("%d records, SplitEntries has %d", len(doc.Records), len(split.Records))
	}
	for i, r := range doc.Records {
		s := split.Records[i]
		if r.Line != s.Line || r.Span != s.Span || r.Text != s.Text || *r.Date != *s.Date || r.Kind != s.Kind {
			t.Errorf("line %d: Extract and SplitEntries disagree", r.Line)
		}
		if r.People == nil || r.Bodies == nil || r.Places == nil || r.Warnings == nil {
			t.Errorf("line %d: a nil list", r.Line)
		}
		for _, p := range r.People {
			if p.Aliases == nil || p.Roles == nil {
				t.Errorf("line %d: %s has a nil list", r.Line, p.Name)
			}
		}
		for _, b := range r.Bodies {
			if b.Aliases == nil {
				t.Errorf("line %d: %s has a nil list", r.Line, b.Name)
			}
		}
	}
	if len(doc.Skipped) != len(split.Skipped) {
		t.Errorf("%d skipped lines, SplitEntries has %d", len(doc.Skipped), len(split.Skipped))
	}
}

func TestExtractErrors(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk on fire")
	if _, err := x.Extract(iotest.ErrReader(broken), extract.Options{}); !errors.Is(err, broken) {
		t.Errorf("read error %v, want it wrapped", err)
	}
	// A reader that yields one byte at a time still gives the same result.
	text := "March 2023\n\nMarch 3 – The council met.\n"
	doc, err := x.Extract(iotest.OneByteReader(bytes.NewReader([]byte(text))), extract.Options{})
	if err != nil || len(doc.Records) != 1 || doc.Records[0].Date.Start != "2023-03-03" {
		t.Errorf("one byte at a time: %v %+v", err, doc)
	}
	if _, err := x.Extract(bytes.NewReader(nil), extract.Options{}); !errors.Is(err, extract.ErrEmpty) {
		t.Errorf("empty input: %v, want ErrEmpty", err)
	}
}

// TestExtractReusesScratch extracts the fixtures and the sample one after another with
// one Extractor, which hands each document's token blocks to the next: the records of
// a document must not change when later documents are extracted (no string of a
// record points into a reused block), and must equal a fresh Extractor's.
func TestExtractReusesScratch(t *testing.T) {
	var paths []string
	for _, f := range fixtureList(t) {
		paths = append(paths, f.text)
	}
	if _, err := os.Stat(samplePath); err == nil {
		paths = append(paths, samplePath)
	}
	shared, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	type kept struct {
		path string
		doc  *extract.Document
		json []byte
	}
	var docs []kept
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := shared.Extract(bytes.NewReader(data), extract.Options{Source: p})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		js, err := json.Marshal(doc.Records)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, kept{p, doc, js})
	}
	for _, k := range docs {
		again, err := json.Marshal(k.doc.Records)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, k.json) {
			t.Errorf("%s: the records changed after later documents were extracted", k.path)
		}
		fresh, err := extract.New()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(k.path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := fresh.Extract(bytes.NewReader(data), extract.Options{Source: k.path})
		if err != nil {
			t.Fatal(err)
		}
		if js, _ := json.Marshal(doc.Records); !bytes.Equal(js, k.json) {
			t.Errorf("%s: a reused Extractor's records differ from a fresh one's", k.path)
		}
	}
}

// TestExtractConcurrent shares one Extractor, and so its pool of token blocks, between
// goroutines extracting the fixtures at once (run with -race): every document's
// records equal those of a serial extraction.
func TestExtractConcurrent(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	fixtures := fixtureList(t)
	want := make([][]byte, len(fixtures))
	texts := make([][]byte, len(fixtures))
	for i, f := range fixtures {
		if texts[i], err = os.ReadFile(f.text); err != nil {
			t.Fatal(err)
		}
		doc, err := x.Extract(bytes.NewReader(texts[i]), extract.Options{Source: f.name})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if want[i], err = json.Marshal(doc.Records); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range fixtures {
				i := (k + g) % len(fixtures) // each goroutine starts elsewhere
				doc, err := x.Extract(bytes.NewReader(texts[i]), extract.Options{Source: fixtures[i].name})
				if err != nil {
					t.Errorf("%s: %v", fixtures[i].name, err)
					return
				}
				if got, _ := json.Marshal(doc.Records); !bytes.Equal(got, want[i]) {
					t.Errorf("%s: records differ from a serial extraction", fixtures[i].name)
				}
			}
		})
	}
	wg.Wait()
}
