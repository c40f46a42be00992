package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"annals/graph"
	"annals/internal/pgtest"
	"annals/queries"
)

// TestBench runs every stage of `annals bench` on a small generated chronology, as
// processes of the real binary: bolt and memory, PostgreSQL when the test server is
// configured, and the HTTP stage under the real wrk (which CI installs; elsewhere the
// stage is skipped with a note, and the test says so).
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs every stage")
	}
	fl := benchFlags{
		entries: []int{600}, seed: 3, dir: t.TempDir(), stores: []string{graph.KindBolt, graph.KindMemory},
		perDocument: 250, samples: 40, httpFor: time.Second, conns: 4, threads: 1, wrk: "wrk",
		bin: annalsBinary(t),
	}
	if dsn := pgtest.DSN(); dsn != "" {
		fl.stores, fl.postgres = append(fl.stores, graph.KindPostgres), dsn
	}
	_, wrkErr := exec.LookPath("wrk")
	if wrkErr != nil && os.Getenv("CI") != "" {
		t.Fatal("CI has no wrk: scripts/install-deps.sh installs it")
	}
	var log bytes.Buffer
	rep, err := runBench(context.Background(), fl, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(rep.Sizes) != 1 {
		t.Fatalf("%d sizes reported", len(rep.Sizes))
	}
	sz := rep.Sizes[0]
	if sz.Documents != 3 || sz.TextBytes == 0 || sz.Extract.Wall <= 0 || sz.Extract.MaxRSS <= 0 {
		t.Errorf("gen/extract: %d documents, %d bytes, extract %+v", sz.Documents, sz.TextBytes, sz.Extract)
	}
	// Every store holds the same quads, and the load process was measured.
	if len(sz.Loads) != len(fl.stores) {
		t.Fatalf("loads: %+v", sz.Loads)
	}
	for _, l := range sz.Loads {
		if l.Quads != sz.Loads[0].Quads || l.Quads < 600*20 || l.Proc.CPU <= 0 || l.Proc.MaxRSS <= 0 {
			t.Errorf("load into %s: %d quads (bolt %d), %+v", l.Store, l.Quads, sz.Loads[0].Quads, l.Proc)
		}
	}
	if sz.Loads[0].DiskBytes == 0 {
		t.Error("no size on disk for bolt")
	}
	// Queries: every kind timed samples times without an error, on each lasting store.
	if len(sz.Queries) != len(fl.stores)-1 {
		t.Fatalf("queries: %+v", sz.Queries)
	}
	for _, q := range sz.Queries {
		if q.Out.Quads != sz.Loads[0].Quads || len(q.Out.Kinds) != len(queries.WorkloadKinds) {
			t.Errorf("queries on %s: %d quads, %d kinds", q.Store, q.Out.Quads, len(q.Out.Kinds))
		}
		for _, k := range q.Out.Kinds {
			if k.N != fl.samples || k.Errors != 0 || k.P50 <= 0 || k.P99 < k.P50 || k.CPUP50 <= 0 {
				t.Errorf("queries on %s: %+v", q.Store, k)
			}
		}
	}
	// HTTP: each endpoint answered under wrk, all 2xx.
	if wrkErr != nil {
		t.Logf("wrk not installed: HTTP stage skipped (%v)", rep.Notes)
		if len(sz.HTTP) != 0 || len(rep.Notes) == 0 {
			t.Error("no wrk, yet the HTTP stage ran or no note says it was skipped")
		}
	} else {
		if len(sz.HTTP) != len(fl.stores)-1 {
			t.Fatalf("http: %+v", sz.HTTP)
		}
		for _, h := range sz.HTTP {
			if len(h.Runs) != len(queries.WorkloadKinds)+1 || h.ServerRSS <= 0 {
				t.Errorf("http on %s: %d runs, server RSS %d", h.Store, len(h.Runs), h.ServerRSS)
			}
			for _, r := range h.Runs {
				if r.Requests == 0 || r.RPS <= 0 || r.P50 <= 0 || r.P99 < r.P50 || r.Non2xx != 0 || r.Errors != 0 {
					t.Errorf("http on %s: %+v", h.Store, r)
				}
			}
		}
	}
	var md bytes.Buffer
	rep.markdown(&md)
	for _, want := range []string{"#### Extract", "| 600 | 3 |", "#### Load", "| 600 | bolt |", "| 600 | memory |",
		"#### Named queries", "person-profile", "#### HTTP", "annals load --store bolt"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the tables lack %q:\n%s", want, md.String())
		}
	}
}

// TestBenchFlags: bad flags are refused before any work.
func TestBenchFlags(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--entries", "0"},
		{"bench", "--stores", "sqlite"},
		{"bench", "--stores", "postgres", "--postgres", ""},
		{"bench", "--samples", "0"},
	} {
		out, err := annalsEvalRun(t, args...)
		if err == nil {
			t.Errorf("%v: accepted\n%s", args, out)
		}
	}
}

// TestParseWrk reads wrk's summary in each of its duration units.
func TestParseWrk(t *testing.T) {
	out := `Running 2s test @ http://127.0.0.1:40000
  1 threads and 4 connections
  Latency Distribution
     50%  850.00us
     75%    1.20ms
     90%    2.00ms
     99%    1.50s
  2000 requests in 2.00s, 1.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:   1000.50
`
	var ws wrkStats
	if err := parseWrk(out, &ws); err != nil {
		t.Fatal(err)
	}
	if ws.Requests != 2000 || ws.Seconds != 2 || ws.RPS != 1000.5 || ws.P50 != 0.85 || ws.P99 != 1500 || ws.Non2xx != 7 || ws.Errors != 3 {
		t.Errorf("parsed %+v", ws)
	}
	if err := parseWrk("unable to connect", &ws); err == nil {
		t.Error("parsed a failed run")
	}
}
