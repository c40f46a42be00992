// Package loader writes extraction records into the graph as quads: one document per
// transaction, idempotent, replacing exactly the facts of a document that changed.
package loader

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"annals/extract"
	"annals/graph"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Summary tells what a load did.
type Summary struct {
	Documents    int
	Entries      int
	QuadsAdded   int
	QuadsRemoved int
	Warnings     int
	Elapsed      time.Duration
}

// Add accumulates the summary of another load into s.
func (s *Summary) Add(o Summary) {
	s.Documents += o.Documents
	s.Entries += o.Entries
	s.QuadsAdded += o.QuadsAdded
	s.QuadsRemoved += o.QuadsRemoved
	s.Warnings += o.Warnings
	s.Elapsed += o.Elapsed
}

// Quads maps the records of one document to quads. What an entry's sentence states (its
// event, the event's links to people, bodies and places, a person's titles, memberships
// and country, a body's parent) is labelled with the entry; what a node is (its type,
// names, flags, coordinates, a place's or body's country, a country node's name and
// kind) is stated once for the document, labelled with the document
// (graph.DocumentIRI). The result has no duplicates and its order depends only on recs.
func Quads(source string, recs []extract.Record) []quad.Quad {
	adds := additions(source, recs)
	out := make([]quad.Quad, len(adds))
	for i, d := range adds {
		out[i] = d.Quad
	}
	return out
}

// additions are the quads of Quads as deltas that add them: the store takes deltas, and
// a first load writes them as they are, without a copy of a million quads.
func additions(source string, recs []extract.Record) []cgraph.Delta {
	gz, _ := gazetteerOnce() // LoadDocument reports its error; without it names stay whole
	b := newBuilder(source, len(recs))
	b.ids = newBodyIndex(newBodyNamer(gz), recs)
	b.venues = hasVenues(recs)
	for i := range recs {
		b.rec = i
		b.entry(&recs[i])
	}
	b.own(recs)
	return b.out
}

// hasVenues reports whether the records mark where their events took place (record
// format version 2). A document none of whose places is a venue is read as format
// version 1, which did not tell: its places are all locations, as they were.
func hasVenues(recs []extract.Record) bool {
	for i := range recs {
		for _, p := range recs[i].Places {
			if p.Venue {
				return true
			}
		}
	}
	return false
}

// builder maps records to quads. It remembers the IRI of every name it has keyed, since
// a chronology names the same people, bodies and places again and again.
type builder struct {
	source string
	doc    quad.IRI
	out    []cgraph.Delta // additions, in order
	first  int            // index in out of the first quad of the current entry
	label  quad.IRI
	nodes  []quad.IRI // people, bodies, places and countries of the current entry
	check  bool       // whether add must look for duplicates in the current entry
	people map[string]quad.IRI
	places map[placeKey]quad.IRI
	lands  map[string]quad.IRI
	ids    *bodyIndex // identities of the document's bodies
	rec    int        // index of the current record
	venues bool       // whether the document marks venues (format version 2)
	// The document's statements about its nodes, each once: facts other than names in
	// the order first stated, and the names and aliases of each node.
	facts  []quad.Quad
	stated map[quad.Quad]struct{}
	named  map[quad.IRI]*nodeNames
	order  []quad.IRI // nodes of named, in the order first named
}

// nodeNames are the names the document gives one node: how many of its mentions use
// each name, and the aliases they give, each in order of first use.
type nodeNames struct {
	names   []string
	uses    []int
	aliases []string
}

// placeKey is what a place's IRI depends on.
type placeKey struct {
	name, country string
	id            int
}

// quadsPerEntry is about what an entry yields, with its share of the document's
// statements about its nodes; it sizes the output.
const quadsPerEntry = 32

func newBuilder(source string, entries int) *builder {
	return &builder{
		source: source,
		doc:    graph.DocumentIRI(source),
		out:    make([]cgraph.Delta, 0, entries*quadsPerEntry),
		people: make(map[string]quad.IRI),
		places: make(map[placeKey]quad.IRI),
		lands:  make(map[string]quad.IRI),
		stated: make(map[quad.Quad]struct{}),
		named:  make(map[quad.IRI]*nodeNames),
	}
}

// add appends one fact of the current entry. Facts of the entry and its event are
// distinct by construction; a node named twice in one entry (two spellings of a person,
// two cities of one country) turns on the check for duplicates for the rest of the entry.
func (b *builder) add(s quad.Value, p quad.IRI, o quad.Value) {
	d := cgraph.Delta{Quad: quad.Quad{Subject: s, Predicate: p, Object: o, Label: b.label}, Action: cgraph.Add}
	if b.check && slices.Contains(b.out[b.first:], d) {
		return
	}
	b.out = append(b.out, d)
}

// fresh reports whether node is named for the first time in the current entry, and
// turns on the duplicate check otherwise.
func (b *builder) fresh(node quad.IRI) bool {
	if slices.Contains(b.nodes, node) {
		b.check = true
		return false
	}
	b.nodes = append(b.nodes, node)
	return true
}

// strs adds a string fact for each distinct non-empty string of vs but skip.
func (b *builder) strs(s quad.Value, p quad.IRI, vs []string, skip string) {
	for i, v := range vs {
		if v != skip && !slices.Contains(vs[:i], v) {
			b.str(s, p, v)
		}
	}
}

// str adds a string fact, unless the string is empty.
func (b *builder) str(s quad.Value, p quad.IRI, v string) {
	if v != "" {
		b.add(s, p, quad.String(v))
	}
}

// state records a statement of the document about a node (its type, a flag, a
// coordinate, its country node): stated once, whichever entries name the node.
func (b *builder) state(s quad.IRI, p quad.IRI, o quad.Value) {
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: b.doc}
	if _, ok := b.stated[q]; ok {
		return
	}
	b.stated[q] = struct{}{}
	b.facts = append(b.facts, q)
}

// name records that a mention calls node by name, with aliases.
func (b *builder) name(node quad.IRI, name string, aliases []string) {
	n := b.named[node]
	if n == nil {
		n = &nodeNames{}
		b.named[node] = n
		b.order = append(b.order, node)
	}
	if name != "" {
		if i := slices.Index(n.names, name); i >= 0 {
			n.uses[i]++
		} else {
			n.names = append(n.names, name)
			n.uses = append(n.uses, 1)
		}
	}
	for _, a := range aliases {
		if a != "" && !slices.Contains(n.aliases, a) {
			n.aliases = append(n.aliases, a)
		}
	}
}

// own appends the document's statements about its nodes, labelled with the document:
// its own type and name, then every fact recorded by state, then each node's name (the
// one most of its mentions use, the first on a tie) and its other names and aliases
// as alternate names. A document without entries states nothing.
func (b *builder) own(recs []extract.Record) {
	if len(recs) == 0 {
		return
	}
	add := func(q quad.Quad) { b.out = append(b.out, cgraph.Delta{Quad: q, Action: cgraph.Add}) }
	add(quad.Quad{Subject: b.doc, Predicate: graph.Type, Object: graph.ClassDocument, Label: b.doc})
	add(quad.Quad{Subject: b.doc, Predicate: graph.Name, Object: quad.String(b.source), Label: b.doc})
	for _, q := range b.facts {
		add(q)
	}
	for _, node := range b.order {
		n := b.named[node]
		best := -1
		for i, u := range n.uses {
			if best < 0 || u > n.uses[best] {
				best = i
			}
		}
		if best >= 0 {
			add(quad.Quad{Subject: node, Predicate: graph.Name, Object: quad.String(n.names[best]), Label: b.doc})
		}
		for i, a := range n.names {
			if i != best {
				add(quad.Quad{Subject: node, Predicate: graph.AlternateName, Object: quad.String(a), Label: b.doc})
			}
		}
		for _, a := range n.aliases {
			if !slices.Contains(n.names, a) {
				add(quad.Quad{Subject: node, Predicate: graph.AlternateName, Object: quad.String(a), Label: b.doc})
			}
		}
	}
}

// iri returns the IRI of name from cache, computing it with mint the first time; ok is
// false when the name has no letter or digit to key it by.
func iri(cache map[string]quad.IRI, name string, mint func(string) quad.IRI) (quad.IRI, bool) {
	if v, ok := cache[name]; ok {
		return v, v != ""
	}
	var v quad.IRI
	if graph.Key(name) != "" {
		v = mint(name)
	}
	cache[name] = v
	return v, v != ""
}

// entry appends the quads of one record, each labelled with its entry.
func (b *builder) entry(r *extract.Record) {
	b.first, b.nodes, b.check = len(b.out), b.nodes[:0], false
	b.label = graph.EntryIRI(b.source, r.Line)
	entry, doc := b.label, b.doc

	b.add(entry, graph.Type, graph.ClassEntry)
	b.add(entry, graph.Source, doc)
	b.add(entry, graph.Line, quad.Int(r.Line))
	b.add(entry, graph.SpanStart, quad.Int(r.Span[0]))
	b.add(entry, graph.SpanEnd, quad.Int(r.Span[1]))
	b.str(entry, graph.Text, r.Text)
	b.strs(entry, graph.Warning, r.Warnings, "")

	event := graph.EventIRI(b.source, r.Line)
	b.add(event, graph.Type, graph.ClassEvent)
	b.add(event, graph.EntryOf, entry)
	b.str(event, graph.Kind, r.Kind)
	if d := r.Date; d != nil {
		b.str(event, graph.StartDate, d.Start)
		if d.End != d.Start { // an event of one day ends when it starts: readers take that
			b.str(event, graph.EndDate, d.End)
		}
		b.str(event, graph.DateText, d.Text)
		b.str(event, graph.Precision, d.Precision)
	}

	for _, p := range r.People {
		person, ok := iri(b.people, p.Name, graph.PersonIRI)
		if !ok {
			continue
		}
		b.fresh(person)
		if p.Participant {
			b.add(event, graph.Attendee, person)
		} else {
			b.add(event, graph.Mentions, person)
		}
		b.state(person, graph.Type, graph.ClassPerson)
		b.name(person, p.Name, p.Aliases)
		b.strs(person, graph.JobTitle, p.Roles, "")
		if p.Legislator {
			b.state(person, graph.Legislator, quad.Bool(true))
		}
		b.country(person, p.Country)
		for _, m := range p.MemberOf {
			if body, listed, ok := b.ids.named(m, p.Country, b.rec, r.Bodies); ok {
				b.add(person, graph.MemberOf, b.bodyNode(body, listed, m))
			}
		}
	}

	for i, o := range r.Bodies {
		_, body, ok := b.ids.body(b.rec, i)
		if !ok {
			continue
		}
		b.fresh(body)
		// The record does not say whether a body took part in the event, only that the
		// entry names it.
		b.add(event, graph.Mentions, body)
		b.state(body, graph.Type, graph.ClassOrganization)
		b.name(body, o.Name, o.Aliases)
		if o.Legislative {
			b.state(body, graph.Legislative, quad.Bool(true))
		}
		b.bodyCountry(body, o.Country)
		if o.PartOf != "" {
			if parent, listed, ok := b.ids.named(o.PartOf, o.Country, b.rec, r.Bodies); ok && parent != body {
				b.add(body, graph.ParentOrganization, b.bodyNode(parent, listed, o.PartOf))
			}
		}
	}

	for _, p := range r.Places {
		place, ok := b.placeIRI(p)
		if !ok {
			continue
		}
		b.fresh(place)
		if p.Venue || !b.venues {
			b.add(event, graph.Location, place)
		} else {
			b.add(event, graph.MentionsPlace, place)
		}
		b.state(place, graph.Type, graph.ClassPlace)
		b.name(place, p.Name, p.Aliases)
		if p.Kind != "" {
			b.state(place, graph.Kind, quad.String(p.Kind))
		}
		if p.Lat != 0 || p.Lon != 0 {
			b.state(place, graph.Latitude, quad.Float(p.Lat))
			b.state(place, graph.Longitude, quad.Float(p.Lon))
		}
		if p.Kind == "country" {
			if p.GeonameID > 0 {
				b.state(place, graph.SameAs, graph.GeoNamesIRI(p.GeonameID))
			}
			continue
		}
		if country, ok := b.countryNode(p.Country); ok {
			b.state(place, graph.ContainedIn, country)
		}
	}
}

// countryNode is the node of a country, stating its type, name and kind for the
// document the first time the current entry names it.
func (b *builder) countryNode(name string) (quad.IRI, bool) {
	country, ok := iri(b.lands, name, graph.CountryIRI)
	if !ok {
		return "", false
	}
	if slices.Contains(b.nodes, country) {
		return country, true // another node of this entry is in the same country
	}
	b.nodes = append(b.nodes, country)
	b.state(country, graph.Type, graph.ClassPlace)
	b.name(country, name, nil)
	b.state(country, graph.Kind, quad.String("country"))
	return country, true
}

// country links a person to the country the entry says the person serves or
// represents.
func (b *builder) country(node quad.IRI, name string) {
	if country, ok := b.countryNode(name); ok {
		b.add(node, graph.Country, country)
	}
}

// bodyCountry links a body to its country: a statement of the document, since the
// country is part of what the body is (graph.BodyID: Italy's Senate is not France's).
func (b *builder) bodyCountry(node quad.IRI, name string) {
	if country, ok := b.countryNode(name); ok {
		b.state(node, graph.Country, country)
	}
}

// bodyNode is the node of a body the entry points at as a parent or a membership. A
// body the entry does not list itself gets its type and the name the entry gives it, so
// that no node is left without a name, and its country: statements of the document.
func (b *builder) bodyNode(node quad.IRI, listed bool, name string) quad.IRI {
	if !listed && b.fresh(node) {
		b.state(node, graph.Type, graph.ClassOrganization)
		b.name(node, name, nil)
		if c := b.ids.countryOf(node); c != "" {
			b.bodyCountry(node, c)
		}
	}
	return node
}

// placeIRI is the node of a place: a country's name-keyed node for a country, else the
// place's GeoNames IRI or, for a place the gazetteer lacks, a key of name and country.
func (b *builder) placeIRI(p extract.Place) (quad.IRI, bool) {
	if p.Kind == "country" {
		return iri(b.lands, p.Name, graph.CountryIRI)
	}
	if graph.Key(p.Name) == "" {
		return "", false
	}
	k := placeKey{p.Name, p.Country, p.GeonameID}
	if v, ok := b.places[k]; ok {
		return v, true
	}
	v := graph.PlaceIRI(p.GeonameID, p.Name, p.Country)
	b.places[k] = v
	return v, true
}

// LoadDocument replaces the facts of one document in the store by those of recs, in
// one transaction.
//
// It reads the quads the store holds for the document (the quads labelled with the
// document or one of its entries), removes those recs no longer state and adds the new
// ones: loading the same records twice changes nothing, and editing one entry changes
// only that entry's quads and the document's statements about nodes whose statements
// changed (a node the entry alone named, a name now used by more mentions).
// On error nothing of the document is written.
func LoadDocument(ctx context.Context, s *graph.Store, source string, recs []extract.Record) (Summary, error) {
	doc, err := Prepare(source, recs)
	if err != nil {
		return Summary{}, err
	}
	return doc.Load(ctx, s)
}

// Prepared is a document checked and turned into the quads it states, not yet written:
// Prepare needs no store, so a loader can prepare the next document while the store
// writes this one (annals load does).
type Prepared struct {
	source string
	want   []cgraph.Delta
	sum    Summary
	took   time.Duration // Prepare's own time, counted in the summary's Elapsed
	fresh  bool          // Load found no quad of the document in the store
	hashes graph.QuadHashes
}

// HashQuads computes the hashes of the document's values that a bolt store's write of
// a first load needs (graph.HashQuads), so that they are not computed by the writer:
// annals load calls it on the core that prepares the next file. Prepare leaves it to
// the caller, as the other stores do not use them.
func (p *Prepared) HashQuads() {
	start := time.Now()
	p.hashes = graph.HashQuads(p.want)
	p.took += time.Since(start)
}

// Prepare checks the records of the document source and builds its quads. Its errors
// name the document and the record, as LoadDocument's do.
func Prepare(source string, recs []extract.Record) (*Prepared, error) {
	start := time.Now()
	if _, err := gazetteerOnce(); err != nil {
		return nil, fmt.Errorf("load %s: %w", source, err)
	}
	sum := Summary{Documents: 1, Entries: len(recs)}
	for i := range recs {
		sum.Warnings += len(recs[i].Warnings)
		if err := checkRecord(source, &recs[i]); err != nil {
			return nil, fmt.Errorf("load %s: record %d: %w", source, i+1, err)
		}
	}
	if err := checkLines(recs); err != nil {
		return nil, fmt.Errorf("load %s: %w", source, err)
	}
	return &Prepared{source: source, want: additions(source, recs), sum: sum, took: time.Since(start)}, nil
}

// Written is, after a Load that found none of the document's quads in the store (its
// first load), the quads it wrote by label, in the order written; nil otherwise. An
// index kept beside the store reads them instead of reading the store again
// (queries.IndexWriter).
func (p *Prepared) Written() map[quad.IRI][]quad.Quad {
	if !p.fresh {
		return nil
	}
	out := make(map[quad.IRI][]quad.Quad)
	for _, d := range p.want {
		l, _ := d.Quad.Label.(quad.IRI)
		out[l] = append(out[l], d.Quad)
	}
	return out
}

// Written is Prepared.Written of the documents one transaction wrote (LoadGroup's
// commits), in one map.
func Written(docs []*Prepared) map[quad.IRI][]quad.Quad {
	out := make(map[quad.IRI][]quad.Quad)
	for _, d := range docs {
		maps.Copy(out, d.Written())
	}
	return out
}

// Load writes the prepared document into s in one transaction, as LoadDocument does: the
// quads the store holds for it and the document no longer states are removed, the new
// ones added. Load it once.
func (p *Prepared) Load(ctx context.Context, s *graph.Store) (Summary, error) {
	start := time.Now()
	var sum Summary
	err := s.UpdateHashed(ctx, p.source, func(ctx context.Context) (deltas []cgraph.Delta, hashes graph.QuadHashes, err error) {
		deltas, hashes, sum, err = p.plan(ctx, s)
		return deltas, hashes, err
	})
	p.hashes = nil
	if err != nil {
		return Summary{}, fmt.Errorf("load %s: %w", p.source, err)
	}
	sum.Elapsed = p.took + time.Since(start)
	return sum, nil
}

// AddTo adds the document to a bulk load of an empty store (its first load): its
// quads are written, and its summary holds, once the bulk is written (the Write of
// graph.BulkLoader). Written then gives its quads, in the order the store lays them
// out, as after a first Load.
func (p *Prepared) AddTo(b graph.BulkLoader) (Summary, error) {
	start := time.Now()
	if err := b.Add(p.source, p.want, p.hashes); err != nil {
		return Summary{}, fmt.Errorf("load %s: %w", p.source, err)
	}
	p.hashes = nil
	p.fresh = true
	sum := p.sum
	sum.QuadsAdded = len(p.want)
	sum.Elapsed = p.took + time.Since(start)
	return sum, nil
}

// Source is the document's name.
func (p *Prepared) Source() string { return p.source }

// Quads is how many quads the document states.
func (p *Prepared) Quads() int { return len(p.want) }

// plan reads the quads the store holds for the document and returns the deltas that
// make them the document's, their hashes if HashQuads computed them (nil otherwise),
// and the document's summary without its time. Run it under the store's write lock
// (in the plan of an update).
func (p *Prepared) plan(ctx context.Context, s *graph.Store) ([]cgraph.Delta, graph.QuadHashes, Summary, error) {
	have, err := documentQuads(ctx, s, p.source)
	if err != nil {
		return nil, nil, Summary{}, fmt.Errorf("read the document's quads: %w", err)
	}
	deltas := diff(have, p.want)
	p.fresh = len(have) == 0
	var hashes graph.QuadHashes
	if p.fresh {
		hashes = p.hashes // diff gave want itself
	}
	sum := p.sum
	for _, d := range deltas {
		if d.Action == cgraph.Add {
			sum.QuadsAdded++
		} else {
			sum.QuadsRemoved++
		}
	}
	return deltas, hashes, sum, nil
}

// LoadGroup writes docs into s, each whole, in as few transactions as it may: on bolt
// and in memory all of them in one (a commit is the bulk of a bolt write, and its cost
// grows with the store, not with the transaction), on PostgreSQL one a document (its
// load log names each). When the shared transaction fails, each document is loaded
// again in a transaction of its own, so that one document's failure loses no other.
// committed, if not nil, is called after each commit with the documents it wrote.
// It returns each document's summary and error; docs name distinct sources.
func LoadGroup(ctx context.Context, s *graph.Store, docs []*Prepared, committed func([]*Prepared)) ([]Summary, []error) {
	sums, errs := make([]Summary, len(docs)), make([]error, len(docs))
	one := func(i int) {
		if sums[i], errs[i] = docs[i].Load(ctx, s); errs[i] == nil && committed != nil {
			committed(docs[i : i+1])
		}
	}
	if len(docs) < 2 || s.Kind == graph.KindPostgres || !distinctSources(docs) {
		for i := range docs {
			one(i)
		}
		return sums, errs
	}
	start := time.Now()
	err := s.UpdateHashed(ctx, "", func(ctx context.Context) ([]cgraph.Delta, graph.QuadHashes, error) {
		n := 0
		for _, p := range docs {
			n += len(p.want)
		}
		all := make([]cgraph.Delta, 0, n)
		var hashes graph.QuadHashes
		for i, p := range docs {
			deltas, h, sum, err := p.plan(ctx, s)
			if err != nil {
				return nil, nil, fmt.Errorf("load %s: %w", p.source, err)
			}
			sums[i] = sum
			if h != nil && hashes == nil {
				hashes = graph.HashQuads(all) // the documents before
			}
			if hashes != nil {
				if h == nil {
					h = graph.HashQuads(deltas)
				}
				hashes = append(hashes, h...)
			}
			all = append(all, deltas...)
		}
		return all, hashes, nil
	})
	for _, p := range docs {
		p.hashes = nil
	}
	if err != nil {
		if ctx.Err() != nil {
			for i, p := range docs {
				sums[i], errs[i] = Summary{}, fmt.Errorf("load %s: %w", p.source, ctx.Err())
			}
			return sums, errs
		}
		for i := range docs {
			one(i)
		}
		return sums, errs
	}
	if committed != nil {
		committed(docs)
	}
	// the transaction's time, shared by the documents in proportion to their quads
	took, quads := time.Since(start), 0
	for _, p := range docs {
		quads += len(p.want)
	}
	for i, p := range docs {
		sums[i].Elapsed = p.took
		if quads > 0 {
			sums[i].Elapsed += took * time.Duration(len(p.want)) / time.Duration(quads)
		}
	}
	return sums, errs
}

// distinctSources reports whether no two of docs name the same source: a document's
// plan reads the store as it was before the transaction, not as an earlier document of
// the same transaction left it.
func distinctSources(docs []*Prepared) bool {
	seen := make(map[string]bool, len(docs))
	for _, p := range docs {
		if seen[p.source] {
			return false
		}
		seen[p.source] = true
	}
	return true
}

// checkRecord rejects a record whose provenance cannot be recorded.
func checkRecord(source string, r *extract.Record) error {
	if r.Source != "" && r.Source != source {
		return fmt.Errorf("line %d: source %q, want %q", r.Line, r.Source, source)
	}
	if r.Line <= 0 {
		return fmt.Errorf("line %d: line must be positive", r.Line)
	}
	if r.Span[0] < 0 || r.Span[1] < r.Span[0] {
		return fmt.Errorf("line %d: bad span [%d, %d]", r.Line, r.Span[0], r.Span[1])
	}
	return nil
}

// checkLines rejects two records on one line: they would share an entry and an event.
func checkLines(recs []extract.Record) error {
	seen := make(map[int]struct{}, len(recs))
	for i := range recs {
		if _, dup := seen[recs[i].Line]; dup {
			return fmt.Errorf("line %d: two records start on this line", recs[i].Line)
		}
		seen[recs[i].Line] = struct{}{}
	}
	return nil
}

// documentQuads returns the quads the store holds for the document: those labelled
// with the document itself (its statements about its nodes) and with one of its
// entries. A store written before node statements were labelled with the document
// holds them under the entries: the diff then removes them and adds the document's.
func documentQuads(ctx context.Context, s *graph.Store, source string) ([]quad.Quad, error) {
	entries, err := s.DocumentEntries(ctx, source)
	if err != nil {
		return nil, err
	}
	out, err := s.QuadsLabelled(ctx, graph.DocumentIRI(source))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		qs, err := s.QuadsLabelled(ctx, e)
		if err != nil {
			return nil, err
		}
		out = append(out, qs...)
	}
	return out, nil
}

// diff returns the deltas that turn have into the additions want: removals first, then
// the additions of quads have lacks, in the order of want.
func diff(have []quad.Quad, want []cgraph.Delta) []cgraph.Delta {
	if len(have) == 0 {
		return want
	}
	old := make(map[quad.Quad]bool, len(have)) // true once want states it too
	for _, q := range have {
		old[q] = false
	}
	var deltas, adds []cgraph.Delta
	for _, d := range want {
		if _, ok := old[d.Quad]; ok {
			old[d.Quad] = true
			continue
		}
		adds = append(adds, d)
	}
	for _, q := range have {
		if kept, ok := old[q]; ok && !kept {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			delete(old, q) // have may repeat a quad only if the store does; remove once
		}
	}
	return append(deltas, adds...)
}
