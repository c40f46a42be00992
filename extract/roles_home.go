package extract

import "strings"

// placeNamedBodies gives a body without a country the country of the document when
// its name holds a place of that country ("Meath Tenants' Association", "University
// College Dublin", "Mayo Rural Alliance"): a local body of the country the document is
// about. Only a region, or a town of 10,000 people or more, of the document's country
// counts, so that a company named after a small town elsewhere keeps no country.
func (r *roleReader) placeNamedBodies(recs []Record, home string) {
	if home == "" {
		return
	}
	memo := map[string]bool{}
	for ri := range recs {
		for bi := range recs[ri].Bodies {
			b := &recs[ri].Bodies[bi]
			if b.Country != "" || b.PartOf != "" || r.international(b.Name) {
				continue
			}
			named, ok := memo[b.Name]
			if !ok {
				named = r.namesHomePlace(b.Name, home)
				memo[b.Name] = named
			}
			if named {
				b.Country = home
			}
		}
	}
}

// namesHomePlace reports whether a capitalized word of name is a region, or a town of
// 10,000 people or more, of country home.
func (r *roleReader) namesHomePlace(name, home string) bool {
	for w := range strings.FieldsSeq(name) {
		w = trimPossessive(strings.Trim(w, ",.()"))
		if len(w) < 3 || !startsUpper(w) || isAcronym(w) {
			continue
		}
		for _, p := range r.gz.Lookup(w) {
			if p.Country == home && (p.Kind == "region" || p.Kind == "city" && p.Population >= 10_000) {
				return true
			}
		}
	}
	return false
}

// basedIn gives a body without a country the country of the place its apposition
// says it is based in: "SNC-Lavalin, an engineering company based in Montreal".
func (r *roleReader) basedIn(rec *Record) {
	for i := range rec.Bodies {
		b := &rec.Bodies[i]
		if b.Country != "" || r.international(b.Name) {
			continue
		}
		at, f := -1, ""
		for g := range bodyForms(b) {
			if m := firstMentionOf(rec.Text, g); m >= 0 && (at < 0 || m < at) {
				at, f = m, g
			}
		}
		if at < 0 {
			continue
		}
		// the apposition right after the name: ", an engineering company based in"
		after := rec.Text[at+len(f) : sentenceEndAfter(rec.Text, at)]
		k := strings.Index(after, " based in ")
		if k < 0 || !strings.HasPrefix(after, ", ") || strings.Count(after[:k], " ") > 5 {
			continue
		}
		rest := after[k+len(" based in "):]
	places:
		for _, p := range rec.Places {
			for f := range namesOf(p.Name, p.Aliases) {
				if p.Country != "" && strings.HasPrefix(rest, f) && wordBoundaryAfter(rest, len(f)) {
					b.Country = p.Country
					break places
				}
			}
		}
	}
}
