package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"annals/internal/pgtest"
)

// refsMismatchSQL counts the values whose reference count differs from the number of
// quad positions naming them (orphan rows and missing rows included).
const refsMismatchSQL = `WITH c AS (
  SELECT h, count(*) AS n FROM (
    SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
    UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL) x
  GROUP BY h)
SELECT count(*) FROM nodes FULL JOIN c ON c.h = nodes.hash WHERE nodes.refs IS DISTINCT FROM c.n`

// TestLoadJobsPostgres loads documents three at a time into PostgreSQL and one at a
// time into another schema: the same quads, every value's reference count exact, and
// a reload by three jobs changes nothing.
func TestLoadJobsPostgres(t *testing.T) {
	dsn := pgtest.DSN()
	if dsn == "" {
		t.Skip(pgtest.EnvDSN + " is not set")
	}
	dir := t.TempDir()
	if _, err := annalsEvalRun(t, "gen", "--entries", "1800", "--documents", "6", "-q", "-o", filepath.Join(dir, "chron.txt")); err != nil {
		t.Fatal(err)
	}
	texts, _ := filepath.Glob(filepath.Join(dir, "chron-*.txt"))
	if _, err := annalsEvalRun(t, append([]string{"extract", "--output-dir", filepath.Join(dir, "rec")}, texts...)...); err != nil {
		t.Fatal(err)
	}
	recs, _ := filepath.Glob(filepath.Join(dir, "rec", "*.jsonl"))
	parallel := pgtest.SchemaFor(t, dsn, t.Name()+"_jobs3")
	serial := pgtest.SchemaFor(t, dsn, t.Name()+"_jobs1")
	out, stderr, err := runLoadCmd(t, append([]string{"--store", "postgres", "--db", parallel, "--jobs", "3"}, recs...)...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	got := loadSummary(t, out)
	out, _, err = runLoadCmd(t, append([]string{"--store", "postgres", "--db", serial}, recs...)...)
	if err != nil {
		t.Fatal(err)
	}
	want := loadSummary(t, out)
	if got[0] != "6" || got[1] != "1800" || got[3] != want[3] {
		t.Errorf("--jobs 3: %v; one at a time: %v", got, want)
	}
	count := func(addr, q string) int {
		t.Helper()
		db, err := sql.Open("postgres", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for _, addr := range []string{parallel, serial} {
		if n := count(addr, refsMismatchSQL); n != 0 {
			t.Errorf("%s: %d values with a wrong reference count", addr, n)
		}
	}
	// The same quads in both schemas.
	schemaOf := func(addr string) string { return addr[strings.LastIndex(addr, "=")+1:] }
	diff := "SELECT count(*) FROM (SELECT subject_hash, predicate_hash, object_hash, label_hash FROM " + schemaOf(parallel) +
		".quads EXCEPT SELECT subject_hash, predicate_hash, object_hash, label_hash FROM " + schemaOf(serial) + ".quads) d"
	if n := count(parallel, diff); n != 0 {
		t.Errorf("%d quads loaded by --jobs 3 that one job did not load", n)
	}
	out, _, err = runLoadCmd(t, append([]string{"--store", "postgres", "--db", parallel, "--jobs", "3"}, recs...)...)
	if err != nil {
		t.Fatal(err)
	}
	if again := loadSummary(t, out); again[3] != "0" || again[4] != "0" {
		t.Errorf("reload by three jobs changed quads: %v", again)
	}
	// The embedded store has one writer.
	if _, _, err := runLoadCmd(t, "--db", filepath.Join(dir, "kg.db"), "--jobs", "2", recs[0]); err == nil ||
		!strings.Contains(err.Error(), "one writer") {
		t.Errorf("bolt --jobs 2: %v", err)
	}
}
