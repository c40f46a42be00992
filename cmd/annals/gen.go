package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	documents int
}

func newGenCmd() *cobra.Command {
	var fl genFlags
	cmd := &cobra.Command{
		Use:   "gen --entries N [--seed S] [-o FILE] [--gold FILE] [--documents K]",
		Short: "Write a synthetic chronology for benchmarks and tests",
		Long: `Gen writes a synthetic chronology: month sections over up to 25 years, dated
entries in every date form of the extraction format, invented people and
organisations with a power-law popularity, titles, roles, acronyms and
legislatures, and real cities from the embedded gazetteer. The same seed gives the
same bytes. --gold also writes the records a perfect extractor would return, for
"annals eval". --documents K splits the chronology into K documents of consecutive
months (FILE-001.txt … with -o FILE.txt), drawn from the same pools of names, as a
source's yearly reports would be. A summary (entries, bytes, MB/s) goes to stderr.`,
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
	f.IntVar(&fl.documents, "documents", 1, "split the chronology into `K` documents (needs -o)")
	return cmd
}

func runGen(cmd *cobra.Command, fl genFlags) (err error) {
	// Each document's gold records name the file it is written to ("stdin" on stdout).
	cfg := synth.Config{Entries: fl.entries, Seed: fl.seed, StartYear: fl.startYear, Source: "stdin"}
	if !fl.invented {
		if cfg.Gazetteer, err = gazetteer.Load(); err != nil {
			return err
		}
	}
	g, err := synth.New(cfg)
	if err != nil {
		return err
	}
	if fl.documents < 1 {
		return fmt.Errorf("--documents %d: want one or more", fl.documents)
	}
	if fl.documents > 1 && fl.out == "" {
		return fmt.Errorf("--documents %d needs -o FILE: the documents are written to FILE-001… beside it", fl.documents)
	}
	var gold io.Writer
	if fl.gold != "" {
		f, err := os.Create(fl.gold)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		gold = f
	}
	open := func(i int) (synth.Part, error) {
		if fl.out == "" {
			return synth.Part{Source: cfg.Source, Text: cmd.OutOrStdout(), Gold: gold}, nil
		}
		path := fl.out
		if fl.documents > 1 {
			path = partPath(fl.out, i, fl.documents)
		}
		f, err := os.Create(path)
		if err != nil {
			return synth.Part{}, err
		}
		return synth.Part{Source: filepath.Base(path), Text: f, Gold: gold, Close: f.Close}, nil
	}
	start := time.Now()
	st, err := g.WriteParts(cmd.Context(), fl.documents, open)
	if err != nil {
		return err
	}
	if !fl.quiet {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(cmd.ErrOrStderr(), "annals gen: %d entries in %d months, %d documents, %.1f MB in %.2f s (%.1f MB/s)\n",
			st.Entries, st.Months, st.Documents, float64(st.Bytes)/1e6, secs, float64(st.Bytes)/1e6/secs)
	}
	return nil
}

// partPath names document i of n written for -o path: "dir/chron.txt" gives
// "dir/chron-001.txt", with as many digits as n needs (at least three).
func partPath(path string, i, n int) string {
	ext := filepath.Ext(path)
	width := max(3, len(fmt.Sprint(n)))
	return fmt.Sprintf("%s-%0*d%s", strings.TrimSuffix(path, ext), width, i+1, ext)
}
