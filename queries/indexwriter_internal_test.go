package queries

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"
)

// TestIndexWriterMatchesRebuild checks that the index file a loading process keeps
// (IndexWriter: documents loaded for the first time from the quads it wrote, a reloaded
// document from the store) holds what a full scan of the store builds, that a restart
// reads it without scanning, and that a writer that cannot start from a known state
// leaves the file alone.
func TestIndexWriterMatchesRebuild(t *testing.T) {
	ctx := context.Background()
	for _, st := range indexStores(t) {
		if st.kind == graph.KindMemory {
			continue // keeps no index file
		}
		t.Run(st.kind, func(t *testing.T) {
			s := st.open(t)
			file := filepath.Join(t.TempDir(), "x.index")
			chron := records(t, "testdata/chronology.jsonl", "a.txt")
			loadAll := func(w *IndexWriter, docs ...[]extract.Record) {
				t.Helper()
				// in one transaction where the store allows (loader.LoadGroup), as annals load
				var ps []*loader.Prepared
				for _, recs := range docs {
					p, err := loader.Prepare(recs[0].Source, recs)
					if err != nil {
						t.Fatal(err)
					}
					p.HashQuads()
					ps = append(ps, p)
				}
				_, errs := loader.LoadGroup(ctx, s, ps, func(c []*loader.Prepared) { w.Wrote(ctx, s, loader.Written(c)) })
				if err := errors.Join(errs...); err != nil {
					t.Fatal(err)
				}
				if err := w.Save(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			check := func(step string) {
				t.Helper()
				snap, _, err := readIndexFile(file)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				if fp, _ := s.Fingerprint(ctx); snap.fp != fp {
					t.Fatalf("%s: the file describes %+v, the store is at %+v", step, snap.fp, fp)
				}
				if got, want := dumpSnapshot(snap), dumpSnapshot(fromScratch(t, s)); got != want {
					gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
					for i := range min(len(gl), len(wl)) {
						if gl[i] != wl[i] {
							t.Fatalf("%s: the index file differs from a rebuild from the store at line %d:\n got  %s\n want %s", step, i+1, gl[i], wl[i])
						}
					}
					t.Fatalf("%s: the index file has %d lines, a rebuild from the store %d", step, len(gl), len(wl))
				}
				x, err := OpenIndex(ctx, s, IndexOptions{File: file})
				if err != nil {
					t.Fatal(err)
				}
				if x.Scans() != 0 || x.Syncs() != 0 {
					t.Fatalf("%s: a restart scanned %d times and synced %d times, want the file read alone", step, x.Scans(), x.Syncs())
				}
			}

			w := NewIndexWriter(ctx, s, file, nil)
			if w.off != "" {
				t.Fatalf("an empty store: the writer is off: %s", w.off)
			}
			loadAll(w, chron, records(t, "testdata/roles-v2.jsonl", "b.txt"))
			check("two documents into an empty store")
			if len(fromScratch(t, s).events) == 0 {
				t.Fatal("the fixtures gave no event: the comparison would show nothing")
			}

			// a second process: the file describes the store, a document is reloaded with
			// entries dropped and a date changed (read back from the store), another added
			recs := slices.Clone(chron[3:])
			recs[0].Date.Start, recs[0].Date.End = "2023-12-30", "2023-12-31"
			w = NewIndexWriter(ctx, s, file, nil)
			if w.off != "" {
				t.Fatalf("a store its file describes: the writer is off: %s", w.off)
			}
			w.Background(ctx, s) // as annals load: parts built beside the writes
			loadAll(w, recs, records(t, "testdata/chronology.jsonl", "c.txt"))
			check("a reload and a new document")

			// no file for a store that holds quads: the writer stays off and writes none
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
			w = NewIndexWriter(ctx, s, file, nil)
			if w.off == "" {
				t.Fatal("no index file of a loaded store: the writer should be off")
			}
			loadAll(w, records(t, "testdata/roles-v2.jsonl", "d.txt"))
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Fatalf("an index file was written from an unknown start: %v", err)
			}
		})
	}
}
