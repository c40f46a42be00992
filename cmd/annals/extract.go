package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newExtractCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "extract",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("extract: not implemented yet")
		},
	}
}
