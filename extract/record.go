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

	// lacks holds the word lists of the roles rules' cues (roleCues) that no word of
	// Text belongs to, so that a rule skips an entry without its cue; zero (nothing
	// known to be missing) outside annotateWith.
	lacks wordClass
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
	// Country is the country the person serves or represents politically, else the
	// nationality the document states (format version 2).
	Country string `json:"country,omitempty"`
	// MemberOf names the bodies (as named in some entry's Bodies) the person belongs to
	// or holds an office in at the time of the entry (format version 2).
	MemberOf []string `json:"member_of,omitempty"`
}

// Body is a named organization, institution, legislature, committee, court, company
// or network. Name is the expanded form when the document defines an acronym.
type Body struct {
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Legislative bool     `json:"legislative"`
	// Country is the country a national or sub-national body belongs to; empty for
	// international bodies (format version 2).
	Country string `json:"country,omitempty"`
	// PartOf is the name of the parent body of a committee, caucus, group, delegation
	// or office (format version 2).
	PartOf string `json:"part_of,omitempty"`
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
	// Venue is true when the entry's event took place there, false when the place is
	// only named (in a title, as a topic, as an origin) (format version 2).
	Venue bool `json:"venue"`
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
