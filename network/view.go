package network

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// View draws the subgraph as a network of the given view; with metrics, the actors
// carry the analytics of the projected network (Analyze) in both views.
func (g *Subgraph) View(v View, metrics bool) (*Network, error) {
	if !metrics {
		return g.AnalyzedView(v, nil)
	}
	return g.AnalyzedView(v, &DefaultOptions)
}

// ViewContext is AnalyzedView that stops when ctx is done, with ctx's error: the
// context is checked between phases and inside gonum's graph walks (see AnalyzeContext).
func (g *Subgraph) ViewContext(ctx context.Context, v View, opts *Options) (*Network, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var n *Network
	switch v {
	case Projected, "":
		n = g.Projected()
	case Bipartite:
		n = g.Bipartite()
	default:
		return nil, fmt.Errorf("%w: unknown view %q (want projected or bipartite)", ErrBadSelection, v)
	}
	if opts == nil {
		return n, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if n.View == Projected {
		if err := AnalyzeContext(ctx, n, *opts); err != nil {
			return nil, err
		}
		return n, nil
	}
	p := g.Projected()
	if err := AnalyzeContext(ctx, p, *opts); err != nil {
		return nil, err
	}
	for i := range n.Nodes {
		if pn := p.Node(n.Nodes[i].ID); pn != nil {
			n.Nodes[i].Metrics = pn.Metrics
		}
	}
	n.Summary, n.Analytics = p.Summary, p.Analytics
	return n, nil
}

// AnalyzedView is View with the options of the analytics; nil computes none.
func (g *Subgraph) AnalyzedView(v View, opts *Options) (*Network, error) {
	return g.ViewContext(context.Background(), v, opts)
}

// Projected is the co-appearance network of the subgraph: its actors, and an edge
// between two actors for each pair that shares events, weighted by their number.
func (g *Subgraph) Projected() *Network {
	n := &Network{View: Projected, Nodes: []Node{}, Edges: []Edge{}}
	for _, id := range sortedKeys(g.actors) {
		n.Nodes = append(n.Nodes, g.actorNode(id, g.actorEvents(id)))
	}
	keys := make([][2]string, 0, len(g.ties))
	for k := range g.ties {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		refs := make([]EventRef, 0, len(g.ties[k]))
		for _, li := range g.ties[k] {
			refs = append(refs, g.eventRef(g.snap.links[li].event))
		}
		sortRefs(refs)
		n.Edges = append(n.Edges, Edge{
			Source: k[0], Target: k[1], Type: LinkCoAppearance,
			Weight: len(refs), Events: refs, Spells: refSpells(refs),
		})
	}
	return n
}

// Bipartite is the actor–event network of the subgraph, as stored: its events, the
// actors they name and, unless Types leaves them out, the places where they happened.
func (g *Subgraph) Bipartite() *Network {
	n := &Network{View: Bipartite, Nodes: []Node{}, Edges: []Edge{}}
	withEvents := len(g.sel.Types) == 0 || slices.Contains(g.sel.Types, Event)
	withPlaces := len(g.sel.Types) == 0 || slices.Contains(g.sel.Types, Place)
	actorEvents := map[string][]string{}
	var events []string
	if withEvents {
		for _, ev := range sortedKeys(g.events) {
			if !g.bipartiteEvent(ev) {
				continue
			}
			events = append(events, ev)
			for _, e := range g.eventEdges(ev, withPlaces) {
				n.Edges = append(n.Edges, e)
				actorEvents[e.Target] = append(actorEvents[e.Target], ev)
			}
		}
	}
	ids := make(map[string]bool, len(g.actors)+len(actorEvents))
	for id := range g.actors {
		ids[id] = true
	}
	for id := range actorEvents {
		ids[id] = true
	}
	for _, ev := range events {
		ids[ev] = true
	}
	for _, id := range sortedKeys(ids) {
		if g.snap.nodes[id].Type == Event {
			n.Nodes = append(n.Nodes, g.eventNode(id))
			continue
		}
		n.Nodes = append(n.Nodes, g.actorNode(id, actorEvents[id]))
	}
	return n
}

// bipartiteEvent tells whether a kept event belongs in the bipartite view: with no
// narrowing selection every event does; otherwise it must link a seed or two kept
// actors (one without seeds), so the periphery of an ego network brings no stray events.
func (g *Subgraph) bipartiteEvent(ev string) bool {
	need := 2
	if len(g.seeds) == 0 {
		need = 1
		gizmoEvents := false
		for id := range g.gizmo {
			if g.events[id] {
				gizmoEvents = true
				break
			}
		}
		if g.sel.MinWeight <= 1 && !g.sel.Legislators && (g.gizmo == nil || gizmoEvents) {
			need = 0
		}
	}
	have := 0
	for _, i := range g.snap.byEvent[ev] {
		l := g.snap.links[i]
		if !g.actors[l.actor] || !g.counts(l) {
			continue
		}
		if slices.Contains(g.seeds, l.actor) {
			return true
		}
		have++
	}
	return have >= need
}

// rolePriority orders the roles of one actor in one event: the edge takes the first.
var rolePriority = map[string]int{LinkAttendee: 0, LinkOrganizer: 1, LinkMentions: 2, LinkLocation: 3}

// eventEdges are the edges of one event to its kept actors (and places), one per actor.
func (g *Subgraph) eventEdges(ev string, withPlaces bool) []Edge {
	var out []Edge
	ref := g.eventRef(ev)
	for _, i := range g.snap.byEvent[ev] {
		l := g.snap.links[i]
		a := g.snap.nodes[l.actor]
		keep := g.actors[l.actor] && g.counts(l) || withPlaces && a.Type == Place && !g.placeFiltered(a)
		if !keep {
			continue
		}
		if k := len(out); k > 0 && out[k-1].Target == l.actor {
			if rolePriority[l.role] < rolePriority[out[k-1].Type] {
				out[k-1].Type = l.role
			}
			continue
		}
		out = append(out, Edge{
			Source: ev, Target: l.actor, Type: l.role, Weight: 1,
			Events: []EventRef{ref}, Spells: refSpells([]EventRef{ref}),
		})
	}
	return out
}

// placeFiltered tells whether a Gizmo query leaves a place out.
func (g *Subgraph) placeFiltered(p *Node) bool {
	return g.gizmo != nil && !g.gizmo[p.ID] && !g.linkedToGizmoEvent(p.ID)
}

// actorEvents lists the kept events an actor appears in.
func (g *Subgraph) actorEvents(id string) []string {
	var out []string
	for _, i := range g.snap.byActor[id] {
		l := g.snap.links[i]
		if g.events[l.event] && g.counts(l) && !slices.Contains(out, l.event) {
			out = append(out, l.event)
		}
	}
	return out
}

func (g *Subgraph) actorNode(id string, events []string) Node {
	src := g.snap.nodes[id]
	n := Node{ID: id, Type: src.Type, Label: src.Label, Kind: src.Kind, Legislator: src.Legislator}
	refs := make([]EventRef, 0, len(events))
	for _, ev := range events {
		refs = append(refs, g.eventRef(ev))
	}
	sortRefs(refs)
	n.Events = len(refs)
	for _, r := range refs {
		if r.Entry != "" {
			n.Sources = append(n.Sources, r.Entry)
		}
		if r.Start != "" && (n.Start == "" || r.Start < n.Start) {
			n.Start = r.Start
		}
		if r.End > n.End {
			n.End = r.End
		}
	}
	n.Spells = refSpells(refs)
	return n
}

func (g *Subgraph) eventNode(id string) Node {
	src := g.snap.nodes[id]
	n := *src
	n.Sources = slices.Clone(src.Sources)
	n.Events = 1
	n.Spells = refSpells([]EventRef{g.eventRef(id)})
	n.Metrics = nil
	return n
}

func (g *Subgraph) eventRef(id string) EventRef {
	n := g.snap.nodes[id]
	r := EventRef{ID: id, Label: n.Label, Start: n.Start, End: n.End}
	if len(n.Sources) > 0 {
		r.Entry = n.Sources[0]
	}
	return r
}

func sortRefs(refs []EventRef) {
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Start != refs[j].Start {
			return refs[i].Start < refs[j].Start
		}
		return refs[i].ID < refs[j].ID
	})
}

// refSpells merges the dated events' intervals into disjoint spells, in date order:
// Gephi rejects overlapping spells on one element.
func refSpells(refs []EventRef) []Spell {
	var iv []Spell
	for _, r := range refs {
		if r.Start == "" {
			continue
		}
		end := r.End
		if end == "" || end < r.Start {
			end = r.Start
		}
		iv = append(iv, Spell{r.Start, end})
	}
	sort.Slice(iv, func(i, j int) bool { return iv[i].Start < iv[j].Start })
	var out []Spell
	for _, s := range iv {
		if k := len(out); k > 0 && s.Start <= out[k-1].End {
			if s.End > out[k-1].End {
				out[k-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, ok := range m {
		if ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Members returns the IRIs of the nodes of the subgraph's bipartite view and of the
// entries of its events: the subjects whose quads make up the subgraph's raw data.
func (g *Subgraph) Members() map[string]bool {
	n := g.Bipartite()
	out := make(map[string]bool, 2*len(n.Nodes))
	for _, nd := range n.Nodes {
		out[nd.ID] = true
		if nd.Type == Event {
			for _, e := range nd.Sources {
				out[e] = true
			}
		}
	}
	return out
}

// NodeType returns the type of a node of the snapshot; "" for an IRI that is no event,
// person, body or place (an entry, a document, a class).
func (s *Snapshot) NodeType(id string) NodeType {
	if n, ok := s.nodes[id]; ok {
		return n.Type
	}
	return ""
}

// IsEntry tells whether the IRI is an entry of the snapshot.
func (s *Snapshot) IsEntry(id string) bool {
	_, ok := s.entries[id]
	return ok
}
