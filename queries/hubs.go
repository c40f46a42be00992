package queries

import (
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// What the index counts once, when a snapshot is finished (assembled from facts or
// read from the index file), so that an answer about a hub costs the same as one about
// an actor cited once: a profile's events and counts, the co-appearances of the most
// cited actors, and the events that last long enough to overlap a date range they do
// not start in. A snapshot is immutable: Sync assembles a new one, and counts again.

// hubMin is the number of citations from which an actor's co-appearances are counted
// in advance; below it, counting them at each request takes microseconds.
const hubMin = 64

// longEvent is the span beyond which an event is kept in the snapshot's list of long
// events: a date range looks for the others among the events starting at most this
// long before it.
const longEvent = 62 * 24 * time.Hour

// profileOf is what a profile lists of an entity: its events, by date, each once with
// the strongest predicate citing it, and their counts.
type profileOf struct {
	events []citation
	counts Counts
}

// coTable is the co-appearances of an actor for one kind of participation.
type coTable struct {
	events   int         // events of the actor
	partners []coPartner // heaviest first, then by name and IRI
	people   int         // partners that are people
	bodies   int         // partners that are bodies (the rest, if any, count in "all" only)
}

// coPartner is an actor sharing events with another, with the first shared events.
type coPartner struct {
	e      *entity
	weight int
	first  []uint32 // the earliest shared events (ords), at most maxSharedListed
}

// participations are the predicates of each kind of participation a co-appearance
// counts: any (the default) and attended.
var participations = [2][]quad.IRI{actorLinks, {graph.Attendee, graph.Organizer}}

// profilePreds are the predicates by which a profile of an entity of type typ lists
// its events.
func profilePreds(typ string) []quad.IRI {
	if typ == TypePlace {
		return []quad.IRI{graph.Location, graph.MentionsPlace}
	}
	return actorLinks
}

// precompute counts what the snapshot's answers about hubs need (see above). Each
// entity's counts read the others and write its own: the entities are shared among
// one goroutine per core.
func (snap *snapshot) precompute() {
	ents := make([]*entity, 0, len(snap.entities))
	for _, e := range snap.entities {
		ents = append(ents, e)
	}
	eachEntity(ents, func() func(*entity) {
		seen := make(map[string]*entity) // documents of the entity being counted
		return func(e *entity) {
			e.profile = countProfile(e, seen)
			if (e.typ == TypePerson || e.typ == TypeBody) && len(e.events) >= hubMin {
				for i, preds := range participations {
					e.co[i] = coTally(e, preds)
				}
			}
		}
	})
	snap.long = snap.long[:0]
	for _, ev := range snap.byDate {
		if long(ev) {
			snap.long = append(snap.long, ev)
		}
	}
}

// eachEntity calls a function of newWorker on each of ents, one worker a core, each
// on its own share of them.
func eachEntity(ents []*entity, newWorker func() func(*entity)) {
	n := min(runtime.GOMAXPROCS(0), max(1, len(ents)/1024))
	var wg sync.WaitGroup
	for w := range n {
		do := newWorker()
		share := ents[w*len(ents)/n : (w+1)*len(ents)/n]
		wg.Go(func() {
			for _, e := range share {
				do(e)
			}
		})
	}
	wg.Wait()
}

// countProfile counts the profile of entity e (seen: a map for its documents, reused
// from one entity to the next).
func countProfile(e *entity, seen map[string]*entity) *profileOf {
	evs := citedBy(e, profilePreds(e.typ)...)
	c := Counts{Events: len(evs)}
	docs := 0
	for _, ev := range evs {
		switch ev.pred {
		case graph.Attendee:
			c.Attended++
		case graph.Organizer:
			c.Organized++
		case graph.Location:
			c.Located++
		default:
			c.Mentioned++
		}
		if seen[ev.event.doc] != e {
			seen[ev.event.doc] = e
			docs++
		}
	}
	c.Documents = docs
	return &profileOf{events: evs, counts: c}
}

// long tells whether an event lasts longer than longEvent, or has dates the range
// search cannot place (then it is always looked at).
func long(ev *eventInfo) bool {
	start, err1 := time.Parse(time.DateOnly, ev.start)
	end, err2 := time.Parse(time.DateOnly, ev.end)
	return err1 != nil || err2 != nil || end.Sub(start) > longEvent
}

// citedBy lists the events citing a node by the given predicates, by date, each once
// with the strongest predicate citing it (attendance before mention). The index keeps
// each node's citations in that order, so this is one pass, no sort; when every
// citation is kept, it is the node's own list.
func citedBy(node *entity, preds ...quad.IRI) []citation {
	all := true
	for i, c := range node.events {
		if !slices.Contains(preds, c.pred) || (i > 0 && node.events[i-1].event == c.event) {
			all = false
			break
		}
	}
	if all {
		return node.events
	}
	out := make([]citation, 0, len(node.events))
	for _, c := range node.events {
		if !slices.Contains(preds, c.pred) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].event == c.event {
			continue
		}
		out = append(out, c)
	}
	return out
}

// coTally counts the people and bodies cited by preds in the same events as actor: one
// pass over the citations of the actor's events, in date order, so that a partner's
// first events are its earliest, and one cited twice by an event counts once.
func coTally(actor *entity, preds []quad.IRI) *coTable {
	evs := citedBy(actor, preds...)
	type tally struct {
		coPartner
		last *eventInfo
	}
	shared := make(map[*entity]*tally)
	var tallies []*tally
	for _, c := range evs {
		info := c.event
		for _, o := range info.actors {
			if o.actor == actor || !slices.Contains(preds, o.pred) {
				continue
			}
			t := shared[o.actor]
			if t == nil {
				t = &tally{coPartner: coPartner{e: o.actor}}
				shared[o.actor] = t
				tallies = append(tallies, t)
			} else if t.last == info {
				continue
			}
			t.last = info
			t.weight++
			if len(t.first) < maxSharedListed {
				t.first = append(t.first, uint32(info.ord))
			}
		}
	}
	tab := &coTable{events: len(evs), partners: make([]coPartner, len(tallies))}
	for i, t := range tallies {
		tab.partners[i] = t.coPartner
		switch t.e.typ {
		case TypePerson:
			tab.people++
		case TypeBody:
			tab.bodies++
		}
	}
	sort.Slice(tab.partners, func(i, j int) bool {
		a, b := tab.partners[i], tab.partners[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if a.e.name != b.e.name {
			return a.e.name < b.e.name
		}
		return a.e.iri < b.e.iri
	})
	return tab
}

// coAppearances is the co-appearance table of actor for participation i: counted in
// advance for a hub, now for any other actor.
func coAppearances(actor *entity, i int) *coTable {
	if t := actor.co[i]; t != nil {
		return t
	}
	return coTally(actor, participations[i])
}

// inRange lists the events of the snapshot that may overlap [from, to] (either may be
// ""), in date order: the long events starting before the window, then every event
// starting in the window, from longEvent before from to to. The caller checks each.
func (snap *snapshot) inRange(from, to string) []*eventInfo {
	all := snap.byDate
	if to != "" {
		all = all[:sort.Search(len(all), func(i int) bool { return all[i].start > to })]
	}
	if from == "" {
		return all
	}
	t, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return all
	}
	lo := t.Add(-longEvent).Format(time.DateOnly)
	i := sort.Search(len(all), func(i int) bool { return all[i].start >= lo })
	var out []*eventInfo
	for _, ev := range snap.long {
		if ev.start >= lo {
			break
		}
		out = append(out, ev)
	}
	if len(out) == 0 {
		return all[i:]
	}
	return append(out, all[i:]...)
}
