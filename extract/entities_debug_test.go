package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteRecords writes the records of the files in $ENTITIES_IN (separated by ":")
// as JSON Lines next to $ENTITIES_OUT_DIR, for scoring by hand.
func TestWriteRecords(t *testing.T) {
	in, outDir := os.Getenv("ENTITIES_IN"), os.Getenv("ENTITIES_OUT_DIR")
	if in == "" || outDir == "" {
		t.Skip("set ENTITIES_IN and ENTITIES_OUT_DIR")
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Split(in, ":") {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := x.Extract(f, Options{Source: filepath.Base(p)})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(outDir, strings.TrimSuffix(filepath.Base(p), ".txt")+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(out)
		for _, r := range doc.Records {
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
		out.Close()
	}
}
