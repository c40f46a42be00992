package queries_test

import (
	"annals/internal/testgraph"
	"context"
	"slices"
	"testing"

	"annals/graph"
	"annals/queries"
)

// rolesFixture is the graph of testdata/roles-v2.jsonl: five entries in record format
// version 2 (venues, memberships, parent bodies, countries), in a memory store.
func rolesFixture(t *testing.T) (*graph.Store, *queries.Index) {
	t.Helper()
	s := testgraph.Memory(t, "testdata/roles-v2.jsonl")
	x, err := queries.NewIndex(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return s, x
}

func runRoles[R queries.Result](t *testing.T, s *graph.Store, x *queries.Index, fn queries.Func, p queries.Params) R {
	t.Helper()
	p.Index = x
	res, err := fn(context.Background(), s, p)
	if err != nil {
		t.Fatalf("%+v: %v", p, err)
	}
	return res.(R)
}

// groupNames is "group: person via body @line, ..." for each group, to compare whole.
func groupNames(g *queries.LegislatorGroups) map[string][]string {
	out := make(map[string][]string)
	for _, gr := range g.Groups {
		name := "(unstated)"
		if gr.Group != nil {
			name = gr.Group.Name
		}
		for _, l := range gr.Legislators {
			s := l.Person.Name
			if l.Via != nil {
				s += " via " + l.Via.Name
				if l.Via.Provenance.Line == 0 || l.Via.Provenance.States == "" {
					s += " (no provenance)"
				}
			}
			for _, ev := range l.Events {
				if ev.Provenance.States == "" || ev.Provenance.Source != "roles-v2.txt" {
					s += " (event without provenance)"
				}
			}
			out[name] = append(out[name], s)
		}
	}
	return out
}

func TestLegislatorGroups(t *testing.T) {
	s, x := rolesFixture(t)
	for _, c := range []struct {
		name string
		p    queries.Params
		want map[string][]string
	}{
		{
			name: "which parliaments' members attended an event",
			p:    queries.Params{Event: "roles-v2-txt:L2"},
			want: map[string][]string{
				"Italian Parliament":   {"Lucia Bianchi via Italian Senate"},
				"Slovenian Parliament": {"Marko Novak via Foreign Affairs Committee"},
			},
		},
		{
			name: "legislators with no stated parliament are a group of their own",
			p:    queries.Params{Event: "roles-v2-txt:L4"},
			want: map[string][]string{
				"United States Congress": {"John Carter via Senate"},
				"(unstated)":             {"Pat Doe"},
			},
		},
		{
			name: "by country over a date range",
			p:    queries.Params{By: "country", From: "2024-03", To: "2024-04-05"},
			want: map[string][]string{
				"Italy":          {"Lucia Bianchi via Italy"},
				"Slovenia":       {"Marko Novak via Slovenia"},
				"United States":  {"John Carter via United States"},
				"United Kingdom": {"Jane Roe via United Kingdom"},
				"(unstated)":     {"Pat Doe"},
			},
		},
		{
			name: "by parliament at a venue",
			p:    queries.Params{Place: "Milan"},
			want: map[string][]string{
				"Italian Parliament":   {"Lucia Bianchi via Italian Senate"},
				"Slovenian Parliament": {"Marko Novak via Foreign Affairs Committee"},
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := groupNames(runRoles[*queries.LegislatorGroups](t, s, x, queries.LegislatorGroupsQuery, c.p))
			if len(got) != len(c.want) {
				t.Errorf("groups %v, want %v", got, c.want)
			}
			for g, want := range c.want {
				if !slices.Equal(got[g], want) {
					t.Errorf("group %s: %v, want %v", g, got[g], want)
				}
			}
		})
	}
	if _, err := queries.LegislatorGroupsQuery(context.Background(), s, queries.Params{By: "party", Index: x}); err == nil {
		t.Error("by=party: no error")
	}
}

// venueNames is "place: line, line" for each group.
func venueNames(t *testing.T, v *queries.Venues) map[string][]int {
	t.Helper()
	out := make(map[string][]int)
	for _, g := range v.Groups {
		name := "(none)"
		if g.Place != nil {
			name = g.Place.Name
		}
		for _, ev := range g.Events {
			if ev.Provenance.States == "" {
				t.Errorf("event %s without its sentence", ev.Event.ID)
			}
			out[name] = append(out[name], ev.Provenance.Line)
		}
	}
	return out
}

func TestVenueEvents(t *testing.T) {
	s, x := rolesFixture(t)
	for _, c := range []struct {
		name  string
		place string
		want  map[string][]int
	}{
		{"a country's events by venue", "country:italy", map[string][]int{"Rome": {2, 8}, "Milan": {10}}},
		{"a city", "Rome", map[string][]int{"Rome": {2, 8}}},
		{"a country only mentioned has no events", "Ukraine", map[string][]int{}},
		{"a region in a title has no events", "Wales", map[string][]int{}},
		{"a visit abroad is where it went", "Albania", map[string][]int{"Tirana": {6}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := venueNames(t, runRoles[*queries.Venues](t, s, x, queries.VenueEventsQuery, queries.Params{Place: c.place}))
			if len(got) != len(c.want) {
				t.Errorf("venues %v, want %v", got, c.want)
			}
			for pl, want := range c.want {
				if !slices.Equal(got[pl], want) {
					t.Errorf("%s: lines %v, want %v", pl, got[pl], want)
				}
			}
		})
	}
}

func TestVenuesOfAnActor(t *testing.T) {
	s, x := rolesFixture(t)
	for _, c := range []struct {
		actor string
		want  map[string][]int
	}{
		{"Lucia Bianchi", map[string][]int{"Rome": {2, 8}, "Milan": {10}}},
		{"Jane Roe", map[string][]int{"Tirana": {6}}},
		{"Senato", map[string][]int{"Rome": {2, 8}, "Milan": {10}}},
	} {
		t.Run(c.actor, func(t *testing.T) {
			v := runRoles[*queries.Venues](t, s, x, queries.VenuesQuery, queries.Params{Actor: c.actor})
			got := venueNames(t, v)
			if len(got) != len(c.want) {
				t.Errorf("venues %v, want %v", got, c.want)
			}
			for pl, want := range c.want {
				if !slices.Equal(got[pl], want) {
					t.Errorf("%s: lines %v, want %v", pl, got[pl], want)
				}
			}
		})
	}
}

func TestProfilesShowMembershipsParentsAndCountries(t *testing.T) {
	s, x := rolesFixture(t)
	senate := runRoles[*queries.Profile](t, s, x, queries.BodyQuery, queries.Params{ID: "Italian Senate"})
	if len(senate.Parents) != 1 || senate.Parents[0].Name != "Italian Parliament" || senate.Parents[0].Entries != 3 || senate.Parents[0].Provenance.Line != 2 {
		t.Errorf("senate parents %+v, want the Italian Parliament stated by 3 entries from line 2", senate.Parents)
	}
	if len(senate.Countries) != 1 || senate.Countries[0].Name != "Italy" {
		t.Errorf("senate countries %+v", senate.Countries)
	} else if c := senate.Countries[0]; c.Entries != senate.Counts.Events || c.Provenance.Line == 0 || c.Provenance.States == "" {
		// A body's country is its document's statement: its entries are those citing
		// the body, the earliest its provenance.
		t.Errorf("senate country stated by %d entries (want the %d citing the senate), provenance %+v",
			c.Entries, senate.Counts.Events, c.Provenance)
	}
	if !slices.ContainsFunc(senate.Members, func(r queries.Ref) bool { return r.Name == "Lucia Bianchi" }) {
		t.Errorf("senate members %+v lack Lucia Bianchi", senate.Members)
	}
	if !slices.Contains(senate.Aliases, "Senato") {
		t.Errorf("senate aliases %v lack Senato", senate.Aliases)
	}
	parliament := runRoles[*queries.Profile](t, s, x, queries.BodyQuery, queries.Params{ID: senate.Parents[0].ID})
	if !slices.ContainsFunc(parliament.Parts, func(r queries.Ref) bool { return r.IRI == senate.IRI }) {
		t.Errorf("parliament parts %+v lack the senate", parliament.Parts)
	}
	lucia := runRoles[*queries.Profile](t, s, x, queries.PersonQuery, queries.Params{ID: "Lucia Bianchi"})
	if len(lucia.MemberOf) != 1 || lucia.MemberOf[0].IRI != senate.IRI || lucia.MemberOf[0].Entries != 3 {
		t.Errorf("member of %+v, want the senate by 3 entries", lucia.MemberOf)
	}
	if len(lucia.Countries) != 1 || lucia.Countries[0].Name != "Italy" || lucia.Countries[0].Provenance.Source != "roles-v2.txt" {
		t.Errorf("countries %+v", lucia.Countries)
	}
	// The two "Foreign Affairs Committee"s are not one, and a country's senate is not
	// another's.
	for _, id := range []string{"foreign-affairs-committee--of-parliament--in-slovenia", "senate--of-congress--in-united-states"} {
		p := runRoles[*queries.Profile](t, s, x, queries.BodyQuery, queries.Params{ID: id})
		if p.ID != id {
			t.Errorf("profile of %s is %s", id, p.ID)
		}
	}
}

func TestEventSeparatesVenuesFromMentionedPlaces(t *testing.T) {
	s, x := rolesFixture(t)
	ev := runRoles[*queries.EventDetail](t, s, x, queries.EventQuery, queries.Params{ID: "roles-v2-txt:L6"})
	if len(ev.Places) != 1 || ev.Places[0].Name != "Tirana" {
		t.Errorf("places %+v, want Tirana", ev.Places)
	}
	if len(ev.MentionedPlaces) != 1 || ev.MentionedPlaces[0].Name != "Wales" {
		t.Errorf("mentioned places %+v, want Wales", ev.MentionedPlaces)
	}
	wales := runRoles[*queries.Profile](t, s, x, queries.PlaceQuery, queries.Params{ID: "Wales"})
	if wales.Counts.Located != 0 || wales.Counts.Mentioned != 1 {
		t.Errorf("Wales counts %+v, want mentioned once, never located", wales.Counts)
	}
}

func TestVenuesPageEventsNotGroups(t *testing.T) {
	s, x := rolesFixture(t)
	v := runRoles[*queries.Venues](t, s, x, queries.VenueEventsQuery, queries.Params{Place: "country:italy", Limit: 1, Offset: 1})
	if v.Total != 3 || v.Events != 3 || len(v.Groups) != 2 {
		t.Fatalf("total %d events %d groups %d, want 3 rows, 3 events, 2 groups", v.Total, v.Events, len(v.Groups))
	}
	rome, milan := v.Groups[0], v.Groups[1]
	if rome.Place.Name != "Rome" || rome.EventsTotal != 2 || len(rome.Events) != 1 || rome.Events[0].Provenance.Line != 8 {
		t.Errorf("Rome %+v, want 2 events of which the page holds line 8", rome)
	}
	if milan.Place.Name != "Milan" || milan.EventsTotal != 1 || len(milan.Events) != 0 {
		t.Errorf("Milan %+v, want 1 event, none on the page", milan)
	}
}
