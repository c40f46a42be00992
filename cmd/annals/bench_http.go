package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"annals/queries"
)

// wrkStats is one wrk run against one list of request paths.
type wrkStats struct {
	Kind     string  `json:"kind"` // a queries.WorkloadKinds entry, or "mixed"
	Command  string  `json:"command"`
	Requests int64   `json:"requests"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"requests_per_second"`
	P50      float64 `json:"p50_ms"`
	P99      float64 `json:"p99_ms"`
	Non2xx   int64   `json:"non_2xx"`
	Errors   int64   `json:"socket_errors"`
}

// wrkScript makes wrk cycle through the request paths of the file given after "--",
// each thread from its own starting point.
const wrkScript = `local paths = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() + #paths)
  i = math.random(#paths)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`

// benchHTTP serves the store with `annals serve` on 127.0.0.1 (no rate limit) and runs
// wrk once per kind of request and once on the mixed list.
func benchHTTP(ctx context.Context, fl benchFlags, bin, wrk string, storeArgs []string, urls string, log io.Writer) (*httpReport, error) {
	script := filepath.Join(filepath.Dir(urls), "paths.lua")
	if err := os.WriteFile(script, []byte(wrkScript), 0o644); err != nil {
		return nil, err
	}
	args := append(append([]string{"serve"}, storeArgs...), "--addr", "127.0.0.1:0", "--rate-limit", "0")
	hr := &httpReport{Command: "annals " + strings.Join(args, " ")}
	fmt.Fprintln(log, "  $", hr.Command)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := exec.CommandContext(sctx, bin, args...)
	srv.Cancel = func() error { return srv.Process.Signal(syscall.SIGTERM) }
	srv.WaitDelay = time.Minute
	stderr, err := srv.StderrPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := srv.Start(); err != nil {
		return nil, err
	}
	addrc := make(chan string, 1)
	tail := &tailBuffer{max: 8 << 10}
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		scanLines(stderr, func(line string) {
			tail.Write([]byte(line + "\n"))
			var m struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &m) == nil && m.Msg == "serving" {
				select {
				case addrc <- m.Addr:
				default:
				}
			}
		})
	}()
	stop := func() error {
		cancel()
		<-logDone
		err := srv.Wait()
		if st := srv.ProcessState; st != nil {
			if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
				hr.ServerRSS = ru.Maxrss * 1024
			}
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) && ctx.Err() == nil && ee.ExitCode() != 0 {
			return fmt.Errorf("annals serve: %w\n%s", err, tail.String())
		}
		return nil
	}
	var base string
	select {
	case base = <-addrc:
	case <-logDone:
		err := stop()
		return nil, errors.Join(errors.New("annals serve stopped before serving"), err, errors.New(tail.String()))
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
	hr.Ready = time.Since(start).Seconds()
	fmt.Fprintf(log, "    serving %s after %.1f s\n", base, hr.Ready)
	for _, kind := range append(append([]string{}, queries.WorkloadKinds...), "mixed") {
		ws, err := runWrk(ctx, fl, wrk, script, base, urls+"-"+kind+".txt")
		ws.Kind = kind
		if err != nil {
			stop()
			return hr, err
		}
		fmt.Fprintf(log, "    %-22s %8.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d\n", kind, ws.RPS, ws.P50, ws.P99, ws.Non2xx)
		hr.Runs = append(hr.Runs, ws)
	}
	return hr, stop()
}

// runWrk runs wrk with the paths of file and reads its summary.
func runWrk(ctx context.Context, fl benchFlags, wrk, script, base, file string) (wrkStats, error) {
	args := []string{"-t", fmt.Sprint(fl.threads), "-c", fmt.Sprint(fl.conns), "-d", fmt.Sprintf("%ds", max(1, int(fl.httpFor.Seconds()))),
		"--latency", "--timeout", "30s", "-s", script, base, "--", file}
	ws := wrkStats{Command: "wrk " + strings.Join(args, " ")}
	out, err := exec.CommandContext(ctx, wrk, args...).CombinedOutput()
	if err != nil {
		return ws, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	if err := parseWrk(string(out), &ws); err != nil {
		return ws, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	return ws, nil
}

var (
	wrkTotal   = regexp.MustCompile(`(\d+) requests in ([\d.]+)(us|ms|s|m),`)
	wrkRPS     = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkPct     = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$`)
	wrkNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSockErr = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads the summary wrk prints with --latency.
func parseWrk(out string, ws *wrkStats) error {
	m := wrkTotal.FindStringSubmatch(out)
	r := wrkRPS.FindStringSubmatch(out)
	if m == nil || r == nil {
		return errors.New("no request count or Requests/sec in its output")
	}
	ws.Requests, _ = strconv.ParseInt(m[1], 10, 64)
	ws.Seconds = toMS(m[2], m[3]) / 1000
	ws.RPS, _ = strconv.ParseFloat(r[1], 64)
	for _, p := range wrkPct.FindAllStringSubmatch(out, -1) {
		if p[1] == "50" {
			ws.P50 = toMS(p[2], p[3])
		} else {
			ws.P99 = toMS(p[2], p[3])
		}
	}
	if n := wrkNon2xx.FindStringSubmatch(out); n != nil {
		ws.Non2xx, _ = strconv.ParseInt(n[1], 10, 64)
	}
	if e := wrkSockErr.FindStringSubmatch(out); e != nil {
		for _, s := range e[1:] {
			n, _ := strconv.ParseInt(s, 10, 64)
			ws.Errors += n
		}
	}
	return nil
}

// toMS converts a wrk duration ("1.23", "ms") to milliseconds.
func toMS(v, unit string) float64 {
	f, _ := strconv.ParseFloat(v, 64)
	switch unit {
	case "us":
		return f / 1000
	case "s":
		return f * 1000
	case "m":
		return f * 60000
	}
	return f
}

// scanLines calls fn with each line r gives, until r ends.
func scanLines(r io.Reader, fn func(string)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	io.Copy(io.Discard, r)
}
