package queries

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// snapColumns is a snapshot as the index file keeps it (format 4): entities in IRI
// order, events in date order, each field a column of string ids, numbers or
// positions, and the co-appearances of hubs counted when the snapshot was finished,
// so that a restart neither decodes an object per field nor counts them again.
type snapColumns struct {
	totals []uint32 // entries, quads (low, high), entities, events

	evIRI, evStart, evEnd, evKind, evEntry, evDoc []uint32
	evDateText, evPrecision, evSource, evLine     []uint32
	evTextLo, evTextHi                            []uint32 // the store's id of the entry's sentence (graph.ValueIDs), 0 for none
	evPlaces, evMentioned, evActors               ragged
	evActorPreds                                  []uint32
	enIRI, enName, enFlag, enPlaceKind, enCountry []uint32
	enCountryIRI, enLat, enLon, enDegree          []uint32 // enLat, enLon: 0 for none
	enCounts                                      []uint32 // a profile's Counts, six an entity
	enNames, enAliases, enEvents, enRoles         ragged
	enNameCounts, enEventPreds                    []uint32
	enRoleEntries, enRoleFirst                    []uint32
	enMemberOf, enParentOf, enCountryOf           ragged // the node linked to
	enMemberOfBy, enParentOfBy, enCountryOfBy     ragged // the entries of each link
	enMembers, enParts, enWithin                  ragged
	coOf, coEvents, coPeople, coBodies, coWeights []uint32 // coOf: 2 × entity + participation
	coPartners, coFirst                           ragged
	tokWord                                       []uint32
	tokEvents                                     ragged
	keyWord                                       []uint32
	keyEntities                                   ragged
	nameKey, nameText, nameEntity                 []uint32
	docIRI, docName, docEntries, long             []uint32
}

// columns lists the columns in the order the file holds them: the totals and the
// events first, so that a restart links the events up while it reads the rest.
func (c *snapColumns) columns() []any {
	return append(c.eventColumns(), c.restColumns()...)
}

func (c *snapColumns) eventColumns() []any {
	return []any{&c.totals,
		&c.evIRI, &c.evStart, &c.evEnd, &c.evKind, &c.evEntry, &c.evDoc,
		&c.evDateText, &c.evPrecision, &c.evSource, &c.evLine, &c.evTextLo, &c.evTextHi,
		&c.evPlaces, &c.evMentioned, &c.evActors, &c.evActorPreds,
	}
}

func (c *snapColumns) restColumns() []any {
	return []any{&c.enIRI, &c.enName, &c.enFlag, &c.enPlaceKind, &c.enCountry,
		&c.enCountryIRI, &c.enLat, &c.enLon, &c.enDegree, &c.enCounts,
		&c.enNames, &c.enAliases, &c.enEvents, &c.enRoles,
		&c.enNameCounts, &c.enEventPreds, &c.enRoleEntries, &c.enRoleFirst,
		&c.enMemberOf, &c.enParentOf, &c.enCountryOf,
		&c.enMemberOfBy, &c.enParentOfBy, &c.enCountryOfBy,
		&c.enMembers, &c.enParts, &c.enWithin,
		&c.coOf, &c.coEvents, &c.coPeople, &c.coBodies, &c.coWeights, &c.coPartners, &c.coFirst,
		&c.tokWord, &c.tokEvents, &c.keyWord, &c.keyEntities,
		&c.nameKey, &c.nameText, &c.nameEntity,
		&c.docIRI, &c.docName, &c.docEntries, &c.long,
	}
}

// writeSnapshot writes snap's columns to w: the string table, then each column.
func writeSnapshot(w io.Writer, snap *snapshot) error {
	t := newStringTable()
	c := columnsOf(snap, t)
	cw := &colWriter{w: w, buf: make([]byte, 0, 1<<16)}
	if err := cw.strings(t.strs); err != nil {
		return err
	}
	for _, col := range c.columns() {
		switch col := col.(type) {
		case *[]uint32:
			cw.u32s(*col)
		case *ragged:
			cw.ragged(*col)
		}
	}
	return cw.e
}

func columnsOf(snap *snapshot, t *stringTable) *snapColumns {
	c := &snapColumns{}
	ents, pos, positions := entityOrder(snap)
	ids := func(xs []quad.IRI) []uint32 {
		out := make([]uint32, len(xs))
		for i, x := range xs {
			out[i] = t.id(string(x))
		}
		return out
	}
	ords := func(evs []*eventInfo) []uint32 {
		out := make([]uint32, len(evs))
		for i, ev := range evs {
			out[i] = uint32(ev.ord)
		}
		return out
	}
	coord := func(f *float64) uint32 {
		if f == nil {
			return 0
		}
		return t.id(strconv.FormatFloat(*f, 'g', -1, 64))
	}
	c.totals = []uint32{uint32(snap.entries), uint32(snap.quads), uint32(snap.quads >> 32), uint32(len(ents)), uint32(len(snap.byDate))}
	for _, ev := range snap.byDate {
		c.evIRI = append(c.evIRI, t.id(string(ev.iri)))
		c.evStart = append(c.evStart, t.id(ev.start))
		c.evEnd = append(c.evEnd, t.id(ev.end))
		c.evKind = append(c.evKind, t.id(ev.kind))
		c.evEntry = append(c.evEntry, t.id(string(ev.entry)))
		c.evDoc = append(c.evDoc, t.id(ev.doc))
		c.evDateText = append(c.evDateText, t.id(ev.dateText))
		c.evPrecision = append(c.evPrecision, t.id(ev.precision))
		c.evSource = append(c.evSource, t.id(string(ev.source)))
		c.evLine = append(c.evLine, uint32(ev.line))
		c.evTextLo, c.evTextHi = append(c.evTextLo, uint32(ev.textID)), append(c.evTextHi, uint32(ev.textID>>32))
		c.evPlaces.add(ids(ev.places)...)
		c.evMentioned.add(ids(ev.mentioned)...)
		var actors []uint32
		for _, a := range ev.actors {
			actors = append(actors, pos[a.actor])
			c.evActorPreds = append(c.evActorPreds, uint32(predicateCode[a.pred]))
		}
		c.evActors.add(actors...)
	}
	links := func(to, by *ragged, ls []statedLink) {
		var tos []uint32
		for _, l := range ls {
			tos = append(tos, t.id(string(l.to)))
			by.add(ids(l.list())...)
		}
		to.add(tos...)
	}
	for i, e := range ents {
		c.enIRI = append(c.enIRI, t.id(string(e.iri)))
		c.enName = append(c.enName, t.id(e.name))
		c.enFlag = append(c.enFlag, b2u(e.flag))
		c.enPlaceKind = append(c.enPlaceKind, t.id(e.placeKind))
		c.enCountry = append(c.enCountry, t.id(e.country))
		c.enCountryIRI = append(c.enCountryIRI, t.id(string(e.countryIRI)))
		c.enLat = append(c.enLat, coord(e.lat))
		c.enLon = append(c.enLon, coord(e.lon))
		c.enDegree = append(c.enDegree, uint32(e.degree))
		var n Counts
		if e.profile != nil {
			n = e.profile.counts
		}
		c.enCounts = append(c.enCounts, uint32(n.Events), uint32(n.Attended), uint32(n.Organized), uint32(n.Mentioned),
			uint32(n.Located), uint32(n.Documents))
		var nameIDs []uint32
		for _, n := range slices.Sorted(maps.Keys(e.names)) {
			nameIDs = append(nameIDs, t.id(n))
			c.enNameCounts = append(c.enNameCounts, uint32(e.names[n]))
		}
		c.enNames.add(nameIDs...)
		var aliases []uint32
		for _, a := range e.aliases {
			aliases = append(aliases, t.id(a))
		}
		c.enAliases.add(aliases...)
		var evs []uint32
		for _, ct := range e.events {
			evs = append(evs, uint32(ct.event.ord))
			c.enEventPreds = append(c.enEventPreds, uint32(predicateCode[ct.pred]))
		}
		c.enEvents.add(evs...)
		var roles []uint32
		for _, r := range e.roles {
			roles = append(roles, t.id(r.role))
			c.enRoleEntries = append(c.enRoleEntries, uint32(r.entries))
			c.enRoleFirst = append(c.enRoleFirst, t.id(string(r.first)))
		}
		c.enRoles.add(roles...)
		links(&c.enMemberOf, &c.enMemberOfBy, e.memberOf)
		links(&c.enParentOf, &c.enParentOfBy, e.parentOf)
		links(&c.enCountryOf, &c.enCountryOfBy, e.countryOf)
		c.enMembers.add(positions(e.members)...)
		c.enParts.add(positions(e.parts)...)
		c.enWithin.add(positions(e.within)...)
		for k, tab := range e.co {
			if tab == nil {
				continue
			}
			c.coOf = append(c.coOf, uint32(2*i+k))
			c.coEvents = append(c.coEvents, uint32(tab.events))
			c.coPeople = append(c.coPeople, uint32(tab.people))
			c.coBodies = append(c.coBodies, uint32(tab.bodies))
			var partners []uint32
			for _, p := range tab.partners {
				partners = append(partners, pos[p.e])
				c.coWeights = append(c.coWeights, uint32(p.weight))
				c.coFirst.add(p.first...)
			}
			c.coPartners.add(partners...)
		}
	}
	for _, w := range slices.Sorted(maps.Keys(snap.tokens)) {
		c.tokWord = append(c.tokWord, t.id(w))
		c.tokEvents.add(snap.tokens[w]...)
	}
	for _, k := range slices.Sorted(maps.Keys(snap.byKey)) {
		c.keyWord = append(c.keyWord, t.id(k))
		c.keyEntities.add(positions(snap.byKey[k])...)
	}
	for _, n := range snap.names {
		c.nameKey = append(c.nameKey, t.id(n.key))
		c.nameText = append(c.nameText, t.id(n.text))
		c.nameEntity = append(c.nameEntity, pos[n.e])
	}
	docs := make([]*document, 0, len(snap.docs))
	for _, d := range snap.docs {
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b *document) int { return strings.Compare(string(a.iri), string(b.iri)) })
	for _, d := range docs {
		c.docIRI = append(c.docIRI, t.id(string(d.iri)))
		c.docName = append(c.docName, t.id(d.name))
		c.docEntries = append(c.docEntries, uint32(d.entries))
	}
	c.long = ords(snap.long)
	return c
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// readSnapshot reads the columns written by writeSnapshot and links them up into a
// snapshot; a position or id out of range is an error (a corrupt file). The work is
// spread over two goroutines: the events are linked up while the other columns are
// read, the look-ups (tokens, keys, names) and hubs' co-appearances while the entities
// are.
func readSnapshot(cr *colReader) (*snapshot, error) {
	strs := cr.strings()
	var c snapColumns
	cr.columns(c.eventColumns())
	if cr.e != nil {
		return nil, cr.e
	}
	d, snap, err := c.begin(strs, cr.left)
	if err != nil {
		return nil, err
	}
	evd := *d // each goroutine keeps its own first error
	evDone := make(chan struct{})
	go func() {
		defer close(evDone)
		c.events(&evd, snap)
	}()
	cr.columns(c.restColumns())
	if cr.e == nil && cr.left != 0 {
		cr.fail(fmt.Errorf("%d bytes after the last column", cr.left))
	}
	if cr.e != nil {
		<-evDone
		return nil, cr.e
	}
	if c.checkRest(d); d.bad != nil {
		<-evDone
		return nil, d.bad
	}
	lkd := *d
	lkDone := make(chan struct{})
	go func() {
		defer close(lkDone)
		c.lookups(&lkd, snap)
		c.coTables(&lkd)
	}()
	c.entities(d, snap)
	<-evDone
	<-lkDone
	for _, bad := range []error{evd.bad, d.bad, lkd.bad} {
		if bad != nil {
			return nil, bad
		}
	}
	return snap, nil
}

// columns reads cols (pointers to columns, as snapColumns lists them).
func (cr *colReader) columns(cols []any) {
	for _, col := range cols {
		switch col := col.(type) {
		case *[]uint32:
			*col = cr.u32s()
		case *ragged:
			*col = cr.ragged()
		}
	}
}

// decoding is the tables a snapshot's columns point into; a look-up out of range
// keeps the first such error (bad) and returns a zero value, so that a damaged file
// is an error, never a panic.
type decoding struct {
	strs []string
	ents []entity
	evs  []eventInfo
	bad  error
}

func (d *decoding) fail(format string, args ...any) {
	if d.bad == nil {
		d.bad = fmt.Errorf(format, args...)
	}
}

func (d *decoding) str(i uint32) string {
	if int(i) >= len(d.strs) {
		d.fail("string %d of %d", i, len(d.strs))
		return ""
	}
	return d.strs[i]
}

func (d *decoding) iri(i uint32) quad.IRI { return quad.IRI(d.str(i)) }

func (d *decoding) ent(i uint32) *entity {
	if int(i) >= len(d.ents) {
		d.fail("entity %d of %d", i, len(d.ents))
		return &entity{}
	}
	return &d.ents[i]
}

func (d *decoding) event(i uint32) *eventInfo {
	if int(i) >= len(d.evs) {
		d.fail("event %d of %d", i, len(d.evs))
		return &eventInfo{}
	}
	return &d.evs[i]
}

func (d *decoding) pred(c uint32) quad.IRI {
	if int(c) >= len(predicates) {
		d.fail("predicate code %d", c)
		return ""
	}
	return predicates[c]
}

// below checks that every value of col is below n (a position in a table of n).
func (d *decoding) below(what string, col []uint32, n int) {
	for _, v := range col {
		if int(v) >= n {
			d.fail("%s: %d of %d", what, v, n)
			return
		}
	}
}

// iris is the strings of ids, in one slice for all the calls sharing backing.
func (d *decoding) iris(ids []uint32, backing *[]quad.IRI) []quad.IRI {
	if len(ids) == 0 {
		return nil
	}
	b := *backing
	at := len(b)
	for _, id := range ids {
		b = append(b, d.iri(id))
	}
	*backing = b
	return b[at:len(b):len(b)]
}

// lengths checks that columns describe n items each.
func (d *decoding) lengths(what string, n int, cols ...[]uint32) {
	for _, c := range cols {
		if len(c) != n {
			d.fail("%s: a column of %d items, want %d", what, len(c), n)
		}
	}
}

// begin checks the totals and the event columns, and makes the snapshot they
// describe, its entities and events allocated (zero) for the columns to fill; left is
// what the section holds after the event columns.
func (c *snapColumns) begin(strs []string, left int64) (*decoding, *snapshot, error) {
	if len(c.totals) != 5 {
		return nil, nil, fmt.Errorf("totals: %d values", len(c.totals))
	}
	nEnt, nEv := int(c.totals[3]), int(c.totals[4])
	// counts are checked against columns read, or room left for them (4 bytes an
	// entity's IRI), before anything is allocated by them
	if len(c.evIRI) != nEv || int64(nEnt)*4 > left {
		return nil, nil, fmt.Errorf("totals: %d events in a column of %d, %d entities in %d bytes", nEv, len(c.evIRI), nEnt, left)
	}
	d := &decoding{strs: strs, ents: make([]entity, nEnt), evs: make([]eventInfo, nEv)}
	d.lengths("events", nEv, c.evIRI, c.evStart, c.evEnd, c.evKind, c.evEntry, c.evDoc, c.evDateText, c.evPrecision,
		c.evSource, c.evLine, c.evTextLo, c.evTextHi, c.evPlaces.n, c.evMentioned.n, c.evActors.n)
	d.lengths("event actors", len(c.evActors.v), c.evActorPreds)
	if d.bad != nil {
		return nil, nil, d.bad
	}
	return d, &snapshot{
		entities: make(map[quad.IRI]*entity, nEnt),
		events:   make(map[quad.IRI]*eventInfo, nEv),
		byDate:   make([]*eventInfo, nEv),
		entries:  int(c.totals[0]),
		quads:    int64(c.totals[1]) | int64(c.totals[2])<<32,
	}, nil
}

// checkRest checks the lengths of the columns after the events'.
func (c *snapColumns) checkRest(d *decoding) {
	nEnt := len(d.ents)
	d.lengths("entities", nEnt, c.enIRI, c.enName, c.enFlag, c.enPlaceKind, c.enCountry, c.enCountryIRI, c.enLat,
		c.enLon, c.enDegree, c.enNames.n, c.enAliases.n, c.enEvents.n, c.enRoles.n, c.enMemberOf.n, c.enParentOf.n,
		c.enCountryOf.n, c.enMembers.n, c.enParts.n, c.enWithin.n)
	d.lengths("entity counts", 6*nEnt, c.enCounts)
	d.lengths("entity names", len(c.enNames.v), c.enNameCounts)
	d.lengths("entity citations", len(c.enEvents.v), c.enEventPreds)
	d.lengths("roles", len(c.enRoles.v), c.enRoleEntries, c.enRoleFirst)
	d.lengths("memberships", len(c.enMemberOf.v), c.enMemberOfBy.n)
	d.lengths("parents", len(c.enParentOf.v), c.enParentOfBy.n)
	d.lengths("countries", len(c.enCountryOf.v), c.enCountryOfBy.n)
	d.lengths("co-appearances", len(c.coOf), c.coEvents, c.coPeople, c.coBodies, c.coPartners.n)
	d.lengths("partners", len(c.coPartners.v), c.coWeights, c.coFirst.n)
	d.lengths("tokens", len(c.tokWord), c.tokEvents.n)
	d.lengths("keys", len(c.keyWord), c.keyEntities.n)
	d.lengths("names", len(c.nameKey), c.nameText, c.nameEntity)
	d.lengths("documents", len(c.docIRI), c.docName, c.docEntries)
}

func (c *snapColumns) events(d *decoding, snap *snapshot) {
	places := make([]quad.IRI, 0, len(c.evPlaces.v))
	mentioned := make([]quad.IRI, 0, len(c.evMentioned.v))
	actors := make([]citation, len(c.evActors.v))
	pl, mn, ac := cursor{r: c.evPlaces}, cursor{r: c.evMentioned}, cursor{r: c.evActors}
	for i := range d.evs {
		ev := &d.evs[i]
		*ev = eventInfo{iri: d.iri(c.evIRI[i]), start: d.str(c.evStart[i]), end: d.str(c.evEnd[i]), kind: d.str(c.evKind[i]),
			entry: d.iri(c.evEntry[i]), doc: d.str(c.evDoc[i]), ord: i, dateText: d.str(c.evDateText[i]),
			precision: d.str(c.evPrecision[i]), source: d.iri(c.evSource[i]), line: int(c.evLine[i]),
			textID: uint64(c.evTextLo[i]) | uint64(c.evTextHi[i])<<32}
		ev.places = d.iris(pl.next(), &places)
		ev.mentioned = d.iris(mn.next(), &mentioned)
		at := ac.at
		if as := ac.next(); len(as) > 0 {
			ev.actors = actors[at : at+len(as) : at+len(as)]
			for j, a := range as {
				ev.actors[j] = citation{event: ev, actor: d.ent(a), pred: d.pred(c.evActorPreds[at+j])}
			}
		}
		snap.byDate[i] = ev
		snap.events[ev.iri] = ev
	}
}

func (c *snapColumns) entities(d *decoding, snap *snapshot) {
	cites := make([]citation, len(c.enEvents.v))
	profiles := make([]profileOf, len(d.ents))
	aliases := make([]string, len(c.enAliases.v))
	roles := make([]roleTally, len(c.enRoles.v))
	for _, by := range []ragged{c.enMemberOfBy, c.enParentOfBy, c.enCountryOfBy} {
		d.below("link entries", by.v, len(d.strs))
		if slices.Contains(by.n, 0) {
			d.fail("a link stated by no entry")
		}
	}
	names, al, evs, rs := cursor{r: c.enNames}, cursor{r: c.enAliases}, cursor{r: c.enEvents}, cursor{r: c.enRoles}
	mem, par, cty := cursor{r: c.enMemberOf}, cursor{r: c.enParentOf}, cursor{r: c.enCountryOf}
	memBy, parBy, ctyBy := cursor{r: c.enMemberOfBy}, cursor{r: c.enParentOfBy}, cursor{r: c.enCountryOfBy}
	members, parts, within := cursor{r: c.enMembers}, cursor{r: c.enParts}, cursor{r: c.enWithin}
	links := func(to, by *cursor) []statedLink {
		tos := to.next()
		if len(tos) == 0 {
			return nil
		}
		out := make([]statedLink, len(tos))
		for j, t := range tos {
			out[j] = statedLink{to: d.iri(t), ids: by.next(), strs: d.strs}
		}
		return out
	}
	entities := func(k *cursor) []*entity {
		ps := k.next()
		if len(ps) == 0 {
			return nil
		}
		out := make([]*entity, len(ps))
		for j, p := range ps {
			out[j] = d.ent(p)
		}
		return out
	}
	coord := func(id uint32) *float64 {
		if id == 0 {
			return nil
		}
		v, err := strconv.ParseFloat(d.str(id), 64)
		if err != nil {
			d.fail("coordinate %q", d.str(id))
		}
		return &v
	}
	for i := range d.ents {
		e := &d.ents[i]
		// field by field: coTables fills e.co meanwhile
		e.iri, e.name, e.flag = d.iri(c.enIRI[i]), d.str(c.enName[i]), c.enFlag[i] != 0
		e.placeKind, e.country, e.countryIRI = d.str(c.enPlaceKind[i]), d.str(c.enCountry[i]), d.iri(c.enCountryIRI[i])
		e.lat, e.lon, e.degree = coord(c.enLat[i]), coord(c.enLon[i]), int(c.enDegree[i])
		e.typ = typeOf(e.iri)
		at := names.at
		ns := names.next()
		e.names = make(map[string]int, len(ns))
		for j, n := range ns {
			e.names[d.str(n)] = int(c.enNameCounts[at+j])
		}
		at = al.at
		if as := al.next(); len(as) > 0 {
			e.aliases = aliases[at : at+len(as) : at+len(as)]
			for j, a := range as {
				e.aliases[j] = d.str(a)
			}
		}
		at = evs.at
		if es := evs.next(); len(es) > 0 {
			e.events = cites[at : at+len(es) : at+len(es)]
			for j, ev := range es {
				e.events[j] = citation{event: d.event(ev), actor: e, pred: d.pred(c.enEventPreds[at+j])}
			}
		}
		at = rs.at
		for j, r := range rs.next() {
			t := &roles[at+j]
			*t = roleTally{role: d.str(r), entries: int(c.enRoleEntries[at+j]), first: d.iri(c.enRoleFirst[at+j])}
			e.roles = append(e.roles, t)
		}
		e.memberOf = links(&mem, &memBy)
		e.parentOf = links(&par, &parBy)
		e.countryOf = links(&cty, &ctyBy)
		e.members = entities(&members)
		e.parts = entities(&parts)
		e.within = entities(&within)
		n := c.enCounts[6*i : 6*i+6]
		e.profile = &profiles[i]
		*e.profile = profileOf{events: citedBy(e, profilePreds(e.typ)...), counts: Counts{Events: int(n[0]),
			Attended: int(n[1]), Organized: int(n[2]), Mentioned: int(n[3]), Located: int(n[4]), Documents: int(n[5])}}
		snap.entities[e.iri] = e
	}
}

func (c *snapColumns) coTables(d *decoding) {
	partners := make([]coPartner, len(c.coPartners.v))
	firsts := cursor{r: c.coFirst}
	d.below("co-appearance events", c.coFirst.v, len(d.evs))
	ps := cursor{r: c.coPartners}
	for i, of := range c.coOf {
		e := d.ent(of / 2)
		tab := &coTable{events: int(c.coEvents[i]), people: int(c.coPeople[i]), bodies: int(c.coBodies[i])}
		at := ps.at
		es := ps.next()
		tab.partners = partners[at : at+len(es) : at+len(es)]
		for j, p := range es {
			fs := firsts.next() // kept as the column holds them
			tab.partners[j] = coPartner{e: d.ent(p), weight: int(c.coWeights[at+j])}
			if len(fs) > 0 {
				tab.partners[j].first = fs
			}
		}
		e.co[of%2] = tab
	}
}

func (c *snapColumns) lookups(d *decoding, snap *snapshot) {
	snap.tokens = make(map[string][]uint32, len(c.tokWord))
	snap.byKey = make(map[string][]*entity, len(c.keyWord))
	snap.docs = make(map[quad.IRI]*document, len(c.docIRI))
	// a word's events are kept as the column holds them (positions in date order)
	toks := cursor{r: c.tokEvents}
	d.below("word events", c.tokEvents.v, len(d.evs))
	for _, w := range c.tokWord {
		snap.tokens[d.str(w)] = toks.next()
	}
	keyed := make([]*entity, len(c.keyEntities.v))
	keys := cursor{r: c.keyEntities}
	for _, k := range c.keyWord {
		at := keys.at
		ps := keys.next()
		list := keyed[at : at+len(ps) : at+len(ps)]
		for j, p := range ps {
			list[j] = d.ent(p)
		}
		snap.byKey[d.str(k)] = list
	}
	snap.names = make([]nameKey, len(c.nameKey))
	for i := range c.nameKey {
		k := d.str(c.nameKey[i])
		snap.names[i] = nameKey{key: k, words: strings.Split(k, "-"), text: d.str(c.nameText[i]), e: d.ent(c.nameEntity[i])}
	}
	for i := range c.docIRI {
		iri := d.iri(c.docIRI[i])
		snap.docs[iri] = &document{iri: iri, name: d.str(c.docName[i]), entries: int(c.docEntries[i])}
	}
	snap.long = make([]*eventInfo, len(c.long))
	for i, o := range c.long {
		snap.long[i] = d.event(o)
	}
}
