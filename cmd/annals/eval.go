package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"annals/extract"
	"annals/extract/score"
)

// evalFlags are the flags of `annals eval`.
type evalFlags struct {
	gold   string
	misses bool
	asJSON bool
	lines  string
	year   int
	format string
}

func newEvalCmd() *cobra.Command {
	var fl evalFlags
	cmd := &cobra.Command{
		Use:   "eval --gold GOLD.jsonl [--misses] [--json] [--lines A-B] FILE",
		Short: "Score extraction against gold records (precision, recall, F1, dates, flags)",
		Long: `Eval scores FILE against the gold records with the matching rules of
../shared/eval/score.py and prints the same lines it does. FILE is a chronology
(the extractor is run on it) or extraction records as JSON Lines: a .jsonl, .ndjson
or .json name, or content starting with "{", is read as records.

Besides entities, dates and flags, gold entries marked "v2" are scored for the roles
of format version 2: venue, body_country, body_part_of, person_country and
person_member_of.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEval(cmd.OutOrStdout(), fl, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.gold, "gold", "", "gold records, JSON Lines (`GOLD.jsonl`)")
	f.BoolVar(&fl.misses, "misses", false, "list every miss: missed, spurious, wrong flag, wrong date")
	f.BoolVar(&fl.asJSON, "json", false, "print the figures as one JSON object")
	f.StringVar(&fl.lines, "lines", "", "score only gold entries of source lines `A-B`")
	f.IntVar(&fl.year, "year", 0, "year of entries in chronologies without month headers")
	f.StringVar(&fl.format, "format", "auto", "what FILE is: auto, text (a chronology) or jsonl (records)")
	_ = cmd.MarkFlagRequired("gold")
	return cmd
}

func runEval(stdout io.Writer, fl evalFlags, path string) error {
	opts := score.Options{}
	if fl.lines != "" {
		from, to, err := parseLineRange(fl.lines)
		if err != nil {
			return err
		}
		opts.FromLine, opts.ToLine = from, to
	}
	gold, err := loadRecordsFile(fl.gold)
	if err != nil {
		return fmt.Errorf("gold %w", err)
	}
	sys, err := systemRecords(path, fl)
	if err != nil {
		return err
	}
	res := score.Score(gold, sys, opts)
	if fl.asJSON {
		return res.WriteJSON(stdout, fl.misses)
	}
	return res.WriteText(stdout, fl.misses)
}

// parseLineRange reads "A-B".
func parseLineRange(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(s, "-")
	if ok {
		from, err = strconv.Atoi(strings.TrimSpace(a))
		if err == nil {
			to, err = strconv.Atoi(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil || from < 0 || to < from {
		return 0, 0, fmt.Errorf("--lines %q: want two line numbers A-B with A <= B", s)
	}
	return from, to, nil
}

func loadRecordsFile(path string) (*score.Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := score.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// systemRecords reads FILE as records, or extracts them from it when it is a chronology.
func systemRecords(path string, fl evalFlags) (*score.Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	isRecords, err := looksLikeRecords(path, data, fl.format)
	if err != nil {
		return nil, err
	}
	if isRecords {
		s, err := score.Load(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return s, nil
	}
	x, err := extract.New()
	if err != nil {
		return nil, err
	}
	doc, err := x.Extract(bytes.NewReader(data), extract.Options{Source: filepath.Base(path), Year: fl.year})
	if errors.Is(err, extract.ErrNoSectionYear) {
		return nil, fmt.Errorf("%s: %w; give the year with --year N", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return score.FromRecords(doc.Records)
}

func looksLikeRecords(path string, data []byte, format string) (bool, error) {
	switch format {
	case "jsonl":
		return true, nil
	case "text":
		return false, nil
	case "auto", "":
	default:
		return false, fmt.Errorf("--format %q: want auto, text or jsonl", format)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return true, nil
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	return len(t) > 0 && t[0] == '{', nil
}
