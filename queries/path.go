package queries

import (
	"context"
	"fmt"
	"sort"

	"annals/graph"
)

// Step is one hop of a connection: two actors an event cites together.
type Step struct {
	From  Ref         `json:"from"`
	Event SharedEvent `json:"event"`
	To    Ref         `json:"to"`
}

// Connection is the shortest chain of shared events between two actors.
type Connection struct {
	From  Ref    `json:"from"`
	To    Ref    `json:"to"`
	Found bool   `json:"found"`
	Hops  int    `json:"hops"`
	Steps []Step `json:"steps"`
}

// Query implements Result.
func (*Connection) Query() string { return "path" }

// maxVisited bounds the actors a connection search visits, so that a query between
// two hubs of a huge graph stays a bounded amount of work.
const maxVisited = 200000

// PathQuery answers "path": a shortest connection from Params.Actor to Params.Other
// (people or bodies) through events citing both ends of each hop, at most MaxHops
// events long (default 6). Each hop goes through the earliest event the two share, and
// the search visits actors in a fixed order (events by date, actors by name), so the
// answer is stable.
func PathQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	if p.Actor == "" || p.Other == "" {
		return nil, &ParamError{Param: "from", Value: p.Actor, Reason: "two actors (from and to) are required"}
	}
	from, err := ss.snap.resolve("from", "", p.Actor)
	if err != nil {
		return nil, err
	}
	to, err := ss.snap.resolve("to", "", p.Other)
	if err != nil {
		return nil, err
	}
	maxHops := p.MaxHops
	if maxHops <= 0 {
		maxHops = 6
	}
	out := &Connection{From: from.ref(), To: to.ref(), Steps: []Step{}}
	if from == to {
		out.Found = true
		return out, nil
	}
	steps, err := ss.connect(ctx, from, to, maxHops)
	if err != nil || steps == nil {
		return out, err
	}
	for _, st := range steps {
		se, err := ss.sharedEvent(ctx, st.event)
		if err != nil {
			return nil, err
		}
		out.Steps = append(out.Steps, Step{From: st.from.ref(), Event: se, To: st.to.ref()})
	}
	out.Found, out.Hops = true, len(out.Steps)
	return out, nil
}

// via is how a search reached an actor: from prev, through an event citing both.
type via struct {
	prev  *entity
	event *eventInfo
}

type rawStep struct {
	from, to *entity
	event    *eventInfo
}

// connect is a breadth-first search from both ends at once, a level of the side with
// the smaller frontier at a time: the two searches meet after visiting about the square
// root of what one search from one end would. It returns nil when the ends are more
// than maxHops apart.
func (ss *session) connect(ctx context.Context, from, to *entity, maxHops int) ([]rawStep, error) {
	fwd, bwd := map[*entity]via{from: {}}, map[*entity]via{to: {}}
	ff, bf := []*entity{from}, []*entity{to}
	for hops := 0; hops < maxHops && len(ff) > 0 && len(bf) > 0; hops++ {
		forward := len(ff) <= len(bf)
		frontier, seen, other := ff, fwd, bwd
		if !forward {
			frontier, seen, other = bf, bwd, fwd
		}
		var next []*entity
		var meet *entity
		for _, a := range frontier {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for _, h := range ss.neighbours(a) {
				if _, ok := seen[h.actor]; ok {
					continue
				}
				seen[h.actor] = via{prev: a, event: h.event}
				next = append(next, h.actor)
				if _, ok := other[h.actor]; ok && meet == nil {
					meet = h.actor
				}
			}
			if len(fwd)+len(bwd) > maxVisited {
				return nil, fmt.Errorf("queries: path: gave up after visiting %d actors", maxVisited)
			}
			if meet != nil {
				break
			}
		}
		if meet != nil {
			var steps []rawStep
			for cur := meet; cur != from; cur = fwd[cur].prev {
				steps = append([]rawStep{{from: fwd[cur].prev, to: cur, event: fwd[cur].event}}, steps...)
			}
			for cur := meet; cur != to; cur = bwd[cur].prev {
				steps = append(steps, rawStep{from: cur, to: bwd[cur].prev, event: bwd[cur].event})
			}
			return steps, nil
		}
		if forward {
			ff = next
		} else {
			bf = next
		}
	}
	return nil, nil
}

type hop struct {
	actor *entity
	event *eventInfo
}

// neighbours lists the actors sharing an event with a, each once, through its
// earliest shared event, in a stable order.
func (ss *session) neighbours(a *entity) []hop {
	seen := make(map[*entity]bool)
	var out []hop
	for _, c := range ss.eventsOf(a, actorLinks...) {
		info := c.event
		others := ss.actorsOf(info, actorLinks)
		sort.Slice(others, func(i, j int) bool { return others[i].name < others[j].name })
		for _, o := range others {
			if o != a && !seen[o] {
				seen[o] = true
				out = append(out, hop{actor: o, event: info})
			}
		}
	}
	return out
}
