package network

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Snapshot is the event graph of a store read into memory: the events, the actors they
// name and the links between them, with the entries they come from. Selections and
// views are computed on it, so one read of the store serves every view and export.
type Snapshot struct {
	nodes   map[string]*Node
	aliases map[string][]string // node → alternate names
	entries map[string]entry    // entry IRI → its text
	links   []link
	byEvent map[string][]int // event → indexes into links
	byActor map[string][]int // actor → indexes into links
}

type entry struct {
	text string
	line int
}

// link is one stored event–actor quad.
type link struct {
	event, actor string
	role         string // LinkAttendee, LinkMentions, ...
	entry        string // the quad's label
}

// eventEntry is the entry an event was read from, kept until all quads are read.
type eventEntry struct{ event, entry string }

// Load reads the event graph of the store into a Snapshot, in one pass over its quads.
func Load(ctx context.Context, s *graph.Store) (*Snapshot, error) {
	r := cgraph.NewQuadStoreReader(s.QuadStore)
	defer r.Close()
	return readSnapshot(ctx, r)
}

// quadReader is the part of quad.Reader Load needs; tests and benchmarks feed quads
// without a store through it.
type quadReader interface {
	ReadQuad() (quad.Quad, error)
}

// FromQuads builds a Snapshot from quads in memory (the loader's output, say).
func FromQuads(ctx context.Context, quads []quad.Quad) (*Snapshot, error) {
	return readSnapshot(ctx, &sliceReader{quads: quads})
}

type sliceReader struct {
	quads []quad.Quad
	i     int
}

func (r *sliceReader) ReadQuad() (quad.Quad, error) {
	if r.i >= len(r.quads) {
		return quad.Quad{}, io.EOF
	}
	r.i++
	return r.quads[r.i-1], nil
}

func readSnapshot(ctx context.Context, r quadReader) (*Snapshot, error) {
	s := &Snapshot{
		nodes:   make(map[string]*Node),
		aliases: make(map[string][]string),
		entries: make(map[string]entry),
		byEvent: make(map[string][]int),
		byActor: make(map[string][]int),
	}
	var eventEntries []eventEntry
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("network: read quads: %w", err)
		}
		if ee, ok := s.add(q); ok {
			eventEntries = append(eventEntries, ee)
		}
	}
	s.finish(eventEntries)
	return s, nil
}

// add records one quad; it returns the event–entry pair of an annals:entry quad.
func (s *Snapshot) add(q quad.Quad) (eventEntry, bool) {
	subj, ok := iri(q.Subject)
	if !ok {
		return eventEntry{}, false
	}
	label, _ := iri(q.Label)
	switch q.Predicate {
	case graph.Type:
		if t, ok := classType(q.Object); ok {
			s.node(subj).Type = t
		}
	case graph.Name:
		s.node(subj).Label = literal(q.Object)
	case graph.AlternateName:
		s.aliases[subj] = append(s.aliases[subj], literal(q.Object))
	case graph.Kind:
		s.node(subj).Kind = literal(q.Object)
	case graph.StartDate:
		s.node(subj).Start = literal(q.Object)
	case graph.EndDate:
		s.node(subj).End = literal(q.Object)
	case graph.Legislator, graph.Legislative:
		s.node(subj).Legislator = truth(q.Object)
	case graph.Text:
		e := s.entries[subj]
		e.text = literal(q.Object)
		s.entries[subj] = e
	case graph.Line:
		e := s.entries[subj]
		if v, ok := q.Object.(quad.Int); ok {
			e.line = int(v)
		}
		s.entries[subj] = e
	case graph.EntryOf:
		if obj, ok := iri(q.Object); ok {
			return eventEntry{subj, obj}, true
		}
	case graph.Attendee, graph.Mentions, graph.Organizer, graph.Location:
		obj, ok := iri(q.Object)
		if !ok {
			return eventEntry{}, false
		}
		s.node(subj)
		s.node(obj)
		s.links = append(s.links, link{event: subj, actor: obj, role: localName(q.Predicate.(quad.IRI)), entry: label})
	}
	return eventEntry{}, false
}

// node returns the node of an IRI, creating it (typed by its IRI) on first sight.
func (s *Snapshot) node(id string) *Node {
	n, ok := s.nodes[id]
	if !ok {
		n = &Node{ID: id, Type: typeOfIRI(id)}
		s.nodes[id] = n
	}
	return n
}

// finish drops nodes that are neither events nor actors, attaches entries to events and
// indexes the links.
func (s *Snapshot) finish(eventEntries []eventEntry) {
	for id, n := range s.nodes {
		if n.Type == "" {
			delete(s.nodes, id)
		}
	}
	for _, ee := range eventEntries {
		n, ok := s.nodes[ee.event]
		if !ok || n.Type != Event {
			continue
		}
		n.Sources = append(n.Sources, ee.entry)
		if n.Text == "" {
			n.Text = s.entries[ee.entry].text
		}
	}
	kept := s.links[:0]
	for _, l := range s.links {
		e, a := s.nodes[l.event], s.nodes[l.actor]
		if e == nil || a == nil || e.Type != Event || a.Type == Event {
			continue
		}
		kept = append(kept, l)
	}
	s.links = kept
	sort.Slice(s.links, func(i, j int) bool {
		a, b := s.links[i], s.links[j]
		if a.event != b.event {
			return a.event < b.event
		}
		if a.actor != b.actor {
			return a.actor < b.actor
		}
		return a.role < b.role
	})
	for i, l := range s.links {
		s.byEvent[l.event] = append(s.byEvent[l.event], i)
		s.byActor[l.actor] = append(s.byActor[l.actor], i)
	}
	for id, n := range s.nodes {
		if n.Label == "" {
			n.Label = defaultLabel(n, id)
		}
		if n.Type == Event && n.End == "" {
			n.End = n.Start
		}
		sort.Strings(s.aliases[id])
	}
}

// defaultLabel names a node that has no schema:name: an event by its date and kind.
func defaultLabel(n *Node, id string) string {
	if n.Type == Event {
		parts := []string{}
		if n.Start != "" {
			parts = append(parts, n.Start)
		}
		if n.Kind != "" {
			parts = append(parts, n.Kind)
		}
		if len(parts) > 0 {
			return strings.Join(parts, " ")
		}
	}
	return id
}

// Len returns the number of events and of actors in the snapshot.
func (s *Snapshot) Len() (events, actors int) {
	for _, n := range s.nodes {
		if n.Type == Event {
			events++
		} else {
			actors++
		}
	}
	return events, actors
}

func classType(v quad.Value) (NodeType, bool) {
	switch v {
	case graph.ClassEvent:
		return Event, true
	case graph.ClassPerson:
		return Person, true
	case graph.ClassOrganization:
		return Body, true
	case graph.ClassPlace:
		return Place, true
	}
	return "", false
}

// typeOfIRI types a node the store gives no rdf:type for, by the shape of its IRI;
// "" for nodes that are not part of a network (entries, documents, classes).
func typeOfIRI(id string) NodeType {
	rest, ok := strings.CutPrefix(id, graph.NodeNS)
	if !ok {
		if strings.HasPrefix(id, graph.GeoNamesNS) {
			return Place
		}
		return ""
	}
	kind, _, _ := strings.Cut(rest, "/")
	switch kind {
	case "person":
		return Person
	case "body":
		return Body
	case "place", "country":
		return Place
	case "event":
		return Event
	}
	return ""
}

func iri(v quad.Value) (string, bool) {
	switch v := v.(type) {
	case quad.IRI:
		return string(v), true
	case quad.BNode:
		return "_:" + string(v), true
	}
	return "", false
}

// literal is the lexical form of a literal: "2023-02-04" whether the store holds it as
// a plain string, a typed string or a time.
func literal(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.Time:
		return time.Time(v).UTC().Format(time.DateOnly)
	case nil:
		return ""
	}
	return fmt.Sprint(v.Native())
}

func truth(v quad.Value) bool {
	switch v := v.(type) {
	case quad.Bool:
		return bool(v)
	default:
		return literal(v) == "true"
	}
}

func localName(p quad.IRI) string {
	s := string(p)
	if i := strings.LastIndexAny(s, "/#"); i >= 0 {
		return s[i+1:]
	}
	return s
}
