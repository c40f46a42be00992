package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"annals/extract/gazetteer"
	"annals/synth"
)

// genFlags are the flags of `annals gen`.
type genFlags struct {
	entries   int
	seed      uint64
	out       string
	gold      string
	startYear int
	invented  bool
	quiet     bool
}

func newGenCmd() *cobra.Command {
	var fl genFlags
	cmd := &cobra.Command{
		Use:   "gen --entries N [--seed S] [-o FILE] [--gold FILE]",
		Short: "Write a synthetic chronology for benchmarks and tests",
		Long: `Gen writes a synthetic chronology: month sections over up to 25 years, dated
entries in every date form of the extraction format, invented people and
organisations with a power-law popularity, titles, roles, acronyms and
legislatures, and real cities from the embedded gazetteer. The same seed gives the
same bytes. --gold also writes the records a perfect extractor would return, for
"annals eval". A summary (entries, bytes, MB/s) goes to stderr.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGen(cmd, fl)
		},
	}
	f := cmd.Flags()
	f.IntVar(&fl.entries, "entries", 1000, "number of dated entries `N`")
	f.Uint64Var(&fl.seed, "seed", 1, "random seed `S`")
	f.StringVarP(&fl.out, "output", "o", "", "write the chronology to `FILE` instead of stdout")
	f.StringVar(&fl.gold, "gold", "", "also write gold records (JSON Lines) to `FILE`")
	f.IntVar(&fl.startYear, "start-year", 2010, "year of the first month section")
	f.BoolVar(&fl.invented, "invented-places", false, "invent places instead of drawing cities from the gazetteer")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "no summary on stderr")
	return cmd
}

func runGen(cmd *cobra.Command, fl genFlags) (err error) {
	cfg := synth.Config{Entries: fl.entries, Seed: fl.seed, StartYear: fl.startYear, Source: "stdin"}
	if fl.out != "" {
		cfg.Source = filepath.Base(fl.out)
	}
	if !fl.invented {
		if cfg.Gazetteer, err = gazetteer.Load(); err != nil {
			return err
		}
	}
	g, err := synth.New(cfg)
	if err != nil {
		return err
	}
	create := func(path string) (io.Writer, func() error, error) {
		f, err := os.Create(path)
		if err != nil {
			return nil, nil, err
		}
		return f, f.Close, nil
	}
	var out io.Writer = cmd.OutOrStdout()
	if fl.out != "" {
		f, closeFn, err := create(fl.out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := closeFn(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		out = f
	}
	var gold io.Writer
	if fl.gold != "" {
		f, closeFn, err := create(fl.gold)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := closeFn(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		gold = f
	}
	start := time.Now()
	st, err := g.Write(cmd.Context(), out, gold)
	if err != nil {
		return err
	}
	if !fl.quiet {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(cmd.ErrOrStderr(), "annals gen: %d entries in %d months, %.1f MB in %.2f s (%.1f MB/s)\n",
			st.Entries, st.Months, float64(st.Bytes)/1e6, secs, float64(st.Bytes)/1e6/secs)
	}
	return nil
}
