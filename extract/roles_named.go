package extract

import (
	"strings"

	"annals/extract/legislatures"
)

// A body merely named in an entry does not act there: "Lord X, member of the House of
// Lords, addressed the crowd in Vancouver" tells where the crowd was, not where the
// House of Lords sits. Such a body takes no country from the entry's venues, from the
// other countries its sentence names, nor from the other legislatures of the entry.

// membershipNouns (and the officeNouns of the people rules: director, founder,
// adviser ...) before "of (the)" make the body after them a membership or an office of
// a person: "member of the Bundestag", "chair of the Committee on ...".
var membershipNouns = set("member", "members", "chair", "chairman", "chairwoman", "chairperson", "vice-chair",
	"co-chair", "president", "vice-president", "speaker", "deputy", "leader", "head", "secretary", "rapporteur",
	"spokesman", "spokeswoman", "spokesperson", "clerk", "representative", "delegate", "envoy", "officer")

// namedOnly reports whether every mention of b in rec is a membership or an office:
// "<membership noun> of (the) <body>", or "of (the) <body>" after a body that is so
// named itself ("chair of the Environmental Audit Committee of the House of Commons").
func (r *roleReader) namedOnly(rec *Record, b *Body) bool {
	seen := false
	for f := range bodyForms(b) {
		for m := range mentions(rec.Text, f) {
			if !r.membershipAt(rec, m, 0) {
				return false
			}
			seen = true
		}
	}
	return seen
}

// membershipAt reports whether the body mentioned at offset at is named as a
// membership or office ("member of the X"), or as the owner of a body so named.
func (r *roleReader) membershipAt(rec *Record, at, depth int) bool {
	before := strings.TrimSuffix(rec.Text[:at], " ")
	before = strings.TrimSuffix(before, " the")
	ofAt, ok := strings.CutSuffix(before, " of")
	if !ok {
		return false
	}
	var buf [1]string
	if w := appendWordsBefore(buf[:0], ofAt, len(ofAt), 1); len(w) == 1 && (membershipNouns.has(lowerWord(w[0])) || officeNouns.has(lowerWord(w[0]))) {
		return true
	}
	if depth > 2 {
		return false
	}
	// "... of the Committee on Economic Cooperation of the Bundestag": the body
	// before "of" is itself a membership.
	for j := range rec.Bodies {
		for f := range bodyForms(&rec.Bodies[j]) {
			if strings.HasSuffix(ofAt, f) && wordBoundaryBefore(ofAt, len(ofAt)-len(f)) {
				return r.membershipAt(rec, len(ofAt)-len(f), depth+1)
			}
		}
	}
	return false
}

// namedTogether reports whether two bodies of rec are named in one phrase, joined by
// "and" or a comma alone ("both the House of Commons and the House of Lords"), not
// each in the membership of a different person.
func namedTogether(rec *Record, a, b *Body) bool {
	for fa := range bodyForms(a) {
		for ma := range mentions(rec.Text, fa) {
			for fb := range bodyForms(b) {
				for mb := range mentions(rec.Text, fb) {
					lo, hi := ma+len(fa), mb
					if mb < ma {
						lo, hi = mb+len(fb), ma
					}
					if lo <= hi && onlyChamberGlue(rec.Text[lo:hi]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// onlyChamberGlue: the words between two chambers named in one phrase.
func onlyChamberGlue(s string) bool {
	if len(s) > 24 {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(c rune) bool { return c == ' ' || c == ',' }) {
		switch lowerWord(w) {
		case "and", "the", "or", "both", "nor":
		default:
			return false
		}
	}
	return true
}

// chamberCountries gives a chamber whose mentions name no country the country that the
// reference list of legislatures and the document give it, before identity joins the
// mentions of a document: a name of one country's legislature is that country's
// ("Bundestag"); a name several countries' chambers bear is the document's country's
// when that is one of them, else the one country among them of the places its
// sentence names (unless the body is merely named there), else the list's prior
// ("House of Commons": the United Kingdom's), else left to the later rules.
func (r *roleReader) chamberCountries(recs []Record, home string) {
	for ri := range recs {
		rec := &recs[ri]
		for bi := range rec.Bodies {
			b := &rec.Bodies[bi]
			if b.Country != "" || b.PartOf != "" {
				continue
			}
			if c, ok := r.chamber(b.Name); ok {
				b.Country = r.chamberCountry(rec, b, c, home)
			}
		}
	}
}

func (r *roleReader) chamberCountry(rec *Record, b *Body, c legislatures.Chamber, home string) string {
	if k := c.Country(); k != "" {
		return k
	}
	if home != "" && c.Has(home) {
		return home
	}
	if !r.namedOnly(rec, b) {
		if k := sentenceCountryAmong(rec, firstMention(rec.Text, b), c); k != "" {
			return k
		}
	}
	return c.Prior
}

// sentenceCountryAmong is the one country of c's countries that the places named in
// the sentence around offset at belong to, "" when none or several.
func sentenceCountryAmong(rec *Record, at int, c legislatures.Chamber) string {
	if at >= len(rec.Text) {
		return ""
	}
	start, end := sentenceStart(rec.Text, at), len(rec.Text)
	if k := strings.Index(rec.Text[at:], ". "); k >= 0 {
		end = at + k
	}
	sentence := rec.Text[start:end]
	k := ""
	for _, p := range rec.Places {
		if p.Country == "" || !c.Has(p.Country) || firstMentionOf(sentence, p.Name) < 0 {
			continue
		}
		if k != "" && k != p.Country {
			return ""
		}
		k = p.Country
	}
	return k
}

// listedCountry keeps country for a chamber of the reference list only when the
// list names it among the countries whose chamber bears that name, else gives the
// list's prior: no "House of Representatives" of a country that has none.
func (r *roleReader) listedCountry(b *Body, country string) string {
	if country == "" {
		return ""
	}
	c, ok := r.chamber(b.Name)
	if !ok || c.Has(country) {
		return country
	}
	return c.Prior
}

// chamber is the reference list's answer for a body's name, remembered for the
// document.
func (r *roleReader) chamber(name string) (legislatures.Chamber, bool) {
	c, ok := r.chambers[name]
	if !ok {
		c.Chamber, c.ok = r.leg.Lookup(name)
		r.chambers[name] = c
	}
	return c.Chamber, c.ok
}

// listedChamber is a remembered look-up of the reference list.
type listedChamber struct {
	legislatures.Chamber
	ok bool
}
