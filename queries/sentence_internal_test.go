package queries

import (
	"context"
	"slices"
	"testing"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// TestSentencesByID checks that a listed event's sentence read by the id the index
// keeps is the sentence its entry states, from a scan, from the quads a load wrote and
// after a reload changed a sentence; that an id the store no longer holds falls back
// to the path through the entry; and that stores without value ids keep none.
func TestSentencesByID(t *testing.T) {
	ctx := context.Background()
	for _, st := range indexStores(t) {
		t.Run(st.kind, func(t *testing.T) {
			s := st.open(t)
			chron := records(t, "testdata/chronology.jsonl", "a.txt")
			load(t, s, "a.txt", chron)
			x, err := OpenIndex(ctx, s, IndexOptions{})
			if err != nil {
				t.Fatal(err)
			}
			check := func(step string, want map[int]string) {
				t.Helper()
				ss := &session{s: s, r: newReader(s), snap: x.get(), events: map[quad.IRI]*Event{}, entries: map[quad.IRI]*Provenance{}}
				withID := 0
				for _, info := range ss.snap.events {
					if info.textID != 0 {
						withID++
					}
					got, err := ss.sentenceByID(ctx, info)
					if err != nil {
						t.Fatal(err)
					}
					through, err := ss.sentence(ctx, info.entry)
					if err != nil {
						t.Fatal(err)
					}
					if got != through || got == "" {
						t.Errorf("%s: %s: by id %q, through the entry %q", step, info.iri, got, through)
					}
					if w, ok := want[info.line]; ok && got != w {
						t.Errorf("%s: line %d states %q, want %q", step, info.line, got, w)
					}
				}
				if n := len(ss.snap.events); st.kind == graph.KindBolt && withID != n {
					t.Errorf("%s: %d of %d events have the id of their sentence", step, withID, n)
				} else if st.kind != graph.KindBolt && withID != 0 {
					t.Errorf("%s: a %s store gave %d ids", step, st.kind, withID)
				}
			}
			check("a scan", nil)

			// a reload with one sentence changed: the sync reads the new id
			recs := slices.Clone(chron)
			recs[2].Text = "A sentence the second version of the document states instead."
			load(t, s, "a.txt", recs)
			if err := x.Sync(ctx, s); err != nil {
				t.Fatal(err)
			}
			check("a reload", map[int]string{recs[2].Line: recs[2].Text})

			if st.kind != graph.KindBolt {
				return
			}
			// an id that no longer names a value (a sentence deleted since the index
			// was written) reads the entry instead
			ss := &session{s: s, r: newReader(s), snap: x.get(), events: map[quad.IRI]*Event{}, entries: map[quad.IRI]*Provenance{}}
			for _, info := range ss.snap.events {
				stale := *info
				stale.textID = 1 << 40
				got, err := ss.sentenceByID(ctx, &stale)
				if err != nil {
					t.Fatal(err)
				}
				if want, _ := ss.sentence(ctx, info.entry); got != want {
					t.Fatalf("a stale id read %q, want %q", got, want)
				}
				break
			}
		})
	}
}
