package api

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"annals/graph"
	"annals/loader"
	"annals/queries"
)

// A CSV download pages through its query: with pages of 4 rows, every row still comes.
func TestCSVPages(t *testing.T) {
	ctx := context.Background()
	f, err := os.Open("../queries/testdata/chronology.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := loader.ReadJSONL(f, "chronology.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	st, err := graph.Open(ctx, graph.Config{Kind: "memory"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := loader.LoadDocument(ctx, st, "fixture-chronology.txt", recs); err != nil {
		t.Fatal(err)
	}
	x, err := queries.NewIndex(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{store: st, opts: Options{QueryTimeout: 5 * time.Second}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s.index.Store(x)
	ex := &explorer{s: s}
	for _, path := range []string{"/api/events", "/api/legislators/events"} {
		all, err := routeOf(path).Query(ctx, st, queries.Params{Index: x, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		_, want := Table(all)
		w := httptest.NewRecorder()
		ex.csv(path, 4)(w, httptest.NewRequest("GET", "/api/csv"+path, nil))
		got, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		if err != nil || len(want) <= 4 || len(got)-1 != len(want) {
			t.Fatalf("%s: %v, %d rows, want %d (more than a page)", path, err, len(got)-1, len(want))
		}
		for i, row := range want {
			if strings.Join(got[i+1], "|") != strings.Join(row, "|") {
				t.Errorf("%s row %d: %q, want %q", path, i, got[i+1], row)
			}
		}
	}
}
