package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"annals/graph"
)

// Histogram is how many events pass a filter in each period: every period from the
// first dated event to the last, empty ones included, so that a timeline drawn from it
// covers the whole corpus (not only a page of events).
type Histogram struct {
	By      string   `json:"by"`      // year or month
	Total   int      `json:"total"`   // events that pass the filter
	Undated int      `json:"undated"` // of which without a start date
	Buckets []Bucket `json:"buckets"`
}

// Bucket is one period of a Histogram: "2023" or "2023-04".
type Bucket struct {
	Period string `json:"period"`
	Events int    `json:"events"`
}

// Query implements Result.
func (*Histogram) Query() string { return "histogram" }

// HistogramQuery counts the events that pass the event filters of p (those of
// EventsQuery) by the year or month of their start date.
func HistogramQuery(ctx context.Context, s *graph.Store, p Params, by string) (*Histogram, error) {
	width := map[string]int{"year": 4, "month": 7}[by]
	if width == 0 {
		return nil, &ParamError{Param: "by", Value: by, Reason: "must be year or month"}
	}
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, p, true)
	if err != nil {
		return nil, err
	}
	evs := f.events(ss)
	h := &Histogram{By: by, Total: len(evs), Buckets: []Bucket{}}
	counts := make(map[string]int)
	first, last := "", ""
	for _, ev := range evs {
		if len(ev.start) < width {
			h.Undated++
			continue
		}
		k := ev.start[:width]
		counts[k]++
		if first == "" || k < first {
			first = k
		}
		if k > last {
			last = k
		}
	}
	if first == "" {
		return h, nil
	}
	for k := first; k <= last; k = nextPeriod(k) {
		h.Buckets = append(h.Buckets, Bucket{Period: k, Events: counts[k]})
	}
	return h, nil
}

// nextPeriod is the year or month after k ("2023" → "2024", "2023-12" → "2024-01").
func nextPeriod(k string) string {
	y, _ := strconv.Atoi(k[:4])
	if len(k) == 4 {
		return fmt.Sprintf("%04d", y+1)
	}
	m, _ := strconv.Atoi(k[5:7])
	if m == 12 {
		return fmt.Sprintf("%04d-01", y+1)
	}
	return fmt.Sprintf("%04d-%02d", y, m+1)
}

// EventMap is where the events that pass a filter took place, as the sources state it
// (schema:location): each place with coordinates and how many of the events name it.
type EventMap struct {
	Total     int          `json:"total"`     // events that pass the filter
	Located   int          `json:"located"`   // of which at a place with coordinates
	Unlocated int          `json:"unlocated"` // of which at no place with coordinates
	Places    []PlaceCount `json:"places"`    // most events first
}

// PlaceCount is a place of an EventMap and the number of its events.
type PlaceCount struct {
	Place
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Events int     `json:"events"`
}

// Query implements Result.
func (*EventMap) Query() string { return "map" }

// EventMapQuery places the events that pass the event filters of p (those of
// EventsQuery) at their locations that have coordinates.
func EventMapQuery(ctx context.Context, s *graph.Store, p Params) (*EventMap, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	f, err := ss.newEventFilter(ctx, p, true)
	if err != nil {
		return nil, err
	}
	evs := f.events(ss)
	m := &EventMap{Total: len(evs), Places: []PlaceCount{}}
	at := make(map[*entity]int) // place → index in m.Places
	for i, ev := range evs {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		located := false
		for _, iri := range ev.places {
			e := ss.snap.entities[iri]
			if e == nil || e.lat == nil || e.lon == nil {
				continue
			}
			located = true
			j, ok := at[e]
			if !ok {
				j = len(m.Places)
				at[e] = j
				m.Places = append(m.Places, PlaceCount{Place: ss.placeOf(iri), Lat: *e.lat, Lon: *e.lon})
			}
			m.Places[j].Events++
		}
		if located {
			m.Located++
		}
	}
	m.Unlocated = m.Total - m.Located
	sort.SliceStable(m.Places, func(i, j int) bool {
		a, b := m.Places[i], m.Places[j]
		return a.Events > b.Events || a.Events == b.Events && a.Name < b.Name
	})
	return m, nil
}

// Tie is the events two actors share, each with what the source states: the evidence
// of a tie of the co-appearance network, in one answer.
type Tie struct {
	A      Ref     `json:"a"`
	B      Ref     `json:"b"`
	Total  int     `json:"total"`
	Offset int     `json:"offset"`
	Events []Event `json:"events"`
}

// Query implements Result.
func (*Tie) Query() string { return "tie" }

// TieQuery answers the events that both Params.Actor and Params.Other attend, organize
// or are mentioned in, within the date range (From, To), by date, a page at a time.
func TieQuery(ctx context.Context, s *graph.Store, p Params) (*Tie, error) {
	ss, err := newSession(ctx, s, p)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.Actor) == "" || strings.TrimSpace(p.Other) == "" {
		return nil, &ParamError{Param: "b", Value: p.Other, Reason: "both actors of the tie (a and b) are required"}
	}
	a, err := ss.snap.resolve("a", "", p.Actor)
	if err != nil {
		return nil, err
	}
	b, err := ss.snap.resolve("b", "", p.Other)
	if err != nil {
		return nil, err
	}
	from, to, err := dateRange(p)
	if err != nil {
		return nil, err
	}
	ofA := make(map[*eventInfo]bool)
	for _, c := range ss.eventsOf(a, actorLinks...) {
		ofA[c.event] = true
	}
	var shared []*eventInfo
	seen := make(map[*eventInfo]bool)
	for _, c := range ss.eventsOf(b, actorLinks...) {
		ev := c.event
		if !ofA[ev] || seen[ev] {
			continue
		}
		seen[ev] = true
		if to != "" && (ev.start == "" || ev.start > to) || from != "" && (ev.end == "" || ev.end < from) {
			continue
		}
		shared = append(shared, ev)
	}
	sort.Slice(shared, func(i, j int) bool { return shared[i].ord < shared[j].ord })
	lo, hi := paginate(len(shared), p.Offset, p.limit(200, 1000))
	t := &Tie{A: a.ref(), B: b.ref(), Total: len(shared), Offset: lo, Events: make([]Event, 0, hi-lo)}
	for _, info := range shared[lo:hi] {
		ev, err := ss.event(ctx, info.iri)
		if err != nil {
			return nil, err
		}
		t.Events = append(t.Events, *ev)
	}
	return t, nil
}
