package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"annals/network"
)

// xmlWriter writes XML text, keeping the first error.
type xmlWriter struct {
	w   *bufio.Writer
	err error
}

func newXMLWriter(w io.Writer) *xmlWriter { return &xmlWriter{w: bufio.NewWriter(w)} }

func (x *xmlWriter) printf(format string, args ...any) {
	if x.err == nil {
		_, x.err = fmt.Fprintf(x.w, format, args...)
	}
}

func (x *xmlWriter) flush() error {
	if x.err != nil {
		return x.err
	}
	return x.w.Flush()
}

// esc escapes text for an XML attribute value or element content.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // strings.Builder does not fail
	return b.String()
}

// writeGraphML writes a network as GraphML with typed keys for every attribute.
// yEd and networkx read it; Gephi too.
func writeGraphML(w io.Writer, n *network.Network) error {
	x := newXMLWriter(w)
	x.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	x.printf("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n")
	x.printf("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
	x.printf("    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
	x.printf("  <key id=\"g_view\" for=\"graph\" attr.name=\"view\" attr.type=\"string\"/>\n")
	for _, a := range nodeAttrs {
		x.printf("  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", a.key, a.key, a.typ)
	}
	for _, a := range edgeAttrs {
		x.printf("  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", a.key, a.key, a.typ)
	}
	x.printf("  <graph id=\"annals\" edgedefault=\"%s\">\n", edgeDefault(n))
	x.printf("    <data key=\"g_view\">%s</data>\n", n.View)
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		x.printf("    <node id=\"%s\">\n", esc(nd.ID))
		for _, a := range nodeAttrs {
			if v, ok := a.get(nd); ok {
				x.printf("      <data key=\"n_%s\">%s</data>\n", a.key, esc(v))
			}
		}
		x.printf("    </node>\n")
	}
	for i := range n.Edges {
		e := &n.Edges[i]
		x.printf("    <edge id=\"e%d\" source=\"%s\" target=\"%s\">\n", i, esc(e.Source), esc(e.Target))
		for _, a := range edgeAttrs {
			if v, ok := a.get(e); ok {
				x.printf("      <data key=\"e_%s\">%s</data>\n", a.key, esc(v))
			}
		}
		x.printf("    </edge>\n")
	}
	x.printf("  </graph>\n</graphml>\n")
	return x.flush()
}

// edgeDefault: the bipartite view links events to actors (directed), the projected
// view links actors both ways.
func edgeDefault(n *network.Network) string {
	if n.View == network.Bipartite {
		return "directed"
	}
	return "undirected"
}

// writeGEXF writes a network as GEXF 1.3, dynamic: every node and edge carries the
// spells of its events, so Gephi's timeline shows the network as it grows.
func writeGEXF(w io.Writer, n *network.Network) error {
	x := newXMLWriter(w)
	x.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	x.printf("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n")
	x.printf("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
	x.printf("    xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n")
	x.printf("  <meta>\n")
	x.printf("    <creator>annals</creator>\n")
	x.printf("    <description>%s network; the sources state the facts, annals records them with their entries</description>\n", n.View)
	x.printf("  </meta>\n")
	x.printf("  <graph defaultedgetype=\"%s\" mode=\"dynamic\" timeformat=\"date\" timerepresentation=\"interval\">\n", edgeDefault(n))
	x.printf("    <attributes class=\"node\" mode=\"static\">\n")
	for i, a := range nodeAttrs {
		if a.key == "label" {
			continue // the node's own label attribute
		}
		x.printf("      <attribute id=\"%d\" title=\"%s\" type=\"%s\"/>\n", i, a.key, a.typ.gexf())
	}
	x.printf("    </attributes>\n")
	x.printf("    <attributes class=\"edge\" mode=\"static\">\n")
	for i, a := range edgeAttrs {
		if a.key == "weight" {
			continue // the edge's own weight attribute
		}
		x.printf("      <attribute id=\"%d\" title=\"%s\" type=\"%s\"/>\n", i, a.key, a.typ.gexf())
	}
	x.printf("    </attributes>\n")
	x.printf("    <nodes>\n")
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		x.printf("      <node id=\"%s\" label=\"%s\">\n", esc(nd.ID), esc(nd.Label))
		x.printf("        <attvalues>\n")
		for j, a := range nodeAttrs {
			if v, ok := a.get(nd); ok && a.key != "label" {
				x.printf("          <attvalue for=\"%d\" value=\"%s\"/>\n", j, esc(v))
			}
		}
		x.printf("        </attvalues>\n")
		writeSpells(x, nd.Spells, "        ")
		c := typeColors[nd.Type]
		x.printf("        <viz:color r=\"%d\" g=\"%d\" b=\"%d\"/>\n", c[0], c[1], c[2])
		x.printf("        <viz:size value=\"%d\"/>\n", 4+min(nd.Events, 40))
		x.printf("      </node>\n")
	}
	x.printf("    </nodes>\n")
	x.printf("    <edges>\n")
	for i := range n.Edges {
		e := &n.Edges[i]
		x.printf("      <edge id=\"%d\" source=\"%s\" target=\"%s\" weight=\"%d\">\n", i, esc(e.Source), esc(e.Target), e.Weight)
		x.printf("        <attvalues>\n")
		for j, a := range edgeAttrs {
			if v, ok := a.get(e); ok && a.key != "weight" {
				x.printf("          <attvalue for=\"%d\" value=\"%s\"/>\n", j, esc(v))
			}
		}
		x.printf("        </attvalues>\n")
		writeSpells(x, e.Spells, "        ")
		x.printf("      </edge>\n")
	}
	x.printf("    </edges>\n")
	x.printf("  </graph>\n</gexf>\n")
	return x.flush()
}

// typeColors colour nodes by type in Gephi; sizes grow with the node's events.
var typeColors = map[network.NodeType][3]int{
	network.Person: {66, 133, 244},
	network.Body:   {219, 68, 55},
	network.Place:  {15, 157, 88},
	network.Event:  {244, 180, 0},
}

func writeSpells(x *xmlWriter, spells []network.Spell, indent string) {
	if len(spells) == 0 {
		return
	}
	x.printf("%s<spells>\n", indent)
	for _, s := range spells {
		x.printf("%s  <spell start=\"%s\" end=\"%s\"/>\n", indent, s.Start, s.End)
	}
	x.printf("%s</spells>\n", indent)
}
