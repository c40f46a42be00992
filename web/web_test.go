package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"annals/web"

	"github.com/go-chi/chi/v5"
)

// api stands in for the API: a chi router with one route of its own under /api/ and
// one outside it, answering JSON so that the tests can tell who answered.
func api() http.Handler {
	r := chi.NewRouter()
	r.Get("/api/stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"from":"api"}`)
	})
	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"status":"ok"}`) })
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"title":"No such route"}`)
	})
	return r
}

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(web.Handler(api()))
	defer srv.Close()
	index, err := io.ReadAll(must(web.Assets().Open("index.html")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path string
		status             int
		typ                string // Content-Type prefix
		body               string // the body contains it
	}{
		{"index at /", "GET", "/", 200, "text/html", `<script type="module" src="/assets/app.js">`},
		{"a view's deep link falls back to index.html", "GET", "/network?seed=x&from=2023-01-01", 200, "text/html", `id="search"`},
		{"an unknown page falls back to index.html", "GET", "/no/such/page", 200, "text/html", `<title>annals explorer</title>`},
		{"the script", "GET", "/assets/app.js", 200, "text/javascript", "./chunk-"},
		{"the layout worker", "GET", "/assets/layout.worker.js", 200, "text/javascript", "postMessage"},
		{"the network worker", "GET", "/assets/network.worker.js", 200, "text/javascript", "fetch"},
		{"the stylesheet", "GET", "/assets/app.css", 200, "text/css", "#graph"},
		{"the licences of the bundle", "GET", "/assets/LICENSES.txt", 200, "text/plain", "Natural Earth"},
		{"a missing asset is 404, not the page", "GET", "/assets/nope.js", 404, "text/plain", "404"},
		{"API routes go to the API", "GET", "/api/stats", 200, "application/json", `"from":"api"`},
		{"API routes outside /api/ too", "GET", "/healthz", 200, "", `"status":"ok"`},
		{"unknown API paths get the API's 404", "GET", "/api/nope", 404, "application/problem+json", "No such route"},
		{"writes go to the API", "POST", "/network", 404, "application/problem+json", "No such route"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, tc.typ) {
				t.Errorf("Content-Type %q, want %q…", got, tc.typ)
			}
			if !strings.Contains(string(body), tc.body) {
				t.Errorf("body does not contain %q:\n%.300s", tc.body, body)
			}
			if tc.typ == "text/html" && string(body) != string(index) {
				t.Errorf("page is not the embedded index.html")
			}
		})
	}
}

// TestWorkerPolicy: a web worker runs under its script's Content-Security-Policy; the
// workers may fetch from the app's origin (the network worker loads the network) and
// nothing else, and the page's policy is not theirs.
func TestWorkerPolicy(t *testing.T) {
	srv := httptest.NewServer(web.Handler(api()))
	defer srv.Close()
	for _, name := range []string{"network.worker.js", "layout.worker.js"} {
		res, err := http.Get(srv.URL + "/assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got, want := res.Header.Get("Content-Security-Policy"), "default-src 'none'; connect-src 'self'"; got != want {
			t.Errorf("%s: Content-Security-Policy %q, want %q", name, got, want)
		}
	}
	res, err := http.Get(srv.URL + "/assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Content-Security-Policy"); got != "" {
		t.Errorf("app.js: Content-Security-Policy %q, want none of the handler's own", got)
	}
}

// TestHead: HEAD of a page answers its headers and no body.
func TestHead(t *testing.T) {
	srv := httptest.NewServer(web.Handler(api()))
	defer srv.Close()
	res, err := http.Head(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || len(body) != 0 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("HEAD /events: %d %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
}

// TestAssetsSelfContained: the page loads nothing from another origin (no CDN).
func TestAssetsSelfContained(t *testing.T) {
	index, err := io.ReadAll(must(web.Assets().Open("index.html")))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http://", "https://", "//cdn"} {
		if strings.Contains(string(index), bad) {
			t.Errorf("index.html refers to %q: the explorer must work offline", bad)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
