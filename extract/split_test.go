package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/extract"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/split")

// TestSplitEntriesGolden splits the chronologies of testdata/split, written in other
// styles than the sample (a wiki timeline, a Markdown season review with wrapped
// lines, a CRLF science digest crossing the year end, a digest without month
// headers), and compares the whole result with its golden file.
func TestSplitEntriesGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/split/*.*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.json") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := extract.SplitEntries(data, extract.Options{Source: filepath.Base(in)})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, data, doc)
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(in, filepath.Ext(in)) + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s (go test -run Golden -update, then review the diff):\n%s", golden, got)
			}
		})
	}
	if n == 0 {
		t.Fatal("no inputs in testdata/split")
	}
}
