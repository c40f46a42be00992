package network

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"annals/graph"
)

// Selection chooses a subgraph. The zero Selection is the whole graph.
type Selection struct {
	// Seeds are actors (IRIs or names, matched against schema:name and
	// schema:alternateName) whose ego network to keep, to Depth co-appearance hops.
	Seeds []string
	// Depth is the radius of the ego network, in actor–actor hops; 0 keeps the seeds
	// alone. Used only with Seeds.
	Depth int
	// From and To (ISO dates, inclusive, either may be empty) keep the events whose
	// dates overlap the period; events without a date are then left out.
	From, To string
	// Types are the node types to keep; empty keeps people, bodies and events, and
	// places in the bipartite view. Ties are projected between the actor types kept.
	Types []NodeType
	// Legislators keeps only legislators and legislative bodies (places are not
	// affected).
	Legislators bool
	// Participants counts a person only where the source says they took part
	// (schema:attendee), not where they are only referred to. Bodies count wherever
	// named: the source does not say whether a body took part.
	Participants bool
	// MinWeight drops co-appearance ties of fewer shared events, and the actors left
	// without ties (seeds stay).
	MinWeight int
	// Gizmo is a Gizmo query whose result nodes (events and actors) bound the subgraph.
	Gizmo string
}

// IsZero tells whether the selection selects nothing in particular: the whole graph.
func (sel *Selection) IsZero() bool {
	return len(sel.Seeds) == 0 && sel.From == "" && sel.To == "" && len(sel.Types) == 0 &&
		!sel.Legislators && !sel.Participants && sel.MinWeight <= 1 && strings.TrimSpace(sel.Gizmo) == ""
}

// Validate reports a malformed selection, wrapping ErrBadSelection.
func (sel *Selection) Validate() error {
	_, err := sel.normalized()
	return err
}

// normalized checks the selection and completes its dates: From "2023-03" is
// 2023-03-01, To "2023-03" is 2023-03-31 (YYYY, YYYY-MM and YYYY-MM-DD are accepted).
func (sel Selection) normalized() (Selection, error) {
	var err error
	if sel.From, err = completeDate(sel.From, false); err != nil {
		return sel, err
	}
	if sel.To, err = completeDate(sel.To, true); err != nil {
		return sel, err
	}
	if sel.From != "" && sel.To != "" && sel.From > sel.To {
		return sel, fmt.Errorf("%w: from %s is after to %s", ErrBadSelection, sel.From, sel.To)
	}
	for _, t := range sel.Types {
		if !slices.Contains(NodeTypes, t) {
			return sel, fmt.Errorf("%w: unknown node type %q (want person, body, place or event)", ErrBadSelection, t)
		}
	}
	if sel.Depth < 0 {
		return sel, fmt.Errorf("%w: depth %d is negative", ErrBadSelection, sel.Depth)
	}
	if sel.MinWeight < 0 {
		return sel, fmt.Errorf("%w: min weight %d is negative", ErrBadSelection, sel.MinWeight)
	}
	return sel, nil
}

// completeDate reads YYYY, YYYY-MM or YYYY-MM-DD as the first day of the period, or
// with end its last day.
func completeDate(d string, end bool) (string, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return "", nil
	}
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		t, err := time.Parse(layout, d)
		if err != nil {
			continue
		}
		if end {
			switch layout {
			case "2006-01":
				t = t.AddDate(0, 1, -1)
			case "2006":
				t = t.AddDate(1, 0, -1)
			}
		}
		return t.Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("%w: date %q is not YYYY-MM-DD, YYYY-MM or YYYY", ErrBadSelection, d)
}

// ParseTypes reads a comma-separated list of node types, singular or plural
// ("people,bodies", "person,event").
func ParseTypes(s string) ([]NodeType, error) {
	var out []NodeType
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		var t NodeType
		switch f {
		case "":
			continue
		case "person", "people", "persons":
			t = Person
		case "body", "bodies", "organization", "organizations":
			t = Body
		case "place", "places":
			t = Place
		case "event", "events":
			t = Event
		default:
			return nil, fmt.Errorf("%w: unknown node type %q (want people, bodies, places or events)", ErrBadSelection, f)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// Subgraph is the part of a snapshot a selection keeps: its actors and events.
type Subgraph struct {
	snap   *Snapshot
	sel    Selection
	seeds  []string            // resolved seed IRIs
	actors map[string]bool     // kept actors of the projected types
	events map[string]bool     // events passing the filters
	ties   map[[2]string][]int // projected ties among actors: pair → link indexes of shared events
	gizmo  map[string]bool     // nodes a Gizmo query returned, nil without one
}

// Select resolves the selection on the snapshot. nodes is the result of the
// selection's Gizmo query (see GizmoNodes), nil without one.
func Select(snap *Snapshot, sel Selection, nodes []string) (*Subgraph, error) {
	sel, err := sel.normalized()
	if err != nil {
		return nil, err
	}
	g := &Subgraph{snap: snap, sel: sel, events: map[string]bool{}, actors: map[string]bool{}}
	if nodes != nil {
		g.gizmo = make(map[string]bool, len(nodes))
		for _, id := range nodes {
			g.gizmo[id] = true
		}
	}
	for _, seed := range sel.Seeds {
		id, err := snap.Resolve(seed)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(g.seeds, id) {
			g.seeds = append(g.seeds, id)
		}
	}
	g.filterEvents()
	g.filterActors()
	g.project()
	g.prune()
	return g, nil
}

// Seeds returns the IRIs the selection's seeds resolved to.
func (g *Subgraph) Seeds() []string { return slices.Clone(g.seeds) }

// Snapshot returns the snapshot the subgraph was selected from.
func (g *Subgraph) Snapshot() *Snapshot { return g.snap }

// projectedTypes are the actor types ties are projected between.
func (g *Subgraph) projectedTypes() []NodeType {
	if len(g.sel.Types) == 0 {
		return []NodeType{Person, Body}
	}
	var out []NodeType
	for _, t := range g.sel.Types {
		if t != Event {
			out = append(out, t)
		}
	}
	return out
}

func (g *Subgraph) filterEvents() {
	gizmoEvents := false
	for id := range g.gizmo {
		if n := g.snap.nodes[id]; n != nil && n.Type == Event {
			gizmoEvents = true
			break
		}
	}
	for id, n := range g.snap.nodes {
		if n.Type != Event || !g.inPeriod(n) {
			continue
		}
		if gizmoEvents && !g.gizmo[id] {
			continue
		}
		g.events[id] = true
	}
}

func (g *Subgraph) inPeriod(n *Node) bool {
	if g.sel.From == "" && g.sel.To == "" {
		return true
	}
	if n.Start == "" {
		return false
	}
	return (g.sel.To == "" || n.Start <= g.sel.To) && (g.sel.From == "" || n.End >= g.sel.From)
}

// actorOK tells whether an actor passes the type, legislator and Gizmo filters.
func (g *Subgraph) actorOK(n *Node, types []NodeType) bool {
	if !slices.Contains(types, n.Type) {
		return false
	}
	if g.sel.Legislators && n.Type != Place && !n.Legislator {
		return false
	}
	if g.gizmo != nil && !g.gizmo[n.ID] && !g.linkedToGizmoEvent(n.ID) {
		return false
	}
	return true
}

func (g *Subgraph) linkedToGizmoEvent(actor string) bool {
	for _, i := range g.snap.byActor[actor] {
		if g.gizmo[g.snap.links[i].event] {
			return true
		}
	}
	return false
}

// counts tells whether a link makes its actor appear in its event.
func (g *Subgraph) counts(l link) bool {
	return !g.sel.Participants || l.role != LinkMentions || g.snap.nodes[l.actor].Type != Person
}

func (g *Subgraph) filterActors() {
	types := g.projectedTypes()
	for id, n := range g.snap.nodes {
		if n.IsActor() && g.actorOK(n, types) && (g.hasEvent(id) || slices.Contains(g.seeds, id)) {
			g.actors[id] = true
		}
	}
}

// hasEvent tells whether an actor appears in a kept event.
func (g *Subgraph) hasEvent(actor string) bool {
	for _, i := range g.snap.byActor[actor] {
		if l := g.snap.links[i]; g.events[l.event] && g.counts(l) {
			return true
		}
	}
	return false
}

// project computes the co-appearance ties among the kept actors through kept events.
func (g *Subgraph) project() {
	g.ties = make(map[[2]string][]int)
	var members []int
	for event := range g.events {
		members = members[:0]
		for _, i := range g.snap.byEvent[event] {
			l := g.snap.links[i]
			if !g.actors[l.actor] || !g.counts(l) {
				continue
			}
			// One actor linked twice (attendee and organizer) appears once.
			if len(members) > 0 && g.snap.links[members[len(members)-1]].actor == l.actor {
				continue
			}
			members = append(members, i)
		}
		for a := 0; a < len(members); a++ {
			for b := a + 1; b < len(members); b++ {
				x, y := g.snap.links[members[a]].actor, g.snap.links[members[b]].actor
				if x > y {
					x, y = y, x
				}
				key := [2]string{x, y}
				g.ties[key] = append(g.ties[key], members[a])
			}
		}
	}
}

// prune applies the minimum weight and the ego network of the seeds.
func (g *Subgraph) prune() {
	if g.sel.MinWeight > 1 {
		connected := map[string]bool{}
		for key, evs := range g.ties {
			if len(evs) < g.sel.MinWeight {
				delete(g.ties, key)
				continue
			}
			connected[key[0]], connected[key[1]] = true, true
		}
		for id := range g.actors {
			if !connected[id] && !slices.Contains(g.seeds, id) {
				delete(g.actors, id)
			}
		}
	}
	if len(g.seeds) == 0 {
		return
	}
	adj := map[string][]string{}
	for key := range g.ties {
		adj[key[0]] = append(adj[key[0]], key[1])
		adj[key[1]] = append(adj[key[1]], key[0])
	}
	keep := map[string]bool{}
	frontier := slices.Clone(g.seeds)
	for _, s := range frontier {
		keep[s] = true
	}
	for d := 0; d < g.sel.Depth && len(frontier) > 0; d++ {
		var next []string
		for _, a := range frontier {
			for _, b := range adj[a] {
				if !keep[b] {
					keep[b] = true
					next = append(next, b)
				}
			}
		}
		frontier = next
	}
	for id := range g.actors {
		if !keep[id] {
			delete(g.actors, id)
		}
	}
	// Seeds that fail the filters (a non-legislator seed with --legislators) are kept:
	// the ego network is theirs.
	for _, s := range g.seeds {
		g.actors[s] = true
	}
	for key := range g.ties {
		if !g.actors[key[0]] || !g.actors[key[1]] {
			delete(g.ties, key)
		}
	}
}

// Resolve finds the node an actor reference names: its IRI (with or without angle
// brackets), or a name or alternate name, compared by graph.Key. An unknown or
// ambiguous name is an error wrapping ErrUnknownActor or ErrAmbiguousActor that lists
// candidates.
func (s *Snapshot) Resolve(ref string) (string, error) {
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(ref), "<"), ">")
	if n, ok := s.nodes[id]; ok && n.IsActor() {
		return id, nil
	}
	key := graph.Key(ref)
	if key == "" {
		return "", fmt.Errorf("%w: empty name %q", ErrUnknownActor, ref)
	}
	var exact, partial []string
	for id, n := range s.nodes {
		if !n.IsActor() {
			continue
		}
		names := append([]string{n.Label}, s.aliases[id]...)
		for _, name := range names {
			k := graph.Key(name)
			if k == key {
				exact = append(exact, id)
				break
			}
			if strings.Contains(k, key) || strings.Contains(key, k) && len(k) > 3 {
				partial = append(partial, id)
				break
			}
		}
	}
	sort.Strings(exact)
	sort.Strings(partial)
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return "", fmt.Errorf("%w: %q names %s", ErrAmbiguousActor, ref, s.describe(exact))
	case len(partial) == 0:
		return "", fmt.Errorf("%w: %q", ErrUnknownActor, ref)
	default:
		return "", fmt.Errorf("%w: %q; did you mean %s?", ErrUnknownActor, ref, s.describe(partial))
	}
}

// describe lists up to five nodes as "Name <iri>".
func (s *Snapshot) describe(ids []string) string {
	var parts []string
	for i, id := range ids {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ids)-5))
			break
		}
		parts = append(parts, fmt.Sprintf("%q <%s>", s.nodes[id].Label, id))
	}
	return strings.Join(parts, ", ")
}

// SelectStore loads the store's snapshot, runs the selection's Gizmo query if any and
// selects: the one call the CLI and HTTP handlers make.
func SelectStore(ctx context.Context, st *graph.Store, sel Selection, limit int) (*Subgraph, error) {
	if err := sel.Validate(); err != nil {
		return nil, err
	}
	var nodes []string
	if strings.TrimSpace(sel.Gizmo) != "" {
		var err error
		if nodes, err = GizmoNodes(ctx, st, sel.Gizmo, limit); err != nil {
			return nil, err
		}
	}
	snap, err := Load(ctx, st)
	if err != nil {
		return nil, err
	}
	return Select(snap, sel, nodes)
}
