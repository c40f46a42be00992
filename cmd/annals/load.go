package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newLoadCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "load",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("load: not implemented yet")
		},
	}
}
