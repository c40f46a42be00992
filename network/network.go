// Package network selects subgraphs of the knowledge graph (the ego network of actors,
// a period, some node types, the answer of a Gizmo query) and views them as actor–event
// (bipartite) or actor–actor co-appearance networks, with analytics from gonum/graph.
//
// The CLI (`annals network`, `annals export`) and the HTTP API (/api/network,
// /api/export) share Select, so the same flags give the same subgraph everywhere.
package network

import "errors"

// NodeType is the type of a node of a network.
type NodeType string

// Node types. Actors are people, bodies and places; events link them.
const (
	Person NodeType = "person"
	Body   NodeType = "body"
	Place  NodeType = "place"
	Event  NodeType = "event"
)

// NodeTypes lists the node types in the order flags and documentation give them.
var NodeTypes = []NodeType{Person, Body, Place, Event}

// View is the shape of a network drawn from a subgraph.
type View string

// Views of a subgraph.
const (
	// Bipartite links events to the actors their entries name, as the store holds them.
	Bipartite View = "bipartite"
	// Projected links two actors once per event they share (co-appearance).
	Projected View = "projected"
)

// Link types of the bipartite view: the local names of the predicates they come from.
const (
	LinkAttendee  = "attendee"  // schema:attendee: a person who took part
	LinkMentions  = "mentions"  // annals:mentions: a person or body the entry refers to
	LinkOrganizer = "organizer" // schema:organizer
	LinkLocation  = "location"  // schema:location
	// LinkCoAppearance is the type of the edges of the projected view.
	LinkCoAppearance = "co-appearance"
)

// Errors callers branch on (HTTP status, exit code).
var (
	// ErrUnknownActor: a seed names no node of the graph.
	ErrUnknownActor = errors.New("unknown actor")
	// ErrAmbiguousActor: a seed's name fits several nodes.
	ErrAmbiguousActor = errors.New("ambiguous actor")
	// ErrBadSelection: the selection itself is malformed (a date, a type, a depth).
	ErrBadSelection = errors.New("bad selection")
	// ErrBadQuery: the Gizmo query does not compile or fails.
	ErrBadQuery = errors.New("bad gizmo query")
)

// Network is a view of a subgraph: nodes sorted by ID, edges by (Source, Target, Type).
type Network struct {
	View  View   `json:"view"`
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
	// Summary holds graph-level analytics once Analyze has run.
	Summary *Summary `json:"summary,omitempty"`
	// Analytics lists the metrics Analyze computed and its size limits.
	Analytics *Analytics `json:"analytics,omitempty"`
}

// Node is a person, body, place or event of a network.
type Node struct {
	ID    string   `json:"id"` // its IRI
	Type  NodeType `json:"type"`
	Label string   `json:"label"`
	// Kind is an event's kind ("conference") or a place's ("city").
	Kind string `json:"kind,omitempty"`
	// Legislator marks a legislator (person) or a legislative body.
	Legislator bool `json:"legislator,omitempty"`
	// Start and End are an event's dates; for an actor, its first and last event in view.
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Spells are the merged date intervals of the node's events in view (Gephi's timeline).
	Spells []Spell `json:"spells,omitempty"`
	// Events is the number of the node's events in view (1 for an event).
	Events int `json:"events"`
	// Sources are the entries (provenance) of the node's events in view.
	Sources []string `json:"sources,omitempty"`
	// Text is an event's source sentence, as the source states it.
	Text    string   `json:"text,omitempty"`
	Metrics *Metrics `json:"metrics,omitempty"`
}

// IsActor tells whether the node is a person, body or place (not an event).
func (n *Node) IsActor() bool { return n.Type != Event }

// Edge is a link of a network. In the bipartite view Source is an event and Target an
// actor; in the projected view Source < Target and Weight counts the shared events.
type Edge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Type   string `json:"type"`
	Weight int    `json:"weight"`
	// Events are the events behind the edge, in date order, each with its entry.
	Events []EventRef `json:"events"`
	Spells []Spell    `json:"spells,omitempty"`
}

// EventRef names an event behind an edge, with its dates and entry (provenance).
type EventRef struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	Entry string `json:"entry,omitempty"`
}

// Spell is an inclusive interval of ISO dates.
type Spell struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Node returns the node with the given ID, or nil.
func (n *Network) Node(id string) *Node {
	i, ok := n.index()[id]
	if !ok {
		return nil
	}
	return &n.Nodes[i]
}

func (n *Network) index() map[string]int {
	m := make(map[string]int, len(n.Nodes))
	for i := range n.Nodes {
		m[n.Nodes[i].ID] = i
	}
	return m
}
