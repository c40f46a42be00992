package extract

import "strings"

// A body merely named in an entry does not act there: "Lord X, member of the House of
// Lords, addressed the crowd in Vancouver" tells where the crowd was, not where the
// House of Lords sits. Such a body takes no country from the entry's venues, from the
// other countries its sentence names, nor from the other legislatures of the entry.

// membershipNouns before "of (the)" make the body after them a membership or an
// office of a person: "member of the Bundestag", "chair of the Committee on ...".
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
	if w := appendWordsBefore(buf[:0], ofAt, len(ofAt), 1); len(w) == 1 && membershipNouns[lowerWord(w[0])] {
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
