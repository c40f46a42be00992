package loader_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strconv"
	"testing"

	"annals/graph"
	"annals/loader"
)

// fuzzErrRE is the "name:line: reason" shape of ReadJSONL's errors.
var fuzzErrRE = regexp.MustCompile(`^in\.jsonl:(\d+): `)

// FuzzLoadJSONL feeds arbitrary bytes to the extraction-record reader and loads what it
// accepts into a memory store. A malformed file must fail with its file and line and no
// records; an accepted one must load document by document, all or nothing, into exactly
// the quads loader.Quads states, and loading it again must change nothing.
func FuzzLoadJSONL(f *testing.F) {
	for _, file := range []string{"testdata/two-documents.jsonl", "testdata/malformed.jsonl", "testdata/truncated.jsonl"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"line":1,"span":[0,3],"text":"abc","people":[{"name":"A B","participant":true}]}` + "\n\n"))
	f.Add([]byte(`{"source":"x","line":2,"span":[5,1]}` + "\n" + `{"source":"x","line":2,"span":[0,1]}`))
	f.Add([]byte(`{"line":3,"span":[0,0],"places":[{"name":"Z","kind":"country"},{"name":"Y","country":"Z","lat":1e308}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := loader.ReadJSONL(bytes.NewReader(data), "in.jsonl")
		if err != nil {
			m := fuzzErrRE.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q does not start with file:line", err)
			}
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("error names line %s of a %d-line input", m[1], bytes.Count(data, []byte("\n"))+1)
			}
			if recs != nil {
				t.Fatalf("%d records with error %v", len(recs), err)
			}
			return
		}
		ctx := context.Background()
		s, err := graph.Open(ctx, graph.Config{Kind: graph.KindMemory})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		sources, docs := loader.BySource(recs, "in.jsonl")
		// Sources whose names fold to one key ("a.txt", "A.TXT") are one document: the
		// later replaces the earlier.
		want := map[string]int64{}
		for _, src := range sources {
			before := count(t, s)
			sum, err := loader.LoadDocument(ctx, s, src, docs[src])
			if err != nil {
				if after := count(t, s); after != before {
					t.Fatalf("%s failed (%v) but the store went from %d to %d quads", src, err, before, after)
				}
				continue
			}
			n := int64(len(loader.Quads(src, docs[src])))
			key := string(graph.DocumentIRI(src))
			if _, replaced := want[key]; !replaced && (int64(sum.QuadsAdded) != n || sum.QuadsRemoved != 0) {
				t.Fatalf("%s: summary %+v, loader.Quads has %d", src, sum, n)
			}
			want[key] = n
			if again, err := loader.LoadDocument(ctx, s, src, docs[src]); err != nil || again.QuadsAdded != 0 || again.QuadsRemoved != 0 {
				t.Fatalf("%s: reload: %+v, %v", src, again, err)
			}
		}
		var total int64
		for _, n := range want {
			total += n
		}
		if got := count(t, s); got != total {
			t.Fatalf("%d quads in the store, the loaded documents state %d", got, total)
		}
	})
}
