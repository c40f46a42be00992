package loader_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"annals/extract"
	"annals/loader"
)

func readJSONL(t *testing.T, path string) ([]extract.Record, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return loader.ReadJSONL(f, path)
}

func TestReadJSONL(t *testing.T) {
	recs, err := readJSONL(t, "testdata/two-documents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3 (the blank line skipped)", len(recs))
	}
	if p := recs[0].People[0]; p.Name != "Jane Roe" || !p.Legislator || !p.Participant || p.Aliases[0] != "Representative Roe" {
		t.Errorf("first person: %+v", p)
	}
	if pl := recs[2].Places[0]; pl.GeonameID != 3169070 || pl.Country != "Italy" {
		t.Errorf("place of the third record: %+v", pl)
	}
	sources, docs := loader.BySource(recs, "fallback.jsonl")
	if !slices.Equal(sources, []string{"spring-report.txt", "autumn-report.txt"}) || len(docs["spring-report.txt"]) != 2 {
		t.Errorf("BySource: %v, %d records of spring", sources, len(docs["spring-report.txt"]))
	}
}

func TestReadJSONLErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"testdata/malformed.jsonl", []string{"testdata/malformed.jsonl:3:", `field "line"`}},
		{"testdata/truncated.jsonl", []string{"testdata/truncated.jsonl:2:", "malformed JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs, err := readJSONL(t, tt.file)
			if err == nil {
				t.Fatalf("no error; %d records", len(recs))
			}
			if recs != nil {
				t.Errorf("records returned with the error: %d", len(recs))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestBySourceFallback(t *testing.T) {
	recs := []extract.Record{{Line: 1}, {Source: "a.txt", Line: 2}, {Line: 3}}
	sources, docs := loader.BySource(recs, "file.jsonl")
	if !slices.Equal(sources, []string{"file.jsonl", "a.txt"}) || len(docs["file.jsonl"]) != 2 {
		t.Errorf("BySource: %v %v", sources, docs)
	}
}

func TestLoadJSONLDocuments(t *testing.T) {
	recs, err := readJSONL(t, "testdata/two-documents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			sources, docs := loader.BySource(recs, "x")
			var total loader.Summary
			for _, src := range sources {
				sum, err := loader.LoadDocument(context.Background(), s, src, docs[src])
				if err != nil {
					t.Fatal(err)
				}
				total.Add(sum)
			}
			if total.Documents != 2 || total.Entries != 3 || total.Warnings != 1 {
				t.Errorf("summary %+v", total)
			}
			if n := count(t, s); n != int64(total.QuadsAdded) {
				t.Errorf("%d quads in the store, %d added", n, total.QuadsAdded)
			}
		})
	}
}
