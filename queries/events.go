package queries

import (
	"context"
	"sort"
	"strings"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// eventFilter is the part of Params that selects events.
type eventFilter struct {
	from, to, kind, country string
	// lists are the events of each actor, event or word filter, each their positions
	// in date order (eventInfo.ord), ascending; an event must be in all of them.
	lists [][]uint32
}

// newEventFilter reads the event filters of p. Actor filters (person, body, place,
// event, words) each give a list of events from one index look-up; they are
// intersected from the shortest, by binary search in the others.
func (ss *session) newEventFilter(ctx context.Context, p Params, withPerson bool) (*eventFilter, error) {
	from, to, err := dateRange(p)
	if err != nil {
		return nil, err
	}
	f := &eventFilter{from: from, to: to, kind: strings.TrimSpace(p.Kind), country: strings.TrimSpace(p.Country)}
	restrict := func(ords []uint32) { f.lists = append(f.lists, ords) }
	actors := []struct{ param, value, typ string }{
		{"body", p.Body, TypeBody},
		{"place", p.Place, TypePlace},
	}
	if withPerson {
		actors = append([]struct{ param, value, typ string }{{"person", p.Person, TypePerson}}, actors...)
	}
	for _, a := range actors {
		if strings.TrimSpace(a.value) == "" {
			continue
		}
		e, err := ss.snap.resolve(a.param, a.typ, a.value)
		if err != nil {
			return nil, err
		}
		preds := actorLinks
		if a.typ == TypePlace {
			preds = []quad.IRI{graph.Location}
		}
		cites := ss.eventsOf(e, preds...)
		ords := make([]uint32, len(cites))
		for i, c := range cites {
			ords[i] = uint32(c.event.ord)
		}
		restrict(ords)
	}
	if p.Event != "" {
		iri := EventIRIOf(p.Event)
		if ss.snap.events[iri] == nil {
			return nil, &ParamError{Param: "event", Value: p.Event, Reason: "no such event"}
		}
		restrict([]uint32{uint32(ss.snap.events[iri].ord)})
	}
	if ws := words(p.Text); len(ws) > 0 {
		for _, w := range ws {
			restrict(ss.snap.tokens[w])
		}
	}
	return f, nil
}

// selective tells whether the filter narrows the events at all.
func (f *eventFilter) selective() bool {
	return f.lists != nil || f.from != "" || f.to != "" || f.kind != "" || f.country != ""
}

func (f *eventFilter) match(ss *session, ev *eventInfo) bool {
	for _, l := range f.lists {
		i := sort.Search(len(l), func(i int) bool { return int(l[i]) >= ev.ord })
		if i == len(l) || int(l[i]) != ev.ord {
			return false
		}
	}
	if f.to != "" && (ev.start == "" || ev.start > f.to) {
		return false
	}
	if f.from != "" && (ev.end == "" || ev.end < f.from) {
		return false
	}
	if f.kind != "" && !strings.EqualFold(ev.kind, f.kind) {
		return false
	}
	if f.country != "" {
		found := false
		for _, pl := range ev.places {
			if e := ss.snap.entities[pl]; e != nil && (strings.EqualFold(e.country, f.country) ||
				(e.placeKind == "country" && strings.EqualFold(e.name, f.country))) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// events lists the events that pass the filter, by date.
func (f *eventFilter) events(ss *session) []*eventInfo {
	var out []*eventInfo
	if f.lists == nil {
		for _, ev := range ss.snap.inRange(f.from, f.to) {
			if f.match(ss, ev) {
				out = append(out, ev)
			}
		}
		return out
	}
	shortest := f.lists[0]
	for _, l := range f.lists[1:] {
		if len(l) < len(shortest) {
			shortest = l
		}
	}
	for _, o := range shortest {
		if ev := ss.snap.byDate[o]; f.match(ss, ev) {
			out = append(out, ev)
		}
	}
	return out
}

// EventsQuery answers "events": events by date range (From, To), Place, Person, Body,
// Country, Kind and words of their text (Text), by date, a page at a time.
func EventsQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, p, true)
	if err != nil {
		return nil, err
	}
	evs := f.events(ss)
	lo, hi := paginate(len(evs), p.Offset, p.limit(100, 10000))
	out := &Events{Total: len(evs), Offset: lo, Events: make([]Event, 0, hi-lo)}
	for _, info := range evs[lo:hi] {
		ev, err := ss.event(ctx, info.iri)
		if err != nil {
			return nil, err
		}
		out.Events = append(out.Events, *ev)
	}
	return out, nil
}
