package extract_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"annals/extract"
)

// rolesDoc is an invented chronology for the role and identity rules.
const rolesDoc = `Chronicle of Lumeria 2024

March 2024

March 3 – The Solvian Senate passed a resolution on Lumeria. The Foreign Affairs Committee of the Solvian Parliament held a hearing in Vardo. The Lumerian Revolutionary Guards (LIRGC) were named.
March 9 – The Senate's Budget Committee met in Vardo. Senator Ana Kovel, head of the Budget Committee, spoke.
March 12 – The Foreign Affairs Committee of the Italian Parliament met in Rome, Italy. The Lumerian Islamic Revolutionary Guard Corps was discussed.
March 20 – British MPs, Tom Reed and Jane Holt, a lawmaker from the British House of Commons, visited Vardo. A rally was held at the House of Commons in the United Kingdom.
`

func extractText(t *testing.T, text string) *extract.Document {
	t.Helper()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(strings.NewReader(text), extract.Options{Source: "roles.txt"})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func bodyNamed(r extract.Record, name string) *extract.Body {
	for i := range r.Bodies {
		if r.Bodies[i].Name == name || slices.Contains(r.Bodies[i].Aliases, name) {
			return &r.Bodies[i]
		}
	}
	return nil
}

func TestBodyIdentity(t *testing.T) {
	doc := extractText(t, rolesDoc)
	if len(doc.Records) != 4 {
		t.Fatalf("%d records, want 4", len(doc.Records))
	}
	t.Run("acronym joins two long forms under the fullest", func(t *testing.T) {
		a, b := bodyNamed(doc.Records[0], "LIRGC"), bodyNamed(doc.Records[2], "Lumerian Islamic Revolutionary Guard Corps")
		if a == nil || b == nil || a.Name != b.Name || a.Name != "Lumerian Islamic Revolutionary Guard Corps" {
			t.Fatalf("LIRGC: %+v and %+v, want one body named Lumerian Islamic Revolutionary Guard Corps", a, b)
		}
		if !slices.Contains(a.Aliases, "Lumerian Revolutionary Guards") {
			t.Errorf("aliases %q lack the short form", a.Aliases)
		}
	})
	t.Run("same name in two countries stays two bodies", func(t *testing.T) {
		a, b := bodyNamed(doc.Records[0], "Foreign Affairs Committee"), bodyNamed(doc.Records[2], "Foreign Affairs Committee")
		if a == nil || b == nil {
			t.Fatal("Foreign Affairs Committee not found in both entries")
		}
		if a.Country == b.Country || b.Country != "Italy" || a.PartOf == b.PartOf {
			t.Errorf("committees %+v and %+v, want two countries and parents", a, b)
		}
		if b.PartOf != "Italian Parliament" {
			t.Errorf("part_of %q, want Italian Parliament", b.PartOf)
		}
	})
	t.Run("demonym prefix naming the body's country", func(t *testing.T) {
		a, b := bodyNamed(doc.Records[3], "British House of Commons"), bodyNamed(doc.Records[3], "House of Commons")
		if a == nil || a != b || a.Country != "United Kingdom" {
			t.Errorf("House of Commons: %+v and %+v, want one British body", a, b)
		}
	})
}

func TestRolesVenueAndPeople(t *testing.T) {
	doc := extractText(t, rolesDoc)
	venue := map[string]bool{}
	for _, p := range doc.Records[2].Places {
		venue[p.Name] = p.Venue
	}
	if !venue["Rome"] || !venue["Italy"] {
		t.Errorf("March 12 venues %v, want Rome and Italy", venue)
	}
	for _, p := range doc.Records[3].Places {
		if p.Country == "United Kingdom" && !p.Venue {
			t.Errorf("March 20: %s not a venue (a rally at the House of Commons)", p.Name)
		}
	}
	var jane *extract.Person
	for i, p := range doc.Records[3].People {
		if strings.HasSuffix(p.Name, "Holt") {
			jane = &doc.Records[3].People[i]
		}
	}
	if jane == nil {
		t.Fatalf("Jane Holt not found: %+v", doc.Records[3].People)
	}
	if jane.Country != "United Kingdom" || !slices.Contains(jane.MemberOf, "British House of Commons") {
		t.Errorf("Jane Holt: country %q member of %q", jane.Country, jane.MemberOf)
	}
}

// TestGoldDevBar scores the sample's extraction with the reference scorer and holds
// it to the bar, the version-2 fields included.
func TestGoldDevBar(t *testing.T) {
	const shared = "../../shared"
	text, err := os.ReadFile(filepath.Join(shared, "corpus/iran-resistance-2023.txt"))
	if err != nil {
		t.Skip("../shared is absent")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	doc := extractText(t, string(text))
	out := filepath.Join(t.TempDir(), "sys.jsonl")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, r := range doc.Records {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	res, err := exec.Command(py, filepath.Join(shared, "eval/score.py"), filepath.Join(shared, "eval/gold-dev.jsonl"), out, "--json").Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	var got map[string]map[string]float64
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatalf("score.py output: %v\n%s", err, res)
	}
	bar := []struct {
		field, stat string
		min         float64
	}{
		{"people", "f1", 0.95}, {"bodies", "f1", 0.95}, {"places", "f1", 0.95}, {"dates", "acc", 1},
		{"legislator", "f1", 0.95}, {"venue", "f1", 0.96}, {"venue", "p", 0.95}, {"body_country", "f1", 0.90},
		{"body_part_of", "f1", 0.85}, {"person_country", "f1", 0.90}, {"person_member_of", "f1", 0.85},
		{"participant", "acc", 0.95},
	}
	for _, b := range bar {
		if v := got[b.field][b.stat]; v < b.min {
			t.Errorf("%s %s = %.3f, want ≥ %.2f", b.field, b.stat, v, b.min)
		}
	}
}

// TestVenueOfNestedPlaceNames reads a place named inside another's name ("Bissau,
// Guinea-Bissau": the city's name ends the country's), which once sliced the text
// backwards and crashed the extractor.
func TestVenueOfNestedPlaceNames(t *testing.T) {
	doc := extractText(t, "June 2013\n\nEarly June - The Ocean Rights Exchange held a conference in Bissau, "+
		"Guinea-Bissau on foreign affairs. Senator Ada Obi, member of the Parliament of Nigeria, took part.\n")
	if len(doc.Records) != 1 {
		t.Fatalf("%d records, want 1", len(doc.Records))
	}
	venues := map[string]bool{}
	for _, p := range doc.Records[0].Places {
		venues[p.Name] = p.Venue
	}
	if !venues["Bissau"] {
		t.Errorf("Bissau is not the venue: places %v", doc.Records[0].Places)
	}
}

// A place named inside another's name ("Hull" in "Kingston upon Hull") gives two
// overlapping mentions; the venue rules used to slice the text between them backwards
// and panic.
func TestVenuesOverlappingPlaces(t *testing.T) {
	doc := extractText(t, "March 2011\n\nMarch 4 – A delegation of the Parliament of the Netherlands visited Kingston upon Hull. The participants called for open borders.\n")
	if len(doc.Records) != 1 {
		t.Fatalf("%d records, want 1", len(doc.Records))
	}
	for _, p := range doc.Records[0].Places {
		if p.Name == "Kingston upon Hull" || slices.Contains(p.Aliases, "Kingston upon Hull") {
			if !p.Venue {
				t.Errorf("%+v is no venue, want it one: the delegation visited it", p)
			}
			return
		}
	}
	t.Errorf("no place for Kingston upon Hull in %+v", doc.Records[0].Places)
}
