// Package queries answers the questions users ask of the graph — which legislators
// took part in which events, what happened where and when, who appears with whom, how
// two actors are connected — as named queries: plain functions over a graph.Store that
// the HTTP API and the command line share. Every answer carries its provenance: the
// graph records what a source states, not what is true.
package queries

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"annals/graph"
)

// Params are the arguments of the named queries; each query reads the fields it needs
// and ignores the others.
type Params struct {
	ID      string // the event, person, body or place asked about (ID, IRI, name or alias)
	Person  string // filter: events of this person
	Body    string // filter: events of this body
	Place   string // filter: events at this place
	Country string // filter: events in this country
	Event   string // filter: this event only
	From    string // filter: events ending on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
	To      string // filter: events starting on or before this date
	Kind    string // filter: event kind ("conference", "rally", ...)
	Text    string // filter: words of the entry's text, all required
	Actor   string // the actor of a co-appearance, or the start of a connection
	Other   string // the end of a connection
	// With chooses the partners of a co-appearance: "people", "bodies" or "all" (default).
	With string
	// Participation chooses how legislators relate to events: "attended" (default),
	// "mentioned" or "any".
	Participation string
	// By chooses how legislators are grouped: "parliament" (default) or "country".
	By      string
	Limit   int // rows per page; 0 means the query's default
	Offset  int
	MaxHops int // longest connection searched, in shared events (default 6)

	// Index is the store's in-memory index. A nil Index is built on the spot, which
	// costs a pass over the whole store: servers build one at start and pass it in.
	Index *Index
}

// Result is the answer of a named query: one of *LegislatorEvents, *LegislatorGroups,
// *Events, *EventDetail, *Profile, *Venues, *CoAppearance, *Connection, *Stats or
// *Matches.
type Result interface {
	// Query is the name of the query that produced the result.
	Query() string
}

// Func is the shape of every named query.
type Func func(ctx context.Context, s *graph.Store, p Params) (Result, error)

// Named describes one named query.
type Named struct {
	Name    string
	Summary string
	Func    Func
}

// All lists the named queries.
func All() []Named {
	return []Named{
		{"legislators", "legislators × events: who, role, date, kind, place, source sentence", LegislatorEventsQuery},
		{"legislator-groups", "legislators of events grouped by parliament or by country, each with the membership placing them there", LegislatorGroupsQuery},
		{"events", "events by date range, place, person, body, kind and words of the text", EventsQuery},
		{"venue-events", "what happened at a place or in a country, by venue (not by mention), grouped by venue", VenueEventsQuery},
		{"venues", "where a person's or body's events took place, grouped by venue", VenuesQuery},
		{"event", "one event with its facts and its source", EventQuery},
		{"person", "profile of a person: aliases, roles, events, counts", PersonQuery},
		{"body", "profile of a body: aliases, events, counts", BodyQuery},
		{"place", "profile of a place: country, events, counts", PlaceQuery},
		{"coappearance", "people and bodies sharing events with an actor, weighted by shared events", CoAppearanceQuery},
		{"path", "shortest connection between two actors through shared events", PathQuery},
		{"stats", "counts by type, date span, documents loaded", StatsQuery},
		{"search", "people, bodies and places whose name or alias matches a prefix", SearchQuery},
	}
}

// Lookup finds a named query.
func Lookup(name string) (Named, bool) {
	for _, n := range All() {
		if n.Name == name {
			return n, true
		}
	}
	return Named{}, false
}

// ErrNotFound is wrapped by errors about an ID that names nothing in the graph.
var ErrNotFound = errors.New("not found")

// UnknownActorError says that what the user typed names no person, body or place of
// the graph, and which names come closest.
type UnknownActorError struct {
	Param       string // the parameter that named it ("actor", "person", "id" ...)
	Type        string // person, body, place, or "" for person or body
	Name        string
	Suggestions []Ref
}

func (e *UnknownActorError) Error() string {
	what := e.Type
	if what == "" {
		what = "actor"
	}
	msg := fmt.Sprintf("no %s named %q in the graph", what, e.Name)
	if len(e.Suggestions) > 0 {
		names := make([]string, len(e.Suggestions))
		for i, s := range e.Suggestions {
			names[i] = s.Name
		}
		msg += "; did you mean " + strings.Join(names, ", ") + "?"
	}
	return msg
}

// Unwrap makes an unknown actor an ErrNotFound.
func (e *UnknownActorError) Unwrap() error { return ErrNotFound }

// ErrBadDate is wrapped by the ParamError of a date that cannot be read.
var ErrBadDate = errors.New("bad date")

// ParamError says that a parameter's value cannot be used.
type ParamError struct {
	Param  string
	Value  string
	Reason string
	Err    error // a sentinel such as ErrBadDate, or nil
}

// Unwrap returns the sentinel the error is an instance of.
func (e *ParamError) Unwrap() error { return e.Err }

func (e *ParamError) Error() string {
	return fmt.Sprintf("parameter %s=%q: %s", e.Param, e.Value, e.Reason)
}

// dateRange parses From and To into inclusive ISO days; empty bounds stay empty.
func dateRange(p Params) (from, to string, err error) {
	if from, err = parseDay(p.From, false); err != nil {
		return "", "", &ParamError{Param: "from", Value: p.From, Reason: err.Error(), Err: ErrBadDate}
	}
	if to, err = parseDay(p.To, true); err != nil {
		return "", "", &ParamError{Param: "to", Value: p.To, Reason: err.Error(), Err: ErrBadDate}
	}
	if from != "" && to != "" && from > to {
		return "", "", &ParamError{Param: "to", Value: p.To, Reason: "is before from=" + p.From, Err: ErrBadDate}
	}
	return from, to, nil
}

// parseDay reads "2023", "2023-06" or "2023-06-14"; a year or month stands for its first
// day, or its last when end is set.
func parseDay(s string, end bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range []struct {
		layout string
		step   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if t, err := time.Parse(layout.layout, s); err == nil {
			if end {
				t = layout.step(t)
			}
			return t.Format("2006-01-02"), nil
		}
	}
	return "", errors.New("not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
}

func (p Params) limit(def, max int) int {
	switch {
	case p.Limit <= 0:
		return def
	case p.Limit > max:
		return max
	}
	return p.Limit
}

func (p Params) index(ctx context.Context, s *graph.Store) (*Index, error) {
	if p.Index != nil {
		return p.Index, nil
	}
	return NewIndex(ctx, s)
}

// paginate returns the page [offset, offset+limit) of n items.
func paginate(n, offset, limit int) (lo, hi int) {
	lo = min(max(offset, 0), n)
	hi = min(lo+limit, n)
	return lo, hi
}
