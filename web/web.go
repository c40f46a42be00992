// Package web serves the explorer: a single-page app over the HTTP API, built from
// web/ui with npm and embedded here (web/dist), so the binary needs nothing else.
//
// Handler puts the app in front of the API: the API's own routes win, files of the
// build are served as they are, and any other page path gets index.html, so that a
// deep link such as /network?seed=… opens the app in that state.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/go-chi/chi/v5"
)

//go:embed dist
var dist embed.FS

// Assets returns the built app: index.html at its root, the scripts and styles under
// assets/.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Handler serves the explorer in front of api. A request goes to api when api's
// routes match it (api implements chi.Routes) or when its path is under /api/ or it is
// not a GET or HEAD; otherwise a file of the build is served, and any other path gets
// index.html (the app reads its state from the URL).
func Handler(api http.Handler) http.Handler {
	assets := Assets()
	files := http.FileServer(http.FS(assets))
	routes, _ := api.(chi.Routes)
	index, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		panic("web: the build has no index.html: " + err.Error())
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		isPage := r.Method == http.MethodGet || r.Method == http.MethodHead
		if !isPage || strings.HasPrefix(p, "/api/") || p == "/api" ||
			(routes != nil && routes.Match(chi.NewRouteContext(), r.Method, p)) {
			api.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if name := strings.TrimPrefix(path.Clean(p), "/"); name != "" && name != "index.html" {
			if st, err := fs.Stat(assets, name); err == nil && !st.IsDir() {
				if strings.HasSuffix(name, ".worker.js") {
					// A worker runs under its own script's policy: it may fetch from the
					// API (the network worker does), nothing else.
					w.Header().Set("Content-Security-Policy", workerCSP)
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(name) != "" && strings.HasPrefix(name, "assets/") {
				http.NotFound(w, r) // a missing script or style is an error, not the app
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", csp)
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(index)
		}
	})
}

// csp keeps the page to its own origin: the app loads nothing from elsewhere.
const csp = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

// workerCSP is the policy of the app's web workers: requests to its own origin only.
const workerCSP = "default-src 'none'; connect-src 'self'"
