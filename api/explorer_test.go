package api_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"annals/api"
	"annals/network"
	"annals/queries"
)

// The compact network is /api/network's projected network: the same nodes, and the
// same ties with the same weights.
func TestExplorerNetworkIsTheNetwork(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	type compact struct {
		Nodes []struct {
			ID, Label, Type string
			Legislator      bool
			Events          int
		}
		Source, Target, Weight []int
	}
	for _, q := range []string{"types=person,body&metrics=false", "types=person,body,place&from=2023-02&metrics=false", "seed=npa&depth=2&metrics=false"} {
		t.Run(q, func(t *testing.T) {
			full := decode[network.Network](t, get(t, srv, "/api/network?"+q))
			c := decode[compact](t, get(t, srv, "/api/explorer/network?"+q))
			if len(c.Nodes) != len(full.Nodes) || len(c.Source) != len(full.Edges) || len(c.Target) != len(c.Source) || len(c.Weight) != len(c.Source) {
				t.Fatalf("%d nodes, %d ties; want %d, %d", len(c.Nodes), len(c.Source), len(full.Nodes), len(full.Edges))
			}
			if len(c.Source) == 0 {
				t.Fatal("no ties: the fixture has shared events")
			}
			for i, n := range full.Nodes {
				if got := c.Nodes[i]; got.ID != n.ID || got.Label != n.Label || got.Type != string(n.Type) || got.Legislator != n.Legislator || got.Events != n.Events {
					t.Errorf("node %d: %+v, want %+v", i, got, n)
				}
			}
			for i, e := range full.Edges {
				if a, b := c.Nodes[c.Source[i]].ID, c.Nodes[c.Target[i]].ID; a != e.Source || b != e.Target || c.Weight[i] != e.Weight {
					t.Errorf("tie %d: %s—%s ×%d, want %s—%s ×%d", i, a, b, c.Weight[i], e.Source, e.Target, e.Weight)
				}
			}
		})
	}
	if r := get(t, srv, "/api/explorer/network?gizmo=g.V().All()"); r.status != http.StatusBadRequest || !strings.Contains(r.ctype, "problem+json") {
		t.Errorf("gizmo: %d %s", r.status, r.ctype)
	}
}

// A tie's events are the events behind the network's tie, each with its provenance.
func TestTiesAreTheNetworksTies(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	for _, q := range []string{"", "&from=2023-02-01&to=2023-03-31"} {
		full := decode[network.Network](t, get(t, srv, "/api/network?types=person,body&metrics=false"+q))
		if len(full.Edges) == 0 {
			t.Fatal("no ties")
		}
		for _, e := range full.Edges {
			r := get(t, srv, "/api/ties?a="+url.QueryEscape(e.Source)+"&b="+url.QueryEscape(e.Target)+q)
			tie := decode[queries.Tie](t, r)
			if r.status != 200 || tie.Total != e.Weight || len(tie.Events) != e.Weight {
				t.Errorf("%s—%s%s: %d, %d of %d events; want %d", e.Source, e.Target, q, r.status, len(tie.Events), tie.Total, e.Weight)
				continue
			}
			var want, got []string
			for _, ev := range e.Events {
				want = append(want, ev.ID)
			}
			for _, ev := range tie.Events {
				got = append(got, ev.IRI)
				if ev.Provenance.States == "" || ev.Provenance.Line == 0 || ev.Provenance.Source == "" {
					t.Errorf("%s: no provenance: %+v", ev.ID, ev.Provenance)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s—%s: events %v, want %v", e.Source, e.Target, got, want)
			}
		}
	}
	for _, bad := range []string{"/api/ties?a=npa", "/api/ties?a=npa&b=nobody-at-all", "/api/ties?a=npa&b=cfd&kind=rally", "/api/ties?a=npa&b=cfd&from=yesterday"} {
		if r := get(t, srv, bad); r.status/100 != 4 || !strings.Contains(r.ctype, "problem+json") {
			t.Errorf("%s: %d %s", bad, r.status, r.ctype)
		}
	}
}

// The histogram counts every event that passes the filters, by month or year.
func TestHistogramCountsEveryEvent(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	for _, q := range []string{"by=month", "by=year", "by=month&kind=rally", "by=month&from=2023-02&to=2023-03", "by=month&body=npa"} {
		h := decode[queries.Histogram](t, get(t, srv, "/api/events/histogram?"+q))
		filter := strings.TrimPrefix(strings.TrimPrefix(q, "by=month"), "by=year")
		evs := decode[queries.Events](t, get(t, srv, "/api/events?limit=10000"+filter))
		sum := h.Undated
		counts := map[string]int{}
		for _, b := range h.Buckets {
			sum += b.Events
			counts[b.Period] = b.Events
		}
		if h.Total != evs.Total || sum != evs.Total {
			t.Errorf("%s: total %d, buckets sum %d; /api/events has %d", q, h.Total, sum, evs.Total)
		}
		want := map[string]int{}
		for _, e := range evs.Events {
			if e.Date.Start != "" {
				want[e.Date.Start[:len(h.Buckets[0].Period)]]++
			}
		}
		for k, n := range want {
			if counts[k] != n {
				t.Errorf("%s: %s has %d, want %d", q, k, counts[k], n)
			}
		}
		for i := 1; i < len(h.Buckets); i++ {
			if h.Buckets[i].Period <= h.Buckets[i-1].Period {
				t.Errorf("%s: %s after %s", q, h.Buckets[i].Period, h.Buckets[i-1].Period)
			}
		}
	}
	if r := get(t, srv, "/api/events/histogram?by=week"); r.status != http.StatusBadRequest {
		t.Errorf("by=week: %d", r.status)
	}
}

// The map places each event at its locations with coordinates.
func TestMapPlacesTheEvents(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	for _, q := range []string{"", "from=2023-02&to=2023-03", "person=julia-brenner"} {
		m := decode[queries.EventMap](t, get(t, srv, "/api/map?"+q))
		evs := decode[queries.Events](t, get(t, srv, "/api/events?limit=10000&"+q))
		if m.Total != evs.Total || m.Located+m.Unlocated != m.Total {
			t.Errorf("%q: total %d (%d located, %d not), /api/events %d", q, m.Total, m.Located, m.Unlocated, evs.Total)
		}
		want := map[string]int{}
		for _, e := range evs.Events {
			for _, p := range e.Places {
				want[p.ID]++
			}
		}
		if len(m.Places) == 0 {
			t.Errorf("%q: no places", q)
		}
		for _, p := range m.Places {
			if p.Events != want[p.ID] || p.Lat == 0 && p.Lon == 0 {
				t.Errorf("%q: %s at (%v, %v) has %d events, want %d", q, p.Name, p.Lat, p.Lon, p.Events, want[p.ID])
			}
		}
	}
}

// The CSV downloads have every row and the provenance of each.
func TestCSVDownloadsHaveEveryRow(t *testing.T) {
	srv, _ := newServer(t, api.Options{})
	for path, total := range map[string]string{
		"/api/csv/events":                               "/api/events?limit=1",
		"/api/csv/events?kind=rally":                    "/api/events?limit=1&kind=rally",
		"/api/csv/legislators/events":                   "/api/legislators/events?limit=1",
		"/api/csv/legislators/events?participation=any": "/api/legislators/events?limit=1&participation=any",
	} {
		r := get(t, srv, path)
		recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
		n := decode[struct{ Total int }](t, get(t, srv, total)).Total
		if r.status != 200 || err != nil || len(recs)-1 != n || n == 0 {
			t.Errorf("%s: %d %v, %d rows; want %d", path, r.status, err, len(recs)-1, n)
			continue
		}
		if h := recs[0]; h[len(h)-1] != "source_states" || h[len(h)-2] != "line" {
			t.Errorf("%s: header %q lacks provenance", path, h)
		}
	}
	if r := get(t, srv, "/api/csv/events?limit=10"); r.status != http.StatusBadRequest {
		t.Errorf("limit on a full download: %d", r.status)
	}
}
