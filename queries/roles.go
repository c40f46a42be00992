package queries

import (
	"context"
	"sort"
	"strings"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// Link is a link of a profile to another node — a membership, a parent body, a
// country — with how many entries state it and the earliest of them.
type Link struct {
	Ref
	Entries    int        `json:"entries"`
	Provenance Provenance `json:"provenance"`
}

// links turns the stated links of an entity into Links, most stated first.
func (ss *session) links(ctx context.Context, ls []statedLink) ([]Link, error) {
	out := make([]Link, 0, len(ls))
	for _, l := range ls {
		prov, err := ss.provenance(ctx, l.entry(0))
		if err != nil {
			return nil, err
		}
		out = append(out, Link{Ref: ss.refOf(l.to), Entries: l.count(), Provenance: *prov})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Entries > out[j].Entries })
	return out, nil
}

// refsByName lists entities by name.
func refsByName(es []*entity) []Ref {
	out := make([]Ref, 0, len(es))
	for _, e := range es {
		out = append(out, e.ref())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LegislatorAt is a legislator at one event, as a source states it.
type LegislatorAt struct {
	Event         Ref        `json:"event"`
	Date          Date       `json:"date"`
	Participation string     `json:"participation"` // attended or mentioned
	Provenance    Provenance `json:"provenance"`
}

// GroupedLegislator is a legislator of a group, the link that puts them in it (their
// membership of the parliament, a chamber or a committee of it, or their country),
// and their events.
type GroupedLegislator struct {
	Person Ref            `json:"person"`
	Via    *Link          `json:"via"`
	Events []LegislatorAt `json:"events"`
}

// LegislatorGroup is the legislators of one parliament or country. Group is nil for
// the legislators whose parliament (or country) no source states.
type LegislatorGroup struct {
	Group       *Ref                `json:"group"`
	People      int                 `json:"people"`
	Events      int                 `json:"events"`
	Legislators []GroupedLegislator `json:"legislators"`
}

// LegislatorGroups is a page of groups of legislators.
type LegislatorGroups struct {
	By     string            `json:"by"` // parliament or country
	Total  int               `json:"total"`
	Offset int               `json:"offset"`
	Groups []LegislatorGroup `json:"groups"`
}

// Query implements Result.
func (*LegislatorGroups) Query() string { return "legislator-groups" }

// LegislatorGroupsQuery answers "legislator-groups": the legislators of the events that
// pass the filters (an event, a date range, a place, a country, a kind, a body, words),
// grouped By "parliament" (the default: the top body of the legislative body each is a
// member of, following schema:parentOrganization) or "country" (annals:country, else
// their parliament's). It tells which parliaments' members attended an event.
func LegislatorGroupsQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	by := strings.TrimSpace(p.By)
	switch by {
	case "":
		by = "parliament"
	case "parliament", "country":
	default:
		return nil, &ParamError{Param: "by", Value: p.By, Reason: "must be parliament or country"}
	}
	preds, err := participationPreds(p.Participation)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, p, false)
	if err != nil {
		return nil, err
	}
	var links []legislatorLink
	if f.selective() {
		links = ss.legislatorsOfEvents(f, preds)
	} else {
		links = ss.eventsOfLegislators(f, nil, preds)
	}
	sort.Slice(links, func(i, j int) bool { return eventBefore(links[i].event, links[j].event) })

	type member struct {
		person *entity
		via    *statedLink
		links  []legislatorLink
	}
	type group struct {
		node    quad.IRI // "" for the ungrouped
		members map[quad.IRI]*member
		order   []quad.IRI
		events  map[quad.IRI]bool
	}
	groups := make(map[quad.IRI]*group)
	for _, l := range links {
		for _, g := range ss.groupsOf(l.person, by) {
			gr := groups[g.node]
			if gr == nil {
				gr = &group{node: g.node, members: make(map[quad.IRI]*member), events: make(map[quad.IRI]bool)}
				groups[g.node] = gr
			}
			m := gr.members[l.person.iri]
			if m == nil {
				m = &member{person: l.person, via: g.via}
				gr.members[l.person.iri] = m
				gr.order = append(gr.order, l.person.iri)
			}
			m.links = append(m.links, l)
			gr.events[l.event.iri] = true
		}
	}
	list := make([]*group, 0, len(groups))
	for _, g := range groups {
		list = append(list, g)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if (a.node == "") != (b.node == "") {
			return b.node == "" // the ungrouped last
		}
		if len(a.members) != len(b.members) {
			return len(a.members) > len(b.members)
		}
		return ss.refOf(a.node).Name < ss.refOf(b.node).Name
	})
	lo, hi := paginate(len(list), p.Offset, p.limit(100, 10000))
	out := &LegislatorGroups{By: by, Total: len(list), Offset: lo, Groups: make([]LegislatorGroup, 0, hi-lo)}
	for _, g := range list[lo:hi] {
		lg := LegislatorGroup{People: len(g.members), Events: len(g.events), Legislators: []GroupedLegislator{}}
		if g.node != "" {
			r := ss.refOf(g.node)
			lg.Group = &r
		}
		sort.SliceStable(g.order, func(i, j int) bool {
			return g.members[g.order[i]].person.name < g.members[g.order[j]].person.name
		})
		for _, iri := range g.order {
			m := g.members[iri]
			gl := GroupedLegislator{Person: m.person.ref(), Events: []LegislatorAt{}}
			if m.via != nil {
				vs, err := ss.links(ctx, []statedLink{*m.via})
				if err != nil {
					return nil, err
				}
				gl.Via = &vs[0]
			}
			for _, l := range m.links {
				ev, err := ss.event(ctx, l.event.iri)
				if err != nil {
					return nil, err
				}
				gl.Events = append(gl.Events, LegislatorAt{Event: ev.Ref, Date: ev.Date, Participation: relation(l.pred), Provenance: ev.Provenance})
			}
			lg.Legislators = append(lg.Legislators, gl)
		}
		out.Groups = append(out.Groups, lg)
	}
	return out, nil
}

func participationPreds(participation string) ([]quad.IRI, error) {
	switch participation {
	case "", "attended":
		return []quad.IRI{graph.Attendee}, nil
	case "mentioned":
		return []quad.IRI{graph.Mentions}, nil
	case "any":
		return []quad.IRI{graph.Attendee, graph.Mentions}, nil
	}
	return nil, &ParamError{Param: "participation", Value: participation, Reason: "must be attended, mentioned or any"}
}

// groupOf is a group a legislator belongs to and the link that puts them in it.
type groupOf struct {
	node quad.IRI
	via  *statedLink
}

// groupsOf are the parliaments (or countries) of a person; one group with no node
// when no source states any.
func (ss *session) groupsOf(person *entity, by string) []groupOf {
	var out []groupOf
	add := func(node quad.IRI, via *statedLink) {
		for _, g := range out {
			if g.node == node {
				return
			}
		}
		out = append(out, groupOf{node, via})
	}
	if by == "country" {
		for i := range person.countryOf {
			add(person.countryOf[i].to, &person.countryOf[i])
		}
	}
	if len(out) == 0 {
		for i := range person.memberOf {
			m := &person.memberOf[i]
			top, legislative := ss.topBody(m.to)
			if !legislative {
				continue
			}
			if by == "parliament" {
				add(top, m)
				continue
			}
			if b := ss.snap.entities[top]; b != nil && len(b.countryOf) > 0 {
				add(b.countryOf[0].to, m)
			}
		}
	}
	if len(out) == 0 {
		out = append(out, groupOf{})
	}
	return out
}

// topBody follows a body's parents to the top (a committee to its chamber to its
// parliament), and tells whether any body on the way is legislative.
func (ss *session) topBody(iri quad.IRI) (quad.IRI, bool) {
	legislative := false
	seen := make(map[quad.IRI]bool)
	for !seen[iri] {
		seen[iri] = true
		b := ss.snap.entities[iri]
		if b == nil {
			break
		}
		legislative = legislative || b.flag
		if len(b.parentOf) == 0 {
			break
		}
		iri = mostStated(b.parentOf)
	}
	return iri, legislative
}

// mostStated is the link most entries state, the first on a tie.
func mostStated(ls []statedLink) quad.IRI {
	best := ls[0]
	for _, l := range ls[1:] {
		if l.count() > best.count() {
			best = l
		}
	}
	return best.to
}

// VenueEvent is an event at a venue and how the subject of the query relates to it.
type VenueEvent struct {
	Event      Ref        `json:"event"`
	Date       Date       `json:"date"`
	Kind       string     `json:"kind,omitempty"`
	Relation   string     `json:"relation,omitempty"` // attended, organized, mentioned (the actor's part)
	Provenance Provenance `json:"provenance"`
}

// VenueGroup is the events at one venue: how many, and those of the page asked for.
// Place is nil for the events whose entries name no venue.
type VenueGroup struct {
	Place       *Place       `json:"place"`
	EventsTotal int          `json:"events_total"`
	Events      []VenueEvent `json:"events"`
}

// Venues is every venue of the events asked about, with how many events took place at
// each, and a page of those events (limit, offset) in the order of the groups. A venue
// of an event at two venues counts it once each.
type Venues struct {
	Subject Ref          `json:"subject"` // the actor or place asked about
	Events  int          `json:"events"`  // distinct events
	Total   int          `json:"total"`   // rows over all groups, which limit and offset page
	Offset  int          `json:"offset"`
	Groups  []VenueGroup `json:"groups"`
	query   string
}

// Query implements Result.
func (v *Venues) Query() string { return v.query }

// VenuesQuery answers "venues": where a person's or a body's events (Params.Actor)
// took place, grouped by venue (schema:location, never a place only mentioned), most
// events first; filtered by date range and kind.
func VenuesQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.Actor) == "" {
		return nil, &ParamError{Param: "actor", Reason: "a person or body is required"}
	}
	actor, err := ss.snap.resolve("actor", "", p.Actor)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, Params{From: p.From, To: p.To, Kind: p.Kind}, false)
	if err != nil {
		return nil, err
	}
	var cites []citation
	for _, c := range ss.eventsOf(actor, actorLinks...) {
		if f.match(ss, c.event) {
			cites = append(cites, c)
		}
	}
	return ss.venues(ctx, "venues", actor.ref(), cites, func(*eventInfo) []quad.IRI { return nil }, p)
}

// VenueEventsQuery answers "venue-events": what happened at a place (Params.Place) —
// the events that took place there or, for a country, anywhere in it — grouped by
// venue; an event that only mentions the place is not one of them. Filtered by date
// range and kind.
func VenueEventsQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.Place) == "" {
		return nil, &ParamError{Param: "place", Reason: "a place is required"}
	}
	place, err := ss.snap.resolve("place", TypePlace, p.Place)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, Params{From: p.From, To: p.To, Kind: p.Kind}, false)
	if err != nil {
		return nil, err
	}
	inside := func(iri quad.IRI) bool {
		if iri == place.iri {
			return true
		}
		e := ss.snap.entities[iri]
		return e != nil && e.countryIRI == place.iri
	}
	venues := append([]*entity{place}, place.within...)
	seen := make(map[*eventInfo]bool)
	var cites []citation
	for _, v := range venues {
		for _, c := range ss.eventsOf(v, graph.Location) {
			if !seen[c.event] && f.match(ss, c.event) {
				seen[c.event] = true
				cites = append(cites, citation{event: c.event})
			}
		}
	}
	sort.Slice(cites, func(i, j int) bool { return eventBefore(cites[i].event, cites[j].event) })
	only := func(ev *eventInfo) []quad.IRI {
		var out []quad.IRI
		for _, pl := range ev.places {
			if inside(pl) {
				out = append(out, pl)
			}
		}
		return out
	}
	return ss.venues(ctx, "venue-events", place.ref(), cites, only, p)
}

// venues groups events by their venues (those of only(ev) when it names any), most
// events first, and reads a page of the groups.
func (ss *session) venues(ctx context.Context, query string, subject Ref, cites []citation, only func(*eventInfo) []quad.IRI, p Params) (Result, error) {
	type group struct {
		place quad.IRI
		cites []citation
	}
	byPlace := make(map[quad.IRI]*group)
	var list []*group
	for _, c := range cites {
		places := only(c.event)
		if len(places) == 0 {
			places = c.event.places
		}
		if len(places) == 0 {
			places = []quad.IRI{""}
		}
		for _, pl := range places {
			g := byPlace[pl]
			if g == nil {
				g = &group{place: pl}
				byPlace[pl] = g
				list = append(list, g)
			}
			g.cites = append(g.cites, c)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if (a.place == "") != (b.place == "") {
			return b.place == ""
		}
		if len(a.cites) != len(b.cites) {
			return len(a.cites) > len(b.cites)
		}
		return ss.refOf(a.place).Name < ss.refOf(b.place).Name
	})
	rows := 0
	for _, g := range list {
		rows += len(g.cites)
	}
	lo, hi := paginate(rows, p.Offset, p.limit(100, 10000))
	out := &Venues{Subject: subject, Events: len(cites), Total: rows, Offset: lo, Groups: make([]VenueGroup, 0, len(list)), query: query}
	row := 0
	for _, g := range list {
		vg := VenueGroup{EventsTotal: len(g.cites), Events: []VenueEvent{}}
		if g.place != "" {
			pl := ss.placeOf(g.place)
			vg.Place = &pl
		}
		// Only the events of the page are read from the store.
		from, to := min(max(lo-row, 0), len(g.cites)), min(max(hi-row, 0), len(g.cites))
		row += len(g.cites)
		for _, c := range g.cites[from:to] {
			ev, err := ss.event(ctx, c.event.iri)
			if err != nil {
				return nil, err
			}
			ve := VenueEvent{Event: ev.Ref, Date: ev.Date, Kind: ev.Kind, Provenance: ev.Provenance}
			if c.pred != "" {
				ve.Relation = relation(c.pred)
			}
			vg.Events = append(vg.Events, ve)
		}
		out.Groups = append(out.Groups, vg)
	}
	return out, nil
}
