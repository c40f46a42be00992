package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/extract"
)

// TestDemoChamberCountries runs the extractor on the demo chronologies (examples/,
// invented text that no rule was tuned on) and requires the country and parent that
// the demo text gives each chamber in every entry that names it: a chamber merely
// named in a person's membership ("Lord X, member of the House of Lords, addressed the
// crowd in Vancouver") takes no country from the entry's venue, and the document
// identity must not spread a wrong one.
func TestDemoChamberCountries(t *testing.T) {
	files, err := filepath.Glob("../examples/*.txt")
	if err != nil || len(files) == 0 {
		t.Skipf("no demo chronologies (%v)", err)
	}
	want := map[string]struct{ country, partOf string }{
		"House of Lords":                    {"United Kingdom", ""},
		"House of Commons":                  {"United Kingdom", ""}, // the UK MP's chamber, met in London
		"Canadian House of Commons":         {"Canada", ""},
		"Bundestag":                         {"Germany", ""},
		"Storting":                          {"Norway", ""},
		"Riksdag":                           {"Sweden", ""},
		"Sejm":                              {"Poland", ""},
		"Lok Sabha":                         {"India", ""},
		"Committee on Economic Cooperation": {"Germany", "Bundestag"},
		"Environmental Audit Committee":     {"United Kingdom", "House of Commons"},
		"Dutch House of Representatives":    {"Netherlands", ""},
	}
	wantLegislative := map[string]bool{"Meridian Water Group": false, "Lok Sabha": true, "Bundestag": true}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	// Legislators whose membership the demo text states in some entry, with the
	// chamber that membership names; entries that name them bare ("MP X asked about
	// the cost" at another parliament's hearing) must not give them another country
	// or seat.
	people := map[string]struct{ country, seat string }{
		"Henrike Vollmar":     {"Germany", "Bundestag"},
		"Matthias Oberländer": {"Germany", "Bundestag"},
		"Ingrid Solheim":      {"Norway", "Storting"},
		"Gwen Tallis":         {"United Kingdom", "House of Commons"},
		"Rupert Halsey":       {"United Kingdom", "House of Lords"},
		"Geneviève Arsenault": {"Canada", "Canadian House of Commons"},
	}
	seen := map[string]int{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := x.Extract(f, extract.Options{Source: filepath.Base(path)})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, rec := range doc.Records {
			for _, p := range rec.People {
				w, ok := people[p.Name]
				if !ok {
					continue
				}
				seen[p.Name]++
				if p.Country != w.country {
					t.Errorf("%s:%d: %s: country %q, want %q", rec.Source, rec.Line, p.Name, p.Country, w.country)
				}
				for _, m := range p.MemberOf {
					if m != w.seat && (strings.Contains(m, "House") || strings.Contains(m, "Chamber") || strings.Contains(m, "Senate") || strings.Contains(m, "Parliament")) {
						t.Errorf("%s:%d: %s: member of %q, want no chamber but %q", rec.Source, rec.Line, p.Name, m, w.seat)
					}
				}
			}
			for _, b := range rec.Bodies {
				if b.Name == "House" {
					t.Errorf("%s:%d: a body named only %q (country %q)", rec.Source, rec.Line, b.Name, b.Country)
				}
				// "the company Meridian Water Group" is no legislature, even in an
				// entry full of MPs; a listed national chamber is one
				if leg, ok := wantLegislative[b.Name]; ok && b.Legislative != leg {
					t.Errorf("%s:%d: %s: legislative %v, want %v", rec.Source, rec.Line, b.Name, b.Legislative, leg)
				}
				w, ok := want[b.Name]
				if !ok {
					continue
				}
				seen[b.Name]++
				if b.Country != w.country || b.PartOf != w.partOf {
					t.Errorf("%s:%d: %s: country %q, part of %q; want %q, %q", rec.Source, rec.Line, b.Name, b.Country, b.PartOf, w.country, w.partOf)
				}
			}
		}
	}
	for name := range people {
		if seen[name] == 0 {
			t.Errorf("%s: not found in the demo chronologies", name)
		}
	}
	for name := range want {
		if seen[name] == 0 {
			t.Errorf("%s: not found in the demo chronologies", name)
		}
	}
}
