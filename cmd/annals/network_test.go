package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadNetworkFixture loads network's fixture (made-up people and bodies) into a bolt
// file with `annals load` and returns the file.
func loadNetworkFixture(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kg.db")
	root := newRootCmd()
	root.SetArgs([]string{"load", "--store", "bolt", "--db", db, "../../network/testdata/fixture.jsonl"})
	root.SetOut(new(bytes.Buffer))
	root.SetErr(new(bytes.Buffer))
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	return db
}

func annalsOutput(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(new(bytes.Buffer))
	err := root.Execute()
	return out.String(), err
}

func TestNetworkCommand(t *testing.T) {
	db := loadNetworkFixture(t)
	out, err := annalsOutput(t, "network", "--store", "bolt", "--db", db, "--seed", "Dan Delta", "--depth", "1", "--metrics")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"projected network: 3 nodes, 3 edges, 1 components", "Cara Gamma", "Friends Society", "2023-03-15 2023-06-01"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, err = annalsOutput(t, "network", "--store", "bolt", "--db", db, "--seed", "Parliament of Ruritania", "--path-to", "Dan Delta", "--depth", "6", "--participants")
	if err != nil || !strings.Contains(out, "1. 3 hops") || !strings.Contains(out, "2. 3 hops") || !strings.Contains(out, "entry/fixture-txt/L5") {
		t.Errorf("paths: %v\n%s", err, out)
	}
	_, err = annalsOutput(t, "network", "--store", "bolt", "--db", db, "--seed", "Nobody Known")
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "unknown actor") {
		t.Errorf("unknown seed: %v", err)
	}
}

func TestExportCommand(t *testing.T) {
	db := loadNetworkFixture(t)
	path := filepath.Join(t.TempDir(), "ego.graphml")
	if _, err := annalsOutput(t, "export", "--store", "bolt", "--db", db, "--format", "graphml", "-o", path, "--seed", "Cara Gamma"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("<node ")); n != 5 {
		t.Errorf("%d nodes in Cara's ego network, want 5", n)
	}
	bad := filepath.Join(t.TempDir(), "bad.gexf")
	_, err = annalsOutput(t, "export", "--store", "bolt", "--db", db, "--format", "gexf", "-o", bad, "--from", "someday")
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Errorf("bad date: %v", err)
	}
	if _, err := annalsOutput(t, "export", "--store", "bolt", "--db", db, "--format", "gexf", "-o", bad, "--seed", "Nobody Known"); err == nil {
		t.Error("unknown seed exported")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s behind", bad)
	}
}
