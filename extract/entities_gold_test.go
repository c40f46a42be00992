package extract_test

import (
	"bytes"
	"os"
	"testing"

	"annals/extract"
	"annals/extract/score"
)

// TestEntitiesOnGold runs the extractor on the sample chronology and holds people,
// bodies and places, and the legislator flag of every matched person, to the issue's
// bar of F1 ≥ 0.95 against the hand-made gold answers (scored as score.py scores,
// with the flags of every entry counted).
func TestEntitiesOnGold(t *testing.T) {
	data := readSample(t)
	goldData, err := os.ReadFile(goldPath)
	if os.IsNotExist(err) {
		t.Skipf("gold file absent: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	gold, err := score.Load(bytes.NewReader(goldData))
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(bytes.NewReader(data), extract.Options{Source: "iran-resistance-2023.txt"})
	if err != nil {
		t.Fatal(err)
	}
	sys, err := score.FromRecords(doc.Records)
	if err != nil {
		t.Fatal(err)
	}
	res := score.Score(gold, sys, score.Options{})
	const bar = 0.95
	for _, c := range []struct {
		name string
		f1   float64
	}{
		{"people", res.People.F1},
		{"bodies", res.Bodies.F1},
		{"places", res.Places.F1},
		{"legislator", res.Legislator.F1},
	} {
		if c.f1 < bar {
			t.Errorf("%s F1 = %.3f, want ≥ %.2f", c.name, c.f1, bar)
		}
	}
	if t.Failed() || testing.Verbose() {
		var buf bytes.Buffer
		if err := res.WriteText(&buf, true); err != nil {
			t.Fatal(err)
		}
		t.Log("\n" + buf.String())
	}
}
