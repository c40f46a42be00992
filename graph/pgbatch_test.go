package graph_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	_ "github.com/lib/pq"

	"annals/graph"
	"annals/internal/pgtest"
)

// pgSchema creates a schema of its own for one test on the server of ANNALS_TEST_POSTGRES
// (the test is skipped without one) and returns a DSN whose search_path is it.
func pgSchema(t *testing.T, suffix string) string {
	t.Helper()
	return pgtest.SchemaFor(t, pgtest.Require(t), "pgbatch_"+t.Name()+"_"+suffix)
}

// checkRefs fails the test unless every value's reference count is the number of quad
// directions that name it, and no value is left that no quad names.
func checkRefs(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`
		SELECT encode(n.hash, 'hex'), n.refs, coalesce(u.uses, 0) FROM nodes n
		LEFT JOIN (SELECT h, count(*) AS uses FROM (
			SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
			UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL
		) AS a GROUP BY h) AS u ON u.h = n.hash
		WHERE n.refs <> coalesce(u.uses, 0)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		var refs, uses int
		if err := rows.Scan(&h, &refs, &uses); err != nil {
			t.Fatal(err)
		}
		t.Errorf("value %s: refs %d, named by %d quad directions", h, refs, uses)
	}
}

func adds(qs ...quad.Quad) []cgraph.Delta    { return deltas(cgraph.Add, qs) }
func removes(qs ...quad.Quad) []cgraph.Delta { return deltas(cgraph.Delete, qs) }

func deltas(a cgraph.Procedure, qs []quad.Quad) []cgraph.Delta {
	out := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		out[i] = cgraph.Delta{Quad: q, Action: a}
	}
	return out
}

// TestPostgresBatchedWriterMatchesCayley applies the same transactions through annals'
// postgres store and through Cayley's own postgres writer, each in a schema of its own,
// and compares the tables after every step. Cayley runs a transaction's inserts before
// its deletes, so a step that removes and re-adds a quad is given to it as two
// transactions, deletes first: the result annals must reach in one.
func TestPostgresBatchedWriterMatchesCayley(t *testing.T) {
	ctx := context.Background()
	oursDSN, theirsDSN := pgSchema(t, "ours"), pgSchema(t, "cayley")
	ours, err := graph.Open(ctx, graph.Config{Kind: graph.KindPostgres, Addr: oursDSN})
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	if err := cgraph.InitQuadStore("postgres", theirsDSN, nil); err != nil {
		t.Fatal(err)
	}
	theirs, err := cgraph.NewQuadStore("postgres", theirsDSN, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	oursDB, theirsDB := pgtest.Conn(t, oursDSN), pgtest.Conn(t, theirsDSN)

	var (
		e1, e2, e3 = graph.EntryIRI("a.txt", 1), graph.EntryIRI("a.txt", 3), graph.EntryIRI("b.txt", 7)
		ev         = quad.IRI("https://example.org/event/1")
		alice      = quad.IRI("https://example.org/person/alice")
		bob        = quad.IRI("https://example.org/person/bob")
		when       = quad.Time(time.Date(2023, 3, 4, 5, 6, 7, 0, time.UTC))
	)
	attends := quad.Make(alice, graph.Attendee, ev, e1)
	attendsAgain := quad.Make(alice, graph.Attendee, ev, e3) // the same fact, another entry
	first := []quad.Quad{
		attends, attendsAgain,
		quad.Make(ev, graph.Attendee, bob, e1),
		quad.Make(alice, graph.Name, quad.String("Alice \u00e9 with a NUL \x00 byte"), e1),
		quad.Make(ev, graph.StartDate, when, e1),
		quad.Make(ev, graph.Line, quad.Int(42), e1),
		quad.Make(ev, graph.Latitude, quad.Float(35.7), e1),
		quad.Make(bob, graph.Legislator, quad.Bool(true), e2),
		quad.Make(bob, graph.Name, quad.LangString{Value: "Bob", Lang: "en"}, e2),
		quad.Make(bob, graph.JobTitle, quad.TypedString{Value: "x", Type: "https://example.org/type"}, e2),
		quad.Make(quad.BNode("b1"), graph.Name, quad.String("blank"), nil), // unlabelled
		quad.Make(bob, graph.Name, quad.String("Bob"), nil),
	}
	onlyE2 := []quad.Quad{first[7], first[8], first[9]}
	steps := []struct {
		name   string
		opts   cgraph.IgnoreOpts
		ours   []cgraph.Delta
		theirs [][]cgraph.Delta // nil: the same as ours, in one transaction
	}{
		{name: "first load", ours: adds(first...)},
		{name: "one of two labels removed, new facts on old values",
			ours: append(removes(attendsAgain), adds(quad.Make(bob, graph.Attendee, ev, e3), quad.Make(ev, graph.Name, quad.String("Bob"), e3))...)},
		{name: "an entry's quads removed", ours: removes(onlyE2...)},
		{name: "re-added", ours: adds(onlyE2...)},
		{name: "unlabelled quad removed", ours: removes(first[10])},
		{name: "removed and re-added in one transaction",
			ours:   append(removes(attends, first[11]), adds(attends, first[11], attendsAgain)...),
			theirs: [][]cgraph.Delta{removes(attends, first[11]), adds(attends, first[11], attendsAgain)}},
		{name: "everything removed", ours: removes(append(append([]quad.Quad{}, first[:10]...), first[11],
			quad.Make(bob, graph.Attendee, ev, e3), quad.Make(ev, graph.Name, quad.String("Bob"), e3))...)},
		{name: "loaded again", ours: adds(first...)},
	}
	for _, st := range steps {
		if err := ours.QuadStore.ApplyDeltas(st.ours, st.opts); err != nil {
			t.Fatalf("%s: ours: %v", st.name, err)
		}
		txs := st.theirs
		if txs == nil {
			txs = [][]cgraph.Delta{st.ours}
		}
		for _, tx := range txs {
			if err := theirs.ApplyDeltas(tx, st.opts); err != nil {
				t.Fatalf("%s: Cayley: %v", st.name, err)
			}
		}
		got, want := tablesOf(t, oursDB), tablesOf(t, theirsDB)
		if got != want {
			t.Fatalf("%s: tables differ\nours:\n%s\nCayley's:\n%s", st.name, got, want)
		}
		checkRefs(t, oursDB)
		n, err := ours.QuadCount(ctx)
		wantN, _ := theirs.Stats(ctx, true)
		if err != nil || n != wantN.Quads.Value {
			t.Fatalf("%s: QuadCount %d (%v), want %d", st.name, n, err, wantN.Quads.Value)
		}
	}
	// The store reads what it wrote through Cayley's iterators.
	got, err := ours.QuadsLabelled(ctx, e1)
	if err != nil || len(got) != 6 {
		t.Errorf("QuadsLabelled(e1) = %d quads (%v), want 6", len(got), err)
	}
}

// TestPostgresBatchedWriterErrors checks that a transaction that adds a quad that is
// there, or removes one that is not, fails whole, and that with IgnoreDup and
// IgnoreMissing the counts stay exact (Cayley's writer counts a skipped duplicate).
func TestPostgresBatchedWriterErrors(t *testing.T) {
	ctx := context.Background()
	dsn := pgSchema(t, "s")
	s, err := graph.Open(ctx, graph.Config{Kind: graph.KindPostgres, Addr: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := pgtest.Conn(t, dsn)
	e := graph.EntryIRI("a.txt", 1)
	q1 := quad.Make(quad.IRI("s1"), graph.Name, quad.String("one"), e)
	q2 := quad.Make(quad.IRI("s2"), graph.Name, quad.String("two"), e)
	q3 := quad.Make(quad.IRI("s3"), graph.Name, quad.String("three"), e)
	if err := s.QuadStore.ApplyDeltas(adds(q1, q2), cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	before := tablesOf(t, db)

	tests := []struct {
		name   string
		deltas []cgraph.Delta
		want   error
	}{
		{"add an existing quad", append(adds(q3), adds(q1)...), cgraph.ErrQuadExists},
		{"add a quad twice", adds(q3, q3), cgraph.ErrQuadExists},
		{"remove a missing quad", append(removes(q1), removes(q3)...), cgraph.ErrQuadNotExist},
		{"remove a quad twice", removes(q1, q1), cgraph.ErrQuadNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.QuadStore.ApplyDeltas(tt.deltas, cgraph.IgnoreOpts{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("ApplyDeltas: %v, want %v", err, tt.want)
			}
			if after := tablesOf(t, db); after != before {
				t.Errorf("a failed transaction changed the tables:\n%s\nwas:\n%s", after, before)
			}
		})
	}

	ignore := cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	if err := s.QuadStore.ApplyDeltas(append(adds(q1, q3, q3), removes(q3, q2, q2)...), ignore); err != nil {
		t.Fatalf("with IgnoreDup and IgnoreMissing: %v", err)
	}
	checkRefs(t, db)
	if n, _ := s.QuadCount(ctx); n != 2 { // q1 kept, q2 removed, q3 removed then added
		t.Errorf("%d quads, want 2", n)
	}
	// Cayley's bulk writer skips what is there; the counts stay exact.
	qw, err := s.QuadStore.NewQuadWriter()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := qw.WriteQuads([]quad.Quad{q1, q2, q2}); err != nil || n != 3 {
		t.Fatalf("QuadWriter.WriteQuads: %d, %v", n, err)
	}
	checkRefs(t, db)
	if n, _ := s.QuadCount(ctx); n != 3 {
		t.Errorf("%d quads after the QuadWriter, want 3", n)
	}
	if err := s.QuadStore.ApplyDeltas(removes(q1, q2, q3), cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	checkRefs(t, db)
	var nodes int
	if err := db.QueryRow(`SELECT count(*) FROM nodes`).Scan(&nodes); err != nil || nodes != 0 {
		t.Errorf("%d values left in an empty store (%v), want 0", nodes, err)
	}
}

// TestPostgresBatchedWriterLargeTransaction writes more quads in one transaction than
// one statement can bind (65,535 parameters), then removes them all.
func TestPostgresBatchedWriterLargeTransaction(t *testing.T) {
	ctx := context.Background()
	dsn := pgSchema(t, "s")
	s, err := graph.Open(ctx, graph.Config{Kind: graph.KindPostgres, Addr: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 20000
	qs := make([]quad.Quad, n)
	for i := range qs {
		qs[i] = quad.Make(quad.IRI(fmt.Sprintf("s%d", i%7000)), graph.Name, quad.String(fmt.Sprintf("v%d", i)), graph.EntryIRI("big.txt", i%300))
	}
	if err := s.QuadStore.ApplyDeltas(adds(qs...), cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.QuadCount(ctx); err != nil || got != n {
		t.Fatalf("%d quads (%v), want %d", got, err, n)
	}
	db := pgtest.Conn(t, dsn)
	checkRefs(t, db)
	if err := s.QuadStore.ApplyDeltas(removes(qs...), cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	var nodes, quads int
	db.QueryRow(`SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM quads)`).Scan(&nodes, &quads)
	if nodes != 0 || quads != 0 {
		t.Errorf("after removing every quad: %d values, %d quads, want none", nodes, quads)
	}
}

func tablesOf(t *testing.T, db *sql.DB) string {
	text, _ := pgtest.Tables(t, db)
	return text
}
