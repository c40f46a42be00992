package extract

import (
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"annals/extract/gazetteer"
)

// Options tune one extraction.
type Options struct {
	// Source names the document in every record (usually the file's base name).
	Source string
	// Year is used when the document has no month headers ("March 2023").
	Year int
}

// Document is the result of extracting one chronology.
type Document struct {
	Source   string
	Records  []Record
	Skipped  []SkippedLine // lines that are not entries (title, captions, navigation)
	Warnings []string      // document-level warnings, "file:line: reason"
}

// SkippedLine is a non-empty line that is not part of any entry.
type SkippedLine struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Extractor turns chronologies into records. It holds the gazetteer, loaded once.
type Extractor struct {
	gz *gazetteer.Gazetteer
	// blocks keeps the token blocks of a document for the next one (tokenSlab): a
	// process extracting many documents touches no fresh memory for them
	blocks sync.Pool
}

// New loads the embedded gazetteer and returns an Extractor safe for concurrent use.
func New() (*Extractor, error) {
	gz, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	return &Extractor{gz: gz}, nil
}

// Extract reads one chronology and returns its records in document order: the
// entries found by SplitEntries, with the people, bodies and places each names.
// Errors wrap ErrEmpty, ErrBinary, ErrInvalidUTF8 (with the byte offset),
// ErrNoSectionYear (set Options.Year) or ErrNoEntries; they do not name the source,
// which the caller knows.
func (x *Extractor) Extract(r io.Reader, opts Options) (*Document, error) {
	// A strings.Builder hands its bytes over as a string without a copy; sized
	// beforehand when the reader knows its length, it is filled without regrowing.
	var text strings.Builder
	text.Grow(sizeHint(r))
	if _, err := io.Copy(&text, r); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	doc, err := splitText(text.String(), opts)
	if err != nil {
		return nil, err
	}
	x.annotateDocument(doc)
	for i := range doc.Records {
		doc.Records[i].normalize()
	}
	return doc, nil
}

// sizeHint is the number of bytes r will yield, when it can tell (a file, a
// bytes.Reader or strings.Reader), plus one for io.Copy's final empty read.
func sizeHint(r io.Reader) int {
	switch v := r.(type) {
	case interface{ Len() int }:
		return v.Len() + 1
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < 1<<31-1 {
			return int(fi.Size()) + 1
		}
	}
	return 0
}

// normalize replaces nil lists with empty ones, so that JSON shows [] and never null.
func (r *Record) normalize() {
	if r.People == nil {
		r.People = []Person{}
	}
	if r.Bodies == nil {
		r.Bodies = []Body{}
	}
	if r.Places == nil {
		r.Places = []Place{}
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	for i := range r.People {
		p := &r.People[i]
		if p.Aliases == nil {
			p.Aliases = []string{}
		}
		if p.Roles == nil {
			p.Roles = []string{}
		}
	}
	for i := range r.Bodies {
		if r.Bodies[i].Aliases == nil {
			r.Bodies[i].Aliases = []string{}
		}
	}
}
