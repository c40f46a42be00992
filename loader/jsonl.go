package loader

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"annals/extract"
)

// ReadJSONL reads extraction records, one JSON object a line (`annals extract`'s
// output). name is the file's name in errors: "name:line: reason". Blank lines are
// skipped; any malformed line fails the whole read, so nothing of a bad file is loaded.
func ReadJSONL(r io.Reader, name string) ([]extract.Record, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var recs []extract.Record
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var rec extract.Record
			if jerr := json.Unmarshal(b, &rec); jerr != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, jsonReason(jerr))
			}
			recs = append(recs, rec)
		}
		if errors.Is(err, io.EOF) {
			return recs, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// jsonReason rewords encoding/json's errors for a reader who sees one line.
func jsonReason(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q: want %s, got JSON %s", te.Field, te.Type, te.Value)
	}
	return fmt.Errorf("malformed JSON: %w", err)
}

// BySource groups records by their source in order of first appearance; records with
// no source go under fallback (usually the file's base name).
func BySource(recs []extract.Record, fallback string) (sources []string, docs map[string][]extract.Record) {
	docs = make(map[string][]extract.Record)
	for _, r := range recs {
		src := r.Source
		if src == "" {
			src = fallback
		}
		if _, ok := docs[src]; !ok {
			sources = append(sources, src)
		}
		docs[src] = append(docs[src], r)
	}
	return sources, docs
}
