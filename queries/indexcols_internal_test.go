package queries

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// columnsOfCorpus is the snapshot of a corpus of listCorpora loaded into a memory
// store, and its columns as the index file keeps them.
func columnsOfCorpus(t *testing.T, c listCorpus) (*snapshot, []byte) {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Config{Kind: graph.KindMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sources := make([]string, 0, len(c.docs))
	for src := range c.docs {
		sources = append(sources, src)
	}
	slices.Sort(sources)
	for _, src := range sources {
		load(t, s, src, c.docs[src])
	}
	snap := fromScratch(t, s)
	var b bytes.Buffer
	if err := writeSnapshot(&b, snap); err != nil {
		t.Fatal(err)
	}
	return snap, b.Bytes()
}

func readColumns(data []byte) (*snapshot, error) {
	return readSnapshot(&colReader{r: bufio.NewReader(bytes.NewReader(data)), left: int64(len(data))})
}

// TestSnapshotColumnsRoundTrip checks that the snapshot read back from its columns is
// the one written, co-appearances of hubs and long events included, and that damaged
// columns (cut short, a byte changed) are an error, never a panic: the checksum is
// checked only once the section is read.
func TestSnapshotColumnsRoundTrip(t *testing.T) {
	for _, c := range listCorpora(t) {
		t.Run(c.name, func(t *testing.T) {
			snap, data := columnsOfCorpus(t, c)
			hubs := 0
			for _, e := range snap.entities {
				if e.co[0] != nil {
					hubs++
				}
			}
			if c.name == "generated" && (hubs == 0 || len(snap.long) == 0) {
				t.Fatalf("the generated corpus has %d hubs and %d long events: the test would not read co-appearances back", hubs, len(snap.long))
			}
			got, err := readColumns(data)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := dumpSnapshot(got), dumpSnapshot(snap); g != w {
				t.Fatalf("the snapshot read back differs (%d and %d bytes of dump)", len(g), len(w))
			}
			step := max(1, len(data)/200)
			for n := 0; n < len(data); n += step {
				if _, err := readColumns(data[:n]); err == nil {
					t.Fatalf("columns cut at %d of %d bytes read without an error", n, len(data))
				}
			}
			for at := 0; at < len(data); at += step {
				spoilt := slices.Clone(data)
				spoilt[at] ^= 0xa5
				readColumns(spoilt) // an error or a snapshot; a panic fails the test
			}
		})
	}
}

// writeFormat3 writes snap to path as an index file of format 3: its snapshot a gob
// flatSnapshot.
func writeFormat3(t *testing.T, path string, snap *snapshot) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, v := range []any{indexHeader{Format: formatGob, Store: snap.fp.ID, Generation: snap.fp.Generation, Written: snap.built},
		flatten(snap), bodyOf(snap)} {
		if err := writeSection(f, v); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIndexFileConvertsFormat3 checks that an index file of format 3 is read without a
// scan of the store, written again in the current format (logged), answers as one
// rebuilt from the store, and keeps the facts a later Sync reads.
func TestIndexFileConvertsFormat3(t *testing.T) {
	ctx := context.Background()
	for _, st := range indexStores(t) {
		if st.kind == "memory" {
			continue
		}
		t.Run(st.kind, func(t *testing.T) {
			cfg := st.cfg(t)
			file := filepath.Join(t.TempDir(), "annals.index")
			var logs bytes.Buffer
			open := func(t *testing.T) (*graph.Store, *Index) { return openLogged(t, cfg, file, &logs) }
			s, x := open(t)
			load(t, s, "a.txt", records(t, "testdata/chronology.jsonl", "a.txt"))
			if err := x.Sync(ctx, s); err != nil {
				t.Fatal(err)
			}
			old := x.get()
			old.built = old.built.Add(-time.Hour).Round(time.Second)
			writeFormat3(t, file, old)
			s.Close()

			s, x = open(t)
			if x.Scans() != 0 || !strings.Contains(logs.String(), "query index file converted") ||
				!strings.Contains(logs.String(), "from_format=3") {
				t.Fatalf("%d scans; the log does not say the file was converted:\n%s", x.Scans(), logs.String())
			}
			snap, format, err := readIndexFile(file)
			if err != nil || format != IndexFormat {
				t.Fatalf("after the conversion the file reads as format %d (%v), want %d", format, err, IndexFormat)
			}
			if !snap.built.Equal(old.built) {
				t.Errorf("the converted file was built at %v, the old one at %v", snap.built, old.built)
			}
			load(t, s, "b.txt", records(t, "testdata/roles-v2.jsonl", "b.txt"))
			if err := x.Sync(ctx, s); err != nil {
				t.Fatal(err)
			}
			if x.Scans() != 0 || x.Syncs() != 1 {
				t.Fatalf("after a load, %d scans and %d syncs, want 0 and 1: the facts were not kept\n%s", x.Scans(), x.Syncs(), logs.String())
			}
			sameIndex(t, "synced after the conversion", x, s)
			s.Close()

			_, x = open(t)
			if x.Scans() != 0 || x.Syncs() != 0 || strings.Contains(logs.String(), "converted") {
				t.Fatalf("a restart on the converted file: %d scans, %d syncs\n%s", x.Scans(), x.Syncs(), logs.String())
			}
		})
	}
}

// TestSnapshotColumnsEmpty checks that the snapshot of an empty store reads back.
func TestSnapshotColumnsEmpty(t *testing.T) {
	snap := assemble(map[quad.IRI]*part{}, graph.Fingerprint{})
	var b bytes.Buffer
	if err := writeSnapshot(&b, snap); err != nil {
		t.Fatal(err)
	}
	got, err := readColumns(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if g, w := dumpSnapshot(got), dumpSnapshot(snap); g != w {
		t.Fatalf("read back:\n%s\nwant:\n%s", g, w)
	}
}
