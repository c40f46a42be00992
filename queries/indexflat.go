package queries

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
)

// flatSnapshot is a snapshot as an index file of format 3 (formatGob) kept it, a gob
// value: pointers become positions (entities in IRI order, events in date order). It
// is read to convert such a file (snapColumns is the current layout).
type flatSnapshot struct {
	Entities    []flatEntity
	Events      []flatEvent // in date order: an event's ord is its position
	Tokens      []string
	TokenEvents [][]uint32
	Keys        []string
	KeyEntities [][]uint32
	Names       []flatName
	Docs        []flatDoc
	Entries     int
	Quads       int64
}

type flatEntity struct {
	IRI, Name                     string
	Names                         []string
	NameCounts                    []int
	Aliases                       []string
	Flag                          bool
	PlaceKind, Country            string
	CountryIRI                    string
	Lat, Lon                      *float64
	Degree                        int
	Events                        []uint32 // citing events, with EventPreds
	EventPreds                    []uint8
	Roles                         []flatRole
	MemberOf, ParentOf, CountryOf []flatLink
	Members, Parts, Within        []uint32
}

type flatRole struct {
	Role    string
	Entries int
	First   string
}

type flatLink struct {
	To      string
	Entries []string
}

type flatEvent struct {
	IRI, Start, End, Kind, Entry, Doc string
	Places                            []string
	Actors                            []uint32 // entities, with ActorPreds
	ActorPreds                        []uint8
	DateText, Precision, Source       string
	Mentioned                         []string
	Line                              int
	TextID                            uint64 // the store's id of the entry's text; 0 in older files
}

type flatName struct {
	Key, Text string
	Entity    uint32
}

type flatDoc struct {
	IRI, Name string
	Entries   int
}

// entityOrder is snap's entities in IRI order, the order index files keep them in, and
// each entity's position in it, and a function giving the positions of a list.
func entityOrder(snap *snapshot) ([]*entity, map[*entity]uint32, func([]*entity) []uint32) {
	ents := make([]*entity, 0, len(snap.entities))
	for _, e := range snap.entities {
		ents = append(ents, e)
	}
	slices.SortFunc(ents, func(a, b *entity) int { return strings.Compare(string(a.iri), string(b.iri)) })
	pos := make(map[*entity]uint32, len(ents))
	for i, e := range ents {
		pos[e] = uint32(i)
	}
	positions := func(es []*entity) []uint32 {
		out := make([]uint32, len(es))
		for i, e := range es {
			out[i] = pos[e]
		}
		return out
	}
	return ents, pos, positions
}

// flatten is snap as an index file of format 3 kept it (the conversion's tests write
// one).
func flatten(snap *snapshot) *flatSnapshot {
	f := &flatSnapshot{Entries: snap.entries, Quads: snap.quads}
	ents, pos, positions := entityOrder(snap)
	links := func(ls []statedLink) []flatLink {
		out := make([]flatLink, len(ls))
		for i, l := range ls {
			out[i] = flatLink{To: string(l.to), Entries: iriStrings(l.list())}
		}
		return out
	}
	f.Entities = make([]flatEntity, len(ents))
	for i, e := range ents {
		fe := &f.Entities[i]
		*fe = flatEntity{IRI: string(e.iri), Name: e.name, Aliases: e.aliases, Flag: e.flag, PlaceKind: e.placeKind,
			Country: e.country, CountryIRI: string(e.countryIRI), Lat: e.lat, Lon: e.lon, Degree: e.degree,
			MemberOf: links(e.memberOf), ParentOf: links(e.parentOf), CountryOf: links(e.countryOf),
			Members: positions(e.members), Parts: positions(e.parts), Within: positions(e.within)}
		for n, c := range e.names {
			fe.Names = append(fe.Names, n)
			fe.NameCounts = append(fe.NameCounts, c)
		}
		for _, c := range e.events {
			fe.Events = append(fe.Events, uint32(c.event.ord))
			fe.EventPreds = append(fe.EventPreds, predicateCode[c.pred])
		}
		for _, r := range e.roles {
			fe.Roles = append(fe.Roles, flatRole{Role: r.role, Entries: r.entries, First: string(r.first)})
		}
	}
	f.Events = make([]flatEvent, len(snap.byDate))
	for i, ev := range snap.byDate {
		fv := &f.Events[i]
		*fv = flatEvent{IRI: string(ev.iri), Start: ev.start, End: ev.end, Kind: ev.kind, Entry: string(ev.entry),
			Doc: ev.doc, Places: iriStrings(ev.places), DateText: ev.dateText, Precision: ev.precision,
			Source: string(ev.source), Mentioned: iriStrings(ev.mentioned), Line: ev.line, TextID: ev.textID}
		for _, c := range ev.actors {
			fv.Actors = append(fv.Actors, pos[c.actor])
			fv.ActorPreds = append(fv.ActorPreds, predicateCode[c.pred])
		}
	}
	for w, ords := range snap.tokens {
		f.Tokens = append(f.Tokens, w)
		f.TokenEvents = append(f.TokenEvents, ords)
	}
	for k, es := range snap.byKey {
		f.Keys = append(f.Keys, k)
		f.KeyEntities = append(f.KeyEntities, positions(es))
	}
	for _, n := range snap.names {
		f.Names = append(f.Names, flatName{Key: n.key, Text: n.text, Entity: pos[n.e]})
	}
	for _, d := range snap.docs {
		f.Docs = append(f.Docs, flatDoc{IRI: string(d.iri), Name: d.name, Entries: d.entries})
	}
	return f
}

func iriStrings(xs []quad.IRI) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func iris(xs []string) []quad.IRI {
	out := make([]quad.IRI, len(xs))
	for i, x := range xs {
		out[i] = quad.IRI(x)
	}
	return out
}

// unflatten links a flatSnapshot up again; a position out of range is an error (a
// corrupt file).
func (f *flatSnapshot) unflatten() (*snapshot, error) {
	snap := &snapshot{
		entities: make(map[quad.IRI]*entity, len(f.Entities)),
		byKey:    make(map[string][]*entity, len(f.Keys)),
		events:   make(map[quad.IRI]*eventInfo, len(f.Events)),
		tokens:   make(map[string][]uint32, len(f.Tokens)),
		docs:     make(map[quad.IRI]*document, len(f.Docs)),
		byDate:   make([]*eventInfo, len(f.Events)),
		entries:  f.Entries,
		quads:    f.Quads,
	}
	ents := make([]entity, len(f.Entities))
	evs := make([]eventInfo, len(f.Events))
	var bad error
	ent := func(i uint32) *entity {
		if int(i) >= len(ents) {
			bad = fmt.Errorf("entity %d of %d", i, len(ents))
			return &entity{}
		}
		return &ents[i]
	}
	event := func(i uint32) *eventInfo {
		if int(i) >= len(evs) {
			bad = fmt.Errorf("event %d of %d", i, len(evs))
			return &eventInfo{}
		}
		return &evs[i]
	}
	pred := func(c uint8) quad.IRI {
		if int(c) >= len(predicates) {
			bad = fmt.Errorf("predicate code %d", c)
			return ""
		}
		return predicates[c]
	}
	entities := func(ps []uint32) []*entity {
		if len(ps) == 0 {
			return nil
		}
		out := make([]*entity, len(ps))
		for i, p := range ps {
			out[i] = ent(p)
		}
		return out
	}
	links := func(ls []flatLink) []statedLink {
		if len(ls) == 0 {
			return nil
		}
		out := make([]statedLink, len(ls))
		for i, l := range ls {
			out[i] = statedLink{to: quad.IRI(l.To), entries: iris(l.Entries)}
		}
		return out
	}
	for i := range f.Events {
		fv, ev := &f.Events[i], &evs[i]
		*ev = eventInfo{iri: quad.IRI(fv.IRI), start: fv.Start, end: fv.End, kind: fv.Kind, entry: quad.IRI(fv.Entry),
			doc: fv.Doc, ord: i, dateText: fv.DateText, precision: fv.Precision, source: quad.IRI(fv.Source), line: fv.Line, textID: fv.TextID}
		if len(fv.Places) > 0 {
			ev.places = iris(fv.Places)
		}
		if len(fv.Mentioned) > 0 {
			ev.mentioned = iris(fv.Mentioned)
		}
		snap.byDate[i] = ev
		snap.events[ev.iri] = ev
	}
	for i := range f.Entities {
		fe, e := &f.Entities[i], &ents[i]
		*e = entity{iri: quad.IRI(fe.IRI), name: fe.Name, aliases: fe.Aliases, flag: fe.Flag, placeKind: fe.PlaceKind,
			country: fe.Country, countryIRI: quad.IRI(fe.CountryIRI), lat: fe.Lat, lon: fe.Lon, degree: fe.Degree,
			memberOf: links(fe.MemberOf), parentOf: links(fe.ParentOf), countryOf: links(fe.CountryOf),
			members: entities(fe.Members), parts: entities(fe.Parts), within: entities(fe.Within),
			names: make(map[string]int, len(fe.Names))}
		e.typ = typeOf(e.iri)
		if len(fe.Names) != len(fe.NameCounts) || len(fe.Events) != len(fe.EventPreds) {
			return nil, fmt.Errorf("entity %s: columns of different lengths", fe.IRI)
		}
		for j, n := range fe.Names {
			e.names[n] = fe.NameCounts[j]
		}
		for j, p := range fe.Events {
			e.events = append(e.events, citation{event: event(p), actor: e, pred: pred(fe.EventPreds[j])})
		}
		for _, r := range fe.Roles {
			e.roles = append(e.roles, &roleTally{role: r.Role, entries: r.Entries, first: quad.IRI(r.First)})
		}
		snap.entities[e.iri] = e
	}
	for i := range f.Events {
		fv, ev := &f.Events[i], &evs[i]
		if len(fv.Actors) != len(fv.ActorPreds) {
			return nil, fmt.Errorf("event %s: columns of different lengths", fv.IRI)
		}
		for j, a := range fv.Actors {
			ev.actors = append(ev.actors, citation{event: ev, actor: ent(a), pred: pred(fv.ActorPreds[j])})
		}
	}
	if len(f.Tokens) != len(f.TokenEvents) || len(f.Keys) != len(f.KeyEntities) {
		return nil, fmt.Errorf("tokens or keys: columns of different lengths")
	}
	for i, w := range f.Tokens {
		for _, o := range f.TokenEvents[i] {
			event(o) // checked
		}
		snap.tokens[w] = f.TokenEvents[i]
	}
	for i, k := range f.Keys {
		snap.byKey[k] = entities(f.KeyEntities[i])
	}
	snap.names = make([]nameKey, len(f.Names))
	for i, n := range f.Names {
		snap.names[i] = nameKey{key: n.Key, words: strings.Split(n.Key, "-"), text: n.Text, e: ent(n.Entity)}
	}
	for _, d := range f.Docs {
		snap.docs[quad.IRI(d.IRI)] = &document{iri: quad.IRI(d.IRI), name: d.Name, entries: d.Entries}
	}
	if bad != nil {
		return nil, bad
	}
	snap.precompute()
	return snap, nil
}
