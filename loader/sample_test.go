package loader_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"annals/extract"
	"annals/graph"

	"github.com/cayleygraph/cayley"
	"github.com/cayleygraph/quad"
)

// sampleRecords extracts the sample chronology beside this checkout (../shared).
func sampleRecords(t *testing.T) (string, []extract.Record) {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "corpus", "iran-resistance-2023.txt")
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("no sample corpus at %s", path)
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Base(path)
	doc, err := x.Extract(f, extract.Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Records) == 0 {
		t.Fatal("the extractor found no entries in the sample")
	}
	return src, doc.Records
}

// TestLoadSample loads the extraction of the sample and checks what must hold whatever
// the extractor finds: each entry's sentence and attendees as the records say, an
// unchanged reload, and an edit confined to its entry and the nodes it names.
func TestLoadSample(t *testing.T) {
	src, recs := sampleRecords(t)
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			sum := load(t, s, src, recs)
			if sum.Entries != len(recs) || sum.QuadsAdded == 0 {
				t.Fatalf("summary %+v for %d records", sum, len(recs))
			}
			entries, err := s.DocumentEntries(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(recs) {
				t.Errorf("%d entries in the store, %d records", len(entries), len(recs))
			}
			for _, r := range recs {
				entry := graph.EntryIRI(src, r.Line)
				text, err := cayley.StartPath(s, entry).Out(graph.Text).Iterate(ctx).AllValues(s)
				if err != nil {
					t.Fatal(err)
				}
				if len(text) != 1 || quad.ToString(text[0]) != r.Text {
					t.Errorf("line %d: text %v", r.Line, text)
				}
				var want []string
				for _, p := range r.People {
					if p.Participant && graph.Key(p.Name) != "" {
						want = append(want, string(graph.PersonIRI(p.Name)))
					}
				}
				slices.Sort(want)
				want = slices.Compact(want)
				got, err := cayley.StartPath(s, graph.EventIRI(src, r.Line)).Out(graph.Attendee).Iterate(ctx).AllValues(s)
				if err != nil {
					t.Fatal(err)
				}
				gotS := make([]string, len(got))
				for i, v := range got {
					gotS[i] = string(v.(quad.IRI))
				}
				slices.Sort(gotS)
				if !slices.Equal(gotS, want) {
					t.Errorf("line %d: attendees %v, want %v", r.Line, gotS, want)
				}
			}

			before := allQuads(t, s)
			if again := load(t, s, src, recs); again.QuadsAdded != 0 || again.QuadsRemoved != 0 {
				t.Errorf("reload: %+v", again)
			}
			if n := count(t, s); n != int64(len(before)) {
				t.Errorf("reload: %d quads, was %d", n, len(before))
			}

			edited := slices.Clone(recs)
			k := len(edited) / 2
			edited[k].Text += " (corrected)"
			edited[k].People = nil
			load(t, s, src, edited)
			after := allQuads(t, s)
			if checkConfined(t, before, after, graph.DocumentIRI(src), graph.EntryIRI(src, edited[k].Line)) == 0 {
				t.Fatal("editing an entry changed nothing")
			}
		})
	}
}
