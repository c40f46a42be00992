package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runLoad runs `annals load ARGS...` and returns its stdout, stderr and error.
func runLoadCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(append([]string{"load"}, args...))
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func loadSummary(t *testing.T, out string) []string {
	t.Helper()
	m := loadSummaryRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary in %q", out)
	}
	return m[1:]
}

const loadFixtures = "../../loader/testdata/"

func TestLoadCommandJSONLIntoBolt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kg.db")
	out, _, err := runLoadCmd(t, "--db", db, loadFixtures+"two-documents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	first := loadSummary(t, out)
	if first[0] != "2" || first[1] != "3" || first[2] != "bolt" || first[3] == "0" || first[5] != "1" {
		t.Errorf("first load: %v", first)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("no store at --db: %v", err)
	}
	out, _, err = runLoadCmd(t, "--db", db, loadFixtures+"two-documents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if again := loadSummary(t, out); again[3] != "0" || again[4] != "0" {
		t.Errorf("reload changed quads: %v", again)
	}
}

func TestLoadCommandBadFileLoadsTheOthers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kg.db")
	out, errOut, err := runLoadCmd(t, "--store", "bolt", "--db", db,
		loadFixtures+"malformed.jsonl", loadFixtures+"two-documents.jsonl", filepath.Join(t.TempDir(), "missing.txt"))
	if err == nil {
		t.Fatal("no error for a malformed and a missing file")
	}
	if code := exitCode(err); code != 1 {
		t.Errorf("exit code %d", code)
	}
	if !strings.Contains(err.Error(), "2 of 3 files failed") {
		t.Errorf("error %q", err)
	}
	if !strings.Contains(errOut, "malformed.jsonl:3:") {
		t.Errorf("stderr does not name file and line: %q", errOut)
	}
	if s := loadSummary(t, out); s[0] != "2" || s[1] != "3" {
		t.Errorf("the good file was not loaded: %v", s)
	}
}

func TestLoadCommandText(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "chronicle.txt")
	body := "Chronicle of 2023\n\nMarch 2023\n\nMarch 4 – Senator Jane Roe addressed a conference in Paris.\n\nMarch 9 – Members of the Civic Union held a rally in Rome.\n"
	if err := os.WriteFile(text, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ANNALS_STORE", "memory")
	out, _, err := runLoadCmd(t, text)
	if err != nil {
		t.Fatal(err)
	}
	s := loadSummary(t, out)
	if s[0] != "1" || s[1] == "0" || s[2] != "memory" || s[3] == "0" {
		t.Errorf("loading a text chronology: %v", s)
	}
}

func TestLoadCommandStoreErrors(t *testing.T) {
	_, _, err := runLoadCmd(t, "--store", "nosql", loadFixtures+"two-documents.jsonl")
	if err == nil || !strings.Contains(err.Error(), "valid: bolt, memory, postgres") {
		t.Errorf("unknown store: %v", err)
	}
	_, _, err = runLoadCmd(t, "--store", "memory")
	if err == nil {
		t.Error("load without files succeeded")
	}
}
