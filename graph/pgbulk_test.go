package graph_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"annals/graph"
	"annals/internal/pgtest"
)

// bulkDocs are three transactions of a load: labelled and unlabelled quads over values
// that documents share, and in the third a removal of quads the first added.
func bulkDocs() [][]cgraph.Delta {
	var docs [][]cgraph.Delta
	for d := range 3 {
		var qs []quad.Quad
		for e := range 200 {
			label := quad.IRI(fmt.Sprintf("doc%d#entry%d", d, e))
			person := quad.IRI(fmt.Sprintf("person%d", (d*200+e)%150))
			qs = append(qs,
				quad.Make(label, quad.IRI("date"), quad.String(fmt.Sprintf("2023-%02d-%02d", e%12+1, e%28+1)), label),
				quad.Make(label, quad.IRI("mentions"), person, label),
				quad.Make(person, quad.IRI("name"), quad.String(fmt.Sprintf("Name %d", (d*200+e)%150)), label),
				quad.Make(label, quad.IRI("inDocument"), quad.IRI(fmt.Sprintf("doc%d", d)), nil),
				quad.Make(label, quad.IRI("line"), quad.Int(e+1), label))
		}
		docs = append(docs, adds(dedup(qs)...))
	}
	for e := range 20 {
		label := quad.IRI(fmt.Sprintf("doc0#entry%d", e))
		docs[2] = append(docs[2], removes(quad.Make(label, quad.IRI("line"), quad.Int(e+1), label))...)
	}
	return docs
}

func dedup(qs []quad.Quad) []quad.Quad {
	seen := make(map[quad.Quad]bool)
	out := qs[:0]
	for _, q := range qs {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// loadDocs applies docs to s, each as one document.
func loadDocs(t *testing.T, s *graph.Store, docs [][]cgraph.Delta) {
	t.Helper()
	for i, d := range docs {
		err := s.UpdateDocument(context.Background(), fmt.Sprintf("doc%d", i), func(context.Context) ([]cgraph.Delta, error) {
			return d, nil
		})
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
	}
}

// tableState is what a store's tables hold and how the quads table is defined: row
// counts and digests of both tables, the quads table's indexes and its constraints
// (with whether each is validated), and what annals_bulk still lists.
func tableState(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT count(*)::text || ' quads ' || coalesce(md5(string_agg(encode(subject_hash || predicate_hash || object_hash || coalesce(label_hash, ''), 'hex'), ','
			ORDER BY subject_hash, predicate_hash, object_hash, label_hash)), '') FROM quads`,
		`SELECT count(*)::text || ' nodes ' || coalesce(md5(string_agg(encode(hash, 'hex') || ':' || refs, ',' ORDER BY hash)), '') FROM nodes`,
		`SELECT regexp_replace(indexdef, 'ON \S+\.quads', 'ON quads') FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'quads' ORDER BY indexname`,
		`SELECT conname || ' ' || pg_get_constraintdef(oid) || ' validated ' || convalidated FROM pg_constraint WHERE conrelid = 'quads'::regclass ORDER BY conname`,
		`SELECT 'listed ' || name FROM annals_bulk ORDER BY name`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			b.WriteString(line + "\n")
		}
		rows.Close()
	}
	return b.String()
}

// labelled is what the store answers for the quads of an entry and for the quads
// naming a person: queries that use the label and object indexes. With anyOrder, the
// quads naming the person are sorted: a store written in bulk numbers its quads in the
// order of the unique index, not document after document, and a scan across
// documents follows that order (an entry's quads keep theirs).
func labelled(t *testing.T, s *graph.Store, anyOrder ...bool) string {
	t.Helper()
	qs, err := s.QuadsLabelled(context.Background(), quad.IRI("doc1#entry7"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := s.ValueOf(quad.IRI("person7"))
	if err != nil || ref == nil {
		t.Fatalf("person7: %v %v", ref, err)
	}
	it := s.QuadIterator(quad.Object, ref).Iterate()
	defer it.Close()
	var into []string
	for it.Next(context.Background()) {
		q, err := s.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		into = append(into, q.String())
	}
	if len(anyOrder) > 0 && anyOrder[0] {
		slices.Sort(into)
	}
	return fmt.Sprintf("%d quads of entry 7 of doc1: %v\nquads naming person7: %v", len(qs), qs, into)
}

func openPG(t *testing.T, dsn string, log *slog.Logger) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Config{Kind: graph.KindPostgres, Addr: dsn, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestBulkLoadMatchesNormalLoad loads the same documents into an empty store with and
// without a bulk load: the tables must hold the same rows and end with the same
// indexes and validated foreign keys, and the stores must answer alike.
func TestBulkLoadMatchesNormalLoad(t *testing.T) {
	ctx := context.Background()
	bulkDSN, normalDSN := pgSchema(t, "bulk"), pgSchema(t, "normal")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	bs, ns := openPG(t, bulkDSN, log), openPG(t, normalDSN, log)
	docs := bulkDocs()

	b, err := bs.BeginBulk(ctx, log)
	if err != nil || b == nil {
		t.Fatalf("BeginBulk on an empty store: %v, %v", b, err)
	}
	during := tableState(t, bulkDSN)
	for _, gone := range []string{"spo_index", "ops_index", "annals_label_index", "subject_hash_fk", "label_hash_fk"} {
		if !strings.Contains(during, "listed "+gone) || strings.Contains(during, gone+" ON") || strings.Contains(during, gone+" FOREIGN") {
			t.Errorf("during the bulk load, %s is not dropped and listed:\n%s", gone, during)
		}
	}
	if !strings.Contains(during, "spol_unique ON") || !strings.Contains(during, "spo_unique ON") {
		t.Errorf("the bulk load dropped the unique indexes its writes need:\n%s", during)
	}
	loadDocs(t, bs, docs)
	if err := b.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	loadDocs(t, ns, docs)

	got, want := tableState(t, bulkDSN), tableState(t, normalDSN)
	if got != want {
		t.Errorf("bulk load left\n%s\nnormal load left\n%s", got, want)
	}
	if !strings.Contains(want, "validated true") || strings.Contains(want, "listed") {
		t.Errorf("the normal load's schema lacks validated foreign keys or lists dropped items:\n%s", want)
	}
	if got, want := labelled(t, bs), labelled(t, ns); got != want {
		t.Errorf("bulk-loaded store answers\n%s\nnormally loaded one\n%s", got, want)
	}
	if !strings.Contains(logs.String(), "indexes and foreign keys of quads rebuilt") {
		t.Errorf("no log line of the rebuild:\n%s", logs.String())
	}

	// A bulk load needs an empty store.
	if b, err := bs.BeginBulk(ctx, log); err != nil || b != nil {
		t.Errorf("BeginBulk on a store with quads: %v, %v; want nil, nil", b, err)
	}
}

// TestBulkLoadKilledIsRepairedOnOpen ends a bulk load's session without Finish, as a
// killed load does. While the load is alive, another open leaves its dropped indexes
// alone and a second bulk load does not start; after it died, the next read-write open
// rebuilds them, says so in the log, and the store ends as a normal load leaves it.
func TestBulkLoadKilledIsRepairedOnOpen(t *testing.T) {
	ctx := context.Background()
	bulkDSN, normalDSN := pgSchema(t, "bulk"), pgSchema(t, "normal")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	docs := bulkDocs()
	ns := openPG(t, normalDSN, log)
	loadDocs(t, ns, docs[:2])

	bs := openPG(t, bulkDSN, log)
	b, err := bs.BeginBulk(ctx, log)
	if err != nil || b == nil {
		t.Fatalf("BeginBulk on an empty store: %v, %v", b, err)
	}
	loadDocs(t, bs, docs[:2])

	if busy, err := bs.BulkLoading(ctx); err != nil || !busy {
		t.Errorf("BulkLoading during a bulk load: %v, %v; want true", busy, err)
	}
	other := openPG(t, bulkDSN, log)
	if !strings.Contains(logs.String(), "a bulk load is running") {
		t.Errorf("an open during a bulk load did not say it left the indexes to it:\n%s", logs.String())
	}
	if st := tableState(t, bulkDSN); !strings.Contains(st, "listed annals_label_index") || strings.Contains(st, "annals_label_index ON") {
		t.Errorf("an open during a bulk load made the label index:\n%s", st)
	}
	if b2, err := other.BeginBulk(ctx, log); err != nil || b2 != nil {
		t.Errorf("a second BeginBulk while one runs: %v, %v; want nil, nil", b2, err)
	}

	graph.AbandonBulk(b)
	logs.Reset()
	openPG(t, bulkDSN, log)
	if !strings.Contains(logs.String(), "a bulk load did not finish") {
		t.Errorf("the open after a killed bulk load did not log the rebuild:\n%s", logs.String())
	}
	if busy, err := bs.BulkLoading(ctx); err != nil || busy {
		t.Errorf("BulkLoading after the repair: %v, %v; want false", busy, err)
	}
	if got, want := tableState(t, bulkDSN), tableState(t, normalDSN); got != want {
		t.Errorf("after the repair the store holds\n%s\na normal load's holds\n%s", got, want)
	}
	if got, want := labelled(t, bs), labelled(t, ns); got != want {
		t.Errorf("repaired store answers\n%s\nnormally loaded one\n%s", got, want)
	}
}

// gatherDocs adds docs to a bulk load of s, as documents doc0, doc1, …, and checks
// that Add leaves each document's deltas in the order the store lays them out.
func gatherDocs(t *testing.T, s *graph.Store, b *graph.PGBulk, docs [][]cgraph.Delta) {
	t.Helper()
	for i, d := range docs {
		if err := b.Add(fmt.Sprintf("doc%d", i), d, nil); err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		qs := make([]quad.Quad, len(d))
		for j := range d {
			qs[j] = d[j].Quad
		}
		ordered := slices.Clone(qs)
		graph.WriteOrder(s, ordered)
		if !slices.Equal(qs, ordered) {
			t.Errorf("document %d: Add did not put its quads in the store's order", i)
		}
	}
}

// loadLog is the load log of the store at dsn: each row's document and quads added.
func loadLog(t *testing.T, dsn string) []string {
	t.Helper()
	rows, err := pgtest.Conn(t, dsn).Query(`SELECT coalesce(document, '') || ' ' || quads_added || ' ' || quads_removed FROM annals_loads ORDER BY generation`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		out = append(out, line)
	}
	return out
}

// TestPGBulkMatchesNormalLoad gathers documents and writes them in one transaction
// (PGBulk): the tables, their indexes and validated foreign keys, the load log and the
// answers must be those of the same documents loaded one transaction each, and the
// store must move by one generation that names every label.
func TestPGBulkMatchesNormalLoad(t *testing.T) {
	ctx := context.Background()
	bulkDSN, normalDSN := pgSchema(t, "bulk"), pgSchema(t, "normal")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	bs, ns := openPG(t, bulkDSN, log), openPG(t, normalDSN, log)
	docs := bulkDocs()[:2]
	before, err := bs.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}

	b, err := bs.BeginBulk(ctx, log)
	if err != nil || b == nil {
		t.Fatalf("BeginBulk on an empty store: %v, %v", b, err)
	}
	g := b.Gather(bs)
	gatherDocs(t, bs, g, docs)
	if st := tableState(t, bulkDSN); !strings.HasPrefix(st, "0 quads") {
		t.Errorf("gathering wrote to the store:\n%s", st)
	}
	n, err := g.Write(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(docs[0]) + len(docs[1]); n != want {
		t.Errorf("Write wrote %d quads, want %d", n, want)
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	loadDocs(t, ns, docs)

	if got, want := tableState(t, bulkDSN), tableState(t, normalDSN); got != want {
		t.Errorf("bulk write left\n%s\nnormal load left\n%s", got, want)
	}
	if got, want := labelled(t, bs, true), labelled(t, ns, true); got != want {
		t.Errorf("bulk-written store answers\n%s\nnormally loaded one\n%s", got, want)
	}
	if got, want := loadLog(t, bulkDSN), loadLog(t, normalDSN); !slices.Equal(got, want) {
		t.Errorf("load log of the bulk write %q, of the normal load %q", got, want)
	}
	ch, err := bs.ChangesSince(ctx, before.Generation)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.All || ch.To.Generation != before.Generation+1 || ch.To.ID != before.ID {
		t.Errorf("after the bulk write the store moved from %+v to %+v (all labels %v); want one generation naming every label", before, ch.To, ch.All)
	}
	checkRefs(t, pgtest.Conn(t, bulkDSN))
}

// TestPGBulkRepeatedQuad: a quad two documents state is written once, counted once
// in its values' references and in the load log of the first document; so too when
// another session's write makes the bulk load write the documents one by one.
func TestPGBulkRepeatedQuad(t *testing.T) {
	for _, meanwhile := range []bool{false, true} {
		t.Run(fmt.Sprintf("meanwhile=%v", meanwhile), func(t *testing.T) {
			ctx := context.Background()
			dsn := pgSchema(t, "bulk")
			s := openPG(t, dsn, nil)
			shared := quad.Make(quad.IRI("person1"), quad.IRI("name"), quad.String("Name 1"), nil)
			docs := [][]cgraph.Delta{
				adds(shared, quad.Make(quad.IRI("e1"), quad.IRI("mentions"), quad.IRI("person1"), quad.IRI("e1"))),
				adds(quad.Make(quad.IRI("e2"), quad.IRI("mentions"), quad.IRI("person1"), quad.IRI("e2")), shared),
			}
			b, err := s.BeginBulk(ctx, slog.New(slog.DiscardHandler))
			if err != nil || b == nil {
				t.Fatalf("BeginBulk: %v, %v", b, err)
			}
			g := b.Gather(s)
			gatherDocs(t, s, g, docs)
			want := []string{"doc0 2 0", "doc1 1 0"}
			if meanwhile {
				other := adds(quad.Make(quad.IRI("e3"), quad.IRI("mentions"), quad.IRI("person3"), quad.IRI("e3")))
				if err := openPG(t, dsn, nil).UpdateDocument(ctx, "other", func(context.Context) ([]cgraph.Delta, error) { return other, nil }); err != nil {
					t.Fatal(err)
				}
				want = append([]string{"other 1 0"}, want...)
			}
			if n, err := g.Write(ctx); err != nil || n != 3 {
				t.Errorf("Write = %d, %v; want 3 quads", n, err)
			}
			if err := b.Finish(ctx); err != nil {
				t.Fatal(err)
			}
			checkRefs(t, pgtest.Conn(t, dsn))
			if got := loadLog(t, dsn); !slices.Equal(got, want) {
				t.Errorf("load log %q, want %q", got, want)
			}
		})
	}
}

// TestPGBulkStoreWrittenMeanwhile: when another session wrote to the store after the
// bulk load began, the documents gathered are written one transaction each instead,
// and the store holds them all.
func TestPGBulkStoreWrittenMeanwhile(t *testing.T) {
	ctx := context.Background()
	dsn, normalDSN := pgSchema(t, "bulk"), pgSchema(t, "normal")
	log := slog.New(slog.DiscardHandler)
	s, other, ns := openPG(t, dsn, log), openPG(t, dsn, log), openPG(t, normalDSN, log)
	docs := bulkDocs()[:2]
	b, err := s.BeginBulk(ctx, log)
	if err != nil || b == nil {
		t.Fatalf("BeginBulk: %v, %v", b, err)
	}
	g := b.Gather(s)
	gatherDocs(t, s, g, docs[:1])
	loadDocs(t, other, [][]cgraph.Delta{nil, docs[1]}) // doc1, by another session
	if n, err := g.Write(ctx); err != nil || n != len(docs[0]) {
		t.Errorf("Write = %d, %v; want %d quads", n, err, len(docs[0]))
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	loadDocs(t, ns, docs)
	if got, want := tableState(t, dsn), tableState(t, normalDSN); got != want {
		t.Errorf("store written meanwhile holds\n%s\nnormal load\n%s", got, want)
	}
	if got := loadLog(t, dsn); !slices.Equal(got, []string{fmt.Sprintf("doc1 %d 0", len(docs[1])), fmt.Sprintf("doc0 %d 0", len(docs[0]))}) {
		t.Errorf("load log %q: want doc1's transaction, then doc0's", got)
	}
}

// TestPGBulkTablesBusy: when a reader holds the quads table for longer than the write
// waits, the documents gathered are written one transaction each instead of failing.
func TestPGBulkTablesBusy(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the lock timeout")
	}
	ctx := context.Background()
	dsn := pgSchema(t, "bulk")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	s := openPG(t, dsn, log)
	docs := bulkDocs()[:2]
	b, err := s.BeginBulk(ctx, log)
	if err != nil || b == nil {
		t.Fatalf("BeginBulk: %v, %v", b, err)
	}
	g := b.Gather(s)
	gatherDocs(t, s, g, docs)
	reader, err := pgtest.Conn(t, dsn).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := reader.ExecContext(ctx, `BEGIN`); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.ExecContext(ctx, `SELECT count(*) FROM quads`); err != nil { // holds ACCESS SHARE
		t.Fatal(err)
	}
	n, err := g.Write(ctx)
	if _, err := reader.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if err != nil || n != len(docs[0])+len(docs[1]) {
		t.Fatalf("Write = %d, %v; want %d quads", n, err, len(docs[0])+len(docs[1]))
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "busy with reads") {
		t.Errorf("no log line says why the documents were not copied at once:\n%s", logs.String())
	}
	if got := loadLog(t, dsn); len(got) != 2 {
		t.Errorf("load log %q: want one transaction a document", got)
	}
	checkRefs(t, pgtest.Conn(t, dsn))
}
