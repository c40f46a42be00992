package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"annals/graph"
	"annals/internal/pgtest"
	"annals/queries"
)

// bolt is the configuration of the bolt store at path.
func bolt(path string) graph.Config { return graph.Config{Kind: graph.KindBolt, Addr: path} }

// storeArgs are the flags of annals load that choose the store of cfg.
func storeArgs(cfg graph.Config) []string { return []string{"--store", cfg.Kind, "--db", cfg.Addr} }

// storeQuads is every quad of the store of cfg, as sorted N-Quads.
func storeQuads(t *testing.T, cfg graph.Config) []string {
	t.Helper()
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	qq := allQuads(t, s)
	out := make([]string, len(qq))
	for i, q := range qq {
		out[i] = q.NQuad()
	}
	slices.Sort(out)
	return out
}

// checkLoadedStore checks that the store of cfg holds every document of docs in the
// version chosen, and that its index file describes it as an index built from the
// store does, without a scan.
func checkLoadedStore(t *testing.T, cfg graph.Config, docs []*versionedDoc, chosen []int, step string) {
	t.Helper()
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, st := range checkDocuments(t, s, docs) {
		if int(st) != chosen[i] {
			t.Errorf("%s: document %d is in state %d, want version %d", step, i, st, chosen[i])
		}
	}
	checkIndexAfterKill(t, s, queries.IndexFile(s), 2)
}

// TestBulkLoadBolt: a load into a new bolt store is a bulk load, and it leaves the
// quads a load by transactions (--bulk=false) leaves, with an index file that needs no
// scan; the store then takes a reload of edited documents as the other store does.
func TestBulkLoadBolt(t *testing.T) {
	testBulkLoad(t, bolt(filepath.Join(t.TempDir(), "bulk.db")), bolt(filepath.Join(t.TempDir(), "tx.db")))
}

// TestBulkLoadPostgres is TestBulkLoadBolt on PostgreSQL: the documents gathered and
// copied in one transaction (PGBulk) leave what documents loaded one transaction each
// leave.
func TestBulkLoadPostgres(t *testing.T) {
	dsn := pgtest.Require(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the index files
	bulk := graph.Config{Kind: graph.KindPostgres, Addr: pgtest.SchemaFor(t, dsn, fmt.Sprintf("bulk_%d", os.Getpid()))}
	tx := graph.Config{Kind: graph.KindPostgres, Addr: pgtest.SchemaFor(t, dsn, fmt.Sprintf("tx_%d", os.Getpid()))}
	testBulkLoad(t, bulk, tx)
	checkQuadsSchema(t, bulk.Addr)
}

// testBulkLoad loads the same files into the empty stores bulk (in bulk) and tx (with
// --bulk=false), then edited versions of some into both (not in bulk: the stores are
// no longer empty), and checks the stores hold the same quads and the bulk-loaded one
// an index file that describes it.
func testBulkLoad(t *testing.T, bulk, tx graph.Config) {
	docs := newVersionedDocs(t, 4, 60, 9100)
	for round, chosen := range [][]int{{0, 0, 0, 0}, {1, 0, 1, 0}} {
		files := writeVersions(t, t.TempDir(), docs, chosen)
		_, bulkLog, err := runLoadCmd(t, append(storeArgs(bulk), files...)...)
		if err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, bulkLog)
		}
		if written := strings.Contains(bulkLog, "bulk load: written"); written != (round == 0) {
			t.Errorf("round %d: documents gathered and written at once %v, want %v (only into the empty store)", round, written, round == 0)
		}
		if _, txLog, err := runLoadCmd(t, append(append(storeArgs(tx), "--bulk=false"), files...)...); err != nil {
			t.Fatal(err)
		} else if strings.Contains(txLog, "bulk load") {
			t.Errorf("round %d: --bulk=false loaded in bulk", round)
		}
		if b, x := storeQuads(t, bulk), storeQuads(t, tx); !slices.Equal(b, x) {
			t.Fatalf("round %d: the bulk-loaded store holds %d quads, the other %d", round, len(b), len(x))
		}
		if bulk.Kind == graph.KindPostgres {
			// the rows too: the values' reference counts
			b, bn := pgtest.Tables(t, pgtest.Conn(t, bulk.Addr))
			x, xn := pgtest.Tables(t, pgtest.Conn(t, tx.Addr))
			if b != x {
				t.Fatalf("round %d: the tables differ: bulk %v rows, other %v", round, bn, xn)
			}
		}
		checkLoadedStore(t, bulk, docs, chosen, fmt.Sprintf("round %d", round))
	}
}

// TestBulkLoadRepeatedDocument: a file that names a document the bulk holds already
// ends the bulk: the first is written in bulk, the second replaces it as a reload does.
func TestBulkLoadRepeatedDocument(t *testing.T) {
	docs := newVersionedDocs(t, 4, 40, 9300) // two a file
	first := writeVersions(t, t.TempDir(), docs, []int{0, 0, 0, 0})
	second := writeVersions(t, t.TempDir(), docs, []int{1, 1, 1, 1})
	db := filepath.Join(t.TempDir(), "x.db")
	_, logs, err := runLoadCmd(t, "--db", db, first[0], first[1], second[1])
	if err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	if !strings.Contains(logs, "bulk load: written") {
		t.Error("the load into a new store was not a bulk load")
	}
	checkLoadedStore(t, bolt(db), docs, []int{0, 0, 1, 1}, "after the repeat")
}

// TestBulkLoadKilledBolt kills `annals load` into a new bolt store while the bulk is
// being written, at random points: the next open finds the store either whole (every
// document) or empty, removes the bulk's unfinished file, and a load then fills it.
func TestBulkLoadKilledBolt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills loads")
	}
	bin := annalsBinary(t)
	docs := newVersionedDocs(t, 6, 200, 9500)
	zero := make([]int, len(docs))
	files := writeVersions(t, t.TempDir(), docs, zero)
	rng := rand.New(rand.NewPCG(crashSeed(t), 0xb01))
	// the write's duration, from a load that is not killed
	took := runBulkAndKill(t, bin, []string{"--db", filepath.Join(t.TempDir(), "x.db")}, files, -1)
	if took <= 0 {
		t.Fatal("the first load was not a bulk load")
	}
	var partial, whole, empty int
	for round := range 10 {
		db := filepath.Join(t.TempDir(), "x.db")
		delay := time.Duration(rng.Int64N(int64(took)))
		runBulkAndKill(t, bin, []string{"--db", db}, files, delay)
		_, err := os.Stat(graph.BulkFile(db))
		left := err == nil
		present, logs := reopenAfterKill(t, bolt(db), docs, round)
		removed := strings.Contains(logs, "did not finish")
		if _, err := os.Stat(graph.BulkFile(db)); left && (!removed || err == nil) {
			t.Errorf("round %d: the bulk's unfinished file was not removed (logged: %v)", round, removed)
		}
		switch present {
		case 0:
			empty++
			if left {
				partial++
			}
		case len(docs):
			whole++
		default:
			t.Fatalf("round %d (killed %s into the write): %d of %d documents present", round, delay, present, len(docs))
		}
		if round == 0 || present == 0 && left && partial == 1 {
			// the store left is a new one: a load fills it, in bulk again
			if runBulkAndKill(t, bin, []string{"--db", db}, files, -1) <= 0 {
				t.Errorf("round %d: the load after the kill was not a bulk load", round)
			}
			checkLoadedStore(t, bolt(db), docs, zero, fmt.Sprintf("round %d, loaded again", round))
		}
	}
	t.Logf("write of %s; %d kills left the store whole, %d empty, of which %d left a partly written file", took, whole, empty, partial)
	if partial == 0 {
		t.Error("no kill fell while the bulk's file was written")
	}
}

// TestBulkLoadKilledPostgresWrite kills `annals load` into an empty PostgreSQL store at
// random points of the write of the documents it gathered: the next open finds every
// document or none (the write is one transaction), rebuilds what the bulk load
// dropped, and the store ends with its whole schema.
func TestBulkLoadKilledPostgresWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills loads")
	}
	dsn := pgtest.Require(t)
	bin := annalsBinary(t) // before the cache moves: go build's is there too
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	docs := newVersionedDocs(t, 6, 200, 9700)
	files := writeVersions(t, t.TempDir(), docs, make([]int, len(docs)))
	rng := rand.New(rand.NewPCG(crashSeed(t), 0x96))
	schema := func(round int) graph.Config {
		return graph.Config{Kind: graph.KindPostgres, Addr: pgtest.SchemaFor(t, dsn, fmt.Sprintf("bulkkill_%d_%d", os.Getpid(), round))}
	}
	took := runBulkAndKill(t, bin, storeArgs(schema(-1)), files, -1)
	if took <= 0 {
		t.Fatal("the first load did not write its documents at once")
	}
	var whole, empty int
	for round := range 6 {
		cfg := schema(round)
		// up to half the write again: some kills fall after its commit, while the
		// indexes are rebuilt
		delay := time.Duration(rng.Int64N(int64(took) * 3 / 2))
		runBulkAndKill(t, bin, storeArgs(cfg), files, delay)
		present, logs := reopenAfterKill(t, cfg, docs, round)
		if present == 0 && !strings.Contains(logs, "a bulk load did not finish") {
			// killed before the write's commit: what the load dropped is still listed
			t.Errorf("round %d: the open after the kill did not log that it builds what the load dropped:\n%s", round, logs)
		}
		switch present {
		case 0:
			empty++
		case len(docs):
			whole++
		default:
			t.Fatalf("round %d (killed %s into the write): %d of %d documents present", round, delay, present, len(docs))
		}
		checkQuadsSchema(t, cfg.Addr)
	}
	t.Logf("write of %s; %d kills left the store whole, %d empty", took, whole, empty)
	if empty == 0 {
		t.Error("no kill fell before the write's commit")
	}
}

// reopenAfterKill opens the store of cfg after a load was killed, and returns how many
// of docs it holds (each whole or absent, or the test fails) and what the open logged.
func reopenAfterKill(t *testing.T, cfg graph.Config, docs []*versionedDoc, round int) (int, string) {
	t.Helper()
	var logs strings.Builder
	cfg.Log = slog.New(slog.NewTextHandler(&logs, nil))
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer s.Close()
	present := 0
	for _, st := range checkDocuments(t, s, docs) {
		if st != absent {
			present++
		}
	}
	return present, logs.String()
}

var bulkWrittenRE = regexp.MustCompile(`"msg":"bulk load: store written".*"elapsed":"([^"]+)"`)

// runBulkAndKill runs `annals load` with the store flags store on files and kills it
// with SIGKILL delay after it logs that it writes the bulk (delay < 0: never).
// Unkilled, it returns how long the write took (0 when it loaded no bulk).
func runBulkAndKill(t *testing.T, bin string, store, files []string, delay time.Duration) time.Duration {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"load"}, store...), files...)...)
	cmd.Dir = t.TempDir()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		took   time.Duration
		killed bool
		logs   strings.Builder
	)
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		logs.WriteString(line + "\n")
		if m := bulkWrittenRE.FindStringSubmatch(line); m != nil {
			took, _ = time.ParseDuration(m[1])
		}
		if delay >= 0 && !killed && strings.Contains(line, `"msg":"bulk load: writing the store"`) {
			time.Sleep(delay)
			killed = cmd.Process.Signal(syscall.SIGKILL) == nil
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case killed && errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL:
	default:
		t.Fatalf("annals load: %v\n%s", err, logs.String())
	}
	return took
}
