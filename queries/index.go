package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// Index is what the queries keep in memory about a store: the names and aliases of
// people, bodies and places (for search, autocomplete and resolving what a user typed),
// the dates, kinds and words of events (to find events by date range or free text
// without walking the graph) and the documents loaded. It is built by one pass over the
// store at start and rebuilt after loads (Refresh); queries read an immutable snapshot,
// so a refresh never disturbs a request in flight.
type Index struct {
	snap atomic.Pointer[snapshot]
}

// NewIndex builds the index of a store.
func NewIndex(ctx context.Context, s *graph.Store) (*Index, error) {
	x := &Index{}
	if err := x.Refresh(ctx, s); err != nil {
		return nil, err
	}
	return x, nil
}

// Refresh rebuilds the index from the store; call it after loading documents.
func (x *Index) Refresh(ctx context.Context, s *graph.Store) error {
	snap, err := buildSnapshot(ctx, s)
	if err != nil {
		return fmt.Errorf("queries: index: %w", err)
	}
	x.snap.Store(snap)
	return nil
}

// Built is when the index was last built.
func (x *Index) Built() time.Time { return x.get().built }

func (x *Index) get() *snapshot {
	if s := x.snap.Load(); s != nil {
		return s
	}
	return &snapshot{}
}

// entity is a person, body or place as the index knows it.
type entity struct {
	iri        quad.IRI
	typ        string
	name       string
	names      map[string]int // every schema:name seen, with how often
	aliases    []string
	flag       bool // legislator (person) or legislative (body)
	placeKind  string
	country    string
	countryIRI quad.IRI
	lat, lon   *float64
	degree     int        // links from events: how many times the graph cites it
	events     []citation // the events citing it, in no order
	roles      []*roleTally
	// Links to other nodes, each with the entries stating it (format version 2):
	// memberships (person → body), parents (body → body) and countries (person or
	// body → country). members and parts are the inverse of memberOf and parentOf.
	memberOf  []statedLink
	parentOf  []statedLink
	countryOf []statedLink
	members   []*entity
	parts     []*entity
	within    []*entity // places whose country this country is
}

// statedLink is a link from an entity to another node, with the entries stating it,
// earliest first.
type statedLink struct {
	to      quad.IRI
	entries []quad.IRI
}

// addStated records that entry states the link to node.
func addStated(links []statedLink, to, entry quad.IRI) []statedLink {
	for i := range links {
		if links[i].to == to {
			links[i].entries = append(links[i].entries, entry)
			return links
		}
	}
	return append(links, statedLink{to: to, entries: []quad.IRI{entry}})
}

// roleTally counts the entries giving a person a title, and keeps the earliest.
type roleTally struct {
	role    string
	entries int
	first   quad.IRI
}

func (e *entity) tallyRole(role string, entry quad.IRI) {
	for _, t := range e.roles {
		if t.role == role {
			t.entries++
			if entryBefore(entry, t.first) {
				t.first = entry
			}
			return
		}
	}
	e.roles = append(e.roles, &roleTally{role: role, entries: 1, first: entry})
}

// citation is an event citing a person, body or place: by schema:attendee,
// annals:mentions, schema:organizer or schema:location. The index keeps these links
// both ways so that co-appearance and connections, which fan out over every event of
// an actor, never walk the store quad by quad.
type citation struct {
	event *eventInfo
	actor *entity
	pred  quad.IRI
}

func (e *entity) ref() Ref {
	return Ref{ID: IDOf(e.iri), IRI: string(e.iri), Type: e.typ, Name: e.name}
}

// eventInfo is what the index keeps of an event.
type eventInfo struct {
	iri        quad.IRI
	start, end string
	kind       string
	entry      quad.IRI
	places     []quad.IRI
	actors     []citation // people and bodies it cites
	doc        string     // key of its document
	ord        int        // position in the index's date order
}

type document struct {
	iri     quad.IRI
	name    string
	entries int
}

// nameKey is one name or alias of an entity, folded for matching.
type nameKey struct {
	key   string // graph.Key of the name: "jane-doe"
	words []string
	text  string // the name as written
	e     *entity
}

type snapshot struct {
	entities map[quad.IRI]*entity
	byKey    map[string][]*entity // folded name or alias → entities
	names    []nameKey
	events   map[quad.IRI]*eventInfo
	byDate   []*eventInfo // sorted by start date, then IRI
	tokens   map[string][]*eventInfo
	docs     map[quad.IRI]*document
	entries  int
	quads    int64
	nodes    int64
	built    time.Time
}

// buildSnapshot reads every quad once. It is the only full scan annals does, and it
// happens at start and after loads, never per request.
func buildSnapshot(ctx context.Context, s *graph.Store) (*snapshot, error) {
	snap := &snapshot{
		entities: make(map[quad.IRI]*entity),
		byKey:    make(map[string][]*entity),
		events:   make(map[quad.IRI]*eventInfo),
		tokens:   make(map[string][]*eventInfo),
		docs:     make(map[quad.IRI]*document),
		built:    time.Now(),
	}
	texts := make(map[quad.IRI]string)
	type rawLink struct{ event, node, pred quad.IRI }
	var links []rawLink
	entryDoc := make(map[quad.IRI]quad.IRI)
	ent := func(iri quad.IRI) *entity {
		e := snap.entities[iri]
		if e == nil {
			e = &entity{iri: iri, typ: typeOf(iri), names: make(map[string]int)}
			snap.entities[iri] = e
		}
		return e
	}
	event := func(iri quad.IRI) *eventInfo {
		ev := snap.events[iri]
		if ev == nil {
			ev = &eventInfo{iri: iri}
			snap.events[iri] = ev
		}
		return ev
	}
	docOf := func(iri quad.IRI) *document {
		d := snap.docs[iri]
		if d == nil {
			d = &document{iri: iri}
			snap.docs[iri] = d
		}
		return d
	}
	qs := s.QuadStore
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, err
		}
		snap.quads++
		sub, _ := q.Subject.(quad.IRI)
		pred, _ := q.Predicate.(quad.IRI)
		obj, objIRI := q.Object.(quad.IRI)
		styp := typeOf(sub)
		switch pred {
		case graph.Type:
			switch obj {
			case graph.ClassEvent:
				event(sub)
			case graph.ClassDocument:
				docOf(sub)
			}
		case graph.Name:
			if styp == TypePerson || styp == TypeBody || styp == TypePlace {
				ent(sub).names[text(q.Object)]++
			} else if d := snap.docs[sub]; d != nil || strings.HasPrefix(string(sub), graph.NodeNS+"doc/") {
				docOf(sub).name = text(q.Object)
			}
		case graph.AlternateName:
			if styp != "" {
				e := ent(sub)
				e.aliases = appendUnique(e.aliases, text(q.Object))
			}
		case graph.JobTitle:
			if styp == TypePerson {
				lb, _ := q.Label.(quad.IRI)
				ent(sub).tallyRole(text(q.Object), lb)
			}
		case graph.Legislator, graph.Legislative:
			if truth(q.Object) {
				ent(sub).flag = true
			}
		case graph.Kind:
			if styp == TypeEvent {
				event(sub).kind = text(q.Object)
			} else if styp == TypePlace {
				ent(sub).placeKind = text(q.Object)
			}
		case graph.AddressCountry:
			if styp == TypePlace {
				ent(sub).country = text(q.Object)
			}
		case graph.Latitude, graph.Longitude:
			if styp == TypePlace {
				if f, ok := float(q.Object); ok {
					e := ent(sub)
					if pred == graph.Latitude {
						e.lat = &f
					} else {
						e.lon = &f
					}
				}
			}
		case graph.ContainedIn:
			if styp == TypePlace && objIRI {
				ent(sub).countryIRI = obj
			}
		case graph.StartDate:
			event(sub).start = date(q.Object)
		case graph.EndDate:
			event(sub).end = date(q.Object)
		case graph.EntryOf:
			event(sub).entry = obj
		case graph.Location:
			ev := event(sub)
			ev.places = appendUniqueIRI(ev.places, obj)
			links = append(links, rawLink{sub, obj, pred})
		case graph.Attendee, graph.Mentions, graph.Organizer, graph.MentionsPlace:
			if objIRI {
				links = append(links, rawLink{sub, obj, pred})
			}
		case graph.MemberOf, graph.ParentOrganization, graph.Country:
			if objIRI && (styp == TypePerson || styp == TypeBody) {
				lb, _ := q.Label.(quad.IRI)
				e := ent(sub)
				switch pred {
				case graph.MemberOf:
					e.memberOf = addStated(e.memberOf, obj, lb)
				case graph.ParentOrganization:
					e.parentOf = addStated(e.parentOf, obj, lb)
				default:
					e.countryOf = addStated(e.countryOf, obj, lb)
				}
			}
		case graph.Text:
			texts[sub] = text(q.Object)
		case graph.Source:
			if objIRI {
				entryDoc[sub] = obj
			}
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	for _, l := range links {
		c := citation{event: event(l.event), actor: ent(l.node), pred: l.pred}
		c.actor.degree++
		c.actor.events = append(c.actor.events, c)
		if l.pred != graph.Location && l.pred != graph.MentionsPlace {
			c.event.actors = append(c.event.actors, c)
		}
	}
	if st, err := qs.Stats(ctx, false); err == nil {
		snap.nodes = st.Nodes.Value
	}
	snap.finish(texts, entryDoc)
	return snap, nil
}

func (snap *snapshot) finish(texts map[quad.IRI]string, entryDoc map[quad.IRI]quad.IRI) {
	for _, e := range snap.entities {
		e.name = mostCommon(e.names)
		if e.name == "" && len(e.aliases) > 0 {
			e.name = e.aliases[0]
		}
		if e.name == "" {
			e.name = IDOf(e.iri)
		}
	}
	for _, e := range snap.entities {
		for _, links := range [][]statedLink{e.memberOf, e.parentOf, e.countryOf} {
			for i := range links {
				sort.Slice(links[i].entries, func(a, b int) bool { return entryBefore(links[i].entries[a], links[i].entries[b]) })
			}
		}
		for _, m := range e.memberOf {
			if b := snap.entities[m.to]; b != nil {
				b.members = append(b.members, e)
			}
		}
		for _, p := range e.parentOf {
			if b := snap.entities[p.to]; b != nil {
				b.parts = append(b.parts, e)
			}
		}
		if e.countryIRI != "" {
			if c := snap.entities[e.countryIRI]; c != nil {
				if e.country == "" {
					e.country = c.name
				}
				c.within = append(c.within, e)
			}
		}
		if e.typ == "" {
			continue
		}
		for _, n := range append([]string{e.name}, e.aliases...) {
			k := graph.Key(n)
			if k == "" {
				continue
			}
			if !containsEntity(snap.byKey[k], e) {
				snap.byKey[k] = append(snap.byKey[k], e)
			}
			snap.names = append(snap.names, nameKey{key: k, words: strings.Split(k, "-"), text: n, e: e})
		}
	}
	for _, doc := range entryDoc {
		docOf := snap.docs[doc]
		if docOf == nil {
			docOf = &document{iri: doc}
			snap.docs[doc] = docOf
		}
		docOf.entries++
	}
	snap.entries = len(texts)
	for _, d := range snap.docs {
		if d.name == "" {
			d.name = strings.TrimPrefix(string(d.iri), graph.NodeNS+"doc/")
		}
	}
	for _, ev := range snap.events {
		ev.doc = docKeyOfEvent(ev.iri)
		if ev.end == "" {
			ev.end = ev.start
		}
		snap.byDate = append(snap.byDate, ev)
		seen := make(map[string]bool)
		for _, w := range words(texts[ev.entry]) {
			if !seen[w] {
				seen[w] = true
				snap.tokens[w] = append(snap.tokens[w], ev)
			}
		}
	}
	sort.Slice(snap.byDate, func(i, j int) bool { return eventBefore(snap.byDate[i], snap.byDate[j]) })
	for i, ev := range snap.byDate {
		ev.ord = i
	}
	for _, list := range snap.tokens {
		sort.Slice(list, func(i, j int) bool { return list[i].ord < list[j].ord })
	}
	for _, e := range snap.entities {
		sort.Slice(e.events, func(i, j int) bool {
			a, b := e.events[i], e.events[j]
			if a.event != b.event {
				return eventBefore(a.event, b.event)
			}
			return rank(a.pred) < rank(b.pred)
		})
	}
}

func eventBefore(a, b *eventInfo) bool {
	if a.start != b.start {
		return a.start < b.start
	}
	return a.iri < b.iri
}

// words splits a text into folded words for the free-text index.
func words(s string) []string {
	k := graph.Key(s)
	if k == "" {
		return nil
	}
	return strings.Split(k, "-")
}

// float reads a coordinate.
func float(v quad.Value) (float64, bool) {
	switch v := v.(type) {
	case quad.Float:
		return float64(v), true
	case quad.Int:
		return float64(v), true
	}
	f, err := strconv.ParseFloat(text(v), 64)
	return f, err == nil
}

func mostCommon(m map[string]int) string {
	best, n := "", 0
	for s, c := range m {
		if c > n || (c == n && s < best) {
			best, n = s, c
		}
	}
	return best
}

func appendUnique(xs []string, s string) []string {
	if s == "" {
		return xs
	}
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}

func appendUniqueIRI(xs []quad.IRI, s quad.IRI) []quad.IRI {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}

func containsEntity(xs []*entity, e *entity) bool {
	for _, x := range xs {
		if x == e {
			return true
		}
	}
	return false
}
