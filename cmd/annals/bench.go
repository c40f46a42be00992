package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"annals/graph"
	"annals/internal/pgtest"
	"annals/queries"
)

// benchFlags are the flags of `annals bench`.
type benchFlags struct {
	entries     []int
	seed        uint64
	dir         string
	stores      []string
	postgres    string
	perDocument int
	samples     int
	httpFor     time.Duration
	conns       int
	threads     int
	wrk         string
	bin         string
	jsonOut     string
	keep        bool
	scan        bool
}

func newBenchCmd() *cobra.Command {
	var fl benchFlags
	cmd := &cobra.Command{
		Use:   "bench [--entries 10000,100000,1000000] [--stores bolt,memory,postgres]",
		Short: "Measure every stage (gen, extract, load, named queries, HTTP) on generated chronologies",
		Long: `Bench generates a chronology of each size with "annals gen" (split into documents of
--per-document entries), then runs each stage as a process of its own and measures it:

  extract   annals extract --output-dir          MB/s of text
  load      annals load --store S (each store)   quads/s
  queries   annals bench queries --store S       named-query latency p50/p99 (wall and CPU)
  http      annals serve --store S, under wrk    requests/s, latency p50/p99 per endpoint

Every stage reports its wall and CPU time and its peak RSS (getrusage of the process).
The commands it runs are printed, so any row can be reproduced by hand. HTTP load
comes from wrk (Debian package wrk) on 127.0.0.1 with --threads threads and --conns
connections for --http-for per endpoint; without wrk that stage is skipped with a
message. PostgreSQL needs --postgres DSN (or ANNALS_TEST_POSTGRES): each size is
loaded into a schema of its own, dropped afterwards unless --keep.

The tables go to stdout as Markdown (the form of BENCHMARKS.md); --json FILE also
writes every figure as JSON.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(commandContext(cmd), os.Interrupt, syscall.SIGTERM)
			defer stop()
			rep, err := runBench(ctx, fl, cmd.ErrOrStderr())
			if rep != nil {
				rep.markdown(cmd.OutOrStdout())
				if fl.jsonOut != "" {
					if jerr := writeJSONFile(fl.jsonOut, rep); err == nil {
						err = jerr
					}
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.IntSliceVar(&fl.entries, "entries", []int{10000, 100000}, "chronology sizes in entries, comma-separated")
	f.Uint64Var(&fl.seed, "seed", 1, "seed of the generated chronologies and of the drawn requests")
	f.StringVar(&fl.dir, "dir", "", "working directory for chronologies, records and stores (default: a temporary one)")
	f.StringSliceVar(&fl.stores, "stores", []string{graph.KindBolt}, "stores to load: bolt, memory, postgres (memory is loaded only: it lives in the loading process)")
	f.StringVar(&fl.postgres, "postgres", os.Getenv(pgtest.EnvDSN), "PostgreSQL DSN for the postgres store (env "+pgtest.EnvDSN+")")
	f.IntVar(&fl.perDocument, "per-document", 10000, "entries per generated document")
	f.IntVar(&fl.samples, "samples", 500, "named queries timed per kind in the queries stage")
	f.DurationVar(&fl.httpFor, "http-for", 10*time.Second, "duration of each wrk run (one per endpoint, one mixed)")
	f.IntVar(&fl.conns, "conns", 16, "open connections of wrk")
	f.IntVar(&fl.threads, "threads", 2, "threads of wrk")
	f.StringVar(&fl.wrk, "wrk", "wrk", "the wrk program (\"\" skips the HTTP stage)")
	f.StringVar(&fl.bin, "annals", "", "the annals binary run for each stage (default: this one)")
	f.StringVar(&fl.jsonOut, "json", "", "also write the figures as JSON to `FILE`")
	f.BoolVar(&fl.keep, "keep", false, "keep the working directory and PostgreSQL schemas")
	f.BoolVar(&fl.scan, "scan", true, "also time a start without an index file (a full scan of the store; minutes at 1M entries)")
	cmd.AddCommand(newBenchQueriesCmd(), newBenchHTTPCmd())
	return cmd
}

// benchReport holds every figure of a run.
type benchReport struct {
	Machine string       `json:"machine"`
	Started time.Time    `json:"started"`
	Sizes   []sizeReport `json:"sizes"`
	Notes   []string     `json:"notes,omitempty"`
}

type sizeReport struct {
	Entries   int             `json:"entries"`
	Documents int             `json:"documents"`
	TextBytes int64           `json:"text_bytes"`
	Gen       procStats       `json:"gen"`
	Extract   procStats       `json:"extract"`
	Loads     []loadReport    `json:"loads"`
	Queries   []queryReport   `json:"queries"`
	HTTP      []httpReport    `json:"http"`
	Restarts  []restartReport `json:"restarts"`
}

// load is the load of store at this size, if it was loaded.
func (s *sizeReport) load(store string) (loadReport, bool) {
	for _, l := range s.Loads {
		if l.Store == store {
			return l, true
		}
	}
	return loadReport{}, false
}

type loadReport struct {
	Store     string    `json:"store"`
	Quads     int64     `json:"quads"`
	DiskBytes int64     `json:"disk_bytes,omitempty"`
	Proc      procStats `json:"proc"`
}

type queryReport struct {
	Store string        `json:"store"`
	Out   queriesOutput `json:"result"`
	Proc  procStats     `json:"proc"`
}

type httpReport struct {
	Store     string     `json:"store"`
	Runs      []wrkStats `json:"runs"`
	Command   string     `json:"command"` // the serve command
	ServerRSS int64      `json:"server_peak_rss"`
	Ready     float64    `json:"ready_seconds"` // from start to listening (index built)
}

// procStats is what one stage's process cost.
type procStats struct {
	Command string  `json:"command"`
	Wall    float64 `json:"wall_seconds"`
	CPU     float64 `json:"cpu_seconds"` // user + system
	MaxRSS  int64   `json:"peak_rss_bytes"`
	stdout  []byte
}

// runBench runs every stage at every size. It returns what it measured so far even
// when a stage fails.
func runBench(ctx context.Context, fl benchFlags, log io.Writer) (*benchReport, error) {
	if len(fl.entries) == 0 {
		return nil, errors.New("--entries: give at least one size")
	}
	for _, n := range fl.entries {
		if n < 1 {
			return nil, fmt.Errorf("--entries %d: want one or more", n)
		}
	}
	for _, s := range fl.stores {
		switch s {
		case graph.KindBolt, graph.KindMemory:
		case graph.KindPostgres:
			if fl.postgres == "" {
				return nil, fmt.Errorf("--stores postgres needs --postgres DSN (or %s)", pgtest.EnvDSN)
			}
		default:
			return nil, fmt.Errorf("--stores: %q is not bolt, memory or postgres", s)
		}
	}
	if fl.perDocument < 1 || fl.samples < 1 || fl.conns < 1 || fl.threads < 1 {
		return nil, errors.New("--per-document, --samples, --conns and --threads must be at least 1")
	}
	bin := fl.bin
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("find the annals binary: %w (give --annals)", err)
		}
		bin = exe
	}
	rep := &benchReport{Machine: machine(), Started: time.Now().UTC()}
	wrk := ""
	if fl.wrk != "" {
		p, err := exec.LookPath(fl.wrk)
		if err != nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("HTTP stage skipped: %v (install the Debian package wrk)", err))
			fmt.Fprintln(log, "annals bench:", rep.Notes[len(rep.Notes)-1])
		} else {
			wrk = p
		}
	}
	dir := fl.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "annals-bench-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	if !fl.keep {
		defer os.RemoveAll(dir)
	}
	for _, n := range fl.entries {
		sz, err := benchSize(ctx, fl, bin, wrk, filepath.Join(dir, fmt.Sprint(n)), n, log)
		if sz != nil {
			rep.Sizes = append(rep.Sizes, *sz)
		}
		if err != nil {
			return rep, fmt.Errorf("%d entries: %w", n, err)
		}
	}
	return rep, nil
}

// benchSize runs the stages for one size in dir.
func benchSize(ctx context.Context, fl benchFlags, bin, wrk, dir string, n int, log io.Writer) (*sizeReport, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	textDir, jsonDir := filepath.Join(dir, "text"), filepath.Join(dir, "records")
	if err := os.MkdirAll(textDir, 0o755); err != nil {
		return nil, err
	}
	docs := (n + fl.perDocument - 1) / fl.perDocument
	sz := &sizeReport{Entries: n}
	var err error
	fmt.Fprintf(log, "annals bench: %d entries\n", n)
	if sz.Gen, err = runStage(ctx, log, bin, "gen", "--entries", fmt.Sprint(n), "--seed", fmt.Sprint(fl.seed),
		"--documents", fmt.Sprint(docs), "-q", "-o", filepath.Join(textDir, "chron.txt")); err != nil {
		return sz, err
	}
	texts, err := filepath.Glob(filepath.Join(textDir, "*.txt"))
	if err != nil {
		return sz, err
	}
	sz.Documents = len(texts)
	for _, t := range texts {
		if fi, err := os.Stat(t); err == nil {
			sz.TextBytes += fi.Size()
		}
	}
	if sz.Extract, err = runStage(ctx, log, bin, append([]string{"extract", "--output-dir", jsonDir}, texts...)...); err != nil {
		return sz, err
	}
	records, err := filepath.Glob(filepath.Join(jsonDir, "*.jsonl"))
	if err != nil {
		return sz, err
	}
	for _, kind := range fl.stores {
		addr, cleanup, err := benchStoreAddr(fl, kind, dir, n)
		if err != nil {
			return sz, err
		}
		err = benchStore(ctx, fl, bin, wrk, dir, kind, addr, records, sz, log)
		cleanup()
		if err != nil {
			return sz, err
		}
	}
	return sz, nil
}

// benchStoreAddr is the --db of a store kind for size n, and what removes it.
func benchStoreAddr(fl benchFlags, kind, dir string, n int) (string, func(), error) {
	switch kind {
	case graph.KindBolt:
		return filepath.Join(dir, "bolt.db"), func() {}, nil
	case graph.KindPostgres:
		addr, drop, err := pgtest.Schema(fl.postgres, fmt.Sprintf("bench_%d", n))
		if err != nil {
			return "", nil, fmt.Errorf("postgres: %w", err)
		}
		if fl.keep {
			drop = func() {}
		}
		return addr, drop, nil
	}
	return "", func() {}, nil
}

// benchStore loads the records into one store, then (for stores that outlive the
// loading process) times the named queries and serves the store under wrk.
func benchStore(ctx context.Context, fl benchFlags, bin, wrk, dir, kind, addr string, records []string,
	sz *sizeReport, log io.Writer) error {
	storeArgs := []string{"--store", kind}
	if addr != "" {
		storeArgs = append(storeArgs, "--db", addr)
	}
	ld, err := runStage(ctx, log, bin, append(append([]string{"load"}, storeArgs...), records...)...)
	if err != nil {
		return err
	}
	lr := loadReport{Store: kind, Proc: ld}
	m := loadSummaryRE.FindSubmatch(ld.stdout)
	if m == nil {
		return fmt.Errorf("load into %s: no summary in its output %q", kind, ld.stdout)
	}
	lr.Quads, _ = strconv.ParseInt(string(m[4]), 10, 64)
	if kind == graph.KindBolt {
		if fi, err := os.Stat(addr); err == nil {
			lr.DiskBytes = fi.Size()
		}
	}
	sz.Loads = append(sz.Loads, lr)
	if kind == graph.KindMemory {
		return nil
	}
	rr, err := benchRestart(ctx, bin, storeArgs, filepath.Join(dir, "index-"+kind),
		queries.IndexFile(&graph.Store{Kind: kind, Addr: addr}), fl.scan, log)
	if err != nil {
		return err
	}
	rr.Store = kind
	sz.Restarts = append(sz.Restarts, *rr)
	urls := filepath.Join(dir, "urls-"+kind)
	qs, err := runStage(ctx, log, bin, append(append([]string{"bench", "queries"}, storeArgs...),
		"--samples", fmt.Sprint(fl.samples), "--seed", fmt.Sprint(fl.seed), "--urls", urls)...)
	if err != nil {
		return err
	}
	qr := queryReport{Store: kind, Proc: qs}
	if err := json.Unmarshal(qs.stdout, &qr.Out); err != nil {
		return fmt.Errorf("bench queries on %s: %w", kind, err)
	}
	sz.Queries = append(sz.Queries, qr)
	if wrk == "" {
		return nil
	}
	hr, err := benchHTTP(ctx, fl, bin, wrk, storeArgs, urls, log)
	if hr != nil {
		hr.Store = kind
		sz.HTTP = append(sz.HTTP, *hr)
	}
	return err
}

// runStage runs `bin args...`, keeping its stdout and passing its stderr on to log
// only when it fails (its last lines).
func runStage(ctx context.Context, log io.Writer, bin string, args ...string) (procStats, error) {
	ps := procStats{Command: "annals " + strings.Join(args, " ")}
	fmt.Fprintln(log, "  $", shortCommand(ps.Command))
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout bytes.Buffer
	stderr := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if len(args) > 1 && args[0] == "bench" {
		// The queries stage reports its progress (the index of a large store takes
		// minutes): pass it on.
		cmd.Stderr = io.MultiWriter(stderr, &prefixWriter{w: log, prefix: "    "})
	}
	start := time.Now()
	err := cmd.Run()
	ps.Wall = time.Since(start).Seconds()
	ps.stdout = stdout.Bytes()
	if st := cmd.ProcessState; st != nil {
		ps.CPU = (st.UserTime() + st.SystemTime()).Seconds()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			ps.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		}
	}
	if err != nil {
		return ps, fmt.Errorf("%s: %w\n%s", shortCommand(ps.Command), err, stderr.String())
	}
	fmt.Fprintf(log, "    %.1f s wall, %.1f s CPU, peak RSS %s\n", ps.Wall, ps.CPU, mib(ps.MaxRSS))
	return ps, nil
}

// shortCommand abbreviates a command with many file arguments for the log.
func shortCommand(c string) string {
	f := strings.Fields(c)
	if len(f) <= 12 {
		return c
	}
	return strings.Join(f[:10], " ") + fmt.Sprintf(" … (%d more arguments)", len(f)-10)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }

// prefixWriter writes each line to w with a prefix.
type prefixWriter struct {
	w      io.Writer
	prefix string
	mid    bool // within a line
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	var out []byte
	for _, c := range b {
		if !p.mid {
			out = append(out, p.prefix...)
		}
		out = append(out, c)
		p.mid = c != '\n'
	}
	_, err := p.w.Write(out)
	return len(b), err
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// machine describes where the run happened: CPU model, cores, memory, Go.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.+)$`).FindSubmatch(b); m != nil {
			model = string(m[1]) + ", "
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^MemTotal:\s*(\d+) kB`).FindSubmatch(b); m != nil {
			kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
			mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
		}
	}
	load := ""
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			load = ", load average " + f[0] + " at the start"
		}
	}
	return fmt.Sprintf("%s%d cores%s, %s %s/%s%s", model, runtime.NumCPU(), mem, runtime.Version(), runtime.GOOS, runtime.GOARCH, load)
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// markdown writes the report as the tables of BENCHMARKS.md, one per stage.
func (r *benchReport) markdown(w io.Writer) {
	fmt.Fprintf(w, "Machine: %s; run started %s.\n", r.Machine, r.Started.Format(time.RFC3339))
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nNote: %s\n", n)
	}
	fmt.Fprintf(w, "\n#### Extract (annals extract --output-dir, one process)\n\n")
	fmt.Fprintln(w, "| entries | documents | text MB | wall s | MB/s | MB/cpu-s | peak RSS |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		if s.Extract.Wall == 0 {
			continue
		}
		mb := float64(s.TextBytes) / 1e6
		fmt.Fprintf(w, "| %d | %d | %.1f | %.1f | %.1f | %.1f | %s |\n", s.Entries, s.Documents, mb,
			s.Extract.Wall, mb/s.Extract.Wall, mb/nonzero(s.Extract.CPU), mib(s.Extract.MaxRSS))
	}
	fmt.Fprintf(w, "\n#### Load (annals load --store S: into a new store, a bulk load)\n\n")
	fmt.Fprintln(w, "| entries | store | quads | wall s | quads/s | quads/cpu-s | peak RSS | on disk |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		for _, l := range s.Loads {
			disk := "—"
			if l.DiskBytes > 0 {
				disk = mib(l.DiskBytes)
			}
			fmt.Fprintf(w, "| %d | %s | %d | %.1f | %.0f | %.0f | %s | %s |\n", s.Entries, l.Store, l.Quads,
				l.Proc.Wall, float64(l.Quads)/nonzero(l.Proc.Wall), float64(l.Quads)/nonzero(l.Proc.CPU), mib(l.Proc.MaxRSS), disk)
		}
	}
	fmt.Fprintf(w, "\n#### Text to queryable (extract + load + the first start after the load, wall s)\n\n")
	fmt.Fprintln(w, "| entries | store | extract | load | first start | total |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		for _, rr := range s.Restarts {
			if l, ok := s.load(rr.Store); ok {
				fmt.Fprintf(w, "| %d | %s | %.1f | %.1f | %.1f | **%.1f** |\n", s.Entries, l.Store, s.Extract.Wall,
					l.Proc.Wall, rr.AfterLoad, s.Extract.Wall+l.Proc.Wall+rr.AfterLoad)
			}
		}
	}
	fmt.Fprintf(w, "\n#### Named queries (annals bench queries: one thread, wall and thread-CPU ms)\n\n")
	fmt.Fprintln(w, "| entries | store | query | p50 | p99 | CPU p50 | CPU p99 | errors |")
	fmt.Fprintln(w, "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		for _, q := range s.Queries {
			for _, k := range q.Out.Kinds {
				fmt.Fprintf(w, "| %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %d |\n", s.Entries, q.Store, k.Kind,
					k.P50, k.P99, k.CPUP50, k.CPUP99, k.Errors)
			}
		}
	}
	fmt.Fprintf(w, "\nQuery index (opened by annals bench queries: its file, or a scan of the store when it has none):\n\n")
	fmt.Fprintln(w, "| entries | store | quads | open s | Go heap after | process peak RSS |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		for _, q := range s.Queries {
			fmt.Fprintf(w, "| %d | %s | %d | %.1f | %s | %s |\n", s.Entries, q.Store, q.Out.Quads, q.Out.IndexSeconds,
				mib(int64(q.Out.HeapBytes)), mib(q.Proc.MaxRSS))
		}
	}
	fmt.Fprintf(w, "\n#### Ready after a restart (annals serve --supervise=false: start to serving)\n\n")
	fmt.Fprintln(w, "| entries | store | quads | start after the load s (its index file) | CPU s | peak RSS | start without index file s (scan, write index) | CPU s | peak RSS | restart s (index file read) | CPU s | peak RSS | index file |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		for _, rr := range s.Restarts {
			l, _ := s.load(rr.Store)
			quads := l.Quads
			scan := "— | — | —" // not timed (--scan=false)
			if rr.FirstReady > 0 {
				scan = fmt.Sprintf("%.1f | %.1f | %s", rr.FirstReady, rr.FirstCPU, mib(rr.FirstRSS))
			}
			fmt.Fprintf(w, "| %d | %s | %d | %.1f | %.1f | %s | %s | %.1f | %.1f | %s | %s |\n", s.Entries, rr.Store, quads,
				rr.AfterLoad, rr.AfterLoadCPU, mib(rr.AfterLoadRSS), scan, rr.Ready, rr.CPU, mib(rr.RSS), mib(rr.IndexBytes))
		}
	}
	fmt.Fprintf(w, "\n#### HTTP (annals serve on 127.0.0.1 under wrk)\n\n")
	fmt.Fprintln(w, "| entries | store | endpoint | requests/s | p50 ms | p99 ms | non-2xx | socket errors | server peak RSS |")
	fmt.Fprintln(w, "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Sizes {
		for _, h := range s.HTTP {
			for _, run := range h.Runs {
				fmt.Fprintf(w, "| %d | %s | %s | %.0f | %.2f | %.2f | %d | %d | %s |\n", s.Entries, h.Store, run.Kind,
					run.RPS, run.P50, run.P99, run.Non2xx, run.Errors, mib(h.ServerRSS))
			}
		}
	}
	if len(r.Sizes) > 0 {
		s := r.Sizes[len(r.Sizes)-1]
		fmt.Fprintf(w, "\n#### Commands (%d entries)\n\n", s.Entries)
		for _, c := range []string{s.Gen.Command, s.Extract.Command} {
			fmt.Fprintf(w, "    %s\n", shortCommand(c))
		}
		for _, l := range s.Loads {
			fmt.Fprintf(w, "    %s\n", shortCommand(l.Proc.Command))
		}
		for _, q := range s.Queries {
			fmt.Fprintf(w, "    %s\n", q.Proc.Command)
		}
		for _, h := range s.HTTP {
			fmt.Fprintf(w, "    %s\n", h.Command)
			if len(h.Runs) > 0 {
				fmt.Fprintf(w, "    %s\n", h.Runs[len(h.Runs)-1].Command)
			}
		}
	}
}

func nonzero(f float64) float64 { return max(f, 1e-9) }
