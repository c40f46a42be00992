// Command annals turns chronologies into a knowledge graph and serves it.
//
//	annals extract FILE...          extraction records as JSON Lines
//	annals eval --gold GOLD FILE    score the extractor against gold records
//	annals load FILE...             extract (or read JSONL) and load into the store
//	annals serve [FILE...]          HTTP API and web explorer
//	annals query NAME [args]        named queries and Gizmo from the terminal
//	annals network / export         co-appearance networks and exports
//	annals gen --entries N          a synthetic chronology for benchmarks
//	annals bench                    every stage measured at 10k, 100k, 1M entries
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "annals:", err)
		os.Exit(exitCode(err))
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "annals",
		Short:         "Turn chronologies into a knowledge graph of people, bodies, places and events",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	addLogFlag(root)
	addProfileFlag(root)
	root.AddCommand(
		newExtractCmd(),
		newEvalCmd(),
		newLoadCmd(),
		newServeCmd(),
		newQueryCmd(),
		newNetworkCmd(),
		newExportCmd(),
		newGenCmd(),
		newBenchCmd(),
	)
	return root
}

// exitError carries a process exit code chosen by a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 1
}
