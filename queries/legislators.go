package queries

import (
	"context"
	"slices"
	"sort"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// LegislatorEvent is one legislator at one event, as a source states it.
type LegislatorEvent struct {
	Person        Ref        `json:"person"`
	Role          string     `json:"role,omitempty"`
	Participation string     `json:"participation"` // attended or mentioned
	Event         Ref        `json:"event"`
	Date          Date       `json:"date"`
	Kind          string     `json:"kind,omitempty"`
	Places        []Place    `json:"places"`
	Provenance    Provenance `json:"provenance"`
}

// LegislatorEvents is a page of legislators × events.
type LegislatorEvents struct {
	Total  int               `json:"total"`
	Offset int               `json:"offset"`
	Rows   []LegislatorEvent `json:"rows"`
}

// Query implements Result.
func (*LegislatorEvents) Query() string { return "legislators" }

type legislatorLink struct {
	person *entity
	event  *eventInfo
	pred   quad.IRI
}

// LegislatorEventsQuery answers "legislators": the people the sources describe as
// legislators, with the events they took part in (Participation "attended", the
// default), were mentioned in ("mentioned") or either ("any"); filtered by Person,
// Body, Place, Country, Event, Kind, Text and date range.
func LegislatorEventsQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	preds, err := participationPreds(p.Participation)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, p, false)
	if err != nil {
		return nil, err
	}
	var person *entity
	if p.Person != "" {
		if person, err = ss.snap.resolve("person", TypePerson, p.Person); err != nil {
			return nil, err
		}
	}
	var links []legislatorLink
	if person == nil && f.selective() {
		links = ss.legislatorsOfEvents(f, preds)
	} else {
		links = ss.eventsOfLegislators(f, person, preds)
	}
	sort.Slice(links, func(i, j int) bool {
		a, b := links[i], links[j]
		if a.event != b.event {
			return eventBefore(a.event, b.event)
		}
		if a.person.name != b.person.name {
			return a.person.name < b.person.name
		}
		return a.person.iri < b.person.iri
	})
	lo, hi := paginate(len(links), p.Offset, p.limit(1000, 100000))
	out := &LegislatorEvents{Total: len(links), Offset: lo, Rows: make([]LegislatorEvent, 0, hi-lo)}
	for _, l := range links[lo:hi] {
		ev, err := ss.event(ctx, l.event.iri)
		if err != nil {
			return nil, err
		}
		role, err := ss.role(ctx, l.person.iri, ev.Provenance.Entry)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, LegislatorEvent{
			Person: l.person.ref(), Role: role, Participation: relation(l.pred),
			Event: ev.Ref, Date: ev.Date, Kind: ev.Kind, Places: ev.Places, Provenance: ev.Provenance,
		})
	}
	return out, nil
}

// legislatorsOfEvents starts from the events that pass the filter (an event, a
// body's, a month's ...) and keeps their legislators.
func (ss *session) legislatorsOfEvents(f *eventFilter, preds []quad.IRI) []legislatorLink {
	var out []legislatorLink
	for _, info := range f.events(ss) {
		for _, c := range info.actors {
			if c.actor.typ == TypePerson && c.actor.flag && slices.Contains(preds, c.pred) {
				out = append(out, legislatorLink{person: c.actor, event: info, pred: c.pred})
			}
		}
	}
	return dedupLinks(out)
}

// eventsOfLegislators starts from the legislators (or one person) and keeps the events
// that pass the filter: one look-up of the quads pointing at each legislator.
func (ss *session) eventsOfLegislators(f *eventFilter, person *entity, preds []quad.IRI) []legislatorLink {
	var people []*entity
	if person != nil {
		if person.flag {
			people = []*entity{person}
		}
	} else {
		for _, e := range ss.snap.entities {
			if e.typ == TypePerson && e.flag {
				people = append(people, e)
			}
		}
	}
	var out []legislatorLink
	for _, e := range people {
		for _, c := range ss.eventsOf(e, preds...) {
			if f.match(ss, c.event) {
				out = append(out, legislatorLink{person: e, event: c.event, pred: c.pred})
			}
		}
	}
	return out
}

// dedupLinks keeps one link per person and event, the strongest.
func dedupLinks(links []legislatorLink) []legislatorLink {
	type key struct{ p, e quad.IRI }
	best := make(map[key]int)
	var out []legislatorLink
	for _, l := range links {
		k := key{l.person.iri, l.event.iri}
		if i, ok := best[k]; ok {
			if rank(l.pred) < rank(out[i].pred) {
				out[i] = l
			}
			continue
		}
		best[k] = len(out)
		out = append(out, l)
	}
	return out
}
