package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func annalsEvalRun(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func writeEvalFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const evalGold = `{"line": 3, "date": {"start": "2019-03-03", "end": "2019-03-03"}, "people": [{"name": "Aoife Brennan", "legislator": true, "participant": true}], "bodies": [{"name": "Seanad Éireann", "aliases": ["Seanad"], "legislative": true}], "places": [{"name": "Trim", "kind": "city"}]}
{"line": 5, "date": {"start": "2019-03-11", "end": "2019-03-20"}, "people": [{"name": "Conor Walsh", "legislator": false}], "bodies": [], "places": []}
`

func TestEvalRecords(t *testing.T) {
	dir := t.TempDir()
	gold := writeEvalFile(t, dir, "gold.jsonl", evalGold)
	sys := writeEvalFile(t, dir, "sys.jsonl", `{"line": 3, "date": {"start": "2019-03-03", "end": "2019-03-03"}, "people": [{"name": "Senator Aoife Brennan", "legislator": false, "participant": true}], "bodies": [{"name": "Seanad", "legislative": true}], "places": [{"name": "Trim", "kind": "city"}, {"name": "Navan", "kind": "city"}]}
{"line": 5, "date": {"start": "2019-03-11", "end": "2019-03-20"}, "people": [{"name": "Conor Walsh", "legislator": false}]}
`)
	out, err := annalsEvalRun(t, "eval", "--gold", gold, "--misses", sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"people         {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'tp': 2, 'fp': 0, 'fn': 0}\n",
		"places         {'p': 0.5, 'r': 1.0, 'f1': 0.667, 'tp': 1, 'fp': 1, 'fn': 0}\n",
		"dates          {'acc': 1.0, 'n': 2}\n",
		// every entry's flags: Brennan is a legislator the system missed
		"legislator     {'p': 1.0, 'r': 0.0, 'f1': 0.0, 'n': 2}\n",
		"MISS 3 places spurious Navan\n",
		"MISS 3 legislator-flag gold=True Aoife Brennan\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Format version 2: the roles of an entry marked "v2".
	goldV2 := writeEvalFile(t, dir, "gold-v2.jsonl", `{"line": 3, "v2": true, "people": [{"name": "Aoife Brennan", "country": "Ireland", "member_of": ["Seanad Éireann"]}], "bodies": [{"name": "Seanad Éireann", "aliases": ["Seanad"], "country": "Ireland"}], "places": [{"name": "Trim", "kind": "city", "venue": true}]}
`)
	sysV2 := writeEvalFile(t, dir, "sys-v2.jsonl", `{"line": 3, "people": [{"name": "Aoife Brennan", "country": "Ireland", "member_of": ["Seanad"]}], "bodies": [{"name": "Seanad"}], "places": [{"name": "Trim", "kind": "city", "venue": false}]}
`)
	out, err = annalsEvalRun(t, "eval", "--gold", goldV2, "--misses", sysV2)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"venue          {'p': 1.0, 'r': 0.0, 'f1': 0.0, 'tp': 0, 'fp': 0, 'fn': 1}\n",
		"body_country   {'p': 1.0, 'r': 0.0, 'f1': 0.0, 'tp': 0, 'fp': 0, 'fn': 1}\n",
		"person_country {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'tp': 1, 'fp': 0, 'fn': 0}\n",
		"person_member_of {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'tp': 1, 'fp': 0, 'fn': 0}\n",
		"MISS 3 venue Trim gold=True sys=False\n",
		"MISS 3 body_country Seanad Éireann gold=Ireland sys=None\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("v2 output lacks %q:\n%s", want, out)
		}
	}

	out, err = annalsEvalRun(t, "eval", "--gold", gold, "--json", "--lines", "4-9", sys)
	if err != nil {
		t.Fatal(err)
	}
	var res map[string]map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if n := res["dates"]["n"]; n != 1.0 {
		t.Errorf("--lines 4-9 scored %v entries, want 1", n)
	}
}

func TestEvalChronology(t *testing.T) {
	const fixture = "../../extract/testdata/fixtures/ireland-civic-report-2019"
	if _, err := os.Stat(fixture + ".txt"); err != nil {
		t.Skip("fixture not present")
	}
	out, err := annalsEvalRun(t, "eval", "--gold", fixture+".gold.jsonl", "--json", fixture+".txt")
	if err != nil {
		t.Fatal(err)
	}
	var res map[string]map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	// The figures depend on the extractor; that the text was extracted does not.
	if found := res["entries_found"]["found"].(float64); found == 0 {
		t.Errorf("no entries of the chronology were found: %s", out)
	}

	// The same text forced to be read as records is a clear error.
	if _, err := annalsEvalRun(t, "eval", "--gold", fixture+".gold.jsonl", "--format", "jsonl", fixture+".txt"); err == nil ||
		!strings.Contains(err.Error(), "line 1") {
		t.Errorf("reading a chronology as records: err = %v, want one naming line 1", err)
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	gold := writeEvalFile(t, dir, "gold.jsonl", evalGold)
	bad := writeEvalFile(t, dir, "bad.jsonl", "{\"line\": 3}\n{oops\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no gold flag", []string{"eval", bad}, "gold"},
		{"missing gold", []string{"eval", "--gold", filepath.Join(dir, "none.jsonl"), bad}, "none.jsonl"},
		{"bad system line", []string{"eval", "--gold", gold, bad}, "bad.jsonl: line 2"},
		{"bad gold line", []string{"eval", "--gold", bad, gold}, "gold " + bad + ": line 2"},
		{"bad range", []string{"eval", "--gold", gold, "--lines", "9-4", gold}, "--lines"},
		{"bad format", []string{"eval", "--gold", gold, "--format", "xml", gold}, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := annalsEvalRun(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
