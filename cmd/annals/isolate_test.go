package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// supervised is `annals serve` started as a user would, under `ulimit -v 2 GiB`.
type supervised struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	base string
	pid  int // the serving child's
}

var servingLine = regexp.MustCompile(`"msg":"serving","addr":"(http://[^"]+)"[^\n]*?"pid":(\d+)`)

// startSupervised runs the binary's `serve` (a supervisor and its serving child) on
// the query fixture with a 2s query time limit, under an address-space limit of
// 2 GiB for both processes.
func startSupervised(t *testing.T) *supervised {
	t.Helper()
	bin := annalsBinary(t)
	logs := &syncBuffer{}
	cmd := exec.Command("bash", "-c", `ulimit -v 2097152; exec "$0" "$@"`, bin, "serve", "--store", "memory",
		"--addr", "127.0.0.1:0", "--query-timeout", "2s", queryFixture)
	cmd.Stdout, cmd.Stderr = io.Discard, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &supervised{cmd: cmd, logs: logs}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, logs.String())
		}
		if s.pid != 0 && processAlive(s.pid) {
			t.Errorf("the serving child %d outlived its supervisor", s.pid)
		}
	})
	s.waitServing(t, 0)
	return s
}

// waitServing waits for a serving child other than the one with pid not.
func (s *supervised) waitServing(t *testing.T, not int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, m := range servingLine.FindAllStringSubmatch(s.logs.String(), -1) {
			if pid, _ := strconv.Atoi(m[2]); pid != not {
				s.base, s.pid = m[1], pid
				return
			}
		}
	}
	t.Fatalf("no server process started:\n%s", s.logs.String())
}

func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	return err == nil && !strings.Contains(string(b), "State:\tZ")
}

// rss is the resident set of a process in bytes (VmRSS).
func rss(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`VmRSS:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no VmRSS in /proc/%d/status", pid)
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return n << 10
}

type probe struct {
	name, method, path, body string
	status                   int
	typ                      string // problem type, or types separated by |
}

// isProblem tells whether body is a problem of one of the types ("a|b"); any body
// passes for no type.
func isProblem(body, types string) bool {
	if types == "" {
		return true
	}
	for _, typ := range strings.Split(types, "|") {
		if strings.Contains(body, `"type":"https://annals.dev/problems/`+typ+`"`) {
			return true
		}
	}
	return false
}

func (s *supervised) send(t *testing.T, p probe) (int, string, error) {
	req, err := http.NewRequest(p.method, s.base+p.path, strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// TestServeSurvivesHostileQueries sends the queries that used to kill the process
// (a Go fatal error: stack overflow in a parser, out of memory), freeze it or leave
// it bloated to the real `annals serve` under `ulimit -v 2 GiB`: each is answered its
// problem within its limit, the same serving process answers afterwards, and its
// resident set returns to within 20% of its idle size.
func TestServeSurvivesHostileQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	s := startSupervised(t)
	gizmo, v1 := "/api/v2/query?lang=gizmo", "/api/v1/query/gizmo"
	normal := probe{"normal gizmo", "POST", gizmo, `g.V().Has("<rdf:type>", "<https://annals.dev/ns#Event>").Limit(5).All()`, 200, ""}
	// Idle: after the queries a client asks, so that lazily built state counts.
	for range 3 {
		if st, b, err := s.send(t, normal); err != nil || st != 200 {
			t.Fatalf("normal query: %d %v %s", st, err, b)
		}
		s.send(t, probe{"network", "GET", "/api/network?view=bipartite", "", 200, ""})
	}
	idle := rss(t, s.pid)

	spin := url.QueryEscape(`while (true) {}`)
	// Limits: a refused query is answered at once, a runaway one at the 2s time limit
	// or earlier, by the heap watchdog, once the native operation it is in returns (a
	// concatenation of 100 MB strings takes a second on a busy machine); both with
	// slack for a machine whose two cores seven people share.
	const instant, runaway = 2 * time.Second, 6 * time.Second
	single := []struct {
		probe
		limit time.Duration
	}{
		{probe{"800 KB of nested arrays", "POST", gizmo, "var x=" + strings.Repeat("[", 400000), 400, "query-too-deep"}, instant},
		{probe{"nested arrays v1", "POST", v1, "var x=" + strings.Repeat("[", 400000), 400, "query-too-deep"}, instant},
		{probe{"6 MB of nested GraphQL", "POST", "/api/v2/query?lang=graphql", "{" + strings.Repeat("a{", 1000000), 413, "too-large"}, instant},
		{probe{"900 KB of nested GraphQL", "POST", "/api/v2/query?lang=graphql", "{" + strings.Repeat("a{", 450000), 400, "query-too-deep"}, instant},
		{probe{"repeat 1e9", "POST", gizmo, `"x".repeat(1e9)`, 400, "query-error"}, instant},
		{probe{"repeat 3e9", "POST", gizmo, `"x".repeat(3e9)`, 400, "query-error"}, instant},
		{probe{"doubling string", "POST", gizmo, `var s = "x"; while (true) { s = s + s }`, 503, "query-killed|timeout"}, runaway},
		{probe{"growing array", "POST", gizmo, `var a = []; while (true) { a.push("item " + a.length) }`, 503, "query-killed|timeout"}, runaway},
		{probe{"endless recursion", "POST", gizmo, `function f(n) { return f(n + 1) }; f(0)`, 400, "query-error"}, instant},
		{probe{"gizmo over 1 MiB v2", "POST", gizmo, "g.V().All() //" + strings.Repeat("x", 1<<20), 413, "too-large"}, instant},
		{probe{"graphql syntax error", "POST", "/api/v2/query?lang=graphql", "{ nodes(", 400, "query-error"}, instant},
		{probe{"runaway gizmo= on network", "GET", "/api/network?view=bipartite&gizmo=" + spin, "", 503, "timeout"}, runaway},
		{probe{"runaway gizmo= on export", "GET", "/api/export?format=graphml&gizmo=" + spin, "", 503, "timeout"}, runaway},
	}
	for _, p := range single {
		t.Run(p.name, func(t *testing.T) {
			start := time.Now()
			st, body, err := s.send(t, p.probe)
			elapsed := time.Since(start)
			switch {
			case err != nil:
				t.Errorf("no answer: %v", err)
			case st != p.status || !isProblem(body, p.typ):
				t.Errorf("got %d %.300s, want %d %s", st, body, p.status, p.typ)
			case elapsed > p.limit:
				t.Errorf("answered after %s, over %s", elapsed, p.limit)
			}
		})
	}

	// At once: three repeat(1e9), eight whole-graph networks.
	var wg sync.WaitGroup
	for i := range 11 {
		p := probe{"repeat at once", "POST", gizmo, `"x".repeat(1e9)`, 400, "query-error"}
		if i >= 3 {
			p = probe{"network at once", "GET", "/api/network?view=bipartite", "", 200, ""}
		}
		wg.Go(func() {
			st, body, err := s.send(t, p)
			// A query beyond --max-queries is answered 503 busy, a problem too.
			if err != nil || (st != p.status && !(st == 503 && strings.Contains(body, "problems/busy"))) {
				t.Errorf("%s: %d %v %.200s", p.name, st, err, body)
			}
		})
	}
	wg.Wait()

	if st, b, err := s.send(t, normal); err != nil || st != 200 {
		t.Errorf("a normal query after the probes: %d %v %s", st, err, b)
	}
	if m := servingLine.FindAllString(s.logs.String(), -1); len(m) != 1 {
		t.Errorf("the serving process was restarted (%d starts): a probe killed it\n%s", len(m), s.logs.String())
	}
	var after int64
	ok := false
	for range 100 {
		// Within 20% of idle, or 16 MiB over it: on this tiny store the binary's code
		// pages that the probes run for the first time (file-backed, counted in RSS)
		// alone are a third of the idle size. scripts/hostile.sh holds the 20% on a
		// store of realistic size.
		if after = rss(t, s.pid); float64(after) <= 1.2*float64(idle) || after-idle <= 16<<20 {
			ok = true
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("serving process RSS: idle %d MiB, after the probes %d MiB", idle>>20, after>>20)
	if !ok {
		t.Errorf("RSS after the probes %d MiB, over 120%% of its idle %d MiB and 16 MiB more", after>>20, idle>>20)
	}
}

// TestServeRestartsItsServer kills the serving child outright: the supervisor starts
// another on the same socket, and a request sent meanwhile is answered, not refused.
func TestServeRestartsItsServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	s := startSupervised(t)
	old := s.pid
	if err := syscall.Kill(old, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	st, body, err := s.send(t, probe{"healthz", "GET", "/healthz", "", 200, ""})
	if err != nil || st != 200 {
		t.Errorf("a request while the server restarts: %d %v %s", st, err, body)
	}
	s.waitServing(t, old)
	if !strings.Contains(s.logs.String(), "server process died; restarting it") {
		t.Errorf("the supervisor did not log the restart:\n%s", s.logs.String())
	}
	if st, body, err := s.send(t, probe{"stats", "GET", "/api/stats", "", 200, ""}); err != nil || st != 200 {
		t.Errorf("after the restart: %d %v %s", st, err, body)
	}
}

// TestServeChildThatCannotStart gives serve a store it cannot open (under a file): the supervisor
// does not restart a child that failed to start, it exits 1 with the child's error.
func TestServeChildThatCannotStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	notDir := t.TempDir() + "/file"
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd := exec.Command(annalsBinary(t), "serve", "--store", "bolt", "--db", notDir+"/x.db", "--addr", "127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = io.Discard, logs
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(logs.String(), "could not start") ||
			strings.Contains(logs.String(), "restarting") {
			t.Errorf("serve: %v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("serve still running with a store it cannot open\n%s", logs.String())
	}
}
