package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// restartReport is the "ready after a restart" stage: annals serve started on a
// loaded store with no index file (it scans the store and writes the file), stopped,
// then started again (it reads the file).
type restartReport struct {
	Store   string `json:"store"`
	Command string `json:"command"`
	// AfterLoad: the first start after the load, on the index file the load wrote
	// beside the store (text to queryable is extract + load + this)
	AfterLoad    float64 `json:"after_load_ready_seconds"`
	AfterLoadRSS int64   `json:"after_load_peak_rss_bytes"`
	AfterLoadCPU float64 `json:"after_load_cpu_seconds"`
	FirstReady   float64 `json:"first_ready_seconds"` // no index file: scan and write it
	FirstRSS     int64   `json:"first_peak_rss_bytes"`
	FirstCPU     float64 `json:"first_cpu_seconds"`
	Ready        float64 `json:"ready_seconds"` // a restart: the index file read
	RSS          int64   `json:"peak_rss_bytes"`
	CPU          float64 `json:"cpu_seconds"` // user + system, start to stop
	IndexBytes   int64   `json:"index_file_bytes"`
}

// benchRestart measures the start of annals serve right after the load (on the index
// file the load kept), then without an index file (a scan) and with the one that scan
// wrote (a restart).
//
// Without scan, the start without an index file is skipped (a full scan of the store,
// minutes at a million entries) and the restart reads the file of the first start,
// loadIndex.
func benchRestart(ctx context.Context, bin string, storeArgs []string, indexFile, loadIndex string, scan bool, log io.Writer) (*restartReport, error) {
	afterLoad := append(append([]string{"serve"}, storeArgs...), "--addr", "127.0.0.1:0", "--supervise=false")
	fmt.Fprintln(log, "  $", "annals "+strings.Join(afterLoad, " "))
	rr := &restartReport{}
	var err error
	if rr.AfterLoad, rr.AfterLoadRSS, rr.AfterLoadCPU, err = serveUntilReady(ctx, bin, afterLoad); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "    ready after %.1f s\n", rr.AfterLoad)
	if !scan {
		rr.Command = "annals " + strings.Join(afterLoad, " ")
		if rr.Ready, rr.RSS, rr.CPU, err = serveUntilReady(ctx, bin, afterLoad); err != nil {
			return nil, err
		}
		if fi, err := os.Stat(loadIndex); err == nil {
			rr.IndexBytes = fi.Size()
		}
		fmt.Fprintf(log, "    restart: ready after %.1f s (%s)\n", rr.Ready, mib(rr.IndexBytes))
		return rr, nil
	}
	os.Remove(indexFile)
	args := append(append([]string{"serve"}, storeArgs...), "--addr", "127.0.0.1:0", "--supervise=false",
		"--index-file", indexFile)
	rr.Command = "annals " + strings.Join(args, " ")
	fmt.Fprintln(log, "  $", rr.Command, "(twice)")
	if rr.FirstReady, rr.FirstRSS, rr.FirstCPU, err = serveUntilReady(ctx, bin, args); err != nil {
		return nil, err
	}
	fi, err := os.Stat(indexFile)
	if err != nil {
		return nil, fmt.Errorf("annals serve wrote no index file: %w", err)
	}
	rr.IndexBytes = fi.Size()
	if rr.Ready, rr.RSS, rr.CPU, err = serveUntilReady(ctx, bin, args); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "    ready after %.1f s without the index file, %.1f s with it (%s)\n", rr.FirstReady, rr.Ready, mib(rr.IndexBytes))
	return rr, nil
}

// serveUntilReady runs `bin args...` until it logs that it is serving, then stops it
// with SIGTERM; it returns the seconds from start to serving, the peak RSS and the CPU
// seconds of the process (which, on a busy machine, say more than the wall time).
func serveUntilReady(ctx context.Context, bin string, args []string) (float64, int64, float64, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.WaitDelay = time.Minute
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, 0, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	tail := &tailBuffer{max: 8 << 10}
	var ready float64
	scanLines(stderr, func(line string) {
		tail.Write([]byte(line + "\n"))
		var m struct{ Msg string }
		if ready == 0 && json.Unmarshal([]byte(line), &m) == nil && m.Msg == "serving" {
			ready = time.Since(start).Seconds()
			cmd.Process.Signal(syscall.SIGTERM)
		}
	})
	err = cmd.Wait()
	var rss int64
	var cpu float64
	if st := cmd.ProcessState; st != nil {
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss * 1024
		}
		cpu = (st.UserTime() + st.SystemTime()).Seconds()
	}
	if ready == 0 {
		return 0, 0, 0, errors.Join(errors.New("annals serve stopped before serving"), err, errors.New(tail.String()))
	}
	if err != nil {
		return 0, 0, 0, fmt.Errorf("annals serve: %w\n%s", err, tail.String())
	}
	return ready, rss, cpu, nil
}
