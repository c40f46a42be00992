package network

import (
	"context"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

// adjacency is a projected network as a gonum graph, node i being n.Nodes[i], built once
// per analysis and shared by every gonum algorithm (they only read it). gonum's simple
// graphs keep nodes and neighbours in maps: every From walks a map and every weight
// look-up hashes, which dominated Brandes' betweenness. Here neighbours are sorted
// slices of prebuilt graph.Node values, so From allocates nothing but its iterator.
//
// It is undirected and weighted (weight = shared events); directed() presents the same
// ties in both directions for PageRank. When the context of the analysis is done, From
// panics with errCanceled (recovered by the analysis), so gonum stops at once instead of
// finishing an answer nobody waits for.
type adjacency struct {
	nodes    []graph.Node
	adj      [][]graph.Node // neighbours of node i, by ID
	weights  [][]float64    // weights[i][k]: the tie between i and adj[i][k]
	canceled *atomic.Bool
	stop     func() bool // unregisters the watch on the context
}

// canceledPanic is what From panics with once the analysis is canceled.
type canceledPanic struct{}

// newAdjacency builds the graph of n; call its stop once done with it.
func newAdjacency(ctx context.Context, n *Network) *adjacency {
	g := &adjacency{
		nodes:    make([]graph.Node, len(n.Nodes)),
		adj:      make([][]graph.Node, len(n.Nodes)),
		weights:  make([][]float64, len(n.Nodes)),
		canceled: new(atomic.Bool),
		stop:     func() bool { return false },
	}
	for i := range g.nodes {
		g.nodes[i] = simple.Node(i)
	}
	idx := n.index()
	type tie struct {
		to int
		w  float64
	}
	ties := make([][]tie, len(n.Nodes))
	for _, e := range n.Edges {
		a, b := idx[e.Source], idx[e.Target]
		if a == b {
			continue
		}
		ties[a] = append(ties[a], tie{b, float64(e.Weight)})
		ties[b] = append(ties[b], tie{a, float64(e.Weight)})
	}
	for i, ts := range ties {
		slices.SortFunc(ts, func(x, y tie) int { return x.to - y.to })
		g.adj[i] = make([]graph.Node, len(ts))
		g.weights[i] = make([]float64, len(ts))
		for k, t := range ts {
			g.adj[i][k] = g.nodes[t.to]
			g.weights[i][k] = t.w
		}
	}
	if ctx != nil && ctx.Done() != nil {
		g.stop = context.AfterFunc(ctx, func() { g.canceled.Store(true) })
	}
	return g
}

// induced is the subgraph of g on nodes, node i of it being nodes[i]; nodes must hold
// every neighbour of each of them (a connected component). It shares g's cancellation.
func (g *adjacency) induced(nodes []graph.Node) *adjacency {
	at := make(map[int64]int, len(nodes))
	for i, u := range nodes {
		at[u.ID()] = i
	}
	sub := &adjacency{
		nodes:    make([]graph.Node, len(nodes)),
		adj:      make([][]graph.Node, len(nodes)),
		weights:  make([][]float64, len(nodes)),
		canceled: g.canceled,
		stop:     func() bool { return false },
	}
	for i := range nodes {
		sub.nodes[i] = simple.Node(i)
	}
	for i, u := range nodes {
		type tie struct {
			to int
			w  float64
		}
		ts := make([]tie, len(g.adj[u.ID()]))
		for k, v := range g.adj[u.ID()] {
			ts[k] = tie{at[v.ID()], g.weights[u.ID()][k]}
		}
		slices.SortFunc(ts, func(x, y tie) int { return x.to - y.to })
		sub.adj[i] = make([]graph.Node, len(ts))
		sub.weights[i] = make([]float64, len(ts))
		for k, t := range ts {
			sub.adj[i][k] = sub.nodes[t.to]
			sub.weights[i][k] = t.w
		}
	}
	return sub
}

func (g *adjacency) valid(id int64) bool { return id >= 0 && id < int64(len(g.nodes)) }

// find returns the position of v among u's neighbours, or -1.
func (g *adjacency) find(u, v int64) int {
	if !g.valid(u) || !g.valid(v) {
		return -1
	}
	k, ok := slices.BinarySearchFunc(g.adj[u], v, func(n graph.Node, id int64) int {
		return int(n.ID() - id)
	})
	if !ok {
		return -1
	}
	return k
}

func (g *adjacency) Node(id int64) graph.Node {
	if !g.valid(id) {
		return nil
	}
	return g.nodes[id]
}

func (g *adjacency) Nodes() graph.Nodes { return iterator.NewOrderedNodes(g.nodes) }

func (g *adjacency) From(id int64) graph.Nodes {
	if g.canceled.Load() {
		panic(canceledPanic{})
	}
	if !g.valid(id) || len(g.adj[id]) == 0 {
		return graph.Empty
	}
	return iterator.NewOrderedNodes(g.adj[id])
}

func (g *adjacency) HasEdgeBetween(x, y int64) bool { return g.find(x, y) >= 0 }

func (g *adjacency) Edge(u, v int64) graph.Edge { return g.WeightedEdge(u, v) }

func (g *adjacency) EdgeBetween(x, y int64) graph.Edge { return g.WeightedEdge(x, y) }

func (g *adjacency) WeightedEdgeBetween(x, y int64) graph.WeightedEdge {
	return g.WeightedEdge(x, y)
}

func (g *adjacency) WeightedEdge(u, v int64) graph.WeightedEdge {
	k := g.find(u, v)
	if k < 0 {
		return nil
	}
	return simple.WeightedEdge{F: g.nodes[u], T: g.nodes[v], W: g.weights[u][k]}
}

func (g *adjacency) Weight(x, y int64) (float64, bool) {
	if x == y && g.valid(x) {
		return 0, true // gonum's convention for the weight of a node to itself
	}
	k := g.find(x, y)
	if k < 0 {
		return 0, false
	}
	return g.weights[x][k], true
}

// directedAdjacency is an adjacency read as a directed graph, each tie both ways.
type directedAdjacency struct{ *adjacency }

func (g directedAdjacency) HasEdgeFromTo(u, v int64) bool { return g.find(u, v) >= 0 }

func (g directedAdjacency) To(id int64) graph.Nodes { return g.From(id) }

var (
	_ graph.WeightedUndirected = (*adjacency)(nil)
	_ graph.WeightedDirected   = directedAdjacency{}
)
