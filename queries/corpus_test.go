package queries_test

import (
	"context"
	"os"
	"sort"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/queries"
)

const sampleCorpus = "../../shared/corpus/iran-resistance-2023.txt"

// TestSampleCorpus extracts and loads the sample chronology and checks the answers
// against the records themselves: counts, provenance and date filters must agree with
// what the extractor produced, whatever it produced.
func TestSampleCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts the whole sample corpus")
	}
	f, err := os.Open(sampleCorpus)
	if os.IsNotExist(err) {
		t.Skip("sample corpus not beside this checkout")
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	const source = "iran-resistance-2023.txt"
	doc, err := x.Extract(f, extract.Options{Source: source})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Records) < 100 {
		t.Fatalf("extracted %d records", len(doc.Records))
	}
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Kind: graph.KindMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := loader.LoadDocument(ctx, s, source, doc.Records); err != nil {
		t.Fatal(err)
	}
	idx, err := queries.NewIndex(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ask := func(fn queries.Func, p queries.Params) queries.Result {
		t.Helper()
		p.Index = idx
		res, err := fn(ctx, s, p)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		return res
	}

	st := ask(queries.StatsQuery, queries.Params{}).(*queries.Stats)
	if st.Counts.Events != len(doc.Records) || st.Counts.Entries != len(doc.Records) || st.Counts.Documents != 1 {
		t.Errorf("stats %+v for %d records", st.Counts, len(doc.Records))
	}
	if st.DateSpan.Start < "2023-01-01" || st.DateSpan.End > "2023-12-31" {
		t.Errorf("date span %+v outside the year of the chronology", st.DateSpan)
	}

	// The most cited person: the profile and the co-appearance agree with the records.
	events := map[string]int{}
	partners := map[string]map[string]int{}
	for _, r := range doc.Records {
		keys := map[string]bool{}
		for _, p := range r.People {
			keys[graph.Key(p.Name)] = true
		}
		for k := range keys {
			events[k]++
			if partners[k] == nil {
				partners[k] = map[string]int{}
			}
			for o := range keys {
				if o != k {
					partners[k][o]++
				}
			}
		}
	}
	var people []string
	for k := range events {
		people = append(people, k)
	}
	sort.Slice(people, func(i, j int) bool {
		return events[people[i]] > events[people[j]] || (events[people[i]] == events[people[j]] && people[i] < people[j])
	})
	if len(people) == 0 {
		t.Fatal("the extractor found no people")
	}
	top := people[0]
	pr := ask(queries.PersonQuery, queries.Params{ID: top}).(*queries.Profile)
	if pr.Counts.Events != events[top] || pr.Counts.Documents != 1 || len(pr.Events) == 0 {
		t.Errorf("profile of %s: counts %+v, want %d events", top, pr.Counts, events[top])
	}
	for _, ev := range pr.Events {
		if ev.Provenance.Source != source || ev.Provenance.Line <= 0 || ev.Provenance.States == "" {
			t.Fatalf("event without provenance: %+v", ev)
		}
	}
	co := ask(queries.CoAppearanceQuery, queries.Params{Actor: top, With: "people"}).(*queries.CoAppearance)
	if co.Total != len(partners[top]) {
		t.Errorf("co-appearance of %s: %d partners, records give %d", top, co.Total, len(partners[top]))
	}
	for _, p := range co.Partners {
		if p.Weight != partners[top][p.ID] {
			t.Errorf("co-appearance of %s with %s: weight %d, records give %d", top, p.ID, p.Weight, partners[top][p.ID])
		}
	}

	// Legislators × events: one row per legislator taking part, each with its sentence.
	want := 0
	for _, r := range doc.Records {
		seen := map[string]bool{}
		for _, p := range r.People {
			if k := graph.Key(p.Name); p.Participant && !seen[k] && isLegislator(doc.Records, p.Name) {
				seen[k] = true
				want++
			}
		}
	}
	le := ask(queries.LegislatorEventsQuery, queries.Params{Limit: 100000}).(*queries.LegislatorEvents)
	if le.Total != want || len(le.Rows) != want || want == 0 {
		t.Errorf("legislators × events: %d rows, records give %d", le.Total, want)
	}
	for _, row := range le.Rows {
		if row.Provenance.States == "" || row.Provenance.Line <= 0 {
			t.Fatalf("row without provenance: %+v", row)
		}
	}

	// A month: the events overlapping March 2023.
	march := 0
	for _, r := range doc.Records {
		if r.Date != nil && r.Date.Start != "" && r.Date.Start <= "2023-03-31" && r.Date.End >= "2023-03-01" {
			march++
		}
	}
	evs := ask(queries.EventsQuery, queries.Params{From: "2023-03", To: "2023-03", Limit: 1000}).(*queries.Events)
	if evs.Total != march || march == 0 {
		t.Errorf("events of March: %d, records give %d", evs.Total, march)
	}
}

// isLegislator tells whether any record of the document calls the person a legislator
// (the graph keeps the flag on the person, whichever entry stated it).
func isLegislator(recs []extract.Record, name string) bool {
	k := graph.Key(name)
	for _, r := range recs {
		for _, p := range r.People {
			if p.Legislator && graph.Key(p.Name) == k {
				return true
			}
		}
	}
	return false
}
