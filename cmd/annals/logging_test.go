package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestServeStartupLog checks that the first lines of `annals serve` say what was
// loaded, what the graph holds and where to open it, as JSON lines whose durations
// are durations.
func TestServeStartupLog(t *testing.T) {
	_, logs := startServe(t, "../../examples/baltic-coast-2021.txt")
	seen := map[string]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a log line that is not JSON: %q", line)
		}
		msg, _ := m["msg"].(string)
		if _, ok := seen[msg]; !ok {
			seen[msg] = m
		}
		if e, ok := m["elapsed"]; ok {
			s, isString := e.(string)
			if _, err := time.ParseDuration(s); !isString || err != nil {
				t.Errorf("%s: elapsed %v is not a duration", msg, e)
			}
		}
	}
	if l := seen["loaded"]; l == nil || l["entries"] != float64(16) || l["documents"] != float64(1) {
		t.Errorf("no line says the 16 entries of one document were loaded: %v", seen)
	}
	if g := seen["graph"]; g == nil || g["events"] != float64(16) || g["from"] != "2021-03-03" {
		t.Errorf("no line says what the graph holds: %v", seen["graph"])
	}
	if s := seen["serving"]; s == nil || !strings.HasSuffix(s["explorer"].(string), "/") {
		t.Errorf("no line names the explorer's address: %v", seen["serving"])
	}
	if seen["the store is empty: nothing to explore yet"] != nil {
		t.Error("a store with 16 entries is called empty")
	}
}

// TestServeEmptyStore checks that a server of an empty store says how to load data.
func TestServeEmptyStore(t *testing.T) {
	_, logs := startServe(t)
	if out := logs.String(); !strings.Contains(out, `"level":"WARN","msg":"the store is empty`) ||
		!strings.Contains(out, "annals load FILE") {
		t.Errorf("an empty store's log does not say how to load:\n%s", out)
	}
}

func TestLogFormat(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, logText)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("loaded", "elapsed", 1234567891*time.Nanosecond, "index", 1500*time.Microsecond)
	if got := buf.String(); !strings.Contains(got, "elapsed=1.235s") || !strings.Contains(got, "index=1.5ms") ||
		!strings.HasPrefix(got, "time=") {
		t.Errorf("text line %q", got)
	}
	buf.Reset()
	if log, err = newLogger(&buf, logAuto); err != nil {
		t.Fatal(err)
	}
	log.Info("x") // a buffer is not a terminal: JSON
	if !strings.HasPrefix(buf.String(), "{") {
		t.Errorf("auto on a non-terminal wrote %q, want JSON", buf.String())
	}
	if _, err := newLogger(io.Discard, "yaml"); err == nil || !strings.Contains(err.Error(), "want text, json or auto") {
		t.Errorf("--log-format yaml: err %v", err)
	}
}

// TestLoadLogFormatText checks that `annals load --log-format text` writes every line
// of its log as text.
func TestLoadLogFormatText(t *testing.T) {
	var stderr bytes.Buffer
	root := newRootCmd()
	root.SetOut(io.Discard)
	root.SetErr(&stderr)
	root.SetArgs([]string{"load", "--store", "memory", "--log-format", "text", "../../examples/baltic-coast-2021.txt", "no-such-file.txt"})
	if err := root.Execute(); err == nil {
		t.Error("a missing file did not fail the load")
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "time=") {
			t.Errorf("a line that is not text: %q", l)
		}
	}
	if out := stderr.String(); !strings.Contains(out, "msg=loaded file=../../examples/baltic-coast-2021.txt") ||
		!strings.Contains(out, `level=ERROR msg="load failed" file=no-such-file.txt`) {
		t.Errorf("log:\n%s", out)
	}
}
