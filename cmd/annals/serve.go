package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newServeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("serve: not implemented yet")
		},
	}
}
