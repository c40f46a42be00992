package queries

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unique"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// fact is one quad the index reads, reduced to what the index keeps of it: the
// subject, a predicate code and the object as the index reads it (a date, a name, an
// IRI, the folded words of an entry's text). Strings are interned: the IRI of a
// person cited by ten thousand events is held once.
type fact struct {
	s, o unique.Handle[string]
	p    uint8
}

// part is the facts stated by one label (entry), with the number of quads it has.
// Parts are what the index keeps between builds and writes to its file: after a
// write, only the parts of the entries it changed are read again.
type part struct {
	quads int
	facts []fact
}

// predicates are the predicates the index reads, by code (a fact's p).
var predicates = []quad.IRI{
	graph.Type, graph.Name, graph.AlternateName, graph.JobTitle, graph.Legislator, graph.Legislative,
	graph.Kind, graph.AddressCountry, graph.Latitude, graph.Longitude, graph.ContainedIn,
	graph.StartDate, graph.EndDate, graph.EntryOf, graph.Location, graph.Attendee, graph.Mentions,
	graph.Organizer, graph.MentionsPlace, graph.MemberOf, graph.ParentOrganization, graph.Country,
	graph.Text, graph.Source,
	// since format 3: what a listed event shows besides its sentence
	graph.DateText, graph.Precision, graph.Line,
	// where the store keeps an entry's sentence (no quad states it: see addTextIDs)
	textIDPredicate,
}

// textIDPredicate marks the facts that give, for an entry, the store's id of its
// sentence (graph.ValueIDs): a list of events reads each shown sentence with one
// look-up by id instead of finding the entry, its quads and then the value. Stores
// without value ids have no such facts, and an id that reads back as no string falls
// back to the path through the entry.
const textIDPredicate = quad.IRI("urn:annals:index:text-id")

var predicateCode = func() map[quad.IRI]uint8 {
	m := make(map[quad.IRI]uint8, len(predicates))
	for i, p := range predicates {
		m[p] = uint8(i)
	}
	return m
}()

// factOf reduces q to a fact, or reports false for a quad the index does not read.
func factOf(q quad.Quad) (fact, bool) {
	sub, _ := q.Subject.(quad.IRI)
	pred, _ := q.Predicate.(quad.IRI)
	code, ok := predicateCode[pred]
	if !ok {
		return fact{}, false
	}
	obj, objIRI := q.Object.(quad.IRI)
	styp := typeOf(sub)
	var o string
	switch pred {
	case graph.Type:
		if obj != graph.ClassEvent && obj != graph.ClassDocument {
			return fact{}, false
		}
		o = string(obj)
	case graph.Name:
		o = text(q.Object)
	case graph.AlternateName:
		if styp == "" {
			return fact{}, false
		}
		o = text(q.Object)
	case graph.JobTitle:
		if styp != TypePerson {
			return fact{}, false
		}
		o = text(q.Object)
	case graph.Legislator, graph.Legislative:
		if !truth(q.Object) {
			return fact{}, false
		}
	case graph.Kind:
		if styp != TypeEvent && styp != TypePlace {
			return fact{}, false
		}
		o = text(q.Object)
	case graph.AddressCountry:
		if styp != TypePlace {
			return fact{}, false
		}
		o = text(q.Object)
	case graph.Latitude, graph.Longitude:
		f, ok := float(q.Object)
		if styp != TypePlace || !ok {
			return fact{}, false
		}
		o = strconv.FormatFloat(f, 'g', -1, 64)
	case graph.ContainedIn:
		if styp != TypePlace || !objIRI {
			return fact{}, false
		}
		o = string(obj)
	case graph.StartDate, graph.EndDate:
		o = date(q.Object)
	case graph.EntryOf:
		o = string(obj)
	case graph.Location, graph.Attendee, graph.Mentions, graph.Organizer, graph.MentionsPlace, graph.Source:
		if !objIRI {
			return fact{}, false
		}
		o = string(obj)
	case graph.MemberOf, graph.ParentOrganization, graph.Country:
		if !objIRI || (styp != TypePerson && styp != TypeBody) {
			return fact{}, false
		}
		o = string(obj)
	case graph.Text:
		o = strings.Join(uniqueWords(text(q.Object)), "-")
	case graph.DateText, graph.Precision:
		if styp != TypeEvent {
			return fact{}, false
		}
		o = text(q.Object)
	case graph.Line:
		if styp != "" {
			return fact{}, false
		}
		o = strconv.Itoa(number(q.Object))
	}
	return fact{s: unique.Make(string(sub)), o: unique.Make(o), p: code}, true
}

// uniqueWords are the folded words of s, each once, in order of first use.
func uniqueWords(s string) []string {
	ws := words(s)
	seen := make(map[string]bool, len(ws))
	out := ws[:0]
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// newPart is the part of the quads of one label, its facts in a fixed order.
func newPart(qs []quad.Quad) *part {
	p := &part{quads: len(qs)}
	for _, q := range qs {
		if f, ok := factOf(q); ok {
			p.facts = append(p.facts, f)
		}
	}
	p.sort()
	return p
}

// textRefs are the sentences of parts' entries, whose store ids the parts need: of[i]
// is the part of entries[i], whose sentence is texts[i].
type textRefs struct {
	entries []quad.IRI
	texts   []quad.Value
	of      []*part
}

// textsOf returns the sentences of parts' entries: qs[i] are the quads parts[i] was
// made of.
func textsOf(parts []*part, qs [][]quad.Quad) textRefs {
	var t textRefs
	for i, p := range parts {
		for _, q := range qs[i] {
			if q.Predicate == graph.Text {
				if e, ok := q.Subject.(quad.IRI); ok {
					t.entries, t.texts, t.of = append(t.entries, e), append(t.texts, q.Object), append(t.of, p)
				}
				break
			}
		}
	}
	return t
}

// add adds to each part the id of its entry's sentence, read from the store in one
// transaction.
func (t textRefs) add(ctx context.Context, s *graph.Store) error {
	if len(t.texts) == 0 {
		return nil
	}
	ids, err := s.ValueIDs(ctx, t.texts)
	if err != nil {
		return err
	}
	t.addIDs(ids)
	return nil
}

// addIDs adds to each part the id of its entry's sentence, ids[i] that of texts[i]
// (nil: none).
func (t textRefs) addIDs(ids []uint64) {
	for i, id := range ids {
		t.of[i].addTextID(t.entries[i], id)
	}
}

// addTextID adds the fact that the sentence of entry has the store's id id.
func (p *part) addTextID(entry quad.IRI, id uint64) {
	if id == 0 {
		return
	}
	p.facts = append(p.facts, textIDFact(unique.Make(string(entry)), id))
	p.sort()
}

// textIDFact is the fact that the sentence of entry has the store's id id.
func textIDFact(entry unique.Handle[string], id uint64) fact {
	return fact{s: entry, o: unique.Make(strconv.FormatUint(id, 10)), p: predicateCode[textIDPredicate]}
}

// sort orders the facts by subject, predicate and object, except that an event's
// places, people and bodies (citations) keep the order the store gave them in: the
// order the loader wrote them, which is the order of the entry's sentence, and the
// order an event lists them in. Every store scans its quads, and an entry's quads, in
// the order they were written (the tests check it on memory, bolt and PostgreSQL).
func (p *part) sort() {
	slices.SortStableFunc(p.facts, func(a, b fact) int {
		if c := cmp.Or(strings.Compare(a.s.Value(), b.s.Value()), cmp.Compare(a.p, b.p)); c != 0 || citing[a.p] {
			return c
		}
		return strings.Compare(a.o.Value(), b.o.Value())
	})
}

// citing are the codes of the predicates by which an event cites a node.
var citing = func() [256]bool {
	var c [256]bool
	for _, p := range []quad.IRI{graph.Location, graph.MentionsPlace, graph.Attendee, graph.Mentions, graph.Organizer} {
		c[predicateCode[p]] = true
	}
	return c
}()

// labelOf is the label a part is kept under: the quad's label when it is an IRI, ""
// for any other (or none).
func labelOf(q quad.Quad) quad.IRI {
	l, _ := q.Label.(quad.IRI)
	return l
}

// scanParts reads every quad of the store into parts, one per label.
func scanParts(ctx context.Context, s *graph.Store) (map[quad.IRI]*part, error) {
	parts := make(map[quad.IRI]*part)
	qs := s.QuadStore
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, err
		}
		l := labelOf(q)
		p := parts[l]
		if p == nil {
			p = &part{}
			parts[l] = p
		}
		p.quads++
		if f, ok := factOf(q); ok {
			p.facts = append(p.facts, f)
			if q.Predicate == graph.Text {
				if ref, err := qs.QuadDirection(it.Result(), quad.Object); err == nil {
					if id, ok := s.RefID(ref); ok {
						p.facts = append(p.facts, textIDFact(f.s, id))
					}
				}
			}
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	for _, p := range parts {
		p.sort()
	}
	return parts, nil
}

// rescanParts returns a copy of parts with the parts of labels read again from the
// store (dropped when the store has no quad labelled so any more).
func rescanParts(ctx context.Context, s *graph.Store, parts map[quad.IRI]*part, labels []quad.IRI) (map[quad.IRI]*part, error) {
	read, err := labelParts(ctx, s, labels, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[quad.IRI]*part, len(parts)+len(labels))
	for l, p := range parts {
		out[l] = p
	}
	setParts(out, read)
	return out, nil
}

// labelParts makes the parts of labels, with the ids of their sentences: from the
// quads known holds for a label (in the order they were written), else from the quads
// the store labels so. A label the store no longer uses gets a nil part.
func labelParts(ctx context.Context, s *graph.Store, labels []quad.IRI, known map[quad.IRI][]quad.Quad) (map[quad.IRI]*part, error) {
	out, texts, err := labelPartsWithout(ctx, s, labels, known, false)
	if err != nil {
		return nil, err
	}
	if err := texts.add(ctx, s); err != nil {
		return nil, err
	}
	return out, nil
}

// labelPartsWithout is labelParts without the ids of the sentences: it returns the
// sentences, for textRefs.add once the store holds them. With ordered, the quads known
// are in the order the store lays them out already (graph.BulkLoader.Add puts them so).
func labelPartsWithout(ctx context.Context, s *graph.Store, labels []quad.IRI, known map[quad.IRI][]quad.Quad, ordered bool) (map[quad.IRI]*part, textRefs, error) {
	out := make(map[quad.IRI]*part, len(labels))
	var (
		made []*part
		of   [][]quad.Quad
	)
	for _, l := range labels {
		qs, ok := known[l]
		switch {
		case !ok:
			var err error
			if qs, err = s.QuadsLabelled(ctx, l); err != nil {
				return nil, textRefs{}, err
			}
		case !ordered:
			graph.WriteOrder(s, qs)
		}
		if len(qs) == 0 {
			out[l] = nil
			continue
		}
		p := newPart(qs)
		out[l] = p
		made, of = append(made, p), append(of, qs)
	}
	return out, textsOf(made, of), nil
}

// setParts puts read (labelParts) into parts, dropping the labels it gives no part.
func setParts(parts, read map[quad.IRI]*part) {
	for l, p := range read {
		if p == nil {
			delete(parts, l)
		} else {
			parts[l] = p
		}
	}
}
