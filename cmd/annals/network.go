package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this subcommand): replace this placeholder.
func newNetworkCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "network",
		Short: "not implemented yet",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("network: not implemented yet")
		},
	}
}
