package queries

import (
	"context"
	"slices"
	"sort"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// SharedEvent is an event two actors share, with the entry that states it.
type SharedEvent struct {
	Ref
	Date       Date       `json:"date"`
	Kind       string     `json:"kind,omitempty"`
	Provenance Provenance `json:"provenance"`
}

// Partner is an actor sharing events with the actor of a co-appearance.
type Partner struct {
	Ref
	Weight int           `json:"weight"` // number of shared events
	Events []SharedEvent `json:"events"` // the first shared events, by date (at most 5)
}

// CoAppearance lists the people and bodies that share events with an actor.
type CoAppearance struct {
	Actor    Ref       `json:"actor"`
	With     string    `json:"with"`
	Events   int       `json:"events"` // events of the actor
	Total    int       `json:"total"`  // partners in all
	Offset   int       `json:"offset"`
	Partners []Partner `json:"partners"`
}

// Query implements Result.
func (*CoAppearance) Query() string { return "coappearance" }

// maxSharedListed bounds the events listed per partner; Weight still counts them all.
const maxSharedListed = 5

// CoAppearanceQuery answers "coappearance": the people (With "people"), bodies
// ("bodies") or both (default) cited in the same events as Params.Actor, weighted by the
// number of shared events, heaviest first. Participation "attended" counts only
// attendance and organization; the default counts mentions too.
func CoAppearanceQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	with, preds, err := coParams(p)
	if err != nil {
		return nil, err
	}
	if p.Actor == "" {
		return nil, &ParamError{Param: "actor", Reason: "an actor (person or body) is required"}
	}
	actor, err := ss.snap.resolve("actor", "", p.Actor)
	if err != nil {
		return nil, err
	}
	evs := ss.eventsOf(actor, preds...)
	// One pass over the citations of the actor's events, in date order: a partner's
	// first events are its earliest, and one cited twice by an event counts once.
	type tally struct {
		e      *entity
		weight int
		last   *eventInfo
		first  []*eventInfo
	}
	shared := make(map[*entity]*tally)
	var partners []*tally
	for _, c := range evs {
		info := c.event
		for _, o := range info.actors {
			if o.actor == actor || !slices.Contains(preds, o.pred) || (with != "all" && o.actor.typ != with) {
				continue
			}
			t := shared[o.actor]
			if t == nil {
				t = &tally{e: o.actor}
				shared[o.actor] = t
				partners = append(partners, t)
			} else if t.last == info {
				continue
			}
			t.last = info
			t.weight++
			if len(t.first) < maxSharedListed {
				t.first = append(t.first, info)
			}
		}
	}
	sort.Slice(partners, func(i, j int) bool {
		a, b := partners[i], partners[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if a.e.name != b.e.name {
			return a.e.name < b.e.name
		}
		return a.e.iri < b.e.iri
	})
	lo, hi := paginate(len(partners), p.Offset, p.limit(25, 1000))
	out := &CoAppearance{Actor: actor.ref(), With: with, Events: len(evs), Total: len(partners), Offset: lo, Partners: make([]Partner, 0, hi-lo)}
	for _, t := range partners[lo:hi] {
		pt := Partner{Ref: t.e.ref(), Weight: t.weight}
		for _, info := range t.first {
			se, err := ss.sharedEvent(ctx, info)
			if err != nil {
				return nil, err
			}
			pt.Events = append(pt.Events, se)
		}
		out.Partners = append(out.Partners, pt)
	}
	return out, nil
}

func coParams(p Params) (with string, preds []quad.IRI, err error) {
	switch p.With {
	case "", "all":
		with = "all"
	case "people", TypePerson:
		with = TypePerson
	case "bodies", TypeBody:
		with = TypeBody
	default:
		return "", nil, &ParamError{Param: "with", Value: p.With, Reason: "must be people, bodies or all"}
	}
	switch p.Participation {
	case "", "any":
		preds = actorLinks
	case "attended":
		preds = []quad.IRI{graph.Attendee, graph.Organizer}
	default:
		return "", nil, &ParamError{Param: "participation", Value: p.Participation, Reason: "must be attended or any"}
	}
	return with, preds, nil
}

// actorsOf lists the people and bodies an event cites by the given predicates, each once.
func (ss *session) actorsOf(ev *eventInfo, preds []quad.IRI) []*entity {
	var out []*entity
	for _, c := range ev.actors {
		if slices.Contains(preds, c.pred) && !containsEntity(out, c.actor) {
			out = append(out, c.actor)
		}
	}
	return out
}

// sharedEvent is the short form of an event: date and kind from the index, the
// sentence from its entry.
func (ss *session) sharedEvent(ctx context.Context, info *eventInfo) (SharedEvent, error) {
	se := SharedEvent{
		Ref:  Ref{ID: IDOf(info.iri), IRI: string(info.iri), Type: TypeEvent},
		Date: Date{Start: info.start, End: info.end}, Kind: info.kind,
	}
	ev := &Event{Date: se.Date, Kind: se.Kind}
	for _, pl := range info.places {
		ev.Places = append(ev.Places, ss.placeOf(pl))
	}
	se.Name = eventName(ev)
	if info.entry != "" {
		prov, err := ss.provenance(ctx, info.entry)
		if err != nil {
			return se, err
		}
		se.Provenance = *prov
	}
	return se, nil
}
