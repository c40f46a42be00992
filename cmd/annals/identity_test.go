package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"annals/extract"
)

const (
	sharedGold   = "../../../shared/eval/gold-dev.jsonl"
	sharedCorpus = "../../../shared/corpus/iran-resistance-2023.txt"
	identityPy   = "../../../shared/eval/identity.py"
)

// goldAsRecords reads the gold answers as extraction records of the sample corpus: the
// gold lacks source, span and text, which the corpus gives by line.
func goldAsRecords(t *testing.T) []extract.Record {
	t.Helper()
	text, err := os.ReadFile(sharedCorpus)
	if err != nil {
		t.Skipf("no sample corpus: %v", err)
	}
	type line struct{ start, end int }
	var lines []line
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		lines = append(lines, line{off, off + end})
		off += end + 1
	}
	f, err := os.Open(sharedGold)
	if err != nil {
		t.Skipf("no gold: %v", err)
	}
	defer f.Close()
	var recs []extract.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r extract.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("gold: %v", err)
		}
		if r.Line < 1 || r.Line > len(lines) {
			t.Fatalf("gold line %d is not a line of the corpus", r.Line)
		}
		l := lines[r.Line-1]
		r.Source = filepath.Base(sharedCorpus)
		r.Span = [2]int{l.start, l.end}
		r.Text = string(text[l.start:l.end])
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestBodyIdentityOnGold builds a graph (bolt) from the gold records as if an extractor
// had written them, exports it as N-Quads and measures the identity of its bodies with
// the shared scorer: two gold bodies on one node are a merge, one gold body on two nodes
// a split. This measures the graph's side of identity alone.
func TestBodyIdentityOnGold(t *testing.T) {
	recs := goldAsRecords(t)
	dir := t.TempDir()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	jsonl := filepath.Join(dir, "gold-records.jsonl")
	if err := os.WriteFile(jsonl, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	checkBodyIdentity(t, dir, jsonl)
}

// TestBodyIdentityOnExtraction measures identity end to end: the extractor's records of
// the whole sample (both halves, while gold-dev covers January to June) loaded into a
// graph, against gold-dev. A body spread by the document identity over a same-named
// body of another parent or country is a merge here.
func TestBodyIdentityOnExtraction(t *testing.T) {
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("no sample corpus: %v", err)
	}
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "records.jsonl")
	if out, err := annalsEvalRun(t, "extract", "-o", jsonl, sharedCorpus); err != nil {
		t.Fatalf("extract: %v\n%s", err, out)
	}
	checkBodyIdentity(t, dir, jsonl)
}

// checkBodyIdentity loads the records into a bolt graph in dir, exports it as N-Quads
// and requires identity.py's pairwise precision ≥ 0.999 and recall ≥ 0.99 against
// gold-dev.
func checkBodyIdentity(t *testing.T, dir, jsonl string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	if _, err := os.Stat(identityPy); err != nil {
		t.Skipf("no identity scorer: %v", err)
	}
	db, nq := filepath.Join(dir, "graph.db"), filepath.Join(dir, "graph.nq")
	if out, err := annalsEvalRun(t, "load", "--db", db, jsonl); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	if out, err := annalsEvalRun(t, "export", "--db", db, "--format", "nquads", "-o", nq); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	out, err := exec.Command(py, identityPy, sharedGold, nq).Output()
	if err != nil {
		t.Fatalf("identity.py: %v", err)
	}
	var got struct {
		P        float64 `json:"pairs_p"`
		R        float64 `json:"pairs_r"`
		Mentions int     `json:"mentions"`
		Mapped   int     `json:"mapped"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("identity.py output %q: %v", out, err)
	}
	t.Logf("identity: %s", bytes.TrimSpace(out))
	if got.Mapped < got.Mentions*99/100 {
		t.Errorf("%d of %d gold body mentions found in the graph", got.Mapped, got.Mentions)
	}
	if got.P < 0.999 || got.R < 0.99 {
		t.Errorf("pairwise precision %.3f (want ≥ 0.999), recall %.3f (want ≥ 0.99)", got.P, got.R)
	}
}
