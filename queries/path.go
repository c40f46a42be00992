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

// PathQuery answers "path": the shortest connection from Params.Actor to Params.Other
// (people or bodies) through events citing both ends of each hop, at most MaxHops
// events long (default 6). Among shortest connections it prefers, at each hop, the
// earliest event and then the actor first by name, so the answer is stable.
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
	type via struct {
		prev  *entity
		event *eventInfo
	}
	reached := map[*entity]via{from: {}}
	frontier := []*entity{from}
	for hop := 1; hop <= maxHops && len(frontier) > 0; hop++ {
		var next []*entity
		for _, a := range frontier {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for _, h := range ss.neighbours(a) {
				if _, seen := reached[h.actor]; seen {
					continue
				}
				reached[h.actor] = via{prev: a, event: h.event}
				next = append(next, h.actor)
			}
			if len(reached) > maxVisited {
				return nil, fmt.Errorf("queries: path: gave up after visiting %d actors", maxVisited)
			}
		}
		if _, ok := reached[to]; ok {
			for cur := to; cur != from; {
				v := reached[cur]
				se, err := ss.sharedEvent(ctx, v.event)
				if err != nil {
					return nil, err
				}
				out.Steps = append([]Step{{From: v.prev.ref(), Event: se, To: cur.ref()}}, out.Steps...)
				cur = v.prev
			}
			out.Found, out.Hops = true, len(out.Steps)
			return out, nil
		}
		frontier = next
	}
	return out, nil
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
