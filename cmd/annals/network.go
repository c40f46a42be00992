package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"annals/network"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// selectionFlags are the flags that choose a subgraph, shared by network and export.
type selectionFlags struct {
	sel   network.Selection
	types string
	view  string
}

func addSelectionFlags(f *pflag.FlagSet) *selectionFlags {
	s := &selectionFlags{}
	f.StringArrayVar(&s.sel.Seeds, "seed", nil, "ego network of this actor (name, alias or IRI; repeatable)")
	f.IntVar(&s.sel.Depth, "depth", 1, "radius of the ego network in co-appearance hops")
	f.StringVar(&s.sel.From, "from", "", "events ending on or after (YYYY[-MM[-DD]])")
	f.StringVar(&s.sel.To, "to", "", "events starting on or before (YYYY[-MM[-DD]])")
	f.StringVar(&s.types, "types", "", "node types to keep: people,bodies,places,events (default people, bodies, events; places too in the bipartite view)")
	f.BoolVar(&s.sel.Legislators, "legislators", false, "keep only legislators and legislative bodies")
	f.BoolVar(&s.sel.Participants, "participants", false, "count people only where they took part, not where only referred to")
	f.IntVar(&s.sel.MinWeight, "min-weight", 0, "drop ties of fewer shared events, and actors left without ties")
	f.StringVar(&s.sel.Gizmo, "gizmo", "", "keep the nodes a Gizmo query returns (and the actors of returned events)")
	f.StringVar(&s.view, "view", string(network.Projected), "projected (actor–actor co-appearance) or bipartite (actor–event)")
	return s
}

// selection returns the chosen selection and view.
func (s *selectionFlags) selection() (network.Selection, network.View, error) {
	sel := s.sel
	var err error
	if sel.Types, err = network.ParseTypes(s.types); err != nil {
		return sel, "", err
	}
	v := network.View(strings.ToLower(s.view))
	if v != network.Projected && v != network.Bipartite {
		return sel, "", fmt.Errorf("%w: unknown view %q (want projected or bipartite)", network.ErrBadSelection, s.view)
	}
	return sel, v, sel.Validate()
}

// selectionExit maps selection errors to exit code 2 (bad usage), others to 1.
func selectionExit(err error) error {
	if errors.Is(err, network.ErrBadSelection) || errors.Is(err, network.ErrUnknownActor) ||
		errors.Is(err, network.ErrAmbiguousActor) || errors.Is(err, network.ErrBadQuery) {
		return &exitError{code: 2, err: err}
	}
	return err
}

func newNetworkCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "network [selection flags]",
		Short: "Co-appearance network of a subgraph, with its analytics",
		Long: "network selects a subgraph (the ego network of --seed actors, a period, node types,\n" +
			"legislators, a minimum tie weight, a Gizmo query; with none, the whole graph) and\n" +
			"prints its co-appearance network: actors, the events they share and, with --metrics,\n" +
			"degree, weighted degree, betweenness, PageRank, components and communities.\n" +
			"--path-to prints the shortest connections from the first seed, event by event.",
		Example: `  annals network --seed "Agnieszka Borowiec" --depth 2 --metrics
  annals network --from 2022-03 --to 2022-06 --legislators --min-weight 2 --json
  annals network --seed "Karin Sjöberg" --path-to "Nordhavn Shipping" --depth 6`,
		Args: cobra.NoArgs,
	}
	sf := addStoreFlags(cmd)
	sel := addSelectionFlags(cmd.Flags())
	metrics := cmd.Flags().Bool("metrics", false, "compute degree, betweenness, PageRank, components and communities")
	bmax := cmd.Flags().Int("betweenness-max", network.DefaultOptions.BetweennessMax, "skip betweenness for networks of more nodes (0: no limit; minutes at 10k actors)")
	cmax := cmd.Flags().Int("communities-max", network.DefaultOptions.CommunitiesMax, "skip communities for networks of more nodes (0: no limit)")
	pathTo := cmd.Flags().String("path-to", "", "print the shortest connections from the first --seed to this actor")
	asJSON := cmd.Flags().Bool("json", false, "print the network as JSON")
	top := cmd.Flags().Int("top", 25, "rows of actors and ties in the table (0: all)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		ctx := commandContext(cmd)
		s, view, err := sel.selection()
		if err != nil {
			return selectionExit(err)
		}
		if *pathTo != "" {
			if len(s.Seeds) == 0 {
				return selectionExit(fmt.Errorf("%w: --path-to needs a --seed to start from", network.ErrBadSelection))
			}
			// The target must be inside the ego network: search as deep as asked.
			s.Seeds = append(s.Seeds, *pathTo)
			view = network.Projected
		}
		st, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		sub, err := network.SelectStore(ctx, st, s, 0)
		if err != nil {
			return selectionExit(err)
		}
		var opts *network.Options
		if *metrics {
			opts = &network.Options{BetweennessMax: *bmax, CommunitiesMax: *cmax}
		}
		n, err := sub.AnalyzedView(view, opts)
		if err != nil {
			return selectionExit(err)
		}
		out := cmd.OutOrStdout()
		if *pathTo != "" {
			seeds := sub.Seeds()
			paths, err := network.ShortestPaths(n, seeds[0], seeds[len(seeds)-1], 10)
			if err != nil {
				return selectionExit(err)
			}
			if *asJSON {
				return writeJSON(out, paths)
			}
			return printPaths(out, paths)
		}
		if *asJSON {
			return writeJSON(out, n)
		}
		return printNetwork(out, n, *top)
	}
	return cmd
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printNetwork prints the actors (by PageRank with metrics, else by events) and the
// strongest ties.
func printNetwork(w io.Writer, n *network.Network, top int) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s network: %d nodes, %d edges", n.View, len(n.Nodes), len(n.Edges))
	if s := n.Summary; s != nil {
		fmt.Fprintf(tw, ", %d components, %d communities (modularity %.3f)", s.Components, s.Communities, s.Modularity)
		if s.BetweennessOmitted {
			fmt.Fprintf(tw, "; betweenness skipped (more than --betweenness-max nodes)")
		}
		if s.CommunitiesOmitted {
			fmt.Fprintf(tw, "; communities skipped (more than --communities-max nodes)")
		}
	}
	fmt.Fprintln(tw)
	nodes := make([]network.Node, 0, len(n.Nodes))
	for _, nd := range n.Nodes {
		if nd.IsActor() {
			nodes = append(nodes, nd)
		}
	}
	sort.SliceStable(nodes, func(i, j int) bool {
		if a, b := nodes[i].Metrics, nodes[j].Metrics; a != nil && b != nil && a.PageRank != b.PageRank {
			return a.PageRank > b.PageRank
		}
		return nodes[i].Events > nodes[j].Events
	})
	fmt.Fprintln(tw, "\nACTOR\tTYPE\tEVENTS\tFIRST\tLAST\tDEGREE\tWEIGHTED\tBETWEENNESS\tPAGERANK\tCOMPONENT\tCOMMUNITY")
	for i, nd := range nodes {
		if top > 0 && i == top {
			fmt.Fprintf(tw, "… %d more\n", len(nodes)-top)
			break
		}
		typ := string(nd.Type)
		if nd.Legislator {
			typ += " (legislat.)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s", nd.Label, typ, nd.Events, nd.Start, nd.End)
		if m := nd.Metrics; m != nil {
			b := "-"
			if m.Betweenness != nil {
				b = fmt.Sprintf("%.2f", *m.Betweenness)
			}
			c := "-"
			if m.Community != nil {
				c = strconv.Itoa(*m.Community)
			}
			fmt.Fprintf(tw, "\t%d\t%d\t%s\t%.4f\t%d\t%s", m.Degree, m.WeightedDegree, b, m.PageRank, m.Component, c)
		}
		fmt.Fprintln(tw)
	}
	edges := append([]network.Edge(nil), n.Edges...)
	sort.SliceStable(edges, func(i, j int) bool { return edges[i].Weight > edges[j].Weight })
	labels := map[string]string{}
	for _, nd := range n.Nodes {
		labels[nd.ID] = nd.Label
	}
	fmt.Fprintln(tw, "\nTIE\t\tWEIGHT\tDATES")
	for i, e := range edges {
		if top > 0 && i == top {
			fmt.Fprintf(tw, "… %d more\n", len(edges)-top)
			break
		}
		var dates []string
		for _, ev := range e.Events {
			dates = append(dates, ev.Start)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", labels[e.Source], labels[e.Target], e.Weight, strings.Join(dates, " "))
	}
	return tw.Flush()
}

// printPaths prints each connection as a chain of actors and the events that join them.
func printPaths(w io.Writer, paths []network.Path) error {
	if len(paths) == 0 {
		_, err := fmt.Fprintln(w, "no connection through shared events")
		return err
	}
	for i, p := range paths {
		fmt.Fprintf(w, "%d. %d hops\n", i+1, len(p.Steps))
		for j, step := range p.Steps {
			if j == 0 {
				fmt.Fprintf(w, "   %s\n", p.Nodes[0].Label)
			}
			var evs []string
			for _, ev := range step.Events {
				evs = append(evs, ev.Label+" <"+ev.Entry+">")
			}
			fmt.Fprintf(w, "     via %s\n   %s\n", strings.Join(evs, "; "), p.Nodes[j+1].Label)
		}
	}
	return nil
}
