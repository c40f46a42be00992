package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"annals/graph"

	"github.com/spf13/cobra"
)

// storeFlags are the --store and --db flags shared by every subcommand that opens the
// store. ANNALS_STORE and ANNALS_DB give their defaults.
type storeFlags struct {
	kind string
	addr string
	// readOnly opens a PostgreSQL store as a replica (serve --follow).
	readOnly bool
	// cmd is the command the flags belong to: open logs through its logger.
	cmd *cobra.Command
}

// addStoreFlags registers --store and --db on cmd. Call open in RunE to open the store
// they choose; the caller closes it.
func addStoreFlags(cmd *cobra.Command) *storeFlags {
	f := &storeFlags{cmd: cmd}
	kind := os.Getenv("ANNALS_STORE")
	if kind == "" {
		kind = graph.KindBolt
	}
	cmd.Flags().StringVar(&f.kind, "store", kind,
		"store kind: "+strings.Join(graph.Kinds, "|")+" (env ANNALS_STORE)")
	cmd.Flags().StringVar(&f.addr, "db", os.Getenv("ANNALS_DB"),
		"bolt file (default "+graph.DefaultBoltPath+") or PostgreSQL DSN (env ANNALS_DB)")
	return f
}

// open opens the store the flags choose, initializing it on first use. A bolt file
// held by another process (most often a running `annals serve`) gets advice.
func (f *storeFlags) open(ctx context.Context) (*graph.Store, error) {
	cfg := f.config()
	if f.cmd != nil {
		if log, err := commandLogger(f.cmd); err == nil {
			cfg.Log = log
		}
	}
	s, err := graph.Open(ctx, cfg)
	if errors.Is(err, graph.ErrLocked) {
		return nil, fmt.Errorf("%w; bolt lets one process use the file at a time: if `annals serve` holds it, "+
			"stop it and run this again, ask the server over HTTP (curl http://localhost:8080/api/stats), "+
			"or use another file with --db", err)
	}
	return s, err
}

// config is the graph.Config the flags choose.
func (f *storeFlags) config() graph.Config {
	return graph.Config{Kind: f.kind, Addr: f.addr, ReadOnly: f.readOnly}
}
