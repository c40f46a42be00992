package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cayleygraph/cayley"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers the "postgres" quad store
	"github.com/cayleygraph/cayley/writer"
	"github.com/cayleygraph/quad"
	"github.com/jackc/pgx/v5/pgconn"
	bolt "go.etcd.io/bbolt"

	"annals/graph/internal/boltkv"
	"annals/graph/internal/cayleykv"
)

// Store kinds accepted by Open.
const (
	KindBolt     = "bolt"
	KindMemory   = "memory"
	KindPostgres = "postgres"
)

// Kinds lists the store kinds Open accepts, the default first.
var Kinds = []string{KindBolt, KindMemory, KindPostgres}

// ErrLocked is returned by Open when another process holds the bolt file (bolt allows
// one process at a time: a running `annals serve` keeps `annals load` out).
var ErrLocked = errors.New("file is locked by another process")

// DefaultBoltPath is where the bolt store lives when Config.Addr is empty.
const DefaultBoltPath = "data/annals.db"

// boltLockTimeout bounds the wait for the file lock that another annals process (a
// running `annals serve`, say) may hold on the bolt file.
const boltLockTimeout = 3 * time.Second

// Config chooses a store: Kind is "bolt" (embedded, default), "memory" or "postgres";
// Addr is the bolt file path or the PostgreSQL DSN.
type Config struct {
	Kind string
	Addr string
	// ReadOnly opens a PostgreSQL store without creating or altering its schema, as a
	// read replica (a hot standby) requires: the primary creates it. Writes fail.
	ReadOnly bool
	// Log receives what opening did besides opening: on PostgreSQL, the rebuild of
	// indexes a bulk load that did not finish dropped; on bolt, the removal of the file
	// of a bulk load that did not finish. Nil is slog.Default().
	Log *slog.Logger
}

// Store is an open Cayley store.
//
// Reads go through the embedded Handle (Cayley's path API, iterators). Writes should go
// through Update, which serializes writers of this process and applies each change in
// one transaction.
//
// Readers never wait for writers on bolt and PostgreSQL: every read transaction of
// those stores is a snapshot (bolt's MVCC pages, PostgreSQL's MVCC rows) of the last
// commit, while one writer works on the next. Each Cayley call (ValueOf, Quad, an
// iterator's walk) reads one snapshot; a load is one transaction, so each call sees
// every document whole. A read made of several calls may see a commit land between
// two of them; Consistent reads again until none did (the query index is built so).
type Store struct {
	*cayley.Handle
	Kind string
	Addr string

	write  sync.Mutex
	ignore cgraph.IgnoreOpts
	// mem is held for writing while Update applies a transaction to the memory store,
	// and for reading by View: Cayley's memory store is Go maps without a lock.
	mem sync.RWMutex
	// seq moves by two with each transaction Update applies and is odd while one is
	// being applied (on bolt, cayleykv's CommitSeq, odd only while committing).
	seq atomic.Uint64
	// changes is the generation and change log of a memory store (generation.go).
	changes changeLog
	// log is Config.Log (bolt's reopen after a bulk load logs through it).
	log *slog.Logger
}

// Open opens the store, initializing it on first use.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if cfg.Kind == "" {
		cfg.Kind = KindBolt
	}
	s := &Store{Kind: cfg.Kind, Addr: cfg.Addr, log: cfg.Log}
	var (
		qs  cgraph.QuadStore
		err error
	)
	switch cfg.Kind {
	case KindBolt:
		if s.Addr == "" {
			s.Addr = DefaultBoltPath
		}
		qs, err = openBolt(ctx, s.Addr, cfg.Log)
		if err != nil {
			return nil, fmt.Errorf("open store bolt at %s: %w", s.Addr, err)
		}
		// One process holds the file (bolt locks it) and the loader computes exact
		// differences under the write lock: no duplicate or missing quad to report.
		s.ignore = cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	case KindMemory:
		if s.Addr != "" {
			return nil, fmt.Errorf("open store memory: takes no address (got %q)", s.Addr)
		}
		qs = memstore.New()
		s.changes.id = cayleykv.NewStoreID()
		s.ignore = cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	case KindPostgres:
		log := cfg.Log
		if log == nil {
			log = slog.Default()
		}
		qs, err = openPostgres(ctx, s.Addr, cfg.ReadOnly, log)
		if err != nil {
			return nil, err
		}
		// Several processes may write to one database: a quad that appeared or vanished
		// since we read the document fails the transaction instead of silently skewing
		// Cayley's node reference counts (IgnoreDup still counts a skipped quad's nodes).
		s.ignore = cgraph.IgnoreOpts{}
	default:
		if cfg.Kind == "cockroach" {
			return nil, fmt.Errorf("open store: the cockroach kind was removed: use postgres (a primary with read replicas, docs/deployment.md)")
		}
		return nil, fmt.Errorf("open store: unknown kind %q (valid: %s)", cfg.Kind, strings.Join(Kinds, ", "))
	}
	qw, err := writer.NewSingle(qs, s.ignore)
	if err != nil {
		qs.Close()
		return nil, fmt.Errorf("open store %s: %w", s.Kind, err)
	}
	s.Handle = &cayley.Handle{QuadStore: qs, QuadWriter: qw}
	return s, nil
}

// boltIndexes are the quad indexes of a new bolt store: Cayley's defaults
// (subject-predicate, object-predicate-subject) and the label, so that the quads of an
// entry are found without scanning every quad.
var boltIndexes = append(slices.Clone(cayleykv.DefaultQuadIndexes),
	cayleykv.QuadIndex{Dirs: []quad.Direction{quad.Label, quad.Subject}})

func openBolt(ctx context.Context, path string, log *slog.Logger) (cgraph.QuadStore, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, unwrapPath(err)
		}
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, errors.New("is a directory (want a bolt file)")
	}
	db, err := boltkv.Open(path, &bolt.Options{Timeout: boltLockTimeout, InitialMmapSize: boltMmapSize(path)})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%w (waited %s)", ErrLocked, boltLockTimeout)
	} else if err != nil {
		return nil, unwrapPath(err)
	}
	if err := removeBulkFile(path, log); err != nil {
		db.Close()
		return nil, err
	}
	// Cayley's quad log is keyed by increasing ids: its pages are filled whole
	db.AppendOnly = []string{cayleykv.LogBucket}
	// Cayley's own kv store mis-writes a transaction that both removes and adds quads
	// of one value, and remembers failed transactions; cayleykv is it, fixed.
	err = initBolt(db)
	if err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		db.Close()
		return nil, fmt.Errorf("initialize: %w", err)
	}
	if err := cayleykv.EnsureStoreID(context.Background(), db); err != nil {
		db.Close()
		return nil, fmt.Errorf("initialize: %w", err)
	}
	qs, err := cayleykv.New(db, nil)
	if err != nil {
		db.Close()
		return nil, err
	}
	return qs, nil
}

// boltMinMmap is the least address space mapped for a bolt file.
const boltMinMmap = 256 << 20

// boltMmapSize is how much of the address space to map for the bolt file at path: twice
// its size, at least boltMinMmap. A commit that grows the file past the mapping must
// remap it, and bolt's remap waits until every read transaction has ended while new
// ones wait behind it: one long query (up to the query time limit) would then stall
// every read. Mapping ahead makes that rare; it costs address space, not memory. Under
// a limit on the address space (ulimit -v) at most a 32nd of it is mapped ahead: a Go
// process reserves about 1 GiB of address space of its own.
func boltMmapSize(path string) int {
	size := uint64(boltMinMmap)
	if fi, err := os.Stat(path); err == nil && 2*uint64(fi.Size()) > size {
		size = 2 * uint64(fi.Size())
	}
	if limit := addressSpaceLimit(); limit > 0 && size > limit/32 {
		size = limit / 32
	}
	return int(size)
}

// initBolt creates the store's buckets in a new bolt file, all of them up front (Cayley's
// "upfront" option): the values' buckets are keyed by hash, and bolt creating them one by
// one in hash order during the first large load costs a quadratic amount of copying.
// The 512 small transactions skip fsync; one sync at the end makes them durable.
func initBolt(db *boltkv.DB) error {
	bdb := db.DB()
	bdb.NoSync = true
	err := cayleykv.Init(db, cgraph.Options{"upfront": true}, boltIndexes)
	bdb.NoSync = false
	if err != nil {
		return err
	}
	return bdb.Sync()
}

// unwrapPath drops the path an *fs.PathError repeats, since our message names it already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// postgresSchema is what annals adds to Cayley's PostgreSQL schema on every open (each
// statement is idempotent). After it, repairBulk (graph/pgbulk.go) makes the index on
// label_hash that Cayley's schema lacks (without it, finding the quads of an entry
// scans the whole table), unless a bulk load running now dropped it.
//
// annals_loads is the load log: one row per transaction the writer commits, written in
// that transaction, so that a process reading a replica learns of new loads by
// polling it (LoadGeneration); see docs/deployment.md.
var postgresSchema = append([]string{
	bulkSchema,
	`CREATE TABLE IF NOT EXISTS annals_loads (
		generation bigserial PRIMARY KEY,
		document text,
		quads_added integer NOT NULL,
		quads_removed integer NOT NULL,
		loaded_at timestamptz NOT NULL DEFAULT now()
	)`,
}, postgresGenerationSchema...)

func openPostgres(ctx context.Context, dsn string, readOnly bool, log *slog.Logger) (cgraph.QuadStore, error) {
	schema := postgresSchema
	var repair func(context.Context, *sql.DB) error
	if readOnly {
		schema = nil
	} else {
		repair = func(ctx context.Context, db *sql.DB) error { return repairBulk(ctx, db, log) }
	}
	qs, err := openSQL(ctx, KindPostgres, "postgres", dsn, "postgres://user@host/db", schema, repair, readOnly)
	if err != nil {
		return nil, err
	}
	return newBatchedPostgres(ctx, qs, dsn, readOnly) // graph/pgbatch.go
}

// openSQL opens Cayley's SQL store of kind at dsn through the database/sql driver: it
// checks the server answers, initializes Cayley's tables on first use (unless
// readOnly), runs annals' schema statements and then after (if not nil), then opens the
// store.
func openSQL(ctx context.Context, kind, driver, dsn, example string, schema []string, after func(context.Context, *sql.DB) error, readOnly bool) (cgraph.QuadStore, error) {
	if dsn == "" {
		return nil, fmt.Errorf("connect %s: no DSN (use --db %s or ANNALS_DB)", kind, example)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", kind, err)
	}
	defer db.Close()
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		return nil, fmt.Errorf("connect %s: %w", kind, err)
	}
	if readOnly {
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('nodes', 'quads')`).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("connect %s: %w", kind, err)
		}
		if n != 2 {
			return nil, fmt.Errorf("open %s store read-only: it has no tables yet: open it once read-write on the primary (annals load)", kind)
		}
	} else if err := cgraph.InitQuadStore(kind, dsn, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, fmt.Errorf("initialize %s store: %w", kind, err)
	}
	for _, stmt := range schema {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("initialize %s store: %s: %w", kind, stmt, err)
		}
	}
	if after != nil {
		if err := after(ctx, db); err != nil {
			return nil, fmt.Errorf("initialize %s store: %w", kind, err)
		}
	}
	// database/sql keeps two idle connections by default: under concurrent requests
	// Cayley's pool then opens and closes a server connection (a PostgreSQL backend
	// process) for most queries. Keep as many idle as a busy server uses.
	qs, err := cgraph.NewQuadStore(kind, dsn, cgraph.Options{"maxidleconnections": sqlIdleConns})
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", kind, err)
	}
	return qs, nil
}

// sqlIdleConns is how many idle connections a SQL store keeps open for reads.
const sqlIdleConns = 32

// Update runs plan and applies the deltas it returns in one transaction: all of them or
// none. Updates of one Store are serialized, so what plan reads is what its deltas
// apply to.
func (s *Store) Update(ctx context.Context, plan func(ctx context.Context) ([]cgraph.Delta, error)) error {
	return s.UpdateDocument(ctx, "", plan)
}

// UpdateDocument is Update for the document named source: on PostgreSQL the load log
// (LoadGeneration) records it in the same transaction.
func (s *Store) UpdateDocument(ctx context.Context, source string, plan func(ctx context.Context) ([]cgraph.Delta, error)) error {
	return s.update(ctx, source, func(ctx context.Context) ([]cgraph.Delta, QuadHashes, error) {
		deltas, err := plan(ctx)
		return deltas, nil, err
	})
}

// QuadHashes are the hashes of the values of deltas' quads, one for each delta, in
// chunks one after the other (HashQuads gives one; append those of deltas appended).
// A bolt write given them does not compute them: a loader computes them on another
// core while the store writes the transaction before.
type QuadHashes []*cayleykv.Hashes

// HashQuads is the QuadHashes of deltas.
func HashQuads(deltas []cgraph.Delta) QuadHashes {
	return QuadHashes{cayleykv.HashDeltas(deltas)}
}

// UpdateHashed is UpdateDocument with plan giving the QuadHashes of its deltas too
// (nil: computed at the write).
func (s *Store) UpdateHashed(ctx context.Context, source string, plan func(ctx context.Context) ([]cgraph.Delta, QuadHashes, error)) error {
	return s.update(ctx, source, plan)
}

func (s *Store) update(ctx context.Context, source string, plan func(ctx context.Context) ([]cgraph.Delta, QuadHashes, error)) error {
	s.write.Lock()
	defer s.write.Unlock()
	deltas, hashes, err := plan(ctx)
	if err != nil {
		return err
	}
	if len(deltas) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.Kind == KindMemory {
		s.mem.Lock()
		defer s.mem.Unlock()
	}
	s.seq.Add(1)
	defer s.seq.Add(1)
	if pg, ok := s.QuadStore.(*batchedPostgres); ok {
		return pg.applyDocument(ctx, deltas, s.ignore, source)
	}
	if kv, ok := s.QuadStore.(*cayleykv.QuadStore); ok {
		err = kv.ApplyHashedDeltas(deltas, hashes, s.ignore)
	} else {
		err = s.QuadStore.ApplyDeltas(deltas, s.ignore)
	}
	if err != nil {
		return err
	}
	if s.Kind == KindMemory {
		s.changes.add(deltas)
	}
	return nil
}

// WarmValues reads, on PostgreSQL, the store's values into the cache of value names
// in one query, so that a walk of every quad (building the query index) does not ask
// the server for each value in turn. Other stores read their values locally: nothing
// to do.
func (s *Store) WarmValues(ctx context.Context) error {
	if pg, ok := s.QuadStore.(*batchedPostgres); ok {
		return pg.warmValues(ctx)
	}
	return nil
}

// LoadGeneration is the number of the last transaction written to a PostgreSQL store
// (its load log), read from the server at dsn: a replica answers with what it has
// replayed. It grows with every load; 0 is a store nothing was written to, or one of
// another kind (which has no log).
func (s *Store) LoadGeneration(ctx context.Context) (int64, error) {
	pg, ok := s.QuadStore.(*batchedPostgres)
	if !ok {
		return 0, nil
	}
	var g int64
	err := pg.pool.QueryRow(ctx, `SELECT coalesce(max(generation), 0) FROM annals_loads`).Scan(&g)
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table
		return 0, nil // created by the first read-write open, on the primary
	} else if err != nil {
		return 0, fmt.Errorf("read the load log: %w", err)
	}
	return g, nil
}

// commitSeq moves with every transaction this Store commits and is odd while one is
// being committed.
func (s *Store) commitSeq() uint64 {
	if kv, ok := s.QuadStore.(*cayleykv.QuadStore); ok {
		return kv.CommitSeq()
	}
	return s.seq.Load()
}

// Consistent runs read, a read made of several calls, until it ran with no transaction
// of this Store committed in between, so that it sees every document whole: on bolt
// it reads again when a commit landed; on PostgreSQL it also waits for a transaction
// being applied; on the memory store View is enough. read must be idempotent (it may
// run more than once) and must not call Update.
func (s *Store) Consistent(ctx context.Context, read func(ctx context.Context) error) error {
	for {
		before := s.commitSeq()
		if before%2 == 1 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Millisecond):
			}
			continue
		}
		if err := s.View(ctx, read); err != nil {
			return err
		}
		if s.Kind == KindMemory || s.commitSeq() == before {
			return nil
		}
	}
}

// Reread runs read, a read of several calls made under View, again when a commit of
// this Store landed while it ran (on bolt, also when one was being made as it began),
// three runs at most: a request's read then sees every document whole unless writes
// land on it thrice in a row, and never waits for a writer. On the memory store View's
// lock is enough: read runs once. read must be idempotent.
func (s *Store) Reread(ctx context.Context, read func(ctx context.Context) error) error {
	if s.Kind == KindMemory {
		return read(ctx)
	}
	for run := 1; ; run++ {
		before := s.commitSeq()
		err := read(ctx)
		settled := s.commitSeq() == before && (before%2 == 0 || s.Kind != KindBolt)
		if err != nil || settled || run == 3 {
			return err
		}
	}
}

// View runs read. On the memory store, which has no locking of its own, it holds off
// Update while read runs (and waits for one being applied); on bolt and PostgreSQL
// read runs at once, beside any writer, each call on a snapshot (see Store). read
// must not call Update.
func (s *Store) View(ctx context.Context, read func(ctx context.Context) error) error {
	if s.Kind == KindMemory {
		s.mem.RLock()
		defer s.mem.RUnlock()
	}
	return read(ctx)
}

// QuadsLabelled returns the quads whose label is label: the facts read from one entry
// when label is an EntryIRI, a document's statements about its nodes when it is a
// DocumentIRI.
func (s *Store) QuadsLabelled(ctx context.Context, label quad.Value) ([]quad.Quad, error) {
	ref, err := s.ValueOf(label)
	if err != nil || ref == nil {
		return nil, err
	}
	it := s.QuadIterator(quad.Label, ref).Iterate()
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		q, err := s.Quad(it.Result())
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, it.Err()
}

// DocumentEntries returns the entry nodes of the document loaded under source.
func (s *Store) DocumentEntries(ctx context.Context, source string) ([]quad.Value, error) {
	return cayley.StartPath(s, DocumentIRI(source)).In(Source).Iterate(ctx).AllValues(s)
}

// QuadCount is the number of quads in the store.
func (s *Store) QuadCount(ctx context.Context) (int64, error) {
	// Only the SQL store needs exact=true for an exact quad count; the kv store would
	// walk every node for it.
	st, err := s.Stats(ctx, s.Kind == KindPostgres)
	if err != nil {
		return 0, err
	}
	return st.Quads.Value, nil
}

// Close closes the store.
func (s *Store) Close() error {
	if s == nil || s.Handle == nil {
		return nil
	}
	return s.Handle.Close()
}
