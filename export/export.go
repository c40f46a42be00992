// Package export writes networks of the knowledge graph in the formats analysts' tools
// open (GraphML for networkx and yEd, GEXF 1.3 for Gephi's timeline, Graphviz DOT,
// Cytoscape.js JSON, CSV for spreadsheets and Gephi's importer) and the raw quads of a
// subgraph as N-Quads or JSON-LD.
//
// The quad formats go through cayleygraph/quad's writers (nquads, jsonld), with typed
// literals rewritten first (quad writes booleans as "True" and datatypes as <xsd:…>).
// Its graphml and dot writers are not used: they draw every quad as an edge and every
// literal as a node, with one untyped "description" key, no weights, dates or labels;
// the network formats here are written from a network.Network instead.
package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"annals/graph"
	"annals/network"
)

// Format is an export format.
type Format string

// Export formats.
const (
	GraphML       Format = "graphml"
	GEXF          Format = "gexf"
	DOT           Format = "dot"
	CytoscapeJSON Format = "cyjs"
	CSV           Format = "csv" // a zip of nodes.csv and edges.csv
	NQuads        Format = "nquads"
	JSONLD        Format = "jsonld"
)

// Formats lists the export formats.
var Formats = []Format{GraphML, GEXF, DOT, CytoscapeJSON, CSV, NQuads, JSONLD}

// ErrUnknownFormat: the format is none of Formats.
var ErrUnknownFormat = errors.New("unknown export format")

// ParseFormat reads a format name (case-insensitive; "gv", "cytoscape", "nq", "json-ld"
// are accepted too).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "graphml":
		return GraphML, nil
	case "gexf":
		return GEXF, nil
	case "dot", "gv", "graphviz":
		return DOT, nil
	case "cyjs", "cytoscape", "cytoscape.js":
		return CytoscapeJSON, nil
	case "csv", "zip":
		return CSV, nil
	case "nquads", "nq", "n-quads":
		return NQuads, nil
	case "jsonld", "json-ld":
		return JSONLD, nil
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, s, formatList())
}

func formatList() string {
	var names []string
	for _, f := range Formats {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// Quads tells whether the format carries the raw quads rather than a network view.
func (f Format) Quads() bool { return f == NQuads || f == JSONLD }

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case GraphML:
		return "application/graphml+xml"
	case GEXF:
		return "application/gexf+xml"
	case DOT:
		return "text/vnd.graphviz; charset=utf-8"
	case CytoscapeJSON:
		return "application/json"
	case CSV:
		return "application/zip"
	case NQuads:
		return "application/n-quads"
	case JSONLD:
		return "application/ld+json"
	}
	return "application/octet-stream"
}

// Ext is the file name extension of the format, with its dot.
func (f Format) Ext() string {
	switch f {
	case CytoscapeJSON:
		return ".cyjs"
	case CSV:
		return ".zip"
	case NQuads:
		return ".nq"
	}
	return "." + string(f)
}

// Write selects the request's subgraph of the store and writes it in format f: the
// network view for network formats, the subgraph's quads for N-Quads and JSON-LD.
func Write(ctx context.Context, w io.Writer, st *graph.Store, f Format, sel network.Selection, view network.View, metrics bool) error {
	if f.Quads() && sel.IsZero() {
		return WriteQuads(ctx, w, f, st, nil)
	}
	sub, err := network.SelectStore(ctx, st, sel, 0)
	if err != nil {
		return err
	}
	if f.Quads() {
		return WriteQuads(ctx, w, f, st, sub)
	}
	var opts *network.Options
	if metrics {
		opts = &network.DefaultOptions
	}
	n, err := sub.ViewContext(ctx, view, opts)
	if err != nil {
		return err
	}
	return WriteNetwork(w, f, n)
}

// WriteNetwork writes a network in a network format.
func WriteNetwork(w io.Writer, f Format, n *network.Network) error {
	switch f {
	case GraphML:
		return writeGraphML(w, n)
	case GEXF:
		return writeGEXF(w, n)
	case DOT:
		return writeDOT(w, n)
	case CytoscapeJSON:
		return writeCytoscape(w, n)
	case CSV:
		return writeCSVZip(w, n)
	case NQuads, JSONLD:
		return fmt.Errorf("export: %s carries quads, not a network", f)
	}
	return fmt.Errorf("%w %q", ErrUnknownFormat, f)
}

// FileName names a download by what it holds: annals-VIEW.EXT for a network file
// (annals-projected.gexf), annals-VIEW-network-csv.zip for the zip of the network's
// CSV tables, annals-quads.EXT for the quads.
func FileName(f Format, view network.View) string {
	switch {
	case f.Quads():
		return "annals-quads" + f.Ext()
	case f == CSV:
		return "annals-" + string(view) + "-network-csv" + f.Ext()
	}
	return "annals-" + string(view) + f.Ext()
}

// Handler serves /api/export: GET with format= (see Formats) and the selection
// parameters of network.QueryParams answers the file, named by FileName.
func Handler(st *graph.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f, err := ParseFormat(q.Get("format"))
		if err != nil {
			network.WriteProblem(w, r, fmt.Errorf("%w: format: %w", network.ErrBadSelection, err))
			return
		}
		sel, view, metrics, err := network.ParseQuery(q)
		if err != nil {
			network.WriteProblem(w, r, err)
			return
		}
		// Build the whole file before answering, so that an error is still a problem
		// answer rather than a truncated file.
		var buf bytes.Buffer
		if err := Write(r.Context(), &buf, st, f, sel, view, metrics); err != nil {
			network.WriteProblem(w, r, err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType())
		w.Header().Set("Content-Disposition", `attachment; filename="`+FileName(f, view)+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		_, _ = buf.WriteTo(w)
	})
}
