package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"annals/extract/gazetteer"
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

// TestPeopleAmongAliases checks the rules that keep people out of the organisations'
// keys, on entries written in the source's format with names of no real actor.
func TestPeopleAmongAliases(t *testing.T) {
	gz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	src := `KARIM_TAVERNOS_  # CountryInfo.txt
NADIA_OSTRELL_  # CountryInfo.txt
BELLAMAR_FRONT_ [IMGMUS]
+SHEIKH_KARIM_VOSSARI
+KARIM_AL-VOSSARI
+VOSSARY
+AL-VOSSARI
+ABU_NADIA_AL-QUENTARI
+QUENTARI
+BELLAMAR
QUARREN_VELD_ [IRNREB] #  kkl 21 Mar 13
TORVAL_OSTRELL__ [IMGSEAMUS]
HALDRIM__ [IMGSEAMUS] #  spiritual leader of the front
JAMAAT_HALDRIM__ [IMGSEAMUS]
ORVEN_AL_MESSIK
+MESSIK
	[IMGMUS]
NADIA_ [IMGMUS]
`
	path := filepath.Join(t.TempDir(), "Phoenix.MilNonState.actors.txt")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	es, err := readActors(path)
	if err != nil {
		t.Fatal(err)
	}
	tr := newTrimmer(gz, es)
	people := map[string]bool{}
	var front entry
	for _, e := range es {
		people[e.names[0]] = tr.isPerson(e)
		if e.names[0] == "BELLAMAR FRONT" {
			front = e
		}
	}
	for name, want := range map[string]bool{
		"BELLAMAR FRONT":  false, // an organisation word
		"QUARREN VELD":    false, // no evidence of a person
		"TORVAL OSTRELL":  true,  // the form of the source's individuals
		"HALDRIM":         true,  // the comment describes a leader
		"JAMAAT HALDRIM":  false, // a foreign organisation word
		"ORVEN AL MESSIK": true,  // "X al Y", also listed as "Y"
	} {
		if people[name] != want {
			t.Errorf("isPerson(%s) = %v, want %v", name, people[name], want)
		}
	}
	personal := tr.personalKeys(front)
	for k, want := range map[string]bool{
		"sheikh karim vossari":  true, // a personal title
		"karim al vossari":      true, // a given name and a nisba
		"vossary":               true, // the family name alone, spelled otherwise
		"al vossari":            true, // the family name with its particle
		"abu nadia al quentari": true, // a kunya
		"quentari":              true,
		"bellamar":              false, // the group's own short name
		"bellamar front":        false,
	} {
		if personal[k] != want {
			t.Errorf("personalKeys[%q] = %v, want %v", k, personal[k], want)
		}
	}
	if tr.usable("nadia") {
		t.Error(`a given name alone ("nadia") is usable as an organisation key`)
	}
}
