package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestQueryRoles runs the queries of record format version 2 from the command line.
func TestQueryRoles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "annals.db")
	if _, err := runAnnals(t, "load", "--db", db, "../../queries/testdata/roles-v2.jsonl"); err != nil {
		t.Fatalf("load: %v", err)
	}
	for _, c := range []struct {
		args  []string
		lines []string // the first column of each row, in order
	}{
		{[]string{"legislator-groups", "--event", "roles-v2-jsonl:L2"}, []string{"parliament", "Italian Parliament", "Slovenian Parliament"}},
		{[]string{"legislator-groups", "--by", "country", "--from", "2024-04"}, []string{"country", "Italy", "Italy", "Slovenia", "United Kingdom"}},
		{[]string{"venue-events", "country:italy"}, []string{"subject", "Italy", "Italy", "Italy"}},
		{[]string{"venues", "Jane", "Roe"}, []string{"subject", "Jane Roe"}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, err := runAnnals(t, append([]string{"query", "--db", db}, c.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			rows := strings.Split(strings.TrimSpace(out), "\n")
			if len(rows) != len(c.lines) {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), len(c.lines), out)
			}
			for i, want := range c.lines {
				if !strings.HasPrefix(rows[i], want+" ") {
					t.Errorf("row %d %q, want it to start with %q", i, rows[i], want)
				}
			}
			if !strings.Contains(rows[0], "source_states") {
				t.Errorf("header %q without provenance", rows[0])
			}
		})
	}
	if _, err := runAnnals(t, "query", "--db", db, "venues"); err == nil {
		t.Error("venues without an actor: no error")
	}
}
