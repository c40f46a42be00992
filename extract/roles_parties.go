package extract

import "strings"

// partyOffices are the offices a party's member holds that a text writes between the
// party's adjective and the person's name: "Conservative leader Andrew Scheer",
// "Liberal MP Anthony Rota", "Green Party leader Elizabeth May".
var partyOffices = set("leader", "co-leader", "mp", "mps", "senator", "senators", "lawmaker", "lawmakers", "candidate",
	"chair", "chairman", "chairwoman", "president", "spokesman", "spokeswoman", "spokesperson", "whip", "member",
	"councillor", "congressman", "congresswoman", "representative")

// partyBefore is the document's party whose adjective stands before an office right
// before a person's mention at offset at: "Conservative leader X" belongs to the
// "Conservative Party of Canada" the document names elsewhere. "" when no party of
// the document fits, when several do, and for a former office.
func (r *roleReader) partyBefore(text string, at int, d *docBodies) string {
	var buf [5]string
	ws := appendWordsBefore(buf[:0], text, at, 5)
	for len(ws) > 0 && titleAbbreviations[lowerWord(strings.TrimSuffix(ws[len(ws)-1], "."))] {
		ws = ws[:len(ws)-1] // "Conservative leader Mr. X"
	}
	n := len(ws)
	if n < 2 || !partyOffices[lowerWord(ws[n-1])] {
		return ""
	}
	for k := n - 2; k >= 0 && k >= n-3; k-- {
		if !startsUpper(ws[k]) || ws[k] == "," {
			return ""
		}
		if k > 0 && formerWords[lowerWord(ws[k-1])] {
			return ""
		}
		if p := r.partyNamed(strings.Join(ws[k:n-1], " "), d); p != "" {
			return p
		}
	}
	return ""
}

// usPartyAfter reads the U.S. notation of a legislator's party and state after the
// name, "Sheila Jackson Lee (D-TX)", as the Democratic or Republican Party that the
// document names; "" otherwise.
func (r *roleReader) usPartyAfter(rest string, d *docBodies) string {
	rest = strings.TrimLeft(rest, " ")
	if len(rest) < 5 || rest[0] != '(' || rest[2] != '-' && !strings.HasPrefix(rest[2:], "–") || !isUpperByte(rest[3]) && rest[2] == '-' {
		return ""
	}
	switch rest[1] {
	case 'D':
		return r.partyNamed("Democratic", d)
	case 'R':
		return r.partyNamed("Republican", d)
	}
	return ""
}

// partyNamed is the one party of the document whose name is adjective followed by
// "Party" ("Conservative" → "Conservative Party of Canada"), or whose name is the
// adjective itself ("Fidesz", "Bloc Québécois"); "" when none or several are.
func (r *roleReader) partyNamed(adjective string, d *docBodies) string {
	adjective = trimPossessive(adjective)
	found := ""
	for _, b := range d.bodies {
		if r.nameFacts(b.Name).head != "party" && !isPartyName(b, adjective) {
			continue
		}
		for f := range bodyForms(b) {
			if f == adjective && r.nameFacts(b.Name).head == "party" || isPartyName(b, adjective) ||
				strings.HasPrefix(f, adjective+" Party") && wordBoundaryAfter(f, len(adjective)+len(" Party")) {
				if found != "" && found != b.Name {
					return ""
				}
				found = b.Name
				break
			}
		}
	}
	return found
}

// isPartyName: the body is named adjective itself and the document calls it a party
// nowhere else — a party known by a name without the word ("Bloc Québécois"). Only a
// name of two words or more is taken, so that a one-word adjective ("Liberal") does not
// stand for a body of the same name.
func isPartyName(b *Body, adjective string) bool {
	return b.Name == adjective && strings.Contains(adjective, " ") && !b.Legislative
}
