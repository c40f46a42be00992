package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const queryFixture = "../../queries/testdata/chronology.jsonl"

// runAnnals runs the command line in process and returns its standard output.
func runAnnals(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestQueryCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "annals.db")
	if _, err := runAnnals(t, "load", "--db", db, queryFixture); err != nil {
		t.Fatalf("load: %v", err)
	}

	out, err := runAnnals(t, "query", "--db", db, "legislators", "--event", "fixture-chronology-txt:L10")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "person ") || !strings.HasPrefix(lines[1], "Marta Kowalczyk ") || !strings.HasPrefix(lines[2], "Paolo Ricci ") {
		t.Errorf("legislators of an event:\n%s", out)
	}

	out, err = runAnnals(t, "query", "--db", db, "person", "Rep.", "Okafor", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ID     string `json:"id"`
		Counts struct {
			Events int `json:"events"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.ID != "daniel-okafor" || p.Counts.Events != 4 {
		t.Errorf("person --json: %v\n%s", err, out)
	}

	_, err = runAnnals(t, "query", "--db", db, "person", "Julia", "Brener")
	if err == nil || !strings.Contains(err.Error(), "did you mean Julia Brenner?") || !strings.Contains(err.Error(), "julia-brenner") {
		t.Errorf("unknown person: %v", err)
	}

	gizmo := `g.V("<https://annals.dev/id/event/fixture-chronology-txt/L10>").Out("<http://schema.org/attendee>").Has("<https://annals.dev/ns#legislator>", true).Out("<http://schema.org/name>").Unique().All()`
	out, err = runAnnals(t, "query", "--db", db, "gizmo", gizmo)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Marta Kowalczyk") || !strings.Contains(out, "Paolo Ricci") || strings.Count(strings.TrimSpace(out), "\n") != 2 {
		t.Errorf("gizmo table:\n%s", out)
	}
	out, err = runAnnals(t, "query", "--db", db, "gizmo", gizmo, "--json")
	var res []map[string]any
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || len(res) != 2 {
		t.Errorf("gizmo --json: %v\n%s", err, out)
	}
	if _, err := runAnnals(t, "query", "--db", db, "gizmo", "g.V("); err == nil || !strings.Contains(err.Error(), "SyntaxError") {
		t.Errorf("malformed gizmo: %v", err)
	}
	if _, err := runAnnals(t, "query", "--db", db, "nothing"); err == nil || !strings.Contains(err.Error(), "unknown query") {
		t.Errorf("unknown query: %v", err)
	}
	if _, err := runAnnals(t, "query", "--db", db, "path", "only-one"); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("path with one actor: %v", err)
	}
}

// syncBuffer is a buffer the server's logger and the test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	root := newRootCmd()
	root.SetOut(io.Discard)
	root.SetErr(logs)
	root.SetArgs([]string{"serve", "--supervise=false", "--store", "memory", "--addr", "127.0.0.1:0", queryFixture})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

	addr := regexp.MustCompile(`"msg":"serving","addr":"(http://[^"]+)"`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("server did not start:\n%s", logs.String())
		}
		select {
		case err := <-done:
			t.Fatalf("serve returned %v:\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	res, err := http.Get(base + "/api/stats")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Counts struct {
			Events int `json:"events"`
		} `json:"counts"`
	}
	err = json.NewDecoder(res.Body).Decode(&st)
	res.Body.Close()
	if err != nil || st.Counts.Events != 21 {
		t.Errorf("stats of the served graph: %v %+v", err, st)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	for _, want := range []string{`"msg":"loaded"`, `"msg":"request"`, `"path":"/api/stats"`, `"msg":"stopped"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs.String())
		}
	}
}
