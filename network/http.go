package network

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"annals/graph"
)

// QueryParams documents the URL parameters of /api/network and /api/export, for the
// API's OpenAPI description.
var QueryParams = map[string]string{
	"seed":         "ego network of this actor: name, alias or IRI (repeatable)",
	"depth":        "radius of the ego network in co-appearance hops (default 1)",
	"from":         "events ending on or after: YYYY-MM-DD, YYYY-MM or YYYY",
	"to":           "events starting on or before: YYYY-MM-DD, YYYY-MM or YYYY",
	"types":        "node types to keep: people,bodies,places,events",
	"legislators":  "true: keep only legislators and legislative bodies",
	"participants": "true: count people only where they took part",
	"min_weight":   "drop ties of fewer shared events",
	"gizmo":        "keep the nodes this Gizmo query returns",
	"view":         "projected (default) or bipartite",
	"metrics":      "false: leave out the analytics; true or all (default): every metric. /api/network also takes a list of degree,components,pagerank,communities,betweenness and computes only those. Betweenness is omitted above analytics.betweenness_max nodes, communities above analytics.communities_max",
	"path_to":      "/api/network only: shortest connections from the first seed to this actor",
}

// ParseQuery reads a selection, a view and the metrics switch from URL parameters
// (see QueryParams). Errors wrap ErrBadSelection and name the parameter.
func ParseQuery(q url.Values) (Selection, View, bool, error) {
	sel := Selection{Seeds: q["seed"], From: q.Get("from"), To: q.Get("to"), Gizmo: q.Get("gizmo"), Depth: 1}
	var err error
	num := func(name string, dst *int) {
		if v := q.Get(name); v != "" && err == nil {
			n, perr := strconv.Atoi(v)
			if perr != nil {
				err = fmt.Errorf("%w: %s=%q is not a number", ErrBadSelection, name, v)
			}
			*dst = n
		}
	}
	flag := func(name string, dst *bool) {
		if v := q.Get(name); v != "" && err == nil {
			b, perr := strconv.ParseBool(v)
			if perr != nil {
				err = fmt.Errorf("%w: %s=%q is not true or false", ErrBadSelection, name, v)
			}
			*dst = b
		}
	}
	metrics := true
	num("depth", &sel.Depth)
	num("min_weight", &sel.MinWeight)
	flag("legislators", &sel.Legislators)
	flag("participants", &sel.Participants)
	flag("metrics", &metrics)
	if err != nil {
		return sel, "", false, err
	}
	if sel.Types, err = ParseTypes(q.Get("types")); err != nil {
		return sel, "", false, err
	}
	view := View(strings.ToLower(q.Get("view")))
	switch view {
	case "":
		view = Projected
	case Projected, Bipartite:
	default:
		return sel, "", false, fmt.Errorf("%w: view=%q (want projected or bipartite)", ErrBadSelection, q.Get("view"))
	}
	return sel, view, metrics, sel.Validate()
}

// ParseMetrics reads the metrics parameter: "", "true" or "all" ask for every metric
// (nil), "false" for none, otherwise a comma-separated list of Metric names.
func ParseMetrics(v string) (on bool, list []Metric, err error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "all":
		return true, nil, nil
	}
	if b, perr := strconv.ParseBool(v); perr == nil {
		return b, nil, nil
	}
	for _, name := range strings.Split(v, ",") {
		m := Metric(strings.ToLower(strings.TrimSpace(name)))
		if m == "" {
			continue
		}
		if !slices.Contains(AllMetrics, m) {
			return false, nil, fmt.Errorf("%w: metrics=%q: unknown metric %q (want true, false, all or a list of %v)", ErrBadSelection, v, m, AllMetrics)
		}
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return len(list) > 0, list, nil
}

// parseNetworkQuery is ParseQuery with /api/network's list of metrics.
func parseNetworkQuery(q url.Values) (Selection, View, bool, []Metric, error) {
	on, list, err := ParseMetrics(q.Get("metrics"))
	if err != nil {
		return Selection{}, "", false, nil, err
	}
	rest := url.Values{}
	for k, v := range q {
		if k != "metrics" {
			rest[k] = v
		}
	}
	sel, view, _, err := ParseQuery(rest)
	return sel, view, on, list, err
}

// Handler serves /api/network: GET with the parameters of QueryParams answers the
// network as JSON (see Network); with path_to, the shortest connections (see Path).
func Handler(st *graph.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sel, view, metrics, list, err := parseNetworkQuery(r.URL.Query())
		if err != nil {
			WriteProblem(w, r, err)
			return
		}
		target := strings.TrimSpace(r.URL.Query().Get("path_to"))
		if target != "" {
			if len(sel.Seeds) == 0 {
				WriteProblem(w, r, fmt.Errorf("%w: path_to needs a seed to start from", ErrBadSelection))
				return
			}
			sel.Seeds = append(sel.Seeds, target)
			view = Projected
		}
		sub, err := SelectStore(r.Context(), st, sel, 0)
		if err != nil {
			WriteProblem(w, r, err)
			return
		}
		var opts *Options
		if metrics && target == "" {
			o := DefaultOptions
			o.Metrics = list
			opts = &o
		}
		n, err := sub.ViewContext(r.Context(), view, opts)
		if err != nil {
			WriteProblem(w, r, err)
			return
		}
		if target != "" {
			seeds := sub.Seeds()
			paths, err := ShortestPaths(n, seeds[0], seeds[len(seeds)-1], 10)
			if err != nil {
				WriteProblem(w, r, err)
				return
			}
			writeJSON(w, map[string]any{"from": seeds[0], "to": seeds[len(seeds)-1], "paths": paths})
			return
		}
		writeJSON(w, n)
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// ProblemBase is the base of the type URIs of the problems these handlers answer,
// the same as the rest of the API's.
const ProblemBase = "https://annals.dev/problems/"

// problem is an RFC 9457 problem details object.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	Error    string `json:"error,omitempty"`
}

// WriteProblem answers an error of a selection, a view or an export as
// application/problem+json with its 4xx status (5xx for failures of the server).
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problem{Type: "internal", Title: "Internal error", Status: http.StatusInternalServerError}
	switch {
	case errors.Is(err, ErrUnknownActor):
		p = problem{Type: "unknown-actor", Title: "Unknown actor", Status: http.StatusNotFound}
	case errors.Is(err, ErrAmbiguousActor):
		p = problem{Type: "ambiguous-actor", Title: "Ambiguous actor", Status: http.StatusBadRequest}
	case errors.Is(err, ErrBadQuery):
		p = problem{Type: "bad-query", Title: "Bad Gizmo query", Status: http.StatusBadRequest}
	case errors.Is(err, ErrBadSelection) && strings.Contains(err.Error(), "date"):
		p = problem{Type: "bad-date", Title: "Bad date", Status: http.StatusBadRequest}
	case errors.Is(err, ErrBadSelection):
		p = problem{Type: "bad-parameter", Title: "Bad parameter", Status: http.StatusBadRequest}
	case errors.Is(err, context.DeadlineExceeded):
		p = problem{Type: "timeout", Title: "Query timed out", Status: http.StatusServiceUnavailable}
	case errors.Is(err, context.Canceled):
		p = problem{Type: "canceled", Title: "Request canceled", Status: http.StatusRequestTimeout}
	}
	p.Type = ProblemBase + p.Type
	p.Detail = err.Error()
	p.Error = p.Detail
	p.Instance = r.URL.RequestURI()
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(p)
}
