// Package extract reads chronologies (reports made of dated entries) and turns each
// entry into an extraction record: its date, kind, people, bodies and places, with the
// provenance (source, line, byte span) of every fact. It is pure: text in, records out.
//
// The record is a public contract, described in ../shared/eval/EXTRACT-FORMAT.md.
package extract

// Record is one dated entry of a chronology and the facts read from it.
type Record struct {
	Source   string   `json:"source"`
	Line     int      `json:"line"`
	Span     [2]int   `json:"span"`
	Date     *Date    `json:"date"`
	Kind     string   `json:"kind"`
	Text     string   `json:"text"`
	People   []Person `json:"people"`
	Bodies   []Body   `json:"bodies"`
	Places   []Place  `json:"places"`
	Warnings []string `json:"warnings"`
}

// Date is the date phrase of an entry and the inclusive ISO range it denotes.
// Start and End are empty when the phrase could not be read (a warning says why).
type Date struct {
	Text      string `json:"text"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
	Precision string `json:"precision,omitempty"` // "day", "range" or "part-of-month"
}

// Person is a person named in an entry. Name is the fullest form used in the
// document, without honorifics or titles.
type Person struct {
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Roles       []string `json:"roles"`
	Legislator  bool     `json:"legislator"`
	Participant bool     `json:"participant"`
}

// Body is a named organization, institution, legislature, committee, court, company
// or network. Name is the expanded form when the document defines an acronym.
type Body struct {
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Legislative bool     `json:"legislative"`
}

// Place is a place named in an entry, resolved against the gazetteer.
type Place struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind"` // "city", "region", "site" or "country"
	Country   string   `json:"country,omitempty"`
	Lat       float64  `json:"lat,omitempty"`
	Lon       float64  `json:"lon,omitempty"`
	GeonameID int      `json:"geonameid,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
}

// Event kinds, chosen by cue words in the entry.
const (
	KindConference      = "conference"
	KindRally           = "rally"
	KindStatement       = "statement"
	KindCampaign        = "campaign"
	KindMeeting         = "meeting"
	KindVisit           = "visit"
	KindHearing         = "hearing"
	KindPressConference = "press conference"
	KindLetter          = "letter"
	KindResolution      = "resolution"
	KindTrial           = "trial/verdict"
	KindOther           = "other"
)
