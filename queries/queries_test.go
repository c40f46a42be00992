package queries_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"annals/graph"
	"annals/loader"
	"annals/queries"
)

// fixture is the graph of testdata/chronology.jsonl: 21 hand-written entries of an
// invented chronology, loaded by the loader into a memory store.
type fixture struct {
	store *graph.Store
	index *queries.Index
}

var (
	fixtureOnce sync.Once
	fixtureVal  fixture
	fixtureErr  error
)

func loadFixture(t testing.TB) fixture {
	t.Helper()
	fixtureOnce.Do(func() {
		ctx := context.Background()
		f, err := os.Open("testdata/chronology.jsonl")
		if err != nil {
			fixtureErr = err
			return
		}
		defer f.Close()
		recs, err := loader.ReadJSONL(f, "chronology.jsonl")
		if err != nil {
			fixtureErr = err
			return
		}
		s, err := graph.Open(ctx, fixtureConfig(t))
		if err != nil {
			fixtureErr = err
			return
		}
		if _, err := loader.LoadDocument(ctx, s, "fixture-chronology.txt", recs); err != nil {
			fixtureErr = err
			return
		}
		x, err := queries.NewIndex(ctx, s)
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureVal = fixture{store: s, index: x}
	})
	if fixtureErr != nil {
		t.Fatalf("load fixture: %v", fixtureErr)
	}
	return fixtureVal
}

func run[R queries.Result](t *testing.T, fn queries.Func, p queries.Params) R {
	t.Helper()
	fx := loadFixture(t)
	p.Index = fx.index
	res, err := fn(context.Background(), fx.store, p)
	if err != nil {
		t.Fatalf("%+v: %v", p, err)
	}
	r, ok := res.(R)
	if !ok {
		t.Fatalf("result is %T", res)
	}
	return r
}

// row is a legislator × event row in a comparable form.
func rows(le *queries.LegislatorEvents) []string {
	var out []string
	for _, r := range le.Rows {
		out = append(out, r.Person.Name+"@"+strings.TrimPrefix(r.Event.ID, "fixture-chronology-txt:"))
	}
	return out
}

func TestLegislatorEvents(t *testing.T) {
	tests := []struct {
		name   string
		params queries.Params
		want   []string
		total  int
	}{
		{"legislators of an event", queries.Params{Event: "fixture-chronology-txt:L10"},
			[]string{"Marta Kowalczyk@L10", "Paolo Ricci@L10"}, 2},
		{"all attended", queries.Params{}, nil, 18},
		{"mentioned only", queries.Params{Participation: "mentioned"}, []string{"Edwin Harrow@L48"}, 1},
		{"any participation", queries.Params{Participation: "any"}, nil, 19},
		{"by country", queries.Params{Country: "germany"},
			[]string{"Julia Brenner@L12", "Julia Brenner@L30", "Marta Kowalczyk@L30", "Julia Brenner@L42"}, 4},
		{"by date range", queries.Params{From: "2023-03", To: "2023-04"},
			[]string{"Edwin Harrow@L18", "Marta Kowalczyk@L18", "Julia Brenner@L22", "Paolo Ricci@L22", "Daniel Okafor@L24", "Julia Brenner@L24"}, 6},
		{"by person alias", queries.Params{Person: "Rep. Okafor"},
			[]string{"Daniel Okafor@L14", "Daniel Okafor@L24", "Daniel Okafor@L34", "Daniel Okafor@L40"}, 4},
		{"by body", queries.Params{Body: "NPA"},
			[]string{"Marta Kowalczyk@L10", "Paolo Ricci@L10", "Edwin Harrow@L18", "Marta Kowalczyk@L18", "Julia Brenner@L30", "Marta Kowalczyk@L30"}, 6},
		{"a person who is no legislator", queries.Params{Person: "Leyla Nasseri"}, []string{}, 0},
		{"a page", queries.Params{Limit: 2, Offset: 1}, []string{"Paolo Ricci@L10", "Julia Brenner@L12"}, 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run[*queries.LegislatorEvents](t, queries.LegislatorEventsQuery, tt.params)
			if got.Total != tt.total {
				t.Errorf("total = %d, want %d (%v)", got.Total, tt.total, rows(got))
			}
			if tt.want != nil && !slices.Equal(rows(got), tt.want) && !(len(tt.want) == 0 && len(got.Rows) == 0) {
				t.Errorf("rows = %v, want %v", rows(got), tt.want)
			}
		})
	}
}

func TestLegislatorEventsRowFacts(t *testing.T) {
	got := run[*queries.LegislatorEvents](t, queries.LegislatorEventsQuery, queries.Params{Person: "daniel-okafor", From: "2023-07-01", To: "2023-07-31"})
	if len(got.Rows) != 1 {
		t.Fatalf("rows = %v", rows(got))
	}
	r := got.Rows[0]
	if r.Role != "chair of the Friends of Civic Freedom Caucus" {
		t.Errorf("role = %q, want the title stated in that entry", r.Role)
	}
	if r.Date.Start != "2023-07-09" || r.Kind != "hearing" || r.Participation != "attended" {
		t.Errorf("row = %+v", r)
	}
	if len(r.Places) != 1 || r.Places[0].Name != "Washington" || r.Places[0].Country != "United States" {
		t.Errorf("places = %+v", r.Places)
	}
	if r.Provenance.Source != "fixture-chronology.txt" || r.Provenance.Line != 34 ||
		!strings.HasPrefix(r.Provenance.States, "July 9 – Ingrid Solberg testified") {
		t.Errorf("provenance = %+v", r.Provenance)
	}
}

func eventIDs(evs []queries.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, strings.TrimPrefix(e.ID, "fixture-chronology-txt:"))
	}
	return out
}

func TestEvents(t *testing.T) {
	tests := []struct {
		name   string
		params queries.Params
		want   []string
	}{
		{"in a city", queries.Params{Place: "Paris"}, []string{"L10", "L28"}},
		{"in a month, overlapping", queries.Params{From: "2023-02-05", To: "2023-02-28"}, []string{"L14", "L16"}},
		{"of a person and a kind", queries.Params{Person: "Leyla Nasseri", Kind: "rally"}, []string{"L28"}},
		{"of a person, mentions included", queries.Params{Person: "Karim Daneshvar"}, []string{"L12", "L16", "L28"}},
		{"of a body", queries.Params{Body: "Alliance for Open Societies"}, []string{"L12", "L26", "L42"}},
		{"in a country", queries.Params{Country: "Canada"}, []string{"L20", "L40", "L44"}},
		{"words of the text", queries.Params{Text: "video message"}, []string{"L40"}},
		{"words, diacritics folded", queries.Params{Text: "liberte"}, []string{"L28"}},
		{"a place alias", queries.Params{Place: "Genève", From: "2023-08"}, []string{"L36"}},
		{"nothing matches", queries.Params{Place: "Rome", Kind: "rally"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run[*queries.Events](t, queries.EventsQuery, tt.params)
			if ids := eventIDs(got.Events); !slices.Equal(ids, tt.want) && !(len(ids) == 0 && len(tt.want) == 0) {
				t.Errorf("events = %v, want %v", ids, tt.want)
			}
			if got.Total != len(tt.want) {
				t.Errorf("total = %d, want %d", got.Total, len(tt.want))
			}
		})
	}
	all := run[*queries.Events](t, queries.EventsQuery, queries.Params{})
	if all.Total != 21 || len(all.Events) != 21 {
		t.Errorf("all events: total %d, %d listed, want 21", all.Total, len(all.Events))
	}
}

func TestEvent(t *testing.T) {
	got := run[*queries.EventDetail](t, queries.EventQuery, queries.Params{ID: "fixture-chronology-txt:L18"})
	if got.Date != (queries.Date{Text: "Mid-March", Start: "2023-03-11", End: "2023-03-20", Precision: "part-of-month"}) {
		t.Errorf("date = %+v", got.Date)
	}
	if got.Kind != "meeting" || len(got.Places) != 1 || got.Places[0].Name != "Brussels" {
		t.Errorf("kind %q places %+v", got.Kind, got.Places)
	}
	names := func(rs []queries.Ref) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		slices.Sort(out)
		return out
	}
	if p := names(got.Participants); !slices.Equal(p, []string{"Edwin Harrow", "Leyla Nasseri", "Marta Kowalczyk"}) {
		t.Errorf("participants = %v", p)
	}
	if m := names(got.Mentioned); !slices.Equal(m, []string{"Northern Parliamentary Assembly"}) {
		t.Errorf("mentioned = %v", m)
	}
	if got.Provenance.Line != 18 || !strings.HasPrefix(got.Provenance.States, "Mid-March – In Brussels") {
		t.Errorf("provenance = %+v", got.Provenance)
	}
	var harrowTitle, legislator bool
	for _, f := range got.Facts {
		if f.Subject.Name == "Edwin Harrow" && f.Predicate == "schema:jobTitle" && f.Value == "member of the House of Lords" {
			harrowTitle = true
		}
		if f.Subject.Name == "Marta Kowalczyk" && f.Predicate == "annals:legislator" && f.Value == "true" {
			legislator = true
		}
	}
	// A title is read from the sentence; being a legislator is the person's own
	// statement, made once by the document, not by this entry.
	if !harrowTitle || legislator {
		t.Errorf("facts: title read from the entry %v (want true), legislator flag stated by the entry %v (want false): %+v",
			harrowTitle, legislator, got.Facts)
	}

	_, err := queries.EventQuery(context.Background(), loadFixture(t).store, queries.Params{ID: "fixture-chronology-txt:L11", Index: loadFixture(t).index})
	if !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("unknown event: err = %v, want ErrNotFound", err)
	}
}

func TestProfiles(t *testing.T) {
	julia := run[*queries.Profile](t, queries.PersonQuery, queries.Params{ID: "julia-brenner"})
	if julia.Name != "Julia Brenner" || !julia.Legislator || julia.Counts.Events != 5 || julia.Counts.Attended != 5 || julia.Counts.Documents != 1 {
		t.Errorf("julia = %+v", julia)
	}
	if len(julia.Roles) != 1 || julia.Roles[0].Role != "member of the Bundestag" || julia.Roles[0].Entries != 5 || julia.Roles[0].Provenance.Line != 12 {
		t.Errorf("roles = %+v", julia.Roles)
	}
	if ids := eventIDs(profileEvents(julia)); !slices.Equal(ids, []string{"L12", "L22", "L24", "L30", "L42"}) {
		t.Errorf("events = %v", ids)
	}

	okafor := run[*queries.Profile](t, queries.PersonQuery, queries.Params{ID: "Rep. Okafor"})
	if okafor.ID != "daniel-okafor" || !slices.Equal(okafor.Aliases, []string{"Rep. Okafor"}) || len(okafor.Roles) != 2 || okafor.Roles[0].Role != "Representative" || okafor.Roles[0].Entries != 3 {
		t.Errorf("okafor = %+v", okafor)
	}

	karim := run[*queries.Profile](t, queries.PersonQuery, queries.Params{ID: "Karim Daneshvar"})
	if karim.Counts.Events != 3 || karim.Counts.Mentioned != 3 || karim.Counts.Attended != 0 || karim.Events[0].Relation != "mentioned" {
		t.Errorf("karim = %+v", karim.Counts)
	}

	npa := run[*queries.Profile](t, queries.BodyQuery, queries.Params{ID: "NPA"})
	if npa.Name != "Northern Parliamentary Assembly" || !npa.Legislative || npa.Counts.Events != 4 || !slices.Equal(npa.Aliases, []string{"NPA"}) {
		t.Errorf("npa = %+v", npa)
	}

	paris := run[*queries.Profile](t, queries.PlaceQuery, queries.Params{ID: "2988507"})
	if paris.Name != "Paris" || paris.Country != "France" || paris.PlaceKind != "city" || paris.Counts.Located != 2 ||
		paris.Lat == nil || *paris.Lat != 48.85 {
		t.Errorf("paris = %+v", paris)
	}
	canada := run[*queries.Profile](t, queries.PlaceQuery, queries.Params{ID: "Canada"})
	if canada.ID != "country:canada" || canada.PlaceKind != "country" || canada.Counts.Events != 1 {
		t.Errorf("canada = %+v", canada)
	}

	page := run[*queries.Profile](t, queries.PersonQuery, queries.Params{ID: "julia-brenner", Limit: 2, Offset: 2})
	if ids := eventIDs(profileEvents(page)); !slices.Equal(ids, []string{"L24", "L30"}) || page.Counts.Events != 5 {
		t.Errorf("page = %v (counts %+v)", ids, page.Counts)
	}
}

func profileEvents(p *queries.Profile) []queries.Event {
	var out []queries.Event
	for _, e := range p.Events {
		out = append(out, e.Event)
	}
	return out
}

func TestUnknownActorSuggests(t *testing.T) {
	fx := loadFixture(t)
	for _, tt := range []struct {
		fn   queries.Func
		p    queries.Params
		want string
	}{
		{queries.PersonQuery, queries.Params{ID: "Julia Brener"}, "Julia Brenner"},
		{queries.CoAppearanceQuery, queries.Params{Actor: "Ingrid Solbergg"}, "Ingrid Solberg"},
		{queries.EventsQuery, queries.Params{Place: "Bruxelles"}, "Brussels"},
		{queries.BodyQuery, queries.Params{ID: "Civic Forum"}, "Civic Forum for Democracy"},
	} {
		_, err := tt.fn(context.Background(), fx.store, queries.Params{ID: tt.p.ID, Actor: tt.p.Actor, Place: tt.p.Place, Index: fx.index})
		var ua *queries.UnknownActorError
		if !errors.As(err, &ua) {
			t.Errorf("%+v: err = %v, want UnknownActorError", tt.p, err)
			continue
		}
		if tt.want == "Brussels" {
			// A name of another language is not a near spelling: no suggestion is due,
			// but the error must still say what was not found.
			if ua.Name != "Bruxelles" || ua.Type != queries.TypePlace {
				t.Errorf("err = %+v", ua)
			}
			continue
		}
		if len(ua.Suggestions) == 0 || ua.Suggestions[0].Name != tt.want {
			t.Errorf("%+v: suggestions = %+v, want %s first", tt.p, ua.Suggestions, tt.want)
		}
		if !errors.Is(err, queries.ErrNotFound) {
			t.Errorf("unknown actor is not ErrNotFound")
		}
	}
}

func TestCoAppearance(t *testing.T) {
	got := run[*queries.CoAppearance](t, queries.CoAppearanceQuery, queries.Params{Actor: "Julia Brenner"})
	weights := map[string]int{}
	for _, p := range got.Partners {
		weights[p.Name] = p.Weight
		if len(p.Events) != p.Weight {
			t.Errorf("%s: %d events listed for weight %d", p.Name, len(p.Events), p.Weight)
		}
	}
	want := map[string]int{
		"Tomasz Ferrand": 2, "Alliance for Open Societies": 2, "Karim Daneshvar": 1, "Paolo Ricci": 1,
		"Commission for Open Elections": 1, "Daniel Okafor": 1, "Friends of Civic Freedom Caucus": 1,
		"Marta Kowalczyk": 1, "Northern Parliamentary Assembly": 1,
	}
	if len(weights) != len(want) {
		t.Errorf("partners = %v, want %v", weights, want)
	}
	for k, w := range want {
		if weights[k] != w {
			t.Errorf("weight of %s = %d, want %d", k, weights[k], w)
		}
	}
	if got.Events != 5 || got.Partners[0].Name != "Alliance for Open Societies" || got.Partners[1].Name != "Tomasz Ferrand" {
		t.Errorf("events %d, first partners %v, %v", got.Events, got.Partners[0].Name, got.Partners[1].Name)
	}
	if e := got.Partners[1].Events; e[0].Date.Start != "2023-01-20" || e[0].Provenance.Line != 12 || e[1].Provenance.Line != 42 {
		t.Errorf("shared events of Tomasz Ferrand = %+v", e)
	}

	people := run[*queries.CoAppearance](t, queries.CoAppearanceQuery, queries.Params{Actor: "julia-brenner", With: "people", Participation: "attended"})
	var names []string
	for _, p := range people.Partners {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"Tomasz Ferrand", "Daniel Okafor", "Marta Kowalczyk", "Paolo Ricci"}) {
		t.Errorf("people who attended with Julia Brenner = %v", names)
	}
}

func TestPath(t *testing.T) {
	got := run[*queries.Connection](t, queries.PathQuery, queries.Params{Actor: "Ingrid Solberg", Other: "Marta Kowalczyk"})
	if !got.Found || got.Hops != 3 || len(got.Steps) != 3 {
		t.Fatalf("connection = %+v", got)
	}
	if got.Steps[0].From.Name != "Ingrid Solberg" || got.Steps[2].To.Name != "Marta Kowalczyk" {
		t.Errorf("ends = %s … %s", got.Steps[0].From.Name, got.Steps[2].To.Name)
	}
	for i, s := range got.Steps {
		if i > 0 && s.From != got.Steps[i-1].To {
			t.Errorf("step %d starts at %s, previous ended at %s", i, s.From.Name, got.Steps[i-1].To.Name)
		}
		ev := run[*queries.EventDetail](t, queries.EventQuery, queries.Params{ID: s.Event.ID})
		cited := map[string]bool{}
		for _, r := range slices.Concat(ev.Participants, ev.Mentioned, ev.Organizers) {
			cited[r.IRI] = true
		}
		if !cited[s.From.IRI] || !cited[s.To.IRI] {
			t.Errorf("step %d: event %s does not cite %s and %s", i, s.Event.ID, s.From.Name, s.To.Name)
		}
	}

	direct := run[*queries.Connection](t, queries.PathQuery, queries.Params{Actor: "Tomasz Ferrand", Other: "Julia Brenner"})
	if direct.Hops != 1 || direct.Steps[0].Event.Provenance.Line != 12 {
		t.Errorf("direct connection = %+v, want one hop through the earliest shared event (line 12)", direct)
	}

	none := run[*queries.Connection](t, queries.PathQuery, queries.Params{Actor: "Alba Moretti", Other: "Julia Brenner"})
	if none.Found || len(none.Steps) != 0 {
		t.Errorf("isolated actor: %+v", none)
	}
	short := run[*queries.Connection](t, queries.PathQuery, queries.Params{Actor: "Ingrid Solberg", Other: "Marta Kowalczyk", MaxHops: 2})
	if short.Found {
		t.Errorf("found a connection longer than MaxHops: %+v", short)
	}
}

func TestStats(t *testing.T) {
	got := run[*queries.Stats](t, queries.StatsQuery, queries.Params{})
	want := queries.TypeCounts{Events: 21, People: 10, Bodies: 6, Places: 15, Entries: 21, Documents: 1, Legislators: 5, LegislativeBodies: 2}
	if got.Counts != want {
		t.Errorf("counts = %+v, want %+v", got.Counts, want)
	}
	if got.DateSpan.Start != "2023-01-12" || got.DateSpan.End != "2023-12-28" {
		t.Errorf("date span = %+v", got.DateSpan)
	}
	if len(got.Documents) != 1 || got.Documents[0].Source != "fixture-chronology.txt" || got.Documents[0].Entries != 21 {
		t.Errorf("documents = %+v", got.Documents)
	}
	if got.Quads == 0 {
		t.Error("no quads counted")
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		q, typ string
		want   []string
	}{
		{"kow", "", []string{"Marta Kowalczyk"}},
		{"cfd", "", []string{"Civic Forum for Democracy"}},
		{"par", "", []string{"Paris", "Northern Parliamentary Assembly"}},
		{"par", "place", []string{"Paris"}},
		{"lord har", "", []string{"Edwin Harrow"}},
		{"geneve", "", []string{"Geneva"}},
		{"zzz", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q+"/"+tt.typ, func(t *testing.T) {
			got := run[*queries.Matches](t, queries.SearchQuery, queries.Params{Text: tt.q, Kind: tt.typ})
			var names []string
			for _, m := range got.Matches {
				names = append(names, m.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.q, names, tt.want)
			}
		})
	}
}

func TestBadParams(t *testing.T) {
	fx := loadFixture(t)
	for _, tt := range []struct {
		fn    queries.Func
		p     queries.Params
		param string
	}{
		{queries.EventsQuery, queries.Params{From: "2023-13-01"}, "from"},
		{queries.EventsQuery, queries.Params{From: "2023-06", To: "2023-05"}, "to"},
		{queries.LegislatorEventsQuery, queries.Params{Participation: "spoke"}, "participation"},
		{queries.CoAppearanceQuery, queries.Params{Actor: "Julia Brenner", With: "places"}, "with"},
		{queries.SearchQuery, queries.Params{Text: "a", Kind: "event"}, "type"},
	} {
		tt.p.Index = fx.index
		_, err := tt.fn(context.Background(), fx.store, tt.p)
		var pe *queries.ParamError
		if !errors.As(err, &pe) || pe.Param != tt.param {
			t.Errorf("%+v: err = %v, want a ParamError on %s", tt.p, err, tt.param)
		}
	}
}
