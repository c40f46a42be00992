package queries_test

import (
	"context"
	"fmt"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/queries"
)

// TestLegislatorRowRoleFallback: a legislator's row takes the title its event's entry
// states; an entry stating none gives the title the most entries state, the one stated
// first on a tie, read from the query index (invented records).
func TestLegislatorRowRoleFallback(t *testing.T) {
	ctx := context.Background()
	person := func(roles ...string) []extract.Person {
		return []extract.Person{{Name: "Ines Marlow", Roles: roles, Legislator: true, Participant: true}}
	}
	recs := []extract.Record{
		{Line: 1, People: person("chair of the Water Caucus")}, // stated first, by one entry
		{Line: 3, People: person("Senator")},
		{Line: 5, People: person("Senator")},
		{Line: 7, People: person()}, // no title: the most stated, "Senator"
	}
	for i := range recs {
		r := &recs[i]
		r.Source = "roles.txt"
		r.Text = fmt.Sprintf("Entry %d – Ines Marlow spoke at a hearing.", r.Line)
		r.Span = [2]int{0, len(r.Text)}
		r.Date = &extract.Date{Text: fmt.Sprintf("May %d", r.Line), Start: fmt.Sprintf("2024-05-%02d", r.Line), End: fmt.Sprintf("2024-05-%02d", r.Line), Precision: "day"}
		r.Kind = extract.KindHearing
	}
	s, err := graph.Open(ctx, graph.Config{Kind: graph.KindMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := loader.LoadDocument(ctx, s, "roles.txt", recs); err != nil {
		t.Fatal(err)
	}
	x, err := queries.NewIndex(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := queries.LegislatorEventsQuery(ctx, s, queries.Params{Index: x, Person: "ines-marlow"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, r := range res.(*queries.LegislatorEvents).Rows {
		got[r.Provenance.Line] = r.Role
	}
	want := map[int]string{1: "chair of the Water Caucus", 3: "Senator", 5: "Senator", 7: "Senator"}
	for line, role := range want {
		if got[line] != role {
			t.Errorf("line %d: role %q, want %q (rows %v)", line, got[line], role, got)
		}
	}
}
