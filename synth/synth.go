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
	Entries int
	Months  int
	Bytes   int64 // bytes of chronology text
	Lines   int
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

// Write streams the chronology to w and, when gold is not nil, one gold record per
// entry to gold. It checks ctx between month sections.
func (g *Generator) Write(ctx context.Context, w io.Writer, gold io.Writer) (Stats, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	var gw *bufio.Writer
	var enc *json.Encoder
	if gold != nil {
		gw = bufio.NewWriterSize(gold, 1<<16)
		enc = json.NewEncoder(gw)
		enc.SetEscapeHTML(false)
	}
	d := newDocument(g, rand.New(rand.NewPCG(g.cfg.Seed, 0xd0c)))
	d.collect = gold != nil
	var st Stats
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
	months := 0
	if g.cfg.Entries > 0 {
		per := entriesPerMonth(g.cfg.Entries)
		months = (g.cfg.Entries + per - 1) / per
	}
	d.writeFrontMatter(months)
	for i := 0; i < months; i++ {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		from := g.cfg.Entries * i / months
		to := g.cfg.Entries * (i + 1) / months
		year := g.cfg.StartYear + i/12
		month := time.Month(i%12 + 1)
		if err := d.writeMonth(year, month, to-from); err != nil {
			return st, err
		}
		st.Entries += to - from
		st.Months++
	}
	if err := d.flush(); err != nil {
		return st, err
	}
	st.Lines = d.line - 1
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("synth: write: %w", err)
	}
	if gw != nil {
		if err := gw.Flush(); err != nil {
			return st, fmt.Errorf("synth: write gold: %w", err)
		}
	}
	return st, nil
}

// appendInt appends a decimal number.
func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }
