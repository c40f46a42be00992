package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"annals/graph"
	"annals/internal/pgtest"
	"annals/queries"

	_ "github.com/lib/pq"
)

// crashSeed seeds the kill points; ANNALS_CRASH_SEED replays another run's.
func crashSeed(t *testing.T) uint64 {
	seed := uint64(20231125)
	if v := os.Getenv("ANNALS_CRASH_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("ANNALS_CRASH_SEED=%q: %v", v, err)
		}
		seed = n
	}
	t.Logf("seed %d (set ANNALS_CRASH_SEED to replay)", seed)
	return seed
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// TestMain removes the binary annalsBinary built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// annalsBinary builds the annals binary once per test process.
func annalsBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "annals-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "annals")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// crashConfig sizes a crash test for one store.
type crashConfig struct {
	kind, addr string
	docs       int // documents, two a file
	entries    int // entries a document
	rounds     int // loads killed
	maxDelay   time.Duration
	args       []string // given to every load
}

func TestLoadKilledLeavesWholeDocumentsBolt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills loads")
	}
	// Transaction by transaction: a bulk load into the new store (TestBulkLoadKilledBolt)
	// would leave it empty at each kill until one finishes.
	testLoadKilled(t, crashConfig{kind: graph.KindBolt, addr: filepath.Join(t.TempDir(), "x.db"),
		docs: 12, entries: 60, rounds: 12, maxDelay: 300 * time.Millisecond, args: []string{"--bulk=false"}})
}

func TestLoadKilledLeavesWholeDocumentsPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills loads")
	}
	dsn := pgtest.Require(t)
	testLoadKilled(t, crashConfig{kind: graph.KindPostgres, addr: crashSchema(t, dsn),
		docs: 10, entries: 60, rounds: 8, maxDelay: 300 * time.Millisecond})
}

// testLoadKilled runs `annals load` over documents in two versions, each round with a
// random version of each document in a random file order, and kills it with SIGKILL
// at a random point: after a random number of files have been reported loaded, and a
// random delay. After each kill the store must hold every document either in full (in
// one of its versions) or not at all. A last load runs to the end and must leave every
// document in the version it loaded.
func testLoadKilled(t *testing.T, cfg crashConfig) {
	bin := annalsBinary(t)
	rng := rand.New(rand.NewPCG(crashSeed(t), 0xdead))
	docs := newVersionedDocs(t, cfg.docs, cfg.entries, 7000)
	var killed, finished, seenPartial int
	indexFile := filepath.Join(t.TempDir(), "annals.index") // kept across rounds, as by a server restarted after each
	for round := 1; round <= cfg.rounds+1; round++ {
		last := round == cfg.rounds+1
		chosen := make([]int, len(docs))
		for i := range chosen {
			chosen[i] = rng.IntN(2)
		}
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("round-%d", round))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		files := writeVersions(t, dir, docs, chosen)
		rng.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
		afterFiles, delay := rng.IntN(len(files)), time.Duration(rng.Int64N(int64(cfg.maxDelay)))
		if last {
			afterFiles = -1
		}
		wasKilled := runAndKill(t, bin, cfg, files, afterFiles, delay)
		if wasKilled {
			killed++
		} else {
			finished++
		}
		s, err := graph.Open(context.Background(), graph.Config{Kind: cfg.kind, Addr: cfg.addr})
		if err != nil {
			t.Fatalf("round %d: reopen the store: %v", round, err)
		}
		states := checkDocuments(t, s, docs)
		checkIndexAfterKill(t, s, indexFile, round)
		s.Close()
		var present, current int
		for i, st := range states {
			if st != absent {
				present++
			}
			if int(st) == chosen[i] {
				current++
			}
		}
		if current != 0 && current != len(docs) && wasKilled {
			seenPartial++ // the kill fell between documents of this round
		}
		t.Logf("round %d: killed %v after %d files + %s: %d of %d documents present, %d in this round's version",
			round, wasKilled, afterFiles, delay.Round(time.Millisecond), present, len(docs), current)
		if t.Failed() {
			t.Fatalf("round %d left a partial document", round)
		}
		if !wasKilled && current != len(docs) {
			t.Fatalf("round %d: the load finished but only %d of %d documents are in the version it loaded", round, current, len(docs))
		}
	}
	t.Logf("%d loads killed, %d finished, %d kills between this round's first and last document", killed, finished, seenPartial)
	if killed == 0 {
		t.Error("no load was killed: the documents load faster than the kill points")
	}
	if cfg.kind == graph.KindPostgres {
		checkQuadsSchema(t, cfg.addr)
	}
}

// TestBulkLoadKilledPostgres kills `annals load` into an empty PostgreSQL store, a bulk
// load, after its first documents: the next open must log that it rebuilds what the
// load dropped, leave every document whole or absent, and end with the full schema.
func TestBulkLoadKilledPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills a load")
	}
	dsn := pgtest.Require(t)
	cfg := crashConfig{kind: graph.KindPostgres, addr: pgtest.SchemaFor(t, dsn, fmt.Sprintf("bulkcrash_%d", os.Getpid()))}
	bin := annalsBinary(t)
	docs := newVersionedDocs(t, 8, 60, 7001)
	chosen := make([]int, len(docs))
	files := writeVersions(t, t.TempDir(), docs, chosen)
	if !runAndKill(t, bin, cfg, files, 2, 0) {
		t.Fatal("the load ended before it was killed")
	}
	// The killed process's server session ends with the statement it was running.
	db, err := sql.Open("postgres", cfg.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var listed int
	if err := db.QueryRow(`SELECT count(*) FROM annals_bulk`).Scan(&listed); err != nil {
		t.Fatal(err)
	}
	if listed == 0 {
		t.Fatal("the killed bulk load left nothing listed in annals_bulk: was it a bulk load?")
	}
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	s, err := graph.Open(context.Background(), graph.Config{Kind: cfg.kind, Addr: cfg.addr, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.Contains(logs.String(), "a bulk load did not finish") {
		t.Errorf("the open after the kill did not log a rebuild:\n%s", logs.String())
	}
	present := 0
	for _, st := range checkDocuments(t, s, docs) {
		if st != absent {
			present++
		}
	}
	t.Logf("killed after 2 files: %d of %d documents present, %d items were listed", present, len(docs), listed)
	checkQuadsSchema(t, cfg.addr)
}

// checkQuadsSchema fails the test unless the quads table at dsn has every index and
// validated foreign key of Cayley's schema and annals' label index, and annals_bulk
// lists nothing dropped: the first round's load into the empty store was a bulk load,
// and whatever a kill left of it the later loads and opens must have rebuilt.
func checkQuadsSchema(t *testing.T, dsn string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var indexes, fks, listed int
	err = db.QueryRow(`SELECT
		(SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'quads'),
		(SELECT count(*) FROM pg_constraint WHERE conrelid = 'quads'::regclass AND contype = 'f' AND convalidated),
		(SELECT count(*) FROM annals_bulk)`).Scan(&indexes, &fks, &listed)
	if err != nil {
		t.Fatal(err)
	}
	// The primary key, spo_unique, spol_unique, four direction indexes, annals_label_index.
	if indexes != 8 || fks != 4 || listed != 0 {
		t.Errorf("after the rounds quads has %d indexes (want 8) and %d validated foreign keys (want 4); annals_bulk lists %d", indexes, fks, listed)
	}
}

// checkIndexAfterKill opens the query index kept in file (written after the previous
// round) and checks that it describes the store as an index built from scratch does:
// a killed load either committed a document, and the index reads its entries again,
// or did not, and the index is as it was.
func checkIndexAfterKill(t *testing.T, s *graph.Store, file string, round int) {
	t.Helper()
	ctx := context.Background()
	x, err := queries.OpenIndex(ctx, s, queries.IndexOptions{File: file})
	if err != nil {
		t.Fatalf("round %d: open the index: %v", round, err)
	}
	fresh, err := queries.NewIndex(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	stats := func(x *queries.Index) string {
		res, err := queries.StatsQuery(ctx, s, queries.Params{Index: x})
		if err != nil {
			t.Fatal(err)
		}
		st := res.(*queries.Stats)
		st.IndexBuilt = time.Time{}
		return fmt.Sprintf("%+v", *st)
	}
	if got, want := stats(x), stats(fresh); got != want {
		t.Fatalf("round %d: the index kept in its file says\n%s\nan index built from the store\n%s", round, got, want)
	}
	if fp, err := s.Fingerprint(ctx); err != nil || fp.Generation != x.Generation() {
		t.Fatalf("round %d: index at generation %d, store at %+v (%v)", round, x.Generation(), fp, err)
	}
	if round > 1 && x.Scans() != 0 {
		t.Errorf("round %d: the index kept in its file was rebuilt by a scan", round)
	}
}

// runAndKill runs `annals load` on files and kills it with SIGKILL once afterFiles
// files have been reported loaded and delay has passed (afterFiles < 0: never). It
// reports whether the process was killed; a load that ends first must succeed.
func runAndKill(t *testing.T, bin string, cfg crashConfig, files []string, afterFiles int, delay time.Duration) bool {
	t.Helper()
	// Transactions of about two files (four documents): kills fall between and inside
	// transactions that each write several documents.
	args := append([]string{"load", "--store", cfg.kind, "--db", cfg.addr, "--group-quads", "4000"}, cfg.args...)
	cmd := exec.Command(bin, append(args, files...)...)
	cmd.Dir = t.TempDir()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	cmd.Stdout = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	loaded := make(chan struct{}, len(files)+1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			// The log is JSON (stderr is no terminal); text with --log-format text.
			if line := sc.Text(); strings.Contains(line, `"msg":"loaded"`) || strings.Contains(line, "msg=loaded") {
				loaded <- struct{}{}
			}
		}
	}()
	killed := false
	if afterFiles >= 0 {
	wait:
		for n := 0; n < afterFiles; n++ {
			select {
			case <-loaded:
			case <-done:
				break wait
			}
		}
		select {
		case <-time.After(delay):
			killed = cmd.Process.Signal(syscall.SIGKILL) == nil
		case <-done:
		}
	}
	<-done
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return false
	case killed && errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL:
		return true
	default:
		t.Fatalf("annals load: %v\n%s", err, logs.String())
		return false
	}
}

// crashSchema creates a schema of its own for the test in the database of dsn, dropped
// afterwards, and returns a DSN whose search_path is it.
func crashSchema(t *testing.T, dsn string) string {
	t.Helper()
	return pgtest.SchemaFor(t, dsn, fmt.Sprintf("crash_%d", os.Getpid()))
}
