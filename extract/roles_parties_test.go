package extract_test

import (
	"slices"
	"strings"
	"testing"

	"annals/extract"
)

// TestPartyMemberships: a party named by its adjective before an office, or by the
// U.S. notation after a name, is a membership when the document names the party; a
// former office is none, and an adjective no party of the document bears gives none.
// A body the person enters, or holds an office of ("would step down as leader of"),
// later in the sentence is a membership; an office resigned is none.
// Invented people and parties.
func TestPartyMemberships(t *testing.T) {
	doc := extractText(t, `Chronology of Vandria

March 2024

March 2 – The Progressive Party of Vandria and the Rural Union Party opened their campaigns in Orsk.
March 9 – Progressive leader Tamsin Okoro and Rural Union MP Bram Velde debated taxes on national television.
March 12 – Former Progressive chair Ilse Marr endorsed Velde. Green leader Oona Fisk did not comment.
April 2024

April 2 – Hugo Brandt won the by-election in Orsk and entered the National Assembly of Vandria.
April 3 – Mira Solberg resigned as president of the Vandrian Farmers Association. Pia Dahl said she would step down as leader of the Vandrian Teachers Union next year.
April 4 – Representatives Dana Kolb (D-OR) and Luis Pardo (R-TX) met the Democratic Party's and the Republican Party's chairs in Washington.
`)
	want := map[string]string{
		"Tamsin Okoro": "Progressive Party of Vandria",
		"Bram Velde":   "Rural Union Party",
		"Ilse Marr":    "",
		"Oona Fisk":    "",
		"Dana Kolb":    "Democratic Party",
		"Luis Pardo":   "Republican Party",
		"Hugo Brandt":  "National Assembly of Vandria",
		"Pia Dahl":     "Vandrian Teachers Union",
		"Mira Solberg": "",
	}
	checkMemberships(t, doc, want, func(m string) bool {
		return m == "Progressive Party of Vandria" || m == "Rural Union Party" || m == "Vandrian Farmers Association"
	})
}

// TestUSPartyNotationAlone: the U.S. notation states the party by itself, so a
// document that names no party still gives the member the Democratic or Republican
// Party; one that names another party of the same adjective gives none, as the
// notation might mean either. Invented people.
func TestUSPartyNotationAlone(t *testing.T) {
	cases := []struct {
		text string
		want map[string][]string
	}{
		{`March 2024

March 5 – Representatives Dana Kolb (D-OR) and Luis Pardo (R-TX) unveiled a bill on river dams in Washington.
`, map[string][]string{"Dana Kolb": {"Democratic Party"}, "Luis Pardo": {"Republican Party"}}},
		{`March 2024

March 4 – The Democratic Unionist Party of Vandria met in Orsk.
March 5 – Representative Dana Kolb (D-OR) spoke in Washington.
`, map[string][]string{"Dana Kolb": nil}},
	}
	for _, c := range cases {
		doc := extractText(t, c.text)
		seen := 0
		for _, r := range doc.Records {
			for _, p := range r.People {
				w, ok := c.want[p.Name]
				if !ok {
					continue
				}
				seen++
				var parties []string
				for _, m := range p.MemberOf {
					if strings.Contains(m, "Party") {
						parties = append(parties, m)
					}
				}
				if !slices.Equal(parties, w) {
					t.Errorf("line %d: %s's parties %q, want %q", r.Line, p.Name, parties, w)
				}
			}
		}
		if seen != len(c.want) {
			t.Errorf("%d of the people %v found", seen, c.want)
		}
	}
}

// TestFoundersAreMembers: the people who found a group are its members, whether the
// group is named right after the verb or later in the entry, when a noun of a group
// follows the verb; someone the sentence only meets is none, and neither is the
// founder of a campaign, nor of one of two caucuses the entry names. Invented people
// and bodies.
func TestFoundersAreMembers(t *testing.T) {
	doc := extractText(t, `March 2024

March 5 – Senators Dana Kolb and Luis Pardo founded the Vandria Friendship Group in the Senate of Ostland.
March 6 – Representatives Ines Maro (D-OR) and Paul Wendt (R-TX) unveiled the establishment of a bipartisan caucus on river dams. Dubbed the River Dams Caucus, it counts 12 legislators.
March 7 – Senator Olga Brant met Tomas Reyes, who launched a caucus of his own.
March 8 – Senator Hana Ruiz launched a campaign for clean rivers with the Ostland Anglers Association.
March 9 – Senator Ivo Salas formed a caucus on rivers. The Ostland Rivers Caucus and the Ostland Lakes Caucus met in Orsk.
`)
	want := map[string]string{
		"Dana Kolb":  "Vandria Friendship Group",
		"Luis Pardo": "Vandria Friendship Group",
		"Ines Maro":  "River Dams Caucus",
		"Paul Wendt": "River Dams Caucus",
		"Olga Brant": "",
		"Hana Ruiz":  "",
		"Ivo Salas":  "",
	}
	checkMemberships(t, doc, want, func(m string) bool {
		return strings.HasSuffix(m, "Caucus") || strings.HasSuffix(m, "Group") || strings.HasSuffix(m, "Association")
	})
}

// TestListedMembers: a list that details "members of" or "figures from" a body names
// its members, whether the body is named there or is the one body of the entry with
// that head ("the coalition of ..."); a list after another clause, supporters of a
// body, and a list after "Members of the X met officials of Y" give none. Invented
// people and bodies.
func TestListedMembers(t *testing.T) {
	doc := extractText(t, `March 2024

March 5 – Members of the Ostland Rivers Committee, including Ms. Dana Kolb and Mr. Luis Pardo, visited Orsk.
March 6 – Key figures from the coalition of the Vandrian opposition forces, such as Mr. Ivo Salas, Mr. Hugo Brandt (deputy chair of the Vandrian National Coalition), and Mr. Tomas Reyes, spoke in Orsk.
March 7 – Members of the Ostland Anglers Association met officials of the Vandrian Lakes Council in Orsk. Speakers included Ms. Hana Ruiz and Ms. Olga Brant.
March 8 – Supporters of the Ostland Rivers Committee, including Mrs. Pia Dahl, marched in Orsk.
March 9 – A delegation of members of the Ostland Parliament, led by Senator Mira Solberg, met with Mrs. Ilse Marr, a writer, in Orsk.
`)
	want := map[string]string{
		"Dana Kolb":   "Ostland Rivers Committee",
		"Luis Pardo":  "Ostland Rivers Committee",
		"Ivo Salas":   "Vandrian National Coalition",
		"Tomas Reyes": "Vandrian National Coalition",
		"Hana Ruiz":   "",
		"Olga Brant":  "",
		"Pia Dahl":    "",
		"Ilse Marr":   "",
	}
	unwanted := []string{"Ostland Anglers Association", "Ostland Rivers Committee", "Ostland Parliament"}
	checkMemberships(t, doc, want, func(m string) bool { return slices.Contains(unwanted, m) })
}

// checkMemberships checks the people of want: each is found, is a member of its body
// (none for ""), and of no other body that unwanted reports.
func checkMemberships(t *testing.T, doc *extract.Document, want map[string]string, unwanted func(string) bool) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range doc.Records {
		for _, p := range r.People {
			w, ok := want[p.Name]
			if !ok {
				continue
			}
			seen[p.Name] = true
			if w != "" && !slices.Contains(p.MemberOf, w) {
				t.Errorf("line %d: %s member of %q, want %q among them", r.Line, p.Name, p.MemberOf, w)
			}
			for _, m := range p.MemberOf {
				if m != w && unwanted(m) {
					t.Errorf("line %d: %s member of %q, want no %q", r.Line, p.Name, p.MemberOf, m)
				}
			}
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s not found as a person", name)
		}
	}
}
