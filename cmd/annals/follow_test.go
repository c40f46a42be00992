package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"annals/internal/pgtest"
)

// TestServeFollowRefusesMisuse: --follow serves a PostgreSQL replica read-only, so it
// refuses another store kind, files to load and a write token, before listening.
func TestServeFollowRefusesMisuse(t *testing.T) {
	t.Setenv("ANNALS_WRITE_TOKEN", "")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"memory store", []string{"--store", "memory"}, "use --store postgres"},
		{"files to load", []string{"--store", "postgres", "--db", "postgres://x@127.0.0.1:1/x", "a.txt"}, "load files into the primary"},
		{"write token", []string{"--store", "postgres", "--db", "postgres://x@127.0.0.1:1/x", "--write-token", "t"}, "give no write token"},
		{"no period", []string{"--store", "postgres", "--db", "postgres://x@127.0.0.1:1/x", "--follow-every", "0s"}, "want a positive duration"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := newRootCmd()
			root.SetOut(io.Discard)
			root.SetErr(io.Discard)
			root.SetArgs(append([]string{"serve", "--supervise=false", "--addr", "127.0.0.1:0", "--follow"}, tt.args...))
			err := root.ExecuteContext(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("serve --follow %v: %v, want an error saying %q", tt.args, err, tt.want)
			}
		})
	}
}

// TestServeFollowsLoads starts `annals serve --follow` on a PostgreSQL store, loads a
// document into that store from another process's point of view (`annals load`), and
// waits for the server's named queries to list it; a load sent to the follower is
// refused with a 403 that names the primary.
func TestServeFollowsLoads(t *testing.T) {
	dsn := pgtest.DSN()
	if dsn == "" {
		t.Skip("ANNALS_TEST_POSTGRES is not set (scripts/postgres.sh run go test ...)")
	}
	t.Setenv("ANNALS_WRITE_TOKEN", "")
	db := pgtest.SchemaFor(t, dsn, "follow")
	run := func(args ...string) {
		t.Helper()
		root := newRootCmd()
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		root.SetArgs(args)
		if err := root.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("annals %s: %v", strings.Join(args, " "), err)
		}
	}
	run("query", "stats", "--store", "postgres", "--db", db) // creates the tables, as the primary's first open does
	base, _ := startServe(t, "--store", "postgres", "--db", db, "--follow", "--primary", "primary.example:5432", "--follow-every", "100ms")

	res, body := request(t, http.MethodPost, base+"/api/load?source=x.txt", "1 January 2024: a.")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "primary.example:5432") {
		t.Errorf("load sent to a follower: %d %s, want 403 naming the primary", res.StatusCode, body)
	}
	if _, body := request(t, http.MethodGet, base+"/api/stats", ""); strings.Contains(body, "delta-watch-2024.txt") {
		t.Fatalf("the document is listed before it was loaded: %s", body)
	}
	run("load", "--store", "postgres", "--db", db, "../../examples/delta-watch-2024.txt")
	for deadline := time.Now().Add(30 * time.Second); ; {
		_, body := request(t, http.MethodGet, base+"/api/stats", "")
		if strings.Contains(body, `"source":"delta-watch-2024.txt"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the follower does not list the loaded document after 30 s: %s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
