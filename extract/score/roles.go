package score

// Roles and identities (format version 2), scored as score.py's Roles class does: on
// gold entries marked "v2", over matched pairs, each figure only when some v2 gold
// item carries its field.

// Role figure names, in score.py's order.
const (
	RoleVenue          = "venue"
	RoleBodyCountry    = "body_country"
	RoleBodyPartOf     = "body_part_of"
	RolePersonCountry  = "person_country"
	RolePersonMemberOf = "person_member_of"
)

var roleOrder = []string{RoleVenue, RoleBodyCountry, RoleBodyPartOf, RolePersonCountry, RolePersonMemberOf}

// RolePRF is one role figure; Name is one of the Role* constants.
type RolePRF struct {
	Name string
	PRF
}

type roleScorer struct {
	gold, sys *Set
	counts    map[string]*[3]int
	has       map[string]bool
	misses    []Miss
	bodyNames map[string]map[string]bool // every name of a gold body → all its names
	parent    map[string]string          // a name of a gold body → its part_of as written
}

func newRoleScorer(gold, sys *Set, lines []int) *roleScorer {
	r := &roleScorer{gold: gold, sys: sys, counts: map[string]*[3]int{}, has: map[string]bool{},
		bodyNames: map[string]map[string]bool{}, parent: map[string]string{}}
	for _, k := range roleOrder {
		r.counts[k] = &[3]int{}
	}
	for _, line := range lines {
		g := gold.byKey[line]
		for _, b := range g.Bodies {
			ns := names(b, Normalize)
			for n := range ns {
				set := r.bodyNames[n]
				if set == nil {
					set = map[string]bool{}
					r.bodyNames[n] = set
				}
				for m := range ns {
					set[m] = true
				}
				if b.PartOf.Str != "" {
					if _, ok := r.parent[n]; !ok {
						r.parent[n] = b.PartOf.Str
					}
				}
			}
		}
		if !g.V2 {
			continue
		}
		for _, b := range g.Bodies {
			r.has[RoleBodyCountry] = r.has[RoleBodyCountry] || b.Country.Present
			r.has[RoleBodyPartOf] = r.has[RoleBodyPartOf] || b.PartOf.Present
		}
		for _, p := range g.Places {
			r.has[RoleVenue] = r.has[RoleVenue] || p.HasVenue
		}
		for _, p := range g.People {
			r.has[RolePersonCountry] = r.has[RolePersonCountry] || p.Country.Present
			r.has[RolePersonMemberOf] = r.has[RolePersonMemberOf] || p.HasMemberOf
		}
	}
	return r
}

func (r *roleScorer) bump(k string, tp, fp, fn bool, line int, what, name string) {
	c := r.counts[k]
	c[0] += boolInt(tp)
	c[1] += boolInt(fp)
	c[2] += boolInt(fn)
	if fp || fn {
		r.misses = append(r.misses, Miss{Line: line, Kind: k, What: what, Name: name})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nc is score.py's nc: the normalized string, "" for an empty one.
func nc(s string) string {
	if s == "" {
		return ""
	}
	return Normalize(s)
}

// value scores a single-valued field: right, wrong (fp and fn), missing or not asked.
func (r *roleScorer) value(k string, gv, sv Value, line int, name string) {
	g, s := nc(gv.Str), nc(sv.Str)
	switch {
	case g != "" && s == g:
		r.bump(k, true, false, false, line, "", "")
	case g != "" || s != "":
		// score.py prints (name, "gold=..", "sys=..") after the kind.
		r.bump(k, false, s != "", g != "", line, name, "gold="+gv.Text+" sys="+sv.Text)
	}
}

func (r *roleScorer) bodySet(n string) map[string]bool {
	k := nc(n)
	if s, ok := r.bodyNames[k]; ok {
		return s
	}
	return map[string]bool{k: true}
}

// ancestors are every name of every body above n through the gold's part_of links.
func (r *roleScorer) ancestors(n string) map[string]bool {
	out, seen := map[string]bool{}, map[string]bool{}
	todo := []string{n}
	for len(todo) > 0 {
		cur := r.bodySet(todo[len(todo)-1])
		todo = todo[:len(todo)-1]
		for k := range cur {
			p := r.parent[k]
			if p != "" && !seen[nc(p)] {
				seen[nc(p)] = true
				for m := range r.bodySet(p) {
					out[m] = true
				}
				todo = append(todo, p)
			}
		}
	}
	return out
}

func (r *roleScorer) add(kind string, line int, pairs []pair) {
	g := r.gold.byKey[line]
	if !g.V2 {
		return
	}
	switch kind {
	case "places":
		if !r.has[RoleVenue] {
			return
		}
		var sys []Item
		if s, ok := r.sys.byKey[line]; ok {
			sys = s.Places
		}
		// venue is scored on places of every kind, not only cities and sites
		vp, _, spurious := match(g.Places, sys, Normalize)
		for _, p := range dropOptionalPairs(vp) {
			if !p.gold.HasVenue || p.gold.VenueOptional {
				continue
			}
			gv, sv := p.gold.Venue, p.sys.Venue
			r.bump(RoleVenue, gv && sv, !gv && sv, gv && !sv, line, p.gold.NameText, "gold="+pyBool(gv)+" sys="+pyBool(sv))
		}
		for _, s := range spurious {
			if s.Venue {
				r.bump(RoleVenue, false, true, false, line, s.NameText, "spurious place marked venue")
			}
		}
	case "bodies":
		for _, p := range pairs {
			if r.has[RoleBodyCountry] {
				r.value(RoleBodyCountry, p.gold.Country, p.sys.Country, line, p.gold.NameText)
			}
			if r.has[RoleBodyPartOf] {
				gp, sp := p.gold.PartOf, p.sys.PartOf
				switch {
				case gp.Str != "" && sp.Str != "" && intersects(r.bodySet(sp.Str), r.bodySet(gp.Str)):
					r.bump(RoleBodyPartOf, true, false, false, line, "", "")
				case gp.Str != "" || sp.Str != "":
					r.bump(RoleBodyPartOf, false, sp.Str != "", gp.Str != "", line, p.gold.NameText, "gold="+gp.Text+" sys="+sp.Text)
				}
			}
		}
	case "people":
		for _, p := range pairs {
			if r.has[RolePersonCountry] {
				r.value(RolePersonCountry, p.gold.Country, p.sys.Country, line, p.gold.NameText)
			}
			if r.has[RolePersonMemberOf] && p.gold.HasMemberOf {
				r.memberOf(line, p)
			}
		}
	}
}

// memberOf scores the most specific bodies of a person's memberships; a parent of one
// of them (the parliament of a chamber) counts neither way.
func (r *roleScorer) memberOf(line int, p pair) {
	anc := map[string]bool{}
	for _, b := range p.gold.MemberOf {
		for k := range r.ancestors(b) {
			anc[k] = true
		}
	}
	var gm []string
	for _, b := range p.gold.MemberOf {
		if !intersects(r.bodySet(b), anc) {
			gm = append(gm, b)
		}
	}
	gsets := make([]map[string]bool, len(gm))
	for i, b := range gm {
		gsets[i] = r.bodySet(b)
	}
	used := make([]bool, len(gm))
	for _, b := range p.sys.MemberOf {
		bs := r.bodySet(b)
		hit := -1
		for i, gs := range gsets {
			if !used[i] && intersects(gs, bs) {
				hit = i
				break
			}
		}
		switch {
		case hit < 0 && intersects(bs, anc):
		case hit < 0:
			r.bump(RolePersonMemberOf, false, true, false, line, p.gold.NameText, "spurious "+b)
		default:
			used[hit] = true
			r.bump(RolePersonMemberOf, true, false, false, line, "", "")
		}
	}
	for i, b := range gm {
		if !used[i] {
			r.bump(RolePersonMemberOf, false, false, true, line, p.gold.NameText, "missed "+b)
		}
	}
}

func (r *roleScorer) results() []RolePRF {
	var out []RolePRF
	for _, k := range roleOrder {
		if !r.has[k] {
			continue
		}
		c := r.counts[k]
		p, rc, f := prf(c[0], c[1], c[2])
		out = append(out, RolePRF{k, PRF{P: round3(p), R: round3(rc), F1: round3(f), TP: c[0], FP: c[1], FN: c[2]}})
	}
	return out
}
