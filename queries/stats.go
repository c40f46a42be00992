package queries

import (
	"context"
	"sort"
	"time"

	"annals/graph"
)

// TypeCounts counts the nodes of each type.
type TypeCounts struct {
	Events            int `json:"events"`
	People            int `json:"people"`
	Bodies            int `json:"bodies"`
	Places            int `json:"places"`
	Entries           int `json:"entries"`
	Documents         int `json:"documents"`
	Legislators       int `json:"legislators"`
	LegislativeBodies int `json:"legislative_bodies"`
}

// DocumentStat is a document loaded and how many entries the graph holds of it.
type DocumentStat struct {
	Source  string `json:"source"`
	IRI     string `json:"iri"`
	Entries int    `json:"entries"`
}

// Stats describes what the graph holds.
type Stats struct {
	Quads      int64          `json:"quads"`
	Nodes      int64          `json:"nodes"`
	Counts     TypeCounts     `json:"counts"`
	DateSpan   Date           `json:"date_span"`
	Documents  []DocumentStat `json:"documents"`
	IndexBuilt time.Time      `json:"index_built"`
}

// Query implements Result.
func (*Stats) Query() string { return "stats" }

// StatsQuery answers "stats": counts by type, the span of event dates and the
// documents loaded, as of the last index refresh.
func StatsQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	x, err := p.index(ctx, s)
	if err != nil {
		return nil, err
	}
	snap := x.get()
	st := &Stats{Quads: snap.quads, Nodes: snap.nodes, IndexBuilt: snap.built, Documents: []DocumentStat{}}
	for _, e := range snap.entities {
		switch e.typ {
		case TypePerson:
			st.Counts.People++
			if e.flag {
				st.Counts.Legislators++
			}
		case TypeBody:
			st.Counts.Bodies++
			if e.flag {
				st.Counts.LegislativeBodies++
			}
		case TypePlace:
			st.Counts.Places++
		}
	}
	st.Counts.Events = len(snap.events)
	st.Counts.Entries = snap.entries
	st.Counts.Documents = len(snap.docs)
	for _, ev := range snap.byDate {
		if ev.start == "" {
			continue
		}
		if st.DateSpan.Start == "" || ev.start < st.DateSpan.Start {
			st.DateSpan.Start = ev.start
		}
		if ev.end > st.DateSpan.End {
			st.DateSpan.End = ev.end
		}
	}
	for _, d := range snap.docs {
		st.Documents = append(st.Documents, DocumentStat{Source: d.name, IRI: string(d.iri), Entries: d.entries})
	}
	sort.Slice(st.Documents, func(i, j int) bool { return st.Documents[i].Source < st.Documents[j].Source })
	return st, nil
}
