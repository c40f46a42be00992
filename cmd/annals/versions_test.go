package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"annals/extract"
	"annals/extract/gazetteer"
	"annals/graph"
	"annals/loader"
	"annals/synth"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// versionedDoc is a synthetic document in two versions: the original (0) and an edited
// one (1) with fewer people, other kinds and its last entry dropped, so that loading one
// over the other both removes and adds quads in every entry it touches.
type versionedDoc struct {
	source   string
	versions [2][]extract.Record
	quads    [2]map[quad.Quad]bool // what loader.Quads states for each version
}

// newVersionedDocs generates n documents of entries entries each, from seeds derived
// from seed.
func newVersionedDocs(t testing.TB, n, entries int, seed uint64) []*versionedDoc {
	t.Helper()
	gz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]*versionedDoc, n)
	for i := range docs {
		src := fmt.Sprintf("chronicle-%02d.txt", i)
		g, err := synth.New(synth.Config{Entries: entries, Seed: seed + uint64(i), Gazetteer: gz, Source: src})
		if err != nil {
			t.Fatal(err)
		}
		var gold bytes.Buffer
		if _, err := g.Write(context.Background(), &bytes.Buffer{}, &gold); err != nil {
			t.Fatal(err)
		}
		orig, err := loader.ReadJSONL(&gold, src+".gold")
		if err != nil {
			t.Fatal(err)
		}
		d := &versionedDoc{source: src, versions: [2][]extract.Record{orig, editDoc(t, orig)}}
		for v, recs := range d.versions {
			d.quads[v] = make(map[quad.Quad]bool)
			for _, q := range loader.Quads(src, recs) {
				d.quads[v][q] = true
			}
		}
		docs[i] = d
	}
	return docs
}

// editDoc returns a copy of recs edited as a user correcting a document might: every
// third entry loses its last person and gets another kind; the last entry is gone.
func editDoc(t testing.TB, recs []extract.Record) []extract.Record {
	t.Helper()
	b, err := json.Marshal(recs) // a deep copy
	if err != nil {
		t.Fatal(err)
	}
	var out []extract.Record
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	out = out[:len(out)-1]
	for i := 0; i < len(out); i += 3 {
		if n := len(out[i].People); n > 0 {
			out[i].People = out[i].People[:n-1]
		}
		out[i].Kind = extract.KindOther
	}
	return out
}

// writeJSONL writes the records of several documents to one JSON Lines file.
func writeJSONL(t testing.TB, path string, docs ...[]extract.Record) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, recs := range docs {
		for i := range recs {
			if err := enc.Encode(&recs[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeVersions writes the chosen version of every document, two documents a file, and
// returns the files' paths.
func writeVersions(t testing.TB, dir string, docs []*versionedDoc, chosen []int) []string {
	t.Helper()
	var files []string
	for i := 0; i < len(docs); i += 2 {
		var parts [][]extract.Record
		for j := i; j < min(i+2, len(docs)); j++ {
			parts = append(parts, docs[j].versions[chosen[j]])
		}
		path := filepath.Join(dir, fmt.Sprintf("part-%02d.jsonl", i/2))
		writeJSONL(t, path, parts...)
		files = append(files, path)
	}
	return files
}

// allQuads is every quad of s.
func allQuads(t testing.TB, s *graph.Store) []quad.Quad {
	t.Helper()
	r := cgraph.NewQuadStoreReader(s.QuadStore)
	defer r.Close()
	all, err := quad.ReadAll(r)
	if err != nil {
		t.Fatalf("read the store: %v", err)
	}
	return all
}

// docState is what the store holds of one document: absent (-1), or version 0 or 1 in
// full. checkDocuments fails the test on anything else.
type docState int

const absent docState = -1

// checkDocuments reads every quad of the store and checks that each document is either
// absent or one of its versions in full (the same quads, label by label, as
// loader.Quads states), and that no quad belongs to no document. It returns each
// document's state.
func checkDocuments(t testing.TB, s *graph.Store, docs []*versionedDoc) []docState {
	t.Helper()
	owner := make(map[quad.Value]int) // label → document
	for i, d := range docs {
		for _, qs := range d.quads {
			for q := range qs {
				owner[q.Label] = i
			}
		}
	}
	have := make([][]quad.Quad, len(docs))
	all := allQuads(t, s)
	for _, q := range all {
		i, ok := owner[q.Label]
		if !ok {
			t.Fatalf("quad of no document: %s", q.NQuad())
		}
		have[i] = append(have[i], q)
	}
	n, err := s.QuadCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(all)) {
		t.Errorf("the store counts %d quads and holds %d", n, len(all))
	}
	states := make([]docState, len(docs))
	for i, d := range docs {
		states[i] = d.state(t, have[i])
	}
	return states
}

// state says which version qs is, failing the test with the counts per entry that
// differ when it is none.
func (d *versionedDoc) state(t testing.TB, qs []quad.Quad) docState {
	t.Helper()
	if len(qs) == 0 {
		return absent
	}
	for v, want := range d.quads {
		if len(qs) != len(want) {
			continue
		}
		same := true
		for _, q := range qs {
			if !want[q] {
				same = false
				break
			}
		}
		if same {
			return docState(v)
		}
	}
	t.Errorf("%s is partly loaded: %d quads, versions have %d and %d; per entry (store v0 v1): %s",
		d.source, len(qs), len(d.quads[0]), len(d.quads[1]), d.labelCounts(qs))
	return absent
}

// labelCounts lists, for each entry whose count differs from both versions', the
// quads the store holds and each version states.
func (d *versionedDoc) labelCounts(qs []quad.Quad) string {
	have := make(map[quad.Value]int)
	for _, q := range qs {
		have[q.Label]++
	}
	var v [2]map[quad.Value]int
	for i := range v {
		v[i] = make(map[quad.Value]int)
		for q := range d.quads[i] {
			v[i][q.Label]++
		}
	}
	var out []string
	for l := range v[0] {
		if have[l] != v[0][l] && have[l] != v[1][l] {
			out = append(out, fmt.Sprintf("%s %d %d %d", l, have[l], v[0][l], v[1][l]))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}
