package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("export: not implemented yet")
		},
	}
}
