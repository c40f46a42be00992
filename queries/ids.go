package queries

import (
	"strings"

	"annals/graph"

	"github.com/cayleygraph/quad"
)

// Types of the nodes the queries talk about.
const (
	TypePerson = "person"
	TypeBody   = "body"
	TypePlace  = "place"
	TypeEvent  = "event"
)

// Ref names a node of the graph for a reader: its short ID (usable in URLs and on the
// command line), its IRI, its type and its display name.
type Ref struct {
	ID   string `json:"id"`
	IRI  string `json:"iri"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// typeOf tells a node's type from its IRI, which graph.*IRI builds per type.
func typeOf(iri quad.IRI) string {
	s := string(iri)
	switch {
	case strings.HasPrefix(s, graph.NodeNS+"person/"):
		return TypePerson
	case strings.HasPrefix(s, graph.NodeNS+"body/"):
		return TypeBody
	case strings.HasPrefix(s, graph.NodeNS+"place/"), strings.HasPrefix(s, graph.NodeNS+"country/"),
		strings.HasPrefix(s, graph.GeoNamesNS):
		return TypePlace
	case strings.HasPrefix(s, graph.NodeNS+"event/"):
		return TypeEvent
	}
	return ""
}

// IDOf is the short ID of a node: the key of a person, body or non-gazetteer place
// ("jane-doe"), the GeoNames number of a gazetteer place ("2988507"), "country:canada"
// for a country, "doc-key:L42" for an event. It is the inverse of the resolution done by the queries.
func IDOf(iri quad.IRI) string {
	s := string(iri)
	for _, p := range []string{"person/", "body/", "place/"} {
		if strings.HasPrefix(s, graph.NodeNS+p) {
			return s[len(graph.NodeNS+p):]
		}
	}
	if strings.HasPrefix(s, graph.NodeNS+"country/") {
		return "country:" + s[len(graph.NodeNS+"country/"):]
	}
	if strings.HasPrefix(s, graph.GeoNamesNS) {
		return strings.TrimSuffix(s[len(graph.GeoNamesNS):], "/")
	}
	if strings.HasPrefix(s, graph.NodeNS+"event/") {
		return strings.Replace(s[len(graph.NodeNS+"event/"):], "/", ":", 1)
	}
	return s
}

// EventIRIOf turns an event ID ("doc-key:L42") or IRI back into the event's IRI.
func EventIRIOf(id string) quad.IRI {
	if strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
		return quad.IRI(id)
	}
	return quad.IRI(graph.NodeNS + "event/" + strings.Replace(id, ":", "/", 1))
}

// candidateIRIs are the IRIs an actor ID or name may denote, for a type ("" for person
// or body).
func candidateIRIs(typ, id string) []quad.IRI {
	if strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
		return []quad.IRI{quad.IRI(id)}
	}
	var out []quad.IRI
	if typ == "" || typ == TypePerson {
		out = append(out, graph.PersonIRI(id))
	}
	if typ == "" || typ == TypeBody {
		if strings.Contains(id, "--") {
			out = append(out, quad.IRI(graph.NodeNS+"body/"+id)) // "senate--in-italy"
		}
		out = append(out, graph.BodyIRI(id))
	}
	if typ == TypePlace {
		if k, ok := strings.CutPrefix(id, "country:"); ok {
			out = append(out, quad.IRI(graph.NodeNS+"country/"+k))
		}
		if isDigits(id) {
			out = append(out, quad.IRI(graph.GeoNamesNS+id+"/"))
		}
		out = append(out, quad.IRI(graph.NodeNS+"place/"+strings.ToLower(id)), graph.PlaceIRI(0, id, ""), quad.IRI(graph.NodeNS+"country/"+graph.Key(id)))
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// curie shortens a vocabulary IRI for display: "schema:jobTitle", "annals:text".
func curie(iri quad.IRI) string {
	s := string(iri)
	switch {
	case strings.HasPrefix(s, graph.SchemaNS):
		return "schema:" + s[len(graph.SchemaNS):]
	case strings.HasPrefix(s, graph.AnnalsNS):
		return "annals:" + s[len(graph.AnnalsNS):]
	case s == graph.RDFType:
		return "rdf:type"
	}
	return s
}
