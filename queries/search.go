package queries

import (
	"context"
	"sort"
	"strings"

	"annals/graph"

	"github.com/agnivade/levenshtein"
	"github.com/cayleygraph/quad"
)

// Match is one answer of a search: a node whose name or alias matches.
type Match struct {
	Ref
	Matched string `json:"matched"` // the name or alias that matched
	Events  int    `json:"events"`  // how many times events cite it
}

// Matches is the answer of a search.
type Matches struct {
	Text    string  `json:"query"`
	Matches []Match `json:"matches"`
}

// Query implements Result.
func (*Matches) Query() string { return "search" }

// SearchQuery answers "search": people, bodies and places whose name or one of whose
// aliases matches Params.Text (every word of it a prefix of a word of the name), best
// matches and most cited first. Params.Kind restricts to person, body or place.
func SearchQuery(ctx context.Context, s *graph.Store, p Params) (Result, error) {
	x, err := p.index(ctx, s)
	if err != nil {
		return nil, err
	}
	if p.Kind != "" && p.Kind != TypePerson && p.Kind != TypeBody && p.Kind != TypePlace {
		return nil, &ParamError{Param: "type", Value: p.Kind, Reason: "must be person, body or place"}
	}
	return &Matches{Text: p.Text, Matches: x.get().search(p.Text, p.Kind, p.limit(10, 100))}, nil
}

// search scores every name against the query; the index holds tens of thousands of
// names at most, which a linear pass serves well under a millisecond.
func (snap *snapshot) search(q, typ string, limit int) []Match {
	qk := graph.Key(q)
	if qk == "" {
		return []Match{}
	}
	qw := strings.Split(qk, "-")
	best := make(map[*entity]Match)
	score := make(map[*entity]int)
	for _, n := range snap.names {
		if typ != "" && n.e.typ != typ {
			continue
		}
		sc := matchScore(qk, qw, n)
		if sc == 0 || sc < score[n.e] || (sc == score[n.e] && n.text != n.e.name) {
			continue
		}
		score[n.e] = sc
		best[n.e] = Match{Ref: n.e.ref(), Matched: n.text, Events: n.e.degree}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		sa, sb := score[snap.entities[quad.IRI(a.IRI)]], score[snap.entities[quad.IRI(b.IRI)]]
		if sa != sb {
			return sa > sb
		}
		if a.Events != b.Events {
			return a.Events > b.Events
		}
		return a.Name < b.Name
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// matchScore: 4 the whole name, 3 a prefix of it, 2 every word a prefix of a word,
// 1 a substring; 0 no match.
func matchScore(qk string, qw []string, n nameKey) int {
	switch {
	case n.key == qk:
		return 4
	case strings.HasPrefix(n.key, qk):
		return 3
	}
	all := true
	for _, w := range qw {
		found := false
		for _, nw := range n.words {
			if strings.HasPrefix(nw, w) {
				found = true
				break
			}
		}
		if !found {
			all = false
			break
		}
	}
	if all {
		return 2
	}
	if len(qk) >= 3 && strings.Contains(n.key, qk) {
		return 1
	}
	return 0
}

// resolve finds the node a user means by an ID, IRI, name or alias, of a type ("" for
// a person or a body). When several nodes share an alias, the most cited wins.
func (snap *snapshot) resolve(param, typ, name string) (*entity, error) {
	name = strings.TrimSpace(name)
	accept := func(e *entity) bool {
		if e == nil {
			return false
		}
		if typ == "" {
			return e.typ == TypePerson || e.typ == TypeBody
		}
		return e.typ == typ
	}
	for _, iri := range candidateIRIs(typ, name) {
		if e := snap.entities[iri]; accept(e) {
			return e, nil
		}
	}
	var best *entity
	for _, e := range snap.byKey[graph.Key(name)] {
		if accept(e) && (best == nil || e.degree > best.degree) {
			best = e
		}
	}
	if best != nil {
		return best, nil
	}
	return nil, &UnknownActorError{Param: param, Type: typ, Name: name, Suggestions: snap.suggest(name, typ, 5)}
}

// suggest lists the names nearest to what the user typed: search matches first, then
// the smallest edit distances between folded names.
func (snap *snapshot) suggest(name, typ string, n int) []Ref {
	out := []Ref{}
	seen := make(map[*entity]bool)
	add := func(e *entity) {
		if !seen[e] && len(out) < n {
			seen[e] = true
			out = append(out, e.ref())
		}
	}
	okType := func(e *entity) bool {
		if typ == "" {
			return e.typ == TypePerson || e.typ == TypeBody
		}
		return e.typ == typ
	}
	for _, m := range snap.search(name, typ, n) {
		if e := snap.entities[quad.IRI(m.IRI)]; e != nil && okType(e) {
			add(e)
		}
	}
	qk := graph.Key(name)
	type cand struct {
		e *entity
		d int
	}
	var cands []cand
	for _, nk := range snap.names {
		if !okType(nk.e) {
			continue
		}
		d := distance(qk, nk.key)
		if d <= max(2, len(qk)/3) {
			cands = append(cands, cand{nk.e, d})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].e.degree > cands[j].e.degree
	})
	for _, c := range cands {
		add(c.e)
	}
	return out
}

// distance is the Levenshtein distance between two strings, by runes.
func distance(a, b string) int { return levenshtein.ComputeDistance(a, b) }
