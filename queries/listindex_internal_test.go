package queries

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"annals/extract"
	"annals/extract/gazetteer"
	"annals/graph"
	"annals/loader"
	"annals/synth"

	"github.com/cayleygraph/quad"
)

// The tests of this file check that lists answered from the index are the answers the
// store gives: every event summary against the event read quad by quad from the store
// (storeEvent, the reading the queries did before the index held summaries), and the
// profile, co-appearance and date-range answers against the passes over every citation
// they made before their counts were kept in the index (the ref* functions below).

// listsCompared is set by the first run of TestListsFromIndexMatchStore.
var listsCompared atomic.Bool

// listCorpus is a set of documents to load.
type listCorpus struct {
	name string
	docs map[string][]extract.Record // by source
}

// listCorpora are the sample chronology (when it is beside this checkout) and a
// generated one of two documents sharing their people, bodies and real places.
func listCorpora(t *testing.T) []listCorpus {
	t.Helper()
	var out []listCorpus
	if f, err := os.Open("../../shared/corpus/iran-resistance-2023.txt"); err == nil {
		defer f.Close()
		x, err := extract.New()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := x.Extract(f, extract.Options{Source: "sample.txt"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, listCorpus{"sample", map[string][]extract.Record{"sample.txt": doc.Records}})
	} else {
		t.Log("sample corpus not beside this checkout: generated corpus only")
	}
	gz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := synth.New(synth.Config{Entries: 1000, Seed: 16, Gazetteer: gz})
	if err != nil {
		t.Fatal(err)
	}
	gen := listCorpus{"generated", map[string][]extract.Record{}}
	golds := make([]*bytes.Buffer, 2)
	_, err = g.WriteParts(context.Background(), 2, func(i int) (synth.Part, error) {
		golds[i] = &bytes.Buffer{}
		return synth.Part{Source: fmt.Sprintf("gen-%d.txt", i), Text: &bytes.Buffer{}, Gold: golds[i]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range golds {
		src := fmt.Sprintf("gen-%d.txt", i)
		recs, err := loader.ReadJSONL(b, src)
		if err != nil {
			t.Fatal(err)
		}
		for j := range recs {
			recs[j].Source = src
			// some events last months, as a campaign or a session would: the date
			// ranges must find them beyond the window of short events
			if d := recs[j].Date; j%97 == 0 && d != nil {
				if start, err := time.Parse(time.DateOnly, d.Start); err == nil {
					d.End, d.Precision = start.AddDate(0, 7, 0).Format(time.DateOnly), "range"
				}
			}
		}
		gen.docs[src] = recs
	}
	return append(out, gen)
}

// TestListsFromIndexMatchStore loads each corpus into each store and compares every
// event summary, and every named query built on the counts kept in the index, with
// the answer read from the store, in full; then the summaries with the memory store's:
// in full on bolt, as sets on PostgreSQL, whose writer inserts an entry's quads in hash
// order (graph/pgbatch.go), so that the order of an event's places and actors there is
// that of their hashes, read from the store or from the index.
func TestListsFromIndexMatchStore(t *testing.T) {
	if testing.Short() {
		t.Skip("loads two corpora into each store")
	}
	if listsCompared.Swap(true) {
		t.Skip("compared on every store in the suite's first pass") // TestMain runs the suite again on PostgreSQL
	}
	ctx := context.Background()
	for _, c := range listCorpora(t) {
		t.Run(c.name, func(t *testing.T) {
			// event summaries on the memory store, and as sets
			var reference, referenceSets map[quad.IRI]string
			for _, st := range indexStores(t) {
				t.Run(st.kind, func(t *testing.T) {
					s := st.open(t)
					sources := make([]string, 0, len(c.docs))
					for src := range c.docs {
						sources = append(sources, src)
					}
					slices.Sort(sources)
					for _, src := range sources {
						load(t, s, src, c.docs[src])
					}
					file := filepath.Join(t.TempDir(), "annals.index")
					built, err := OpenIndex(ctx, s, IndexOptions{File: file})
					if err != nil {
						t.Fatal(err)
					}
					read, err := OpenIndex(ctx, s, IndexOptions{File: file}) // from the file
					if err != nil {
						t.Fatal(err)
					}
					if read.Scans() != 0 {
						t.Fatal("the second index was not read from its file")
					}
					if c.name == "generated" && !slices.ContainsFunc(actorsOf(built), func(e *entity) bool { return e.co[0] != nil }) {
						t.Error("no actor is a hub: the test does not reach the co-appearances counted in advance")
					}
					if c.name == "generated" && len(built.get().long) == 0 {
						t.Error("no long event: the test does not reach the date ranges' second list")
					}
					runs := []struct {
						how string
						x   *Index
					}{{"built", built}, {"read", read}}
					if st.kind != "memory" {
						runs = runs[:1] // reading the file does not depend on the store
					}
					for _, x := range runs {
						t.Run(x.how, func(t *testing.T) {
							got, sets := compareEvents(t, s, x.x)
							switch {
							case reference == nil:
								reference, referenceSets = got, sets
							case st.kind == "postgres" && !maps.Equal(sets, referenceSets):
								t.Error("event summaries differ from those on the memory store, as sets")
							case st.kind != "postgres" && !maps.Equal(got, reference):
								t.Error("event summaries differ from those on the memory store")
							}
							if n := compareLists(t, s, x.x); n == 0 && c.name == "sample" {
								t.Error("no profile had a role or a link: their provenance was not compared")
							}
						})
					}
				})
			}
		})
	}
}

func provenances(rs []Role) []Provenance {
	var out []Provenance
	for _, r := range rs {
		out = append(out, r.Provenance)
	}
	return out
}

func linkProvenances(lss ...[]Link) []Provenance {
	var out []Provenance
	for _, ls := range lss {
		for _, l := range ls {
			out = append(out, l.Provenance)
		}
	}
	return out
}

func actorsOf(x *Index) []*entity {
	var out []*entity
	for _, e := range x.get().entities {
		out = append(out, e)
	}
	return out
}

// compareEvents checks every event of x against the store and returns their JSON, in
// full and as sets (unordered).
func compareEvents(t *testing.T, s *graph.Store, x *Index) (full, sets map[quad.IRI]string) {
	ctx := context.Background()
	ss, err := newSession(ctx, s, Params{Index: x})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := newSession(ctx, s, Params{Index: x})
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[quad.IRI]string, len(ss.snap.events))
	sets = make(map[quad.IRI]string, len(ss.snap.events))
	bad := 0
	for iri := range ss.snap.events {
		got, err := ss.event(ctx, iri)
		if err != nil {
			t.Fatal(err)
		}
		want, err := storeEvent(ctx, ref, iri)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
			if bad++; bad <= 3 {
				t.Errorf("event %s from the index:\n%s\nfrom the store:\n%s", iri, g, w)
			}
		}
		out[iri] = jsonOf(t, got)
		sets[iri] = jsonOf(t, unordered(got))
	}
	if bad > 0 {
		t.Errorf("%d of %d events differ", bad, len(out))
	}
	if len(out) < 100 {
		t.Errorf("only %d events", len(out))
	}
	return out, sets
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// unordered is ev with its lists sorted by IRI and a name that does not depend on the
// order of its places.
func unordered(ev *Event) *Event {
	c := *ev
	byIRI := func(a, b Ref) int { return strings.Compare(a.IRI, b.IRI) }
	placeByIRI := func(a, b Place) int { return strings.Compare(a.IRI, b.IRI) }
	c.Places = slices.SortedFunc(slices.Values(ev.Places), placeByIRI)
	c.MentionedPlaces = slices.SortedFunc(slices.Values(ev.MentionedPlaces), placeByIRI)
	c.Participants = slices.SortedFunc(slices.Values(ev.Participants), byIRI)
	c.Mentioned = slices.SortedFunc(slices.Values(ev.Mentioned), byIRI)
	c.Organizers = slices.SortedFunc(slices.Values(ev.Organizers), byIRI)
	c.Name = eventName(&c)
	return &c
}

// compareLists checks the answers of the named queries that list events (profiles,
// co-appearances, events of a month) against the passes over citations they replace,
// for the most cited actors and places and for some cited once.
// It returns how many provenances of roles and links it compared.
func compareLists(t *testing.T, s *graph.Store, x *Index) (checked int) {
	ctx := context.Background()
	snap := x.get()
	var actors, places []*entity
	for _, e := range snap.entities {
		switch e.typ {
		case TypePerson, TypeBody:
			actors = append(actors, e)
		case TypePlace:
			places = append(places, e)
		}
	}
	byDegree := func(es []*entity) []*entity {
		sort.Slice(es, func(i, j int) bool {
			if es[i].degree != es[j].degree {
				return es[i].degree > es[j].degree
			}
			return es[i].iri < es[j].iri
		})
		hubs, rare := 20, 10
		if s.Kind == graph.KindPostgres { // where each value read is a round trip
			hubs, rare = 6, 4
		}
		if len(es) > hubs+rare {
			es = append(es[:hubs], es[len(es)-rare:]...) // the hubs and some cited once
		}
		return es
	}
	for _, e := range actors {
		if (e.co[0] != nil) != (len(e.events) >= hubMin) {
			t.Errorf("%s: %d citations, co-appearances counted in advance: %v", e.iri, len(e.events), e.co[0] != nil)
		}
	}
	ref, err := newSession(ctx, s, Params{Index: x})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(byDegree(actors), byDegree(places)...) {
		for _, pg := range []Params{{}, {Offset: 3, Limit: 7}} {
			pg.ID, pg.Index = IDOf(e.iri), x
			q := map[string]Func{TypePerson: PersonQuery, TypeBody: BodyQuery, TypePlace: PlaceQuery}[e.typ]
			res, err := q(ctx, s, pg)
			if err != nil {
				t.Fatal(err)
			}
			got := res.(*Profile)
			// the provenance of roles and links: the first entry stating each, from the store
			var firsts []quad.IRI
			for _, r := range got.Roles {
				firsts = append(firsts, quad.IRI(r.Provenance.Entry))
			}
			for _, l := range slices.Concat(got.MemberOf, got.Countries, got.Parents) {
				firsts = append(firsts, quad.IRI(l.Provenance.Entry))
			}
			provs := slices.Concat(provenances(got.Roles), linkProvenances(got.MemberOf, got.Countries, got.Parents))
			for i, entry := range firsts {
				want, err := ref.storeProvenance(ctx, entry)
				if err != nil {
					t.Fatal(err)
				}
				checked++
				if provs[i] != *want || want.States == "" {
					t.Errorf("%s: provenance %+v, the store gives %+v", e.iri, provs[i], *want)
				}
			}
			evs := refEventsOf(e, profilePreds(e.typ)...)
			if c := refCounts(evs); got.Counts != c {
				t.Errorf("%s: counts %+v, a pass over its citations gives %+v", e.iri, got.Counts, c)
			}
			lo, hi := paginate(len(evs), pg.Offset, pg.limit(50, 1000))
			var want []ProfileEvent
			for _, c := range evs[lo:hi] {
				ev, err := storeEvent(ctx, ref, c.event.iri)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, ProfileEvent{Event: *ev, Relation: relation(c.pred)})
			}
			if want == nil {
				want = []ProfileEvent{}
			}
			if g, w := jsonOf(t, got.Events), jsonOf(t, want); g != w {
				t.Errorf("%s %+v: profile events differ from the store's:\n%s\n%s", e.iri, pg, g, w)
			}
		}
		if e.typ == TypePlace {
			continue
		}
		for _, p := range []Params{{}, {With: "people"}, {With: "bodies", Offset: 2}, {Participation: "attended", Limit: 5},
			{With: "people", Participation: "attended", Offset: 1, Limit: 3}} {
			p.Actor, p.Index = IDOf(e.iri), x
			res, err := CoAppearanceQuery(ctx, s, p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := refCoAppearance(ctx, ref, e, p)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := jsonOf(t, res), jsonOf(t, want); g != w {
				t.Errorf("co-appearance %+v differs from a pass over the actor's events:\n%s\n%s", p, g, w)
			}
		}
	}
	// Date ranges: months, days and a year, each against a walk of every event.
	months := map[string]bool{}
	for _, ev := range snap.byDate {
		if len(ev.start) >= 7 {
			months[ev.start[:7]] = true
		}
	}
	ranges := [][2]string{{"", ""}}
	for m := range months {
		ranges = append(ranges, [2]string{m, m}, [2]string{m + "-15", ""}, [2]string{"", m})
	}
	sort.Slice(ranges, func(i, j int) bool { return ranges[i][0]+ranges[i][1] < ranges[j][0]+ranges[j][1] })
	if len(ranges) > 40 {
		ranges = ranges[:40]
	}
	for _, r := range ranges {
		p := Params{From: r[0], To: r[1], Limit: 10000, Index: x}
		res, err := EventsQuery(ctx, s, p)
		if err != nil {
			t.Fatal(err)
		}
		from, to, _ := dateRange(p)
		var want []string
		for _, ev := range snap.byDate {
			if (to == "" || (ev.start != "" && ev.start <= to)) && (from == "" || (ev.end != "" && ev.end >= from)) {
				want = append(want, string(ev.iri))
			}
		}
		var got []string
		for _, ev := range res.(*Events).Events {
			got = append(got, ev.IRI)
		}
		if !slices.Equal(got, want) {
			t.Errorf("events from %q to %q: %d events, a walk of all gives %d", r[0], r[1], len(got), len(want))
		}
	}
	return checked
}

// storeEvent reads an event quad by quad from the store: the reading the queries made
// before the index held event summaries, kept here as the reference.
func storeEvent(ctx context.Context, ss *session, iri quad.IRI) (*Event, error) {
	ref := ss.r.ref(iri)
	if ref == nil {
		return nil, fmt.Errorf("event %q: %w", IDOf(iri), ErrNotFound)
	}
	ev := &Event{Ref: Ref{ID: IDOf(iri), IRI: string(iri), Type: TypeEvent}, Places: []Place{}, MentionedPlaces: []Place{}, Participants: []Ref{}, Mentioned: []Ref{}, Organizers: []Ref{}}
	var entry quad.IRI
	err := ss.r.each(ctx, pattern{sub: ref}, func(l link) error {
		pred, _ := ss.r.value(l.pred).(quad.IRI)
		obj := ss.r.value(l.obj)
		oiri, _ := obj.(quad.IRI)
		switch pred {
		case graph.StartDate:
			ev.Date.Start = date(obj)
		case graph.EndDate:
			ev.Date.End = date(obj)
		case graph.DateText:
			ev.Date.Text = text(obj)
		case graph.Precision:
			ev.Date.Precision = text(obj)
		case graph.Kind:
			ev.Kind = text(obj)
		case graph.Location:
			ev.Places = appendPlace(ev.Places, ss.placeOf(oiri))
		case graph.MentionsPlace:
			ev.MentionedPlaces = appendPlace(ev.MentionedPlaces, ss.placeOf(oiri))
		case graph.Attendee:
			ev.Participants = appendRef(ev.Participants, ss.refOf(oiri))
		case graph.Mentions:
			ev.Mentioned = appendRef(ev.Mentioned, ss.refOf(oiri))
		case graph.Organizer:
			ev.Organizers = appendRef(ev.Organizers, ss.refOf(oiri))
		case graph.EntryOf:
			entry = oiri
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ev.Date.End == "" {
		ev.Date.End = ev.Date.Start
	}
	ev.Name = eventName(ev)
	if entry != "" {
		prov, err := ss.storeProvenance(ctx, entry)
		if err != nil {
			return nil, err
		}
		ev.Provenance = *prov
	}
	return ev, nil
}

// refEventsOf is the pass over every citation of a node that profiles made.
func refEventsOf(node *entity, preds ...quad.IRI) []citation {
	var out []citation
	for _, c := range node.events {
		if !slices.Contains(preds, c.pred) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].event == c.event {
			continue
		}
		out = append(out, c)
	}
	return out
}

// refCounts are the counts profiles made of the events of a node.
func refCounts(evs []citation) Counts {
	c := Counts{Events: len(evs)}
	var docs []string
	for _, ev := range evs {
		switch ev.pred {
		case graph.Attendee:
			c.Attended++
		case graph.Organizer:
			c.Organized++
		case graph.Location:
			c.Located++
		default:
			c.Mentioned++
		}
		if !slices.Contains(docs, ev.event.doc) {
			docs = append(docs, ev.event.doc)
		}
	}
	c.Documents = len(docs)
	return c
}

// refCoAppearance is the co-appearance as it was counted at each request: a pass over
// the citations of every event of the actor, with each shared event read from the store.
func refCoAppearance(ctx context.Context, ss *session, actor *entity, p Params) (*CoAppearance, error) {
	with, mode, err := coParams(p)
	if err != nil {
		return nil, err
	}
	preds := participations[mode]
	evs := refEventsOf(actor, preds...)
	type tally struct {
		e      *entity
		weight int
		last   *eventInfo
		first  []*eventInfo
	}
	shared := make(map[*entity]*tally)
	var partners []*tally
	for _, c := range evs {
		info := c.event
		for _, o := range info.actors {
			if o.actor == actor || !slices.Contains(preds, o.pred) || (with != "all" && o.actor.typ != with) {
				continue
			}
			t := shared[o.actor]
			if t == nil {
				t = &tally{e: o.actor}
				shared[o.actor] = t
				partners = append(partners, t)
			} else if t.last == info {
				continue
			}
			t.last = info
			t.weight++
			if len(t.first) < maxSharedListed {
				t.first = append(t.first, info)
			}
		}
	}
	sort.Slice(partners, func(i, j int) bool {
		a, b := partners[i], partners[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if a.e.name != b.e.name {
			return a.e.name < b.e.name
		}
		return a.e.iri < b.e.iri
	})
	lo, hi := paginate(len(partners), p.Offset, p.limit(25, 1000))
	out := &CoAppearance{Actor: actor.ref(), With: with, Events: len(evs), Total: len(partners), Offset: lo, Partners: make([]Partner, 0, hi-lo)}
	for _, t := range partners[lo:hi] {
		pt := Partner{Ref: t.e.ref(), Weight: t.weight}
		for _, info := range t.first {
			ev, err := storeEvent(ctx, ss, info.iri)
			if err != nil {
				return nil, err
			}
			pt.Events = append(pt.Events, SharedEvent{Ref: ev.Ref, Date: Date{Start: ev.Date.Start, End: ev.Date.End},
				Kind: ev.Kind, Provenance: ev.Provenance})
		}
		out.Partners = append(out.Partners, pt)
	}
	return out, nil
}
