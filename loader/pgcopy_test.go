package loader_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"

	"annals/extract"
	"annals/graph"
	"annals/internal/pgtest"
	"annals/loader"
)

// TestPostgresCopyLoadMatchesCayley loads a real document through annals' writer (COPY
// into staging tables, then set-based inserts) and the same quads through Cayley's own
// PostgreSQL writer (a statement per value and per quad), each into a schema of its
// own, and requires the same rows in nodes and quads, the same values read back, a load
// log entry for the load, and nothing written by loading the document again.
func TestPostgresCopyLoadMatchesCayley(t *testing.T) {
	dsn := pgtest.DSN()
	if dsn == "" {
		t.Skip("ANNALS_TEST_POSTGRES is not set (scripts/postgres.sh run go test ...)")
	}
	ctx := context.Background()
	oursDSN := pgtest.SchemaFor(t, dsn, "copy_ours")
	theirsDSN := pgtest.SchemaFor(t, dsn, "copy_cayley")

	path := filepath.Join("..", "examples", "baltic-coast-2021.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	source := filepath.Base(path)
	doc, err := x.Extract(f, extract.Options{Source: source})
	if err != nil {
		t.Fatal(err)
	}

	ours, err := graph.Open(ctx, graph.Config{Kind: graph.KindPostgres, Addr: oursDSN})
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	sum, err := loader.LoadDocument(ctx, ours, source, doc.Records)
	if err != nil {
		t.Fatal(err)
	}

	if err := cgraph.InitQuadStore("postgres", theirsDSN, nil); err != nil {
		t.Fatal(err)
	}
	theirs, err := cgraph.NewQuadStore("postgres", theirsDSN, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	qs := loader.Quads(source, doc.Records)
	deltas := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
	}
	if err := theirs.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		t.Fatalf("Cayley's writer: %v", err)
	}
	if sum.QuadsAdded != len(qs) {
		t.Fatalf("LoadDocument added %d quads, Cayley's writer %d", sum.QuadsAdded, len(qs))
	}

	oursDB, theirsDB := pgtest.Conn(t, oursDSN), pgtest.Conn(t, theirsDSN)
	want := tableRows(t, theirsDB)
	if got := tableRows(t, oursDB); got != want {
		t.Fatalf("tables differ from Cayley's writer's (%d against %d bytes)", len(got), len(want))
	}

	// Every value reads back as Cayley reads it, from the cache WarmValues fills too.
	if err := ours.WarmValues(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := theirsDB.Query(`SELECT hash FROM nodes`)
	if err != nil {
		t.Fatal(err)
	}
	var values int
	for rows.Next() {
		var h csql.NodeHash
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		got, err1 := ours.NameOf(h)
		want, err2 := theirs.NameOf(h)
		if err1 != nil || err2 != nil || !quadValuesEqual(got, want) {
			t.Errorf("value %x: ours %#v (%v), Cayley's %#v (%v)", h.ValueHash[:], got, err1, want, err2)
		}
		values++
	}
	rows.Close()
	if values == 0 {
		t.Fatal("no values in Cayley's store")
	}

	// The load log has the load, and a reload that changes nothing writes nothing.
	checkLoadLog := func(wantGen int64) {
		t.Helper()
		gen, err := ours.LoadGeneration(ctx)
		if err != nil || gen != wantGen {
			t.Fatalf("LoadGeneration = %d (%v), want %d", gen, err, wantGen)
		}
		var docName string
		var added int
		if err := oursDB.QueryRow(`SELECT document, quads_added FROM annals_loads ORDER BY generation DESC LIMIT 1`).Scan(&docName, &added); err != nil {
			t.Fatal(err)
		}
		if docName != source || added != len(qs) {
			t.Errorf("load log: %q, %d quads added; want %q, %d", docName, added, source, len(qs))
		}
	}
	checkLoadLog(1)
	again, err := loader.LoadDocument(ctx, ours, source, doc.Records)
	if err != nil || again.QuadsAdded != 0 || again.QuadsRemoved != 0 {
		t.Fatalf("reload: %+v, %v; want nothing added or removed", again, err)
	}
	if got := tableRows(t, oursDB); got != want {
		t.Error("reloading the same document changed the tables")
	}
	checkLoadLog(1)
}

func quadValuesEqual(a, b quad.Value) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.String() == b.String()
}

// tableRows is the content of Cayley's tables (pgtest.Tables); both must have rows.
func tableRows(t *testing.T, db *sql.DB) string {
	t.Helper()
	text, rows := pgtest.Tables(t, db)
	if rows[0] == 0 || rows[1] == 0 {
		t.Fatalf("no rows: %d values, %d quads", rows[0], rows[1])
	}
	return text
}
