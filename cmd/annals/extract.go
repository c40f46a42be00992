package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"annals/extract"
)

// extractFlags are the flags of `annals extract`.
type extractFlags struct {
	out     string
	outDir  string
	jobs    int
	verbose bool
	year    int
}

func newExtractCmd() *cobra.Command {
	var fl extractFlags
	cmd := &cobra.Command{
		Use:   "extract [-o FILE] [-v] [--year N] FILE...",
		Short: "Extract dated entries, people, bodies and places as JSON Lines",
		Long: `Extract reads chronologies and writes one JSON object per dated entry to
stdout or to the file named by -o. The records' fields are described in
docs/record-format.md of the annals repository; what a chronology must look like is
in its README.md ("Load your own chronology"): one entry a paragraph, starting
with a date and a dash ("March 4 – ..."), the year from month headers ("March 2023")
or from --year. -v lists the lines skipped as not entries, and why.
A file that cannot be read is reported as "annals: FILE: reason"; the other files
are still extracted and the exit code is non-zero at the end. "-" reads stdin.
--output-dir DIR writes the records of each FILE to DIR/NAME.jsonl instead, so that
"annals load DIR/*.jsonl" holds one document in memory at a time; --jobs files are
extracted at once (one per core by default).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), fl, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&fl.out, "output", "o", "", "write the records to `FILE` instead of stdout")
	f.StringVar(&fl.outDir, "output-dir", "", "write the records of each FILE to `DIR`/NAME.jsonl")
	f.IntVarP(&fl.jobs, "jobs", "j", runtime.NumCPU(), "with --output-dir, files extracted at once")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "also list the lines skipped as not entries, on stderr")
	f.IntVar(&fl.year, "year", 0, "year of entries in documents without month headers (\"March 2023\")")
	return cmd
}

func runExtract(ctx context.Context, stdout, stderr io.Writer, fl extractFlags, files []string) (err error) {
	if fl.year < 0 || fl.year > 9999 {
		return fmt.Errorf("--year %d is not a year (1-9999)", fl.year)
	}
	if fl.out != "" && fl.outDir != "" {
		return errors.New("-o and --output-dir exclude each other")
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	if fl.outDir != "" {
		return extractToDir(ctx, x, stderr, fl, files)
	}
	out := stdout
	if fl.out != "" {
		f, err := os.Create(fl.out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		out = f
	}
	w, enc := recordWriter(out)
	failed := 0
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, err := extractFile(x, path, fl.year)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "annals: %s: %v\n", path, err)
			continue
		}
		if err := writeDocument(enc, stderr, doc, fl.verbose); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write records: %w", err)
	}
	if failed > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of %d files could not be extracted", failed, len(files))}
	}
	return nil
}

// extractToDir writes the records of each file to fl.outDir/NAME.jsonl, NAME being the
// file's base name without its extension, extracting fl.jobs files at once (documents
// are independent; the Extractor is safe for concurrent use). Each file's messages
// reach stderr together. A file that fails leaves no output behind.
func extractToDir(ctx context.Context, x *extract.Extractor, stderr io.Writer, fl extractFlags, files []string) error {
	if err := os.MkdirAll(fl.outDir, 0o755); err != nil {
		return err
	}
	names := make([]string, len(files))
	seen := map[string]string{}
	var mu sync.Mutex // guards failed and stderr
	failed := 0
	report := func(path string, msgs *bytes.Buffer, err error) {
		mu.Lock()
		defer mu.Unlock()
		stderr.Write(msgs.Bytes())
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "annals: %s: %v\n", path, err)
		}
	}
	for i, path := range files {
		base := filepath.Base(path)
		if path == "-" {
			base = "stdin"
		}
		name := strings.TrimSuffix(base, filepath.Ext(base)) + ".jsonl"
		if other, ok := seen[name]; ok {
			report(path, &bytes.Buffer{}, fmt.Errorf("its output %s is already written for %s", name, other))
			continue
		}
		seen[name], names[i] = path, name
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(fl.jobs, len(files))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				var msgs bytes.Buffer
				err := extractFileTo(x, &msgs, files[i], filepath.Join(fl.outDir, names[i]), fl)
				report(files[i], &msgs, err)
			}
		}()
	}
	for i := range files {
		if names[i] == "" {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of %d files could not be extracted", failed, len(files))}
	}
	return nil
}

// extractFileTo extracts path into the JSON Lines file out, its warnings to msgs; on
// error it removes out.
func extractFileTo(x *extract.Extractor, msgs io.Writer, path, out string, fl extractFlags) (err error) {
	doc, err := extractFile(x, path, fl.year)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			os.Remove(out)
		}
	}()
	w, enc := recordWriter(f)
	if err := writeDocument(enc, msgs, doc, fl.verbose); err != nil {
		return err
	}
	return w.Flush()
}

// recordWriter buffers out and encodes records to it as docs/record-format.md describes them
// (no HTML escaping); flush the writer when done.
func recordWriter(out io.Writer) (*bufio.Writer, *json.Encoder) {
	w := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return w, enc
}

// writeDocument writes the records of doc with enc, and its warnings (and, verbose,
// its skipped lines) to stderr.
func writeDocument(enc *json.Encoder, stderr io.Writer, doc *extract.Document, verbose bool) error {
	for _, warn := range doc.Warnings {
		fmt.Fprintln(stderr, "annals: warning:", warn)
	}
	for _, rec := range doc.Records {
		for _, warn := range rec.Warnings {
			fmt.Fprintln(stderr, "annals: warning:", warn)
		}
		if err := enc.Encode(rec); err != nil {
			return fmt.Errorf("write records: %w", err)
		}
	}
	if verbose {
		for _, s := range doc.Skipped {
			fmt.Fprintf(stderr, "annals: %s:%d: skipped, %s: %s\n", doc.Source, s.Line, s.Reason, abbreviate(s.Text, 100))
		}
	}
	return nil
}

// extractFile extracts one file ("-" is stdin); errors do not repeat the path.
func extractFile(x *extract.Extractor, path string, year int) (*extract.Document, error) {
	var r io.Reader = os.Stdin
	source := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, pe.Err // "no such file or directory"
			}
			return nil, err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return nil, errors.New("is a directory")
		}
		r, source = f, filepath.Base(path)
	}
	doc, err := x.Extract(r, extract.Options{Source: source, Year: year})
	if errors.Is(err, extract.ErrNoSectionYear) {
		return nil, fmt.Errorf("%w; give the year with --year N", err)
	}
	return doc, err
}

// abbreviate shortens s to at most n bytes at a rune boundary, marking the cut.
func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
