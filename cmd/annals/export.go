package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"annals/export"

	"github.com/spf13/cobra"
)

func newExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export --format F [-o FILE] [selection flags]",
		Short: "Write a subgraph as GraphML, GEXF, DOT, Cytoscape.js, CSV, N-Quads or JSON-LD",
		Long: "export writes the subgraph that the selection flags choose (the same as annals network;\n" +
			"with none, the whole graph) for the tools analysts use: graphml (yEd, networkx),\n" +
			"gexf (Gephi, 1.3 with the events' dates as spells for the timeline), dot (Graphviz),\n" +
			"cyjs (Cytoscape), csv (a zip of nodes.csv and edges.csv), or its raw quads as\n" +
			"nquads or jsonld (schema.org context), each with the entry it was read from.",
		Example: `  annals export --format gexf -o network.gexf
  annals export --format graphml --seed "Agnieszka Borowiec" --depth 2 -o borowiec.graphml
  annals export --format csv --from 2022-01 --to 2022-06 --legislators -o spring.zip
  annals export --format nquads --seed "Baltic Coast Forum" --depth 0`,
		Args: cobra.NoArgs,
	}
	sf := addStoreFlags(cmd)
	sel := addSelectionFlags(cmd.Flags())
	format := cmd.Flags().String("format", "", "graphml|gexf|dot|cyjs|csv|nquads|jsonld (required)")
	outPath := cmd.Flags().StringP("output", "o", "", "file to write (default: standard output)")
	metrics := cmd.Flags().Bool("metrics", true, "attach the actors' analytics (degree, betweenness, PageRank, ...)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		ctx := commandContext(cmd)
		f, err := export.ParseFormat(*format)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		s, view, err := sel.selection()
		if err != nil {
			return selectionExit(err)
		}
		st, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		var w io.Writer = cmd.OutOrStdout()
		var file *os.File
		if *outPath != "" && *outPath != "-" {
			if file, err = os.Create(*outPath); err != nil {
				return err
			}
		}
		if file != nil {
			w = file
		}
		bw := bufio.NewWriter(w)
		err = export.Write(ctx, bw, st, f, s, view, *metrics)
		if err == nil {
			err = bw.Flush()
		}
		if file != nil {
			if cerr := file.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(file.Name()) // no half-written export left behind
			}
		}
		if err != nil {
			return selectionExit(fmt.Errorf("export %s: %w", f, err))
		}
		return nil
	}
	return cmd
}
