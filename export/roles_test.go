package export_test

import (
	"annals/internal/testgraph"
	"bytes"
	"context"
	"slices"
	"testing"

	"annals/export"
	"annals/graph"
	"annals/network"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// TestQuadsCarryRoles exports the subgraph of one person from a graph in record format
// version 2 and checks that her membership, her body's parent and her country come
// with it, each labelled with its entry (the body's name with its document), and that a place only mentioned is no
// location.
func TestQuadsCarryRoles(t *testing.T) {
	ctx := context.Background()
	st := testgraph.Memory(t, "../queries/testdata/roles-v2.jsonl")
	var buf bytes.Buffer
	sel := network.Selection{Seeds: []string{"Lucia Bianchi"}, Depth: 0}
	if err := export.Write(ctx, &buf, st, export.NQuads, sel, network.Bipartite, false); err != nil {
		t.Fatal(err)
	}
	qs, err := quad.ReadAll(nquads.NewReader(&buf, false))
	if err != nil {
		t.Fatal(err)
	}
	lucia := graph.PersonIRI("Lucia Bianchi")
	senate := graph.BodyID{Name: "Senate", Country: "Italy", Parent: "Parliament"}.IRI()
	parliament := graph.BodyID{Name: "Parliament", Country: "Italy"}.IRI()
	entry := graph.EntryIRI("roles-v2.txt", 2)
	for _, want := range []quad.Quad{
		{Subject: lucia, Predicate: graph.MemberOf, Object: senate, Label: entry},
		{Subject: lucia, Predicate: graph.Country, Object: graph.CountryIRI("Italy"), Label: entry},
		{Subject: senate, Predicate: graph.ParentOrganization, Object: parliament, Label: entry},
		// a node's name is its own statement, made once by its document
		{Subject: parliament, Predicate: graph.Name, Object: quad.String("Italian Parliament"), Label: graph.DocumentIRI("roles-v2.txt")},
	} {
		if !slices.Contains(qs, want) {
			t.Errorf("export lacks %v", want)
		}
	}
}
