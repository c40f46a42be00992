package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"annals/queries"

	"github.com/spf13/cobra"
)

// newBenchHTTPCmd is `annals bench http`: the HTTP stage of `annals bench` against a
// server that is already running (a load balancer in front of several instances, say),
// with the request paths `annals bench queries --urls` wrote.
func newBenchHTTPCmd() *cobra.Command {
	var (
		fl     benchFlags
		target string
		urls   string
		kinds  []string
	)
	cmd := &cobra.Command{
		Use:   "http --target URL --urls PREFIX [--kinds mixed,...]",
		Short: "Run wrk against a running server with the request paths of `bench queries --urls`",
		Long: `http runs wrk against URL (for instance HAProxy in front of several annals instances,
scripts/cluster.sh) once per kind of request given, with the paths PREFIX-KIND.txt that
"annals bench queries --urls PREFIX" wrote, and prints one JSON object per run.`,
		Args: cobra.NoArgs,
	}
	f := cmd.Flags()
	f.StringVar(&target, "target", "", "base URL of the running server (http://host:port)")
	f.StringVar(&urls, "urls", "", "PREFIX of the request path files (PREFIX-KIND.txt)")
	f.StringSliceVar(&kinds, "kinds", []string{"mixed"}, "kinds of request to run: mixed and any of "+fmt.Sprint(queries.WorkloadKinds))
	f.DurationVar(&fl.httpFor, "http-for", 10*time.Second, "duration of each wrk run")
	f.IntVar(&fl.conns, "conns", 16, "open connections of wrk")
	f.IntVar(&fl.threads, "threads", 2, "threads of wrk")
	f.StringVar(&fl.wrk, "wrk", "wrk", "the wrk program")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if target == "" || urls == "" {
			return fmt.Errorf("bench http: --target and --urls are required")
		}
		dir, err := os.MkdirTemp("", "annals-bench-http-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		script := filepath.Join(dir, "paths.lua")
		if err := os.WriteFile(script, []byte(wrkScript), 0o644); err != nil {
			return err
		}
		enc := json.NewEncoder(cmd.OutOrStdout())
		for _, kind := range kinds {
			file := urls + "-" + kind + ".txt"
			if _, err := os.Stat(file); err != nil {
				return fmt.Errorf("bench http: kind %s: %w", kind, err)
			}
			ws, err := runWrk(commandContext(cmd), fl, fl.wrk, script, target, file)
			ws.Kind = kind
			if err != nil {
				return err
			}
			if err := enc.Encode(ws); err != nil {
				return err
			}
		}
		return nil
	}
	return cmd
}
