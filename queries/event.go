package queries

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
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
	return &session{r: newReader(s), snap: x.get(), events: make(map[quad.IRI]*Event), entries: make(map[quad.IRI]*Provenance)}, nil
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

// event reads an event: one look-up of its quads, one of its entry's.
func (ss *session) event(ctx context.Context, iri quad.IRI) (*Event, error) {
	if ev, ok := ss.events[iri]; ok {
		return ev, nil
	}
	ref := ss.r.ref(iri)
	if ref == nil {
		return nil, fmt.Errorf("event %q: %w", IDOf(iri), ErrNotFound)
	}
	ev := &Event{Ref: Ref{ID: IDOf(iri), IRI: string(iri), Type: TypeEvent}, Places: []Place{}, MentionedPlaces: []Place{}, Participants: []Ref{}, Mentioned: []Ref{}, Organizers: []Ref{}}
	var entry quad.IRI
	isEvent := false
	err := ss.r.each(ctx, pattern{sub: ref}, func(l link) error {
		pred, _ := ss.r.value(l.pred).(quad.IRI)
		obj := ss.r.value(l.obj)
		oiri, _ := obj.(quad.IRI)
		switch pred {
		case graph.Type:
			isEvent = isEvent || oiri == graph.ClassEvent
		case graph.StartDate:
			ev.Date.Start = date(obj)
		case graph.EndDate:
			ev.Date.End = date(obj)
		case graph.DateText:
			ev.Date.Text = text(obj)
		case graph.Precision:
			ev.Date.Precision = text(obj)
		case graph.Kind:
			ev.Kind = text(obj)
		case graph.Location:
			ev.Places = appendPlace(ev.Places, ss.placeOf(oiri))
		case graph.MentionsPlace:
			ev.MentionedPlaces = appendPlace(ev.MentionedPlaces, ss.placeOf(oiri))
		case graph.Attendee:
			ev.Participants = appendRef(ev.Participants, ss.refOf(oiri))
		case graph.Mentions:
			ev.Mentioned = appendRef(ev.Mentioned, ss.refOf(oiri))
		case graph.Organizer:
			ev.Organizers = appendRef(ev.Organizers, ss.refOf(oiri))
		case graph.EntryOf:
			entry = oiri
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !isEvent && ev.Date.Start == "" && entry == "" {
		return nil, fmt.Errorf("event %q: %w", IDOf(iri), ErrNotFound)
	}
	if ev.Date.End == "" {
		ev.Date.End = ev.Date.Start
	}
	ev.Name = eventName(ev)
	if entry != "" {
		prov, err := ss.provenance(ctx, entry)
		if err != nil {
			return nil, err
		}
		ev.Provenance = *prov
	}
	ss.events[iri] = ev
	return ev, nil
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

// provenance reads an entry: its sentence, line and document.
func (ss *session) provenance(ctx context.Context, entry quad.IRI) (*Provenance, error) {
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
// once with the strongest predicate citing it (attendance before mention). The index
// keeps each node's citations in that order, so this is one pass, no sort.
func (ss *session) eventsOf(node *entity, preds ...quad.IRI) []citation {
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
