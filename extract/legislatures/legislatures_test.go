package legislatures_test

import (
	"testing"

	"annals/extract/gazetteer"
	"annals/extract/legislatures"
)

func TestLookup(t *testing.T) {
	l := legislatures.Load()
	for _, tc := range []struct {
		name, country, prior string
		ok                   bool
	}{
		{"Bundestag", "Germany", "", true},
		{"the Storting", "Norway", "", true},
		{"House of Lords", "United Kingdom", "", true},
		{"House of Commons", "", "United Kingdom", true},
		{"House of Representatives", "", "", true},
		{"Senate", "", "", false}, // generic: the document decides
		{"Meridian Water Group", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := l.Lookup(tc.name)
			if ok != tc.ok || c.Country() != tc.country || c.Prior != tc.prior {
				t.Errorf("Lookup(%q) = %+v, %v; want country %q, prior %q, %v", tc.name, c, ok, tc.country, tc.prior, tc.ok)
			}
		})
	}
	if c, _ := l.Lookup("House of Commons"); !c.Has("Canada") || c.Has("France") {
		t.Errorf("House of Commons countries %v", c.Countries)
	}
}

// TestCountriesAreGazetteerCountries: every country of the list is one the gazetteer
// names, so that a chamber's country compares equal to the places' countries.
func TestCountriesAreGazetteerCountries(t *testing.T) {
	gz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	l := legislatures.Load()
	if l.Len() < 50 {
		t.Fatalf("%d names, want at least 50", l.Len())
	}
	for _, c := range l.All() {
		for _, k := range c.Countries {
			if p, ok := gz.Country(k); !ok || p.Country != k {
				t.Errorf("%s: %q is not a gazetteer country (%+v)", c.Name, k, p)
			}
		}
		if c.Prior != "" && !c.Has(c.Prior) {
			t.Errorf("%s: prior %q is not among its countries", c.Name, c.Prior)
		}
	}
}

// TestHouses: the list tells a parliament from its chambers, and names the parliament
// of a chamber when one name holds for it; every listed parent is itself listed as a
// whole parliament of the chamber's countries, or is the name of none (the Russian
// Federal Assembly).
func TestHouses(t *testing.T) {
	l := legislatures.Load()
	for _, tc := range []struct {
		name   string
		house  legislatures.House
		parent string
	}{
		{"Seanad Éireann", legislatures.Upper, "Oireachtas"},
		{"the Dáil", legislatures.Lower, "Oireachtas"},
		{"Oireachtas", legislatures.Whole, ""},
		{"Knesset", legislatures.Whole, ""},
		{"House of Lords", legislatures.Upper, ""},
		{"House of Commons", legislatures.Lower, ""},
	} {
		if c, ok := l.Lookup(tc.name); !ok || c.House != tc.house || c.Parent != tc.parent {
			t.Errorf("Lookup(%q) = %+v, %v; want house %q, parent %q", tc.name, c, ok, tc.house, tc.parent)
		}
	}
	for _, c := range l.All() {
		switch c.House {
		case legislatures.Unknown, legislatures.Whole, legislatures.Lower, legislatures.Upper:
		default:
			t.Errorf("%s: house %q", c.Name, c.House)
		}
		if c.Parent == "" {
			continue
		}
		if c.House == legislatures.Whole {
			t.Errorf("%s: a whole parliament with parent %q", c.Name, c.Parent)
		}
		if p, ok := l.Lookup(c.Parent); ok && (p.House != legislatures.Whole || !p.Has(c.Countries[0])) {
			t.Errorf("%s: parent %q is listed as %+v", c.Name, c.Parent, p)
		}
	}
}
