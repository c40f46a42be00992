package synth

import (
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Event kinds, as in the extraction format.
var kinds = []struct {
	name   string
	weight int
}{
	{"conference", 14}, {"rally", 12}, {"statement", 12}, {"campaign", 8}, {"meeting", 12},
	{"visit", 8}, {"hearing", 6}, {"press conference", 6}, {"letter", 6}, {"resolution", 6},
	{"trial/verdict", 4},
}

// Lower-case topics and causes, for running text.
var (
	lowerTopics = lowerAll(topics)
	lowerCauses = lowerAll(causes)
)

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

var kindTotal = func() int {
	t := 0
	for _, k := range kinds {
		t += k.weight
	}
	return t
}()

// Gold records: the shape of EXTRACT-FORMAT.md, with "optional" for items a reader
// may fairly take or leave.
type goldRecord struct {
	Source string       `json:"source"`
	Line   int          `json:"line"`
	Date   goldDate     `json:"date"`
	Kind   string       `json:"kind"`
	People []goldPerson `json:"people"`
	Bodies []goldBody   `json:"bodies"`
	Places []goldPlace  `json:"places"`
}

type goldDate struct {
	Text      string `json:"text"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Precision string `json:"precision"`
}

type goldPerson struct {
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Legislator  bool     `json:"legislator"`
	Participant bool     `json:"participant"`
}

type goldBody struct {
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Legislative bool     `json:"legislative"`
	Optional    bool     `json:"optional,omitempty"`
}

type goldPlace struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Country  string   `json:"country,omitempty"`
	Aliases  []string `json:"aliases"`
	Optional bool     `json:"optional,omitempty"`
}

// document is the state of one chronology being written: its style, what it has
// already introduced (people by full name, acronyms), the output buffer of the
// current month and its gold records.
type document struct {
	g         *Generator
	p         *pools
	r         *rand.Rand
	dayFirst  bool // "3 March" rather than "March 3"
	markdown  bool // "## March 2019" headers
	seen      []bool
	defined   []bool // acronym of org i defined in the text
	people    *rand.Zipf
	orgs      *rand.Zipf
	places    *rand.Zipf
	line      int // line number the next byte of text starts
	buf       []byte
	records   []goldRecord
	collect   bool
	flush     func() error
	days      []int // entry days of the month being written
	rec       *goldRecord
	sentStart bool
	source    string // the source its gold records name
}

func newDocument(g *Generator, r *rand.Rand) *document {
	p := g.pools
	return &document{
		g: g, p: p, r: r,
		dayFirst: r.IntN(2) == 0,
		markdown: r.IntN(2) == 0,
		seen:     make([]bool, len(p.people)),
		defined:  make([]bool, len(p.orgs)),
		people:   rand.NewZipf(r, 1.15, 3, uint64(len(p.people)-1)),
		orgs:     rand.NewZipf(r, 1.2, 2, uint64(len(p.orgs)-1)),
		places:   rand.NewZipf(r, 1.1, 2, uint64(len(p.places)-1)),
		line:     1,
		collect:  true,
	}
}

// str appends text; several parts avoid building a string first.
func (d *document) str(parts ...string) {
	for _, s := range parts {
		d.buf = append(d.buf, s...)
	}
}

// lead writes the words that open a sentence, after which a name takes "the".
func (d *document) lead(s string) {
	d.str(s)
	d.sentStart = false
}

// newline ends a line of text.
func (d *document) newline() {
	d.buf = append(d.buf, '\n')
	d.line++
}

// writeFrontMatter writes the title and preamble of a document of month sections
// [from, to).
func (d *document) writeFrontMatter(from, to int) {
	y0 := d.g.cfg.StartYear + from/12
	y1 := d.g.cfg.StartYear + max(to-1, from)/12
	d.str("Chronology of parliamentary and civil-society activities, ")
	d.buf = appendInt(d.buf, y0)
	if y1 != y0 {
		d.str("–")
		d.buf = appendInt(d.buf, y1)
	}
	d.newline()
	d.newline()
	d.str("This report lists conferences, rallies, hearings, statements and visits recorded by the secretariat. It is not exhaustive; many local activities have been left out.")
	d.newline()
	d.newline()
}

// flushAt is the buffer size past which writeMonth hands text to the writer.
const flushAt = 32 << 10

func (d *document) writeMonth(year int, month time.Month, n int) error {
	if d.markdown {
		d.str("## ")
	}
	d.str(month.String())
	d.str(" ")
	d.buf = appendInt(d.buf, year)
	d.newline()
	d.newline()
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if cap(d.days) < n {
		d.days = make([]int, n)
	}
	days := d.days[:n]
	for j := range days {
		days[j] = 1 + d.r.IntN(last)
	}
	sort.Ints(days)
	for _, day := range days {
		d.writeEntry(year, month, day, last)
		d.newline()
		if len(d.buf) >= flushAt {
			if err := d.flush(); err != nil {
				return err
			}
		}
		if d.r.IntN(40) == 0 {
			d.str("Photo: supporters at an event in ")
			d.str(d.p.places[d.r.IntN(len(d.p.places))].name)
			d.str(".")
			d.newline()
			d.newline()
		}
	}
	if d.r.IntN(6) == 0 {
		d.str("Scroll to see the activities of subsequent months:")
		d.newline()
		d.newline()
	}
	return nil
}

func (d *document) writeEntry(year int, month time.Month, day, last int) {
	d.records = append(d.records, goldRecord{Source: d.source, Line: d.line,
		People: []goldPerson{}, Bodies: []goldBody{}, Places: []goldPlace{}})
	d.rec = &d.records[len(d.records)-1]
	d.rec.Date = d.writeDate(year, month, day, last)
	x := d.r.IntN(kindTotal)
	kind := kinds[0].name
	for _, k := range kinds {
		if x < k.weight {
			kind = k.name
			break
		}
		x -= k.weight
	}
	d.rec.Kind = kind
	d.sentStart = true
	d.writeOpening(kind)
	d.writePeopleSentence()
	if d.r.IntN(4) == 0 {
		d.writeMentionSentence()
	}
	switch x := d.r.IntN(10); {
	case x < 3:
		d.writeMPsSentence()
	case x < 6:
		d.lead(" The participants called on ")
		d.writeOrg(-1)
		d.str(" to support ", lowerCauses[d.r.IntN(len(causes))], ".")
		d.sentStart = true
	}
	d.newline()
}

// writeMPsSentence names legislators by the context of their country's adjective:
// "Danish MPs Ana Tor and Ivo Lund also took part."
func (d *document) writeMPsSentence() {
	var who []int
	c := -1
	for tries := 0; tries < 40 && len(who) < 2; tries++ {
		i := int(d.people.Uint64())
		pe := &d.p.people[i]
		if !pe.legislator || d.p.countries[pe.country].adjective == "" || contains(who, i) || (c >= 0 && pe.country != c) {
			continue
		}
		c = pe.country
		who = append(who, i)
	}
	if len(who) == 0 {
		return
	}
	d.str(" ", d.p.countries[c].adjective)
	if len(who) == 1 {
		d.str(" MP ")
	} else {
		d.str(" MPs ")
	}
	for k, i := range who {
		if k > 0 {
			d.str(" and ")
		}
		pe := &d.p.people[i]
		full := pe.full
		d.str(full)
		d.seen[i] = true
		if d.collect {
			d.addPerson(full, []string{}, true, true)
		}
	}
	d.str(" also took part.")
	d.sentStart = true
}

// date forms, chosen per entry.
const (
	formDay = iota
	formOnDay
	formRange
	formSpacedRange
	formAnd
	formCrossMonth
	formReversed
	formDangling
	formPart
)

var formWeights = []int{formDay: 48, formOnDay: 4, formRange: 10, formSpacedRange: 2, formAnd: 6,
	formCrossMonth: 2, formReversed: 1, formDangling: 2, formPart: 25}

func (d *document) pickForm() int {
	total := 0
	for _, w := range formWeights {
		total += w
	}
	x := d.r.IntN(total)
	for f, w := range formWeights {
		if x < w {
			return f
		}
		x -= w
	}
	return formDay
}

// iso formats a calendar day as YYYY-MM-DD for the gold records (month 13 is
// January of the next year); without gold records it costs nothing.
func (d *document) iso(y int, m time.Month, day int) string {
	if !d.collect {
		return ""
	}
	if m > time.December {
		y, m = y+1, m-12
	}
	b := make([]byte, 0, 10)
	b = appendInt(b, y)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
	return string(b)
}

// writeDate writes a date phrase and its separator and returns what it denotes.
func (d *document) writeDate(year int, month time.Month, day, last int) goldDate {
	start := len(d.buf)
	mon := month.String()
	gd := goldDate{Start: d.iso(year, month, day), End: d.iso(year, month, day), Precision: "day"}
	sep := " – "
	switch d.r.IntN(10) {
	case 0:
		sep = " - "
	case 1:
		sep = " — "
	}
	form := d.pickForm()
	if d.dayFirst && (form == formReversed || form == formDangling || form == formSpacedRange) {
		form = formRange
	}
	if (form == formRange || form == formSpacedRange || form == formReversed || form == formAnd) && day >= last-1 {
		form = formDay
	}
	if form == formCrossMonth && (day != last || month == time.December) {
		form = formAnd
		if day >= last {
			form = formDay
		}
	}
	dm := func(day int, m string) {
		if d.dayFirst {
			d.buf = appendInt(d.buf, day)
			d.str(" ", m)
		} else {
			d.str(m, " ")
			d.buf = appendInt(d.buf, day)
		}
	}
	switch form {
	case formDay:
		dm(day, mon)
	case formOnDay:
		d.str("On ")
		dm(day, mon)
	case formRange, formSpacedRange, formReversed:
		end := day + 1 + d.r.IntN(min(6, last-day-1))
		gd.End, gd.Precision = d.iso(year, month, end), "range"
		a, b := day, end
		if form == formReversed {
			a, b = end, day
		}
		dash := "-"
		if form == formSpacedRange {
			dash = " – "
		}
		if d.dayFirst {
			d.buf = appendInt(d.buf, a)
			d.str(dash)
			d.buf = appendInt(d.buf, b)
			d.str(" ", mon)
		} else {
			d.str(mon, " ")
			d.buf = appendInt(d.buf, a)
			d.str(dash)
			d.buf = appendInt(d.buf, b)
		}
	case formAnd:
		gd.End, gd.Precision = d.iso(year, month, day+1), "range"
		if d.dayFirst {
			d.buf = appendInt(d.buf, day)
			d.str(" and ")
			d.buf = appendInt(d.buf, day+1)
			d.str(" ", mon)
		} else {
			d.str(mon, " ")
			d.buf = appendInt(d.buf, day)
			d.str(" and ")
			d.buf = appendInt(d.buf, day+1)
		}
	case formCrossMonth:
		gd.End, gd.Precision = d.iso(year, month+1, 1), "range"
		dm(day, mon)
		d.str(" and ")
		dm(1, (month + 1).String())
	case formDangling:
		dm(day, mon)
		sep = "- "
	case formPart:
		gd.Precision = "part-of-month"
		switch {
		case day <= 10:
			gd.Start, gd.End = d.iso(year, month, 1), d.iso(year, month, 10)
			if d.r.IntN(3) == 0 {
				d.str("Beginning in ", mon)
			} else {
				d.str("Early ", mon)
			}
		case day <= 20:
			gd.Start, gd.End = d.iso(year, month, 11), d.iso(year, month, 20)
			d.str("Mid-", mon)
		default:
			gd.Start, gd.End = d.iso(year, month, 21), d.iso(year, month, last)
			if d.r.IntN(2) == 0 {
				d.str("End ", mon)
			} else {
				d.str("Late ", mon)
			}
		}
	}
	if d.collect {
		gd.Text = string(d.buf[start:])
	}
	d.str(sep)
	return gd
}

// writeOpening writes the first sentence, whose words tell the event's kind.
func (d *document) writeOpening(kind string) {
	topic := lowerTopics[d.r.IntN(len(topics))]
	cause := lowerCauses[d.r.IntN(len(causes))]
	switch kind {
	case "conference":
		d.writeOrg(-1)
		d.str(" held a conference")
		d.writeIn()
		d.str(" on ", topic, ".")
	case "rally":
		d.lead("Supporters of ")
		d.writeOrg(-1)
		d.str(" held a rally")
		d.writeIn()
		d.str(" in support of ", cause, ".")
	case "statement":
		d.writeOrg(-1)
		d.str(" issued a statement on ", topic, " in ")
		d.writeCountry(d.r.IntN(len(d.p.countries)))
		d.str(".")
	case "campaign":
		d.writeOrg(-1)
		d.str(" launched a campaign for ", cause)
		d.writeIn()
		d.str(".")
	case "meeting":
		a, b := int(d.orgs.Uint64()), int(d.orgs.Uint64())
		for b == a {
			b = d.r.IntN(len(d.p.orgs))
		}
		d.lead("Members of ")
		d.writeOrg(a)
		d.str(" met officials of ")
		d.writeOrg(b)
		d.writeIn()
		d.str(".")
	case "visit":
		d.lead("A delegation of ")
		d.writeLegislature(d.r.IntN(len(d.p.countries)))
		d.writePlace(" visited ")
		d.str(".")
	case "hearing":
		d.writeCommittee(d.r.IntN(len(d.p.countries)), d.r.IntN(len(topics)))
		d.str(" held a hearing on ", topic, ".")
	case "press conference":
		d.writeOrg(-1)
		d.str(" held a press conference")
		d.writeIn()
		d.str(" to present its report on ", topic, ".")
	case "letter":
		d.buf = appendInt(d.buf, 5+d.r.IntN(120))
		d.lead(" members of ")
		d.writeLegislature(d.r.IntN(len(d.p.countries)))
		d.str(" signed a joint letter to ")
		d.writeOrg(-1)
		d.str(" on ", topic, ".")
	case "resolution":
		d.writeLegislature(d.r.IntN(len(d.p.countries)))
		d.str(" adopted a resolution on ", topic, ".")
	default: // trial/verdict
		d.lead("A court")
		d.writeIn()
		d.str(" delivered its verdict in a case brought by ")
		d.writeOrg(-1)
		d.str(".")
	}
	d.sentStart = true
}

// writeIn writes " in City" or " in City, Country".
func (d *document) writeIn() { d.writePlace(" in ") }

// writePlace writes a popular city after the words before it, and half of the time
// its country.
func (d *document) writePlace(before string) {
	pl := d.p.places[d.places.Uint64()]
	d.str(before, pl.name)
	d.addPlace(pl.name, "city", d.p.countries[pl.country].name, false)
	if d.r.IntN(2) == 0 {
		d.str(", ")
		d.writeCountry(pl.country)
	}
}

func (d *document) writeCountry(c int) {
	name := d.p.countries[c].name
	if needsThe(name) {
		d.str("the ")
	}
	d.str(name)
	d.addPlace(name, "country", name, false)
}

func (d *document) the() {
	if d.sentStart {
		d.str("The ")
	} else {
		d.str("the ")
	}
	d.sentStart = false
}

// writeOrg mentions organisation i (a popular one when i < 0), defining its acronym
// on first use and using it afterwards half of the time.
func (d *document) writeOrg(i int) {
	if i < 0 {
		i = int(d.orgs.Uint64())
	}
	o := d.p.orgs[i]
	switch {
	case o.acronym != "" && d.defined[i] && d.r.IntN(2) == 0:
		d.the()
		d.str(o.acronym)
	case o.acronym != "" && !d.defined[i]:
		d.the()
		d.str(o.name, " (", o.acronym, ")")
		d.defined[i] = true
	default:
		d.the()
		d.str(o.name)
	}
	if d.collect {
		var aliases []string
		if o.acronym != "" {
			aliases = []string{o.acronym}
		}
		d.addBody(o.name, aliases, o.legislative, false)
	}
}

// writeLegislature mentions the parliament of country c by its adjective or by "of".
func (d *document) writeLegislature(c int) {
	co := d.p.countries[c]
	canonical, alias := "Parliament of "+theName(co.name), ""
	if co.adjective != "" {
		canonical, alias = co.adjective+" Parliament", "Parliament of "+theName(co.name)
	}
	d.the()
	if alias != "" && d.r.IntN(3) == 0 {
		d.str(alias)
	} else {
		d.str(canonical)
	}
	var aliases []string
	if alias != "" {
		aliases = []string{alias}
	}
	d.addBody(canonical, aliases, true, false)
}

// writeCommittee mentions a committee of country c's parliament.
func (d *document) writeCommittee(c, topic int) {
	co := d.p.countries[c]
	name := topics[topic] + " Committee"
	parl := "Parliament of " + theName(co.name)
	if co.adjective != "" {
		parl = co.adjective + " Parliament"
	}
	d.the()
	d.str(name, " of the ", parl)
	d.addBody(name, []string{name + " of the " + parl}, true, false)
	var aliases []string
	if co.adjective != "" {
		aliases = []string{"Parliament of " + theName(co.name)}
	}
	d.addBody(parl, aliases, true, true)
}

// writePeopleSentence names one to four participants.
func (d *document) writePeopleSentence() {
	n := 1 + d.r.IntN(4)
	switch d.r.IntN(3) {
	case 0:
		d.str(" Speakers included ")
	case 1:
		d.str(" Participants included ")
	default:
		d.str(" Among those who attended were ")
	}
	d.sentStart = false
	used := make([]int, 0, n)
	roled := false // the previous name had a role: separate with semicolons
	for k := 0; k < n; k++ {
		i := int(d.people.Uint64())
		if contains(used, i) {
			continue
		}
		if len(used) > 0 {
			switch {
			case roled && k == n-1:
				d.str("; and ")
			case roled:
				d.str("; ")
			case k == n-1:
				d.str(" and ")
			default:
				d.str(", ")
			}
		}
		used = append(used, i)
		roled = d.writePerson(i, true)
	}
	d.str(".")
	d.sentStart = true
}

// writeMentionSentence names someone who did not take part.
func (d *document) writeMentionSentence() {
	i := int(d.people.Uint64())
	end := "."
	switch d.r.IntN(3) {
	case 0:
		d.lead(" Participants paid tribute to ")
	case 1:
		d.lead(" Protesters condemned the policies of ")
	default:
		d.lead(" A portrait of ")
		end = " was shown."
	}
	d.writePerson(i, false)
	d.str(end)
	d.sentStart = true
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// writePerson mentions person i: in full with title and role the first time, later
// in full, by plain name or by honorific and surname. It reports whether it wrote
// a role after the name.
func (d *document) writePerson(i int, participant bool) bool {
	pe := &d.p.people[i]
	full := pe.full
	start := len(d.buf)
	withRole := false
	switch x := d.r.IntN(10); {
	case !d.seen[i] || x < 4:
		if pe.title != "" {
			d.str(pe.title, " ")
		} else if x < 2 {
			d.str(honorific(pe), " ")
		}
		d.str(full)
		withRole = !d.seen[i] || x < 2
	case x < 7:
		d.str(full)
	default:
		if pe.title != "" {
			d.str(pe.title, " ")
		} else {
			d.str(honorific(pe), " ")
		}
		d.str(pe.surname)
	}
	surfaceEnd := len(d.buf)
	d.seen[i] = true
	withRole = withRole && pe.role.kind != roleNone
	if withRole {
		d.str(", ")
		d.writeRole(pe)
	}
	if !d.collect {
		return withRole
	}
	aliases := []string{}
	if surface := string(d.buf[start:surfaceEnd]); surface != full {
		aliases = append(aliases, surface)
	}
	d.addPerson(full, aliases, pe.legislator, participant)
	return withRole
}

func honorific(pe *person) string {
	if pe.female {
		return "Mrs."
	}
	return "Mr."
}

func (d *document) writeRole(pe *person) {
	co := pe.country
	switch pe.role.kind {
	case roleMember:
		d.str("member of ")
		d.writeLegislature(co)
	case roleCommitteeChair:
		d.str("chair of ")
		d.writeCommittee(co, pe.role.topic)
	case roleFormerMinister:
		d.str("former Minister of ", topics[pe.role.topic], " of ")
		d.writeCountry(co)
	case roleOrgPresident:
		d.str("President of ")
		d.writeOrg(pe.role.org)
	case roleOrgSpokesperson:
		d.str("spokesperson of ")
		d.writeOrg(pe.role.org)
	case roleOrgDirector:
		d.str("director of ")
		d.writeOrg(pe.role.org)
	case roleMayor:
		pl := d.p.places[pe.role.org%len(d.p.places)]
		d.str("Mayor of ", pl.name)
		d.addPlace(pl.name, "city", d.p.countries[pl.country].name, true)
	}
}

func (d *document) addPerson(name string, aliases []string, legislator, participant bool) {
	for k := range d.rec.People {
		p := &d.rec.People[k]
		if p.Name == name {
			p.Aliases = mergeAliases(p.Aliases, aliases)
			p.Participant = p.Participant || participant
			return
		}
	}
	d.rec.People = append(d.rec.People, goldPerson{Name: name, Aliases: aliases, Legislator: legislator, Participant: participant})
}

func (d *document) addBody(name string, aliases []string, legislative, optional bool) {
	if !d.collect {
		return
	}
	if aliases == nil {
		aliases = []string{}
	}
	for k := range d.rec.Bodies {
		b := &d.rec.Bodies[k]
		if b.Name == name {
			b.Aliases = mergeAliases(b.Aliases, aliases)
			b.Optional = b.Optional && optional
			return
		}
	}
	d.rec.Bodies = append(d.rec.Bodies, goldBody{Name: name, Aliases: aliases, Legislative: legislative, Optional: optional})
}

func (d *document) addPlace(name, kind, country string, optional bool) {
	if !d.collect {
		return
	}
	for k := range d.rec.Places {
		p := &d.rec.Places[k]
		if p.Name == name && p.Kind == kind {
			p.Optional = p.Optional && optional
			return
		}
	}
	d.rec.Places = append(d.rec.Places, goldPlace{Name: name, Kind: kind, Country: country, Aliases: []string{}, Optional: optional})
}

func mergeAliases(have, add []string) []string {
	for _, a := range add {
		found := false
		for _, h := range have {
			if h == a {
				found = true
				break
			}
		}
		if !found {
			have = append(have, a)
		}
	}
	return have
}

// needsThe reports whether a country's name takes "the" in running text.
func needsThe(name string) bool {
	for _, p := range []string{"Republic", "United ", "Democratic ", "Central African", "Czech Republic"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, s := range []string{"Islands", "Emirates", "Netherlands", "Philippines", "Gambia", "Bahamas", "Maldives"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

func theName(name string) string {
	if needsThe(name) {
		return "the " + name
	}
	return name
}
