package export_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"annals/export"
	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/network"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// The fixture is network's: seven entries of made-up people, bodies and places.
const fixture = "../network/testdata/fixture.jsonl"

func openFixture(t testing.TB) *graph.Store {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Config{Kind: "memory"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []extract.Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r extract.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := loader.LoadDocument(ctx, st, "fixture.txt", recs); err != nil {
		t.Fatal(err)
	}
	return st
}

// exportFile writes an export of the fixture to a temporary file and returns its path.
func exportFile(t *testing.T, st *graph.Store, f export.Format, sel network.Selection, view network.View) string {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(context.Background(), &buf, st, f, sel, view, true); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fixture"+f.Ext())
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pageRanks match the PageRank values of every format: gonum's sparse PageRank starts
// from a random vector, so they vary below its tolerance from run to run. TestNetworkx*
// and network's tests check them; golden files hold a placeholder.
var pageRanks = []*regexp.Regexp{
	regexp.MustCompile(`(key="n_pagerank">)[^<]*`),
	regexp.MustCompile(`("pagerank": )[-0-9.e]+`),
	regexp.MustCompile(`(<attvalue for="14" value=")[^"]*`),
}

// golden compares an output with testdata/golden/NAME, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	for _, re := range pageRanks {
		got = re.ReplaceAll(got, []byte("${1}PAGERANK"))
	}
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n got: %.400s", name, got)
	}
}

func TestGolden(t *testing.T) {
	st := openFixture(t)
	for _, f := range []export.Format{export.GraphML, export.GEXF, export.DOT, export.CytoscapeJSON, export.NQuads} {
		for _, view := range []network.View{network.Projected, network.Bipartite} {
			if f == export.NQuads && view == network.Bipartite {
				continue
			}
			t.Run(string(f)+"/"+string(view), func(t *testing.T) {
				got, err := os.ReadFile(exportFile(t, st, f, network.Selection{}, view))
				if err != nil {
					t.Fatal(err)
				}
				if f == export.NQuads {
					got = sortLines(got) // the memory store's order is not stable
				}
				golden(t, string(view)+f.Ext(), got)
			})
		}
	}
}

func sortLines(b []byte) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	sortStrings(lines)
	return []byte(strings.Join(lines, ""))
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// pythonWithNetworkx finds a Python with networkx: the one on PATH, or Debian's
// (python3-networkx, which scripts/install-deps.sh installs).
func pythonWithNetworkx(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import networkx").Run() == nil {
			return py
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no python3 with networkx: scripts/install-deps.sh installs python3-networkx")
	}
	t.Skip("no python3 with networkx on this machine: run scripts/install-deps.sh")
	return ""
}

type nxResult struct {
	Networkx    string                    `json:"networkx"`
	Directed    bool                      `json:"directed"`
	Nodes       int                       `json:"nodes"`
	Edges       int                       `json:"edges"`
	Graph       map[string]any            `json:"graph"`
	Node        map[string]map[string]any `json:"node"`
	Edge        [][3]any                  `json:"edge"`
	Betweenness map[string]float64        `json:"betweenness"`
	PageRank    map[string]float64        `json:"pagerank"`
	Components  int                       `json:"components"`
}

func readNetworkx(t *testing.T, py, format, path string) nxResult {
	t.Helper()
	return readNetworkxWith(t, py, format, path)
}

func readNetworkxWith(t *testing.T, py, format, path string) nxResult {
	t.Helper()
	cmd := exec.Command(py, "testdata/read_networkx.py", format, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("networkx could not read the %s: %v\n%s", format, err, stderr.String())
	}
	var r nxResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

var (
	ana  = string(graph.PersonIRI("Ana Alpha"))
	ben  = string(graph.PersonIRI("Ben Beta"))
	cara = string(graph.PersonIRI("Cara Gamma"))
	parl = string(graph.BodyIRI("Parliament of Ruritania"))
)

// TestNetworkxReadsGraphMLAndGEXF: networkx loads both files and finds the fixture's
// co-appearance network (8 actors, 11 ties) with its typed attributes, and its own
// betweenness and PageRank agree with the exported ones.
func TestNetworkxReadsGraphMLAndGEXF(t *testing.T) {
	st := openFixture(t)
	for _, format := range []export.Format{export.GraphML, export.GEXF} {
		t.Run(string(format), func(t *testing.T) {
			py := pythonWithNetworkx(t)
			r := readNetworkx(t, py, string(format), exportFile(t, st, format, network.Selection{}, network.Projected))
			if r.Directed || r.Nodes != 8 || r.Edges != 11 || r.Components != 1 {
				t.Fatalf("networkx %s read directed=%v %d nodes, %d edges, %d components; want undirected 8, 11, 1",
					r.Networkx, r.Directed, r.Nodes, r.Edges, r.Components)
			}
			a := r.Node[ana]
			if a["label"] != "Ana Alpha" || a["type"] != "person" || a["legislator"] != true || a["events"] != 4.0 || a["degree"] != 5.0 {
				t.Errorf("Ana's attributes: %v", a)
			}
			if p := r.Node[parl]; p["type"] != "body" || p["legislator"] != true {
				t.Errorf("Parliament's attributes: %v", p)
			}
			for id, b := range r.Betweenness {
				if got := r.Node[id]["betweenness"].(float64); math.Abs(got-b) > 1e-9 {
					t.Errorf("%s: exported betweenness %g, networkx %g", id, got, b)
				}
				if got := r.Node[id]["pagerank"].(float64); math.Abs(got-r.PageRank[id]) > 1e-6 {
					t.Errorf("%s: exported PageRank %g, networkx %g", id, got, r.PageRank[id])
				}
			}
			var found bool
			for _, e := range r.Edge {
				u, v, d := e[0].(string), e[1].(string), e[2].(map[string]any)
				if (u == ana && v == ben) || (u == ben && v == ana) {
					found = true
					if d["weight"] != 3.0 || d["type"] != "co-appearance" || !strings.Contains(d["events"].(string), "/L7") {
						t.Errorf("Ana–Ben edge: %v", d)
					}
					if format == export.GEXF {
						spells, _ := d["spells"].([]any)
						if len(spells) != 3 {
							t.Errorf("Ana–Ben spells: %v", d["spells"])
						}
					}
				}
			}
			if !found {
				t.Error("no Ana–Ben edge")
			}
			if format == export.GEXF {
				if r.Graph["mode"] != "dynamic" {
					t.Errorf("graph mode %v, want dynamic", r.Graph["mode"])
				}
				if sp, _ := r.Node[cara]["spells"].([]any); len(sp) != 2 {
					t.Errorf("Cara's spells: %v", r.Node[cara]["spells"])
				}
			}
		})
	}
	t.Run("bipartite graphml", func(t *testing.T) {
		py := pythonWithNetworkx(t)
		r := readNetworkx(t, py, "graphml", exportFile(t, st, export.GraphML, network.Selection{}, network.Bipartite))
		if !r.Directed || r.Nodes != 17 || r.Edges != 20 {
			t.Errorf("bipartite: directed=%v %d nodes, %d edges; want directed, 17, 20", r.Directed, r.Nodes, r.Edges)
		}
	})
}

// TestDotRendersSVG: Graphviz renders both views to SVG without a warning.
func TestDotRendersSVG(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz dot is missing: scripts/install-deps.sh installs it")
		}
		t.Skip("Graphviz dot is not installed on this machine: run scripts/install-deps.sh")
	}
	st := openFixture(t)
	for _, view := range []network.View{network.Projected, network.Bipartite} {
		t.Run(string(view), func(t *testing.T) {
			cmd := exec.Command(dot, "-Tsvg", exportFile(t, st, export.DOT, network.Selection{}, view))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			svg, err := cmd.Output()
			if err != nil || stderr.Len() > 0 {
				t.Fatalf("dot: %v\n%s", err, stderr.String())
			}
			if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("Ana Alpha")) {
				t.Errorf("SVG without the network: %.300s", svg)
			}
		})
	}
}

// TestXMLStructure validates the GraphML and GEXF with xmllint: well-formed, and the
// elements and references their schemas require (the published XSDs cannot be fetched
// here, so the rules are checked one by one with XPath).
func TestXMLStructure(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is missing: scripts/install-deps.sh installs libxml2-utils")
		}
		t.Skip("xmllint is not installed on this machine: run scripts/install-deps.sh")
	}
	st := openFixture(t)
	el := func(name string) string { return "*[local-name()='" + name + "']" }
	tests := []struct {
		format export.Format
		checks map[string]string // XPath expression → expected value
	}{
		{export.GraphML, map[string]string{
			"namespace-uri(/*)": "http://graphml.graphdrawing.org/xmlns",
			"count(/" + el("graphml") + "/" + el("graph") + "[@edgedefault='undirected'])": "1",
			"count(//" + el("node") + ")": "8",
			"count(//" + el("edge") + ")": "11",
			// Every key has id, for and a GraphML type; every data names a declared key.
			"count(//" + el("key") + "[not(@id) or not(@for) or not(@attr.type='string' or @attr.type='int' or @attr.type='double' or @attr.type='boolean')])": "0",
			"count(//" + el("data") + "[not(@key = //" + el("key") + "/@id)])":                                                                                 "0",
			"count(//" + el("node") + "/" + el("data") + "[not(@key = //" + el("key") + "[@for='node']/@id)])":                                                 "0",
			// Edges join declared nodes.
			"count(//" + el("edge") + "[not(@source = //" + el("node") + "/@id) or not(@target = //" + el("node") + "/@id)])": "0",
			"count(//" + el("key") + "[@attr.name='weight' and @attr.type='double'])":                                         "1",
		}},
		{export.GEXF, map[string]string{
			"namespace-uri(/*)":   "http://gexf.net/1.3",
			"string(/*/@version)": "1.3",
			"count(/" + el("gexf") + "/" + el("graph") + "[@mode='dynamic' and @timeformat='date'])":                          "1",
			"count(//" + el("nodes") + "/" + el("node") + "[@id and @label])":                                                 "8",
			"count(//" + el("edges") + "/" + el("edge") + "[@id and @source and @target])":                                    "11",
			"count(//" + el("attvalue") + "[not(@for = //" + el("attribute") + "/@id)])":                                      "0",
			"count(//" + el("edge") + "[not(@source = //" + el("node") + "/@id) or not(@target = //" + el("node") + "/@id)])": "0",
			// Spells are ISO dates, start ≤ end.
			"count(//" + el("spell") + ")": "30", // 16 for the actors, 14 for the ties
			"count(//" + el("spell") + "[string-length(@start) != 10 or string-length(@end) != 10 or translate(@start, '-', '') > translate(@end, '-', '')])": "0",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			path := exportFile(t, st, tt.format, network.Selection{}, network.Projected)
			if out, err := exec.Command(xmllint, "--noout", path).CombinedOutput(); err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, out)
			}
			for expr, want := range tt.checks {
				out, err := exec.Command(xmllint, "--xpath", expr, path).CombinedOutput()
				if err != nil || strings.TrimSpace(string(out)) != want {
					t.Errorf("%s = %q (%v), want %s", expr, strings.TrimSpace(string(out)), err, want)
				}
			}
		})
	}
}

func TestCSVZip(t *testing.T) {
	st := openFixture(t)
	b, err := os.ReadFile(exportFile(t, st, export.CSV, network.Selection{Seeds: []string{"Cara Gamma"}, Depth: 1}, network.Projected))
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][][]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(rc).ReadAll()
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		tables[f.Name] = rows
	}
	nodes, edges := tables["nodes.csv"], tables["edges.csv"]
	// Cara's ego network: Cara, Ana, Ben, Dan, the Society; ties among them.
	if len(nodes) != 6 || nodes[0][0] != "Id" || nodes[0][1] != "Label" {
		t.Errorf("nodes.csv: %v", nodes)
	}
	if len(edges) != 7 || strings.Join(edges[0][:4], ",") != "Source,Target,Type,Weight" {
		t.Errorf("edges.csv: %v", edges)
	}
}

func TestCytoscapeJSON(t *testing.T) {
	st := openFixture(t)
	b, err := os.ReadFile(exportFile(t, st, export.CytoscapeJSON, network.Selection{}, network.Projected))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Elements struct {
			Nodes []struct{ Data map[string]any } `json:"nodes"`
			Edges []struct{ Data map[string]any } `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Elements.Nodes) != 8 || len(doc.Elements.Edges) != 11 {
		t.Fatalf("%d nodes, %d edges", len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}
	ids := map[string]bool{}
	for _, n := range doc.Elements.Nodes {
		ids[n.Data["id"].(string)] = true
	}
	for _, e := range doc.Elements.Edges {
		if !ids[e.Data["source"].(string)] || !ids[e.Data["target"].(string)] || e.Data["weight"].(float64) < 1 {
			t.Errorf("edge %v", e.Data)
		}
	}
}

// TestQuads: the raw quads of a subgraph read back with quad's own readers, labelled
// with their entries, and limited to the subgraph.
func TestQuads(t *testing.T) {
	st := openFixture(t)
	sel := network.Selection{Seeds: []string{"Eve Epsilon"}, Depth: 1, Participants: true}
	read := func(f export.Format) []quad.Quad {
		b, err := os.ReadFile(exportFile(t, st, f, sel, network.Projected))
		if err != nil {
			t.Fatal(err)
		}
		var r quad.Reader
		if f == export.NQuads {
			r = nquads.NewReader(bytes.NewReader(b), false)
		} else {
			if !bytes.Contains(b, []byte(`"@vocab": "http://schema.org/"`)) && !bytes.Contains(b, []byte(`"@vocab":"http://schema.org/"`)) {
				t.Errorf("JSON-LD without the schema.org context: %.200s", b)
			}
			r = jsonld.NewReader(bytes.NewReader(b))
		}
		var out []quad.Quad
		for {
			q, err := r.ReadQuad()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			out = append(out, q)
		}
		return out
	}
	for _, f := range []export.Format{export.NQuads, export.JSONLD} {
		t.Run(string(f), func(t *testing.T) {
			qs := read(f)
			subjects := map[string]bool{}
			for _, q := range qs {
				subjects[quad.ToString(q.Subject)] = true
				if q.Label == nil {
					t.Errorf("quad without its entry: %v", q)
				}
				if quad.ToString(q.Object) == "<"+ana+">" {
					t.Errorf("quad leaving the subgraph (Ana is not in Eve's participant network): %v", q)
				}
			}
			eve := "<" + string(graph.PersonIRI("Eve Epsilon")) + ">"
			event := "<" + string(graph.EventIRI("fixture.txt", 9)) + ">"
			entry := "<" + string(graph.EntryIRI("fixture.txt", 9)) + ">"
			for _, s := range []string{eve, event, entry} {
				if !subjects[s] {
					t.Errorf("no quads about %s", s)
				}
			}
			if subjects["<"+ana+">"] || subjects["<"+cara+">"] {
				t.Error("quads about actors outside the subgraph")
			}
		})
	}
	t.Run("whole graph", func(t *testing.T) {
		var buf bytes.Buffer
		if err := export.Write(context.Background(), &buf, st, export.NQuads, network.Selection{}, network.Projected, false); err != nil {
			t.Fatal(err)
		}
		n, err := st.QuadCount(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got := int64(bytes.Count(buf.Bytes(), []byte("\n"))); got != n {
			t.Errorf("%d quads written, the store holds %d", got, n)
		}
	})
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]export.Format{"GraphML": export.GraphML, "gv": export.DOT, "json-ld": export.JSONLD, "cytoscape": export.CytoscapeJSON} {
		if got, err := export.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := export.ParseFormat("xlsx"); err == nil || !strings.Contains(err.Error(), "graphml") {
		t.Errorf("ParseFormat(xlsx) error %v should list the formats", err)
	}
}

func TestHandler(t *testing.T) {
	h := export.Handler(openFixture(t))
	get := func(q string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/export?"+q, nil))
		return rec
	}
	rec := get("format=gexf&seed=Cara+Gamma&depth=1")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/gexf+xml" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "annals-projected.gexf") {
		t.Fatalf("status %d, headers %v", rec.Code, rec.Header())
	}
	if got := strings.Count(rec.Body.String(), "<node "); got != 5 {
		t.Errorf("%d nodes in Cara's ego network, want 5", got)
	}
	rec = get("format=nquads")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<http://schema.org/attendee>") {
		t.Errorf("whole graph N-Quads: status %d", rec.Code)
	}
	rec = get("format=csv&seed=Cara+Gamma&depth=1")
	if got := rec.Header().Get("Content-Disposition"); rec.Code != http.StatusOK ||
		got != `attachment; filename="annals-projected-network-csv.zip"` {
		t.Errorf("CSV download: status %d, Content-Disposition %q", rec.Code, got)
	}
	for q, want := range map[string]int{"format=xlsx": 400, "format=dot&seed=Nobody": 404, "format=dot&to=2023-99": 400} {
		if rec := get(q); rec.Code != want || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: status %d %s, want %d problem", q, rec.Code, rec.Header().Get("Content-Type"), want)
		}
	}
}
