package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"annals/network"
)

// shapes draws each node type in its own shape.
var shapes = map[network.NodeType]string{
	network.Person: "ellipse",
	network.Body:   "box",
	network.Place:  "house",
	network.Event:  "diamond",
}

// dotID quotes a string as a DOT ID.
func dotID(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "").Replace(s) + `"`
}

// writeDOT writes a network for Graphviz: actors shaped by type, ties labelled and
// thickened by their weight, tooltips with the events' dates (SVG output).
func writeDOT(w io.Writer, n *network.Network) error {
	bw := bufio.NewWriter(w)
	kind, arrow := "graph", "--"
	if n.View == network.Bipartite {
		kind, arrow = "digraph", "->"
	}
	fmt.Fprintf(bw, "%s annals {\n", kind)
	fmt.Fprintf(bw, "  graph [label=%s, overlap=false];\n", dotID(string(n.View)+" network (annals)"))
	fmt.Fprintf(bw, "  node [fontname=\"Helvetica\", fontsize=10];\n")
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		tip := string(nd.Type)
		if d := spellList(nd.Spells); d != "" {
			tip += ": " + d
		}
		attrs := []string{
			"label=" + dotID(nd.Label),
			"shape=" + shapes[nd.Type],
			"tooltip=" + dotID(tip),
		}
		if nd.Legislator {
			attrs = append(attrs, "style=bold")
		}
		fmt.Fprintf(bw, "  %s [%s];\n", dotID(nd.ID), strings.Join(attrs, ", "))
	}
	for i := range n.Edges {
		e := &n.Edges[i]
		attrs := []string{
			fmt.Sprintf("weight=%d", e.Weight),
			"tooltip=" + dotID(e.Type+": "+spellList(e.Spells)),
		}
		if n.View == network.Projected {
			attrs = append(attrs, fmt.Sprintf("label=\"%d\"", e.Weight), fmt.Sprintf("penwidth=%d", min(e.Weight, 8)))
		} else {
			attrs = append(attrs, "label="+dotID(e.Type))
		}
		fmt.Fprintf(bw, "  %s %s %s [%s];\n", dotID(e.Source), arrow, dotID(e.Target), strings.Join(attrs, ", "))
	}
	fmt.Fprintf(bw, "}\n")
	return bw.Flush()
}
