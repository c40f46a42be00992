package score_test

import (
	"bytes"
	"strings"
	"testing"

	"annals/extract/score"
)

func mustLoad(t *testing.T, jsonl string) *score.Set {
	t.Helper()
	s, err := score.Load(strings.NewReader(jsonl))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return s
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
		person         bool
	}{
		{"diacritics fold", "Malmö", "malmo", false},
		{"irish fada", "Dáil Éireann", "dail eireann", false},
		{"leading the", "The Hague", "hague", false},
		{"only one leading the", "the the band", "the band", false},
		{"possessive curly", "People’s Mojahedin", "people mojahedin", false},
		{"possessive straight", "Maclean's", "maclean", false},
		{"apostrophe s inside a word stays", "O'Sullivan", "o sullivan", false},
		{"punctuation runs", "  U.S. Ski & Snowboard ", "u s ski snowboard", false},
		{"acronym slash", "PMOI/MEK", "pmoi mek", false},
		{"ligature compatibility", "ﬁnance", "finance", false},
		{"title stripped", "Senator Aoife Brennan", "aoife brennan", true},
		{"titles stacked", "Former Rt. Hon. Dr. Jane Roe", "jane roe", true},
		{"the rt hon", "The Rt Hon Jane Roe", "jane roe", true},
		{"suffix", "Lincoln Bloomfield, Jr.", "lincoln bloomfield", true},
		{"only one suffix", "John Roe III Jr", "john roe iii", true},
		{"title not a prefix of a name", "Generalova Ana", "generalova ana", true},
		{"mrs is not mr plus s", "Mrs. Rajavi", "rajavi", true},
		{"title words kept for bodies", "Senator Club", "senator club", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := score.Normalize
			if tt.person {
				f = score.NormalizePerson
			}
			if got := f(tt.in); got != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatchingRules(t *testing.T) {
	tests := []struct {
		name       string
		gold, sys  string
		kind       string // people, bodies or places
		tp, fp, fn int
	}{
		{"title stripped on system side",
			`{"line":1,"people":[{"name":"Jane Roe"}]}`,
			`{"line":1,"people":[{"name":"Dr. Jane Roe"}]}`, "people", 1, 0, 0},
		{"alias on either side",
			`{"line":1,"bodies":[{"name":"Civic Forum of Utopia","aliases":["CFU"]}]}`,
			`{"line":1,"bodies":[{"name":"CFU"}]}`, "bodies", 1, 0, 0},
		{"system alias matches gold name",
			`{"line":1,"bodies":[{"name":"CFU"}]}`,
			`{"line":1,"bodies":[{"name":"Civic Forum","aliases":["CFU"]}]}`, "bodies", 1, 0, 0},
		{"miss and spurious",
			`{"line":1,"people":[{"name":"Jane Roe"}]}`,
			`{"line":1,"people":[{"name":"John Doe"}]}`, "people", 0, 1, 1},
		{"duplicate is neither tp nor fp",
			`{"line":1,"people":[{"name":"Jane Roe","aliases":["Roe"]}]}`,
			`{"line":1,"people":[{"name":"Jane Roe"},{"name":"Roe"}]}`, "people", 1, 0, 0},
		{"one to one: two golds share an alias",
			`{"line":1,"bodies":[{"name":"A","aliases":["X"]},{"name":"B","aliases":["X"]}]}`,
			`{"line":1,"bodies":[{"name":"X"},{"name":"X"}]}`, "bodies", 2, 0, 0},
		{"greedy in system order",
			`{"line":1,"bodies":[{"name":"A","aliases":["X"]},{"name":"X"}]}`,
			`{"line":1,"bodies":[{"name":"X"},{"name":"A"}]}`, "bodies", 1, 0, 1},
		{"optional gold unmatched is no miss",
			`{"line":1,"bodies":[{"name":"Vague Group","optional":true}]}`,
			`{"line":1,"bodies":[]}`, "bodies", 0, 0, 0},
		{"optional gold matched is no hit and absorbs the system item",
			`{"line":1,"bodies":[{"name":"Vague Group","optional":true}]}`,
			`{"line":1,"bodies":[{"name":"Vague Group"}, {"name":"the Vague Group"}]}`, "bodies", 0, 0, 0},
		{"entry missing in system",
			`{"line":1,"people":[{"name":"Jane Roe"},{"name":"John Doe"}]}`,
			`{"line":2,"people":[{"name":"Jane Roe"}]}`, "people", 0, 0, 2},
		{"system entries without gold are not scored",
			`{"line":1,"people":[]}`,
			`{"line":1,"people":[]}
{"line":3,"people":[{"name":"Jane Roe"}]}`, "people", 0, 0, 0},
		{"bare strings are names",
			`{"line":1,"places":["Trim"]}`,
			`{"line":1,"places":["Trim"]}`, "places", 1, 0, 0},
		{"places: gold region is not scored but excuses the system",
			`{"line":1,"places":[{"name":"County Meath","kind":"region","aliases":["Meath"]}]}`,
			`{"line":1,"places":[{"name":"Meath","kind":"city"}]}`, "places", 0, 0, 0},
		{"places: system country unknown to gold is spurious",
			`{"line":1,"places":[{"name":"Clones","kind":"city"}]}`,
			`{"line":1,"places":[{"name":"Clones","kind":"city"},{"name":"Atlantis","kind":"country"}]}`, "places", 1, 1, 0},
		{"places: system kind does not matter for a gold city",
			`{"line":1,"places":[{"name":"Levi","kind":"city"}]}`,
			`{"line":1,"places":[{"name":"Levi","kind":"region"}]}`, "places", 1, 0, 0},
		{"places: missing kind counts as city",
			`{"line":1,"places":[{"name":"Levi"}]}`,
			`{"line":1,"places":[]}`, "places", 0, 0, 1},
		{"places: null kind is not scored",
			`{"line":1,"places":[{"name":"Europe","kind":null}]}`,
			`{"line":1,"places":[]}`, "places", 0, 0, 0},
		{"places: sites are scored",
			`{"line":1,"places":[{"name":"Leinster House","kind":"site"}]}`,
			`{"line":1,"places":[]}`, "places", 0, 0, 1},
		{"empty name never matches",
			`{"line":1,"bodies":[{"name":""}]}`,
			`{"line":1,"bodies":[{"name":"..."}]}`, "bodies", 0, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := score.Score(mustLoad(t, tt.gold), mustLoad(t, tt.sys), score.Options{})
			got := map[string]score.PRF{"people": r.People, "bodies": r.Bodies, "places": r.Places}[tt.kind]
			if got.TP != tt.tp || got.FP != tt.fp || got.FN != tt.fn {
				t.Errorf("%s: tp/fp/fn = %d/%d/%d, want %d/%d/%d (misses %v)", tt.kind, got.TP, got.FP, got.FN, tt.tp, tt.fp, tt.fn, r.Misses)
			}
		})
	}
}

func TestPRFAndRounding(t *testing.T) {
	gold := `{"line":1,"people":[{"name":"A"},{"name":"B"},{"name":"C"}]}`
	sys := `{"line":1,"people":[{"name":"A"},{"name":"B"},{"name":"D"}]}`
	r := score.Score(mustLoad(t, gold), mustLoad(t, sys), score.Options{})
	want := score.PRF{P: 0.667, R: 0.667, F1: 0.667, TP: 2, FP: 1, FN: 1}
	if r.People != want {
		t.Errorf("people = %+v, want %+v", r.People, want)
	}
	// Nothing to find and nothing found is perfect, as in score.py.
	if r.Bodies.P != 1 || r.Bodies.R != 1 || r.Bodies.F1 != 1 {
		t.Errorf("empty bodies = %+v, want 1/1/1", r.Bodies)
	}
}

func TestDatesAndEntries(t *testing.T) {
	gold := `{"line":1,"date":{"start":"2019-03-03","end":"2019-03-03"}}
{"line":3,"date":{"start":"2019-03-11","end":"2019-03-20"}}
{"line":5,"date":{"start":"2019-04-01","end":"2019-04-02"}}
{"line":7,"date":null}`
	sys := `{"line":1,"date":{"text":"3 March","start":"2019-03-03","end":"2019-03-03"}}
{"line":3,"date":{"start":"2019-03-11","end":"2019-03-21"}}
{"line":7,"date":{"text":"Sometime"}}`
	r := score.Score(mustLoad(t, gold), mustLoad(t, sys), score.Options{})
	if r.Dates.N != 4 || *r.Dates.Acc != 0.5 {
		t.Errorf("dates = %v/%d, want 0.5 of 4", *r.Dates.Acc, r.Dates.N)
	}
	if r.EntriesFound != (score.Found{Found: 3, N: 4}) {
		t.Errorf("entries found = %+v, want 3 of 4", r.EntriesFound)
	}
	var got []string
	for _, m := range r.Misses {
		got = append(got, m.What+" "+m.Name)
	}
	want := []string{"gold=2019-03-11..2019-03-20 sys=2019-03-11..2019-03-21", "gold=2019-04-01..2019-04-02 sys=None..None"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("date misses = %q, want %q", got, want)
	}
}

func TestLinesFilter(t *testing.T) {
	gold := `{"line":1,"people":[{"name":"A"}]}
{"line":10,"people":[{"name":"B"}]}
{"line":20,"people":[{"name":"C"}]}`
	r := score.Score(mustLoad(t, gold), mustLoad(t, `{"line":10,"people":[{"name":"B"}]}`), score.Options{FromLine: 5, ToLine: 15})
	if r.People.TP != 1 || r.People.FN != 0 || r.Dates.N != 1 {
		t.Errorf("lines 5-15: people %+v dates n %d, want only line 10", r.People, r.Dates.N)
	}
}

func TestFlags(t *testing.T) {
	gold := `{"line":1,"people":[{"name":"A","legislator":true,"participant":true},{"name":"B","legislator":false,"participant":false},{"name":"O","legislator":true,"optional":true}],"bodies":[{"name":"X Parliament","legislative":true}]}
{"line":2,"people":[{"name":"C","legislator":true,"participant":true}],"bodies":[{"name":"Y Society","legislative":false}]}`
	sys := `{"line":1,"people":[{"name":"A","legislator":true,"participant":false},{"name":"B","legislator":true},{"name":"O","legislator":false,"participant":true}],"bodies":[{"name":"X Parliament","legislative":true}]}
{"line":2,"people":[{"name":"C","legislator":false,"participant":true}],"bodies":[{"name":"Y Society","legislative":true}]}`
	t.Run("every entry", func(t *testing.T) {
		r := score.Score(mustLoad(t, gold), mustLoad(t, sys), score.Options{})
		// legislator: A tp, B fp, C fn; the optional O is not counted.
		if want := (score.FlagPRF{P: 0.5, R: 0.5, F1: 0.5, N: 3}); r.Legislator != want {
			t.Errorf("legislator = %+v, want %+v", r.Legislator, want)
		}
		if want := (score.FlagPRF{P: 0.5, R: 1, F1: 0.667, N: 2}); r.Legislative != want {
			t.Errorf("legislative = %+v, want %+v", r.Legislative, want)
		}
		// participant: A disagrees, B has no system flag, C agrees.
		if r.Participant.N != 2 || *r.Participant.Acc != 0.5 {
			t.Errorf("participant = %v of %d, want 0.5 of 2", *r.Participant.Acc, r.Participant.N)
		}
		var flagMisses []string
		for _, m := range r.Misses {
			if m.Kind == "legislator-flag" {
				flagMisses = append(flagMisses, m.What+" "+m.Name)
			}
		}
		if got := strings.Join(flagMisses, "|"); got != "gold=False B|gold=True C" {
			t.Errorf("legislator-flag misses = %q", got)
		}
	})
}

func TestDuplicateLineKeepsFirstPositionLastRecord(t *testing.T) {
	gold := mustLoad(t, `{"line":4,"people":[{"name":"Old"}]}
{"line":2}
{"line":"4","people":[{"name":"New"}]}`)
	if got := gold.Lines(); len(got) != 2 || got[0] != 4 || got[1] != 2 {
		t.Fatalf("lines = %v, want [4 2]", got)
	}
	e, _ := gold.Entry(4)
	if len(e.People) != 1 || e.People[0].Name != "New" {
		t.Errorf("line 4 = %+v, want the last record", e.People)
	}
}

func TestLoadErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not json":        "{\"line\":1}\nnot json\n",
		"no line":         `{"people":[]}`,
		"line not number": `{"line":"x"}`,
		"people not list": `{"line":1,"people":{"name":"A"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := score.Load(strings.NewReader(in)); err == nil {
				t.Errorf("Load(%q) succeeded, want an error", in)
			}
		})
	}
	_, err := score.Load(strings.NewReader("{\"line\":1}\n\n{\"line\":2,\"date\":5}\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error %v should name line 3", err)
	}
}

func TestWriteText(t *testing.T) {
	r := score.Score(mustLoad(t, `{"line":1,"people":[{"name":"A"}],"date":{"start":"2019-01-01","end":"2019-01-01"}}`),
		mustLoad(t, `{"line":1,"people":[{"name":"B"}]}`), score.Options{})
	var b bytes.Buffer
	if err := r.WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	want := `people         {'p': 0.0, 'r': 0.0, 'f1': 0.0, 'tp': 0, 'fp': 1, 'fn': 1}
bodies         {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'tp': 0, 'fp': 0, 'fn': 0}
places         {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'tp': 0, 'fp': 0, 'fn': 0}
dates          {'acc': 0.0, 'n': 1}
entries_found  {'found': 1, 'n': 1}
legislator     {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'n': 0}
legislative    {'p': 1.0, 'r': 1.0, 'f1': 1.0, 'n': 0}
participant    {'acc': None, 'n': 0}
MISS 1 people missed A
MISS 1 people spurious B
MISS 1 date gold=2019-01-01..2019-01-01 sys=None..None
`
	if b.String() != want {
		t.Errorf("text output:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := r.WriteJSON(&b, false); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), `{"people": {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}, "bodies": `) ||
		!strings.HasSuffix(b.String(), `"participant": {"acc": null, "n": 0}}`+"\n") {
		t.Errorf("json output: %s", b.String())
	}
}
