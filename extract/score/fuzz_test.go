package score_test

import (
	"bytes"
	"testing"

	"annals/extract/score"
)

// FuzzLoadScore feeds arbitrary bytes as both gold and system records: Load either
// fails with an error or returns a set that Score and both writers handle.
func FuzzLoadScore(f *testing.F) {
	f.Add([]byte(`{"line": 3, "people": [{"name": "Dr. Jane Roe", "aliases": ["Roe"], "legislator": true, "participant": 1}], "places": ["Trim", {"name": "Meath", "kind": null}]}`))
	f.Add([]byte(`{"line": "4", "date": {"start": "2019-01-01"}, "bodies": [{"name": null, "aliases": [null, ""]}]}` + "\n\n" + `{"line": 4.9}`))
	f.Add([]byte(`{"line": 1, "date": null, "people": null, "optional": [], "legislator": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := score.Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		r := score.Score(s, s, score.Options{})
		// Names may be empty (never matched), but entries and dates always agree.
		if r.EntriesFound.Found != r.EntriesFound.N || *r.Dates.Acc != 1 {
			t.Errorf("a set scored against itself: entries %+v, dates %v", r.EntriesFound, *r.Dates.Acc)
		}
		var b bytes.Buffer
		if err := r.WriteText(&b, true); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteJSON(&b, true); err != nil {
			t.Fatal(err)
		}
	})
}
