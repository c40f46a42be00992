package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"annals/api"
	"annals/graph"
	"annals/loader"
	"annals/queries"

	cgraph "github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/go-chi/chi/v5"
)

const (
	eventL10 = "https://annals.dev/id/event/fixture-chronology-txt/L10"
	attendee = "http://schema.org/attendee"
	name     = "http://schema.org/name"
	legis    = "https://annals.dev/ns#legislator"
)

// fixtureStore loads ../queries/testdata/chronology.jsonl (21 invented entries) into a
// memory store with the loader.
func fixtureStore(t *testing.T) *graph.Store {
	t.Helper()
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
	s, err := graph.Open(ctx, fixtureConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := loader.LoadDocument(ctx, s, "fixture-chronology.txt", recs); err != nil {
		t.Fatal(err)
	}
	return s
}

func newServer(t *testing.T, opts api.Options) (*httptest.Server, *graph.Store) {
	t.Helper()
	s := fixtureStore(t)
	if opts.Index == nil {
		x, err := queries.NewIndex(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		opts.Index = x
	}
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(api.New(s, opts))
	t.Cleanup(srv.Close)
	return srv, s
}

type response struct {
	status int
	ctype  string
	body   []byte
	header http.Header
}

func do(t *testing.T, method, u, body string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), body: b, header: res.Header}
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return v
}

func get(t *testing.T, srv *httptest.Server, path string) response {
	t.Helper()
	return do(t, http.MethodGet, srv.URL+path, "")
}

func TestNamedQueries(t *testing.T) {
	srv, _ := newServer(t, api.Options{})

	t.Run("legislators of an event", func(t *testing.T) {
		r := get(t, srv, "/api/legislators/events?event=fixture-chronology-txt:L10")
		le := decode[queries.LegislatorEvents](t, r)
		if r.status != 200 || le.Total != 2 || le.Rows[0].Person.Name != "Marta Kowalczyk" || le.Rows[1].Person.Name != "Paolo Ricci" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if le.Rows[0].Role != "Member of the European Parliament" || le.Rows[0].Places[0].Name != "Paris" ||
			!strings.HasPrefix(le.Rows[0].Provenance.States, "January 12 – At a conference in Paris") {
			t.Errorf("row = %+v", le.Rows[0])
		}
	})
	t.Run("legislators as CSV", func(t *testing.T) {
		for _, r := range []response{
			get(t, srv, "/api/legislators/events?country=Germany&format=csv"),
			do(t, http.MethodGet, srv.URL+"/api/legislators/events?country=Germany", "", "Accept", "text/csv"),
		} {
			if r.status != 200 || !strings.HasPrefix(r.ctype, "text/csv") {
				t.Fatalf("%d %s %s", r.status, r.ctype, r.body)
			}
			recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 5 || recs[0][0] != "person" || recs[0][len(recs[0])-1] != "source_states" {
				t.Fatalf("csv = %q", recs)
			}
			var got []string
			for _, rec := range recs[1:] {
				got = append(got, rec[0]+"@"+rec[5]+"@"+rec[12])
			}
			want := []string{"Julia Brenner@2023-01-20@12", "Julia Brenner@2023-06-01@30", "Marta Kowalczyk@2023-06-01@30", "Julia Brenner@2023-11-11@42"}
			if !slices.Equal(got, want) {
				t.Errorf("rows = %v, want %v", got, want)
			}
		}
	})
	t.Run("events", func(t *testing.T) {
		ev := decode[queries.Events](t, get(t, srv, "/api/events?place=Paris"))
		if ev.Total != 2 || ev.Events[0].Date.Start != "2023-01-12" || ev.Events[1].Date.Start != "2023-05-20" {
			t.Errorf("events in Paris = %+v", ev)
		}
		r := get(t, srv, "/api/events?country=Canada&format=csv")
		recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		if err != nil || len(recs) != 4 || recs[0][6] != "countries" {
			t.Fatalf("events in Canada as CSV: %v %q", err, recs)
		}
		for _, rec := range recs[1:] {
			if rec[6] != "Canada" {
				t.Errorf("countries of %s = %q, want Canada (a city's country or the country itself)", rec[0], rec[6])
			}
		}
		ev = decode[queries.Events](t, get(t, srv, "/api/events?from=2023-02&to=2023-02&q=release"))
		if ev.Total != 1 || ev.Events[0].Provenance.Line != 16 {
			t.Errorf("events of February about a release = %+v", ev)
		}
	})
	t.Run("one event", func(t *testing.T) {
		ev := decode[queries.EventDetail](t, get(t, srv, "/api/events/fixture-chronology-txt:L18"))
		if ev.Kind != "meeting" || len(ev.Participants) != 3 || len(ev.Facts) == 0 || ev.Provenance.Line != 18 {
			t.Errorf("event = %+v", ev)
		}
	})
	t.Run("profiles", func(t *testing.T) {
		p := decode[queries.Profile](t, get(t, srv, "/api/people/julia-brenner"))
		if p.Name != "Julia Brenner" || !p.Legislator || p.Counts.Events != 5 || len(p.Events) != 5 {
			t.Errorf("person = %+v", p)
		}
		b := decode[queries.Profile](t, get(t, srv, "/api/bodies/"+url.PathEscape("Northern Parliamentary Assembly")))
		if b.ID != "northern-parliamentary-assembly" || !b.Legislative || b.Counts.Events != 4 {
			t.Errorf("body = %+v", b)
		}
		pl := decode[queries.Profile](t, get(t, srv, "/api/places/2950159"))
		if pl.Name != "Berlin" || pl.Country != "Germany" || pl.Counts.Located != 3 {
			t.Errorf("place = %+v", pl)
		}
	})
	t.Run("co-appearance", func(t *testing.T) {
		c := decode[queries.CoAppearance](t, get(t, srv, "/api/coappearance?actor=Julia+Brenner&with=people"))
		if c.Total != 5 || c.Partners[0].Name != "Tomasz Ferrand" || c.Partners[0].Weight != 2 || len(c.Partners[0].Events) != 2 {
			t.Errorf("co-appearance = %+v", c)
		}
	})
	t.Run("path", func(t *testing.T) {
		c := decode[queries.Connection](t, get(t, srv, "/api/path?from=Ingrid+Solberg&to=marta-kowalczyk"))
		if !c.Found || c.Hops != 3 || c.Steps[0].From.Name != "Ingrid Solberg" || c.Steps[2].To.Name != "Marta Kowalczyk" {
			t.Errorf("path = %+v", c)
		}
	})
	t.Run("stats", func(t *testing.T) {
		st := decode[queries.Stats](t, get(t, srv, "/api/stats"))
		if st.Counts.Events != 21 || st.Counts.Legislators != 5 || st.DateSpan.End != "2023-12-28" || st.Documents[0].Source != "fixture-chronology.txt" {
			t.Errorf("stats = %+v", st)
		}
	})
	t.Run("search", func(t *testing.T) {
		m := decode[queries.Matches](t, get(t, srv, "/api/search?q=npa"))
		if len(m.Matches) != 1 || m.Matches[0].Name != "Northern Parliamentary Assembly" || m.Matches[0].Matched != "NPA" || m.Matches[0].Type != "body" {
			t.Errorf("search = %+v", m)
		}
		m = decode[queries.Matches](t, get(t, srv, "/api/search?q=ge&type=place"))
		if len(m.Matches) != 2 || m.Matches[0].Name != "Geneva" || m.Matches[1].Name != "Germany" {
			t.Errorf("search places = %+v", m)
		}
	})
}

func TestProblems(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	tests := []struct {
		name, path string
		status     int
		typ, param string
	}{
		{"unknown person", "/api/people/Julia%20Brener", 404, "unknown-actor", "id"},
		{"unknown actor", "/api/coappearance?actor=Tomas+Ferand", 404, "unknown-actor", "actor"},
		{"bad date", "/api/events?from=2023-02-30", 400, "bad-date", "from"},
		{"reversed range", "/api/legislators/events?from=2023-06&to=2023-01", 400, "bad-date", "to"},
		{"unknown parameter", "/api/events?form=2023", 400, "bad-parameter", "form"},
		{"bad format", "/api/stats?format=xml", 400, "bad-parameter", "format"},
		{"bad limit", "/api/events?limit=-1", 400, "bad-parameter", "limit"},
		{"unknown event", "/api/events/fixture-chronology-txt:L99", 404, "not-found", ""},
		{"no route", "/api/nothing", 404, "no-route", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, srv, tt.path)
			p := decode[api.Problem](t, r)
			if r.status != tt.status || r.ctype != "application/problem+json" || p.Type != "https://annals.dev/problems/"+tt.typ ||
				p.Status != tt.status || p.Param != tt.param || p.Detail == "" || p.Title == "" {
				t.Errorf("%d %s %s", r.status, r.ctype, r.body)
			}
		})
	}
	p := decode[api.Problem](t, get(t, srv, "/api/people/Julia%20Brener"))
	if len(p.Suggestions) == 0 || p.Suggestions[0].Name != "Julia Brenner" || p.Suggestions[0].ID != "julia-brenner" {
		t.Errorf("suggestions = %+v", p.Suggestions)
	}
	for _, path := range []string{"/api/v2/write", "/api/v2/delete", "/api/v1/write"} {
		r := do(t, http.MethodPost, srv.URL+path, `<a> <b> <c> .`)
		if r.status != http.StatusForbidden || decode[api.Problem](t, r).Type != "https://annals.dev/problems/read-only" {
			t.Errorf("POST %s: %d %s", path, r.status, r.body)
		}
	}
}

// gizmoLegislators finds the legislators of the event of line 10.
const gizmoLegislators = `g.V("<` + eventL10 + `>").Out("<` + attendee + `>").Has("<` + legis + `>", true).Out("<` + name + `>").Unique().All()`

// graphqlLegislators is the same question in Cayley's GraphQL.
const graphqlLegislators = `{ event(<id>: <` + eventL10 + `>) { attendee: <` + attendee + `> (<` + legis + `>: true) { name: <` + name + `> } } }`

func gizmoNames(t *testing.T, r response) []string {
	t.Helper()
	var res struct {
		Result []map[string]any `json:"result"`
	}
	if err := json.Unmarshal(r.body, &res); err != nil {
		t.Fatalf("%d %s: %v", r.status, r.body, err)
	}
	var out []string
	for _, m := range res.Result {
		s, _ := m["id"].(string)
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func TestCayleyQueries(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	want := []string{"Marta Kowalczyk", "Paolo Ricci"}

	t.Run("gizmo v2", func(t *testing.T) {
		r := do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=gizmo", gizmoLegislators)
		if got := gizmoNames(t, r); r.status != 200 || !slices.Equal(got, want) {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("gizmo v1", func(t *testing.T) {
		r := do(t, http.MethodPost, srv.URL+"/api/v1/query/gizmo", gizmoLegislators)
		if got := gizmoNames(t, r); r.status != 200 || !slices.Equal(got, want) {
			t.Errorf("%d %s", r.status, r.body)
		}
		r = do(t, http.MethodPost, srv.URL+"/api/v1/query/gizmo?limit=1", gizmoLegislators)
		if got := gizmoNames(t, r); len(got) != 1 {
			t.Errorf("limit=1: %s", r.body)
		}
	})
	for _, path := range []string{"/api/v2/query?lang=graphql", "/api/v1/query/graphql"} {
		t.Run("graphql "+path, func(t *testing.T) {
			r := do(t, http.MethodPost, srv.URL+path, graphqlLegislators)
			var res struct {
				Data struct {
					Event struct {
						Attendee []struct {
							Name string `json:"name"`
						} `json:"attendee"`
					} `json:"event"`
				} `json:"data"`
				Errors []any `json:"errors"`
			}
			if err := json.Unmarshal(r.body, &res); err != nil || r.status != 200 || len(res.Errors) > 0 {
				t.Fatalf("%d %s (%v)", r.status, r.body, err)
			}
			var got []string
			for _, a := range res.Data.Event.Attendee {
				got = append(got, a.Name)
			}
			// A fact stated by several entries is several quads; Cayley's memory store
			// folds the repeated names, its SQL store returns one per statement.
			sort.Strings(got)
			got = slices.Compact(got)
			if !slices.Equal(got, want) {
				t.Errorf("legislators = %v, want %v (%s)", got, want, r.body)
			}
		})
	}
	t.Run("malformed gizmo", func(t *testing.T) {
		for _, path := range []string{"/api/v2/query?lang=gizmo", "/api/v1/query/gizmo"} {
			r := do(t, http.MethodPost, srv.URL+path, "g.V(\n  .All()")
			p := decode[api.Problem](t, r)
			if r.status != 400 || p.Type != "https://annals.dev/problems/query-error" || p.Error == "" ||
				p.Position == nil || p.Position.Line != 2 {
				t.Errorf("%s: %d %s", path, r.status, r.body)
			}
		}
	})
	t.Run("unknown language", func(t *testing.T) {
		r := do(t, http.MethodPost, srv.URL+"/api/v1/query/sparql", "SELECT")
		if r.status != 400 || decode[api.Problem](t, r).Param != "lang" {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
}

func TestTimeouts(t *testing.T) {
	srv, _ := newServer(t, api.Options{QueryTimeout: time.Nanosecond})
	for _, tt := range []struct{ method, path, body string }{
		{http.MethodPost, "/api/v2/query?lang=gizmo", gizmoLegislators},
		{http.MethodPost, "/api/v1/query/gizmo", gizmoLegislators},
		{http.MethodGet, "/api/coappearance?actor=julia-brenner", ""},
	} {
		r := do(t, tt.method, srv.URL+tt.path, tt.body)
		p := decode[api.Problem](t, r)
		if r.status != http.StatusServiceUnavailable || p.Type != "https://annals.dev/problems/timeout" || p.Timeout != "1ns" {
			t.Errorf("%s: %d %s", tt.path, r.status, r.body)
		}
	}
}

// TestRunawayGizmo checks that a query that never ends is stopped at the limit and
// answered as a timeout, rather than holding the request for ever.
func TestRunawayGizmo(t *testing.T) {
	srv, _ := newServer(t, api.Options{QueryTimeout: 200 * time.Millisecond})
	for _, path := range []string{"/api/v2/query?lang=gizmo", "/api/v1/query/gizmo"} {
		done := make(chan response, 1)
		go func() {
			var r response
			if res, err := http.Post(srv.URL+path, "text/plain", strings.NewReader("while (true) {}")); err == nil {
				r.status = res.StatusCode
				r.body, _ = io.ReadAll(res.Body)
				res.Body.Close()
			}
			done <- r
		}()
		select {
		case r := <-done:
			var p api.Problem
			if err := json.Unmarshal(r.body, &p); err != nil || r.status != http.StatusServiceUnavailable || p.Timeout != "200ms" {
				t.Errorf("%s: %d %s", path, r.status, r.body)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: an endless query was not stopped", path)
		}
	}
}

// TestCayleyCompatible sends the requests of Cayley's own clients (web UI and client
// libraries) to annals and to Cayley's server handler over the same quads, and expects
// the same answers.
func TestCayleyCompatible(t *testing.T) {
	srv, s := newServer(t, api.Options{QueryLimit: 100})
	ref := httptest.NewServer(cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: s.QuadStore, QuadWriter: s.QuadWriter}))
	defer ref.Close()
	for _, tt := range []struct {
		method, path, body string
		header             []string
	}{
		{http.MethodPost, "/api/v2/query?lang=gizmo", gizmoLegislators, nil},
		{http.MethodGet, "/api/v2/query?lang=gizmo&qu=" + url.QueryEscape(`g.V().Has("<`+legis+`>", true).Out("<`+name+`>").All()`), "", nil},
		{http.MethodPost, "/api/v2/query?lang=gizmo", `g.V("<` + eventL10 + `>").Tag("e").Out().Tag("o").All()`, nil},
		{http.MethodPost, "/api/v2/query?lang=gizmo", `g.V("<` + eventL10 + `>").Out().All()`, []string{"Accept", "application/ld+json"}},
		{http.MethodPost, "/api/v2/query?lang=graphql", graphqlLegislators, nil},
		{http.MethodPost, "/api/v2/query?lang=mql", `[{"id": null, "<` + legis + `>": true}]`, nil},
		{http.MethodGet, "/api/v2/read?sub=" + url.QueryEscape("<"+eventL10+">"), "", nil},
		{http.MethodGet, "/api/v2/read?format=jsonld&pred=" + url.QueryEscape("<"+legis+">"), "", nil},
		{http.MethodGet, "/api/v2/read?format=json&obj=" + url.QueryEscape("<https://annals.dev/id/person/julia-brenner>"), "", nil},
		{http.MethodGet, "/api/v2/formats", "", nil},
	} {
		got := do(t, tt.method, srv.URL+tt.path, tt.body, tt.header...)
		want := do(t, tt.method, ref.URL+tt.path, tt.body, tt.header...)
		if got.status != 200 || want.status != 200 {
			t.Errorf("%s %s: annals %d, cayley %d: %s", tt.method, tt.path, got.status, want.status, want.body)
			continue
		}
		same := sameLines(got.body, want.body)
		if strings.Contains(want.ctype, "json") {
			same = sameJSON(t, got.body, want.body)
		}
		if got.ctype != want.ctype || !same || len(got.body) < 10 {
			t.Errorf("%s %s:\nannals %s %s\ncayley %s %s", tt.method, tt.path, got.ctype, got.body, want.ctype, want.body)
		}
	}
}

// sameJSON compares two JSON documents, lists compared as multisets (Cayley's
// iteration order over a memory store may differ between runs).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("annals: %v", err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("cayley: %v", err)
	}
	return reflect.DeepEqual(canon(va), canon(vb))
}

// sameLines compares two line-based documents (N-Quads) as sets of lines.
func sameLines(a, b []byte) bool {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	sort.Strings(la)
	sort.Strings(lb)
	return slices.Equal(la, lb)
}

func canon(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			b, _ := json.Marshal(canon(x))
			out[i] = string(b)
		}
		sort.Strings(out)
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = canon(x)
		}
		return out
	}
	return v
}

func TestHealthAndReadiness(t *testing.T) {
	s := fixtureStore(t)
	h := api.New(s, api.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h)
	defer srv.Close()
	if r := get(t, srv, "/healthz"); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
	// The index is built in the background: readiness follows it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := get(t, srv, "/readyz")
		if r.status == 200 {
			if m := decode[map[string]any](t, r); m["status"] != "ready" || m["quads"].(float64) == 0 {
				t.Errorf("readyz = %s", r.body)
			}
			break
		}
		if r.status != 503 || time.Now().After(deadline) {
			t.Fatalf("readyz: %d %s", r.status, r.body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if st := decode[queries.Stats](t, get(t, srv, "/api/stats")); st.Counts.Events != 21 {
		t.Errorf("stats after the background index = %+v", st.Counts)
	}
}

// TestOpenAPI checks that /openapi.json is a valid OpenAPI document listing every
// route of the router, with its methods.
func TestOpenAPI(t *testing.T) {
	s := fixtureStore(t)
	h := api.New(s, api.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h)
	defer srv.Close()
	r := get(t, srv, "/openapi.json")
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Info    map[string]any                       `json:"info"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil || r.status != 200 {
		t.Fatalf("%d: %v", r.status, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info["title"] != "annals" {
		t.Errorf("openapi %q info %v", doc.OpenAPI, doc.Info)
	}
	routes, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("handler is %T, not a chi router", h)
	}
	n := 0
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		n++
		op, ok := doc.Paths[route][strings.ToLower(method)]
		if !ok {
			t.Errorf("%s %s is not in /openapi.json", method, route)
			return nil
		}
		if op["summary"] == "" || op["responses"] == nil {
			t.Errorf("%s %s: operation without summary or responses", method, route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("walked %d routes", n)
	}
}

// TestCSVEveryRoute renders every named query as CSV: a header, rows of its width, and
// the provenance columns wherever rows come from entries.
func TestCSVEveryRoute(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	for _, path := range []string{
		"/api/legislators/events", "/api/events?kind=rally", "/api/events/fixture-chronology-txt:L18",
		"/api/people/julia-brenner", "/api/bodies/npa", "/api/places/2988507", "/api/coappearance?actor=npa",
		"/api/path?from=Ingrid+Solberg&to=Julia+Brenner", "/api/stats", "/api/search?q=ber",
	} {
		r := do(t, http.MethodGet, srv.URL+path, "", "Accept", "text/csv")
		recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		if r.status != 200 || err != nil || len(recs) < 2 {
			t.Errorf("%s: %d %v %q", path, r.status, err, r.body)
			continue
		}
		if h := recs[0]; !strings.HasPrefix(path, "/api/stats") && !strings.HasPrefix(path, "/api/search") &&
			(h[len(h)-1] != "source_states" || h[len(h)-2] != "line") {
			t.Errorf("%s: header %q lacks provenance", path, h)
		}
	}
}
