package export

import (
	"strconv"
	"strings"

	"annals/network"
)

// attrType is the type of an attribute, named as GraphML names it.
type attrType string

const (
	tString  attrType = "string"
	tInt     attrType = "int"
	tDouble  attrType = "double"
	tBoolean attrType = "boolean"
)

// gexf is the type's name in GEXF.
func (t attrType) gexf() string {
	if t == tInt {
		return "integer"
	}
	return string(t)
}

// nodeAttr is an attribute of nodes: its key, type and value (false when absent).
type nodeAttr struct {
	key string
	typ attrType
	get func(*network.Node) (string, bool)
}

type edgeAttr struct {
	key string
	typ attrType
	get func(*network.Edge) (string, bool)
}

func str(s string) (string, bool) { return s, s != "" }

func metric(f func(*network.Metrics) string) func(*network.Node) (string, bool) {
	return func(n *network.Node) (string, bool) {
		if n.Metrics == nil {
			return "", false
		}
		v := f(n.Metrics)
		return v, v != ""
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
func ftoa(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func ftoaPtr(f *float64) string {
	if f == nil {
		return ""
	}
	return ftoa(*f)
}

// spellList renders spells as "2023-01-10 2023-04-01/2023-04-03".
func spellList(ss []network.Spell) string {
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.Start == s.End {
			parts = append(parts, s.Start)
		} else {
			parts = append(parts, s.Start+"/"+s.End)
		}
	}
	return strings.Join(parts, " ")
}

// nodeAttrs are the attributes every network format writes for nodes, in order.
// "source" lists the entries (provenance) behind the node, space-separated.
var nodeAttrs = []nodeAttr{
	{"type", tString, func(n *network.Node) (string, bool) { return string(n.Type), true }},
	{"label", tString, func(n *network.Node) (string, bool) { return n.Label, true }},
	{"kind", tString, func(n *network.Node) (string, bool) { return str(n.Kind) }},
	{"legislator", tBoolean, func(n *network.Node) (string, bool) { return strconv.FormatBool(n.Legislator), n.Type != network.Event }},
	{"start", tString, func(n *network.Node) (string, bool) { return str(n.Start) }},
	{"end", tString, func(n *network.Node) (string, bool) { return str(n.End) }},
	{"dates", tString, func(n *network.Node) (string, bool) { return str(spellList(n.Spells)) }},
	{"events", tInt, func(n *network.Node) (string, bool) { return itoa(n.Events), true }},
	{"source", tString, func(n *network.Node) (string, bool) { return str(strings.Join(n.Sources, " ")) }},
	{"text", tString, func(n *network.Node) (string, bool) { return str(n.Text) }},
	{"degree", tInt, metric(func(m *network.Metrics) string { return itoa(m.Degree) })},
	{"weighted_degree", tInt, metric(func(m *network.Metrics) string { return itoa(m.WeightedDegree) })},
	{"betweenness", tDouble, metric(func(m *network.Metrics) string { return ftoaPtr(m.Betweenness) })},
	{"betweenness_weighted", tDouble, metric(func(m *network.Metrics) string {
		return ftoaPtr(m.BetweennessWeighted)
	})},
	{"pagerank", tDouble, metric(func(m *network.Metrics) string { return ftoa(m.PageRank) })},
	{"component", tInt, metric(func(m *network.Metrics) string { return itoa(m.Component) })},
	{"community", tInt, metric(func(m *network.Metrics) string {
		if m.Community == nil {
			return ""
		}
		return itoa(*m.Community)
	})},
}

// edgeAttrs are the attributes written for edges: its type (co-appearance or the
// predicate), weight (shared events), the events behind it, their dates and entries.
var edgeAttrs = []edgeAttr{
	{"type", tString, func(e *network.Edge) (string, bool) { return e.Type, true }},
	{"weight", tDouble, func(e *network.Edge) (string, bool) { return itoa(e.Weight), true }},
	{"events", tString, func(e *network.Edge) (string, bool) {
		return str(joinRefs(e.Events, func(r network.EventRef) string { return r.ID }))
	}},
	{"dates", tString, func(e *network.Edge) (string, bool) { return str(spellList(e.Spells)) }},
	{"source", tString, func(e *network.Edge) (string, bool) {
		return str(joinRefs(e.Events, func(r network.EventRef) string { return r.Entry }))
	}},
}

func joinRefs(refs []network.EventRef, f func(network.EventRef) string) string {
	parts := make([]string, 0, len(refs))
	for _, r := range refs {
		if v := f(r); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}
