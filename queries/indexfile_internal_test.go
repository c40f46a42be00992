package queries

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/internal/pgtest"
	"annals/loader"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// indexStore is a store kind the index tests run on; open may be called again (a
// restart) and returns the same store.
type indexStore struct {
	kind string
	cfg  func(t *testing.T) graph.Config
}

// open opens a store of the kind, closed when the test ends.
func (st indexStore) open(t *testing.T) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), st.cfg(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func indexStores(t *testing.T) []indexStore {
	dir := t.TempDir()
	out := []indexStore{
		{"memory", func(*testing.T) graph.Config { return graph.Config{Kind: graph.KindMemory} }},
		{"bolt", func(t *testing.T) graph.Config {
			return graph.Config{Kind: graph.KindBolt, Addr: filepath.Join(dir, t.Name(), "annals.db")}
		}},
	}
	if dsn := pgtest.DSN(); dsn != "" {
		out = append(out, indexStore{"postgres", func(t *testing.T) graph.Config {
			return graph.Config{Kind: graph.KindPostgres, Addr: pgtest.SchemaFor(t, dsn, "index_"+t.Name())}
		}})
	}
	return out
}

func records(t *testing.T, path, source string) []extract.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := loader.ReadJSONL(f, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		recs[i].Source = source
	}
	return recs
}

func load(t *testing.T, s *graph.Store, source string, recs []extract.Record) {
	t.Helper()
	if _, err := loader.LoadDocument(context.Background(), s, source, recs); err != nil {
		t.Fatal(err)
	}
}

// fromScratch is the snapshot of a full scan of s.
func fromScratch(t *testing.T, s *graph.Store) *snapshot {
	t.Helper()
	parts, err := scanParts(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return assemble(parts, graph.Fingerprint{})
}

// sameIndex fails unless the index x holds what a full scan of s gives.
func sameIndex(t *testing.T, step string, x *Index, s *graph.Store) {
	t.Helper()
	got, want := dumpSnapshot(x.get()), dumpSnapshot(fromScratch(t, s))
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s: the index differs from one rebuilt from the store at line %d:\n got  %s\n want %s", step, i+1, g, w)
			}
		}
	}
}

// TestIndexDeltasMatchRebuild checks that the index brought up to date by Sync after
// loads, reloads of a changed document, writes and deletes of an entry's quads is the
// index a full scan builds, and that Sync read the changed entries only.
func TestIndexDeltasMatchRebuild(t *testing.T) {
	ctx := context.Background()
	for _, st := range indexStores(t) {
		t.Run(st.kind, func(t *testing.T) {
			s := st.open(t)
			chron := records(t, "testdata/chronology.jsonl", "a.txt")
			load(t, s, "a.txt", chron)
			x, err := OpenIndex(ctx, s, IndexOptions{File: filepath.Join(t.TempDir(), "x.index")})
			if err != nil {
				t.Fatal(err)
			}
			sameIndex(t, "opened", x, s)
			if len(x.get().events) == 0 {
				t.Fatal("the fixture gave no event: the comparisons would show nothing")
			}
			steps := []struct {
				name  string
				write func(t *testing.T)
			}{
				{"a second document", func(t *testing.T) { load(t, s, "b.txt", records(t, "testdata/roles-v2.jsonl", "b.txt")) }},
				{"the first reloaded with entries dropped and a date changed", func(t *testing.T) {
					recs := slices.Clone(chron[3:])
					recs[0].Date.Start, recs[0].Date.End = "2023-12-30", "2023-12-31"
					load(t, s, "a.txt", recs)
				}},
				{"quads written under a new entry", func(t *testing.T) {
					entry := quad.IRI(graph.NodeNS + "entry/written/L1")
					event := quad.IRI(graph.NodeNS + "event/written/L1")
					var person quad.IRI
					for _, ev := range x.get().byDate {
						if len(ev.actors) > 0 {
							person = ev.actors[0].actor.iri
							break
						}
					}
					write(t, s, cgraph.Add,
						quad.Quad{Subject: event, Predicate: graph.Type, Object: graph.ClassEvent, Label: entry},
						quad.Quad{Subject: event, Predicate: graph.StartDate, Object: quad.String("2024-01-05"), Label: entry},
						quad.Quad{Subject: event, Predicate: graph.EntryOf, Object: entry, Label: entry},
						quad.Quad{Subject: event, Predicate: graph.Attendee, Object: person, Label: entry},
						quad.Quad{Subject: entry, Predicate: graph.Text, Object: quad.String("A written entry about zebras"), Label: entry},
						quad.Quad{Subject: person, Predicate: graph.AlternateName, Object: quad.String("The Written Alias"), Label: entry})
				}},
				{"every quad of one entry deleted", func(t *testing.T) {
					entry := x.get().byDate[len(x.get().byDate)/2].entry
					qs, err := s.QuadsLabelled(ctx, entry)
					if err != nil || len(qs) == 0 {
						t.Fatalf("quads of %s: %d, %v", entry, len(qs), err)
					}
					write(t, s, cgraph.Delete, qs...)
				}},
				{"the second document reloaded unchanged", func(t *testing.T) { load(t, s, "b.txt", records(t, "testdata/roles-v2.jsonl", "b.txt")) }},
			}
			for _, step := range steps {
				before := x.Generation()
				step.write(t)
				if err := x.Sync(ctx, s); err != nil {
					t.Fatal(err)
				}
				sameIndex(t, step.name, x, s)
				if fp, _ := s.Fingerprint(ctx); x.Generation() != fp.Generation {
					t.Fatalf("%s: index at generation %d, store at %d", step.name, x.Generation(), fp.Generation)
				}
				if step.name == "the second document reloaded unchanged" && x.Generation() != before {
					t.Fatalf("%s: an unchanged reload moved the generation from %d to %d", step.name, before, x.Generation())
				}
			}
			if x.Scans() != 1 || x.Syncs() != int64(len(steps))-1 {
				t.Fatalf("%d full scans and %d syncs, want 1 scan (at open) and %d syncs", x.Scans(), x.Syncs(), len(steps)-1)
			}
		})
	}
}

func write(t *testing.T, s *graph.Store, action cgraph.Procedure, qs ...quad.Quad) {
	t.Helper()
	err := s.Update(context.Background(), func(context.Context) ([]cgraph.Delta, error) {
		var ds []cgraph.Delta
		for _, q := range qs {
			ds = append(ds, cgraph.Delta{Quad: q, Action: action})
		}
		return ds, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// openLogged opens the store of cfg and its index kept in file, logging into logs
// (emptied first), and checks that the index holds what a scan of the store gives.
func openLogged(t *testing.T, cfg graph.Config, file string, logs *bytes.Buffer) (*graph.Store, *Index) {
	t.Helper()
	logs.Reset()
	ctx := context.Background()
	s, err := graph.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	x, err := OpenIndex(ctx, s, IndexOptions{File: file, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, "opened", x, s)
	return s, x
}

// TestIndexFileAcrossRestarts checks that a restart reads the index file (no scan of
// the store), that writes made while no index was open (annals load) are caught up
// from the change log, and that a file that cannot be used is rebuilt with a log line
// saying why.
func TestIndexFileAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	for _, st := range indexStores(t) {
		if st.kind == "memory" {
			continue // nothing outlives the process
		}
		t.Run(st.kind, func(t *testing.T) {
			cfg := st.cfg(t)
			file := filepath.Join(t.TempDir(), "annals.index")
			var logs bytes.Buffer
			open := func(t *testing.T) (*graph.Store, *Index) { return openLogged(t, cfg, file, &logs) }
			expect := func(t *testing.T, x *Index, scans, syncs int64, logged string) {
				t.Helper()
				if x.Scans() != scans || x.Syncs() != syncs {
					t.Fatalf("%d scans and %d syncs, want %d and %d; log:\n%s", x.Scans(), x.Syncs(), scans, syncs, logs.String())
				}
				if !strings.Contains(logs.String(), logged) {
					t.Fatalf("the log does not say %q:\n%s", logged, logs.String())
				}
			}
			s, x := open(t)
			expect(t, x, 1, 0, "why=\"index file missing\"")
			load(t, s, "a.txt", records(t, "testdata/chronology.jsonl", "a.txt"))
			if err := x.Sync(ctx, s); err != nil {
				t.Fatal(err)
			}
			s.Close()

			t.Run("restart", func(t *testing.T) {
				_, x := open(t)
				expect(t, x, 0, 0, "query index read from its file")
			})
			t.Run("restart after a load made without the index", func(t *testing.T) {
				s, err := graph.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				load(t, s, "b.txt", records(t, "testdata/roles-v2.jsonl", "b.txt"))
				s.Close()
				_, x := open(t)
				expect(t, x, 0, 1, "the store changed since the index was written")
			})
			good, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			spoil := []struct {
				name, logged string
				data         func() []byte
			}{
				{"corrupt", "checksum mismatch", func() []byte {
					b := slices.Clone(good)
					at, n := sectionAt(t, b, 1)
					b[at+8+n/2] ^= 0x55
					return b
				}},
				{"truncated", "index file truncated", func() []byte { return good[:len(good)/3] }},
				{"another format", fmt.Sprintf("index format 99, want %d", IndexFormat), func() []byte {
					var b bytes.Buffer
					writeRaw(t, &b, indexHeader{Format: 99, Store: "x"})
					return b.Bytes()
				}},
				{"another store", "another store", func() []byte {
					other, err := graph.Open(ctx, graph.Config{Kind: graph.KindBolt, Addr: filepath.Join(t.TempDir(), "other.db")})
					if err != nil {
						t.Fatal(err)
					}
					defer other.Close()
					load(t, other, "a.txt", records(t, "testdata/chronology.jsonl", "a.txt"))
					otherFile := filepath.Join(t.TempDir(), "other.index")
					if _, err := OpenIndex(ctx, other, IndexOptions{File: otherFile}); err != nil {
						t.Fatal(err)
					}
					b, err := os.ReadFile(otherFile)
					if err != nil {
						t.Fatal(err)
					}
					return b
				}},
			}
			t.Run("corrupt facts, read at the first write", func(t *testing.T) {
				b := slices.Clone(good)
				at, n := sectionAt(t, b, 2)
				b[at+8+n/2] ^= 0x55
				if err := os.WriteFile(file, b, 0o644); err != nil {
					t.Fatal(err)
				}
				s, x := open(t)
				expect(t, x, 0, 0, "query index read from its file")
				load(t, s, "c.txt", records(t, "testdata/roles-v2.jsonl", "c.txt"))
				if err := x.Sync(ctx, s); err != nil {
					t.Fatal(err)
				}
				expect(t, x, 1, 0, "checksum mismatch")
				sameIndex(t, "after the rebuild", x, s)
			})
			good, err = os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range spoil {
				t.Run(sp.name, func(t *testing.T) {
					if err := os.WriteFile(file, sp.data(), 0o644); err != nil {
						t.Fatal(err)
					}
					_, x := open(t)
					expect(t, x, 1, 0, sp.logged)
					if _, _, err := readIndexFile(file); err != nil {
						t.Fatalf("the rebuilt index was not written back: %v", err)
					}
				})
			}
		})
	}
}

// dumpSnapshot writes what a snapshot holds as sorted lines, for comparing two.
func dumpSnapshot(snap *snapshot) string {
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	iris := func(es []*entity) []quad.IRI {
		var out []quad.IRI
		for _, e := range es {
			out = append(out, e.iri)
		}
		return out
	}
	for _, e := range snap.entities {
		names := make([]string, 0, len(e.names))
		for n, c := range e.names {
			names = append(names, fmt.Sprintf("%s=%d", n, c))
		}
		slices.Sort(names)
		lat, lon := "-", "-"
		if e.lat != nil {
			lat = fmt.Sprint(*e.lat)
		}
		if e.lon != nil {
			lon = fmt.Sprint(*e.lon)
		}
		add("entity %s typ=%s name=%q names=%v aliases=%q flag=%v kind=%s country=%q/%s at=%s,%s degree=%d",
			e.iri, e.typ, e.name, names, e.aliases, e.flag, e.placeKind, e.country, e.countryIRI, lat, lon, e.degree)
		for _, c := range e.events {
			add("entity %s cited-by %s %s", e.iri, c.event.iri, c.pred)
		}
		for _, r := range e.roles {
			add("entity %s role %q %d %s", e.iri, r.role, r.entries, r.first)
		}
		for _, l := range e.memberOf {
			add("entity %s memberOf %s %v", e.iri, l.to, l.list())
		}
		for _, l := range e.parentOf {
			add("entity %s parentOf %s %v", e.iri, l.to, l.list())
		}
		for _, l := range e.countryOf {
			add("entity %s country %s %v", e.iri, l.to, l.list())
		}
		add("entity %s members=%v parts=%v within=%v", e.iri, iris(e.members), iris(e.parts), iris(e.within))
		if e.profile != nil {
			add("entity %s profile events=%d counts=%+v", e.iri, len(e.profile.events), e.profile.counts)
		}
		for i, tab := range e.co {
			if tab == nil {
				continue
			}
			add("entity %s co %d events=%d people=%d bodies=%d", e.iri, i, tab.events, tab.people, tab.bodies)
			for _, p := range tab.partners {
				var first []quad.IRI
				for _, o := range p.first {
					first = append(first, snap.byDate[o].iri)
				}
				add("entity %s co %d partner %s %d %v", e.iri, i, p.e.iri, p.weight, first)
			}
		}
	}
	for _, ev := range snap.events {
		var actors []string
		for _, c := range ev.actors {
			actors = append(actors, string(c.actor.iri)+" "+string(c.pred))
		}
		add("event %s %s..%s kind=%s entry=%s places=%v actors=%v doc=%s ord=%d date=%q/%s mentioned=%v line=%d source=%s text=%d",
			ev.iri, ev.start, ev.end, ev.kind, ev.entry, ev.places, actors, ev.doc, ev.ord, ev.dateText, ev.precision,
			ev.mentioned, ev.line, ev.source, ev.textID)
	}
	for w, ords := range snap.tokens {
		var ids []quad.IRI
		for _, o := range ords {
			ids = append(ids, snap.byDate[o].iri)
		}
		add("token %s %v", w, ids)
	}
	for k, es := range snap.byKey {
		add("key %s %v", k, iris(es))
	}
	for _, n := range snap.names {
		add("name %s %q %s", n.key, n.text, n.e.iri)
	}
	for _, d := range snap.docs {
		add("doc %s %q %d", d.iri, d.name, d.entries)
	}
	add("totals entries=%d quads=%d byDate=%d", snap.entries, snap.quads, len(snap.byDate))
	for _, ev := range snap.long {
		add("long %s", ev.iri)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// writeRaw is an index file of one header section.
func writeRaw(t *testing.T, b *bytes.Buffer, h indexHeader) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "raw.index"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeSection(f, h); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	b.Write(data)
}

// sectionAt is where section i (0: header, 1: snapshot, 2: facts) of an index file
// begins and its length.
func sectionAt(t *testing.T, data []byte, i int) (int, int) {
	t.Helper()
	at := 0
	for {
		n := int(binary.BigEndian.Uint64(data[at:]))
		if i == 0 {
			return at, n
		}
		at += 8 + n + 4
		i--
	}
}

// TestBulkWrittenIndexMatches: a PostgreSQL store whose documents were gathered and
// written at once (graph.PGBulk) numbers its quads in another order than one loaded
// document after document; the index a full scan builds of it must be the same, and
// the index kept while the documents were gathered (Staged, then SaveAfter) too.
func TestBulkWrittenIndexMatches(t *testing.T) {
	dsn := pgtest.Require(t)
	ctx := context.Background()
	open := func(name string) *graph.Store {
		s, err := graph.Open(ctx, graph.Config{Kind: graph.KindPostgres, Addr: pgtest.SchemaFor(t, dsn, "index_"+t.Name()+"_"+name)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	docs := map[string][]extract.Record{
		"a.txt": records(t, "testdata/chronology.jsonl", "a.txt"),
		"b.txt": records(t, "testdata/roles-v2.jsonl", "b.txt"),
	}
	normal, bulk := open("normal"), open("bulk")
	for _, src := range []string{"a.txt", "b.txt"} {
		load(t, normal, src, docs[src])
	}
	b, err := bulk.BeginBulk(ctx, nil)
	if err != nil || b == nil {
		t.Fatalf("BeginBulk: %v, %v", b, err)
	}
	g := b.Gather(bulk)
	file := filepath.Join(t.TempDir(), "bulk.index")
	w := NewIndexWriter(ctx, bulk, file, nil)
	for _, src := range []string{"a.txt", "b.txt"} {
		p, err := loader.Prepare(src, docs[src])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.AddTo(g); err != nil {
			t.Fatal(err)
		}
		w.Staged(ctx, bulk, loader.Written([]*loader.Prepared{p}), g.ValueIDs)
	}
	written := make(chan error, 1)
	_, err = g.Write(ctx)
	written <- err
	if err := w.SaveAfter(ctx, bulk, written); err != nil {
		t.Fatal(err)
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := dumpSnapshot(fromScratch(t, bulk)), dumpSnapshot(fromScratch(t, normal)); got != want {
		t.Errorf("a scan of the bulk-written store gives another index than a scan of the store loaded document after document")
	}
	x, err := OpenIndex(ctx, bulk, IndexOptions{File: file})
	if err != nil {
		t.Fatal(err)
	}
	if x.Scans() != 0 {
		t.Error("the index kept through the bulk load was rebuilt by a scan")
	}
	sameIndex(t, "kept through the bulk load", x, bulk)
}
