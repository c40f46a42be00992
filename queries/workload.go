package queries

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
)

// Request is one named query drawn by a Workload: its parameters for the Func, and the
// same request as a path of the HTTP API.
type Request struct {
	Kind   string // one of WorkloadKinds
	Func   Func
	Params Params
	Path   string // "/api/people/jane-doe", with its query string
}

// WorkloadKinds are the requests a Workload draws: the named queries an analyst runs
// most, each with the parameters drawn as users meet them.
var WorkloadKinds = []string{
	"legislators-of-event", // /api/legislators/events?event=: who of an event is a legislator
	"person-profile",       // /api/people/{id}
	"place-profile",        // /api/places/{id}
	"coappearance",         // /api/coappearance?actor=
	"event",                // /api/events/{id}
	"events-of-month",      // /api/events?from=YYYY-MM&to=YYYY-MM
	"search",               // /api/search?q=: autocomplete on a name's first letters
}

// Workload draws requests over the graph an Index describes, for benchmarks and load
// tests. Actors are drawn as users meet them, a random person of a random event, so
// the actors the sources cite most come up as often as they are cited; events, months
// and places likewise come from a random event.
type Workload struct {
	snap *snapshot
}

// Workload is a workload over the index's current snapshot. It fails on a graph
// without events.
func (x *Index) Workload() (*Workload, error) {
	snap := x.get()
	if len(snap.byDate) == 0 {
		return nil, errors.New("queries: workload: the graph has no events")
	}
	return &Workload{snap: snap}, nil
}

// Draw draws a request of the given kind (one of WorkloadKinds).
func (w *Workload) Draw(kind string, rng *rand.Rand) (Request, error) {
	ev := w.event(rng)
	id := IDOf(ev.iri)
	switch kind {
	case "legislators-of-event":
		return Request{kind, LegislatorEventsQuery, Params{Event: id},
			"/api/legislators/events?event=" + url.QueryEscape(id)}, nil
	case "person-profile":
		p := IDOf(w.person(rng).iri)
		return Request{kind, PersonQuery, Params{ID: p}, "/api/people/" + url.PathEscape(p)}, nil
	case "place-profile":
		pl := w.place(rng)
		return Request{kind, PlaceQuery, Params{ID: pl}, "/api/places/" + url.PathEscape(pl)}, nil
	case "coappearance":
		p := IDOf(w.person(rng).iri)
		return Request{kind, CoAppearanceQuery, Params{Actor: p}, "/api/coappearance?actor=" + url.QueryEscape(p)}, nil
	case "event":
		return Request{kind, EventQuery, Params{ID: id}, "/api/events/" + url.PathEscape(id)}, nil
	case "events-of-month":
		m := ev.start[:min(7, len(ev.start))]
		return Request{kind, EventsQuery, Params{From: m, To: m},
			"/api/events?from=" + url.QueryEscape(m) + "&to=" + url.QueryEscape(m)}, nil
	case "search":
		name := w.person(rng).name
		q := name[:min(len(name), 3+rng.IntN(6))]
		return Request{kind, SearchQuery, Params{Text: q, Limit: 10}, "/api/search?q=" + url.QueryEscape(q) + "&limit=10"}, nil
	}
	return Request{}, fmt.Errorf("queries: workload: no request kind %q", kind)
}

// event is a random event.
func (w *Workload) event(rng *rand.Rand) *eventInfo {
	return w.snap.byDate[rng.IntN(len(w.snap.byDate))]
}

// person is a random person of a random event that cites one.
func (w *Workload) person(rng *rand.Rand) *entity {
	for range 1000 {
		ev := w.event(rng)
		var people []*entity
		for _, c := range ev.actors {
			if c.actor.typ == TypePerson {
				people = append(people, c.actor)
			}
		}
		if len(people) > 0 {
			return people[rng.IntN(len(people))]
		}
	}
	// Almost no event cites a person: take any person, or failing that any actor.
	var any *entity
	for _, e := range w.snap.entities {
		if e.typ == TypePerson {
			return e
		}
		if any == nil && (e.typ == TypeBody || e.typ == TypePlace) {
			any = e
		}
	}
	if any == nil {
		any = &entity{}
	}
	return any
}

// place is the ID of a random place of a random event that has one.
func (w *Workload) place(rng *rand.Rand) string {
	for range 1000 {
		ev := w.event(rng)
		if len(ev.places) > 0 {
			return IDOf(ev.places[rng.IntN(len(ev.places))])
		}
	}
	return IDOf(w.snap.byDate[0].iri)
}
