package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newQueryCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "query",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("query: not implemented yet")
		},
	}
}
