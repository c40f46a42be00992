package network

import (
	"fmt"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	gnetwork "gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// Metrics are the analytics of an actor in the projected (co-appearance) network.
type Metrics struct {
	// Degree is the number of actors it shares events with.
	Degree int `json:"degree"`
	// WeightedDegree sums the weights of its ties (shared events, counted per tie).
	WeightedDegree int `json:"weighted_degree"`
	// Betweenness is the unnormalized shortest-path betweenness in hops, each unordered
	// pair of other actors counted once (networkx's betweenness_centrality with
	// normalized=False). Nil when the network is larger than Options.BetweennessMax.
	Betweenness *float64 `json:"betweenness,omitempty"`
	// BetweennessWeighted is the same with each tie's length 1/weight (strong ties are
	// short). Computed only for networks of at most WeightedBetweennessMax actors: it
	// needs all-pairs shortest paths.
	BetweennessWeighted *float64 `json:"betweenness_weighted,omitempty"`
	// PageRank is the edge-weighted PageRank (damping 0.85); it sums to 1 over the network.
	PageRank float64 `json:"pagerank"`
	// Component numbers the connected component, 0 the largest.
	Component int `json:"component"`
	// Community numbers the Louvain community (modularity, resolution 1), 0 the largest;
	// nil when the network is larger than Options.CommunitiesMax.
	Community *int `json:"community,omitempty"`
}

// Summary holds the network-level results of Analyze.
type Summary struct {
	Nodes       int     `json:"nodes"`
	Edges       int     `json:"edges"`
	Components  int     `json:"components"`
	Communities int     `json:"communities"`
	Modularity  float64 `json:"modularity"`
	// BetweennessOmitted: the network was too large for Options.BetweennessMax.
	BetweennessOmitted bool `json:"betweenness_omitted,omitempty"`
	// CommunitiesOmitted: the network was too large for Options.CommunitiesMax; no node
	// has a community and Communities is 0.
	CommunitiesOmitted bool `json:"communities_omitted,omitempty"`
}

// Options tune Analyze.
type Options struct {
	// BetweennessMax is the largest network (in nodes) whose betweenness is computed;
	// 0 computes it whatever the size. Betweenness takes time in nodes × ties (gonum's
	// Brandes): minutes for 10k actors (see BENCHMARKS.md).
	BetweennessMax int
	// CommunitiesMax is the largest network whose Louvain communities are computed; 0
	// computes them whatever the size (gonum's Louvain takes ~40 CPU-s at 10k actors).
	CommunitiesMax int
}

// DefaultOptions are the options of Analyze: limits that keep an analysis within
// seconds (BENCHMARKS.md, "## Networks").
var DefaultOptions = Options{BetweennessMax: 1000, CommunitiesMax: 5000}

// WeightedBetweennessMax is the largest network whose weighted betweenness Analyze
// computes (all-pairs shortest paths take memory quadratic in the actors).
const WeightedBetweennessMax = 400

// CommunitySeed seeds the Louvain modularization, so communities are the same on every
// run over the same network.
const CommunitySeed = 1

// Damping and tolerance of PageRank.
const (
	PageRankDamping   = 0.85
	PageRankTolerance = 1e-10
)

// gonumView is a projected network as gonum graphs, node i being n.Nodes[i].
type gonumView struct {
	weighted *simple.WeightedUndirectedGraph // weight = shared events
	hops     *simple.UndirectedGraph         // unit lengths
	directed *simple.WeightedDirectedGraph   // both directions, for PageRank
}

func newGonumView(n *Network) *gonumView {
	v := &gonumView{
		weighted: simple.NewWeightedUndirectedGraph(0, 0),
		hops:     simple.NewUndirectedGraph(),
		directed: simple.NewWeightedDirectedGraph(0, 0),
	}
	for i := range n.Nodes {
		v.weighted.AddNode(simple.Node(i))
		v.hops.AddNode(simple.Node(i))
		v.directed.AddNode(simple.Node(i))
	}
	idx := n.index()
	for _, e := range n.Edges {
		a, b := simple.Node(idx[e.Source]), simple.Node(idx[e.Target])
		if a == b {
			continue
		}
		w := float64(e.Weight)
		v.weighted.SetWeightedEdge(v.weighted.NewWeightedEdge(a, b, w))
		v.hops.SetEdge(v.hops.NewEdge(a, b))
		v.directed.SetWeightedEdge(v.directed.NewWeightedEdge(a, b, w))
		v.directed.SetWeightedEdge(v.directed.NewWeightedEdge(b, a, w))
	}
	return v
}

// Analyze computes the metrics of every node of a projected network and its summary,
// with gonum/graph: degree, weighted degree, betweenness, PageRank, connected components
// and Louvain communities, with DefaultOptions.
func Analyze(n *Network) { AnalyzeWith(n, DefaultOptions) }

// AnalyzeWith is Analyze with options.
func AnalyzeWith(n *Network, o Options) {
	g := newGonumView(n)
	metrics := make([]Metrics, len(n.Nodes))
	idx := n.index()
	for _, e := range n.Edges {
		a, b := idx[e.Source], idx[e.Target]
		metrics[a].Degree++
		metrics[b].Degree++
		metrics[a].WeightedDegree += e.Weight
		metrics[b].WeightedDegree += e.Weight
	}
	omitBetweenness := o.BetweennessMax > 0 && len(n.Nodes) > o.BetweennessMax
	if !omitBetweenness {
		bc := gnetwork.Betweenness(g.hops)
		for i := range metrics {
			// gonum sums over ordered pairs (s, t): an undirected graph counts each twice.
			c := bc[int64(i)] / 2
			metrics[i].Betweenness = &c
		}
	}
	if len(n.Nodes) <= WeightedBetweennessMax {
		lengths := lengthGraph(n, idx)
		bw := gnetwork.BetweennessWeighted(lengths, path.DijkstraAllPaths(lengths))
		for i := range metrics {
			c := bw[int64(i)] / 2
			metrics[i].BetweennessWeighted = &c
		}
	}
	if len(n.Nodes) > 0 {
		for id, r := range gnetwork.PageRankSparse(g.directed, PageRankDamping, PageRankTolerance) {
			metrics[id].PageRank = r
		}
	}
	components := numberGroups(topo.ConnectedComponents(g.hops))
	var communities [][]graph.Node
	var q float64
	omitCommunities := o.CommunitiesMax > 0 && len(n.Nodes) > o.CommunitiesMax
	if omitCommunities {
		communities = nil
	} else if len(n.Edges) > 0 {
		reduced := community.Modularize(g.weighted, 1, rand.NewPCG(CommunitySeed, CommunitySeed))
		communities = reduced.Communities()
		q = community.Q(g.weighted, communities, 1)
	} else {
		for i := range n.Nodes {
			communities = append(communities, []graph.Node{simple.Node(i)})
		}
	}
	commOf := numberGroups(communities) // empty when omitted
	for i := range n.Nodes {
		m := metrics[i]
		m.Component = components[int64(i)]
		if c, ok := commOf[int64(i)]; ok {
			m.Community = &c
		}
		n.Nodes[i].Metrics = &m
	}
	n.Summary = &Summary{
		Nodes: len(n.Nodes), Edges: len(n.Edges),
		Components: len(groupsCount(components)), Communities: len(groupsCount(commOf)),
		Modularity: q, BetweennessOmitted: omitBetweenness, CommunitiesOmitted: omitCommunities,
	}
}

// lengthGraph is the projected network with each tie's length 1/weight.
func lengthGraph(n *Network, idx map[string]int) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range n.Nodes {
		g.AddNode(simple.Node(i))
	}
	for _, e := range n.Edges {
		a, b := simple.Node(idx[e.Source]), simple.Node(idx[e.Target])
		if a != b {
			g.SetWeightedEdge(g.NewWeightedEdge(a, b, 1/float64(e.Weight)))
		}
	}
	return g
}

// numberGroups numbers groups of nodes by decreasing size, ties by smallest node, so
// that 0 is the largest and the numbering is stable.
func numberGroups(groups [][]graph.Node) map[int64]int {
	type group struct {
		min  int64
		size int
		ids  []int64
	}
	gs := make([]group, 0, len(groups))
	for _, nodes := range groups {
		if len(nodes) == 0 {
			continue
		}
		g := group{min: nodes[0].ID(), size: len(nodes)}
		for _, n := range nodes {
			g.ids = append(g.ids, n.ID())
			g.min = min(g.min, n.ID())
		}
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].size != gs[j].size {
			return gs[i].size > gs[j].size
		}
		return gs[i].min < gs[j].min
	})
	out := map[int64]int{}
	for k, g := range gs {
		for _, id := range g.ids {
			out[id] = k
		}
	}
	return out
}

func groupsCount(m map[int64]int) map[int]bool {
	out := map[int]bool{}
	for _, g := range m {
		out[g] = true
	}
	return out
}

// Path is one shortest connection between two actors of a projected network.
type Path struct {
	// Nodes are the actors along the path, from the first to the last.
	Nodes []PathNode `json:"nodes"`
	// Steps are the ties between consecutive actors, with the events they share.
	Steps []Edge `json:"steps"`
}

// PathNode is an actor on a path.
type PathNode struct {
	ID    string   `json:"id"`
	Label string   `json:"label"`
	Type  NodeType `json:"type"`
}

// ShortestPaths returns up to max shortest paths (fewest co-appearance hops) between two
// actors of a projected network, each step with the events the two actors share; none
// when they are not connected. from and to are node IDs.
func ShortestPaths(n *Network, from, to string, max int) ([]Path, error) {
	if n.View != Projected {
		return nil, fmt.Errorf("%w: shortest paths need the projected view", ErrBadSelection)
	}
	idx := n.index()
	u, ok := idx[from]
	if !ok {
		return nil, fmt.Errorf("%w: %s is not in the network", ErrUnknownActor, from)
	}
	v, ok := idx[to]
	if !ok {
		return nil, fmt.Errorf("%w: %s is not in the network", ErrUnknownActor, to)
	}
	g := newGonumView(n)
	all, _ := path.DijkstraAllFrom(simple.Node(u), g.hops).AllTo(int64(v))
	sort.Slice(all, func(i, j int) bool {
		for k := range all[i] {
			if a, b := all[i][k].ID(), all[j][k].ID(); a != b {
				return a < b
			}
		}
		return false
	})
	edges := make(map[[2]string]*Edge, len(n.Edges))
	for i := range n.Edges {
		e := &n.Edges[i]
		edges[[2]string{e.Source, e.Target}] = e
	}
	var out []Path
	for _, nodes := range all {
		if max > 0 && len(out) == max {
			break
		}
		var p Path
		for i, gn := range nodes {
			nd := n.Nodes[gn.ID()]
			p.Nodes = append(p.Nodes, PathNode{ID: nd.ID, Label: nd.Label, Type: nd.Type})
			if i == 0 {
				continue
			}
			a, b := n.Nodes[nodes[i-1].ID()].ID, nd.ID
			e := edges[[2]string{a, b}]
			if e == nil {
				e = edges[[2]string{b, a}]
			}
			step := *e
			step.Source, step.Target = a, b
			p.Steps = append(p.Steps, step)
		}
		out = append(out, p)
	}
	return out, nil
}
