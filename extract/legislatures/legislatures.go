// Package legislatures names the national legislatures and chambers known by a name
// of their own ("Bundestag", "Storting", "House of Lords") and the countries whose
// legislature bears each name. The extractor reads it for a chamber whose mention names
// no country: a name of one country gives that country ("Bundestag" → Germany); a name
// several countries share ("House of Commons", "House of Representatives") is decided by
// the document, and by the list's prior only when the document gives nothing. The data
// (data/chambers.tsv) is a hand-compiled, reviewed list of facts; see ATTRIBUTION
// and README.md.
package legislatures

import (
	_ "embed"
	"strings"
	"sync"
)

// Chamber is what the list says of one name.
type Chamber struct {
	Name      string   // as the list writes it ("House of Commons")
	Countries []string // the countries whose legislature bears the name, gazetteer short names
	Prior     string   // the country a bare mention means when the text gives none; "" for none
	House     House    // what the name is: a parliament, or one of its chambers
	Parent    string   // the parliament a chamber belongs to, when one name holds for it ("Oireachtas")
}

// House tells what a listed name is within its country's legislature.
type House string

const (
	// Unknown: the list does not say (a name several countries' houses share in
	// different roles, for instance).
	Unknown House = ""
	// Whole: the parliament itself, and the seat of its members when it has one house
	// ("Knesset", "Oireachtas").
	Whole House = "whole"
	// Lower: the lower or only elected chamber ("Dáil", "House of Commons").
	Lower House = "lower"
	// Upper: the upper chamber ("Seanad", "House of Lords").
	Upper House = "upper"
)

// Country is the one country of an unambiguous name, "" when several share it.
func (c Chamber) Country() string {
	if len(c.Countries) == 1 {
		return c.Countries[0]
	}
	return ""
}

// Has reports whether country's legislature bears the name.
func (c Chamber) Has(country string) bool {
	for _, k := range c.Countries {
		if k == country {
			return true
		}
	}
	return false
}

//go:embed data/chambers.tsv
var embedded string

// List answers look-ups by name; read-only, safe for concurrent use.
type List struct {
	byKey map[string]Chamber
}

var shared = sync.OnceValue(func() *List { return parse(embedded) })

// Load returns the list of the embedded data, parsed once on first use and shared.
func Load() *List { return shared() }

// parse reads lines "name\tcountries\tprior\thouse\tparent"; "#" starts a comment
// line, and "-" stands for an empty column.
func parse(data string) *List {
	l := &List{byKey: map[string]Chamber{}}
	for line := range strings.SplitSeq(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			continue
		}
		c := Chamber{Name: cols[0], Countries: strings.Split(cols[1], ",")}
		if cols[2] != "-" {
			c.Prior = cols[2]
		}
		if cols[3] != "-" {
			c.House = House(cols[3])
		}
		if cols[4] != "-" {
			c.Parent = cols[4]
		}
		l.byKey[Key(c.Name)] = c
	}
	return l
}

// Lookup finds the chamber a name of a body is, without a leading article: "the
// Bundestag", "House of Lords". ok is false for names the list lacks.
func (l *List) Lookup(name string) (Chamber, bool) {
	c, ok := l.byKey[Key(name)]
	return c, ok
}

// Len is the number of names of the list.
func (l *List) Len() int { return len(l.byKey) }

// All yields every chamber of the list.
func (l *List) All() []Chamber {
	out := make([]Chamber, 0, len(l.byKey))
	for _, c := range l.byKey {
		out = append(out, c)
	}
	return out
}

// Key folds a name for look-up: lower case, without a leading "the" and without
// dots, single spaces.
func Key(name string) string {
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(name, ".", "")))
	if len(f) > 1 && f[0] == "the" {
		f = f[1:]
	}
	return strings.Join(f, " ")
}
