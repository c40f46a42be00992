package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGen(t *testing.T) {
	dir := t.TempDir()
	gen := func(name string) (text, gold []byte, summary string) {
		t.Helper()
		out, gl := filepath.Join(dir, name+".txt"), filepath.Join(dir, name+".gold.jsonl")
		summary, err := annalsEvalRun(t, "gen", "--entries", "120", "--seed", "7", "-o", out, "--gold", gl)
		if err != nil {
			t.Fatal(err)
		}
		text, err = os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		gold, err = os.ReadFile(gl)
		if err != nil {
			t.Fatal(err)
		}
		return text, gold, summary
	}
	a, ga, summary := gen("a")
	b, gb, _ := gen("b")
	if !bytes.Equal(a, b) {
		t.Error("the same seed wrote different chronologies")
	}
	if n := bytes.Count(ga, []byte("\n")); n != 120 {
		t.Errorf("gold has %d records, want 120", n)
	}
	// Gold records name the file they describe.
	if !bytes.Contains(ga, []byte(`"source":"a.txt"`)) || !bytes.Contains(gb, []byte(`"source":"b.txt"`)) {
		t.Error("gold records do not name their chronology")
	}
	if !strings.Contains(summary, "120 entries") || !strings.Contains(summary, "MB/s") {
		t.Errorf("summary = %q", summary)
	}

	// The chronology scores perfectly on dates against its own gold.
	out, err := annalsEvalRun(t, "eval", "--gold", filepath.Join(dir, "a.gold.jsonl"), filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "dates          {'acc': 1.0, 'n': 120}") {
		t.Errorf("eval of a generated chronology:\n%s", out)
	}
}

func TestGenStdout(t *testing.T) {
	out, err := annalsEvalRun(t, "gen", "--entries", "5", "--seed", "1", "--invented-places", "-q")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out, " – ") + strings.Count(out, " - ") + strings.Count(out, " — ") + strings.Count(out, "- "); got < 5 {
		t.Errorf("stdout has %d entry separators, want at least 5:\n%s", got, out)
	}
	if _, err := annalsEvalRun(t, "gen", "--entries", "-3"); err == nil {
		t.Error("gen accepted --entries -3")
	}
}
