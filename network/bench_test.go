package network_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"annals/extract"
	"annals/loader"
	"annals/network"
)

// syntheticRecords is a generated chronology of the shape of the sample's: people
// attend events two to six at a time (a few of them often: actors are drawn from a
// skewed distribution), bodies are named in some, every person in at least one.
func syntheticRecords(people, bodies, events int) []extract.Record {
	rng := rand.New(rand.NewPCG(7, 7))
	skewed := func(n int) int { // more small indexes: a few prominent actors
		x := rng.Float64()
		return int(x * x * x * float64(n))
	}
	recs := make([]extract.Record, events)
	next := 0
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		d := day.AddDate(0, 0, i*365/events).Format(time.DateOnly)
		r := extract.Record{
			Source: "synthetic.txt", Line: 2*i + 1, Span: [2]int{i * 100, i*100 + 90},
			Date: &extract.Date{Text: d, Start: d, End: d, Precision: "day"},
			Kind: extract.KindConference, Text: fmt.Sprintf("%s – a generated entry.", d),
		}
		seen := map[int]bool{}
		k := 2 + rng.IntN(5)
		for len(r.People) < k {
			p := skewed(people)
			if next < people && len(r.People) < 2 {
				p, next = next, next+1 // every person appears at least once
			}
			if seen[p] {
				continue
			}
			seen[p] = true
			r.People = append(r.People, extract.Person{
				Name: fmt.Sprintf("Person %d", p), Participant: rng.IntN(10) > 0, Legislator: p%7 == 0,
			})
		}
		for b := rng.IntN(3); b > 0; b-- {
			r.Bodies = append(r.Bodies, extract.Body{Name: fmt.Sprintf("Body %d", skewed(bodies))})
		}
		recs[i] = r
	}
	return recs
}

func syntheticSnapshot(b *testing.B, people, bodies, events int) *network.Snapshot {
	b.Helper()
	quads := loader.Quads("synthetic.txt", syntheticRecords(people, bodies, events))
	snap, err := network.FromQuads(context.Background(), quads)
	if err != nil {
		b.Fatal(err)
	}
	return snap
}

func reportRSS(b *testing.B) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	}
}

// cpuClock returns a function that reports the CPU time (user + system) of the process
// per iteration since cpuClock was called: on a shared machine wall time varies with
// the load, CPU time much less.
func cpuClock(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		b.ReportMetric((cpu()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
}

// Sizes of the generated networks: ≥ 10k actors.
var benchSizes = []struct{ people, bodies, events int }{
	{2000, 100, 1200},
	{10000, 500, 6000},
}

// BenchmarkProjection: the subgraph (whole graph) and its co-appearance network.
func BenchmarkProjection(b *testing.B) {
	for _, sz := range benchSizes {
		snap := syntheticSnapshot(b, sz.people, sz.bodies, sz.events)
		b.Run(fmt.Sprintf("actors=%d", sz.people+sz.bodies), func(b *testing.B) {
			b.ReportAllocs()
			defer cpuClock(b)()
			var n *network.Network
			for b.Loop() {
				sub, err := network.Select(snap, network.Selection{}, nil)
				if err != nil {
					b.Fatal(err)
				}
				n = sub.Projected()
			}
			b.ReportMetric(float64(len(n.Nodes)), "nodes")
			b.ReportMetric(float64(len(n.Edges)), "edges")
			reportRSS(b)
		})
	}
}

// BenchmarkAnalyze: every metric (degree, betweenness, PageRank, components,
// communities) of the co-appearance network, and all but betweenness. Weighted
// betweenness is left out (WeightedBetweennessMax).
func BenchmarkAnalyze(b *testing.B) {
	for _, sz := range benchSizes {
		snap := syntheticSnapshot(b, sz.people, sz.bodies, sz.events)
		sub, err := network.Select(snap, network.Selection{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, bc := range []struct {
			name string
			opts network.Options
		}{
			{"all", network.Options{}},
			{"no-betweenness", network.Options{BetweennessMax: 1}},
			{"defaults", network.DefaultOptions},
		} {
			b.Run(fmt.Sprintf("actors=%d/%s", sz.people+sz.bodies, bc.name), func(b *testing.B) {
				b.ReportAllocs()
				defer cpuClock(b)()
				for b.Loop() {
					n := sub.Projected()
					network.AnalyzeWith(n, bc.opts)
				}
				reportRSS(b)
			})
		}
	}
}

// BenchmarkEgo: the depth-2 ego network of a prominent actor, with its metrics under
// DefaultOptions.
func BenchmarkEgo(b *testing.B) {
	for _, sz := range benchSizes {
		snap := syntheticSnapshot(b, sz.people, sz.bodies, sz.events)
		b.Run(fmt.Sprintf("actors=%d", sz.people+sz.bodies), func(b *testing.B) {
			b.ReportAllocs()
			defer cpuClock(b)()
			var n *network.Network
			for b.Loop() {
				sub, err := network.Select(snap, network.Selection{Seeds: []string{"Person 5"}, Depth: 2}, nil)
				if err != nil {
					b.Fatal(err)
				}
				if n, err = sub.View(network.Projected, true); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(n.Nodes)), "nodes")
		})
	}
}

// BenchmarkAllMetrics10k: every metric, no size limit, on the 10.5k-actor network (the
// issue's bar). Betweenness dominates: run it alone, once (-benchtime 1x).
func BenchmarkAllMetrics10k(b *testing.B) {
	sz := benchSizes[len(benchSizes)-1]
	snap := syntheticSnapshot(b, sz.people, sz.bodies, sz.events)
	sub, err := network.Select(snap, network.Selection{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer cpuClock(b)()
	var n *network.Network
	for b.Loop() {
		n = sub.Projected()
		network.AnalyzeWith(n, network.Options{})
	}
	b.ReportMetric(float64(len(n.Nodes)), "nodes")
	b.ReportMetric(float64(len(n.Edges)), "edges")
	reportRSS(b)
}
