package api

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"sync"
	"time"

	"annals/network"
	"annals/queries"

	"github.com/go-chi/chi/v5"
)

// explorer serves what the web explorer needs beyond the named queries: the network in
// a compact form, a histogram of all events for the timeline, the events at places for
// the map, a tie's shared events in one request, and CSV files of every row.
type explorer struct {
	s *server

	mu    sync.Mutex
	built time.Time // the query index the snapshot was read with
	snap  *network.Snapshot
}

// explorerRoutes adds the explorer's routes to r.
func (s *server) explorerRoutes(r chi.Router) {
	ex := &explorer{s: s}
	// The whole network is a whole-graph computation: under the query policy (isolate.go).
	r.Method(http.MethodGet, "/api/explorer/network", s.bounded(http.HandlerFunc(ex.network)))
	r.Get("/api/events/histogram", ex.histogram)
	r.Get("/api/map", ex.eventMap)
	r.Get("/api/ties", ex.tie)
	r.Get("/api/csv/events", ex.csv("/api/events", 10000))
	r.Get("/api/csv/legislators/events", ex.csv("/api/legislators/events", 10000))
}

// explorerDocs lists the explorer's routes for the OpenAPI description.
var explorerDocs = []struct{ Path, Summary string }{
	{"/api/explorer/network", "The co-appearance network as compact arrays (nodes; ties as source, target and weight indexes), parameters of /api/network"},
	{"/api/events/histogram", "Events per year or month (by=year|month) over all events that pass the filters of /api/events"},
	{"/api/map", "Places with coordinates of the events that pass the filters of /api/events, with their event counts"},
	{"/api/ties", "The events two actors (a, b) share, each with what the source states; from, to, limit, offset"},
	{"/api/csv/events", "Every event that passes the filters of /api/events as CSV, streamed (no row limit)"},
	{"/api/csv/legislators/events", "Every row of /api/legislators/events as CSV, streamed (no row limit)"},
}

// index is the query index, or false after answering 503 while it is being built.
func (ex *explorer) index(w http.ResponseWriter, r *http.Request) (*queries.Index, bool) {
	x := ex.s.index.Load()
	if x == nil {
		ex.s.problem(w, r, &Problem{Type: "not-ready", Title: "Not ready", Status: http.StatusServiceUnavailable,
			Detail: "the query index is being built; retry shortly"})
	}
	return x, x != nil
}

// snapshot is the network snapshot of the store, read again only after the query
// index was rebuilt (a load or a write): reading it costs a pass over every quad.
func (ex *explorer) snapshot(ctx context.Context, x *queries.Index) (*network.Snapshot, error) {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	if ex.snap != nil && ex.built.Equal(x.Built()) {
		return ex.snap, nil
	}
	built := x.Built()
	snap, err := network.Load(ctx, ex.s.store)
	if err != nil {
		return nil, err
	}
	ex.snap, ex.built = snap, built
	return snap, nil
}

// compactNetwork is a co-appearance network in the fewest bytes the explorer draws
// from: a node's ties and their events are fetched when asked for (/api/ties).
type compactNetwork struct {
	Nodes []compactNode `json:"nodes"`
	// Ties are parallel arrays: tie i links Nodes[Source[i]] and Nodes[Target[i]]
	// through Weight[i] shared events.
	Source  []int            `json:"source"`
	Target  []int            `json:"target"`
	Weight  []int            `json:"weight"`
	Summary *network.Summary `json:"summary,omitempty"`
}

type compactNode struct {
	ID         string           `json:"id"`
	Label      string           `json:"label"`
	Type       network.NodeType `json:"type"`
	Legislator bool             `json:"legislator,omitempty"`
	Events     int              `json:"events"`
	// Start and End are the node's first and last event in view.
	Start   string           `json:"start,omitempty"`
	End     string           `json:"end,omitempty"`
	Metrics *network.Metrics `json:"metrics,omitempty"`
}

func (ex *explorer) network(w http.ResponseWriter, r *http.Request) {
	x, ok := ex.index(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	if q.Get("gizmo") != "" || q.Get("path_to") != "" || q.Get("view") != "" {
		ex.s.fail(w, r, &queries.ParamError{Param: "view", Reason: "gizmo, path_to and view are for /api/network; this route serves the projected network"})
		return
	}
	sel, _, metrics, err := network.ParseQuery(q)
	if err != nil {
		network.WriteProblem(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 4*ex.s.opts.QueryTimeout)
	defer cancel()
	snap, err := ex.snapshot(ctx, x)
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	sub, err := network.Select(snap, sel, nil)
	if err != nil {
		network.WriteProblem(w, r, err)
		return
	}
	var opts *network.Options
	if metrics {
		o := network.DefaultOptions
		opts = &o
	}
	n, err := sub.ViewContext(ctx, network.Projected, opts)
	if err != nil {
		network.WriteProblem(w, r, err)
		return
	}
	out := compactNetwork{Nodes: make([]compactNode, len(n.Nodes)), Summary: n.Summary,
		Source: make([]int, len(n.Edges)), Target: make([]int, len(n.Edges)), Weight: make([]int, len(n.Edges))}
	at := make(map[string]int, len(n.Nodes))
	for i, nd := range n.Nodes {
		at[nd.ID] = i
		out.Nodes[i] = compactNode{ID: nd.ID, Label: nd.Label, Type: nd.Type, Legislator: nd.Legislator, Events: nd.Events,
			Start: nd.Start, End: nd.End, Metrics: nd.Metrics}
	}
	for i, e := range n.Edges {
		out.Source[i], out.Target[i], out.Weight[i] = at[e.Source], at[e.Target], e.Weight
	}
	writeJSON(w, http.StatusOK, out)
}

// eventParams binds the filters of /api/events (and limit, offset) from r.
func eventParams(r *http.Request, x *queries.Index, extra ...string) (queries.Params, error) {
	rt := *routeOf("/api/events")
	q := r.URL.Query()
	for _, name := range extra {
		q.Del(name)
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	p, err := rt.bind(r2)
	p.Index = x
	return p, err
}

func routeOf(path string) *namedRoute {
	for i := range namedRoutes {
		if namedRoutes[i].Path == path {
			return &namedRoutes[i]
		}
	}
	panic("api: no named route " + path)
}

func (ex *explorer) histogram(w http.ResponseWriter, r *http.Request) {
	x, ok := ex.index(w, r)
	if !ok {
		return
	}
	p, err := eventParams(r, x, "by")
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "month"
	}
	ctx, cancel := context.WithTimeout(r.Context(), ex.s.opts.QueryTimeout)
	defer cancel()
	h, err := queries.HistogramQuery(ctx, ex.s.store, p, by)
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

func (ex *explorer) eventMap(w http.ResponseWriter, r *http.Request) {
	x, ok := ex.index(w, r)
	if !ok {
		return
	}
	p, err := eventParams(r, x)
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ex.s.opts.QueryTimeout)
	defer cancel()
	m, err := queries.EventMapQuery(ctx, ex.s.store, p)
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (ex *explorer) tie(w http.ResponseWriter, r *http.Request) {
	x, ok := ex.index(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	p, err := eventParams(r, x, "a", "b")
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	if p.Person != "" || p.Body != "" || p.Place != "" || p.Country != "" || p.Event != "" || p.Kind != "" || p.Text != "" {
		ex.s.fail(w, r, &queries.ParamError{Param: "a", Reason: "a tie takes a, b, from, to, limit and offset only"})
		return
	}
	p.Actor, p.Other = strings.TrimSpace(q.Get("a")), strings.TrimSpace(q.Get("b"))
	ctx, cancel := context.WithTimeout(r.Context(), ex.s.opts.QueryTimeout)
	defer cancel()
	t, err := queries.TieQuery(ctx, ex.s.store, p)
	if err != nil {
		ex.s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// csv streams every row of a named query as CSV, page rows at a time (at most the
// query's own page limit), so that a download is never cut at that limit.
func (ex *explorer) csv(path string, page int) http.HandlerFunc {
	rt := routeOf(path)
	return func(w http.ResponseWriter, r *http.Request) {
		x, ok := ex.index(w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		if q.Has("limit") || q.Has("offset") || q.Has("format") {
			ex.s.fail(w, r, &queries.ParamError{Param: "limit", Reason: "a CSV download has every row: leave out limit, offset and format"})
			return
		}
		p, err := rt.bind(r)
		if err != nil {
			ex.s.fail(w, r, err)
			return
		}
		p.Index, p.Limit = x, page
		var cw *csv.Writer
		for {
			ctx, cancel := context.WithTimeout(r.Context(), ex.s.opts.QueryTimeout)
			res, err := rt.Query(ctx, ex.s.store, p)
			cancel()
			if err != nil {
				if cw == nil {
					ex.s.fail(w, r, err)
				} else {
					// The header is sent: the client sees a CSV cut short and the log says why.
					ex.s.log.Error("csv download stopped", "path", r.URL.Path, "err", err)
				}
				return
			}
			header, rows := Table(res)
			if cw == nil {
				name := strings.TrimPrefix(strings.ReplaceAll(path, "/", "-"), "-api-")
				w.Header().Set("Content-Type", "text/csv; charset=utf-8")
				w.Header().Set("Content-Disposition", `attachment; filename="annals-`+name+`.csv"`)
				cw = csv.NewWriter(w)
				_ = cw.Write(header)
			}
			_ = cw.WriteAll(rows) // flushes
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
			if len(rows) < page || r.Context().Err() != nil {
				return
			}
			p.Offset += page
		}
	}
}
