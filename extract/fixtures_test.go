package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"annals/extract"
	"annals/extract/score"
)

// EnforceEntityBar turns the entity thresholds of TestFixtures from logged figures
// into assertions.
//
// Every fixture reaches the bar since people, bodies and places landed; raise
// entityBar towards the 0.95 as the extractor improves (figures: go test -run
// Fixtures -v ./extract).
const EnforceEntityBar = true

// entityBar is the F1 every fixture must reach for people, bodies and places, and
// for the legislator flag, when the bar is enforced.
const entityBar = 0.80

// heldOutEntityBar replaces entityBar for americas-pacific-wire-2023, written after the
// news role rules as a held-out check: its first run found people 0.70 (names after a
// lowercase title or in an apposition: "Its chief executive, Jean Paul Prates") and
// read "Toyota said" as the city. Raise it when those gaps close.
//
// nordic-africa-wire-2025 was written (text and gold) before any run, as a second
// held-out check before the apposition rules; its first run found people 0.71 (the same
// appositions, and "Estonian counterpart X"), places 0.74 (countries in "Kenya's finance
// minister" taken as places; "Dar es Salaam" cut at "es") and person country 0.40.
// After the apposition, office and possessive-country rules (tuned on
// americas-pacific-wire-2023 only) both reach 0.90 and more on every entity.
var heldOutEntityBar = map[string]float64{"americas-pacific-wire-2023": 0.90, "nordic-africa-wire-2025": 0.90}

var enforceEntities = flag.Bool("fixtures.entities", false, "assert the entity F1 bar of the fixtures even before EnforceEntityBar is set")

// newsFixtures are written in a wire-service style: bodies without an organisation
// word ("Hamas", "Reuters"), country-qualified institutions. On them body recall must
// reach newsBodyRecall, and no name of a gold body may come out as a place.
var newsFixtures = map[string]bool{
	"levant-gulf-wire-2024": true, "europe-business-wire-2021": true, "asia-africa-wire-2022": true,
	"nordic-africa-wire-2025": true,
}

const newsBodyRecall = 0.75

// fixture is a chronology under testdata/fixtures with its hand-made gold records.
type fixtureFile struct {
	name, text, gold string
}

func fixtureList(t *testing.T) []fixtureFile {
	t.Helper()
	golds, err := filepath.Glob("testdata/fixtures/*.gold.jsonl")
	if err != nil || len(golds) == 0 {
		t.Fatalf("no fixtures under testdata/fixtures (%v)", err)
	}
	var fs []fixtureFile
	for _, g := range golds {
		base := strings.TrimSuffix(g, ".gold.jsonl")
		fs = append(fs, fixtureFile{name: filepath.Base(base), text: base + ".txt", gold: g})
	}
	return fs
}

func loadFixtureGold(t *testing.T, path string) *score.Set {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := score.Load(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// TestFixtures runs the extractor on chronologies written in other styles than the
// sample (day-first dates, Markdown headers, CRLF and a BOM, hyphen and em-dash
// separators, seasons across two years) and scores it against their gold records.
func TestFixtures(t *testing.T) {
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, fx := range fixtureList(t) {
		t.Run(fx.name, func(t *testing.T) {
			f, err := os.Open(fx.text)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := x.Extract(f, extract.Options{Source: filepath.Base(fx.text)})
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			sys, err := score.FromRecords(doc.Records)
			if err != nil {
				t.Fatal(err)
			}
			gold := loadFixtureGold(t, fx.gold)
			res := score.Score(gold, sys, score.Options{})
			var b bytes.Buffer
			if err := res.WriteText(&b, testing.Verbose()); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s:\n%s", fx.name, b.String())

			if res.EntriesFound.Found != res.EntriesFound.N {
				t.Errorf("entries found: %d of %d", res.EntriesFound.Found, res.EntriesFound.N)
			}
			// A dated record where gold has no entry is a mis-split. An undated one is the
			// documented way to keep a line whose date phrase is unknown; it is reported
			// only (a title like "2022–23 Alpine Ski World Cup: ..." looks like an entry).
			for _, line := range sys.Lines() {
				if _, ok := gold.Entry(line); ok {
					continue
				}
				if e, _ := sys.Entry(line); e.Date.Start != nil {
					t.Errorf("line %d: dated record where gold has no entry", line)
				} else {
					t.Logf("line %d: undated record where gold has no entry (a title or caption?)", line)
				}
			}
			if *res.Dates.Acc != 1 {
				t.Errorf("date accuracy %v, want 1.0", *res.Dates.Acc)
				for _, m := range res.Misses {
					if m.Kind == "date" {
						t.Logf("line %d: %s %s", m.Line, m.What, m.Name)
					}
				}
			}

			if newsFixtures[fx.name] || heldOutEntityBar[fx.name] > 0 {
				checkRoleBar(t, res, newsRoleBar)
			} else {
				checkRoleBar(t, res, roleBar)
			}
			if newsFixtures[fx.name] {
				if res.Bodies.R < newsBodyRecall {
					t.Errorf("bodies recall %.3f < %.2f", res.Bodies.R, newsBodyRecall)
				}
				for _, p := range organisationsAsPlaces(gold, doc.Records) {
					t.Errorf("organisation output as a place: %s", p)
				}
			}
			if !EnforceEntityBar && !*enforceEntities {
				return
			}
			for _, c := range []struct {
				what string
				f1   float64
			}{
				{"people", res.People.F1}, {"bodies", res.Bodies.F1}, {"places", res.Places.F1},
				{"legislator flag", res.Legislator.F1},
			} {
				bar := entityBar
				if b, ok := heldOutEntityBar[fx.name]; ok {
					bar = b
				}
				if c.f1 < bar {
					t.Errorf("%s F1 %.3f < %.2f", c.what, c.f1, bar)
				}
			}
		})
	}
}

// roleBar is the F1 every fixture whose gold carries the format-version-2 fields must
// reach for each of them. The fixtures are in other styles than the sample, and some
// of their answers need knowledge no rule has (the Oireachtas is the Irish parliament,
// a TD sits in the Dáil): the bar is lower than the sample's.
var roleBar = map[string]float64{
	score.RoleVenue:          0.90,
	score.RoleBodyCountry:    0.85,
	score.RoleBodyPartOf:     0.35,
	score.RolePersonCountry:  0.85,
	score.RolePersonMemberOf: 0.50,
}

// newsRoleBar is the bar of the news-style fixtures, set to what the news rules of
// roles_news.go reach on them (lowest figure among the four, rounded down): venue
// 0.952, body country 0.938, part_of 1.0 (one item), person country 0.889, member_of
// 1.0 (two or three items each; the bar stays at the evaluation's 0.85).
var newsRoleBar = map[string]float64{
	score.RoleVenue:          0.95,
	score.RoleBodyCountry:    0.90,
	score.RoleBodyPartOf:     0.85,
	score.RolePersonCountry:  0.85,
	score.RolePersonMemberOf: 0.85,
}

func checkRoleBar(t *testing.T, res score.Result, bar map[string]float64) {
	t.Helper()
	for _, r := range res.Roles {
		if r.F1 < bar[r.Name] {
			t.Errorf("%s F1 %.3f < %.2f", r.Name, r.F1, bar[r.Name])
		}
	}
}

// TestFixtureGold checks the hand-made gold records themselves, whatever the
// extractor does: each names a line where its entry starts with its date phrase, dates
// are ISO ranges inside the document's years, and items are well formed.
func TestFixtureGold(t *testing.T) {
	kinds := map[string]bool{"city": true, "region": true, "site": true, "country": true}
	for _, fx := range fixtureList(t) {
		t.Run(fx.name, func(t *testing.T) {
			text, err := os.ReadFile(fx.text)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimPrefix(string(text), "\ufeff"), "\n")
			data, err := os.ReadFile(fx.gold)
			if err != nil {
				t.Fatal(err)
			}
			prev := 0
			for i, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
				var r extract.Record
				var opt struct {
					Places []struct {
						Optional bool `json:"optional"`
					} `json:"places"`
				}
				if err := json.Unmarshal(l, &r); err != nil {
					t.Fatalf("gold line %d: %v", i+1, err)
				}
				_ = json.Unmarshal(l, &opt)
				if r.Line <= prev || r.Line > len(lines) {
					t.Errorf("gold line %d: line %d out of order or past the end", i+1, r.Line)
					continue
				}
				prev = r.Line
				entry := strings.TrimRight(lines[r.Line-1], "\r")
				if r.Date == nil || !strings.HasPrefix(entry, r.Date.Text) {
					t.Errorf("line %d does not start with its date phrase: %q", r.Line, shortLine(entry))
					continue
				}
				start, err1 := time.Parse(time.DateOnly, r.Date.Start)
				end, err2 := time.Parse(time.DateOnly, r.Date.End)
				if err1 != nil || err2 != nil || end.Before(start) {
					t.Errorf("line %d: bad date range %s..%s", r.Line, r.Date.Start, r.Date.End)
				}
				for _, p := range r.People {
					if p.Name == "" || strings.HasPrefix(p.Name, "Mr") || strings.HasPrefix(p.Name, "Dr") {
						t.Errorf("line %d: person name %q should be bare", r.Line, p.Name)
					}
				}
				for j, p := range r.Places {
					if !kinds[p.Kind] {
						t.Errorf("line %d: place %q has kind %q", r.Line, p.Name, p.Kind)
					}
					// Every place that is not optional appears in its entry.
					if !opt.Places[j].Optional && !strings.Contains(entry, p.Name) {
						t.Errorf("line %d: place %q is not in the entry", r.Line, p.Name)
					}
				}
			}
		})
	}
}

// organisationsAsPlaces lists the places of the records whose name is the name or an
// alias of a body of the gold anywhere in the document ("line 7: Hamas").
func organisationsAsPlaces(gold *score.Set, recs []extract.Record) []string {
	bodies := map[string]bool{}
	for _, line := range gold.Lines() {
		e, _ := gold.Entry(line)
		for _, b := range e.Bodies {
			for _, n := range append([]string{b.Name}, b.Aliases...) {
				bodies[score.Normalize(n)] = true
			}
		}
	}
	var out []string
	for _, r := range recs {
		for _, p := range r.Places {
			if bodies[score.Normalize(p.Name)] {
				out = append(out, fmt.Sprintf("line %d: %s", r.Line, p.Name))
			}
		}
	}
	return out
}

func shortLine(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
