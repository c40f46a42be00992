package api_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"annals/api"
	"annals/queries"
)

// TestQueryProbes sends the queries that used to kill, freeze or bloat the server;
// each is answered with its problem within its limit.
func TestQueryProbes(t *testing.T) {
	srv, _ := newServer(t, api.Options{QueryTimeout: 4 * time.Second, QueryMemory: 64 << 20})
	deepGizmo := "var x=" + strings.Repeat("[", 400000)
	deepGraphQL := "{" + strings.Repeat("a{", 300000)
	deepMQL := strings.Repeat("[", 300000)
	for _, tt := range []struct {
		name, path, body string
		status           int
		typ, detail      string
	}{
		{"gizmo nested arrays v2", "/api/v2/query?lang=gizmo", deepGizmo, 400, "query-too-deep", "more than 256 levels"},
		{"gizmo nested arrays v1", "/api/v1/query/gizmo", deepGizmo, 400, "query-too-deep", "line 1"},
		{"graphql nested selections", "/api/v2/query?lang=graphql", deepGraphQL, 400, "query-too-deep", "GraphQL"},
		{"graphql nested selections v1", "/api/v1/query/graphql", deepGraphQL, 400, "query-too-deep", "GraphQL"},
		{"mql nested arrays", "/api/v1/query/mql", deepMQL, 400, "query-too-deep", "MQL"},
		{"repeat 1e9", "/api/v2/query?lang=gizmo", `var s = "x".repeat(1e9); g.V().All()`, 400, "query-error", "repeat would make a string"},
		{"padStart 1e9", "/api/v1/query/gizmo", `"x".padStart(1e9)`, 400, "query-error", "padStart"},
		{"join of a huge array", "/api/v1/query/gizmo", `new Array(1e9).join("xx")`, 400, "query-error", "join"},
		{"typed array", "/api/v1/query/gizmo", `new Uint8Array(1e9)`, 400, "query-error", "Uint8Array"},
		{"endless recursion", "/api/v2/query?lang=gizmo", `function f(n){return f(n+1)}; f(0)`, 400, "query-error", "call stack"},
		{"doubling string", "/api/v2/query?lang=gizmo", `var s = "x"; while (true) { s = s + s }`, 503, "query-killed", "memory budget"},
		{"gizmo over 1 MiB v2", "/api/v2/query?lang=gizmo", "g.V().All() //" + strings.Repeat("x", 1<<20), 413, "too-large", "1048576"},
		{"graphql over 1 MiB v2", "/api/v2/query?lang=graphql", "{" + strings.Repeat(" ", 1<<20) + "}", 413, "too-large", "1048576"},
		{"gizmo over 1 MiB v1", "/api/v1/query/gizmo", "g.V().All() //" + strings.Repeat("x", 1<<20), 413, "too-large", "1048576"},
		{"graphql syntax error", "/api/v2/query?lang=graphql", `{ nodes(first: 3) { id `, 400, "query-error", "Syntax Error"},
		{"graphql syntax error v1", "/api/v1/query/graphql", `{ nodes(`, 400, "query-error", "Syntax Error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := do(t, http.MethodPost, srv.URL+tt.path, tt.body)
			p := decode[api.Problem](t, r)
			if r.status != tt.status || p.Type != problems+tt.typ || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("got %d %s %q, want %d %s with %q", r.status, p.Type, p.Detail, tt.status, tt.typ, tt.detail)
			}
			// The time limit, and slack for a machine seven people share.
			if elapsed := time.Since(start); elapsed > 6*time.Second {
				t.Errorf("answered after %s, over the 4s time limit", elapsed)
			}
		})
	}
	if r := do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=gizmo", gizmoLegislators); r.status != 200 {
		t.Errorf("a normal query after the probes: %d %s", r.status, r.body)
	}
}

// TestQueryAfterRunaway stops memory runaways with the heap watchdog and sends a
// normal query right after each: the runaway is answered 503 query-killed (or
// timeout, on a slow machine), the normal query 200 with its results, not stopped
// for the memory the runaway left behind. The join goes on allocating after it was
// stopped (a native call runs to its end); the normal query computes a while first,
// so that the watchdog samples the heap while it runs.
func TestQueryAfterRunaway(t *testing.T) {
	srv, _ := newServer(t, api.Options{QueryTimeout: 10 * time.Second, QueryMemory: 32 << 20})
	normal := `var n = 0; for (var i = 0; i < 300000; i++) { n += i % 7 }; ` + gizmoLegislators
	for _, runaway := range []string{
		`var s = "x"; while (true) { s = s + s }`,
		`var p = "x".repeat(1 << 20), a = []; for (var i = 0; i < 96; i++) { a.push(p) }; while (true) { a.join("") }`,
		`var a = []; while (true) { a.push("item " + a.length) }`,
	} {
		r := do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=gizmo", runaway)
		if p := decode[api.Problem](t, r); r.status != 503 || (p.Type != problems+"query-killed" && p.Type != problems+"timeout") {
			t.Errorf("%s: %d %s, want 503 query-killed", runaway, r.status, r.body)
		}
		r = do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=gizmo", normal)
		if r.status != 200 || !strings.Contains(string(r.body), `"result":[{`) {
			t.Errorf("a normal query right after %s: %d %s", runaway, r.status, r.body)
		}
	}
}

// TestGraphQLQueryLimit asks GraphQL for a billion nodes: it gets --query-limit, and
// the answer's Annals-Complete header says it was cut; Gizmo the same.
func TestGraphQLQueryLimit(t *testing.T) {
	srv, _ := newServer(t, api.Options{QueryLimit: 2})
	for _, q := range []string{`{ nodes(first: 1000000000) { id } }`, `{ nodes { id } }`, `{ nodes(first: -1) { id } }`} {
		r := do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=graphql", q)
		got := decode[struct {
			Data struct {
				Nodes []map[string]any `json:"nodes"`
			} `json:"data"`
		}](t, r)
		if r.status != 200 || len(got.Data.Nodes) != 2 {
			t.Errorf("%s: %d, %d nodes, want 2: %s", q, r.status, len(got.Data.Nodes), r.body)
		}
		// The answer says it was cut, and where.
		if c, why := r.header.Get(api.TrailerComplete), r.header.Get(api.TrailerCut); c != "false" || !strings.Contains(why, "limit of 2 results") {
			t.Errorf("%s: cut at the limit, but %s=%q %s=%q", q, api.TrailerComplete, c, api.TrailerCut, why)
		}
	}
	// Asked for as many as the limit, or fewer: whole.
	for q, want := range map[string]int{`{ nodes(first: 1) { id } }`: 1, `{ nodes(first: 2) { id } }`: 2} {
		r := do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=graphql", q)
		if n := strings.Count(string(r.body), `"id"`); r.status != 200 || n != want {
			t.Errorf("%s under a limit of 2: %d, %d ids: %s", q, r.status, n, r.body)
		}
		if c := r.header.Get(api.TrailerComplete); c != "true" || r.header.Get(api.TrailerCut) != "" {
			t.Errorf("%s under a limit of 2: %s=%q, want true", q, api.TrailerComplete, c)
		}
	}
	// Gizmo the same: cut at the limit says so; a query within it is whole.
	for q, complete := range map[string]string{`g.V().All()`: "false", `g.V().Limit(2).All()`: "true", `g.V().Limit(1).All()`: "true"} {
		r := do(t, http.MethodPost, srv.URL+"/api/v2/query?lang=gizmo", q)
		got := decode[struct {
			Result []any `json:"result"`
		}](t, r)
		if r.status != 200 || len(got.Result) > 2 || r.header.Get(api.TrailerComplete) != complete {
			t.Errorf("%s under a limit of 2: %d, %d results, %s=%q, want %s: %s", q, r.status, len(got.Result),
				api.TrailerComplete, r.header.Get(api.TrailerComplete), complete, r.body)
		}
	}
}

// TestWholeGraphEndpointsObeyLimits runs a runaway gizmo= on /api/network and
// /api/export: each is stopped at the time limit and answered 503; the answer cap
// applies to their files.
func TestWholeGraphEndpointsObeyLimits(t *testing.T) {
	srv, _ := newServer(t, api.Options{QueryTimeout: time.Second})
	spin := url.QueryEscape(`while (true) {}`)
	for _, path := range []string{"/api/network?gizmo=" + spin, "/api/export?format=graphml&gizmo=" + spin} {
		start := time.Now()
		r := get(t, srv, path)
		if p := decode[api.Problem](t, r); r.status != 503 || p.Type != problems+"timeout" {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("%s answered after %s, over the 1s limit", path, elapsed)
		}
	}
	deep := url.QueryEscape("var x=" + strings.Repeat("[", 10000))
	if r := get(t, srv, "/api/network?gizmo="+deep); r.status != 400 || !strings.Contains(string(r.body), "256 levels") {
		t.Errorf("deep gizmo=: %d %s", r.status, r.body)
	}
	small, _ := newServer(t, api.Options{MaxFileBytes: 100})
	for _, path := range []string{"/api/network", "/api/export?format=graphml"} {
		r := get(t, small, path)
		if p := decode[api.Problem](t, r); r.status != 422 || p.Type != problems+"result-too-large" {
			t.Errorf("%s over 100 bytes: %d %s", path, r.status, r.body)
		}
	}
	if r := get(t, srv, "/api/network"); r.status != 200 {
		t.Errorf("network under the limits: %d %s", r.status, r.body)
	}
}

// TestReadSaysWhenCut reads the store whole, then with a byte cap: the trailer says
// which answer is whole.
func TestReadSaysWhenCut(t *testing.T) {
	for _, tt := range []struct {
		max      int64
		complete string
	}{{0, "true"}, {200, "false"}} {
		srv, _ := newServer(t, api.Options{MaxFileBytes: tt.max})
		// Without gzip (which Go's client asks for unless told otherwise), so that a
		// cut answer is still readable up to the cut.
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/read?format=nquads", nil)
		req.Header.Set("Accept-Encoding", "identity")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 || res.Trailer.Get(api.TrailerComplete) != tt.complete {
			t.Errorf("cap %d: %d %v, trailer %v, %d bytes", tt.max, res.StatusCode, err, res.Trailer, len(b))
		}
		if tt.complete == "false" && (len(b) > 200 || res.Trailer.Get(api.TrailerCut) == "") {
			t.Errorf("cap %d: %d bytes, cut %q", tt.max, len(b), res.Trailer.Get(api.TrailerCut))
		}
	}
}

// TestRateLimitCountsCost allows 20 tokens a minute: two whole-graph requests (10
// each) spend them, while 20 named queries pass.
func TestRateLimitCountsCost(t *testing.T) {
	srv, _ := newServer(t, api.Options{RateLimit: 20})
	for i := range 2 {
		if r := get(t, srv, "/api/network"); r.status != 200 {
			t.Fatalf("network %d: %d %s", i+1, r.status, r.body)
		}
	}
	if r := get(t, srv, "/api/network"); r.status != http.StatusTooManyRequests {
		t.Errorf("third network within the minute: %d, want 429", r.status)
	}
	named, _ := newServer(t, api.Options{RateLimit: 20})
	for i := range 20 {
		if r := get(t, named, "/api/stats"); r.status != 200 {
			t.Fatalf("named query %d: %d", i+1, r.status)
		}
	}
}

// brokenWriter is a connection whose writes fail, as after the write deadline.
type brokenWriter struct{ header http.Header }

func (b *brokenWriter) Header() http.Header       { return b.header }
func (b *brokenWriter) WriteHeader(int)           {}
func (b *brokenWriter) Write([]byte) (int, error) { return 0, errors.New("i/o timeout") }

// TestLostAnswerIsLogged serves answers to a connection whose writes fail: the log
// says the answer was lost, with the write error, not that it was sent.
func TestLostAnswerIsLogged(t *testing.T) {
	logs := &syncBuffer{}
	st := fixtureStore(t)
	x, err := queries.NewIndex(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	h := api.New(st, api.Options{Index: x, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	for _, path := range []string{"/api/stats", "/api/v2/read?format=nquads", "/api/network"} {
		before := len(logs.String())
		h.ServeHTTP(&brokenWriter{header: http.Header{}}, httptest.NewRequest(http.MethodGet, path, nil))
		line := logs.String()[before:]
		if !strings.Contains(line, `"level":"WARN","msg":"answer lost"`) || !strings.Contains(line, `"write_error":"i/o timeout"`) {
			t.Errorf("%s: %s", path, line)
		}
	}
}
