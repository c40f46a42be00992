package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"annals/graph"
	"annals/queries"
)

// queriesOutput is what `annals bench queries` prints.
type queriesOutput struct {
	Quads        int64   `json:"quads"`
	IndexSeconds float64 `json:"index_seconds"`
	// HeapBytes is the Go heap in use once the index is built (after a collection):
	// the process's own memory, where its peak RSS also counts the pages of a bolt
	// file it has read, which the kernel can drop.
	HeapBytes uint64        `json:"heap_bytes"`
	Kinds     []kindLatency `json:"kinds"`
}

// kindLatency is the latency of one kind of named query, in milliseconds.
type kindLatency struct {
	Kind   string  `json:"kind"`
	N      int     `json:"n"`
	Errors int     `json:"errors"`
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
	CPUP50 float64 `json:"cpu_p50_ms"`
	CPUP99 float64 `json:"cpu_p99_ms"`
	// Faults is the mean of the page faults a request took (minor and major, on the
	// bench's thread): touching the store's mapped file for the first time in this
	// process costs one per page.
	Faults float64 `json:"faults_per_request"`
}

// urlsPerKind is how many request paths `bench queries --urls` writes per kind.
const urlsPerKind = 2000

func newBenchQueriesCmd() *cobra.Command {
	var (
		samples int
		seed    uint64
		urls    string
	)
	cmd := &cobra.Command{
		Use:   "queries [--store S --db ADDR] [--samples N] [--urls PREFIX]",
		Short: "Time the named queries on a loaded store (the queries stage of annals bench)",
		Long: `Queries opens the store, builds the query index (timed), then runs --samples
requests of each kind of queries.WorkloadKinds on one goroutine locked to its thread,
with parameters drawn as users meet them (a random person of a random event), after
a short warm-up. It prints JSON: the index build time and, per kind, the p50 and p99
of the wall time and of the thread's CPU time, in milliseconds. --urls PREFIX also
writes PREFIX-KIND.txt and PREFIX-mixed.txt, request paths of the HTTP API drawn the
same way, for a load generator.`,
		Args: cobra.NoArgs,
	}
	sf := addStoreFlags(cmd)
	cmd.Flags().IntVar(&samples, "samples", 500, "requests timed per kind")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the drawn requests")
	cmd.Flags().StringVar(&urls, "urls", "", "also write request paths to `PREFIX`-KIND.txt")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if samples < 1 {
			return fmt.Errorf("--samples %d: want one or more", samples)
		}
		ctx := commandContext(cmd)
		s, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		start := time.Now()
		// the index as annals serve opens it: its file when it describes the store
		// (kept by annals load), a scan otherwise
		x, err := queries.OpenIndex(ctx, s, queries.IndexOptions{File: queries.IndexFile(s)})
		if err != nil {
			return err
		}
		out := queriesOutput{IndexSeconds: time.Since(start).Seconds()}
		progress := cmd.ErrOrStderr()
		fmt.Fprintf(progress, "index opened in %.1f s (%d scans of the store)\n", out.IndexSeconds, x.Scans())
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		out.HeapBytes = ms.HeapInuse
		// bolt keeps its count of quads exact; asking it for an exact count reads them all
		// (46 s at a million entries)
		if st, err := s.Stats(ctx, s.Kind != graph.KindBolt); err == nil {
			out.Quads = st.Quads.Value
		}
		w, err := x.Workload()
		if err != nil {
			return err
		}
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for i, kind := range queries.WorkloadKinds {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			kl := kindLatency{Kind: kind}
			var wall, cpu []time.Duration
			var faults int64
			for j := range samples + 20 {
				req, err := w.Draw(kind, rng)
				if err != nil {
					return err
				}
				req.Params.Index = x
				t0, c0, f0 := time.Now(), threadCPU(), threadFaults()
				_, qerr := req.Func(ctx, s, req.Params)
				dw, dc := time.Since(t0), threadCPU()-c0
				if j < 20 { // warm-up
					continue
				}
				faults += threadFaults() - f0
				if qerr != nil {
					kl.Errors++
					fmt.Fprintf(progress, "annals bench queries: %s: %v\n", req.Path, qerr)
				}
				wall, cpu = append(wall, dw), append(cpu, dc)
			}
			kl.N = len(wall)
			kl.P50, kl.P99 = percentileMS(wall, 50), percentileMS(wall, 99)
			kl.CPUP50, kl.CPUP99 = percentileMS(cpu, 50), percentileMS(cpu, 99)
			kl.Faults = float64(faults) / float64(kl.N)
			out.Kinds = append(out.Kinds, kl)
			fmt.Fprintf(progress, "%-22s p50 %.2f ms  p99 %.2f ms  (CPU %.2f / %.2f)  %.0f page faults a request\n", kind, kl.P50, kl.P99, kl.CPUP50, kl.CPUP99, kl.Faults)
		}
		if urls != "" {
			if err := writeWorkloadURLs(w, urls, seed); err != nil {
				return err
			}
		}
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return cmd
}

// writeWorkloadURLs writes prefix-KIND.txt for every kind and prefix-mixed.txt, whose
// kinds are drawn in equal shares.
func writeWorkloadURLs(w *queries.Workload, prefix string, seed uint64) error {
	write := func(name string, draw func(rng *rand.Rand) (queries.Request, error), rng *rand.Rand) error {
		f, err := os.Create(prefix + "-" + name + ".txt")
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		for range urlsPerKind {
			req, err := draw(rng)
			if err != nil {
				f.Close()
				return err
			}
			bw.WriteString(req.Path)
			bw.WriteByte('\n')
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	for i, kind := range queries.WorkloadKinds {
		rng := rand.New(rand.NewPCG(seed^0x5151, uint64(i)))
		if err := write(kind, func(rng *rand.Rand) (queries.Request, error) { return w.Draw(kind, rng) }, rng); err != nil {
			return err
		}
	}
	return write("mixed", func(rng *rand.Rand) (queries.Request, error) {
		return w.Draw(queries.WorkloadKinds[rng.IntN(len(queries.WorkloadKinds))], rng)
	}, rand.New(rand.NewPCG(seed^0x5151, 99)))
}

// percentileMS is the p-th percentile of ds in milliseconds (nearest rank); ds is sorted.
func percentileMS(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := min(len(ds)-1, (len(ds)*p+99)/100-1)
	return float64(ds[max(i, 0)]) / float64(time.Millisecond)
}

// threadFaults is the number of page faults (minor and major) the calling thread has
// taken.
func threadFaults() int64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return ru.Minflt + ru.Majflt
}

// threadCPU is the CPU time the calling thread has used.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
