package extract

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"annals/extract/gazetteer"
)

// placeCandidate is a span of an entry that may name a place.
type placeCandidate struct {
	i, j    int
	surface string
	opts    []gazetteer.Place // gazetteer readings, best first
	site    bool              // a square, camp, hotel, headquarters
	region  bool              // "X Province", "X state"
	unknown bool              // a town the gazetteer lacks, placed by the text
}

// placeMention is a candidate resolved to one reading.
type placeMention struct {
	place   gazetteer.Place
	surface string
	site    bool
	region  bool
}

// locativeCues before a place name make even a small or ambiguous town a place.
var locativeCues = set("in", "at", "to", "from", "near", "across", "throughout", "including",
	"outside", "inside", "between", "around", "via", "into", "toward", "towards", "like",
	"of", "and", "or", "as", "through", "within", "in,", "visited", "visit", "reached", "capital")

// strongLocatives are prepositions of place.
var strongLocatives = set("in", "at", "from", "near", "to", "across", "throughout",
	"outside", "inside", "including", "between", "via", "into")

// topicNouns after a country name make it an attribute, not a place ("Iran policy",
// "Iran protests").
var topicNouns = set("policy", "policies", "uprising", "uprisings", "protests", "protest",
	"regime", "deal", "issue", "crisis", "situation", "question", "file", "nuclear",
	"strategy", "talks", "affairs", "conflict", "war", "sanctions", "file", "resolution")

// findPlaceCandidates reads the free capitalized runs of an entry and keeps the spans
// that the gazetteer knows, greedily longest first, and sites named by their shape.
//
// The new candidates grow in a buffer that serves every entry (candBuf), while those
// of an earlier pass wait in d.kept; only an entry that gains some is given a slice
// of both, at its final length, in a block shared by the document's entries
// (candBlock): no copy for an entry that gains none, no allocation for each growth
// step, and no spare room kept until the last sweep.
func (d *docIndex) findPlaceCandidates(e *entryScan, loose bool) {
	d.kept = e.cands
	e.cands = d.candBuf[:0]
	d.scanRuns(e, loose)
	found := e.cands
	d.candBuf = found[:0]
	e.cands, d.kept = d.kept, nil
	if len(found) == 0 {
		return // nothing new
	}
	all := room(&d.candBlock, len(e.cands)+len(found), 1024)
	e.cands = append(append(all, e.cands...), found...)
}

// scanRuns is findPlaceCandidates into e.cands.
func (d *docIndex) scanRuns(e *entryScan, loose bool) {
	toks := e.toks
	for a := 0; a < len(toks); a++ {
		if !e.free(a) || !toks[a].isWord() || !(toks[a].isCap() || toks[a].isAcro()) || e.toks[a].isQuoted() {
			continue
		}
		b := a
		for b+1 < len(toks) && e.free(b+1) && toks[b+1].isWord() && (toks[b+1].isCap() || toks[b+1].isAcro() || toks[b+1].isNum() && isSmallNumber(toks[b+1].str(e)) || placeConnector(toks[b+1].low(e)) && (b+2 < len(toks) && toks[b+2].isCap() && e.free(b+2) || b+3 < len(toks) && placeConnector(toks[b+2].low(e)) && toks[b+3].isCap() && e.free(b+3))) {
			if toks[b].hasPoss() {
				break
			}
			b++
		}
		d.scanRun(e, a, b, loose)
		a = b
	}
}

func placeConnector(l string) bool {
	switch l {
	case "of", "de", "la", "le", "the", "and", "sur", "am", "an", "del", "di", "es", "du", "des", "upon", "en", "da", "do", "dos":
		return true
	}
	return false
}

// isSmallNumber: "3", "20", "39A" — the number of a camp, a pad, a gate; not a year.
func isSmallNumber(s string) bool {
	if s != "" && s[len(s)-1] >= 'A' && s[len(s)-1] <= 'Z' {
		s = s[:len(s)-1]
	}
	if s == "" || len(s) > 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// scanRun finds places and sites inside the capitalized run a..b.
func (d *docIndex) scanRun(e *entryScan, a, b int, loose bool) {
	toks := e.toks
	if loose && !d.looseContext(e, a, b) {
		return
	}
	if c, ok := d.siteIn(e, a, b); ok && !loose {
		e.cands = append(e.cands, c)
		e.claim(c.i, c.j, claimPlace)
		if c.j >= b {
			return
		}
		a = c.j + 1
	}
	before := len(e.cands)
	defer func() {
		if !loose && len(e.cands) == before {
			d.unknownTown(e, a, b)
		}
	}()
	for p := a; p <= b; p++ {
		if !toks[p].isCap() && !toks[p].isAcro() {
			continue
		}
		for q := min(b, p+4); q >= p; q-- {
			if !toks[q].isCap() && !toks[q].isAcro() {
				continue
			}
			if !d.placeWord(e, toks[q]) && !(q > p && toks[q].isAcro()) {
				continue
			}
			if q == p && toks[p].isAcro() && p+1 < len(toks) && toks[p+1].isWord() && !toks[p].hasPoss() {
				continue // "U.S. politicians", "UK government": an attribute
			}
			if q == p && d.partOfLongerName(e, p, a, b) {
				continue // "Astaneh" of "Astaneh Ashrafiyeh"
			}
			s := span(e.text, toks, p, q)
			var opts []gazetteer.Place
			if loose {
				if len(d.placeOptions(s)) > 0 {
					continue // known, and rejected by its context
				}
				opts = d.looseOptions(e, s)
			} else {
				opts = d.placeOptions(s)
			}
			if len(opts) == 0 {
				continue
			}
			c := placeCandidate{i: p, j: q, surface: s, opts: opts}
			if q+1 <= b && toks[q+1].is(wRegionWords) {
				c.j, c.region = q+1, true
				c.surface = span(e.text, toks, p, q+1)
			}
			if !d.acceptPlace(e, c, loose) {
				continue
			}
			e.cands = append(e.cands, c)
			e.claim(c.i, c.j, claimPlace)
			p = c.j
			break
		}
	}
}

// unknownTown takes a name the gazetteer lacks as a town when the text places it:
// "in Killington, Vermont", "at Kronplatz, Italy".
func (d *docIndex) unknownTown(e *entryScan, a, b int) {
	toks := e.toks
	for a < b && toks[a].is(wFunctionStops) {
		a++ // "At Kronplatz, Italy"
	}
	if b-a > 2 || a == 0 || !toks[a-1].is(wStrongLocatives) {
		return
	}
	for k := a; k <= b; k++ {
		if !toks[k].isCap() || toks[k].isAcro() || toks[k].class&(wCalendarWords|wLeftStops|wBodyHeads|wTitle|wHonorific) != 0 {
			return
		}
	}
	if in := d.followingRegion(e, b); in.Country != "" {
		c := placeCandidate{i: a, j: b, surface: span(e.text, toks, a, b), unknown: true}
		c.opts = []gazetteer.Place{{Name: c.surface, Kind: gazetteer.KindCity, Country: in.Country, CountryCode: in.CountryCode}}
		e.cands = append(e.cands, c)
		e.claim(a, b, claimPlace)
	}
}

// followingRegion reads ", Vermont" or ", Italy" after token j: a country or a region
// of the gazetteer.
func (d *docIndex) followingRegion(e *entryScan, j int) gazetteer.Place {
	toks := e.toks
	if j+2 >= len(toks) || toks[j+1].str(e) != "," || !toks[j+2].isCap() {
		return gazetteer.Place{}
	}
	if c := d.followingCountry(e, j); c.Country != "" {
		return c
	}
	for q := min(len(toks)-1, j+4); q >= j+2; q-- {
		for _, p := range d.lookup(span(e.text, toks, j+2, q)) {
			if p.Kind == gazetteer.KindRegion {
				return p
			}
		}
	}
	return gazetteer.Place{}
}

// dominant: a fifth or more of the document's unambiguous places lie in the country.
func (d *docIndex) dominant(cc string) bool {
	total := d.priorSum()
	return total > 0 && 5*d.prior[cc] >= total
}

// priorSum is the number of unambiguous places of the document, counted once after
// countryPrior.
func (d *docIndex) priorSum() int {
	if d.priorTotal == 0 {
		for _, n := range d.prior {
			d.priorTotal += n
		}
	}
	return d.priorTotal
}

// looseContext: the run a..b stands where a place is expected (after "in", in a list
// of places), the only place where a loose reading is tried.
func (d *docIndex) looseContext(e *entryScan, a, b int) bool {
	toks := e.toks
	if a > 0 && toks[a-1].is(wStrongLocatives) {
		return true
	}
	if a >= 2 && (toks[a-1].str(e) == "," || toks[a-1].low(e) == "and") && e.toks[a-2].claim() == claimPlace {
		return true
	}
	return b+2 < len(toks) && toks[b+1].str(e) == "," && e.toks[b+2].claim() == claimPlace
}

// partOfLongerName: the single word p stands beside capitalized words of the same run
// that are no place ("Tehran-e Sar", "Astaneh Ashrafiyeh"): the run is one name.
func (d *docIndex) partOfLongerName(e *entryScan, p, a, b int) bool {
	toks := e.toks
	if p > a && toks[p-1].isCap() && e.toks[p-1].claim() != claimPlace && !toks[p-1].is(wLeftStops) {
		return true
	}
	if p < b && toks[p+1].isCap() && !toks[p+1].is(wRegionWords) && len(d.placeOptions(toks[p+1].str(e))) == 0 {
		return true
	}
	return false
}

// placeWord: a single word worth a gazetteer look-up.
func (d *docIndex) placeWord(e *entryScan, t token) bool {
	if t.class&(wCalendarWords|wLeftStops|wCommonCapitalized|wBodyHeads|wLegislatorWords|wRegionWords|wTitle|wHonorific) != 0 {
		return false
	}
	if t.isAcro() && len(t.str(e)) > 3 && !strings.Contains(t.str(e), ".") {
		return false
	}
	if !t.isAcro() {
		if _, ok := d.countryOfAdjective(t.str(e)); ok {
			return false // "Canadian"
		}
	}
	return true
}

// looseOptions reads a romanized name loosely ("Kazeroon" → Kāzerūn), but keeps only
// readings in a country the document already places things in.
func (d *docIndex) looseOptions(e *entryScan, s string) []gazetteer.Place {
	if ps, ok := d.looseKept[s]; ok {
		return ps
	}
	out := d.looseFiltered(s)
	d.looseKept[s] = out
	return out
}

func (d *docIndex) looseFiltered(s string) []gazetteer.Place {
	var out []gazetteer.Place
	for _, p := range d.lookupLoose(s) {
		if d.dominant(p.CountryCode) && p.Kind != gazetteer.KindCountry {
			out = append(out, p)
		}
	}
	return out
}

// placeOptions: a country first (names, short forms, codes), else the gazetteer's readings.
// The answers are remembered for the document, so that a span costs one look-up
// however often the passes ask.
func (d *docIndex) placeOptions(s string) []gazetteer.Place {
	if ps, ok := d.options[s]; ok {
		return ps
	}
	var ps []gazetteer.Place
	if c, ok := d.country(s); ok {
		ps = []gazetteer.Place{c}
	} else {
		ps = d.lookup(s)
	}
	d.options[s] = ps
	return ps
}

// acceptPlace keeps a candidate when the context supports it: a country or region, a
// name of several words, a big city, or a small one after "in", "at", in a list.
func (d *docIndex) acceptPlace(e *entryScan, c placeCandidate, loose bool) bool {
	toks := e.toks
	best := c.opts[0]
	prev := ""
	if c.i > 0 {
		prev = toks[c.i-1].low(e)
	}
	next := ""
	if c.j+1 < len(toks) {
		next = toks[c.j+1].low(e)
	}
	if prev == "of" && c.i >= 2 && toks[c.i-2].isCap() && featureWords.has(toks[c.i-2].low(e)) {
		return false // "the Sea of Japan", "the Gulf of Aden": a part of a feature's name
	}
	if best.Kind == gazetteer.KindCountry {
		// "a conference on Iran's situation", "policy on Iran", "Iran protests": a topic
		if prev == "on" || prev == "about" || prev == "regarding" {
			return false
		}
		if c.j+1 < len(toks) && toks[c.j+1].isWord() && !toks[c.j+1].isCap() && topicNouns.has(next) && !toks[c.j].hasPoss() {
			return false
		}
		// "Kenya's finance minister", "South Africa's electricity utility Eskom": the
		// country of an office or an organisation, not a place of the entry
		// "the New Zealand dairy cooperative": an attribute of an organisation
		return !((toks[c.j].hasPoss() || prev == "the" || prev == "a" || prev == "an") && possessedRole(e, c.j+1))
	}
	if loose {
		// only where a list of places or a preposition of place surrounds it
		return strongLocatives.has(prev) || (prev == "," || prev == "and") && c.i >= 2 && e.toks[c.i-2].claim() == claimPlace ||
			next == "," && c.j+2 < len(toks) && e.toks[c.j+2].claim() == claimPlace
	}
	if c.region {
		return true
	}
	if c.j > c.i && (best.Population >= 10_000 || best.Kind != gazetteer.KindCity || locativeCues.has(prev)) {
		return true
	}
	if c.j+1 < len(toks) && toks[c.j+1].start == toks[c.j].end && (next == "—" || next == "–" || next == "-") {
		return false // "York—Simcoe": part of a compound name
	}
	if best.Kind == gazetteer.KindRegion && best.Population >= 1_000_000 {
		return true
	}
	if best.Population >= 100_000 && !isSentenceStart(e, c.i) {
		return true
	}
	if locativeCues.has(prev) || prev == "," && c.i >= 2 && (e.toks[c.i-2].claim() == claimPlace || d.candidateEndsAt(e, c.i-2)) {
		return true
	}
	if next == "," && c.j+2 < len(toks) && toks[c.j+2].isCap() && len(d.placeOptions(toks[c.j+2].str(e))) > 0 {
		return true // "Sari, Mazandaran" or a list that goes on
	}
	return best.Population >= 100_000
}

// featureWords name a sea, a coast or a strait "of" a place: the place named after
// them is part of the feature's name, not where the entry's event happened.
var featureWords = set("sea", "gulf", "bay", "strait", "straits", "ocean", "cape", "isle", "isles", "horn", "coast", "lake")

// possessedRole: the words from k are lower-case modifiers ending, within four words,
// in a title or an organisation noun ("finance minister", "electricity utility").
func possessedRole(e *entryScan, k int) bool {
	toks := e.toks
	for q := k; q < len(toks) && q < k+4; q++ {
		t := toks[q]
		if !t.isWord() || t.isCap() {
			return false
		}
		if t.is(wTitle) || t.is(wOrgNouns) || t.is(wClassNouns) || t.is(wBodyHeads) {
			return true
		}
	}
	return false
}

func (d *docIndex) candidateEndsAt(e *entryScan, k int) bool {
	for _, cs := range [2][]placeCandidate{d.kept, e.cands} {
		for _, c := range cs {
			if c.j == k {
				return true
			}
		}
	}
	return false
}

// siteIn recognizes sites by their shape: "Place X", "Camp X", "X Square", "X Hotel",
// "X 3" (a numbered camp), "the White House".
func (d *docIndex) siteIn(e *entryScan, a, b int) (placeCandidate, bool) {
	toks := e.toks
	for a < b && toks[a].is(wLeftStops) {
		a++
	}
	if b > a && toks[a].is(wSiteLeading) && toks[a].isCap() {
		s := span(e.text, toks, a, b)
		if len(d.lookup(s)) == 0 {
			return placeCandidate{i: a, j: b, surface: s, site: true}, true
		}
	}
	last := toks[b]
	locative := a > 0 && (toks[a-1].low(e) == "the" || toks[a-1].is(wStrongLocatives) || toks[a-1].low(e) == "outside")
	house := last.low(e) == "house" && locative && !toks[a].isAcro() && !(b+1 < len(toks) && toks[b+1].isWord() && !toks[b+1].isCap() && !toks[b+1].is(wFunctionStops))
	if b > a && last.isCap() && (last.is(wSiteTrailing) || house) && !(b+1 < len(toks) && toks[b+1].low(e) == "of") {
		return placeCandidate{i: a, j: b, surface: span(e.text, toks, a, b), site: true}, true
	}
	if b > a+1 && last.isNum() && toks[b-1].isCap() && toks[b-1].is(wSiteTrailing) {
		return placeCandidate{i: a, j: b, surface: span(e.text, toks, a, b), site: true}, true // "Launch Complex 39A"
	}
	for k := a + 1; k < b; k++ {
		// "the Wenchang Space Launch Site and Hainan": a site word inside the run
		if toks[k].isCap() && toks[k].is(wSiteTrailing) && toks[k+1].low(e) != "of" && toks[k+1].isWord() && !toks[k+1].isCap() {
			return placeCandidate{i: a, j: k, surface: span(e.text, toks, a, k), site: true}, true
		}
	}
	// a numbered camp ("Camp X 3", "X-3") where the text places it: after a preposition
	// of place or before a country
	numbered := func() bool {
		return a > 0 && (toks[a-1].is(wStrongLocatives) || toks[a-1].low(e) == "outside") || d.followingCountry(e, b).Name != ""
	}
	if b == a+1 && last.isNum() && toks[a].isCap() && !toks[a].is(wCalendarWords) && d.placeWord(e, toks[a]) && numbered() {
		return placeCandidate{i: a, j: b, surface: span(e.text, toks, a, b), site: true}, true
	}
	if a == b && last.isCap() {
		if p := strings.LastIndexByte(last.str(e), '-'); p > 0 && isSmallNumber(last.str(e)[p+1:]) && !calendarWords.has(strings.ToLower(last.str(e)[:p])) && numbered() {
			return placeCandidate{i: a, j: b, surface: last.str(e)[:p] + " " + last.str(e)[p+1:], site: true}, true
		}
	}
	return placeCandidate{}, false
}

// countryPrior counts the countries of the document's unambiguous places, so that an
// ambiguous town in a list of one country's towns stays in that country.
func (d *docIndex) countryPrior(entries []*entryScan) {
	for _, e := range entries {
		for _, c := range e.cands {
			if len(c.opts) == 0 {
				continue
			}
			cc := c.opts[0].CountryCode
			same := true
			for _, o := range c.opts[1:] {
				if o.CountryCode != cc {
					same = false
					break
				}
			}
			if same || c.opts[0].Kind == gazetteer.KindCountry {
				d.prior[cc]++
			}
		}
	}
}

// resolvePlaces picks one reading per candidate: the country that follows it ("Camp Vesna 2,
// Moldova"), a country named in the entry, the document's countries, then population.
func (d *docIndex) resolvePlaces(e *entryScan) {
	if len(e.cands) == 0 {
		return
	}
	if !slices.IsSortedFunc(e.cands, byStart) {
		slices.SortStableFunc(e.cands, byStart)
	}
	// the countries the entry names unambiguously; entries name few, so a slice
	var ctx []string
	for _, c := range e.cands {
		if len(c.opts) > 0 && (len(c.opts) == 1 || c.opts[0].Kind == gazetteer.KindCountry) && !slices.Contains(ctx, c.opts[0].CountryCode) {
			ctx = append(ctx, c.opts[0].CountryCode)
		}
	}
	total := d.priorSum()
	e.places = slices.Grow(d.placeBuf[:0], len(e.cands))
	defer func() { d.placeBuf = e.places[:0] }()
	for n, c := range e.cands {
		after := d.followingCountry(e, c.j)
		if c.site {
			pm := placeMention{surface: c.surface, site: true}
			pm.place.Name = c.surface
			pm.place.Kind = "site"
			if after.Country != "" {
				pm.place.Country = after.Country
				pm.place.CountryCode = after.CountryCode
			} else if known, ok := d.sites[foldKey(c.surface)]; ok {
				pm.place.Country, pm.place.CountryCode = known.Country, known.CountryCode
			}
			e.places = append(e.places, pm)
			continue
		}
		var best gazetteer.Place
		bestScore := math.Inf(-1)
		_ = n
		for rank, o := range c.opts {
			// the gazetteer ranks its readings; context moves them
			s := -float64(rank)
			if after.CountryCode != "" && o.CountryCode == after.CountryCode && o.Kind != gazetteer.KindCountry {
				s += 20
			}
			if slices.Contains(ctx, o.CountryCode) {
				s += 6
			}
			if total > 0 && float64(d.prior[o.CountryCode]) >= 0.2*float64(total) {
				s += 3
			}
			if o.Kind == gazetteer.KindCity {
				s += 0.5 // "Washington" in a list of cities is the city
			}
			if c.region && o.Kind == gazetteer.KindRegion {
				s += 10
			}
			if o.Kind == gazetteer.KindCountry {
				s += 30
			}
			if s > bestScore {
				best, bestScore = o, s
			}
		}
		e.places = append(e.places, placeMention{place: best, surface: c.surface, region: c.region})
	}
	// a site without a country lies in the country of the nearest place of the entry
	for n := range e.places {
		if !e.places[n].site || e.places[n].place.Country != "" {
			continue
		}
		for dist := 1; dist < len(e.places); dist++ {
			for _, k := range [2]int{n + dist, n - dist} {
				if k >= 0 && k < len(e.places) && !e.places[k].site && e.places[k].place.Country != "" {
					e.places[n].place.Country = e.places[k].place.Country
					e.places[n].place.CountryCode = e.places[k].place.CountryCode
					dist = len(e.places)
					break
				}
			}
		}
	}
}

// siteCountries remembers the country the document gives each site ("Camp Vesna 2,
// Moldova"), for the entries that name the site alone.
func (d *docIndex) siteCountries(entries []*entryScan) {
	for _, e := range entries {
		for _, c := range e.cands {
			if !c.site {
				continue
			}
			k := foldKey(c.surface)
			if _, ok := d.sites[k]; ok {
				continue
			}
			if after := d.followingCountry(e, c.j); after.Country != "" {
				d.sites[k] = after
			}
		}
	}
}

func byStart(a, b placeCandidate) int { return a.i - b.i }

// followingCountry reads ", Albania" or "in Albania" right after token j.
func (d *docIndex) followingCountry(e *entryScan, j int) gazetteer.Place {
	toks := e.toks
	k := j + 1
	if k < len(toks) && (toks[k].str(e) == "," || toks[k].low(e) == "in") {
		k++
	}
	if k < len(toks) && toks[k].low(e) == "the" {
		k++
	}
	if k >= len(toks) || !toks[k].isCap() || k == j+1 {
		return gazetteer.Place{}
	}
	for q := min(len(toks)-1, k+3); q >= k; q-- {
		if c, ok := d.country(span(e.text, toks, k, q)); ok {
			return c
		}
	}
	return gazetteer.Place{}
}

// placesOf lists the places of an entry, one per place.
func (d *docIndex) placesOf(e *entryScan) []Place {
	out := make([]Place, 0)
	if len(e.places) > 0 {
		out = room(&d.placeBlock, len(e.places), 1024)
	}
	for _, m := range e.places {
		p := m.place
		name := m.surface
		if p.Kind == gazetteer.KindCountry || p.Name != m.surface && foldKey(p.Name) == foldKey(m.surface) {
			name = p.Name
		}
		name = strings.TrimPrefix(name, "the ")
		dup := -1
		for n := range out {
			if p.ID != 0 && out[n].GeonameID == p.ID || p.ID == 0 && out[n].Name == name {
				dup = n
				break
			}
		}
		if dup >= 0 {
			out[dup].Aliases = addAlias(out[dup].Aliases, out[dup].Name, m.surface)
			continue
		}
		kind := p.Kind
		if m.site {
			kind = "site"
		} else if m.region {
			kind = gazetteer.KindRegion
		}
		var aliases []string
		aliases = addAlias(aliases, name, m.surface)
		aliases = addAlias(aliases, name, p.Name)
		out = append(out, Place{Name: name, Kind: kind, Country: p.Country, Lat: p.Lat, Lon: p.Lon, GeonameID: p.ID, Aliases: aliases})
	}
	return out
}
