package export

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"annals/network"
)

// cyjs is the Cytoscape.js JSON shape (cy.json()), which Cytoscape desktop imports too.
type cyjs struct {
	FormatVersion string           `json:"format_version"`
	GeneratedBy   string           `json:"generated_by"`
	Target        string           `json:"target_cytoscapejs_version"`
	Data          map[string]any   `json:"data"`
	Elements      cyjsElements     `json:"elements"`
	Directed      bool             `json:"directed"`
	Summary       *network.Summary `json:"summary,omitempty"`
}

type cyjsElements struct {
	Nodes []cyjsElement `json:"nodes"`
	Edges []cyjsElement `json:"edges"`
}

type cyjsElement struct {
	Data map[string]any `json:"data"`
}

// typed converts an attribute's text to its JSON type.
func typed(t attrType, v string) any {
	switch t {
	case tInt:
		if i, err := strconv.Atoi(v); err == nil {
			return i
		}
	case tDouble:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
	case tBoolean:
		return v == "true"
	}
	return v
}

// writeCytoscape writes a network as Cytoscape.js JSON: every attribute in each
// element's data, the events behind an edge as a list.
func writeCytoscape(w io.Writer, n *network.Network) error {
	out := cyjs{
		FormatVersion: "1.0", GeneratedBy: "annals", Target: "~3",
		Data:     map[string]any{"name": "annals " + string(n.View) + " network", "view": n.View},
		Directed: n.View == network.Bipartite,
		Summary:  n.Summary,
		Elements: cyjsElements{Nodes: []cyjsElement{}, Edges: []cyjsElement{}},
	}
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		data := map[string]any{"id": nd.ID}
		for _, a := range nodeAttrs {
			if v, ok := a.get(nd); ok {
				data[a.key] = typed(a.typ, v)
			}
		}
		if len(nd.Sources) > 0 {
			data["source_entries"] = nd.Sources
		}
		out.Elements.Nodes = append(out.Elements.Nodes, cyjsElement{Data: data})
	}
	for i := range n.Edges {
		e := &n.Edges[i]
		// Cytoscape's "source" is the edge's end; provenance goes in "entries".
		data := map[string]any{
			"id": "e" + strconv.Itoa(i), "source": e.Source, "target": e.Target,
			"type": e.Type, "weight": e.Weight, "events": e.Events, "spells": e.Spells,
		}
		out.Elements.Edges = append(out.Elements.Edges, cyjsElement{Data: data})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}

// writeCSVZip writes a zip of nodes.csv and edges.csv, in the column names Gephi's
// spreadsheet importer recognizes (Id, Label; Source, Target, Type, Weight).
func writeCSVZip(w io.Writer, n *network.Network) error {
	z := zip.NewWriter(w)
	f, err := z.Create("nodes.csv")
	if err != nil {
		return err
	}
	if err := writeNodesCSV(f, n); err != nil {
		return err
	}
	if f, err = z.Create("edges.csv"); err != nil {
		return err
	}
	if err := writeEdgesCSV(f, n); err != nil {
		return err
	}
	return z.Close()
}

func writeNodesCSV(w io.Writer, n *network.Network) error {
	c := csv.NewWriter(w)
	head := []string{"Id", "Label"}
	for _, a := range nodeAttrs {
		if a.key != "label" {
			head = append(head, a.key)
		}
	}
	c.Write(head) //nolint:errcheck // c.Error reports it
	for i := range n.Nodes {
		nd := &n.Nodes[i]
		row := []string{nd.ID, nd.Label}
		for _, a := range nodeAttrs {
			if a.key == "label" {
				continue
			}
			v, _ := a.get(nd)
			row = append(row, v)
		}
		c.Write(row) //nolint:errcheck
	}
	c.Flush()
	return c.Error()
}

func writeEdgesCSV(w io.Writer, n *network.Network) error {
	c := csv.NewWriter(w)
	direction := "Undirected"
	if n.View == network.Bipartite {
		direction = "Directed"
	}
	head := []string{"Source", "Target", "Type", "Weight", "relation"}
	for _, a := range edgeAttrs {
		if a.key != "type" && a.key != "weight" {
			head = append(head, a.key)
		}
	}
	c.Write(head) //nolint:errcheck
	for i := range n.Edges {
		e := &n.Edges[i]
		row := []string{e.Source, e.Target, direction, strconv.Itoa(e.Weight), e.Type}
		for _, a := range edgeAttrs {
			if a.key == "type" || a.key == "weight" {
				continue
			}
			v, _ := a.get(e)
			row = append(row, v)
		}
		c.Write(row) //nolint:errcheck
	}
	c.Flush()
	return c.Error()
}
