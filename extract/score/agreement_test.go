package score_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"annals/extract"
	"annals/extract/score"
)

// The reference scorer and the files it is run on, relative to this package.
const (
	scorePy    = "../../../shared/eval/score.py"
	goldDev    = "../../../shared/eval/gold-dev.jsonl"
	sampleText = "../../../shared/corpus/iran-resistance-2023.txt"
)

// pythonScore runs a score.py on two files and returns its standard output.
func pythonScore(t *testing.T, script, gold, sys string, args ...string) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	cmd := exec.Command(py, append([]string{script, gold, sys}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	return string(out)
}

func goScore(t *testing.T, gold, sys string, opts score.Options, asJSON bool) string {
	t.Helper()
	load := func(path string) *score.Set {
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
	r := score.Score(load(gold), load(sys), opts)
	var b bytes.Buffer
	write := r.WriteText
	if asJSON {
		write = r.WriteJSON
	}
	if err := write(&b, true); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// agree checks that the Go scorer prints exactly what score.py prints, in text and
// JSON, with misses.
func agree(t *testing.T, gold, sys string, from, to int) {
	t.Helper()
	opts := score.Options{FromLine: from, ToLine: to}
	var extra []string
	if to > 0 {
		extra = []string{"--lines", fmt.Sprintf("%d-%d", from, to)}
	}
	for _, asJSON := range []bool{false, true} {
		args := append([]string{"--misses"}, extra...)
		if asJSON {
			args = append(args, "--json")
		}
		want := pythonScore(t, scorePy, gold, sys, args...)
		got := goScore(t, gold, sys, opts, asJSON)
		if got != want {
			t.Errorf("json=%v disagrees:\n%s", asJSON, firstDiff(got, want))
		}
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:", i+1) + "\n  go:     " + gl + "\n  python: " + wl
		}
	}
	return ""
}

// TestAgreesWithScorePyOnPerturbedGold scores systems made from the gold file by
// dropping, renaming, duplicating and re-titling items, flipping flags, moving dates
// and removing entries, so every rule of the scorer is exercised whatever the
// extractor's quality.
func TestAgreesWithScorePyOnPerturbedGold(t *testing.T) {
	if _, err := os.Stat(goldDev); err != nil {
		t.Skip("gold-dev.jsonl not present")
	}
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			sys := filepath.Join(t.TempDir(), "perturbed.jsonl")
			writePerturbed(t, goldDev, sys, seed)
			agree(t, goldDev, sys, 0, 0)
			if seed == 1 {
				agree(t, goldDev, sys, 30, 120)
			}
		})
	}
	t.Run("gold against itself", func(t *testing.T) {
		agree(t, goldDev, goldDev, 0, 0)
	})
}

// TestAgreesWithScorePyOnFixtures scores the perturbed fixture golds the same way.
func TestAgreesWithScorePyOnFixtures(t *testing.T) {
	golds, _ := filepath.Glob("../testdata/fixtures/*.gold.jsonl")
	if len(golds) == 0 {
		t.Skip("no fixtures")
	}
	for _, g := range golds {
		t.Run(filepath.Base(g), func(t *testing.T) {
			sys := filepath.Join(t.TempDir(), "perturbed.jsonl")
			writePerturbed(t, g, sys, 7)
			agree(t, g, sys, 0, 0)
		})
	}
}

// TestAgreesWithScorePyOnExtractorOutput runs the extractor on the sample and
// compares the two scorers on its output, whatever the extractor finds.
func TestAgreesWithScorePyOnExtractorOutput(t *testing.T) {
	f, err := os.Open(sampleText)
	if err != nil {
		t.Skip("sample corpus not present")
	}
	defer f.Close()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(f, extract.Options{Source: filepath.Base(sampleText)})
	if err != nil {
		t.Fatal(err)
	}
	sys := filepath.Join(t.TempDir(), "system.jsonl")
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := range doc.Records {
		if err := enc.Encode(&doc.Records[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(sys, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("extractor wrote %d records", len(doc.Records))
	agree(t, goldDev, sys, 0, 0)

	// The in-memory path (FromRecords) scores as the file does.
	set, err := score.FromRecords(doc.Records)
	if err != nil {
		t.Fatal(err)
	}
	gf, err := os.Open(goldDev)
	if err != nil {
		t.Fatal(err)
	}
	defer gf.Close()
	gold, err := score.Load(gf)
	if err != nil {
		t.Fatal(err)
	}
	var mem bytes.Buffer
	if err := score.Score(gold, set, score.Options{}).WriteText(&mem, true); err != nil {
		t.Fatal(err)
	}
	if file := goScore(t, goldDev, sys, score.Options{}, false); mem.String() != file {
		t.Errorf("FromRecords scores differently from the written file:\n%s", firstDiff(mem.String(), file))
	}
}

// writePerturbed writes a system file derived from a gold file.
func writePerturbed(t *testing.T, goldPath, out string, seed uint64) {
	t.Helper()
	data, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 99))
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		if rng.Float64() < 0.08 {
			continue // entry not found
		}
		perturbDate(r, rng)
		for _, k := range []string{"people", "bodies", "places"} {
			r[k] = perturbItems(k, r[k], rng)
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if rng.Float64() < 0.05 {
			// An extra entry at a line gold does not have.
			extra := map[string]any{"line": r["line"].(float64) + 1, "people": []any{map[string]any{"name": "Nobody Atall"}}}
			if err := enc.Encode(extra); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func perturbDate(r map[string]any, rng *rand.Rand) {
	d, _ := r["date"].(map[string]any)
	switch x := rng.Float64(); {
	case d == nil:
	case x < 0.08:
		d["end"] = "2099-01-01"
	case x < 0.12:
		delete(d, "start")
	case x < 0.15:
		r["date"] = nil
	}
}

var titles = []string{"Dr. ", "Mr. ", "Senator ", "The Rt. Hon. ", "Former ", "Prof. Dr. "}

func perturbItems(kind string, v any, rng *rand.Rand) any {
	items, _ := v.([]any)
	var out []any
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			out = append(out, it)
			continue
		}
		m = cloneMap(m)
		delete(m, "optional")
		name, _ := m["name"].(string)
		x := rng.Float64()
		switch {
		case x < 0.12:
			continue // missed
		case x < 0.20:
			m["name"] = "Zz " + name + " Qx" // renamed: a miss and a spurious item
			m["aliases"] = []any{}
		case x < 0.30:
			if as, _ := m["aliases"].([]any); len(as) > 0 {
				m["name"] = as[rng.IntN(len(as))]
				m["aliases"] = []any{}
			}
		case x < 0.40 && kind == "people":
			m["name"] = titles[rng.IntN(len(titles))] + name
			if rng.Float64() < 0.3 {
				m["name"] = m["name"].(string) + ", Jr."
			}
		case x < 0.45:
			m["name"] = "the " + strings.ToUpper(name) + "’s"
		}
		perturbRoles(kind, m, rng)
		switch kind {
		case "people":
			if rng.Float64() < 0.15 {
				m["legislator"] = !truthy(m["legislator"])
			}
			if rng.Float64() < 0.1 {
				delete(m, "participant")
			} else if rng.Float64() < 0.15 {
				m["participant"] = !truthy(m["participant"])
			}
		case "bodies":
			if rng.Float64() < 0.15 {
				m["legislative"] = !truthy(m["legislative"])
			}
		case "places":
			if rng.Float64() < 0.15 {
				m["kind"] = []string{"city", "region", "country", "site"}[rng.IntN(4)]
			}
		}
		if rng.Float64() < 0.05 {
			out = append(out, m["name"]) // a bare string
		} else {
			out = append(out, m)
		}
		if rng.Float64() < 0.08 {
			out = append(out, cloneMap(m)) // a duplicate
		}
	}
	if rng.Float64() < 0.25 {
		out = append(out, map[string]any{"name": "Spurious Thing", "kind": "city", "legislator": true, "legislative": true,
			"venue": rng.Float64() < 0.5, "country": "Nowhere", "member_of": []any{"Spurious Body"}})
	}
	if rng.Float64() < 0.2 {
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out
}

// perturbRoles changes the format-version-2 fields of an item: countries, parents,
// venues and memberships wrong, missing, null or added.
func perturbRoles(kind string, m map[string]any, rng *rand.Rand) {
	str := func(key string) {
		switch x := rng.Float64(); {
		case x < 0.1:
			m[key] = "Elsewhere"
		case x < 0.18:
			delete(m, key)
		case x < 0.22:
			m[key] = nil
		case x < 0.26:
			m[key] = "the " + strings.ToUpper(fmt.Sprint(m[key])) + "’s"
		}
	}
	switch kind {
	case "people":
		str("country")
		if ms, ok := m["member_of"].([]any); ok {
			ms = append([]any(nil), ms...)
			switch x := rng.Float64(); {
			case x < 0.1 && len(ms) > 0:
				ms = ms[1:]
			case x < 0.2:
				ms = append(ms, "Some Other Body")
			case x < 0.25:
				delete(m, "member_of")
				return
			}
			m["member_of"] = ms
		} else if rng.Float64() < 0.2 {
			m["member_of"] = []any{"Some Other Body"}
		}
	case "bodies":
		str("country")
		str("part_of")
	case "places":
		if rng.Float64() < 0.15 {
			m["venue"] = !truthy(m["venue"])
		} else if rng.Float64() < 0.05 {
			delete(m, "venue")
		}
	}
}

func truthy(v any) bool { b, _ := v.(bool); return b }

func cloneMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
