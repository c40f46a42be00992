package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newEvalCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "eval",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("eval: not implemented yet")
		},
	}
}
