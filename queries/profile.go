package queries

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// Role is a title or function the sources give an actor, with the first entry stating
// it and how many entries do.
type Role struct {
	Role       string     `json:"role"`
	Entries    int        `json:"entries"`
	Provenance Provenance `json:"provenance"`
}

// Counts summarizes how the sources cite an actor or a place.
type Counts struct {
	Events    int `json:"events"`
	Attended  int `json:"attended"`
	Organized int `json:"organized"`
	Mentioned int `json:"mentioned"`
	Located   int `json:"located"`
	Documents int `json:"documents"`
}

// ProfileEvent is an event of a profile and how the subject relates to it.
type ProfileEvent struct {
	Event
	Relation string `json:"relation"` // attended, organized, mentioned, location
}

// Profile is what the sources state about a person, a body or a place.
type Profile struct {
	Ref
	Aliases     []string `json:"aliases"`
	Roles       []Role   `json:"roles,omitempty"`
	Legislator  bool     `json:"legislator,omitempty"`
	Legislative bool     `json:"legislative,omitempty"`
	PlaceKind   string   `json:"place_kind,omitempty"`
	Country     string   `json:"country,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	// MemberOf are the bodies a person is a member of; Countries the countries a person
	// or body belongs to, serves or represents; Parents the bodies a body is part of:
	// each with the entries stating it (record format version 2).
	MemberOf  []Link `json:"member_of,omitempty"`
	Countries []Link `json:"countries,omitempty"`
	Parents   []Link `json:"parents,omitempty"`
	// Parts are the committees, chambers and offices of a body; Members the people the
	// sources make members of it.
	Parts   []Ref          `json:"parts,omitempty"`
	Members []Ref          `json:"members,omitempty"`
	Counts  Counts         `json:"counts"`
	Offset  int            `json:"offset"`
	Events  []ProfileEvent `json:"events"`
}

// Query implements Result.
func (p *Profile) Query() string { return p.Type }

// PersonQuery answers "person": the profile of Params.ID.
func PersonQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	return profile(ctx, s, p, TypePerson)
}

// BodyQuery answers "body": the profile of Params.ID.
func BodyQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	return profile(ctx, s, p, TypeBody)
}

// PlaceQuery answers "place": the profile of Params.ID.
func PlaceQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	return profile(ctx, s, p, TypePlace)
}

func profile(ctx context.Context, s *graph.Store, p Params, typ string) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.ID) == "" {
		return nil, &ParamError{Param: "id", Reason: "a " + typ + " ID or name is required"}
	}
	e, err := ss.snap.resolve("id", typ, p.ID)
	if err != nil {
		return nil, err
	}
	pr := &Profile{Ref: e.ref(), Aliases: aliasesOf(e), Offset: p.Offset}
	switch typ {
	case TypePerson:
		pr.Legislator = e.flag
		if pr.Roles, err = ss.roles(ctx, e); err != nil {
			return nil, err
		}
		if pr.MemberOf, err = ss.links(ctx, e.memberOf); err != nil {
			return nil, err
		}
	case TypeBody:
		pr.Legislative = e.flag
		if pr.Parents, err = ss.links(ctx, e.parentOf); err != nil {
			return nil, err
		}
		if len(e.parts) > 0 {
			pr.Parts = refsByName(e.parts)
		}
		if len(e.members) > 0 {
			pr.Members = refsByName(e.members)
		}
	case TypePlace:
		pr.PlaceKind, pr.Country = e.placeKind, e.country
		pr.Lat, pr.Lon = e.lat, e.lon
	}
	if typ != TypePlace {
		if pr.Countries, err = ss.links(ctx, e.countryOf); err != nil {
			return nil, err
		}
	}
	evs, c := ss.profileEvents(e)
	pr.Counts = c
	lo, hi := paginate(len(evs), p.Offset, p.limit(50, 1000))
	pr.Events = make([]ProfileEvent, 0, hi-lo)
	for _, c := range evs[lo:hi] {
		ev, err := ss.event(ctx, c.event.iri)
		if err != nil {
			return nil, err
		}
		pr.Events = append(pr.Events, ProfileEvent{Event: *ev, Relation: relation(c.pred)})
	}
	return pr, nil
}

func aliasesOf(e *entity) []string {
	out := []string{}
	for _, a := range e.aliases {
		if a != e.name {
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}

// profileEvents are the events a profile of e lists and their counts, counted when
// the snapshot was finished.
func (ss *session) profileEvents(e *entity) ([]citation, Counts) {
	if e.profile == nil { // an entity the snapshot does not hold
		return nil, Counts{}
	}
	return e.profile.events, e.profile.counts
}

// docKeyOfEvent is the document part of an event IRI (graph.EventIRI).
func docKeyOfEvent(iri quad.IRI) string {
	s := strings.TrimPrefix(string(iri), graph.NodeNS+"event/")
	if i := strings.LastIndex(s, "/L"); i >= 0 {
		return s[:i]
	}
	return s
}

// roles are the job titles the sources give a person, most stated first, each with
// the earliest entry stating it (the only entry read).
func (ss *session) roles(ctx context.Context, e *entity) ([]Role, error) {
	tallies := slices.Clone(e.roles)
	sort.SliceStable(tallies, func(i, j int) bool { return tallies[i].entries > tallies[j].entries })
	out := make([]Role, 0, len(tallies))
	for _, t := range tallies {
		prov, err := ss.provenance(ctx, t.first)
		if err != nil {
			return nil, err
		}
		out = append(out, Role{Role: t.role, Entries: t.entries, Provenance: *prov})
	}
	return out, nil
}

// entryBefore orders entry IRIs (graph.EntryIRI) by document, then line.
func entryBefore(a, b quad.IRI) bool {
	da, la := splitEntry(a)
	db, lb := splitEntry(b)
	if da != db {
		return da < db
	}
	return la < lb
}

func splitEntry(iri quad.IRI) (doc string, line int) {
	s := strings.TrimPrefix(string(iri), graph.NodeNS+"entry/")
	i := strings.LastIndex(s, "/L")
	if i < 0 {
		return s, 0
	}
	line, _ = strconv.Atoi(s[i+2:])
	return s[:i], line
}

// role is the title the entry of an event gives a person, or else the one most stated.
func (ss *session) role(ctx context.Context, person quad.IRI, entry string) (string, error) {
	pref, eref := ss.r.ref(person), ss.r.ref(quad.IRI(entry))
	jt := ss.r.ref(graph.JobTitle)
	if pref == nil || jt == nil {
		return "", nil
	}
	if eref != nil {
		var role string
		err := ss.r.each(ctx, pattern{sub: pref, pred: jt, label: eref}, func(l link) error {
			if role == "" {
				role = text(ss.r.value(l.obj))
			}
			return nil
		})
		if err != nil || role != "" {
			return role, err
		}
	}
	if e := ss.snap.entities[person]; e != nil {
		return mostStatedRole(e), nil
	}
	return text(ss.r.first(ctx, pref, graph.JobTitle)), nil
}

// mostStatedRole is the title the most entries give the person, the one stated first
// on a tie: the index's tallies answer it without walking the person's quads in the
// store, which for a hub are tens of thousands of titles and memberships.
func mostStatedRole(e *entity) string {
	var best *roleTally
	for _, t := range e.roles {
		if best == nil || t.entries > best.entries || t.entries == best.entries && entryBefore(t.first, best.first) {
			best = t
		}
	}
	if best == nil {
		return ""
	}
	return best.role
}
