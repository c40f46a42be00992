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
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/queries"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// loadSummaryRE reads the summary line `annals load` prints (documents, entries, store,
// quads added, removed, warnings), for `annals bench` and the tests.
var loadSummaryRE = regexp.MustCompile(`loaded (\d+) documents, (\d+) entries into (\w+): (\d+) quads added, (\d+) removed, (\d+) warnings`)

func newLoadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "load FILE...",
		Short: "Extract chronologies (or read .jsonl extraction records) and load them into the store",
		Long: `load extracts each text FILE (or reads a .jsonl FILE of extraction records) and
replaces the facts of each document in the store, each document whole or not at all:
on bolt the documents of consecutive files share one transaction until they hold
--group-quads quads (fewer, larger commits), on postgres each document is one
transaction. Loading a document again changes only the entries that changed. A file
that cannot be read or extracted is reported and skipped; the other files are still
loaded. On postgres,
--jobs N loads N files at once, each through connections of its own.

A load into a store nothing was ever written to is a bulk load (unless --bulk=false):
the documents are gathered in memory and written at the end, all at once. On bolt,
each of the store's buckets is written once and in key order, as a new file put in
the store's place: until then the store holds none of them, and a load stopped or
killed before the end leaves the store empty (the next open removes the unfinished
file). On postgres, the quads table's secondary indexes and foreign keys are dropped
before the first document; the values and quads are then copied into Cayley's tables
in one transaction, which builds the unique indexes and checks the foreign keys (a
load killed before its commit leaves the tables empty), and the other indexes are
built after it, two at a time; a load killed meanwhile leaves them to the next
read-write open, which builds them. A file naming a document the bulk holds already
ends the bulk: it is written, and the files from there on are loaded one transaction
(group) at a time. With --jobs N on postgres, the documents are loaded one
transaction each, N at once, between the drop of the indexes and their rebuild.`,
		Args: cobra.MinimumNArgs(1),
	}
	sf := addStoreFlags(cmd)
	jobs := cmd.Flags().IntP("jobs", "j", 1, "files loaded at once, each through connections of its own (postgres)")
	bulk := cmd.Flags().Bool("bulk", true, "into an empty store, load in bulk: gather the documents and write them at the end (on bolt, each bucket in key order; on postgres, by COPY in one transaction, with the secondary indexes built after it)")
	group := cmd.Flags().Int("group-quads", defaultGroupQuads, "on bolt, write documents together in one transaction until they hold this many quads (0: one transaction a document)")
	cmd.RunE = func(cmd *cobra.Command, files []string) error {
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		// On Ctrl-C the document being written commits or rolls back as a whole; the
		// files after it are not loaded.
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		log, err := commandLogger(cmd)
		if err != nil {
			return err
		}
		if *jobs < 1 {
			return fmt.Errorf("--jobs %d: want one or more", *jobs)
		}
		if *jobs > 1 && sf.kind != graph.KindPostgres {
			return fmt.Errorf("--jobs %d: the %s store has one writer; loads in parallel need postgres", *jobs, sf.kind)
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
		// One writer keeps the query index file beside the store current, so that the
		// first annals serve after the load reads it instead of scanning the store.
		var index *queries.IndexWriter
		var hooks loadHooks
		if len(stores) == 1 {
			index = queries.NewIndexWriter(ctx, s, queries.IndexFile(s), log)
			index.Background(ctx, s)
			hooks.wrote = func(docs []*loader.Prepared) { index.Wrote(ctx, s, loader.Written(docs)) }
		}
		start := time.Now()
		var bl *graph.Bulk
		// rebuild starts rebuilding what a postgres bulk load dropped, once: as soon as
		// the last document is written
		rebuilt := make(chan error, 1)
		rebuilding := false
		rebuild := func() {
			if !rebuilding {
				rebuilding = true
				go func() { rebuilt <- bl.Finish(ctx) }()
			}
		}
		if *bulk {
			if bl, err = s.BeginBulk(ctx, log); err != nil {
				return err
			}
			// a bulk load gathered and written at once: of a new bolt store, or of an
			// empty postgres store through one connection (the index writer follows it)
			if index != nil {
				bb, err := s.BeginBoltBulk(ctx)
				if err != nil {
					return err
				}
				if bb != nil {
					hooks.bulk = bb
				} else if pb := bl.Gather(s); pb != nil {
					hooks.bulk = pb
				}
			}
			if hooks.bulk != nil {
				ids := hooks.bulk.ValueIDs
				hooks.staged = func(docs []*loader.Prepared) { index.Staged(ctx, s, loader.Written(docs), ids) }
				hooks.bulkWrite = func(write func() (int, error), last bool) (int, error) {
					if !last {
						n, err := write()
						index.Committed(ctx, s, err)
						return n, err
					}
					// the index is assembled while the store is written
					written, saved := make(chan error, 1), make(chan error, 1)
					go func() { saved <- index.SaveAfter(ctx, s, written) }()
					n, err := write()
					if err == nil {
						rebuild() // on postgres, while the index file is written
					}
					written <- err
					if err := <-saved; err != nil {
						log.Warn("query index file not written", "err", err)
					}
					return n, err
				}
			}
		}
		sum, failed := loadFilesWith(ctx, stores, files, log, cmd.ErrOrStderr(), *group, hooks)
		// The server rebuilds the bulk load's indexes while this process writes the
		// query index file (which reads only the store's statistics, made by Analyze,
		// or by the write of the documents gathered). Rebuilt even when the load was
		// interrupted (both ignore ctx's end).
		if !rebuilding {
			if err := bl.Analyze(ctx); err != nil {
				return fmt.Errorf("load: %w", err)
			}
			rebuild()
		}
		if index != nil {
			if err := index.Save(ctx, s); err != nil {
				log.Warn("query index file not written", "err", err)
			}
		}
		if err := <-rebuilt; err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if bl != nil {
			sum.Elapsed = time.Since(start) // the rebuild is part of the load
		}
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

// loadFiles loads every file, each document whole (several in one transaction on bolt),
// and returns the total summary and the number of files that failed. Failures are
// logged, not fatal.
func loadFiles(ctx context.Context, s *graph.Store, files []string, log *slog.Logger, stderr io.Writer) (loader.Summary, int) {
	return loadFilesWith(ctx, []*graph.Store{s}, files, log, stderr, defaultGroupQuads, loadHooks{})
}

// loadHooks are what a load calls besides writing: wrote after each commit with the
// documents it wrote; with bulk (a bulk load of an empty store, through one store),
// staged after documents were added to it, and bulkWrite to write it: it calls write
// and follows it (last: no file is loaded after the bulk).
type loadHooks struct {
	wrote     func([]*loader.Prepared)
	bulk      graph.BulkLoader
	staged    func([]*loader.Prepared)
	bulkWrite func(write func() (int, error), last bool) (int, error)
}

// defaultGroupQuads is how many quads a load writes in one bolt transaction at least
// when its files hold that many (--group-quads): a bolt commit rewrites every page the
// transaction touched, and the documents of a chronology touch most of the store's
// value buckets and indexes, so fewer and larger transactions write each page fewer
// times. A kill or an error still leaves each document whole or absent. Larger groups
// load faster still but grow the file: a transaction's new pages cannot reuse the
// pages it frees before it commits (at 1M entries, 1 Mi quads loaded in 617 s into a
// 6.11 GiB file, 512 Ki in 658 s into 5.99 GiB, one document a transaction in 892 s
// into 5.95 GiB; BENCHMARKS.md).
const defaultGroupQuads = 1 << 19

// progressAfter is how long a load runs before it shows its progress; progressEvery is
// how often it logs a progress line when stderr is not a terminal.
const (
	progressAfter = time.Second
	progressEvery = 5 * time.Second
)

// loadFilesWith is loadFiles with one worker per store: each takes the next file and
// loads it through its own store (its own connections), so that documents of
// different files load at once. A load that takes longer than a second shows its
// progress: a bar when stderr is a terminal, a log line every few seconds otherwise.
//
// A worker writes the documents of several files in one transaction until they hold
// groupQuads quads (loader.LoadGroup; on bolt and in memory, not on postgres, where
// each document is a transaction of its own anyway) and reports each file after that
// transaction; hooks.wrote, if not nil, is called after each commit. With hooks.bulk
// (one store), the documents are added to the bulk load and written at the end, or
// when a file repeats a document the bulk holds; the files after that are loaded in
// groups.
func loadFilesWith(ctx context.Context, stores []*graph.Store, files []string, log *slog.Logger, stderr io.Writer, groupQuads int, hooks loadHooks) (loader.Summary, int) {
	start := time.Now()
	p := &loadProgress{log: log, stderr: stderr, files: len(files), start: start}
	stopProgress := p.run()
	defer stopProgress()
	var (
		mu     sync.Mutex // guards total and failed
		total  loader.Summary
		failed int
	)
	newExtractor := sync.OnceValues(extract.New)
	work := make(chan string)
	var wg sync.WaitGroup
	for _, s := range stores {
		// Each worker's files are read, extracted and turned into quads one file ahead
		// of its store's writes, on another core: the store writes one document while the
		// next is prepared.
		prepared := make(chan preparedFile, 1)
		go func() {
			defer close(prepared)
			for file := range work {
				if ctx.Err() != nil {
					prepared <- preparedFile{file: file, err: ctx.Err()}
					continue
				}
				docs, err := prepareFile(file, newExtractor)
				if s.Kind == graph.KindBolt || hooks.bulk != nil {
					for _, d := range docs {
						d.HashQuads()
					}
				}
				prepared <- preparedFile{file: file, docs: docs, err: err}
			}
		}()
		limit := groupQuads
		if s.Kind == graph.KindPostgres {
			limit = 0 // a file at a time: nothing to gain by holding it back
		}
		var bulk *bulkGroup
		if hooks.bulk != nil {
			bulk = &bulkGroup{b: hooks.bulk, sources: make(sourceSet)}
		}
		wg.Go(func() {
			var g fileGroup
			report := func(files []string, sums []loader.Summary, errs []error) {
				mu.Lock()
				for i := range sums {
					total.Add(sums[i])
					if errs[i] != nil {
						failed++
					}
				}
				mu.Unlock()
				for i, file := range files {
					p.finished(file, sums[i], errs[i])
				}
			}
			writeBulk := func(last bool) {
				if bulk == nil {
					return
				}
				if bulk.b.Quads() == 0 { // no document to write: the store stays as it is
					report(bulk.files, bulk.sums, bulk.errs)
					bulk = nil
					return
				}
				log.Info("bulk load: writing the store", "files", len(bulk.files), "quads", bulk.b.Quads())
				start := time.Now()
				write := func() (int, error) {
					n, err := bulk.b.Write(ctx)
					if err == nil {
						log.Info("bulk load: store written", "quads", n, "elapsed", time.Since(start).Round(time.Millisecond))
					}
					return n, err
				}
				n, err := hooks.bulkWrite(write, last)
				if err == nil {
					log.Info("bulk load: written", "quads", n, "elapsed", time.Since(start).Round(time.Millisecond))
				}
				sums, errs := bulk.outcome(err)
				report(bulk.files, sums, errs)
				bulk = nil
			}
			write := func() {
				if len(g.files) == 0 {
					return
				}
				p.started(g.files[0].file)
				sums, errs := g.load(ctx, s, hooks.wrote)
				files := make([]string, len(g.files))
				for i, pf := range g.files {
					files[i] = pf.file
				}
				report(files, sums, errs)
				g = fileGroup{}
			}
			for pf := range prepared {
				if ctx.Err() != nil {
					mu.Lock()
					failed++
					mu.Unlock()
					continue
				}
				if bulk != nil {
					if !bulk.sources.repeats(pf) {
						p.started(pf.file)
						bulk.add(pf, hooks.staged)
						continue
					}
					writeBulk(false)
				}
				if g.sources.repeats(pf) {
					write()
				}
				g.add(pf)
				if g.quads >= limit {
					write()
				}
			}
			writeBulk(true)
			write()
		})
	}
	for _, file := range files {
		work <- file
	}
	close(work)
	wg.Wait()
	stopProgress()
	total.Elapsed = time.Since(start)
	return total, failed
}

// loadProgress reports a load of several files as it goes: each file's outcome as a
// log line, and after progressAfter a bar on a terminal or periodic lines otherwise.
type loadProgress struct {
	log    *slog.Logger
	stderr io.Writer
	files  int
	start  time.Time

	mu      sync.Mutex // guards the fields below and writes to stderr
	done    int
	current string
	bar     *progressbar.ProgressBar
}

// run starts showing progress after progressAfter and returns the function that stops
// it (safe to call more than once).
func (p *loadProgress) run() (stop func()) {
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		timer := time.NewTimer(progressAfter)
		defer timer.Stop()
		for {
			select {
			case <-quit:
				return
			case <-timer.C:
				p.tick()
				timer.Reset(progressEvery)
			}
		}
	}()
	return sync.OnceFunc(func() {
		close(quit)
		<-finished
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.bar != nil {
			_ = p.bar.Finish()
			p.bar = nil
		}
	})
}

// tick shows the progress so far: it starts the bar on a terminal, or logs a line.
func (p *loadProgress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !isTerminal(p.stderr) {
		p.log.Info("loading", "files_done", p.done, "files", p.files, "file", p.current,
			"elapsed", time.Since(p.start))
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(p.files,
			progressbar.OptionSetWriter(p.stderr),
			progressbar.OptionSetDescription("loading "+filepath.Base(p.current)),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
		_ = p.bar.Set(p.done)
	}
}

// started notes that file is being loaded.
func (p *loadProgress) started(file string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = file
	if p.bar != nil {
		p.bar.Describe("loading " + filepath.Base(file))
	}
}

// finished logs the outcome of file and moves the bar on.
func (p *loadProgress) finished(file string, sum loader.Summary, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	if err != nil {
		p.log.Error("load failed", "file", file, "err", err)
	} else {
		p.log.Info("loaded", "file", file, "documents", sum.Documents, "entries", sum.Entries,
			"added", sum.QuadsAdded, "removed", sum.QuadsRemoved, "warnings", sum.Warnings,
			"elapsed", sum.Elapsed)
	}
	if p.bar != nil {
		_ = p.bar.Set(p.done)
	}
}

// preparedFile is a file's documents, read (or extracted) and turned into quads, and
// why the file or some of its documents could not be (err).
type preparedFile struct {
	file string
	docs []*loader.Prepared
	err  error
}

// prepareFile reads file (extraction records when it ends in .jsonl, a chronology to
// extract otherwise) and prepares each of its documents for loading.
func prepareFile(file string, newExtractor func() (*extract.Extractor, error)) ([]*loader.Prepared, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
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
			return nil, err
		}
		sources, docs = loader.BySource(recs, base)
	} else {
		x, err := newExtractor()
		if err != nil {
			return nil, fmt.Errorf("load the extractor: %w", err)
		}
		doc, err := x.Extract(f, extract.Options{Source: base})
		if err != nil {
			return nil, fmt.Errorf("extract %s: %w", file, err)
		}
		sources, docs = []string{base}, map[string][]extract.Record{base: doc.Records}
	}
	out := make([]*loader.Prepared, 0, len(sources))
	var errs []error
	for _, src := range sources {
		p, err := loader.Prepare(src, docs[src])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

// fileGroup is prepared files whose documents a worker writes in one transaction.
type fileGroup struct {
	files   []preparedFile
	quads   int
	sources sourceSet
}

// sourceSet is the sources of the documents a group holds.
type sourceSet map[string]bool

// repeats reports whether pf holds a document of a source the group holds already (a
// file given twice): a document's changes are read from the store before it is
// written, so the second must wait until the first is.
func (set sourceSet) repeats(pf preparedFile) bool {
	for _, d := range pf.docs {
		if set[d.Source()] {
			return true
		}
	}
	return false
}

func (g *fileGroup) add(pf preparedFile) {
	if g.sources == nil {
		g.sources = make(sourceSet)
	}
	g.files = append(g.files, pf)
	for _, d := range pf.docs {
		g.sources[d.Source()] = true
		g.quads += d.Quads()
	}
}

// load writes the group's documents into s (loader.LoadGroup) and returns each file's
// summary and error: a document that failed its checks is reported with the others'
// outcome, and the others are loaded all the same.
func (g *fileGroup) load(ctx context.Context, s *graph.Store, wrote func([]*loader.Prepared)) ([]loader.Summary, []error) {
	var docs []*loader.Prepared
	for _, pf := range g.files {
		docs = append(docs, pf.docs...)
	}
	dsums, derrs := loader.LoadGroup(ctx, s, docs, wrote)
	sums, errs := make([]loader.Summary, len(g.files)), make([]error, len(g.files))
	i := 0
	for f, pf := range g.files {
		fe := []error{pf.err}
		for range pf.docs {
			sums[f].Add(dsums[i])
			fe = append(fe, derrs[i])
			i++
		}
		errs[f] = errors.Join(fe...)
	}
	return sums, errs
}

// bulkGroup is the files of a bulk load (graph.BulkLoader): their documents are added
// as they come, and written together.
type bulkGroup struct {
	b       graph.BulkLoader
	files   []string
	sums    []loader.Summary
	errs    []error // each file's, before the write
	sources sourceSet
}

// add adds pf's documents to the bulk, then calls staged (if not nil) with them.
func (g *bulkGroup) add(pf preparedFile, staged func([]*loader.Prepared)) {
	var sum loader.Summary
	errs := []error{pf.err}
	added := make([]*loader.Prepared, 0, len(pf.docs))
	for _, d := range pf.docs {
		ds, err := d.AddTo(g.b)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sum.Add(ds)
		g.sources[d.Source()] = true
		added = append(added, d)
	}
	g.files = append(g.files, pf.file)
	g.sums = append(g.sums, sum)
	g.errs = append(g.errs, errors.Join(errs...))
	if staged != nil && len(added) > 0 {
		staged(added)
	}
}

// outcome is each file's summary and error once the bulk was written with err: a file
// whose documents were added has failed too when the write did, and loaded nothing.
func (g *bulkGroup) outcome(err error) ([]loader.Summary, []error) {
	sums, errs := slices.Clone(g.sums), slices.Clone(g.errs)
	for i := range g.files {
		if err != nil && g.sums[i].Documents > 0 {
			sums[i] = loader.Summary{}
			errs[i] = errors.Join(errs[i], fmt.Errorf("load %s: %w", g.files[i], err))
		}
	}
	return sums, errs
}
