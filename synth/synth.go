// Package synth writes synthetic chronologies for benchmarks and tests: month
// sections over several years, dated entries in every date form of the extraction
// format, invented people, organisations and legislatures with a power-law
// popularity, and real cities drawn from the gazetteer. Output is deterministic for
// a seed (and gazetteer data) and streamed, so a million entries take no more memory
// than ten.
//
// Alongside the text it can write the records a perfect extractor would return
// (the gold format of EXTRACT-FORMAT.md), to score extraction at any scale.
package synth

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"annals/extract/gazetteer"
)

// Config says what to generate.
type Config struct {
	Entries int    // number of dated entries
	Seed    uint64 // the same seed gives the same bytes
	// StartYear is the year of the first month section (2010 when 0).
	StartYear int
	// Gazetteer, when set, supplies real cities; without it places are invented
	// and an extractor will not resolve them.
	Gazetteer *gazetteer.Gazetteer
	// Source is the "source" of the gold records (the name the text will be read under).
	Source string
}

// Stats describe what was written.
type Stats struct {
	Documents int
	Entries   int
	Months    int
	Bytes     int64 // bytes of chronology text
	Lines     int
}

// Generator writes chronologies from pools of names built once by New.
type Generator struct {
	cfg   Config
	pools *pools
}

// New builds the name pools for cfg.Seed. It fails on a negative number of entries.
func New(cfg Config) (*Generator, error) {
	if cfg.Entries < 0 {
		return nil, fmt.Errorf("synth: %d entries: want zero or more", cfg.Entries)
	}
	if cfg.StartYear == 0 {
		cfg.StartYear = 2010
	}
	if cfg.Source == "" {
		cfg.Source = "synthetic.txt"
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	return &Generator{cfg: cfg, pools: newPools(r, cfg.Gazetteer)}, nil
}

// PersonNames are the full names of the pool's people, most popular first.
func (g *Generator) PersonNames() []string {
	out := make([]string, len(g.pools.people))
	for i, p := range g.pools.people {
		out[i] = p.full
	}
	return out
}

// entriesPerMonth spreads entries over at most 25 years, at least 8 a month.
func entriesPerMonth(n int) int {
	per := (n + 12*25 - 1) / (12 * 25)
	return max(per, 8)
}

// Write streams the chronology to w as one document and, when gold is not nil, one
// gold record per entry to gold. It checks ctx between month sections.
func (g *Generator) Write(ctx context.Context, w io.Writer, gold io.Writer) (Stats, error) {
	return g.WriteParts(ctx, 1, func(int) (Part, error) {
		return Part{Source: g.cfg.Source, Text: w, Gold: gold}, nil
	})
}

// Part is where one document of a chronology goes: Source is the name its gold records
// give, Text receives its text and Gold, when not nil, its gold records. Close, when not
// nil, is called once the document is written.
type Part struct {
	Source string
	Text   io.Writer
	Gold   io.Writer
	Close  func() error
}

// WriteParts writes the chronology as n documents of consecutive month sections (a
// newsroom's yearly reports, say), all drawn from the same pools of names, so that the
// same people, bodies and places recur across documents as they do across a source's
// reports. open gives the writers of document i (0 ≤ i < n). Each document has its own
// front matter, style and line numbers; the months, and how many entries each has, are
// those of the one-document chronology of the same Config, and document 0 of a split
// starts with the same bytes as the whole. n is capped at the number of months.
func (g *Generator) WriteParts(ctx context.Context, n int, open func(i int) (Part, error)) (Stats, error) {
	if n < 1 {
		return Stats{}, fmt.Errorf("synth: %d documents: want one or more", n)
	}
	months := 0
	if g.cfg.Entries > 0 {
		per := entriesPerMonth(g.cfg.Entries)
		months = (g.cfg.Entries + per - 1) / per
	}
	n = min(n, max(months, 1))
	var st Stats
	for i := 0; i < n; i++ {
		part, err := open(i)
		if err != nil {
			return st, err
		}
		from, to := months*i/n, months*(i+1)/n
		err = g.writePart(ctx, part, uint64(i), months, from, to, &st)
		st.Documents++
		if part.Close != nil {
			if cerr := part.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

// writePart writes month sections [from, to) of a chronology of months months as one
// document, with the random stream of document i, adding to st.
func (g *Generator) writePart(ctx context.Context, part Part, i uint64, months, from, to int, st *Stats) error {
	bw := bufio.NewWriterSize(part.Text, 1<<16)
	var gw *bufio.Writer
	var enc *json.Encoder
	if part.Gold != nil {
		gw = bufio.NewWriterSize(part.Gold, 1<<16)
		enc = json.NewEncoder(gw)
		enc.SetEscapeHTML(false)
	}
	d := newDocument(g, rand.New(rand.NewPCG(g.cfg.Seed, 0xd0c+i)))
	d.source = part.Source
	d.collect = part.Gold != nil
	// flush hands the buffered text and gold records to the writers; writeMonth calls
	// it between entries once the buffer is large, so memory stays constant.
	d.flush = func() error {
		for j := range d.records {
			if enc == nil {
				break
			}
			if err := enc.Encode(&d.records[j]); err != nil {
				return fmt.Errorf("synth: write gold: %w", err)
			}
		}
		n, err := bw.Write(d.buf)
		st.Bytes += int64(n)
		d.buf = d.buf[:0]
		d.records = d.records[:0]
		if err != nil {
			return fmt.Errorf("synth: write: %w", err)
		}
		return nil
	}
	d.writeFrontMatter(from, to)
	for m := from; m < to; m++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		first, next := g.cfg.Entries*m/months, g.cfg.Entries*(m+1)/months
		year := g.cfg.StartYear + m/12
		month := time.Month(m%12 + 1)
		if err := d.writeMonth(year, month, next-first); err != nil {
			return err
		}
		st.Entries += next - first
		st.Months++
	}
	if err := d.flush(); err != nil {
		return err
	}
	st.Lines += d.line - 1
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("synth: write: %w", err)
	}
	if gw != nil {
		if err := gw.Flush(); err != nil {
			return fmt.Errorf("synth: write gold: %w", err)
		}
	}
	return nil
}

// appendInt appends a decimal number.
func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }
