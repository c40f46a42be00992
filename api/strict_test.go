package api_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"annals/api"
	"annals/extract"
	"annals/graph"
	"annals/loader"
	"annals/queries"

	"github.com/cayleygraph/quad"
)

var bearer = []string{"Authorization", "Bearer s3cret"}

// TestStrictWrites sends bodies that are not valid RDF, or not of a type the write
// endpoints read: each is refused with its status (and the line, for RDF), and nothing
// of it is written.
func TestStrictWrites(t *testing.T) {
	srv, _ := writeServer(t, "s3cret")
	n := func() int { return countOf(t, srv, `g.V("<urn:x:a>").Out().All()`) }
	const nq, js = "application/n-quads", "application/json"
	for _, c := range []struct {
		name, path, ctype, body string
		status, line            int
	}{
		{"unclosed IRI", "/api/v2/write", nq, "<urn:x:a <urn:x:p> <urn:x:b> .\n", 400, 1},
		{"bad second line", "/api/v2/write", nq, "<urn:x:a> <urn:x:p> <urn:x:b> .\n<urn:x:a> <urn:x:p> .\n", 400, 2},
		{"literal subject", "/api/v2/write", nq, "\"x\" <urn:x:p> <urn:x:b> .\n", 400, 1},
		{"IRI with a space", "/api/v2/write", nq, "<urn:x:a> <urn:x:p> <urn:x:b c> .\n", 400, 1},
		{"relative IRI", "/api/v2/write", nq, "<a> <urn:x:p> <urn:x:b> .\n", 400, 1},
		{"bare word object", "/api/v2/write", nq, "<urn:x:a> <urn:x:p> b .\n", 400, 1},
		{"binary", "/api/v2/write", nq, "<urn:x:a> <urn:x:p> <urn:x:b> .\n\x00\x01\xff\xfe", 400, 2},
		{"binary, undeclared", "/api/v2/write", "", "\x89PNG\r\n\x1a\n\x00\x00", 400, 1},
		{"empty", "/api/v2/write", nq, "\n\n", 400, 0},
		{"JSON bare word", "/api/v2/write", js, `[{"subject":"a","predicate":"<urn:x:p>","object":"<urn:x:b>"}]`, 400, 1},
		{"JSON unknown field", "/api/v2/write", js, `[{"subject":"<urn:x:a>","predicate":"<urn:x:p>","object":"<urn:x:b>","x":1}]`, 400, 0},
		{"image", "/api/v2/write", "image/png", "<urn:x:a> <urn:x:p> <urn:x:b> .\n", 415, 0},
		{"form", "/api/v2/write", "application/x-www-form-urlencoded", "<urn:x:a> <urn:x:p> <urn:x:b> .\n", 415, 0},
		{"gzip", "/api/v2/write", nq + "\x00gzip", "\x1f\x8b\x08\x00", 415, 0},
		{"v1 bare word", "/api/v1/write", "", `[{"subject":"<urn:x:a>","predicate":"p","object":"<urn:x:b>"}]`, 400, 1},
		{"node: not a term", "/api/v2/node/delete", js, `"urn:x:a"`, 400, 0},
		{"delete: unclosed IRI", "/api/v2/delete", nq, "<urn:x:a> <urn:x:p> <urn:x:b .\n", 400, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := bearer
			if ctype, enc, ok := strings.Cut(c.ctype, "\x00"); ok {
				h = append(append([]string{}, bearer...), "Content-Type", ctype, "Content-Encoding", enc)
			} else if c.ctype != "" {
				h = append(append([]string{}, bearer...), "Content-Type", c.ctype)
			}
			r := do(t, http.MethodPost, srv.URL+c.path, c.body, h...)
			p := decode[api.Problem](t, r)
			if r.status != c.status || r.ctype != "application/problem+json" {
				t.Fatalf("%d %s, want %d", r.status, r.body, c.status)
			}
			if line := 0; p.Position != nil || c.line != 0 {
				if p.Position != nil {
					line = p.Position.Line
				}
				if line != c.line {
					t.Errorf("line %d, want %d: %s", line, c.line, r.body)
				}
			}
			if got := n(); got != 0 {
				t.Errorf("%d quads of urn:x:a written by a refused body", got)
			}
		})
	}
	r := do(t, http.MethodPost, srv.URL+"/api/v2/write",
		"# two quads\n<urn:x:a> <urn:x:p> \"b\"@en .\n_:b <urn:x:p> <urn:x:c> <urn:x:g> .\n<urn:x:a> <urn:x:q> _:b .\n",
		append(bearer, "Content-Type", nq)...)
	if r.status != 200 || n() != 2 {
		t.Fatalf("valid N-Quads: %d %s, %d quads of urn:x:a", r.status, r.body, n())
	}
}

// TestLoadRefusesBadNamesAndBodies: /api/load takes a plain file name, a text or
// JSONL body of a type it reads, and nothing else.
func TestLoadRefusesBadNamesAndBodies(t *testing.T) {
	srv, _ := writeServer(t, "s3cret")
	docs := func() int { return decode[queries.Stats](t, get(t, srv, "/api/stats")).Counts.Documents }
	before := docs()
	for _, c := range []struct {
		name, source, ctype, body string
		status                    int
	}{
		{"parent path", "../../etc/passwd", "text/plain", chronology, 400},
		{"dot dot", "..", "text/plain", chronology, 400},
		{"slash", "a/b.txt", "text/plain", chronology, 400},
		{"backslash", `a\b.txt`, "text/plain", chronology, 400},
		{"control character", "a\x01b.txt", "text/plain", chronology, 400},
		{"newline", "a\nb.txt", "text/plain", chronology, 400},
		{"too long", strings.Repeat("a", 256), "text/plain", chronology, 400},
		{"image", "a.txt", "image/png", chronology, 415},
		{"binary", "a.txt", "text/plain", "March 2023\n\nMarch 5 \x00\xff\xfe", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := srv.URL + "/api/load?source=" + urlQueryEscape(c.source)
			r := do(t, http.MethodPost, u, c.body, append(bearer, "Content-Type", c.ctype)...)
			if r.status != c.status || r.ctype != "application/problem+json" {
				t.Errorf("%d %s, want %d", r.status, r.body, c.status)
			}
		})
	}
	if got := docs(); got != before {
		t.Errorf("documents %d after refused loads, %d before", got, before)
	}
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "\n", "%0A", "\x01", "%01", "#", "%23", `\`, "%5C").Replace(s)
}

// writeStore is a server with the write token over the fixture graph in a store of
// kind (bolt in a temporary file, or memory), and the store.
func writeStore(t *testing.T, kind string, opts api.Options) (*httptest.Server, *graph.Store) {
	t.Helper()
	cfg := graph.Config{Kind: kind}
	if kind == graph.KindBolt {
		cfg.Addr = filepath.Join(t.TempDir(), "kg.db")
	}
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	recs := fixtureRecords(t)
	if _, err := loader.LoadDocument(context.Background(), s, "fixture-chronology.txt", recs); err != nil {
		t.Fatal(err)
	}
	x, err := queries.NewIndex(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	opts.Index, opts.WriteToken = x, "s3cret"
	srv := httptest.NewServer(api.New(s, opts))
	t.Cleanup(srv.Close)
	return srv, s
}

func fixtureRecords(t *testing.T) []extract.Record {
	t.Helper()
	f, err := os.Open("../queries/testdata/chronology.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := loader.ReadJSONL(f, "chronology.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// eventsAgree checks that /api/stats and a Gizmo count of the events agree.
func eventsAgree(t *testing.T, srv *httptest.Server) int {
	t.Helper()
	stats := decode[queries.Stats](t, get(t, srv, "/api/stats")).Counts.Events
	gizmo := countOf(t, srv, `g.V().Has("<`+graph.RDFType+`>", "<`+string(graph.ClassEvent)+`>").All()`)
	if stats != gizmo {
		t.Errorf("/api/stats counts %d events, Gizmo %d", stats, gizmo)
	}
	return stats
}

// TestPartialEntryDeletes: a raw delete that would leave an entry with part of its
// facts is refused (409, naming the entry) and changes nothing; deleting all of an
// entry's quads is accepted; /api/stats and Gizmo agree after each.
func TestPartialEntryDeletes(t *testing.T) {
	for _, kind := range []string{graph.KindMemory, graph.KindBolt} {
		t.Run(kind, func(t *testing.T) {
			srv, s := writeStore(t, kind, api.Options{})
			ctx := context.Background()
			events := eventsAgree(t, srv)
			entries, err := s.DocumentEntries(ctx, "fixture-chronology.txt")
			if err != nil || len(entries) == 0 {
				t.Fatal(entries, err)
			}
			var facts []quad.Quad
			var entry quad.Value
			for _, e := range entries {
				qs, err := s.QuadsLabelled(ctx, e)
				if err != nil {
					t.Fatal(err)
				}
				if hasEvent(qs) {
					entry, facts = e, qs
					break
				}
			}
			if entry == nil {
				t.Fatal("no entry states an event")
			}
			nquads := func(qs []quad.Quad) string {
				var b strings.Builder
				for _, q := range qs {
					b.WriteString(q.NQuad() + "\n")
				}
				return b.String()
			}
			nq := append(bearer, "Content-Type", "application/n-quads")
			r := do(t, http.MethodPost, srv.URL+"/api/v2/delete", nquads(facts[:1]), nq...)
			if p := decode[api.Problem](t, r); r.status != 409 || p.Value != entry.String() {
				t.Fatalf("half an entry: %d %s", r.status, r.body)
			}
			// A place or person is cited by other entries too: removing its node would
			// split them.
			var actor quad.Value
			for _, q := range facts {
				if iri, ok := q.Object.(quad.IRI); ok && (strings.Contains(string(iri), "/place/") || strings.Contains(string(iri), "/person/")) {
					actor = iri
				}
			}
			r = do(t, http.MethodPost, srv.URL+"/api/v2/node/delete", `"`+actor.String()+`"`,
				append(bearer, "Content-Type", "application/json")...)
			if r.status != 409 {
				t.Fatalf("node delete across entries: %d %s", r.status, r.body)
			}
			if got, _ := s.QuadsLabelled(ctx, entry); len(got) != len(facts) {
				t.Fatalf("refused deletes removed quads: %d of %d left", len(got), len(facts))
			}
			if eventsAgree(t, srv) != events {
				t.Fatal("refused deletes changed the events")
			}
			r = do(t, http.MethodPost, srv.URL+"/api/v2/delete", nquads(facts), nq...)
			if r.status != 200 {
				t.Fatalf("whole entry: %d %s", r.status, r.body)
			}
			if got := eventsAgree(t, srv); got >= events {
				t.Errorf("events after deleting an entry: %d, before %d", got, events)
			}
		})
	}
}

func hasEvent(qs []quad.Quad) bool {
	for _, q := range qs {
		if q.Predicate == graph.Type && q.Object == graph.ClassEvent {
			return true
		}
	}
	return false
}

// dribble opens a request whose body never finishes arriving; it stays open until
// the test ends.
func dribble(t *testing.T, srv *httptest.Server, path string) {
	t.Helper()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nContent-Type: application/n-quads\r\nContent-Length: 1000\r\n\r\ng.V()", path)
}

// TestReadersDoNotWait: clients that dribble their bodies (as many as there are query
// slots) hold neither a slot nor the store: a write, and reads after it, are answered
// while they dribble.
func TestReadersDoNotWait(t *testing.T) {
	for _, kind := range []string{graph.KindMemory, graph.KindBolt} {
		t.Run(kind, func(t *testing.T) {
			srv, _ := writeStore(t, kind, api.Options{MaxQueries: 2})
			for range 2 {
				dribble(t, srv, "/api/v2/query?lang=gizmo")
			}
			dribble(t, srv, "/api/v2/write")
			time.Sleep(100 * time.Millisecond) // let the server start reading them
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			call := func(method, path, body string, header ...string) int {
				req, _ := http.NewRequestWithContext(ctx, method, srv.URL+path, strings.NewReader(body))
				for i := 0; i+1 < len(header); i += 2 {
					req.Header.Set(header[i], header[i+1])
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Errorf("%s %s: %v", method, path, err)
					return 0
				}
				res.Body.Close()
				return res.StatusCode
			}
			if st := call(http.MethodPost, "/api/v2/write", "<urn:x:a> <urn:x:p> <urn:x:b> .\n", bearer...); st != 200 {
				t.Errorf("write while clients dribble: %d", st)
			}
			// One after another: the dribblers hold as many requests open as there are
			// query slots, so each query must find a free slot (concurrent queries
			// beyond the slots are rightly answered 503 busy).
			for i := range 10 {
				method, path := http.MethodGet, "/api/stats"
				if i%2 == 1 {
					method, path = http.MethodPost, "/api/v2/query?lang=gizmo"
				}
				if st := call(method, path, `g.V("<urn:x:a>").Out().All()`); st != 200 {
					t.Errorf("%s while clients dribble: %d", path, st)
				}
			}
			if st := call(http.MethodGet, "/readyz", ""); st != 200 {
				t.Errorf("/readyz while clients dribble: %d", st)
			}
		})
	}
}

// TestReadyzReportsStuckReads: on the memory store a query that runs to its time limit
// holds the store's lock; a write then waits for it, and reads wait behind the write.
// /readyz must say so (503) instead of 200, and be ready again once the query ends.
func TestReadyzReportsStuckReads(t *testing.T) {
	srv, _ := writeStore(t, graph.KindMemory, api.Options{QueryTimeout: 4 * time.Second})
	send := func(path, body string, header ...string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}
	go send("/api/v2/query?lang=gizmo", `while (true) {}`)
	time.Sleep(300 * time.Millisecond)
	go send("/api/v2/write", "<urn:x:a> <urn:x:p> <urn:x:b> .\n", bearer...)
	time.Sleep(300 * time.Millisecond)
	r := get(t, srv, "/readyz")
	if p := decode[api.Problem](t, r); r.status != 503 || !strings.Contains(p.Detail, "does not answer") {
		t.Fatalf("/readyz while reads are stuck: %d %s", r.status, r.body)
	}
	if !poll(100, func() bool { return get(t, srv, "/readyz").status == 200 }) {
		t.Fatal("/readyz never ready again after the query ended")
	}
}

// TestDeleteEntryLeavesDocumentStatements: deleting every quad of one entry through
// /api/v2/delete removes what the entry read and nothing of what its document states
// about its nodes (their types and names, labelled with the document), which stay until
// the document is loaded again: a reload without the entry then removes the statements
// of a node no other entry names, and a reload with it restores the entry. A delete of
// part of the document's statements is refused like half an entry.
func TestDeleteEntryLeavesDocumentStatements(t *testing.T) {
	const source = "fixture-chronology.txt"
	for _, kind := range []string{graph.KindMemory, graph.KindBolt} {
		t.Run(kind, func(t *testing.T) {
			srv, s := writeStore(t, kind, api.Options{})
			ctx := context.Background()
			recs := fixtureRecords(t)
			doc := graph.DocumentIRI(source)
			docQuads, err := s.QuadsLabelled(ctx, doc)
			if err != nil || len(docQuads) == 0 {
				t.Fatalf("the document states %d quads (%v)", len(docQuads), err)
			}
			// An entry naming a person no other entry names.
			k, person := -1, quad.IRI("")
			named := map[quad.IRI]int{}
			for _, r := range recs {
				for _, p := range r.People {
					named[graph.PersonIRI(p.Name)]++
				}
			}
			for i, r := range recs {
				for _, p := range r.People {
					if iri := graph.PersonIRI(p.Name); named[iri] == 1 && k < 0 {
						k, person = i, iri
					}
				}
			}
			if k < 0 {
				t.Fatal("the fixture has no person named by one entry only")
			}
			entry := graph.EntryIRI(source, recs[k].Line)
			facts, err := s.QuadsLabelled(ctx, entry)
			if err != nil {
				t.Fatal(err)
			}
			var body strings.Builder
			for _, q := range facts {
				body.WriteString(q.NQuad() + "\n")
			}
			nq := append(bearer, "Content-Type", "application/n-quads")
			if r := do(t, http.MethodPost, srv.URL+"/api/v2/delete", body.String(), nq...); r.status != 200 {
				t.Fatalf("delete the entry: %d %s", r.status, r.body)
			}
			if left, _ := s.QuadsLabelled(ctx, entry); len(left) != 0 {
				t.Errorf("%d quads of the deleted entry left", len(left))
			}
			after, err := s.QuadsLabelled(ctx, doc)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(nquadLines(after), nquadLines(docQuads)) {
				t.Errorf("deleting an entry changed the document's statements: %d quads, were %d", len(after), len(docQuads))
			}
			// The person keeps a name and no event, until the document is loaded again.
			r := get(t, srv, "/api/people/"+queries.IDOf(person))
			if r.status != 200 {
				t.Fatalf("profile of a person whose only entry was deleted: %d %s", r.status, r.body)
			}
			if pr := decode[queries.Profile](t, r); pr.Name == "" || pr.Counts.Events != 0 {
				t.Errorf("profile after the delete: name %q, %d events", pr.Name, pr.Counts.Events)
			}

			// Half of the document's statements: refused, naming the document.
			r = do(t, http.MethodPost, srv.URL+"/api/v2/delete", docQuads[0].NQuad()+"\n", nq...)
			if p := decode[api.Problem](t, r); r.status != 409 || p.Value != doc.String() {
				t.Errorf("half the document's statements: %d %s", r.status, r.body)
			}

			without := slices.Delete(slices.Clone(recs), k, k+1)
			if _, err := loader.LoadDocument(ctx, s, source, without); err != nil {
				t.Fatal(err)
			}
			own, err := s.QuadsLabelled(ctx, doc)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range own {
				if q.Subject == person {
					t.Errorf("a reload without the entry keeps %s", q.NQuad())
				}
			}
			if _, err := loader.LoadDocument(ctx, s, source, recs); err != nil {
				t.Fatal(err)
			}
			again, err := s.QuadsLabelled(ctx, doc)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(nquadLines(again), nquadLines(docQuads)) {
				t.Errorf("a reload with the entry: %d statements of the document, want %d", len(again), len(docQuads))
			}
		})
	}
}

// nquadLines are quads as sorted N-Quads lines.
func nquadLines(qs []quad.Quad) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	slices.Sort(out)
	return out
}
