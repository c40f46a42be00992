package graph_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"annals/graph"
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
// naming a person: queries that use the label and object indexes.
func labelled(t *testing.T, s *graph.Store) string {
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
