package extract

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugEntities(t *testing.T) {
	if os.Getenv("ENTDEBUG") == "" {
		t.Skip()
	}
	data, _ := os.ReadFile("../../shared/corpus/iran-resistance-2023.txt")
	x, _ := New()
	doc, err := SplitEntries(data, Options{Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	d := newDocIndex(x.gz)
	_ = d
	recs := doc.Records
	var gz placeIndex = x.gz
	entries := make([]*entryScan, len(recs))
	d = newDocIndex(gz)
	for i := range recs {
		entries[i] = newEntryScan(recs[i].Text)
		d.collectDefinitions(entries[i])
	}
	for _, e := range entries {
		d.findBodies(e)
		d.findTitledPeople(e)
		d.findBodyHeads(e)
	}
	for _, e := range entries {
		d.findKnownBodies(e)
		d.findCuedPeople(e)
	}
	for i, e := range entries {
		for _, m := range e.people {
			if m.legislator {
				fmt.Println(recs[i].Line, m.name, m.surface, m.roles, m.listCue)
			}
		}
	}
}
