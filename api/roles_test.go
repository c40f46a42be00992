package api_test

import (
	"annals/internal/testgraph"
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"annals/api"
	"annals/queries"
)

// rolesServer serves ../queries/testdata/roles-v2.jsonl: entries in record format
// version 2, with venues, memberships, parent bodies and countries.
func rolesServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := testgraph.Memory(t, "../queries/testdata/roles-v2.jsonl")
	x, err := queries.NewIndex(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(s, api.Options{Index: x, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRoleRoutes(t *testing.T) {
	srv := rolesServer(t)

	t.Run("which parliaments' members attended an event", func(t *testing.T) {
		r := get(t, srv, "/api/legislators/groups?event=roles-v2-txt:L2")
		g := decode[queries.LegislatorGroups](t, r)
		if r.status != 200 || g.By != "parliament" || g.Total != 2 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		for _, gr := range g.Groups {
			l := gr.Legislators[0]
			if gr.Group == nil || l.Via == nil || l.Via.Provenance.Line != 2 || !strings.HasPrefix(l.Events[0].Provenance.States, "March 5 – At a conference") {
				t.Errorf("group %+v", gr)
			}
		}
	})
	t.Run("legislators by country", func(t *testing.T) {
		g := decode[queries.LegislatorGroups](t, get(t, srv, "/api/legislators/groups?by=country&from=2024-04&to=2024-04"))
		var names []string
		for _, gr := range g.Groups {
			names = append(names, gr.Group.Name)
		}
		if strings.Join(names, ",") != "Italy,Slovenia,United Kingdom" {
			t.Errorf("countries %v", names)
		}
	})
	t.Run("events in a country by venue", func(t *testing.T) {
		v := decode[queries.Venues](t, get(t, srv, "/api/venues/events?place=country:italy"))
		if v.Events != 3 || len(v.Groups) != 2 || v.Groups[0].Place.Name != "Rome" || len(v.Groups[0].Events) != 2 {
			t.Errorf("%+v", v)
		}
	})
	t.Run("where a person's events took place", func(t *testing.T) {
		v := decode[queries.Venues](t, get(t, srv, "/api/venues?actor=Jane+Roe"))
		if len(v.Groups) != 1 || v.Groups[0].Place.Name != "Tirana" || v.Groups[0].Events[0].Relation != "attended" {
			t.Errorf("%+v", v)
		}
	})
	t.Run("a body's profile by an ID with its country and parent", func(t *testing.T) {
		r := get(t, srv, "/api/bodies/senate--of-parliament--in-italy")
		p := decode[queries.Profile](t, r)
		if r.status != 200 || p.Name != "Italian Senate" || len(p.Parents) != 1 || len(p.Countries) != 1 || len(p.Members) != 1 {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("a bad grouping is a problem", func(t *testing.T) {
		r := get(t, srv, "/api/legislators/groups?by=party")
		if r.status != http.StatusBadRequest || !strings.Contains(r.ctype, "problem+json") || !strings.Contains(string(r.body), "parliament or country") {
			t.Errorf("%d %s %s", r.status, r.ctype, r.body)
		}
	})
	t.Run("a venue query without a place is a problem", func(t *testing.T) {
		if r := get(t, srv, "/api/venues/events"); r.status != http.StatusBadRequest {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	for _, path := range []string{"/api/legislators/groups", "/api/venues/events?place=Italy", "/api/venues?actor=Lucia+Bianchi"} {
		t.Run("csv "+path, func(t *testing.T) {
			r := do(t, http.MethodGet, srv.URL+path, "", "Accept", "text/csv")
			recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
			if r.status != 200 || err != nil || len(recs) < 2 {
				t.Fatalf("%d %v %q", r.status, err, r.body)
			}
			if h := recs[0]; h[len(h)-1] != "source_states" || recs[1][len(h)-1] == "" {
				t.Errorf("header %q, first row %q: no provenance", h, recs[1])
			}
		})
	}
}
