package queries

import (
	"context"
	"slices"

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
	with, mode, err := coParams(p)
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
	tab := coAppearances(actor, mode)
	total := len(tab.partners)
	switch with {
	case TypePerson:
		total = tab.people
	case TypeBody:
		total = tab.bodies
	}
	lo, hi := paginate(total, p.Offset, p.limit(25, 1000))
	out := &CoAppearance{Actor: actor.ref(), With: with, Events: tab.events, Total: total, Offset: lo, Partners: make([]Partner, 0, hi-lo)}
	// the partners of one type are a walk of the table's, which is by weight for all
	i := 0
	for _, t := range tab.partners {
		if i >= hi {
			break
		}
		if with != "all" && t.e.typ != with {
			continue
		}
		if i++; i <= lo {
			continue
		}
		pt := Partner{Ref: t.e.ref(), Weight: t.weight}
		for _, o := range t.first {
			se, err := ss.sharedEvent(ctx, ss.snap.byDate[o])
			if err != nil {
				return nil, err
			}
			pt.Events = append(pt.Events, se)
		}
		out.Partners = append(out.Partners, pt)
	}
	return out, nil
}

// coParams reads the partners' type and the participation (an index of
// participations) of a co-appearance.
func coParams(p Params) (with string, mode int, err error) {
	switch p.With {
	case "", "all":
		with = "all"
	case "people", TypePerson:
		with = TypePerson
	case "bodies", TypeBody:
		with = TypeBody
	default:
		return "", 0, &ParamError{Param: "with", Value: p.With, Reason: "must be people, bodies or all"}
	}
	switch p.Participation {
	case "", "any":
		mode = 0
	case "attended":
		mode = 1
	default:
		return "", 0, &ParamError{Param: "participation", Value: p.Participation, Reason: "must be attended or any"}
	}
	return with, mode, nil
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
		prov, err := ss.provenanceOf(ctx, info)
		if err != nil {
			return se, err
		}
		se.Provenance = prov
	}
	return se, nil
}
