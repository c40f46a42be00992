package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newGenCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "gen",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("gen: not implemented yet")
		},
	}
}
