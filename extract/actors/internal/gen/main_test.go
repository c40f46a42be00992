package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedDataIsCurrent regenerates the dictionary from the pinned source files
// and compares it with the embedded file: a change to the rules or the sources must
// come with the regenerated data (go generate ./extract/actors).
func TestGeneratedDataIsCurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "actors.tsv")
	if err := run("testdata/source", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../data/actors.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("data/actors.tsv is not what the generator makes of testdata/source: run go generate ./extract/actors")
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		code, kind, cc string
		ok             bool
	}{
		{"ISRSPY", "intelligence", "ISR", true},
		{"PSEREBHMS", "armed group", "PSE", true},
		{"IGOUNOKID", "international", "", true},
		{"MNCUSA", "company", "", true},
		{"AFG", "", "", false},    // a country
		{"GBRFLK", "", "", false}, // a territory of one
		{"MED", "media", "", true},
	} {
		kind, cc, ok := classify([]string{c.code})
		if kind != c.kind || cc != c.cc || ok != c.ok {
			t.Errorf("classify(%s) = %q %q %v, want %q %q %v", c.code, kind, cc, ok, c.kind, c.cc, c.ok)
		}
	}
}

func TestReadActors(t *testing.T) {
	es, err := readActors("testdata/source/Phoenix.MilNonState.actors.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.names[0] == "HAMAS" {
			if len(e.codes) == 0 || e.codes[0] != "PSEREBHMS" {
				t.Errorf("HAMAS codes %v", e.codes)
			}
			return
		}
	}
	t.Error("HAMAS not read")
}
