package loader_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"

	"github.com/cayleygraph/cayley"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

const src = "chronicle-2023.txt"

// chronicle is a small document: a conference two legislators attend, a rally where one
// of them speaks and a body is named, and a statement naming a person only in passing.
func chronicle() []extract.Record {
	return []extract.Record{
		{
			Source: src, Line: 10, Span: [2]int{100, 260},
			Date: &extract.Date{Text: "February 4", Start: "2023-02-04", End: "2023-02-04", Precision: "day"},
			Kind: extract.KindConference,
			Text: "February 4 – At a conference in Toronto, Senator Ada Lovelace and MP Alan Turing spoke.",
			People: []extract.Person{
				{Name: "Ada Lovelace", Aliases: []string{"Senator Lovelace"}, Roles: []string{"Senator"}, Legislator: true, Participant: true},
				{Name: "Alan Turing", Roles: []string{"MP"}, Legislator: true, Participant: true},
			},
			Places: []extract.Place{{Name: "Toronto", Kind: "city", Country: "Canada", Lat: 43.70, Lon: -79.42, GeonameID: 6167865}},
		},
		{
			Source: src, Line: 12, Span: [2]int{262, 400},
			Date: &extract.Date{Text: "Mid-February", Start: "2023-02-11", End: "2023-02-20", Precision: "part-of-month"},
			Kind: extract.KindRally,
			Text: "Mid-February – Alan Turing addressed a rally of the Analytical Society in Paris.",
			People: []extract.Person{
				{Name: "Alan Turing", Roles: []string{"MP"}, Legislator: true, Participant: true},
			},
			Bodies: []extract.Body{{Name: "Analytical Society", Aliases: []string{"AS"}}},
			Places: []extract.Place{{Name: "Paris", Kind: "city", Country: "France", Lat: 48.85, Lon: 2.35, GeonameID: 2988507}},
		},
		{
			Source: src, Line: 15, Span: [2]int{402, 520},
			Date:     &extract.Date{Text: "February 30", Precision: ""},
			Kind:     extract.KindStatement,
			Text:     "February 30 – A statement recalled Charles Babbage.",
			People:   []extract.Person{{Name: "Charles Babbage", Participant: false}},
			Places:   []extract.Place{{Name: "France", Kind: "country", GeonameID: 3017382}},
			Warnings: []string{"unknown date phrase \"February 30\""},
		},
	}
}

func load(t *testing.T, s *graph.Store, source string, recs []extract.Record) loader.Summary {
	t.Helper()
	sum, err := loader.LoadDocument(context.Background(), s, source, recs)
	if err != nil {
		t.Fatalf("LoadDocument(%s): %v", source, err)
	}
	return sum
}

func count(t *testing.T, s *graph.Store) int64 {
	t.Helper()
	n, err := s.QuadCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// allQuads reads every quad of the store, sorted by their N-Quads form.
func allQuads(t *testing.T, s *graph.Store) []string {
	t.Helper()
	r := cgraph.NewQuadStoreReader(s.QuadStore)
	defer r.Close()
	all, err := quad.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return quadStrings(all)
}

func quadStrings(qs []quad.Quad) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	sort.Strings(out)
	return out
}

func names(t *testing.T, s *graph.Store, p *cayley.Path) []string {
	t.Helper()
	vals, err := p.Out(graph.Name).Iterate(context.Background()).AllValues(s)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		out = append(out, quad.ToString(v))
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func TestQuadsLabelEveryQuadWithItsEntryOrDocument(t *testing.T) {
	recs := chronicle()
	qs := loader.Quads(src, recs)
	doc := graph.DocumentIRI(src)
	labels := map[quad.Value]int{}
	seen := map[quad.Quad]bool{}
	for _, q := range qs {
		labels[q.Label]++
		if seen[q] {
			t.Errorf("duplicate quad %s", q.NQuad())
		}
		seen[q] = true
		if q.Label != doc {
			continue
		}
		// The document states what its nodes are, never what an entry reads.
		sub := string(q.Subject.(quad.IRI))
		own := q.Subject == doc || strings.Contains(sub, "/person/") || strings.Contains(sub, "/body/") ||
			strings.Contains(sub, "/place/") || strings.Contains(sub, "/country/") || strings.HasPrefix(sub, graph.GeoNamesNS)
		if !own || !slices.Contains(ownPredicates, q.Predicate.(quad.IRI)) {
			t.Errorf("the document states a fact of an entry: %s", q.NQuad())
		}
	}
	if len(labels) != len(recs)+1 {
		t.Fatalf("got %d labels, want one per entry (%d) and the document's: %v", len(labels), len(recs), labels)
	}
	for _, r := range recs {
		if labels[graph.EntryIRI(src, r.Line)] == 0 {
			t.Errorf("no quad labelled with the entry of line %d", r.Line)
		}
	}
	if labels[doc] == 0 {
		t.Error("no quad labelled with the document")
	}
	if again := loader.Quads(src, chronicle()); !slices.Equal(quadStrings(qs), quadStrings(again)) {
		t.Error("Quads is not deterministic")
	}
	if qs := loader.Quads(src, nil); len(qs) != 0 {
		t.Errorf("a document without entries states %d quads", len(qs))
	}
}

func TestQuadsStateEachFactOfAnEntryOnce(t *testing.T) {
	rec := extract.Record{
		Source: src, Line: 4, Span: [2]int{0, 50}, Text: "t",
		People: []extract.Person{
			{Name: "Ada Lovelace", Aliases: []string{"Lovelace", "Lovelace"}, Roles: []string{"Senator", "Senator"}, Participant: true},
			{Name: "ADA LOVELACE", Participant: true}, // one node, two spellings
			{Name: "Ada Lovelace", Roles: []string{"Senator"}, Participant: true},
		},
		Bodies: []extract.Body{{Name: "Analytical Society"}, {Name: "Analytical Society"}},
		Places: []extract.Place{
			{Name: "Paris", Kind: "city", Country: "France", GeonameID: 2988507},
			{Name: "Lyon", Kind: "city", Country: "France", GeonameID: 2996944},
			{Name: "France", Kind: "country"},
			{Name: "Paris", Kind: "city", Country: "France", GeonameID: 2988507},
		},
		Warnings: []string{"w", "w"},
	}
	qs := loader.Quads(src, []extract.Record{rec})
	seen := map[quad.Quad]bool{}
	for _, q := range qs {
		if seen[q] {
			t.Errorf("duplicate quad %s", q.NQuad())
		}
		seen[q] = true
	}
	entry, doc := graph.EntryIRI(src, 4), graph.DocumentIRI(src)
	for _, want := range []quad.Quad{
		// the spelling most mentions use is the name, the other one an alternate name
		{Subject: graph.PersonIRI("Ada Lovelace"), Predicate: graph.Name, Object: quad.String("Ada Lovelace"), Label: doc},
		{Subject: graph.PersonIRI("Ada Lovelace"), Predicate: graph.AlternateName, Object: quad.String("ADA LOVELACE"), Label: doc},
		{Subject: graph.PersonIRI("Ada Lovelace"), Predicate: graph.JobTitle, Object: quad.String("Senator"), Label: entry},
		{Subject: graph.CountryIRI("France"), Predicate: graph.Kind, Object: quad.String("country"), Label: doc},
		{Subject: graph.GeoNamesIRI(2996944), Predicate: graph.ContainedIn, Object: graph.CountryIRI("France"), Label: doc},
		{Subject: entry, Predicate: graph.Warning, Object: quad.String("w"), Label: entry},
	} {
		if !seen[want] {
			t.Errorf("missing %s", want.NQuad())
		}
	}
	names := 0
	for q := range seen {
		if q.Subject == graph.PersonIRI("Ada Lovelace") && q.Predicate == graph.Name {
			names++
		}
	}
	if names != 1 {
		t.Errorf("the person has %d names, want one", names)
	}
}

func TestQuadsFacts(t *testing.T) {
	qs := loader.Quads(src, chronicle())
	// line 0 is the document's label: a node's own statements
	has := func(s quad.Value, p quad.IRI, o quad.Value, line int) bool {
		label := graph.EntryIRI(src, line)
		if line == 0 {
			label = graph.DocumentIRI(src)
		}
		return slices.Contains(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	ev := func(line int) quad.IRI { return graph.EventIRI(src, line) }
	tests := []struct {
		name    string
		s       quad.Value
		p       quad.IRI
		o       quad.Value
		line    int
		present bool
	}{
		{"participant attends", ev(10), graph.Attendee, graph.PersonIRI("Ada Lovelace"), 10, true},
		{"person referred to is mentioned", ev(15), graph.Mentions, graph.PersonIRI("Charles Babbage"), 15, true},
		{"person referred to does not attend", ev(15), graph.Attendee, graph.PersonIRI("Charles Babbage"), 15, false},
		{"body is mentioned", ev(12), graph.Mentions, graph.BodyIRI("Analytical Society"), 12, true},
		{"start date", ev(12), graph.StartDate, quad.String("2023-02-11"), 12, true},
		{"precision", ev(12), graph.Precision, quad.String("part-of-month"), 12, true},
		{"date text", ev(15), graph.DateText, quad.String("February 30"), 15, true},
		{"kind", ev(10), graph.Kind, quad.String("conference"), 10, true},
		{"location keeps the gazetteer id", ev(10), graph.Location, graph.PlaceIRI(6167865, "Toronto", "Canada"), 10, true},
		{"city in its country", graph.PlaceIRI(6167865, "", ""), graph.ContainedIn, graph.CountryIRI("Canada"), 0, true},
		{"country place is the country node", ev(15), graph.Location, graph.CountryIRI("France"), 15, true},
		{"country keeps its geonames id", graph.CountryIRI("France"), graph.SameAs, graph.GeoNamesIRI(3017382), 0, true},
		{"latitude", graph.GeoNamesIRI(2988507), graph.Latitude, quad.Float(48.85), 0, true},
		{"legislator", graph.PersonIRI("Alan Turing"), graph.Legislator, quad.Bool(true), 0, true},
		{"not a legislator", graph.PersonIRI("Charles Babbage"), graph.Legislator, quad.Bool(true), 0, false},
		{"alias", graph.PersonIRI("Ada Lovelace"), graph.AlternateName, quad.String("Senator Lovelace"), 0, true},
		{"job title", graph.PersonIRI("Ada Lovelace"), graph.JobTitle, quad.String("Senator"), 10, true},
		{"body alias", graph.BodyIRI("Analytical Society"), graph.AlternateName, quad.String("AS"), 0, true},
		{"entry text", graph.EntryIRI(src, 12), graph.Text, quad.String(chronicle()[1].Text), 12, true},
		{"entry line", graph.EntryIRI(src, 12), graph.Line, quad.Int(12), 12, true},
		{"entry span", graph.EntryIRI(src, 12), graph.SpanEnd, quad.Int(400), 12, true},
		{"entry source", graph.EntryIRI(src, 12), graph.Source, graph.DocumentIRI(src), 12, true},
		{"event to entry", ev(12), graph.EntryOf, graph.EntryIRI(src, 12), 12, true},
		{"warning", graph.EntryIRI(src, 15), graph.Warning, quad.String(`unknown date phrase "February 30"`), 15, true},
		{"no empty start date", ev(15), graph.StartDate, quad.String(""), 15, false},
		{"a node's name is stated once, by the document", graph.PersonIRI("Alan Turing"), graph.Name, quad.String("Alan Turing"), 0, true},
		{"an entry does not state a node's name again", graph.PersonIRI("Alan Turing"), graph.Name, quad.String("Alan Turing"), 10, false},
		{"an entry does not state a node's type again", graph.PersonIRI("Alan Turing"), graph.Type, graph.ClassPerson, 12, false},
		{"the document's type", graph.DocumentIRI(src), graph.Type, graph.ClassDocument, 0, true},
		{"a title stays with its entry", graph.PersonIRI("Alan Turing"), graph.JobTitle, quad.String("MP"), 12, true},
		{"a title is no statement of the document", graph.PersonIRI("Alan Turing"), graph.JobTitle, quad.String("MP"), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := has(tt.s, tt.p, tt.o, tt.line); got != tt.present {
				t.Errorf("<%v> <%v> %v (line %d): present=%v, want %v", tt.s, tt.p, tt.o, tt.line, got, tt.present)
			}
		})
	}
}

func TestLoadDocument(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			t.Run("answers", func(t *testing.T) { testAnswers(t, b.open(t)) })
			t.Run("reload changes nothing", func(t *testing.T) { testReload(t, b.open(t)) })
			t.Run("edited entry", func(t *testing.T) { testEditedEntry(t, b.open(t)) })
			t.Run("documents accumulate", func(t *testing.T) { testAccumulate(t, b.open(t)) })
			t.Run("failure leaves nothing", func(t *testing.T) { testFailure(t, b.open(t)) })
			t.Run("invalid records load nothing", func(t *testing.T) { testInvalid(t, b.open(t)) })
		})
	}
}

func testAnswers(t *testing.T, s *graph.Store) {
	sum := load(t, s, src, chronicle())
	want := loader.Quads(src, chronicle())
	if sum.QuadsAdded != len(want) || sum.QuadsRemoved != 0 || sum.Entries != 3 || sum.Warnings != 1 || sum.Documents != 1 {
		t.Errorf("summary %+v, want %d added, 3 entries, 1 warning", sum, len(want))
	}
	if got := count(t, s); got != int64(len(want)) {
		t.Errorf("store holds %d quads, want %d", got, len(want))
	}

	// People who attended the conference of line 10.
	got := names(t, s, cayley.StartPath(s, graph.EventIRI(src, 10)).Out(graph.Attendee))
	if !slices.Equal(got, []string{"Ada Lovelace", "Alan Turing"}) {
		t.Errorf("attendees of line 10: %v", got)
	}
	// Events Alan Turing attended, through their date.
	dates, err := cayley.StartPath(s, graph.PersonIRI("Alan Turing")).In(graph.Attendee).Out(graph.StartDate).Iterate(context.Background()).AllValues(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(dates) != 2 {
		t.Errorf("Alan Turing attended events on %v, want two dates", dates)
	}
	// Legislators, by their flag.
	leg := names(t, s, cayley.StartPath(s, quad.Bool(true)).In(graph.Legislator))
	if !slices.Equal(leg, []string{"Ada Lovelace", "Alan Turing"}) {
		t.Errorf("legislators: %v", leg)
	}
	// Events in France: in a place of France or in France itself.
	france := cayley.StartPath(s, graph.CountryIRI("France"))
	inFrance := france.Clone().In(graph.ContainedIn).Or(france).In(graph.Location).Out(graph.EntryOf).Out(graph.Line)
	lines, err := inFrance.Iterate(context.Background()).AllValues(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 {
		t.Errorf("events in France at lines %v, want 12 and 15", lines)
	}
	// The sentence behind a fact: the label of the quad.
	labelled, err := s.QuadsLabelled(context.Background(), graph.EntryIRI(src, 12))
	if err != nil {
		t.Fatal(err)
	}
	var wantEntry []quad.Quad
	for _, q := range want {
		if q.Label == graph.EntryIRI(src, 12) {
			wantEntry = append(wantEntry, q)
		}
	}
	if !slices.Equal(quadStrings(labelled), quadStrings(wantEntry)) {
		t.Errorf("quads labelled with line 12:\n%v\nwant\n%v", quadStrings(labelled), quadStrings(wantEntry))
	}
	// Every quad of the store is one of ours, with its label.
	if got := allQuads(t, s); !slices.Equal(got, quadStrings(want)) {
		t.Errorf("store quads differ from Quads: got %d, want %d", len(got), len(want))
	}
}

func testReload(t *testing.T, s *graph.Store) {
	load(t, s, src, chronicle())
	before := allQuads(t, s)
	sum := load(t, s, src, chronicle())
	if sum.QuadsAdded != 0 || sum.QuadsRemoved != 0 {
		t.Errorf("reload: %+v, want nothing added or removed", sum)
	}
	if after := allQuads(t, s); !slices.Equal(before, after) {
		t.Errorf("reload changed the store: %d quads before, %d after", len(before), len(after))
	}
	if n := count(t, s); n != int64(len(before)) {
		t.Errorf("quad count %d after reload, want %d", n, len(before))
	}
}

func testEditedEntry(t *testing.T, s *graph.Store) {
	load(t, s, src, chronicle())
	before := allQuads(t, s)

	edited := chronicle()
	edited[1].Text = "Mid-February – Alan Turing and Grace Hopper addressed a rally in Paris."
	edited[1].People = append(edited[1].People, extract.Person{Name: "Grace Hopper", Participant: true})
	edited[1].Bodies = nil
	sum := load(t, s, src, edited)
	after := allQuads(t, s)

	removed, added := setDiff(before, after), setDiff(after, before)
	if len(removed) != sum.QuadsRemoved || len(added) != sum.QuadsAdded {
		t.Errorf("summary %+v, store: %d removed, %d added", sum, len(removed), len(added))
	}
	if len(removed) == 0 || len(added) == 0 {
		t.Fatalf("edit changed nothing: %d removed, %d added", len(removed), len(added))
	}
	checkConfined(t, before, after, graph.DocumentIRI(src), graph.EntryIRI(src, 12))
	// The body only the edited entry named loses its statements; Alan Turing, named by
	// another entry too, keeps his.
	for _, q := range removed {
		if strings.Contains(q, "alan-turing> <http://schema.org/name>") {
			t.Errorf("the edit removed the name of a person another entry names: %s", q)
		}
	}
	if n := names(t, s, cayley.StartPath(s, graph.BodyIRI("Analytical Society"))); len(n) != 0 {
		t.Errorf("a body no entry names keeps its name %v", n)
	}
	got := names(t, s, cayley.StartPath(s, graph.EventIRI(src, 12)).Out(graph.Attendee))
	if !slices.Equal(got, []string{"Alan Turing", "Grace Hopper"}) {
		t.Errorf("attendees after edit: %v", got)
	}
	if b := names(t, s, cayley.StartPath(s, graph.EventIRI(src, 12)).Out(graph.Mentions)); len(b) != 0 {
		t.Errorf("a removed body is still mentioned: %v", b)
	}
	if !slices.Equal(after, quadStrings(loader.Quads(src, edited))) {
		t.Error("store after edit differs from the quads of the edited document")
	}

	// An entry dropped from the document takes all its quads with it.
	shorter := edited[:2]
	load(t, s, src, shorter)
	if got := allQuads(t, s); !slices.Equal(got, quadStrings(loader.Quads(src, shorter))) {
		t.Errorf("after dropping an entry: %d quads, want %d", len(got), len(loader.Quads(src, shorter)))
	}
}

func testAccumulate(t *testing.T, s *graph.Store) {
	const other = "other-report.txt"
	second := []extract.Record{{
		Source: other, Line: 3, Span: [2]int{20, 90},
		Date:   &extract.Date{Text: "March 1", Start: "2023-03-01", End: "2023-03-01", Precision: "day"},
		Kind:   extract.KindMeeting,
		Text:   "March 1 – Ada Lovelace met Grace Hopper.",
		People: []extract.Person{{Name: "Ada Lovelace", Participant: true}, {Name: "Grace Hopper", Participant: true}},
	}}
	load(t, s, src, chronicle())
	load(t, s, other, second)
	n1, n2 := len(loader.Quads(src, chronicle())), len(loader.Quads(other, second))
	if got := count(t, s); got != int64(n1+n2) {
		t.Errorf("two documents: %d quads, want %d + %d", got, n1, n2)
	}
	// One person, one node, stated by both documents: two labels on her name.
	sources, err := cayley.StartPath(s, graph.PersonIRI("Ada Lovelace")).In(graph.Attendee).Out(graph.EntryOf).Out(graph.Source).Iterate(context.Background()).AllValues(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != 2 {
		t.Errorf("Ada Lovelace attended events of %v, want both documents", sources)
	}
	// Reloading the first leaves the second alone.
	load(t, s, src, chronicle()[:1])
	if got := count(t, s); got != int64(len(loader.Quads(src, chronicle()[:1]))+n2) {
		t.Errorf("after reloading the first document shorter: %d quads", got)
	}
	got := names(t, s, cayley.StartPath(s, graph.EventIRI(other, 3)).Out(graph.Attendee))
	if !slices.Equal(got, []string{"Ada Lovelace", "Grace Hopper"}) {
		t.Errorf("the second document lost facts: %v", got)
	}
}

// failingStore makes every transaction fail at its very end, inside the backend, after
// the backend has written the rest of it: it appends the removal of a quad that does not
// exist and asks the backend not to ignore missing quads.
type failingStore struct{ cgraph.QuadStore }

var errInjected = errors.New("injected failure")

func (f failingStore) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	missing := quad.Make(quad.IRI("urn:missing"), quad.IRI("urn:missing"), quad.IRI("urn:missing"), quad.IRI("urn:missing"))
	deltas := append(slices.Clip(in), cgraph.Delta{Quad: missing, Action: cgraph.Delete})
	opts.IgnoreMissing = false
	if err := f.QuadStore.ApplyDeltas(deltas, opts); err != nil {
		return errors.Join(errInjected, err)
	}
	return errors.New("the backend accepted the removal of a missing quad")
}

func testFailure(t *testing.T, s *graph.Store) {
	load(t, s, src, chronicle())
	before := allQuads(t, s)

	edited := chronicle()
	// Additions only: the backend creates the new person's node before failing.
	edited[0].People = append(edited[0].People, extract.Person{Name: "Failed Newcomer", Participant: true})
	real := s.Handle.QuadStore
	s.Handle.QuadStore = failingStore{real}
	_, err := loader.LoadDocument(context.Background(), s, src, edited)
	if !errors.Is(err, errInjected) {
		t.Fatalf("LoadDocument on a failing store: %v, want the injected failure", err)
	}
	if _, ok := s.Handle.QuadStore.(failingStore); ok {
		s.Handle.QuadStore = real
	}
	if after := allQuads(t, s); !slices.Equal(before, after) {
		t.Fatalf("a failed load changed the store: %d quads before, %d after", len(before), len(after))
	}

	// The store still works: nodes the failed transaction created are not half-known.
	edited2 := chronicle()
	edited2[0].People = append(edited2[0].People, extract.Person{Name: "Later Arrival", Participant: true})
	edited2[1].People = append(edited2[1].People, extract.Person{Name: "Failed Newcomer", Participant: true})
	load(t, s, src, edited2)
	if got := names(t, s, cayley.StartPath(s, graph.EventIRI(src, 10)).Out(graph.Attendee)); !slices.Equal(got, []string{"Ada Lovelace", "Alan Turing", "Later Arrival"}) {
		t.Errorf("attendees of line 10 after a failed load: %v", got)
	}
	if got := names(t, s, cayley.StartPath(s, graph.EventIRI(src, 12)).Out(graph.Attendee)); !slices.Equal(got, []string{"Alan Turing", "Failed Newcomer"}) {
		t.Errorf("attendees of line 12 after a failed load: %v", got)
	}
	if got := allQuads(t, s); !slices.Equal(got, quadStrings(loader.Quads(src, edited2))) {
		t.Errorf("store after recovering: %d quads, want %d", len(got), len(loader.Quads(src, edited2)))
	}
}

func testInvalid(t *testing.T, s *graph.Store) {
	load(t, s, src, chronicle())
	before := allQuads(t, s)
	tests := []struct {
		name string
		edit func([]extract.Record)
	}{
		{"two records on one line", func(r []extract.Record) { r[2].Line = r[1].Line }},
		{"record of another source", func(r []extract.Record) { r[1].Source = "elsewhere.txt" }},
		{"line zero", func(r []extract.Record) { r[2].Line = 0 }},
		{"reversed span", func(r []extract.Record) { r[2].Span = [2]int{9, 3} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := chronicle()
			recs[0].Text = "edited, and must not be loaded"
			tt.edit(recs)
			if _, err := loader.LoadDocument(context.Background(), s, src, recs); err == nil {
				t.Fatal("LoadDocument accepted invalid records")
			}
			if after := allQuads(t, s); !slices.Equal(before, after) {
				t.Error("invalid records changed the store")
			}
		})
	}
}

func setDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

// ownPredicates are the predicates of a node's own statements, which the loader
// states once per document, labelled with the document.
var ownPredicates = []quad.IRI{graph.Type, graph.Name, graph.AlternateName, graph.Legislator, graph.Legislative,
	graph.Kind, graph.Latitude, graph.Longitude, graph.SameAs, graph.ContainedIn, graph.Country}

// parseQuads reads back quads written by quadStrings.
func parseQuads(t *testing.T, lines []string) []quad.Quad {
	t.Helper()
	out := make([]quad.Quad, 0, len(lines))
	for _, l := range lines {
		r := nquads.NewReader(strings.NewReader(l+"\n"), false)
		q, err := r.ReadQuad()
		if err != nil {
			t.Fatalf("read back %s: %v", l, err)
		}
		out = append(out, q)
	}
	return out
}

// checkConfined fails t for every quad that differs between before and after (N-Quads
// lines) and is neither labelled with entry nor one of the document's statements about
// a node the entry names (in either version) or a country of such a node: editing one
// entry may change only that entry's quads and the statements of nodes it names.
func checkConfined(t *testing.T, before, after []string, doc, entry quad.IRI) (changed int) {
	t.Helper()
	all := parseQuads(t, append(slices.Clone(before), after...))
	reach := map[quad.Value]bool{}
	for _, q := range all {
		if q.Label == entry {
			reach[q.Subject], reach[q.Object] = true, true
		}
	}
	for _, q := range all {
		if q.Label == doc && reach[q.Subject] {
			if o, ok := q.Object.(quad.IRI); ok && q.Predicate == graph.ContainedIn {
				reach[o] = true
			}
		}
	}
	diff := parseQuads(t, append(setDiff(before, after), setDiff(after, before)...))
	for _, q := range diff {
		switch {
		case q.Label == entry:
		case q.Label == doc && reach[q.Subject] && slices.Contains(ownPredicates, q.Predicate.(quad.IRI)):
		default:
			t.Errorf("quad of another entry changed: %s", q.NQuad())
		}
	}
	return len(diff)
}
