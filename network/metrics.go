package network

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

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
	// 0 (absent) when not asked for: a computed PageRank is never 0.
	PageRank float64 `json:"pagerank,omitempty"`
	// Component numbers the connected component, 0 the largest (0 too when components
	// were not asked for: see Summary.Metrics).
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

// Analytics says what Analyze was asked for: the metrics it computed (the others are
// absent or 0 on every node) and the size limits in force, above which betweenness and
// communities are omitted (Summary.BetweennessOmitted, CommunitiesOmitted).
type Analytics struct {
	Metrics []Metric `json:"metrics"`
	// BetweennessMax and CommunitiesMax are Options' limits in nodes (0: none).
	BetweennessMax int `json:"betweenness_max"`
	CommunitiesMax int `json:"communities_max"`
}

// Options tune Analyze.
type Options struct {
	// BetweennessMax is the largest network (in nodes) whose betweenness is computed;
	// 0 computes it whatever the size. Betweenness takes time in nodes × ties (gonum's
	// Brandes): about 4 CPU-minutes at 10k actors (BENCHMARKS.md).
	BetweennessMax int
	// CommunitiesMax is the largest network whose Louvain communities are computed; 0
	// computes them whatever the size (gonum's Louvain takes ~20 CPU-s at 10k actors).
	CommunitiesMax int
	// Metrics lists the metrics to compute; empty computes them all.
	Metrics []Metric
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

// Metric names one analytic of Analyze, as /api/network's metrics parameter lists them.
type Metric string

// The metrics Analyze computes on request. Degree and weighted degree come together, and
// so do connected components: both cost next to nothing.
const (
	MetricDegree      Metric = "degree"      // degree and weighted degree
	MetricComponents  Metric = "components"  // connected components
	MetricPageRank    Metric = "pagerank"    // edge-weighted PageRank
	MetricCommunities Metric = "communities" // Louvain communities and modularity
	MetricBetweenness Metric = "betweenness" // betweenness in hops (and weighted, if small)
)

// AllMetrics lists every metric, in the order responses list them.
var AllMetrics = []Metric{MetricDegree, MetricComponents, MetricPageRank, MetricCommunities, MetricBetweenness}

func (o Options) wants(m Metric) bool {
	return len(o.Metrics) == 0 || slices.Contains(o.Metrics, m)
}

// Analyze computes the metrics of every node of a projected network and its summary,
// with gonum/graph: degree, weighted degree, betweenness, PageRank, connected components
// and Louvain communities, with DefaultOptions.
func Analyze(n *Network) { AnalyzeWith(n, DefaultOptions) }

// AnalyzeWith is Analyze with options.
func AnalyzeWith(n *Network, o Options) { _ = AnalyzeContext(context.Background(), n, o) }

// AnalyzeContext is AnalyzeWith that stops when ctx is done, with ctx's error, leaving n
// without analytics. The gonum graph is built once and shared; the independent metrics
// (betweenness, PageRank, communities, components) run at the same time, one goroutine
// each, so a request uses both cores of a small machine.
func AnalyzeContext(ctx context.Context, n *Network, o Options) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	g := newAdjacency(ctx, n)
	defer g.stop()
	metrics := make([]Metrics, len(n.Nodes))
	sum := &Summary{Nodes: len(n.Nodes), Edges: len(n.Edges)}
	asked := &Analytics{Metrics: []Metric{}, BetweennessMax: o.BetweennessMax, CommunitiesMax: o.CommunitiesMax}
	for _, m := range AllMetrics {
		if o.wants(m) {
			asked.Metrics = append(asked.Metrics, m)
		}
	}
	if o.wants(MetricDegree) {
		for i := range metrics {
			metrics[i].Degree = len(g.adj[i])
			for _, w := range g.weights[i] {
				metrics[i].WeightedDegree += int(w)
			}
		}
	}
	var (
		wg          sync.WaitGroup
		mu          sync.Mutex
		panicked    any
		bc, bw, pr  map[int64]float64
		components  map[int64]int
		communities [][]graph.Node
	)
	run := func(f func()) {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked = r
					mu.Unlock()
				}
			}()
			f()
		})
	}
	sum.BetweennessOmitted = o.wants(MetricBetweenness) && o.BetweennessMax > 0 && len(n.Nodes) > o.BetweennessMax
	var comps [][]graph.Node
	if o.wants(MetricComponents) || o.wants(MetricBetweenness) && !sum.BetweennessOmitted {
		// linear: once, for both metrics; a walk canceled by ctx ends it with ctx's error
		run(func() { comps = topo.ConnectedComponents(g) })
		wg.Wait()
		if panicked != nil {
			if _, ok := panicked.(canceledPanic); !ok {
				panic(panicked)
			}
			return ctx.Err()
		}
	}
	if o.wants(MetricBetweenness) && !sum.BetweennessOmitted {
		// Per component: shortest paths never leave one, and gonum's Brandes resets
		// its state for every node of the graph at each source. The largest component
		// runs beside all the others.
		bc = make(map[int64]float64, len(n.Nodes))
		var bcMu sync.Mutex
		between := func(c []graph.Node) {
			sub := g.induced(c)
			r := gnetwork.Betweenness(sub)
			bcMu.Lock()
			for id, v := range r {
				bc[c[id].ID()] = v
			}
			bcMu.Unlock()
		}
		big := slices.SortedFunc(slices.Values(comps), func(a, b []graph.Node) int { return len(b) - len(a) })
		for len(big) > 0 && len(big[len(big)-1]) < 3 { // no node lies between others
			big = big[:len(big)-1]
		}
		if len(big) > 0 {
			run(func() { between(big[0]) })
			run(func() {
				for _, c := range big[1:] {
					between(c)
				}
			})
		}
		if len(n.Nodes) <= WeightedBetweennessMax {
			run(func() {
				lengths := lengthGraph(g)
				bw = gnetwork.BetweennessWeighted(lengths, path.DijkstraAllPaths(lengths))
			})
		}
	}
	if o.wants(MetricPageRank) && len(n.Nodes) > 0 {
		run(func() { pr = gnetwork.PageRankSparse(directedAdjacency{g}, PageRankDamping, PageRankTolerance) })
	}
	sum.CommunitiesOmitted = o.wants(MetricCommunities) && o.CommunitiesMax > 0 && len(n.Nodes) > o.CommunitiesMax
	if o.wants(MetricCommunities) && !sum.CommunitiesOmitted {
		run(func() {
			if len(n.Edges) == 0 {
				for i := range g.nodes {
					communities = append(communities, []graph.Node{g.nodes[i]})
				}
				return
			}
			reduced := community.Modularize(g, 1, rand.NewPCG(CommunitySeed, CommunitySeed))
			communities = reduced.Communities()
			sum.Modularity = community.Q(g, communities, 1)
		})
	}
	if o.wants(MetricComponents) {
		components = numberGroups(comps)
	}
	wg.Wait()
	if panicked != nil {
		if _, ok := panicked.(canceledPanic); !ok {
			panic(panicked)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	commOf := numberGroups(communities) // empty when not computed
	sum.Components = len(groupsCount(components))
	sum.Communities = len(groupsCount(commOf))
	for i := range n.Nodes {
		m := metrics[i]
		id := int64(i)
		m.Component = components[id]
		if bc != nil {
			c := bc[id] / 2 // gonum sums over ordered pairs: each unordered pair twice
			m.Betweenness = &c
		}
		if bw != nil {
			c := bw[id] / 2
			m.BetweennessWeighted = &c
		}
		m.PageRank = pr[id]
		if c, ok := commOf[id]; ok {
			m.Community = &c
		}
		n.Nodes[i].Metrics = &m
	}
	n.Summary, n.Analytics = sum, asked
	return nil
}

// lengthGraph is the projected network with each tie's length 1/weight (strong ties are
// short), for the shortest paths of weighted betweenness.
func lengthGraph(g *adjacency) *simple.WeightedUndirectedGraph {
	l := simple.NewWeightedUndirectedGraph(0, 0)
	for _, u := range g.nodes {
		l.AddNode(u)
	}
	for i, ns := range g.adj {
		for k, v := range ns {
			if int64(i) < v.ID() {
				l.SetWeightedEdge(l.NewWeightedEdge(g.nodes[i], v, 1/g.weights[i][k]))
			}
		}
	}
	return l
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
	g := newAdjacency(context.Background(), n)
	all, _ := path.DijkstraAllFrom(g.nodes[u], unitLengths{g}).AllTo(int64(v))
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

// unitLengths reads an adjacency with every tie of length 1 (fewest hops).
type unitLengths struct{ *adjacency }

func (g unitLengths) Weight(x, y int64) (float64, bool) {
	if _, ok := g.adjacency.Weight(x, y); !ok {
		return 0, false
	}
	if x == y {
		return 0, true
	}
	return 1, true
}

func (g unitLengths) WeightedEdge(u, v int64) graph.WeightedEdge {
	if g.find(u, v) < 0 {
		return nil
	}
	return simple.WeightedEdge{F: g.nodes[u], T: g.nodes[v], W: 1}
}

func (g unitLengths) WeightedEdgeBetween(x, y int64) graph.WeightedEdge { return g.WeightedEdge(x, y) }
