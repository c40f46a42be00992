package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Log formats of --log-format. Auto is text when stderr is a terminal, JSON otherwise
// (a container's log collector, a file, a test).
const (
	logAuto = "auto"
	logText = "text"
	logJSON = "json"
)

// addLogFlag registers --log-format on root for every subcommand; ANNALS_LOG_FORMAT
// gives its default.
func addLogFlag(root *cobra.Command) {
	def := os.Getenv("ANNALS_LOG_FORMAT")
	if def == "" {
		def = logAuto
	}
	root.PersistentFlags().String("log-format", def,
		"log lines as text|json; auto is text on a terminal, json otherwise (env ANNALS_LOG_FORMAT)")
}

// commandLogger is the logger of cmd's --log-format (auto when the command runs
// without the root command, as some tests do), writing to cmd's stderr.
func commandLogger(cmd *cobra.Command) (*slog.Logger, error) {
	format := logAuto
	if f := cmd.Flag("log-format"); f != nil {
		format = f.Value.String()
	}
	return newLogger(cmd.ErrOrStderr(), format)
}

// newLogger is a logger writing lines of format to w. Durations are written as Go
// writes them ("1.234s", "850µs"), not as nanoseconds.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{ReplaceAttr: readableDuration}
	switch format {
	case logAuto:
		if isTerminal(w) {
			return slog.New(slog.NewTextHandler(w, opts)), nil
		}
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case logText:
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case logJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text, json or auto", format)
}

// readableDuration writes a duration attribute as a string, rounded to what a reader
// can use: milliseconds above a second, microseconds above a millisecond.
func readableDuration(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() != slog.KindDuration {
		return a
	}
	d := a.Value.Duration()
	switch {
	case d >= time.Second:
		d = d.Round(time.Millisecond)
	case d >= time.Millisecond:
		d = d.Round(time.Microsecond)
	}
	return slog.String(a.Key, d.String())
}

// isTerminal reports whether w is a terminal (progress bars and text logs are for people).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
