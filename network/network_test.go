package network_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/network"

	gnetwork "gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// The fixture (testdata/fixture.jsonl) is seven entries of made-up people and bodies:
//
//	L1  2023-01-10  Ana, Ben attend; Parliament named; Paris
//	L3  2023-02-05  Ana, Ben, Cara attend; Berlin
//	L5  2023-03-15  Cara, Dan attend; Friends Society named
//	L7  2023-04-01..03  Ana, Ben attend; Paris
//	L9  2023-05-20  Eve, Finn attend; Ana only referred to
//	L11 2023-06-01  Dan attends; Friends Society named
//	L13 (no date)   Ben attends
//
// Ana, Cara are legislators; the Parliament is legislative.

func openFixture(t testing.TB) *graph.Store {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Config{Kind: "memory"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := loader.LoadDocument(ctx, st, "fixture.txt", readRecords(t, "testdata/fixture.jsonl")); err != nil {
		t.Fatal(err)
	}
	return st
}

func readRecords(t testing.TB, path string) []extract.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []extract.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r extract.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	return recs
}

func person(name string) string { return string(graph.PersonIRI(name)) }
func body(name string) string   { return string(graph.BodyIRI(name)) }

var (
	ana, ben, cara, dan = person("Ana Alpha"), person("Ben Beta"), person("Cara Gamma"), person("Dan Delta")
	eve, finn           = person("Eve Epsilon"), person("Finn Zeta")
	parl, soc           = body("Parliament of Ruritania"), body("Friends Society")
)

func selectView(t *testing.T, st *graph.Store, sel network.Selection, v network.View) *network.Network {
	t.Helper()
	sub, err := network.SelectStore(context.Background(), st, sel, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := sub.View(v, v == network.Projected)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func ids(n *network.Network) []string {
	var out []string
	for _, nd := range n.Nodes {
		out = append(out, nd.ID)
	}
	sort.Strings(out)
	return out
}

func sorted(xs ...string) []string { slices.Sort(xs); return xs }

func weights(n *network.Network) map[[2]string]int {
	out := map[[2]string]int{}
	for _, e := range n.Edges {
		out[[2]string{e.Source, e.Target}] = e.Weight
	}
	return out
}

func pair(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func TestProjectedWholeGraph(t *testing.T) {
	st := openFixture(t)
	n := selectView(t, st, network.Selection{}, network.Projected)
	if got, want := ids(n), sorted(ana, ben, cara, dan, eve, finn, parl, soc); !slices.Equal(got, want) {
		t.Fatalf("nodes = %v, want %v", got, want)
	}
	want := map[[2]string]int{
		pair(ana, ben): 3, pair(ana, parl): 1, pair(ben, parl): 1, pair(ana, cara): 1,
		pair(ben, cara): 1, pair(cara, dan): 1, pair(cara, soc): 1, pair(dan, soc): 2,
		pair(eve, finn): 1, pair(ana, eve): 1, pair(ana, finn): 1,
	}
	if got := weights(n); !mapsEqual(got, want) {
		t.Fatalf("ties = %v, want %v", got, want)
	}
	for _, e := range n.Edges {
		if e.Source == ana && e.Target == ben || e.Source == ben && e.Target == ana {
			var dates []string
			for _, ev := range e.Events {
				dates = append(dates, ev.Start)
				if !strings.HasPrefix(ev.Entry, graph.NodeNS+"entry/") {
					t.Errorf("event %s has entry %q", ev.ID, ev.Entry)
				}
			}
			if !slices.Equal(dates, []string{"2023-01-10", "2023-02-05", "2023-04-01"}) {
				t.Errorf("Ana–Ben events dated %v", dates)
			}
			if got := e.Spells; len(got) != 3 || got[2] != (network.Spell{Start: "2023-04-01", End: "2023-04-03"}) {
				t.Errorf("Ana–Ben spells = %v", got)
			}
		}
	}
	b := n.Node(ben)
	if b.Events != 4 || b.Start != "2023-01-10" || b.End != "2023-04-03" || len(b.Sources) != 4 {
		t.Errorf("Ben: events %d, %s..%s, sources %v", b.Events, b.Start, b.End, b.Sources)
	}
}

func mapsEqual(a, b map[[2]string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSelection(t *testing.T) {
	st := openFixture(t)
	tests := []struct {
		name  string
		sel   network.Selection
		nodes []string
	}{
		{"participants only", network.Selection{Participants: true}, sorted(ana, ben, cara, dan, eve, finn, parl, soc)},
		{"ego of Dan, depth 1", network.Selection{Seeds: []string{"Dan Delta"}, Depth: 1}, sorted(dan, cara, soc)},
		{"ego of Dan, depth 2", network.Selection{Seeds: []string{"dan delta"}, Depth: 2}, sorted(dan, cara, soc, ana, ben)},
		{"ego by alias and IRI", network.Selection{Seeds: []string{"Senator Alpha", "<" + eve + ">"}, Depth: 0}, sorted(ana, eve)},
		{"ego of Eve, participants", network.Selection{Seeds: []string{"Eve Epsilon"}, Depth: 3, Participants: true}, sorted(eve, finn)},
		{"period", network.Selection{From: "2023-03-01", To: "2023-04-02"}, sorted(ana, ben, cara, dan, soc)},
		{"period cuts a range", network.Selection{From: "2023-04-03", To: "2023-04-30"}, sorted(ana, ben)},
		{"period by month", network.Selection{From: "2023-02", To: "2023-03"}, sorted(ana, ben, cara, dan, soc)},
		{"legislators", network.Selection{Legislators: true}, sorted(ana, cara, parl)},
		{"bodies only", network.Selection{Types: []network.NodeType{network.Body}}, sorted(parl, soc)},
		{"min weight 2", network.Selection{MinWeight: 2}, sorted(ana, ben, dan, soc)},
		{"min weight 2 keeps the seed", network.Selection{Seeds: []string{"Cara Gamma"}, Depth: 2, MinWeight: 2}, sorted(cara)},
		{"gizmo: one event", network.Selection{Gizmo: `g.V().Has("<http://schema.org/startDate>", "2023-02-05").All()`}, sorted(ana, ben, cara)},
		{"gizmo: people", network.Selection{Gizmo: `g.V("<` + dan + `>", "<` + soc + `>", "<` + eve + `>").All()`}, sorted(dan, soc, eve)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := selectView(t, st, tt.sel, network.Projected)
			if got := ids(n); !slices.Equal(got, tt.nodes) {
				t.Errorf("nodes = %v\nwant    %v", got, tt.nodes)
			}
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	st := openFixture(t)
	tests := []struct {
		name string
		sel  network.Selection
		want error
		msg  string
	}{
		{"unknown", network.Selection{Seeds: []string{"Nobody Known"}}, network.ErrUnknownActor, "Nobody Known"},
		{"suggestion", network.Selection{Seeds: []string{"Alpha"}}, network.ErrUnknownActor, "Ana Alpha"},
		{"bad date", network.Selection{From: "2023-13-01"}, network.ErrBadSelection, "2023-13-01"},
		{"reversed period", network.Selection{From: "2023-05-01", To: "2023-01-01"}, network.ErrBadSelection, "after"},
		{"bad gizmo", network.Selection{Gizmo: `g.V(.All()`}, network.ErrBadQuery, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := network.SelectStore(context.Background(), st, tt.sel, 0)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v mentioning %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestBipartite(t *testing.T) {
	st := openFixture(t)
	n := selectView(t, st, network.Selection{}, network.Bipartite)
	counts := map[network.NodeType]int{}
	for _, nd := range n.Nodes {
		counts[nd.Type]++
	}
	// 7 events, 6 people, 2 bodies, Paris and Berlin.
	want := map[network.NodeType]int{network.Event: 7, network.Person: 6, network.Body: 2, network.Place: 2}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%d %s nodes, want %d", counts[k], k, v)
		}
	}
	// Links: L1 4, L3 4, L5 3, L7 3, L9 3, L11 2, L13 1.
	if len(n.Edges) != 20 {
		t.Errorf("%d edges, want 20", len(n.Edges))
	}
	roles := map[string]int{}
	for _, e := range n.Edges {
		roles[e.Type]++
	}
	if roles["attendee"] != 13 || roles["mentions"] != 4 || roles["location"] != 3 {
		t.Errorf("edge types %v", roles)
	}
	ev := n.Node(string(graph.EventIRI("fixture.txt", 5)))
	if ev == nil || ev.Text == "" || ev.Kind != "rally" || ev.Start != "2023-03-15" {
		t.Fatalf("event L5 = %+v", ev)
	}

	// The ego network of Dan shows the events he shares with his ties, not Cara's others.
	n = selectView(t, st, network.Selection{Seeds: []string{"Dan Delta"}, Depth: 1, Types: []network.NodeType{network.Person, network.Body, network.Event}}, network.Bipartite)
	var events []string
	for _, nd := range n.Nodes {
		if nd.Type == network.Event {
			events = append(events, nd.ID)
		}
	}
	if want := sorted(string(graph.EventIRI("fixture.txt", 5)), string(graph.EventIRI("fixture.txt", 11))); !slices.Equal(events, want) {
		t.Errorf("events = %v, want %v", events, want)
	}
}

// participantNetwork is the projected network of the fixture counting participants only:
//
//	P — A ═ B — P (triangle A, B, Parliament; A–B weight 3)
//	A, B — C — D ═ S — C (triangle C, Dan, Society; D–S weight 2)
//	E — F (a component of its own)
func participantNetwork(t *testing.T) *network.Network {
	return selectView(t, openFixture(t), network.Selection{Participants: true}, network.Projected)
}

func TestAnalyzeHandComputed(t *testing.T) {
	n := participantNetwork(t)
	type want struct {
		degree, weighted int
		betweenness      float64
	}
	// Betweenness by hand: C lies on every shortest path between {P, A, B} and {D, S}
	// (6 pairs); A and B each on half the P–C, P–D and P–S paths (3 × 1/2).
	wants := map[string]want{
		ana: {3, 5, 1.5}, ben: {3, 5, 1.5}, cara: {4, 4, 6}, dan: {2, 3, 0},
		soc: {2, 3, 0}, parl: {2, 2, 0}, eve: {1, 1, 0}, finn: {1, 1, 0},
	}
	for id, w := range wants {
		m := n.Node(id).Metrics
		if m.Degree != w.degree || m.WeightedDegree != w.weighted || !close(*m.Betweenness, w.betweenness) {
			t.Errorf("%s: degree %d weighted %d betweenness %g, want %+v", id, m.Degree, m.WeightedDegree, *m.Betweenness, w)
		}
		if m.BetweennessWeighted == nil || !close(*m.BetweennessWeighted, w.betweenness) {
			t.Errorf("%s: weighted betweenness %v, want %g", id, m.BetweennessWeighted, w.betweenness)
		}
	}
	// Components: the six around Cara, then Eve and Finn.
	if n.Summary.Components != 2 || n.Node(ana).Metrics.Component != 0 || n.Node(eve).Metrics.Component != 1 {
		t.Errorf("components: %d, Ana in %d, Eve in %d", n.Summary.Components, n.Node(ana).Metrics.Component, n.Node(eve).Metrics.Component)
	}
	// Communities: {A, B, P}, {C, D, S}, {E, F}. With m = 12 and strengths A5 B5 P2 C4
	// D3 S3 E1 F1: Q = (5/12 − (12/24)²) + (4/12 − (10/24)²) + (1/12 − (2/24)²) = 29/72.
	comm := func(id string) int { return *n.Node(id).Metrics.Community }
	if comm(ana) != comm(ben) || comm(ana) != comm(parl) || comm(cara) != comm(dan) || comm(cara) != comm(soc) ||
		comm(eve) != comm(finn) || comm(ana) == comm(cara) || comm(ana) == comm(eve) || comm(cara) == comm(eve) {
		t.Errorf("communities: A%d B%d P%d C%d D%d S%d E%d F%d", comm(ana), comm(ben), comm(parl), comm(cara), comm(dan), comm(soc), comm(eve), comm(finn))
	}
	if n.Summary.Communities != 3 || !close(n.Summary.Modularity, 29.0/72) {
		t.Errorf("summary %+v, want 3 communities, Q = %g", n.Summary, 29.0/72)
	}
	var sum float64
	for _, nd := range n.Nodes {
		sum += nd.Metrics.PageRank
	}
	if !close(sum, 1) {
		t.Errorf("PageRank sums to %g", sum)
	}
	if pa, pe := n.Node(ana).Metrics.PageRank, n.Node(ben).Metrics.PageRank; !close(pa, pe) {
		t.Errorf("Ana and Ben are symmetric but PageRank %g, %g", pa, pe)
	}
}

func close(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// TestMetricsSmallGraphs checks PageRank and weighted betweenness on graphs small enough
// to solve by hand.
func TestMetricsSmallGraphs(t *testing.T) {
	edge := func(a, b string, w int) network.Edge {
		return network.Edge{Source: a, Target: b, Type: network.LinkCoAppearance, Weight: w}
	}
	nodes := func(ids ...string) []network.Node {
		var out []network.Node
		for _, id := range ids {
			out = append(out, network.Node{ID: id, Type: network.Person, Label: id})
		}
		return out
	}
	t.Run("pagerank of a path", func(t *testing.T) {
		// a — b — c, damping d = 0.85: x = (1−d)/3 + d·y/2 and y = (1−d)/3 + 2·d·x,
		// so x = 0.07125 / 0.2775 = 0.256757 and y = 0.05 + 1.7·x = 0.486486.
		n := &network.Network{View: network.Projected, Nodes: nodes("a", "b", "c"), Edges: []network.Edge{edge("a", "b", 1), edge("b", "c", 1)}}
		network.Analyze(n)
		if x, y := n.Node("a").Metrics.PageRank, n.Node("b").Metrics.PageRank; math.Abs(x-0.256757) > 1e-5 || math.Abs(y-0.486486) > 1e-5 {
			t.Errorf("PageRank a %g b %g, want 0.256757, 0.486486", x, y)
		}
	})
	t.Run("weighted betweenness of a square", func(t *testing.T) {
		// a ═ b ═ c — d — a with a–b and b–c of weight 3 (length 1/3): a–c goes through b
		// (2/3 < 2), b–d through a or c (4/3 each). Hop betweenness: 1/2 each.
		n := &network.Network{View: network.Projected, Nodes: nodes("a", "b", "c", "d"),
			Edges: []network.Edge{edge("a", "b", 3), edge("b", "c", 3), edge("c", "d", 1), edge("a", "d", 1)}}
		network.Analyze(n)
		for id, w := range map[string]float64{"a": 0.5, "b": 1, "c": 0.5, "d": 0} {
			m := n.Node(id).Metrics
			if !close(*m.BetweennessWeighted, w) || !close(*m.Betweenness, 0.5) {
				t.Errorf("%s: weighted %g (want %g), hops %g (want 0.5)", id, *m.BetweennessWeighted, w, *m.Betweenness)
			}
		}
	})
}

func TestAnalyzeLimits(t *testing.T) {
	n := participantNetwork(t)
	network.AnalyzeWith(n, network.Options{BetweennessMax: 7, CommunitiesMax: 7})
	m := n.Node(cara).Metrics
	if !n.Summary.BetweennessOmitted || !n.Summary.CommunitiesOmitted || n.Summary.Communities != 0 ||
		m.Betweenness != nil || m.Community != nil || m.Degree != 4 || n.Summary.Components != 2 {
		t.Errorf("8 nodes over limits of 7: summary %+v, Cara %+v", n.Summary, m)
	}
}

func TestShortestPaths(t *testing.T) {
	n := participantNetwork(t)
	paths, err := network.ShortestPaths(n, parl, dan, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Parliament → Ana or Ben → Cara → Dan.
	if len(paths) != 2 {
		t.Fatalf("%d paths, want 2", len(paths))
	}
	for _, p := range paths {
		if len(p.Nodes) != 4 || p.Nodes[0].ID != parl || p.Nodes[2].ID != cara || p.Nodes[3].ID != dan {
			t.Errorf("path %+v", p.Nodes)
		}
		last := p.Steps[2]
		if last.Source != cara || last.Target != dan || len(last.Events) != 1 || last.Events[0].Start != "2023-03-15" {
			t.Errorf("last step %+v", last)
		}
	}
	if paths, _ := network.ShortestPaths(n, ana, eve, 10); len(paths) != 0 {
		t.Errorf("Ana and Eve are not connected among participants, got %d paths", len(paths))
	}
}

func TestAnalyzeSelectedMetrics(t *testing.T) {
	n := participantNetwork(t)
	network.AnalyzeWith(n, network.Options{Metrics: []network.Metric{network.MetricDegree, network.MetricPageRank}})
	m := n.Node(cara).Metrics
	if m.Degree != 4 || m.PageRank <= 0 || m.Betweenness != nil || m.Community != nil || n.Summary.Components != 0 {
		t.Errorf("degree and PageRank only: Cara %+v, summary %+v", m, n.Summary)
	}
	if want := []network.Metric{network.MetricDegree, network.MetricPageRank}; !slices.Equal(n.Analytics.Metrics, want) {
		t.Errorf("summary lists %v, want %v", n.Analytics.Metrics, want)
	}
	n = participantNetwork(t)
	network.AnalyzeWith(n, network.Options{Metrics: []network.Metric{network.MetricBetweenness}})
	if m := n.Node(cara).Metrics; m.Betweenness == nil || !close(*m.Betweenness, 6) || m.Degree != 0 || m.PageRank != 0 {
		t.Errorf("betweenness only: Cara %+v", m)
	}
}

func TestAnalyzeContextCanceled(t *testing.T) {
	n := participantNetwork(t)
	n.Summary = nil
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := network.AnalyzeContext(ctx, n, network.Options{}); !errors.Is(err, context.Canceled) || n.Summary != nil {
		t.Errorf("canceled before: err %v, summary %+v", err, n.Summary)
	}
}

// TestAnalyzeContextDeadline: a deadline in the middle of gonum's work stops it (the
// graph's walks give up) and the analysis answers the context's error.
func TestAnalyzeContextDeadline(t *testing.T) {
	quads := loader.Quads("synthetic.txt", syntheticRecords(1000, 50, 600))
	snap, err := network.FromQuads(context.Background(), quads)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := network.Select(snap, network.Selection{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	n, err := sub.ViewContext(ctx, network.Projected, &network.Options{})
	if !errors.Is(err, context.DeadlineExceeded) || n != nil {
		t.Errorf("err %v, network %v", err, n != nil)
	}
}

// TestBetweennessPerComponent: betweenness computed component by component on the
// slice-backed graph equals gonum's over the whole network as a simple graph.
func TestBetweennessPerComponent(t *testing.T) {
	quads := loader.Quads("synthetic.txt", syntheticRecords(300, 20, 180))
	snap, err := network.FromQuads(context.Background(), quads)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := network.Select(snap, network.Selection{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := sub.Projected()
	network.AnalyzeWith(n, network.Options{Metrics: []network.Metric{network.MetricBetweenness, network.MetricComponents}})
	g := simple.NewUndirectedGraph()
	idx := map[string]int64{}
	for i, nd := range n.Nodes {
		idx[nd.ID] = int64(i)
		g.AddNode(simple.Node(i))
	}
	for _, e := range n.Edges {
		g.SetEdge(simple.Edge{F: simple.Node(idx[e.Source]), T: simple.Node(idx[e.Target])})
	}
	want := gnetwork.Betweenness(g)
	if n.Summary.Components < 2 {
		t.Fatalf("%d components: the test needs several", n.Summary.Components)
	}
	for i, nd := range n.Nodes {
		if got := *nd.Metrics.Betweenness; !close(got, want[int64(i)]/2) {
			t.Errorf("%s: betweenness %g, gonum on the whole graph %g", nd.ID, got, want[int64(i)]/2)
		}
	}
}
