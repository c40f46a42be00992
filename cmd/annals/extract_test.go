package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const smallChronology = "Club history\n\nMarch 2021\n\nMarch 3 – The club held a press conference in Lyon.\n\nPhoto – Courtesy of the club\n\nSometime in May – A rally.\n"

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "club.txt", smallChronology)
	bad := writeFile(t, dir, "bad.txt", "March 2021\n\nMarch 3 – caf\xe9\n")
	missing := filepath.Join(dir, "missing.txt")
	var stdout, stderr bytes.Buffer
	err := runExtract(context.Background(), &stdout, &stderr, extractFlags{verbose: true}, []string{bad, good, missing, dir})

	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 1 {
		t.Fatalf("error %v, want an exit error with code 1", err)
	}
	stderr.WriteString("annals: " + err.Error() + "\n") // as main prints it
	for _, want := range []string{
		"annals: " + bad + ": invalid UTF-8 at byte offset 27 (byte 0xE9)",
		"annals: " + missing + ": no such file or directory",
		"annals: " + dir + ": is a directory",
		"annals: 3 of 4 files could not be extracted",
		`annals: warning: club.txt:9: unknown date phrase "Sometime in May"`,
		"annals: club.txt:7: skipped, photo caption or credit: Photo – Courtesy of the club",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d records, want 2:\n%s", len(lines), stdout.String())
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first["source"] != "club.txt" || first["line"] != 5.0 || first["kind"] != "press conference" {
		t.Errorf("first record %v", first)
	}
	for _, key := range []string{"people", "bodies", "places", "warnings"} {
		if _, ok := first[key].([]any); !ok {
			t.Errorf("%s is %v, want a list ([] when empty)", key, first[key])
		}
	}
	if !strings.Contains(lines[0], `"span":[`) || !strings.Contains(lines[0], `"date":{"text":"March 3","start":"2021-03-03","end":"2021-03-03","precision":"day"}`) {
		t.Errorf("record shape: %s", lines[0])
	}
	if !strings.Contains(lines[1], `"date":{"text":"Sometime in May"}`) {
		t.Errorf("unknown date not kept as text only: %s", lines[1])
	}
}

func TestExtractCommandOutputAndYear(t *testing.T) {
	dir := t.TempDir()
	noHeaders := writeFile(t, dir, "plain.txt", "March 3 – The council met.\n")
	var stdout, stderr bytes.Buffer
	if err := runExtract(context.Background(), &stdout, &stderr, extractFlags{}, []string{noHeaders}); err == nil {
		t.Fatal("no error for a document without month headers and without --year")
	}
	if want := "give the year with --year N"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q does not suggest --year", stderr.String())
	}

	if err := runExtract(context.Background(), &stdout, &stderr, extractFlags{year: -3}, []string{noHeaders}); err == nil || !strings.Contains(err.Error(), "--year -3 is not a year") {
		t.Errorf("--year -3: error %v", err)
	}

	out := filepath.Join(dir, "out.jsonl")
	stdout.Reset()
	stderr.Reset()
	if err := runExtract(context.Background(), &stdout, &stderr, extractFlags{out: out, year: 2019}, []string{noHeaders}); err != nil {
		t.Fatalf("with --year: %v (%s)", err, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("records on stdout with -o: %s", stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"start":"2019-03-03"`) {
		t.Errorf("output file: %s", data)
	}
}
