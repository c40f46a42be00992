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

// TestGenDocumentsExtractDir splits a chronology into documents, extracts each to a
// file of its own and loads them: every entry arrives, one document a file.
func TestGenDocumentsExtractDir(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "chron.txt")
	summary, err := annalsEvalRun(t, "gen", "--entries", "400", "--documents", "3", "-o", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, "3 documents") {
		t.Errorf("summary = %q", summary)
	}
	texts, _ := filepath.Glob(filepath.Join(dir, "chron-*.txt"))
	if len(texts) != 3 || filepath.Base(texts[0]) != "chron-001.txt" {
		t.Fatalf("documents written: %v", texts)
	}
	recDir := filepath.Join(dir, "records")
	if _, err := annalsEvalRun(t, append([]string{"extract", "--output-dir", recDir}, texts...)...); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, txt := range texts {
		name := strings.TrimSuffix(filepath.Base(txt), ".txt")
		b, err := os.ReadFile(filepath.Join(recDir, name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`"source":"`+name+`.txt"`)) {
			t.Errorf("%s.jsonl does not hold the records of %s.txt", name, name)
		}
		total += bytes.Count(b, []byte("\n"))
	}
	if total != 400 {
		t.Errorf("%d records over the documents, want 400", total)
	}
	recs, _ := filepath.Glob(filepath.Join(recDir, "*.jsonl"))
	msg, err := annalsEvalRun(t, append([]string{"load", "--store", "memory"}, recs...)...)
	if err != nil || !strings.Contains(msg, "loaded 3 documents, 400 entries") {
		t.Errorf("load: %v\n%s", err, msg)
	}

	// Errors: --documents without -o, -o with --output-dir, a file that cannot be read
	// (the others are still written).
	if _, err := annalsEvalRun(t, "gen", "--entries", "40", "--documents", "2"); err == nil ||
		!strings.Contains(err.Error(), "needs -o") {
		t.Errorf("--documents without -o: %v", err)
	}
	if _, err := annalsEvalRun(t, "extract", "-o", filepath.Join(dir, "x"), "--output-dir", recDir, texts[0]); err == nil {
		t.Error("extract accepted -o with --output-dir")
	}
	other := filepath.Join(dir, "other")
	msg, err = annalsEvalRun(t, "extract", "--output-dir", other, filepath.Join(dir, "missing.txt"), texts[1])
	if err == nil || !strings.Contains(msg, "missing.txt") {
		t.Errorf("a missing file: %v\n%s", err, msg)
	}
	if _, err := os.Stat(filepath.Join(other, "chron-002.jsonl")); err != nil {
		t.Errorf("the readable file was not extracted: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "missing.jsonl")); !os.IsNotExist(err) {
		t.Errorf("a failed file left output: %v", err)
	}
}
