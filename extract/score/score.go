// Package score measures extraction records against hand-made gold records with the
// matching rules of the reference scorer ../shared/eval/score.py: per-type micro
// precision, recall and F1, date accuracy, flag agreement and a list of misses.
package score

import (
	"fmt"
	"strconv"
)

// Options select what is scored.
type Options struct {
	// FromLine and ToLine, when ToLine > 0, keep only gold entries whose line is in
	// [FromLine, ToLine] (score.py's --lines A-B).
	FromLine, ToLine int
}

// PRF is a micro-averaged precision, recall and F1 with its counts.
type PRF struct {
	P, R, F1   float64
	TP, FP, FN int
}

// FlagPRF is precision, recall and F1 of a yes/no flag over N matched pairs.
type FlagPRF struct {
	P, R, F1 float64
	N        int
}

// Accuracy is a share of N items that agree. Acc is nil when N is 0 and the share is
// undefined (participant); dates report 1 for no entries, as score.py does.
type Accuracy struct {
	Acc *float64
	N   int
}

// Found counts gold entries that the system has a record for.
type Found struct {
	Found, N int
}

// Miss is one disagreement, printed by score.py as "MISS line kind what name".
type Miss struct {
	Line int
	Kind string // "people", "bodies", "places", "legislator-flag" or "date"
	What string // "missed", "spurious", "gold=True", "gold=2023-01-06..2023-01-06"
	Name string
}

// Result is the whole score, rounded to three decimals like score.py's output.
type Result struct {
	People, Bodies, Places  PRF
	Dates                   Accuracy
	EntriesFound            Found
	Legislator, Legislative FlagPRF
	Participant             Accuracy
	// Roles are the format-version-2 figures the gold has fields for, in score.py's
	// order: venue, body_country, body_part_of, person_country, person_member_of.
	Roles  []RolePRF
	Misses []Miss
}

// flagCounts are score.py's [tp, fp, fn, n] for a flag.
type flagCounts struct{ tp, fp, fn, n int }

type kindSpec struct {
	name string
	key  func(*Entry) []Item
	norm func(string) string
}

var kinds = []kindSpec{
	{"people", func(e *Entry) []Item { return e.People }, NormalizePerson},
	{"bodies", func(e *Entry) []Item { return e.Bodies }, Normalize},
	{"places", func(e *Entry) []Item { return e.Places }, Normalize},
}

// Score compares a system's records with the gold records.
func Score(gold, sys *Set, opts Options) Result {
	lines := gold.order
	if opts.ToLine > 0 {
		lines = nil
		for _, l := range gold.order {
			if l >= opts.FromLine && l <= opts.ToLine {
				lines = append(lines, l)
			}
		}
	}
	var res Result
	var legislator, legislative flagCounts
	var participant [2]int
	roles := newRoleScorer(gold, sys, lines)
	for _, k := range kinds {
		var tp, fp, fn int
		for _, line := range lines {
			g := gold.byKey[line]
			var s []Item
			if se, ok := sys.byKey[line]; ok {
				s = k.key(se)
			}
			gi := k.key(g)
			if k.name == "places" {
				gi = scoredPlaces(gi)
			}
			pairs, fns, fps := match(gi, s, k.norm)
			pairs = dropOptionalPairs(pairs)
			fns = dropOptional(fns)
			if k.name == "places" {
				fps = notAnyGoldPlace(fps, k.key(g), k.norm)
			}
			tp += len(pairs)
			fn += len(fns)
			fp += len(fps)
			for _, m := range fns {
				res.Misses = append(res.Misses, Miss{line, k.name, "missed", m.NameText})
			}
			for _, m := range fps {
				res.Misses = append(res.Misses, Miss{line, k.name, "spurious", m.NameText})
			}
			roles.add(k.name, line, pairs)
			res.Misses = countFlags(k.name, line, pairs, &legislator, &legislative, &participant, res.Misses)
		}
		p, r, f := prf(tp, fp, fn)
		v := PRF{P: round3(p), R: round3(r), F1: round3(f), TP: tp, FP: fp, FN: fn}
		switch k.name {
		case "people":
			res.People = v
		case "bodies":
			res.Bodies = v
		case "places":
			res.Places = v
		}
	}
	ok := 0
	for _, line := range lines {
		gd := gold.byKey[line].Date
		var sd Date
		if se, found := sys.byKey[line]; found {
			sd = se.Date
		}
		if sameBound(gd.Start, sd.Start) && sameBound(gd.End, sd.End) {
			ok++
			continue
		}
		res.Misses = append(res.Misses, Miss{line, "date",
			"gold=" + pyStr(gd.Start) + ".." + pyStr(gd.End), "sys=" + pyStr(sd.Start) + ".." + pyStr(sd.End)})
	}
	acc := 1.0
	if len(lines) > 0 {
		acc = round3(float64(ok) / float64(len(lines)))
	}
	res.Dates = Accuracy{Acc: &acc, N: len(lines)}
	res.EntriesFound.N = len(lines)
	for _, line := range lines {
		if _, found := sys.byKey[line]; found {
			res.EntriesFound.Found++
		}
	}
	res.Legislator = legislator.prf()
	res.Legislative = legislative.prf()
	res.Participant.N = participant[1]
	if participant[1] > 0 {
		a := round3(float64(participant[0]) / float64(participant[1]))
		res.Participant.Acc = &a
	}
	res.Roles = roles.results()
	res.Misses = append(res.Misses, roles.misses...)
	return res
}

func countFlags(kind string, line int, pairs []pair, legislator, legislative *flagCounts, participant *[2]int, misses []Miss) []Miss {
	for _, p := range pairs {
		switch kind {
		case "people":
			legislator.add(p.gold.Legislator, p.sys.Legislator)
			if p.gold.Legislator != p.sys.Legislator {
				misses = append(misses, Miss{line, "legislator-flag", "gold=" + pyBool(p.gold.Legislator), p.gold.NameText})
			}
			if p.gold.Participant != nil && p.sys.Participant != nil {
				if *p.gold.Participant == *p.sys.Participant {
					participant[0]++
				}
				participant[1]++
			}
		case "bodies":
			legislative.add(p.gold.Legislative, p.sys.Legislative)
		}
	}
	return misses
}

func (c *flagCounts) add(gold, sys bool) {
	switch {
	case gold && sys:
		c.tp++
	case sys:
		c.fp++
	case gold:
		c.fn++
	}
	c.n++
}

func (c flagCounts) prf() FlagPRF {
	p, r, f := prf(c.tp, c.fp, c.fn)
	return FlagPRF{P: round3(p), R: round3(r), F1: round3(f), N: c.n}
}

type pair struct{ gold, sys Item }

// match pairs system items with gold items greedily, one to one, in system order: a
// system item takes the first unused gold item sharing a normalized name or alias.
// A system item that only repeats an already matched gold item is neither a true
// nor a false positive.
func match(gold, sys []Item, nf func(string) string) (pairs []pair, fn, fp []Item) {
	gsets := make([]map[string]bool, len(gold))
	for i := range gold {
		gsets[i] = names(gold[i], nf)
	}
	used := make([]bool, len(gold))
	for _, s := range sys {
		sn := names(s, nf)
		hit := -1
		for i, gs := range gsets {
			if !used[i] && intersects(sn, gs) {
				hit = i
				break
			}
		}
		if hit < 0 {
			dup := false
			for i, gs := range gsets {
				if used[i] && intersects(sn, gs) {
					dup = true
					break
				}
			}
			if !dup {
				fp = append(fp, s)
			}
			continue
		}
		used[hit] = true
		pairs = append(pairs, pair{gold[hit], s})
	}
	for i, g := range gold {
		if !used[i] {
			fn = append(fn, g)
		}
	}
	return pairs, fn, fp
}

func names(it Item, nf func(string) string) map[string]bool {
	ns := make(map[string]bool, 1+len(it.Aliases))
	ns[nf(it.Name)] = true
	for _, a := range it.Aliases {
		ns[nf(a)] = true
	}
	delete(ns, "")
	return ns
}

func intersects(a, b map[string]bool) bool {
	if len(b) < len(a) {
		a, b = b, a
	}
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// scoredPlaces keeps the gold places score.py scores: cities and sites.
func scoredPlaces(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if it.Kind == "city" || it.Kind == "site" {
			out = append(out, it)
		}
	}
	return out
}

// notAnyGoldPlace drops spurious places that name a gold place of any kind (a
// system "city" matching a gold region is not counted against the system).
func notAnyGoldPlace(fps, gold []Item, nf func(string) string) []Item {
	var out []Item
	for _, s := range fps {
		sn := names(s, nf)
		hit := false
		for _, g := range gold {
			if intersects(sn, names(g, nf)) {
				hit = true
				break
			}
		}
		if !hit {
			out = append(out, s)
		}
	}
	return out
}

func dropOptional(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if !it.Optional {
			out = append(out, it)
		}
	}
	return out
}

func dropOptionalPairs(pairs []pair) []pair {
	var out []pair
	for _, p := range pairs {
		if !p.gold.Optional {
			out = append(out, p)
		}
	}
	return out
}

func prf(tp, fp, fn int) (p, r, f float64) {
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// round3 rounds like Python's round(x, 3): the exact binary value to the nearest
// thousandth, ties to even.
func round3(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 3, 64), 64)
	if err != nil {
		panic(fmt.Sprintf("score: round %v: %v", x, err))
	}
	return v
}

func sameBound(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func pyStr(s *string) string {
	if s == nil {
		return "None"
	}
	return *s
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
