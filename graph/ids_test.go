package graph_test

import (
	"strings"
	"testing"

	"annals/graph"
)

func TestBodyIRI(t *testing.T) {
	for _, c := range []struct {
		id   graph.BodyID
		want string
	}{
		{graph.BodyID{Name: "European Parliament"}, "body/european-parliament"},
		{graph.BodyID{Name: "Senate", Country: "Italy"}, "body/senate--in-italy"},
		{graph.BodyID{Name: "Foreign Affairs Committee", Country: "Slovenia", Parent: "Parliament"}, "body/foreign-affairs-committee--of-parliament--in-slovenia"},
		{graph.BodyID{Name: "Intergroup", Parent: "European Parliament"}, "body/intergroup--of-european-parliament"},
		{graph.BodyID{Name: "  SENATE ", Country: "italy"}, "body/senate--in-italy"},
	} {
		if got := string(c.id.IRI()); got != graph.NodeNS+c.want {
			t.Errorf("%+v: %s, want %s", c.id, got, graph.NodeNS+c.want)
		}
	}
	if graph.BodyIRI("European Parliament") != (graph.BodyID{Name: "European Parliament"}).IRI() {
		t.Error("BodyIRI is not the IRI of a body with no country and no parent")
	}
	// No part can pass for another: a name never holds "--", so a body named
	// "X in Italy" is not X of Italy.
	a := graph.BodyID{Name: "Senate in Italy"}.IRI()
	b := graph.BodyID{Name: "Senate", Country: "Italy"}.IRI()
	if a == b || strings.Contains(strings.TrimPrefix(string(a), graph.NodeNS+"body/"), "--") {
		t.Errorf("%s and %s", a, b)
	}
}
