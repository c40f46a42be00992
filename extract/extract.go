package extract

import (
	"io"

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
}

// New loads the embedded gazetteer and returns an Extractor safe for concurrent use.
func New() (*Extractor, error) {
	gz, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	return &Extractor{gz: gz}, nil
}

// Extract reads one chronology and returns its records in document order.
// TODO(extract-core): document model, dates, kinds.
func (x *Extractor) Extract(r io.Reader, opts Options) (*Document, error) {
	_, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	doc := &Document{Source: opts.Source}
	x.annotate(doc.Records)
	return doc, nil
}
