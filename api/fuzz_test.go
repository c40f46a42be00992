package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"annals/graph"
	"annals/loader"
	"annals/queries"
)

// FuzzNamedQueryParams sends arbitrary query strings (and path IDs) to every named
// query over a store holding ../queries/testdata/chronology.jsonl. Whatever the
// parameters, the API must answer without a server error: a 2xx with a body in the
// format asked for, or a 4xx with a JSON problem; and a request whose parameters bind
// rejects must be a 400 naming the parameter.
func FuzzNamedQueryParams(f *testing.F) {
	h, routes := fuzzServer(f)
	seeds := []struct {
		route uint8
		query string
		id    string
	}{
		{0, "from=2023-01&to=2023-06&limit=5&offset=1&participation=any", ""},
		{1, "q=conference+paris&kind=rally&format=csv", ""},
		{1, "person=Jane+Roe&from=2023&to=2022", ""},
		{2, "", "fixture-chronology-txt/L10"},
		{3, "limit=-1", "jane-roe"},
		{6, "actor=Jane+Roe&with=bodies&limit=99999999999999999999", ""},
		{7, "from=Jane+Roe&to=John+Doe&max_hops=0", ""},
		{9, "q=%ff%fe&type=place", ""},
		{9, "q=a&q=b&bogus=1", ""},
	}
	for _, s := range seeds {
		f.Add(s.route, s.query, s.id)
	}
	f.Fuzz(func(t *testing.T, route uint8, rawQuery, id string) {
		rt := routes[int(route)%len(routes)]
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = strings.Replace(rt.Path, "{id}", id, 1)
		req.URL.RawQuery = rawQuery
		if req.URL.Path != "/" && !strings.HasPrefix(req.URL.Path, "/") {
			t.Skip()
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		status, body, ctype := rec.Code, rec.Body.Bytes(), rec.Header().Get("Content-Type")
		if status >= 500 {
			t.Fatalf("GET %s?%s: %d %s", req.URL.Path, rawQuery, status, body)
		}
		switch {
		case status >= 400:
			var p Problem
			if err := json.Unmarshal(body, &p); err != nil || p.Status != status {
				t.Fatalf("GET %s?%s: %d with body %q (want a problem)", req.URL.Path, rawQuery, status, body)
			}
		case strings.HasPrefix(ctype, "text/csv"):
			if _, err := csv.NewReader(bytes.NewReader(body)).ReadAll(); err != nil {
				t.Fatalf("GET %s?%s: bad CSV: %v", req.URL.Path, rawQuery, err)
			}
		default:
			if !json.Valid(body) {
				t.Fatalf("GET %s?%s: %d %s: invalid JSON", req.URL.Path, rawQuery, status, ctype)
			}
		}
		// Parameters bind rejects are the client's mistake, said as such. (Only when the
		// route matched: a path ID with a slash is a 404 of the router.)
		if _, err := rt.bind(req); err != nil && status != http.StatusNotFound {
			var pe *queries.ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("bind: %T %v is not a ParamError", err, err)
			}
			if status != http.StatusBadRequest {
				t.Fatalf("GET %s?%s: bind says %v, the API answered %d", req.URL.Path, rawQuery, err, status)
			}
		}
	})
}

// fuzzServer is the API over a memory store holding the queries' fixture chronology.
func fuzzServer(f *testing.F) (http.Handler, []namedRoute) {
	ctx := context.Background()
	b, err := os.ReadFile("../queries/testdata/chronology.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	recs, err := loader.ReadJSONL(bytes.NewReader(b), "chronology.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	s, err := graph.Open(ctx, graph.Config{Kind: graph.KindMemory})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	if _, err := loader.LoadDocument(ctx, s, "fixture-chronology.txt", recs); err != nil {
		f.Fatal(err)
	}
	x, err := queries.NewIndex(ctx, s)
	if err != nil {
		f.Fatal(err)
	}
	h := New(s, Options{Index: x, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return h, namedRoutes
}
