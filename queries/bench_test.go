package queries_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/queries"

	"golang.org/x/sys/unix"
)

// generated builds a chronology of n entries over ten years: people, bodies and places
// drawn with a power-law popularity (a few hubs cited in many entries, a long tail
// cited once), a third of the people legislators, a quarter of the bodies legislative.
func generated(source string, n int, seed uint64) []extract.Record {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	people := rand.NewZipf(rng, 1.2, 1, uint64(max(50, n/3)))
	bodies := rand.NewZipf(rng, 1.3, 1, uint64(max(20, n/15)))
	places := rand.NewZipf(rng, 1.2, 1, uint64(max(20, n/20)))
	kinds := []string{extract.KindConference, extract.KindRally, extract.KindStatement, extract.KindMeeting,
		extract.KindHearing, extract.KindVisit, extract.KindLetter, extract.KindResolution}
	first := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]extract.Record, n)
	off := 0
	for i := range recs {
		day := first.AddDate(0, 0, i*3650/n)
		end := day
		prec := "day"
		if i%10 == 0 {
			end, prec = day.AddDate(0, 0, 1+rng.IntN(5)), "range"
		}
		r := extract.Record{
			Source: source, Line: 2*i + 1, Kind: kinds[rng.IntN(len(kinds))],
			Date: &extract.Date{Text: day.Format("January 2"), Start: day.Format("2006-01-02"), End: end.Format("2006-01-02"), Precision: prec},
		}
		var names []string
		for j := 0; j < 1+rng.IntN(4); j++ {
			k := people.Uint64()
			name := fmt.Sprintf("Person Number%d", k)
			names = append(names, name)
			p := extract.Person{
				Name: name, Aliases: []string{fmt.Sprintf("Mr. Number%d", k)},
				Roles:      []string{fmt.Sprintf("Member of Council %d", k%50)},
				Legislator: k%3 == 0, Participant: rng.IntN(5) > 0,
			}
			if p.Legislator { // record format version 2: a country and a legislative body
				p.Country = fmt.Sprintf("Country%d", k%60)
				p.MemberOf = []string{fmt.Sprintf("Assembly of Region %d", k%50*4)}
			}
			r.People = append(r.People, p)
		}
		for j := 0; j < rng.IntN(3); j++ {
			k := bodies.Uint64()
			o := extract.Body{Name: fmt.Sprintf("Assembly of Region %d", k),
				Aliases: []string{fmt.Sprintf("AR%d", k)}, Legislative: k%4 == 0}
			if k%10 == 4 { // a chamber of a larger assembly
				o.PartOf = fmt.Sprintf("Assembly of Region %d", k/10*10)
			}
			r.Bodies = append(r.Bodies, o)
		}
		for j := 0; j < rng.IntN(2)+1; j++ {
			k := places.Uint64()
			r.Places = append(r.Places, extract.Place{Name: fmt.Sprintf("Town%d", k), Kind: "city",
				Country: fmt.Sprintf("Country%d", k%60), Lat: float64(k%180) - 90, Lon: float64(k%360) - 180, GeonameID: 100000 + int(k),
				Venue: j == 0})
		}
		r.Text = fmt.Sprintf("%s – At a %s, %v met; a generated sentence long enough to look like the entry of a real report.",
			r.Date.Text, r.Kind, names)
		r.Span = [2]int{off, off + len(r.Text)}
		off += len(r.Text) + 2
		recs[i] = r
	}
	return recs
}

// benchGraph is a generated graph loaded by the loader into a memory store.
type benchGraph struct {
	store *graph.Store
	index *queries.Index
	recs  []extract.Record
	quads int64
}

var (
	benchMu     sync.Mutex
	benchGraphs = map[int]*benchGraph{}
	benchStore  = flag.String("store", graph.KindMemory, "store kind of BenchmarkQueries: memory or bolt")
	benchSizes  = flag.String("sizes", "10k,100k,1M", "graph sizes of BenchmarkQueries, among 10k, 100k and 1M")
)

// graphOf loads (once per size) a generated graph of entries entries, in documents of
// 1000 entries each.
func graphOf(b *testing.B, entries int) *benchGraph {
	benchMu.Lock()
	defer benchMu.Unlock()
	if g := benchGraphs[entries]; g != nil {
		return g
	}
	ctx := context.Background()
	cfg := graph.Config{Kind: *benchStore}
	if cfg.Kind == graph.KindBolt {
		cfg.Addr = filepath.Join(b.TempDir(), "bench.db")
	}
	s, err := graph.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	g := &benchGraph{store: s}
	start := time.Now()
	for doc := 0; doc*1000 < entries; doc++ {
		source := fmt.Sprintf("generated-%03d.txt", doc)
		recs := generated(source, min(1000, entries-doc*1000), uint64(doc+1))
		if _, err := loader.LoadDocument(ctx, s, source, recs); err != nil {
			b.Fatal(err)
		}
		g.recs = append(g.recs, recs...)
	}
	loaded := time.Since(start)
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	start = time.Now()
	if g.index, err = queries.NewIndex(ctx, s); err != nil {
		b.Fatal(err)
	}
	indexed := time.Since(start)
	indexMB := float64(int64(heap())-int64(before)) / (1 << 20)
	st, _ := s.Stats(ctx, true)
	g.quads = st.Quads.Value
	b.Logf("graph of %d entries: %d quads, loaded in %s; index built in %s, %.0f MiB of heap (store and index: %.0f MiB)",
		entries, g.quads, loaded.Round(time.Millisecond), indexed.Round(time.Millisecond), indexMB, float64(heap())/(1<<20))
	benchGraphs[entries] = g
	return g
}

// benchCase is a named query and a way to draw its parameters.
type benchCase struct {
	name   string
	fn     queries.Func
	params func(g *benchGraph, rng *rand.Rand) queries.Params
}

// actor draws a person as users meet them: a random person of a random entry, so that
// hubs come up as often as the sources cite them.
func actor(g *benchGraph, rng *rand.Rand) string {
	for {
		r := g.recs[rng.IntN(len(g.recs))]
		if len(r.People) > 0 {
			return graph.Key(r.People[rng.IntN(len(r.People))].Name)
		}
	}
}

func anEvent(g *benchGraph, rng *rand.Rand) string {
	r := g.recs[rng.IntN(len(g.recs))]
	return queries.IDOf(graph.EventIRI(r.Source, r.Line))
}

var benchCases = []benchCase{
	{"legislators-of-event", queries.LegislatorEventsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{Event: anEvent(g, rng)}
	}},
	{"legislators-of-country-month", queries.LegislatorEventsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		r := g.recs[rng.IntN(len(g.recs))]
		return queries.Params{Country: r.Places[0].Country, From: r.Date.Start[:7], To: r.Date.Start[:7]}
	}},
	{"person-profile", queries.PersonQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{ID: actor(g, rng)}
	}},
	{"place-profile", queries.PlaceQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		r := g.recs[rng.IntN(len(g.recs))]
		return queries.Params{ID: fmt.Sprint(r.Places[0].GeonameID)}
	}},
	{"coappearance", queries.CoAppearanceQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{Actor: actor(g, rng)}
	}},
	{"event", queries.EventQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{ID: anEvent(g, rng)}
	}},
	{"events-of-month", queries.EventsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		r := g.recs[rng.IntN(len(g.recs))]
		return queries.Params{From: r.Date.Start[:7], To: r.Date.Start[:7]}
	}},
	{"events-of-place-and-words", queries.EventsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		r := g.recs[rng.IntN(len(g.recs))]
		return queries.Params{Place: r.Places[0].Name, Text: "met " + r.Kind}
	}},
	{"path", queries.PathQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{Actor: actor(g, rng), Other: actor(g, rng)}
	}},
	{"search", queries.SearchQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		name := g.recs[rng.IntN(len(g.recs))].People[0].Name
		return queries.Params{Text: name[:min(len(name), 10+rng.IntN(4))], Limit: 10}
	}},
	{"stats", queries.StatsQuery, func(*benchGraph, *rand.Rand) queries.Params { return queries.Params{} }},
	{"legislator-groups-of-event", queries.LegislatorGroupsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{Event: anEvent(g, rng)}
	}},
	{"legislators-by-country-month", queries.LegislatorGroupsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		r := g.recs[rng.IntN(len(g.recs))]
		return queries.Params{By: "country", From: r.Date.Start[:7], To: r.Date.Start[:7]}
	}},
	{"venue-events-of-country", queries.VenueEventsQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		r := g.recs[rng.IntN(len(g.recs))]
		return queries.Params{Place: "country:" + graph.Key(r.Places[0].Country), Limit: 20}
	}},
	{"venues-of-person", queries.VenuesQuery, func(g *benchGraph, rng *rand.Rand) queries.Params {
		return queries.Params{Actor: actor(g, rng)}
	}},
}

// BenchmarkQueries times each named query on generated graphs of about 10k, 100k and
// 1M quads, with parameters drawn anew for each call, and reports the median and the
// 99th percentile of the latencies (run with -benchtime=1000x for stable tails): wall
// time, and the CPU time of the thread running the query, which a busy shared machine
// does not inflate (the queries run on the caller's goroutine, which is locked to its
// thread here; the garbage collector's background work is not counted).
func BenchmarkQueries(b *testing.B) {
	for _, size := range []struct {
		name    string
		entries int
	}{{"10k", 300}, {"100k", 3000}, {"1M", 30000}} {
		if !slices.Contains(strings.Split(*benchSizes, ","), size.name) {
			continue
		}
		b.Run("quads="+size.name, func(b *testing.B) {
			g := graphOf(b, size.entries)
			for _, bc := range benchCases {
				b.Run(bc.name, func(b *testing.B) {
					rng := rand.New(rand.NewPCG(7, 11))
					ctx := context.Background()
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
					var wall, cpu []time.Duration
					for b.Loop() {
						p := bc.params(g, rng)
						p.Index = g.index
						start, cpu0 := time.Now(), threadCPU(b)
						if _, err := bc.fn(ctx, g.store, p); err != nil {
							b.Fatalf("%s %+v: %v", bc.name, p, err)
						}
						wall = append(wall, time.Since(start))
						cpu = append(cpu, threadCPU(b)-cpu0)
					}
					slices.Sort(wall)
					slices.Sort(cpu)
					b.ReportMetric(ms(wall[len(wall)/2]), "p50-ms")
					b.ReportMetric(ms(wall[min(len(wall)-1, len(wall)*99/100)]), "p99-ms")
					b.ReportMetric(ms(cpu[len(cpu)/2]), "cpu-p50-ms")
					b.ReportMetric(ms(cpu[min(len(cpu)-1, len(cpu)*99/100)]), "cpu-p99-ms")
				})
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// threadCPU is the CPU time the calling thread has used.
func threadCPU(b *testing.B) time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ts.Nano())
}
