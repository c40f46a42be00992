package queries

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Provenance is where a fact was read: the document, the line of its entry, and the
// entry's sentence, which is what the source states.
type Provenance struct {
	Source string `json:"source"`
	Line   int    `json:"line"`
	Entry  string `json:"entry"`
	States string `json:"states"`
}

// Date is the date of an event as the source gives it and the ISO range it denotes.
type Date struct {
	Text      string `json:"text,omitempty"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
	Precision string `json:"precision,omitempty"`
}

// Place is a place of an event.
type Place struct {
	Ref
	Kind    string `json:"kind,omitempty"` // city, region, site or country
	Country string `json:"country,omitempty"`
}

// Event is an event as a source reports it.
type Event struct {
	Ref
	Date   Date    `json:"date"`
	Kind   string  `json:"kind,omitempty"`
	Places []Place `json:"places"`
	// MentionedPlaces are places the entry names without the event taking place there
	// (in a title, as a topic, as an origin).
	MentionedPlaces []Place    `json:"mentioned_places"`
	Participants    []Ref      `json:"participants"`
	Mentioned       []Ref      `json:"mentioned"`
	Organizers      []Ref      `json:"organizers"`
	Provenance      Provenance `json:"provenance"`
}

// Fact is one statement of a source about an event or one of its actors.
type Fact struct {
	Subject   Ref    `json:"subject"`
	Predicate string `json:"predicate"`
	Value     string `json:"value"`
	Object    *Ref   `json:"object,omitempty"`
}

// EventDetail is one event with every fact its entry states.
type EventDetail struct {
	Event
	Facts []Fact `json:"facts"`
}

// Query implements Result.
func (*EventDetail) Query() string { return "event" }

// Events is a page of events.
type Events struct {
	Total  int     `json:"total"`
	Offset int     `json:"offset"`
	Events []Event `json:"events"`
}

// Query implements Result.
func (*Events) Query() string { return "events" }

// session is the state of one query: the reader, the index snapshot and what was read.
type session struct {
	s       *graph.Store
	r       *reader
	snap    *snapshot
	events  map[quad.IRI]*Event
	entries map[quad.IRI]*Provenance
}

func newSession(ctx context.Context, s *graph.Store, p Params) (*session, error) {
	if s == nil || s.Handle == nil {
		return nil, fmt.Errorf("queries: no store")
	}
	x, err := p.index(ctx, s)
	if err != nil {
		return nil, err
	}
	return &session{s: s, r: newReader(s), snap: x.get(), events: make(map[quad.IRI]*Event), entries: make(map[quad.IRI]*Provenance)}, nil
}

// refOf is the Ref of a node, named from the index.
func (ss *session) refOf(iri quad.IRI) Ref {
	if e := ss.snap.entities[iri]; e != nil {
		return e.ref()
	}
	return Ref{ID: IDOf(iri), IRI: string(iri), Type: typeOf(iri), Name: IDOf(iri)}
}

func (ss *session) placeOf(iri quad.IRI) Place {
	p := Place{Ref: ss.refOf(iri)}
	if e := ss.snap.entities[iri]; e != nil {
		p.Kind, p.Country = e.placeKind, e.country
	}
	return p
}

// event is an event as the index knows it, with its entry's sentence read from the
// store: one look-up per event, the only one a list of events makes per event shown.
func (ss *session) event(ctx context.Context, iri quad.IRI) (*Event, error) {
	if ev, ok := ss.events[iri]; ok {
		return ev, nil
	}
	info := ss.snap.events[iri]
	if info == nil {
		return nil, fmt.Errorf("event %q: %w", IDOf(iri), ErrNotFound)
	}
	ev := ss.summary(info)
	if info.entry != "" {
		prov, err := ss.provenanceOf(ctx, info)
		if err != nil {
			return nil, err
		}
		ev.Provenance = prov
	}
	ss.events[iri] = ev
	return ev, nil
}

// summary is an event from the index alone: everything but its sentence.
func (ss *session) summary(info *eventInfo) *Event {
	ev := &Event{Ref: Ref{ID: IDOf(info.iri), IRI: string(info.iri), Type: TypeEvent},
		Date: Date{Text: info.dateText, Start: info.start, End: info.end, Precision: info.precision},
		Kind: info.kind, Places: make([]Place, 0, len(info.places)), MentionedPlaces: []Place{},
		Participants: []Ref{}, Mentioned: []Ref{}, Organizers: []Ref{}}
	for _, pl := range info.places {
		ev.Places = append(ev.Places, ss.placeOf(pl))
	}
	for _, pl := range info.mentioned {
		ev.MentionedPlaces = append(ev.MentionedPlaces, ss.placeOf(pl))
	}
	for _, c := range info.actors {
		switch c.pred {
		case graph.Attendee:
			ev.Participants = appendRef(ev.Participants, c.actor.ref())
		case graph.Mentions:
			ev.Mentioned = appendRef(ev.Mentioned, c.actor.ref())
		case graph.Organizer:
			ev.Organizers = appendRef(ev.Organizers, c.actor.ref())
		}
	}
	ev.Name = eventName(ev)
	if info.entry != "" {
		ev.Provenance = Provenance{Entry: string(info.entry), Source: ss.docName(info.source), Line: info.line}
	}
	return ev
}

// provenanceOf is the provenance of an event: document and line from the index, the
// sentence read from the store.
func (ss *session) provenanceOf(ctx context.Context, info *eventInfo) (Provenance, error) {
	if p, ok := ss.entries[info.entry]; ok {
		return *p, nil
	}
	p := &Provenance{Entry: string(info.entry), Source: ss.docName(info.source), Line: info.line}
	states, err := ss.sentenceByID(ctx, info)
	if err != nil {
		return Provenance{}, err
	}
	p.States = states
	ss.entries[info.entry] = p
	return *p, nil
}

// sentenceByID reads the text of an event's entry by the id the index keeps of it (one
// look-up), or through the entry when the index has no id or the id reads back as
// nothing (a value the store no longer holds).
func (ss *session) sentenceByID(ctx context.Context, info *eventInfo) (string, error) {
	if info.textID != 0 {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		v, err := ss.s.ValueByID(info.textID)
		if err != nil {
			return "", err
		}
		if v != nil {
			return text(v), nil
		}
	}
	return ss.sentence(ctx, info.entry)
}

// sentence reads the text of an entry: one walk of the entry's quads (a few), naming
// only the text's value.
func (ss *session) sentence(ctx context.Context, entry quad.IRI) (string, error) {
	ref, textRef := ss.r.ref(entry), ss.r.ref(graph.Text)
	if ref == nil || textRef == nil {
		return "", nil
	}
	var states string
	err := ss.r.each(ctx, pattern{sub: ref}, func(l link) error {
		if states == "" && refs.ToKey(l.pred) == refs.ToKey(textRef) {
			states = text(ss.r.value(l.obj))
		}
		return nil
	})
	return states, err
}

// docName is the name of a document, or its key when it has none.
func (ss *session) docName(doc quad.IRI) string {
	if doc == "" {
		return ""
	}
	if d := ss.snap.docs[doc]; d != nil {
		return d.name
	}
	return strings.TrimPrefix(string(doc), graph.NodeNS+"doc/")
}

// eventName is a short title: "conference, 2023-02-04, Toronto".
func eventName(ev *Event) string {
	parts := []string{}
	if ev.Kind != "" {
		parts = append(parts, ev.Kind)
	}
	if ev.Date.Start != "" {
		d := ev.Date.Start
		if ev.Date.End != "" && ev.Date.End != ev.Date.Start {
			d += "/" + ev.Date.End
		}
		parts = append(parts, d)
	}
	for _, p := range ev.Places {
		parts = append(parts, p.Name)
	}
	return strings.Join(parts, ", ")
}

// provenance is where an entry is: its document and line from the index when the
// index knows the entry's event (graph.EventIRI names it as graph.EntryIRI names the
// entry), its sentence read from the store; otherwise all three read from the store.
func (ss *session) provenance(ctx context.Context, entry quad.IRI) (*Provenance, error) {
	if p, ok := ss.entries[entry]; ok {
		return p, nil
	}
	if rest, ok := strings.CutPrefix(string(entry), graph.NodeNS+"entry/"); ok {
		if info := ss.snap.events[quad.IRI(graph.NodeNS+"event/"+rest)]; info != nil && info.entry == entry {
			p, err := ss.provenanceOf(ctx, info)
			return &p, err
		}
	}
	return ss.storeProvenance(ctx, entry)
}

// storeProvenance reads an entry from the store: its sentence, line and document.
func (ss *session) storeProvenance(ctx context.Context, entry quad.IRI) (*Provenance, error) {
	if p, ok := ss.entries[entry]; ok {
		return p, nil
	}
	p := &Provenance{Entry: string(entry)}
	if ref := ss.r.ref(entry); ref != nil {
		err := ss.r.each(ctx, pattern{sub: ref}, func(l link) error {
			pred, _ := ss.r.value(l.pred).(quad.IRI)
			switch pred {
			case graph.Text:
				p.States = text(ss.r.value(l.obj))
			case graph.Line:
				p.Line = number(ss.r.value(l.obj))
			case graph.Source:
				doc, _ := ss.r.value(l.obj).(quad.IRI)
				if d := ss.snap.docs[doc]; d != nil {
					p.Source = d.name
				} else {
					p.Source = strings.TrimPrefix(string(doc), graph.NodeNS+"doc/")
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	ss.entries[entry] = p
	return p, nil
}

// eventsOf lists the events citing a node by the given predicates, by date, each
// once with the strongest predicate citing it (attendance before mention): for the
// predicates of the node's profile, the list counted when the snapshot was finished;
// for others, one pass over the node's citations (citedBy). The list may be the
// snapshot's own: read it, never change it.
func (ss *session) eventsOf(node *entity, preds ...quad.IRI) []citation {
	if node.profile != nil && slices.Equal(preds, profilePreds(node.typ)) {
		return node.profile.events
	}
	return citedBy(node, preds...)
}

// rank orders the ways an actor relates to an event, strongest first.
func rank(p quad.IRI) int {
	switch p {
	case graph.Attendee:
		return 0
	case graph.Organizer:
		return 1
	case graph.Location:
		return 2
	}
	return 3
}

// relation names a predicate linking an event to an actor.
func relation(p quad.IRI) string {
	switch p {
	case graph.Attendee:
		return "attended"
	case graph.Organizer:
		return "organized"
	case graph.Location:
		return "location"
	case graph.Mentions, graph.MentionsPlace:
		return "mentioned"
	}
	return curie(p)
}

var actorLinks = []quad.IRI{graph.Attendee, graph.Mentions, graph.Organizer}

// EventQuery answers "event": one event (Params.ID) with every fact its entry states
// about it and about its actors.
func EventQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	if p.ID == "" {
		return nil, &ParamError{Param: "id", Reason: "an event ID is required"}
	}
	iri := EventIRIOf(p.ID)
	ev, err := ss.event(ctx, iri)
	if err != nil {
		return nil, err
	}
	d := &EventDetail{Event: *ev, Facts: []Fact{}}
	entry := ss.r.ref(quad.IRI(ev.Provenance.Entry))
	subjects := []quad.IRI{iri}
	for _, group := range [][]Ref{ev.Participants, ev.Mentioned, ev.Organizers} {
		for _, a := range group {
			subjects = append(subjects, quad.IRI(a.IRI))
		}
	}
	for _, sub := range subjects {
		facts, err := ss.facts(ctx, sub, entry)
		if err != nil {
			return nil, err
		}
		d.Facts = append(d.Facts, facts...)
	}
	return d, nil
}

// facts are the quads about sub stated by one entry.
func (ss *session) facts(ctx context.Context, sub quad.IRI, entry cgraph.Ref) ([]Fact, error) {
	sref := ss.r.ref(sub)
	if sref == nil || entry == nil {
		return nil, nil
	}
	var out []Fact
	subject := ss.refOf(sub)
	if typeOf(sub) == TypeEvent {
		subject = Ref{ID: IDOf(sub), IRI: string(sub), Type: TypeEvent, Name: ss.events[sub].Name}
	}
	err := ss.r.each(ctx, pattern{sub: sref, label: entry}, func(l link) error {
		pred, _ := ss.r.value(l.pred).(quad.IRI)
		obj := ss.r.value(l.obj)
		f := Fact{Subject: subject, Predicate: curie(pred), Value: text(obj)}
		if oiri, ok := obj.(quad.IRI); ok {
			if t := typeOf(oiri); t != "" && t != TypeEvent {
				o := ss.refOf(oiri)
				f.Object = &o
				f.Value = o.Name
			} else {
				f.Value = curie(oiri)
			}
		}
		out = append(out, f)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Predicate < out[j].Predicate })
	return out, err
}

func appendRef(xs []Ref, r Ref) []Ref {
	for _, x := range xs {
		if x.IRI == r.IRI {
			return xs
		}
	}
	return append(xs, r)
}

func appendPlace(xs []Place, p Place) []Place {
	for _, x := range xs {
		if x.IRI == p.IRI {
			return xs
		}
	}
	return append(xs, p)
}
