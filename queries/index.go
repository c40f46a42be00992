package queries

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// Index is what the queries keep in memory about a store: the names and aliases of
// people, bodies and places (for search, autocomplete and resolving what a user typed),
// the dates, kinds and words of events (to find events by date range or free text
// without walking the graph) and the documents loaded. Queries read an immutable
// snapshot, so an update never disturbs a request in flight.
//
// The index is built from the facts of each entry (the quads labelled with it) and
// knows the store's fingerprint (graph.Fingerprint) it was read at. Sync brings it up
// to the store by reading again only the entries changed since (the store's change
// log); an index opened with a file (OpenIndex) is written there after each change and
// read back at the next start, so a restart does not scan the store.
type Index struct {
	snap atomic.Pointer[snapshot]
	mu   sync.Mutex // serializes Sync, Refresh and writing the file
	file string     // where the index is kept between runs, "" for nowhere
	log  *slog.Logger
	// scans counts full scans of the store; synced counts syncs that read changed
	// entries only.
	scans, synced atomic.Int64
}

// IndexOptions configure OpenIndex.
type IndexOptions struct {
	// File is where the index is kept between runs (IndexFile gives the usual place);
	// "" keeps it in memory only.
	File string
	// Logger gets a line for each rebuild, saying why, and for each file written.
	Logger *slog.Logger
}

// NewIndex builds the index of a store, in memory only.
func NewIndex(ctx context.Context, s *graph.Store) (*Index, error) {
	x := &Index{log: slog.New(slog.DiscardHandler)}
	if err := x.Refresh(ctx, s); err != nil {
		return nil, err
	}
	return x, nil
}

// Refresh rebuilds the index from a scan of the whole store (and writes its file).
// Sync does the same work for the entries changed since the index was built.
func (x *Index) Refresh(ctx context.Context, s *graph.Store) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.rebuild(ctx, s, "refresh asked for")
}

// rebuild scans the store, installs the snapshot and writes the file; why is logged.
func (x *Index) rebuild(ctx context.Context, s *graph.Store, why string) error {
	start := time.Now()
	// a full scan names every value: on PostgreSQL read them all in one query first
	if err := s.WarmValues(ctx); err != nil {
		return fmt.Errorf("queries: index: %w", err)
	}
	var snap *snapshot
	err := s.Consistent(ctx, func(ctx context.Context) error {
		fp, err := s.Fingerprint(ctx)
		if err != nil && !errors.Is(err, graph.ErrNoGeneration) {
			return err
		}
		parts, err := scanParts(ctx, s)
		if err != nil {
			return err
		}
		snap = assemble(parts, fp)
		return nil
	})
	if err != nil {
		return fmt.Errorf("queries: index: %w", err)
	}
	x.scans.Add(1)
	x.install(ctx, s, snap)
	x.log.Info("query index rebuilt from the store", "why", why, "generation", snap.fp.Generation,
		"entries", snap.entries, "elapsed", time.Since(start).Round(time.Millisecond))
	x.save(snap)
	return nil
}

// install makes snap the snapshot queries read.
func (x *Index) install(ctx context.Context, s *graph.Store, snap *snapshot) {
	if st, err := s.Stats(ctx, false); err == nil {
		snap.nodes = st.Nodes.Value
	}
	x.snap.Store(snap)
}

// Sync brings the index up to the store: it reads the store's fingerprint and, when
// transactions (of this process or any other) changed the store since the index was
// read, reads again the entries they changed, or the whole store when the change log
// cannot name them (a write of unlabelled quads, a log pruned past the index's
// generation, another store). It is cheap when nothing changed: one read of the
// generation. Call it after a write, or from a poller to follow other writers.
func (x *Index) Sync(ctx context.Context, s *graph.Store) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.sync(ctx, s)
}

func (x *Index) sync(ctx context.Context, s *graph.Store) error {
	old := x.snap.Load()
	if old == nil {
		return x.rebuild(ctx, s, "no index yet")
	}
	start := time.Now()
	if fp, err := s.Fingerprint(ctx); err == nil && fp == old.fp {
		return nil // up to date: the usual case, one read
	}
	base := old.parts
	if base == nil { // read from the file: its facts are read at the first change
		parts, err := readParts(x.file, old.fp, old.entries, len(old.events))
		if err != nil {
			return x.rebuild(ctx, s, err.Error())
		}
		base = parts
	}
	var (
		snap *snapshot
		why  string
		n    int
	)
	err := s.Consistent(ctx, func(ctx context.Context) error {
		snap, why, n = nil, "", 0
		ch, err := s.ChangesSince(ctx, old.fp.Generation)
		switch {
		case errors.Is(err, graph.ErrNoGeneration):
			why = "the store keeps no generation"
			return nil
		case err != nil:
			return err
		case ch.To.ID != old.fp.ID:
			why = fmt.Sprintf("another store (identity %s, the index was read from %s)", ch.To.ID, old.fp.ID)
			return nil
		case ch.All:
			why = fmt.Sprintf("the store changed in a way its log cannot name (generation %d to %d)", old.fp.Generation, ch.To.Generation)
			return nil
		case ch.To.Generation == old.fp.Generation:
			return nil
		}
		parts, err := rescanParts(ctx, s, base, ch.Labels)
		if err != nil {
			return err
		}
		n = len(ch.Labels)
		snap = assemble(parts, ch.To)
		return nil
	})
	if err != nil {
		return fmt.Errorf("queries: index: %w", err)
	}
	if why != "" {
		return x.rebuild(ctx, s, why)
	}
	if snap == nil {
		return nil // up to date
	}
	x.synced.Add(1)
	x.install(ctx, s, snap)
	x.log.Info("query index synced", "from_generation", old.fp.Generation, "generation", snap.fp.Generation,
		"entries_read", n, "elapsed", time.Since(start).Round(time.Millisecond))
	x.save(snap)
	return nil
}

// Built is when the index was last built.
func (x *Index) Built() time.Time { return x.get().built }

// Generation is the store generation the index describes.
func (x *Index) Generation() uint64 { return x.get().fp.Generation }

// Scans is how many times the index was built by scanning the whole store.
func (x *Index) Scans() int64 { return x.scans.Load() }

// Syncs is how many times the index was updated from the entries changed only.
func (x *Index) Syncs() int64 { return x.synced.Load() }

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
	// counted when the snapshot is finished (precompute)
	profile *profileOf
	co      [2]*coTable // co-appearances by participation, for hubs only
}

// statedLink is a link from an entity to another node, with the entries stating it,
// earliest first (at least one).
type statedLink struct {
	to      quad.IRI
	entries []quad.IRI
	// A link read from the index file keeps its entries as ids into strs, the file's
	// string table, instead (entries nil): at a million entries ten million of them,
	// 4 bytes each and no pointer for the collector to follow, instead of 16.
	ids  []uint32
	strs []string
}

// count is how many entries state the link.
func (l *statedLink) count() int {
	if l.entries != nil {
		return len(l.entries)
	}
	return len(l.ids)
}

// entry is the i-th entry stating the link, earliest first.
func (l *statedLink) entry(i int) quad.IRI {
	if l.entries != nil {
		return l.entries[i]
	}
	return quad.IRI(l.strs[l.ids[i]])
}

// list is the entries stating the link, earliest first.
func (l *statedLink) list() []quad.IRI {
	if l.entries != nil {
		return l.entries
	}
	out := make([]quad.IRI, len(l.ids))
	for i := range l.ids {
		out[i] = l.entry(i)
	}
	return out
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

// eventInfo is what the index keeps of an event: all a list shows of it (summary)
// but its entry's sentence.
type eventInfo struct {
	iri        quad.IRI
	start, end string
	kind       string
	entry      quad.IRI
	places     []quad.IRI // venues (schema:location), in the entry's order
	actors     []citation // people and bodies it cites, in the entry's order
	doc        string     // key of its document
	ord        int        // position in the index's date order
	// since format 3
	dateText, precision string
	mentioned           []quad.IRI // places named but not venues (annals:mentionsPlace)
	line                int        // of its entry
	source              quad.IRI   // its entry's document
	textID              uint64     // the store's id of its entry's text, or 0
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
	byDate   []*eventInfo        // sorted by start date, then IRI
	tokens   map[string][]uint32 // folded word → the events of entries using it (ords, ascending)
	long     []*eventInfo        // events lasting longer than longEvent, in date order
	docs     map[quad.IRI]*document
	entries  int
	quads    int64
	nodes    int64
	built    time.Time
	// parts are the facts the snapshot was assembled from, by the label (entry) that
	// states them (nil in a snapshot read from the index file, until a Sync needs
	// them); fp is the store's fingerprint they were read at.
	parts map[quad.IRI]*part
	fp    graph.Fingerprint
}

// assemble builds the snapshot of the facts in parts: labels in order, each part's
// facts in order (newPart sorts them), entities in IRI order in finish, so that the
// snapshot depends only on the facts and not on the order a store returned them in.
func assemble(parts map[quad.IRI]*part, fp graph.Fingerprint) *snapshot {
	snap := &snapshot{
		entities: make(map[quad.IRI]*entity),
		byKey:    make(map[string][]*entity),
		events:   make(map[quad.IRI]*eventInfo),
		tokens:   make(map[string][]uint32),
		docs:     make(map[quad.IRI]*document),
		parts:    parts,
		fp:       fp,
		built:    time.Now(),
	}
	b := &builder{snap: snap, texts: make(map[quad.IRI]string), textIDs: make(map[quad.IRI]uint64), entryDoc: make(map[quad.IRI]quad.IRI),
		entryLine: make(map[quad.IRI]int), docNames: make(map[quad.IRI]string)}
	labels := make([]quad.IRI, 0, len(parts))
	for l := range parts {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, l := range labels {
		p := parts[l]
		snap.quads += int64(p.quads)
		for _, f := range p.facts {
			b.apply(l, f)
		}
	}
	for _, l := range b.links {
		c := citation{event: b.event(l.event), actor: b.ent(l.node), pred: l.pred}
		c.actor.degree++
		c.actor.events = append(c.actor.events, c)
		if l.pred != graph.Location && l.pred != graph.MentionsPlace {
			c.event.actors = append(c.event.actors, c)
		}
	}
	for iri, name := range b.docNames {
		if d := snap.docs[iri]; d != nil || strings.HasPrefix(string(iri), graph.NodeNS+"doc/") {
			b.docOf(iri).name = name
		}
	}
	for _, ev := range snap.events {
		ev.line, ev.source, ev.textID = b.entryLine[ev.entry], b.entryDoc[ev.entry], b.textIDs[ev.entry]
	}
	snap.finish(b.texts, b.entryDoc)
	return snap
}

// builder gathers a snapshot from facts.
type builder struct {
	snap      *snapshot
	texts     map[quad.IRI]string // entry → the folded words of its text
	textIDs   map[quad.IRI]uint64 // entry → the store's id of its text
	entryDoc  map[quad.IRI]quad.IRI
	entryLine map[quad.IRI]int
	docNames  map[quad.IRI]string
	links     []rawLink
}

type rawLink struct{ event, node, pred quad.IRI }

func (b *builder) ent(iri quad.IRI) *entity {
	e := b.snap.entities[iri]
	if e == nil {
		e = &entity{iri: iri, typ: typeOf(iri), names: make(map[string]int)}
		b.snap.entities[iri] = e
	}
	return e
}

func (b *builder) event(iri quad.IRI) *eventInfo {
	ev := b.snap.events[iri]
	if ev == nil {
		ev = &eventInfo{iri: iri}
		b.snap.events[iri] = ev
	}
	return ev
}

func (b *builder) docOf(iri quad.IRI) *document {
	d := b.snap.docs[iri]
	if d == nil {
		d = &document{iri: iri}
		b.snap.docs[iri] = d
	}
	return d
}

// apply adds one fact, stated by the entry label, to the snapshot.
func (b *builder) apply(label quad.IRI, f fact) {
	sub := quad.IRI(f.s.Value())
	obj := f.o.Value()
	styp := typeOf(sub)
	switch pred := predicates[f.p]; pred {
	case graph.Type:
		if quad.IRI(obj) == graph.ClassEvent {
			b.event(sub)
		} else {
			b.docOf(sub)
		}
	case graph.Name:
		if styp == TypePerson || styp == TypeBody || styp == TypePlace {
			b.ent(sub).names[obj]++
		} else {
			b.docNames[sub] = obj
		}
	case graph.AlternateName:
		e := b.ent(sub)
		e.aliases = appendUnique(e.aliases, obj)
	case graph.JobTitle:
		b.ent(sub).tallyRole(obj, label)
	case graph.Legislator, graph.Legislative:
		b.ent(sub).flag = true
	case graph.Kind:
		if styp == TypeEvent {
			b.event(sub).kind = obj
		} else {
			b.ent(sub).placeKind = obj
		}
	case graph.AddressCountry:
		b.ent(sub).country = obj
	case graph.Latitude, graph.Longitude:
		v, _ := strconv.ParseFloat(obj, 64)
		e := b.ent(sub)
		if pred == graph.Latitude {
			e.lat = &v
		} else {
			e.lon = &v
		}
	case graph.ContainedIn:
		b.ent(sub).countryIRI = quad.IRI(obj)
	case graph.StartDate:
		b.event(sub).start = obj
	case graph.EndDate:
		b.event(sub).end = obj
	case graph.EntryOf:
		b.event(sub).entry = quad.IRI(obj)
	case graph.Location:
		ev := b.event(sub)
		ev.places = appendUniqueIRI(ev.places, quad.IRI(obj))
		b.links = append(b.links, rawLink{sub, quad.IRI(obj), pred})
	case graph.MentionsPlace:
		ev := b.event(sub)
		ev.mentioned = appendUniqueIRI(ev.mentioned, quad.IRI(obj))
		b.links = append(b.links, rawLink{sub, quad.IRI(obj), pred})
	case graph.Attendee, graph.Mentions, graph.Organizer:
		b.links = append(b.links, rawLink{sub, quad.IRI(obj), pred})
	case graph.MemberOf:
		e := b.ent(sub)
		e.memberOf = addStated(e.memberOf, quad.IRI(obj), label)
	case graph.ParentOrganization:
		e := b.ent(sub)
		e.parentOf = addStated(e.parentOf, quad.IRI(obj), label)
	case graph.Country:
		e := b.ent(sub)
		e.countryOf = addStated(e.countryOf, quad.IRI(obj), label)
	case graph.Text:
		b.texts[sub] = obj
	case graph.Source:
		b.entryDoc[sub] = quad.IRI(obj)
	case graph.DateText:
		b.event(sub).dateText = obj
	case graph.Precision:
		b.event(sub).precision = obj
	case graph.Line:
		b.entryLine[sub], _ = strconv.Atoi(obj)
	case textIDPredicate:
		b.textIDs[sub], _ = strconv.ParseUint(obj, 10, 64)
	}
}

func (snap *snapshot) finish(texts map[quad.IRI]string, entryDoc map[quad.IRI]quad.IRI) {
	ents := make([]*entity, 0, len(snap.entities))
	for _, e := range snap.entities {
		ents = append(ents, e)
	}
	slices.SortFunc(ents, func(a, b *entity) int { return strings.Compare(string(a.iri), string(b.iri)) })
	for _, e := range ents {
		e.name = mostCommon(e.names)
		if e.name == "" && len(e.aliases) > 0 {
			e.name = e.aliases[0]
		}
		if e.name == "" {
			e.name = IDOf(e.iri)
		}
	}
	// The entries that name a body only as a membership or a parent: what supports the
	// statements of a body no event cites.
	naming := map[quad.IRI][]quad.IRI{}
	named := map[[2]quad.IRI]bool{} // (node, entry) pairs in naming
	for _, e := range ents {
		for _, links := range [][]statedLink{e.memberOf, e.parentOf} {
			for _, l := range links {
				for _, en := range l.entries {
					if k := [2]quad.IRI{l.to, en}; !isDocumentIRI(en) && !named[k] {
						named[k] = true
						naming[l.to] = append(naming[l.to], en)
					}
				}
			}
		}
	}
	for _, e := range ents {
		var sup *support // built at the first link that needs it, once per node
		for _, links := range [][]statedLink{e.memberOf, e.parentOf, e.countryOf} {
			for i := range links {
				if sup == nil && slices.ContainsFunc(links[i].entries, isDocumentIRI) {
					sup = newSupport(e, entryDoc, naming[e.iri])
				}
				links[i].entries = sup.entries(links[i].entries)
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
	}
	sort.Slice(snap.byDate, func(i, j int) bool { return eventBefore(snap.byDate[i], snap.byDate[j]) })
	for i, ev := range snap.byDate {
		ev.ord = i
		if t := texts[ev.entry]; t != "" { // in date order: each word's list ascending
			for _, w := range strings.Split(t, "-") { // each word once (factOf)
				snap.tokens[w] = append(snap.tokens[w], uint32(i))
			}
		}
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
	snap.precompute()
}

// support tells, for the links of one node, the entries that support a statement:
// an entry supports itself; a document (a node's own statement, such as a body's
// country, which the loader states once per document) stands for the entries of that
// document citing the node, else for its entries in naming (those that name the node
// only as someone's membership or a body's parent), or for itself when none does. The
// node's citations and naming entries are grouped by document once, not read again for
// every document of every link: a node cited by a hundred thousand events in a hundred
// documents made that ten million steps a link.
type support struct {
	cited, naming map[quad.IRI][]quad.IRI // by document, in the order of e.events and naming
}

func newSupport(e *entity, entryDoc map[quad.IRI]quad.IRI, naming []quad.IRI) *support {
	s := &support{cited: make(map[quad.IRI][]quad.IRI), naming: make(map[quad.IRI][]quad.IRI)}
	for _, c := range e.events {
		if c.event.entry != "" {
			if d, ok := entryDoc[c.event.entry]; ok {
				s.cited[d] = append(s.cited[d], c.event.entry)
			}
		}
	}
	for _, en := range naming {
		if d, ok := entryDoc[en]; ok {
			s.naming[d] = append(s.naming[d], en)
		}
	}
	return s
}

// entries is labels with each document replaced by the entries that stand for it (nil
// s: labels has no document).
func (s *support) entries(labels []quad.IRI) []quad.IRI {
	if s == nil || !slices.ContainsFunc(labels, isDocumentIRI) {
		return labels
	}
	out := make([]quad.IRI, 0, len(labels))
	seen := make(map[quad.IRI]bool, len(labels))
	add := func(l quad.IRI) {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	for _, l := range labels {
		if !isDocumentIRI(l) {
			add(l)
			continue
		}
		n := len(out)
		for _, en := range s.cited[l] {
			add(en)
		}
		if len(out) == n {
			for _, en := range s.naming[l] {
				add(en)
			}
		}
		if len(out) == n {
			add(l)
		}
	}
	return out
}

// isDocumentIRI reports whether label is a document's (graph.DocumentIRI).
func isDocumentIRI(label quad.IRI) bool { return strings.HasPrefix(string(label), graph.NodeNS+"doc/") }

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
