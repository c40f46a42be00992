package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/loader"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// loadSummaryRE reads the summary line `annals load` prints (documents, entries, store,
// quads added, removed, warnings), for `annals bench` and the tests.
var loadSummaryRE = regexp.MustCompile(`loaded (\d+) documents, (\d+) entries into (\w+): (\d+) quads added, (\d+) removed, (\d+) warnings`)

func newLoadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "load FILE...",
		Short: "Extract chronologies (or read .jsonl extraction records) and load them into the store",
		Long: `load extracts each text FILE (or reads a .jsonl FILE of extraction records) and
replaces the facts of each document in the store, one transaction a document. Loading
a document again changes only the entries that changed. A file that cannot be read or
extracted is reported and skipped; the other files are still loaded. On postgres and
cockroach, --jobs N loads N files at once, each through connections of its own.`,
		Args: cobra.MinimumNArgs(1),
	}
	sf := addStoreFlags(cmd)
	jobs := cmd.Flags().IntP("jobs", "j", 1, "files loaded at once, each through connections of its own (postgres and cockroach)")
	cmd.RunE = func(cmd *cobra.Command, files []string) error {
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		// On Ctrl-C the document being written commits or rolls back as a whole; the
		// files after it are not loaded.
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		if *jobs < 1 {
			return fmt.Errorf("--jobs %d: want one or more", *jobs)
		}
		if *jobs > 1 && sf.kind != graph.KindPostgres && sf.kind != graph.KindCockroach {
			return fmt.Errorf("--jobs %d: the %s store has one writer; loads in parallel need postgres or cockroach", *jobs, sf.kind)
		}
		s, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		stores := []*graph.Store{s}
		for len(stores) < min(*jobs, len(files)) {
			more, err := sf.open(ctx)
			if err != nil {
				return err
			}
			defer more.Close()
			stores = append(stores, more)
		}
		sum, failed := loadFilesWith(ctx, stores, files, cmd.ErrOrStderr())
		fmt.Fprintf(cmd.OutOrStdout(),
			"loaded %d documents, %d entries into %s: %d quads added, %d removed, %d warnings, %s\n",
			sum.Documents, sum.Entries, s.Kind, sum.QuadsAdded, sum.QuadsRemoved, sum.Warnings,
			sum.Elapsed.Round(time.Millisecond))
		if failed > 0 {
			return &exitError{code: 1, err: fmt.Errorf("load: %d of %d files failed", failed, len(files))}
		}
		return nil
	}
	return cmd
}

// loadFiles loads every file, each document in its own transaction, and returns the
// total summary and the number of files that failed. Failures are logged, not fatal.
func loadFiles(ctx context.Context, s *graph.Store, files []string, stderr io.Writer) (loader.Summary, int) {
	return loadFilesWith(ctx, []*graph.Store{s}, files, stderr)
}

// loadFilesWith is loadFiles with one worker per store: each takes the next file and
// loads it through its own store (its own connections), so that documents of
// different files load at once.
func loadFilesWith(ctx context.Context, stores []*graph.Store, files []string, stderr io.Writer) (loader.Summary, int) {
	start := time.Now()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.NewOptions(len(files),
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("loading"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionClearOnFinish())
	}
	var (
		mu     sync.Mutex // guards total, failed, bar and the log
		total  loader.Summary
		failed int
	)
	newExtractor := sync.OnceValues(extract.New)
	work := make(chan string)
	var wg sync.WaitGroup
	for _, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for file := range work {
				if ctx.Err() != nil {
					mu.Lock()
					failed++
					mu.Unlock()
					continue
				}
				if bar != nil {
					mu.Lock()
					bar.Describe("loading " + filepath.Base(file))
					mu.Unlock()
				}
				sum, err := loadFile(ctx, s, file, newExtractor)
				mu.Lock()
				total.Add(sum)
				if err != nil {
					failed++
					if bar != nil {
						bar.Clear()
					}
					log.Error("load failed", "file", file, "err", err)
				} else if bar == nil {
					log.Info("loaded", "file", file, "documents", sum.Documents, "entries", sum.Entries,
						"added", sum.QuadsAdded, "removed", sum.QuadsRemoved, "warnings", sum.Warnings,
						"elapsed", sum.Elapsed.Round(time.Millisecond))
				}
				if bar != nil {
					bar.Add(1)
				}
				mu.Unlock()
			}
		}()
	}
	for _, file := range files {
		work <- file
	}
	close(work)
	wg.Wait()
	if bar != nil {
		bar.Finish()
	}
	total.Elapsed = time.Since(start)
	return total, failed
}

// loadFile loads the documents of one file: the records of a .jsonl file grouped by
// source, or the extraction of a text file. newExtractor gives the extractor, made on
// first need.
func loadFile(ctx context.Context, s *graph.Store, file string, newExtractor func() (*extract.Extractor, error)) (loader.Summary, error) {
	f, err := os.Open(file)
	if err != nil {
		return loader.Summary{}, err
	}
	defer f.Close()
	base := filepath.Base(file)
	var (
		sources []string
		docs    map[string][]extract.Record
	)
	if strings.EqualFold(filepath.Ext(file), ".jsonl") {
		recs, err := loader.ReadJSONL(f, file)
		if err != nil {
			return loader.Summary{}, err
		}
		sources, docs = loader.BySource(recs, base)
	} else {
		x, err := newExtractor()
		if err != nil {
			return loader.Summary{}, fmt.Errorf("load the extractor: %w", err)
		}
		doc, err := x.Extract(f, extract.Options{Source: base})
		if err != nil {
			return loader.Summary{}, fmt.Errorf("extract %s: %w", file, err)
		}
		sources, docs = []string{base}, map[string][]extract.Record{base: doc.Records}
	}
	var total loader.Summary
	var errs []error
	for _, src := range sources {
		sum, err := loader.LoadDocument(ctx, s, src, docs[src])
		total.Add(sum)
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}
