// Package loader writes extraction records into the graph as quads: one document per
// transaction, idempotent, replacing exactly the facts of a document that changed.
package loader

import (
	"context"
	"fmt"
	"time"

	"annals/extract"
	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Summary tells what a load did.
type Summary struct {
	Documents    int
	Entries      int
	QuadsAdded   int
	QuadsRemoved int
	Warnings     int
	Elapsed      time.Duration
}

// Add accumulates the summary of another load into s.
func (s *Summary) Add(o Summary) {
	s.Documents += o.Documents
	s.Entries += o.Entries
	s.QuadsAdded += o.QuadsAdded
	s.QuadsRemoved += o.QuadsRemoved
	s.Warnings += o.Warnings
	s.Elapsed += o.Elapsed
}

// Quads maps the records of one document to quads, each labelled with its entry.
// The result has no duplicates and its order depends only on recs.
func Quads(source string, recs []extract.Record) []quad.Quad {
	out := make([]quad.Quad, 0, len(recs)*40)
	seen := make(map[quad.Quad]struct{}, 64)
	for i := range recs {
		out = entryQuads(out, seen, source, &recs[i])
		clear(seen)
	}
	return out
}

// entryQuads appends the quads of one record, each labelled with its entry. seen holds
// the quads of this entry already appended: a person named twice in one entry is one fact.
func entryQuads(out []quad.Quad, seen map[quad.Quad]struct{}, source string, r *extract.Record) []quad.Quad {
	entry := graph.EntryIRI(source, r.Line)
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: entry}
		if _, dup := seen[q]; dup {
			return
		}
		seen[q] = struct{}{}
		out = append(out, q)
	}
	str := func(s quad.Value, p quad.IRI, v string) {
		if v != "" {
			add(s, p, quad.String(v))
		}
	}

	doc := graph.DocumentIRI(source)
	add(doc, graph.Type, graph.ClassDocument)
	add(doc, graph.Name, quad.String(source))

	add(entry, graph.Type, graph.ClassEntry)
	add(entry, graph.Source, doc)
	add(entry, graph.Line, quad.Int(r.Line))
	add(entry, graph.SpanStart, quad.Int(r.Span[0]))
	add(entry, graph.SpanEnd, quad.Int(r.Span[1]))
	str(entry, graph.Text, r.Text)
	for _, w := range r.Warnings {
		str(entry, graph.Warning, w)
	}

	event := graph.EventIRI(source, r.Line)
	add(event, graph.Type, graph.ClassEvent)
	add(event, graph.EntryOf, entry)
	str(event, graph.Kind, r.Kind)
	if d := r.Date; d != nil {
		str(event, graph.StartDate, d.Start)
		str(event, graph.EndDate, d.End)
		str(event, graph.DateText, d.Text)
		str(event, graph.Precision, d.Precision)
	}

	for _, p := range r.People {
		if graph.Key(p.Name) == "" {
			continue
		}
		person := graph.PersonIRI(p.Name)
		if p.Participant {
			add(event, graph.Attendee, person)
		} else {
			add(event, graph.Mentions, person)
		}
		add(person, graph.Type, graph.ClassPerson)
		add(person, graph.Name, quad.String(p.Name))
		for _, a := range p.Aliases {
			if a != p.Name {
				str(person, graph.AlternateName, a)
			}
		}
		for _, role := range p.Roles {
			str(person, graph.JobTitle, role)
		}
		if p.Legislator {
			add(person, graph.Legislator, quad.Bool(true))
		}
	}

	for _, b := range r.Bodies {
		if graph.Key(b.Name) == "" {
			continue
		}
		body := graph.BodyIRI(b.Name)
		// The record does not say whether a body took part in the event, only that the
		// entry names it.
		add(event, graph.Mentions, body)
		add(body, graph.Type, graph.ClassOrganization)
		add(body, graph.Name, quad.String(b.Name))
		for _, a := range b.Aliases {
			if a != b.Name {
				str(body, graph.AlternateName, a)
			}
		}
		if b.Legislative {
			add(body, graph.Legislative, quad.Bool(true))
		}
	}

	for _, p := range r.Places {
		if graph.Key(p.Name) == "" {
			continue
		}
		place := placeIRI(p)
		add(event, graph.Location, place)
		add(place, graph.Type, graph.ClassPlace)
		add(place, graph.Name, quad.String(p.Name))
		str(place, graph.Kind, p.Kind)
		for _, a := range p.Aliases {
			if a != p.Name {
				str(place, graph.AlternateName, a)
			}
		}
		if p.Lat != 0 || p.Lon != 0 {
			add(place, graph.Latitude, quad.Float(p.Lat))
			add(place, graph.Longitude, quad.Float(p.Lon))
		}
		if p.Kind == "country" {
			if p.GeonameID > 0 {
				add(place, graph.SameAs, graph.GeoNamesIRI(p.GeonameID))
			}
			continue
		}
		if graph.Key(p.Country) != "" {
			country := graph.CountryIRI(p.Country)
			add(place, graph.ContainedIn, country)
			add(country, graph.Type, graph.ClassPlace)
			add(country, graph.Name, quad.String(p.Country))
			add(country, graph.Kind, quad.String("country"))
		}
	}
	return out
}

func placeIRI(p extract.Place) quad.IRI {
	if p.Kind == "country" {
		return graph.CountryIRI(p.Name)
	}
	return graph.PlaceIRI(p.GeonameID, p.Name, p.Country)
}

// LoadDocument replaces the facts of one document in the store by those of recs, in
// one transaction.
//
// It reads the quads the store holds for the document (the quads labelled with its
// entries), removes those recs no longer state and adds the new ones: loading the same
// records twice changes nothing, and editing one entry changes only that entry's quads.
// On error nothing of the document is written.
func LoadDocument(ctx context.Context, s *graph.Store, source string, recs []extract.Record) (Summary, error) {
	start := time.Now()
	sum := Summary{Documents: 1, Entries: len(recs)}
	for i := range recs {
		sum.Warnings += len(recs[i].Warnings)
		if err := checkRecord(source, &recs[i]); err != nil {
			return Summary{}, fmt.Errorf("load %s: record %d: %w", source, i+1, err)
		}
	}
	if err := checkLines(recs); err != nil {
		return Summary{}, fmt.Errorf("load %s: %w", source, err)
	}
	want := Quads(source, recs)
	err := s.Update(ctx, func(ctx context.Context) ([]cgraph.Delta, error) {
		have, err := documentQuads(ctx, s, source)
		if err != nil {
			return nil, fmt.Errorf("read the document's quads: %w", err)
		}
		deltas := diff(have, want)
		for _, d := range deltas {
			if d.Action == cgraph.Add {
				sum.QuadsAdded++
			} else {
				sum.QuadsRemoved++
			}
		}
		return deltas, nil
	})
	if err != nil {
		return Summary{}, fmt.Errorf("load %s: %w", source, err)
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// checkRecord rejects a record whose provenance cannot be recorded.
func checkRecord(source string, r *extract.Record) error {
	if r.Source != "" && r.Source != source {
		return fmt.Errorf("line %d: source %q, want %q", r.Line, r.Source, source)
	}
	if r.Line <= 0 {
		return fmt.Errorf("line %d: line must be positive", r.Line)
	}
	if r.Span[0] < 0 || r.Span[1] < r.Span[0] {
		return fmt.Errorf("line %d: bad span [%d, %d]", r.Line, r.Span[0], r.Span[1])
	}
	return nil
}

// checkLines rejects two records on one line: they would share an entry and an event.
func checkLines(recs []extract.Record) error {
	seen := make(map[int]struct{}, len(recs))
	for i := range recs {
		if _, dup := seen[recs[i].Line]; dup {
			return fmt.Errorf("line %d: two records start on this line", recs[i].Line)
		}
		seen[recs[i].Line] = struct{}{}
	}
	return nil
}

// documentQuads returns the quads the store holds for the document: those labelled
// with one of its entries.
func documentQuads(ctx context.Context, s *graph.Store, source string) ([]quad.Quad, error) {
	entries, err := s.DocumentEntries(ctx, source)
	if err != nil {
		return nil, err
	}
	var out []quad.Quad
	for _, e := range entries {
		qs, err := s.QuadsLabelled(ctx, e)
		if err != nil {
			return nil, err
		}
		out = append(out, qs...)
	}
	return out, nil
}

// diff returns the deltas that turn have into want: removals first, then additions in
// the order of want.
func diff(have, want []quad.Quad) []cgraph.Delta {
	if len(have) == 0 {
		deltas := make([]cgraph.Delta, len(want))
		for i, q := range want {
			deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
		}
		return deltas
	}
	old := make(map[quad.Quad]bool, len(have)) // true once want states it too
	for _, q := range have {
		old[q] = false
	}
	var deltas []cgraph.Delta
	var adds []cgraph.Delta
	for _, q := range want {
		if _, ok := old[q]; ok {
			old[q] = true
			continue
		}
		adds = append(adds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	for _, q := range have {
		if kept, ok := old[q]; ok && !kept {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			delete(old, q) // have may repeat a quad only if the store does; remove once
		}
	}
	return append(deltas, adds...)
}
