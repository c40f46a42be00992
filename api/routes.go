package api

import (
	"net/http"
	"strconv"

	"annals/export"
	"annals/network"
	"annals/queries"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// routes is the whole API at a glance.
func (s *server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(SecurityHeaders, middleware.RequestID, s.logRequests, s.recoverPanics, s.cors(), s.limitBody)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)

	r.Group(func(r chi.Router) {
		r.Use(s.rateLimit())
		r.Group(func(r chi.Router) {
			// A body is read whole before anything is held; on the memory store,
			// reads then run while no write of this server is being applied.
			r.Use(s.readBody, s.readView)
			r.Get("/openapi.json", s.openAPI)

			for _, rt := range namedRoutes {
				r.Get(rt.Path, s.named(rt))
			}

			// Subgraphs of the graph and their files (packages network and export),
			// under the query policy (isolate.go).
			r.Method(http.MethodGet, "/api/network", s.bounded(network.Handler(s.store)))
			r.Method(http.MethodGet, "/api/export", s.bounded(export.Handler(s.store)))
			s.explorerRoutes(r) // what the web explorer needs (explorer.go)

			// Cayley's own API: existing Cayley clients and its web UI work as is.
			// Queries run under the time limit, the result limit and the cap on
			// queries running at once.
			r.Group(func(r chi.Router) {
				r.Use(s.limitQueries)
				r.Get("/api/v2/query", s.cayleyQuery)
				r.Post("/api/v2/query", s.cayleyQuery)
				r.Post("/api/v1/query/{lang}", s.v1Query)
			})
			r.Method(http.MethodGet, "/api/v2/read", s.streamed(http.HandlerFunc(s.cayleyRead)))
			r.Method(http.MethodPost, "/api/v2/read", s.streamed(http.HandlerFunc(s.cayleyRead)))
			r.Get("/api/v2/formats", s.cayleyRead)
		})

		// Writes need the write token given at start; without one the server is
		// read-only.
		r.Group(func(r chi.Router) {
			r.Use(s.requireWriteToken)
			r.Post("/api/v2/write", s.writeQuads)
			r.Post("/api/v2/delete", s.deleteQuads)
			r.Post("/api/v2/node/delete", s.deleteNode)
			r.Post("/api/v1/write", s.v1Write(s.writeQuads))
			r.Post("/api/v1/delete", s.v1Write(s.deleteQuads))
			r.Post("/api/load", s.load)
		})
	})
	return r
}

// namedRoute is a named query served at a path, with the URL parameters it reads.
type namedRoute struct {
	Path    string
	Summary string
	Query   queries.Func
	// ID is the name of the path parameter ("id") the query reads as Params.ID.
	ID     string
	Params []param
}

// param is a URL query parameter and where it goes in queries.Params.
type param struct {
	Name string
	Doc  string
	Int  bool
	set  func(p *queries.Params, v string)
	setN func(p *queries.Params, n int)
}

func str(name, doc string, set func(*queries.Params, string)) param {
	return param{Name: name, Doc: doc, set: set}
}

func num(name, doc string, set func(*queries.Params, int)) param {
	return param{Name: name, Doc: doc, Int: true, setN: set}
}

var (
	pPerson  = str("person", "a person: ID, name or alias", func(p *queries.Params, v string) { p.Person = v })
	pBody    = str("body", "a body: ID, name or alias", func(p *queries.Params, v string) { p.Body = v })
	pPlace   = str("place", "a place: ID (GeoNames number), name or alias", func(p *queries.Params, v string) { p.Place = v })
	pCountry = str("country", "a country name", func(p *queries.Params, v string) { p.Country = v })
	pEvent   = str("event", "an event ID", func(p *queries.Params, v string) { p.Event = v })
	pFrom    = str("from", "events ending on or after: YYYY-MM-DD, YYYY-MM or YYYY", func(p *queries.Params, v string) { p.From = v })
	pTo      = str("to", "events starting on or before: YYYY-MM-DD, YYYY-MM or YYYY", func(p *queries.Params, v string) { p.To = v })
	pKind    = str("kind", "event kind: conference, rally, statement, ...", func(p *queries.Params, v string) { p.Kind = v })
	pText    = str("q", "words of the entry's text, all required", func(p *queries.Params, v string) { p.Text = v })
	pLimit   = num("limit", "rows per page", func(p *queries.Params, n int) { p.Limit = n })
	pOffset  = num("offset", "rows to skip", func(p *queries.Params, n int) { p.Offset = n })
	pFormat  = str("format", "json (default) or csv; or send Accept: text/csv", nil)
)

var eventFilters = []param{pPerson, pBody, pPlace, pCountry, pEvent, pFrom, pTo, pKind, pText}

// namedRoutes are the named queries of package queries, one route each.
var namedRoutes = []namedRoute{
	{Path: "/api/legislators/events", Summary: "Legislators × events: who, role, date, kind, place and the sentence stating it",
		Query: queries.LegislatorEventsQuery,
		Params: append(append([]param{}, eventFilters...),
			str("participation", "attended (default), mentioned or any", func(p *queries.Params, v string) { p.Participation = v }),
			pLimit, pOffset, pFormat)},
	{Path: "/api/legislators/groups", Summary: "Legislators of the events that pass the filters, grouped by parliament (default) or country, each with the membership placing them there and its source",
		Query: queries.LegislatorGroupsQuery,
		Params: append(append([]param{}, eventFilters...),
			str("by", "parliament (default) or country", func(p *queries.Params, v string) { p.By = v }),
			str("participation", "attended (default), mentioned or any", func(p *queries.Params, v string) { p.Participation = v }),
			pLimit, pOffset, pFormat)},
	{Path: "/api/venues/events", Summary: "What happened at a place or in a country, by venue (never by mere mention), grouped by venue",
		Query: queries.VenueEventsQuery, Params: []param{
			str("place", "a place: ID (GeoNames number, country:NAME), name or alias (required)", func(p *queries.Params, v string) { p.Place = v }),
			pFrom, pTo, pKind, pLimit, pOffset, pFormat}},
	{Path: "/api/venues", Summary: "Where a person's or a body's events took place, grouped by venue",
		Query: queries.VenuesQuery, Params: []param{
			str("actor", "a person or body: ID, name or alias (required)", func(p *queries.Params, v string) { p.Actor = v }),
			pFrom, pTo, pKind, pLimit, pOffset, pFormat}},
	{Path: "/api/events", Summary: "Events by date range, place, person, body, country, kind and words",
		Query: queries.EventsQuery, Params: append(append([]param{}, eventFilters...), pLimit, pOffset, pFormat)},
	{Path: "/api/events/{id}", Summary: "One event with every fact its entry states",
		Query: queries.EventQuery, ID: "id", Params: []param{pFormat}},
	{Path: "/api/people/{id}", Summary: "Profile of a person: aliases, roles, memberships, countries, events, counts",
		Query: queries.PersonQuery, ID: "id", Params: []param{pLimit, pOffset, pFormat}},
	{Path: "/api/bodies/{id}", Summary: "Profile of a body: aliases, country, parent body, parts, members, events, counts",
		Query: queries.BodyQuery, ID: "id", Params: []param{pLimit, pOffset, pFormat}},
	{Path: "/api/places/{id}", Summary: "Profile of a place: country, coordinates, events, counts",
		Query: queries.PlaceQuery, ID: "id", Params: []param{pLimit, pOffset, pFormat}},
	{Path: "/api/coappearance", Summary: "People and bodies sharing events with an actor, weighted by shared events",
		Query: queries.CoAppearanceQuery, Params: []param{
			str("actor", "a person or body: ID, name or alias (required)", func(p *queries.Params, v string) { p.Actor = v }),
			str("with", "people, bodies or all (default)", func(p *queries.Params, v string) { p.With = v }),
			str("participation", "any (default) or attended", func(p *queries.Params, v string) { p.Participation = v }),
			pLimit, pOffset, pFormat}},
	{Path: "/api/path", Summary: "Shortest connection between two actors through shared events",
		Query: queries.PathQuery, Params: []param{
			str("from", "a person or body (required)", func(p *queries.Params, v string) { p.Actor = v }),
			str("to", "a person or body (required)", func(p *queries.Params, v string) { p.Other = v }),
			num("max_hops", "longest connection searched (default 6)", func(p *queries.Params, n int) { p.MaxHops = n }),
			pFormat}},
	{Path: "/api/stats", Summary: "Counts by type, date span, documents loaded",
		Query: queries.StatsQuery, Params: []param{pFormat}},
	{Path: "/api/search", Summary: "Autocomplete over people, bodies and places, aliases included",
		Query: queries.SearchQuery, Params: []param{
			str("q", "the text typed so far (required)", func(p *queries.Params, v string) { p.Text = v }),
			str("type", "person, body or place", func(p *queries.Params, v string) { p.Kind = v }),
			pLimit, pFormat}},
}

// bind reads a request's parameters into queries.Params; unknown parameters are an
// error rather than silently ignored (a typo would otherwise widen the answer).
func (rt namedRoute) bind(r *http.Request) (queries.Params, error) {
	var p queries.Params
	if rt.ID != "" {
		p.ID = chi.URLParam(r, rt.ID)
	}
	q := r.URL.Query()
	for name, vals := range q {
		var spec *param
		for i := range rt.Params {
			if rt.Params[i].Name == name {
				spec = &rt.Params[i]
			}
		}
		if spec == nil {
			return p, &queries.ParamError{Param: name, Value: q.Get(name), Reason: "unknown parameter; see /openapi.json"}
		}
		v := vals[len(vals)-1]
		switch {
		case spec.Int:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return p, &queries.ParamError{Param: name, Value: v, Reason: "must be a non-negative integer"}
			}
			spec.setN(&p, n)
		case spec.set != nil:
			spec.set(&p, v)
		}
	}
	return p, nil
}
