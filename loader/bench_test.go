package loader_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/loader"

	cgraph "github.com/cayleygraph/cayley/graph"
)

// syntheticChronicle generates n entries of an invented chronology: people, bodies and
// places drawn with a power-law popularity from pools of invented names, so that hubs
// (a body named in most entries) exist as in real chronologies.
func syntheticChronicle(source string, n int, seed uint64) []extract.Record {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	people := rand.NewZipf(rng, 1.2, 1, 20000)
	bodies := rand.NewZipf(rng, 1.3, 1, 2000)
	places := rand.NewZipf(rng, 1.2, 1, 3000)
	kinds := []string{extract.KindConference, extract.KindRally, extract.KindStatement, extract.KindMeeting, extract.KindHearing}
	recs := make([]extract.Record, n)
	off := 0
	for i := range recs {
		day := 1 + i%28
		month := 1 + (i/28)%12
		text := fmt.Sprintf("Entry %d – invented text of a dated entry of a generated chronology, long enough to look like a sentence of a real report.", i)
		r := extract.Record{
			Source: source, Line: 2*i + 1, Span: [2]int{off, off + len(text)},
			Date: &extract.Date{Text: fmt.Sprintf("Month %d day %d", month, day),
				Start: fmt.Sprintf("2023-%02d-%02d", month, day), End: fmt.Sprintf("2023-%02d-%02d", month, day), Precision: "day"},
			Kind: kinds[i%len(kinds)],
			Text: text,
		}
		off += len(text) + 1
		for j := 0; j < 1+rng.IntN(4); j++ {
			k := people.Uint64()
			r.People = append(r.People, extract.Person{
				Name:        fmt.Sprintf("Person Number%d", k),
				Aliases:     []string{fmt.Sprintf("Mr. Number%d", k)},
				Roles:       []string{fmt.Sprintf("Member of Council %d", k%50)},
				Legislator:  k%3 == 0,
				Participant: j < 2,
			})
		}
		for j := 0; j < rng.IntN(3); j++ {
			k := bodies.Uint64()
			r.Bodies = append(r.Bodies, extract.Body{Name: fmt.Sprintf("Assembly of Region %d", k), Aliases: []string{fmt.Sprintf("AR%d", k)}, Legislative: k%4 == 0})
		}
		for j := 0; j < rng.IntN(2)+1; j++ {
			k := places.Uint64()
			r.Places = append(r.Places, extract.Place{Name: fmt.Sprintf("Town%d", k), Kind: "city",
				Country: fmt.Sprintf("Country%d", k%60), Lat: float64(k%180) - 90, Lon: float64(k%360) - 180, GeonameID: 100000 + int(k)})
		}
		if i%50 == 0 {
			r.Warnings = []string{"a generated warning"}
		}
		recs[i] = r
	}
	return recs
}

// benchEntries is the size of the generated chronology; the default, 30,000 entries,
// gives about 660,000 quads (1.35 million before node statements were stated once per
// document).
var benchEntries = flag.Int("bench.entries", 30000, "entries of the generated chronology of the load benchmarks")

// BenchmarkLoad compares, in one run and on the same fresh store, our loader (records →
// quads → diff against the document in the store → one transaction) with Cayley's own
// bulk paths writing the same quads: ApplyDeltas in one transaction, and the store's
// batch QuadWriter. It reports quads/s of each and the ratio of ours to the faster one.
func BenchmarkLoad(b *testing.B) {
	const source = "generated.txt"
	recs := syntheticChronicle(source, *benchEntries, 1)
	quads := loader.Quads(source, recs)
	b.Logf("%d entries, %d quads", len(recs), len(quads))
	ctx := context.Background()

	kinds := []struct {
		name string
		cfg  func(b *testing.B) graph.Config
	}{
		{"memory", func(*testing.B) graph.Config { return graph.Config{Kind: graph.KindMemory} }},
		{"bolt", func(b *testing.B) graph.Config {
			return graph.Config{Kind: graph.KindBolt, Addr: filepath.Join(b.TempDir(), "annals.db")}
		}},
	}
	if dsn := os.Getenv("ANNALS_TEST_POSTGRES"); dsn != "" {
		kinds = append(kinds, struct {
			name string
			cfg  func(b *testing.B) graph.Config
		}{"postgres", func(b *testing.B) graph.Config {
			return graph.Config{Kind: graph.KindPostgres, Addr: freshSchema(b, dsn)}
		}})
	}
	paths := []struct {
		name string
		load func(s *graph.Store) error
	}{
		{"loader", func(s *graph.Store) error {
			_, err := loader.LoadDocument(ctx, s, source, recs)
			return err
		}},
		{"cayley-applydeltas", func(s *graph.Store) error {
			deltas := make([]cgraph.Delta, len(quads))
			for i, q := range quads {
				deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
			}
			return s.QuadStore.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
		}},
		{"cayley-quadwriter", func(s *graph.Store) error {
			w, err := s.QuadStore.NewQuadWriter()
			if err != nil {
				return err
			}
			if _, err := w.WriteQuads(quads); err != nil {
				w.Close()
				return err
			}
			return w.Close()
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			// Each iteration loads the same quads once by every path, each into a fresh
			// store, so the paths meet the same machine state and are compared in one run.
			best := make([]time.Duration, len(paths)) // the fastest of b.N loads
			cpu := make([]time.Duration, len(paths))  // user+system time of the process
			b.StopTimer()
			for n := range b.N {
				for j := range paths {
					i := (j + n) % len(paths) // each path goes first in turn
					p := paths[i]
					s, err := graph.Open(ctx, k.cfg(b))
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					start, cpu0 := time.Now(), cpuTime(b)
					if err := p.load(s); err != nil {
						b.Fatalf("%s: %v", p.name, err)
					}
					if took := time.Since(start); best[i] == 0 || took < best[i] {
						best[i] = took
					}
					cpu[i] += cpuTime(b) - cpu0
					b.StopTimer()
					if n, err := s.QuadCount(ctx); err != nil || n != int64(len(quads)) {
						b.Fatalf("%s: store holds %d quads (%v), want %d", p.name, n, err, len(quads))
					}
					s.Close()
				}
			}
			// Rates per second of wall time, of the fastest load of each path (other work
			// on a shared machine only slows a load down), and per second of CPU time of
			// the process over all loads.
			rates := make([]float64, len(paths))
			cpuRates := make([]float64, len(paths))
			for i, p := range paths {
				rates[i] = float64(len(quads)) / best[i].Seconds()
				cpuRates[i] = float64(len(quads)*b.N) / cpu[i].Seconds()
				b.ReportMetric(rates[i], p.name+"-quads/s")
				b.ReportMetric(cpuRates[i], p.name+"-quads/cpu-s")
			}
			b.ReportMetric(0, "ns/op") // the sum of three paths means nothing
			b.ReportMetric(rates[0]/max(rates[1], rates[2]), "loader/cayley")
			b.ReportMetric(cpuRates[0]/max(cpuRates[1], cpuRates[2]), "loader/cayley-cpu")
		})
	}
}

// BenchmarkQuads measures the mapping of records to quads alone.
func BenchmarkQuads(b *testing.B) {
	recs := syntheticChronicle("generated.txt", *benchEntries, 1)
	n := 0
	for b.Loop() {
		n = len(loader.Quads("generated.txt", recs))
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkReload measures loading a document again: unchanged (every quad of the
// document read back and compared) and with one entry in a hundred edited.
func BenchmarkReload(b *testing.B) {
	const source = "generated.txt"
	recs := syntheticChronicle(source, *benchEntries, 1)
	edited := syntheticChronicle(source, *benchEntries, 1)
	for i := 0; i < len(edited); i += 100 {
		edited[i].Text += " (corrected)"
		edited[i].People = edited[i].People[:len(edited[i].People)/2]
	}
	ctx := context.Background()
	for _, kind := range []string{graph.KindMemory, graph.KindBolt} {
		b.Run(kind, func(b *testing.B) {
			cfg := graph.Config{Kind: kind}
			if kind == graph.KindBolt {
				cfg.Addr = filepath.Join(b.TempDir(), "annals.db")
			}
			s, err := graph.Open(ctx, cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if _, err := loader.LoadDocument(ctx, s, source, recs); err != nil {
				b.Fatal(err)
			}
			stages := []struct {
				name string
				recs []extract.Record
				took time.Duration
			}{{"unchanged", recs, 0}, {"edited", edited, 0}, {"restored", recs, 0}}
			for b.Loop() {
				for i := range stages {
					start := time.Now()
					sum, err := loader.LoadDocument(ctx, s, source, stages[i].recs)
					if err != nil {
						b.Fatal(err)
					}
					stages[i].took += time.Since(start)
					if b.N == 1 {
						b.Logf("%s: +%d −%d quads in %s", stages[i].name, sum.QuadsAdded, sum.QuadsRemoved, time.Since(start).Round(time.Millisecond))
					}
				}
			}
			for _, st := range stages {
				b.ReportMetric(st.took.Seconds()/float64(b.N), st.name+"-s/op")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// cpuTime is the user and system time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var writeJSONL = flag.String("bench.jsonl", "", "write the generated chronology of the benchmarks (-bench.entries) as extraction records to this file, for `annals load`")

// TestWriteSyntheticJSONL writes the benchmarks' generated chronology as JSON Lines when
// -bench.jsonl is given, so that `annals load` can be measured on it (peak RSS).
func TestWriteSyntheticJSONL(t *testing.T) {
	if *writeJSONL == "" {
		t.Skip("no -bench.jsonl")
	}
	f, err := os.Create(*writeJSONL)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	recs := syntheticChronicle("generated.txt", *benchEntries, 1)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	back, err := readJSONL(t, *writeJSONL)
	if err != nil || len(back) != len(recs) {
		t.Fatalf("read back %d records (%v), wrote %d", len(back), err, len(recs))
	}
}
