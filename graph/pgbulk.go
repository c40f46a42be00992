package graph

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A bulk load into an empty PostgreSQL store drops what the writer's own statements do
// not need: the secondary indexes of the quads table (Cayley's four direction indexes,
// annals_label_index, any other non-unique index) and its foreign keys. Each quad then
// enters three B-trees (the primary key and Cayley's two unique indexes, which the
// writer's ON CONFLICT and its duplicate checks use) instead of eight, with no
// foreign-key look-up in nodes. At the end every index is built by one sort of the
// whole table and every foreign key is checked by one join (ADD … NOT VALID, then
// VALIDATE CONSTRAINT). The final schema is the one a normal load leaves.
//
// What was dropped is listed in annals_bulk, in the transaction that drops it, and
// each item leaves the list in the transaction that recreates it: a load killed at any
// point leaves a list of exactly what is missing. The load holds a session advisory
// lock (bulkLockKey) from before the drop until the list is empty; a read-write open
// that finds the list non-empty and can take the lock (so no bulk load is alive)
// recreates what it names and logs that it did.

// bulkSchema is the list of what a bulk load dropped: one row per index or foreign key,
// with the definition PostgreSQL gave of it.
const bulkSchema = `CREATE TABLE IF NOT EXISTS annals_bulk (
	name text PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('index', 'foreign key')),
	definition text NOT NULL,
	dropped_at timestamptz NOT NULL DEFAULT now()
)`

// labelIndex is annals' index of the quads by label (postgresSchema): created on open
// unless a live bulk load dropped it.
const labelIndex = `CREATE INDEX IF NOT EXISTS annals_label_index ON quads (label_hash, subject_hash)`

// bulkLockKey is the first key of the advisory lock a bulk load holds while the store
// lacks what it dropped ("anbk" in ASCII); the second is a hash of the store's schema
// (bulkLock), so that stores in other schemas of one database do not share it.
const bulkLockKey int32 = 0x616e626b

// bulkLock is the SQL of the advisory lock's keys, taken with pg_try_advisory_lock and
// released with pg_advisory_unlock (or the session's end).
const bulkLock = `($1::int4, hashtext(current_schema()))`

// bulkLockWait bounds the wait for the exclusive lock on the quads table that dropping
// its indexes takes: a long read in another process (a query of annals serve) holds it
// off, and while the drop waits, new reads queue behind it. After that the load runs
// the normal way.
const bulkLockWait = 5 * time.Second

// bulkRepairWait is how long an open that finds dropped indexes listed waits for the
// advisory lock before leaving them to the bulk load that holds it.
const bulkRepairWait = 2 * time.Second

// bulkMaintenanceMem is the memory each index build of a bulk load may sort in
// (maintenance_work_mem, for this session only): the direction indexes of 10 million
// quads sort in about 600 MB each, and with PostgreSQL's default of 64 MB the sort
// spills to disk in runs it merges again.
const bulkMaintenanceMem = "1GB"

// Bulk is a bulk load in progress on a PostgreSQL store: Finish recreates what Begin
// dropped. A nil *Bulk is a load that runs the normal way; its Finish does nothing.
type Bulk struct {
	conn *pgx.Conn // holds bulkLockKey
	cfg  *pgx.ConnConfig
	log  *slog.Logger
}

// BeginBulk starts a bulk load if s is a PostgreSQL store holding no quads and no other
// bulk load is running: it drops the quads table's secondary indexes and foreign keys
// (see above) and returns the Bulk whose Finish rebuilds them. Otherwise (another store
// kind, quads present, another bulk load, the table busy with reads for bulkLockWait)
// it returns nil and the load runs the normal way. Call Finish whatever the load's
// outcome; if the process dies first, the next read-write open rebuilds them. A nil
// log logs nothing.
func (s *Store) BeginBulk(ctx context.Context, log *slog.Logger) (*Bulk, error) {
	pg, ok := s.QuadStore.(*batchedPostgres)
	if !ok {
		return nil, nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := pg.pool.Config().ConnConfig
	conn, err := pgx.ConnectConfig(ctx, cfg.Copy())
	if err != nil {
		return nil, fmt.Errorf("bulk load: connect: %w", err)
	}
	b := &Bulk{conn: conn, cfg: cfg, log: log}
	started, err := b.begin(ctx)
	if err != nil || !started {
		conn.Close(context.Background())
		return nil, err
	}
	return b, nil
}

// begin takes the advisory lock and drops the indexes and foreign keys if the store is
// empty; it reports whether it did.
func (b *Bulk) begin(ctx context.Context) (bool, error) {
	var locked bool
	if err := b.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock`+bulkLock, bulkLockKey).Scan(&locked); err != nil {
		return false, fmt.Errorf("bulk load: lock: %w", err)
	}
	if !locked {
		b.log.Info("another bulk load is running: this load keeps every index")
		return false, nil
	}
	tx, err := b.conn.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("bulk load: begin: %w", err)
	}
	defer tx.Rollback(context.Background())
	locked, empty, err := lockEmpty(ctx, tx, "quads")
	if err != nil {
		return false, fmt.Errorf("bulk load: lock the quads table: %w", err)
	}
	if !locked {
		b.log.Info("the quads table is busy with reads: this load keeps every index", "waited", bulkLockWait)
		return false, nil
	}
	if !empty {
		// Holding the lock, the load rebuilds what an unfinished bulk load left out.
		if err := tx.Rollback(ctx); err != nil {
			return false, fmt.Errorf("bulk load: %w", err)
		}
		return false, b.repair(ctx)
	}
	items, err := dropSecondary(ctx, tx)
	if err != nil {
		return false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("bulk load: commit: %w", err)
	}
	b.log.Info("bulk load: secondary indexes and foreign keys of quads dropped until the load ends",
		"dropped", strings.Join(items, ", "))
	return true, nil
}

// lockEmpty takes tables (a comma-separated list) exclusively in tx, waiting at most
// bulkLockWait, and reports whether it took them (false: reads held them that long)
// and, if it did, whether quads holds no quad.
func lockEmpty(ctx context.Context, tx pgx.Tx, tables string) (locked, empty bool, err error) {
	if _, err := tx.Exec(ctx, fmt.Sprintf(`SET LOCAL lock_timeout = %d`, bulkLockWait.Milliseconds())); err != nil {
		return false, false, err
	}
	_, err = tx.Exec(ctx, `LOCK TABLE `+tables+` IN ACCESS EXCLUSIVE MODE`)
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "55P03" { // lock_not_available
		return false, false, nil
	} else if err != nil {
		return false, false, err
	}
	err = tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT FROM quads)`).Scan(&empty)
	return true, empty, err
}

// dropSecondary lists in annals_bulk, then drops, the non-unique indexes and the
// foreign keys of the quads table, and returns their names.
func dropSecondary(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `
		SELECT c.relname, 'index', pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'quads'::regclass AND NOT i.indisunique AND NOT i.indisprimary
		UNION ALL
		SELECT conname, 'foreign key', pg_get_constraintdef(oid)
		FROM pg_constraint WHERE conrelid = 'quads'::regclass AND contype = 'f'
		ORDER BY 2, 1`)
	if err != nil {
		return nil, fmt.Errorf("bulk load: list indexes: %w", err)
	}
	type item struct{ name, kind, def string }
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (item, error) {
		var it item
		return it, r.Scan(&it.name, &it.kind, &it.def)
	})
	if err != nil {
		return nil, fmt.Errorf("bulk load: list indexes: %w", err)
	}
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.name
		drop := `DROP INDEX ` + pgx.Identifier{it.name}.Sanitize()
		if it.kind == "foreign key" {
			drop = `ALTER TABLE quads DROP CONSTRAINT ` + pgx.Identifier{it.name}.Sanitize()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO annals_bulk (name, kind, definition) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO NOTHING`, it.name, it.kind, it.def); err != nil {
			return nil, fmt.Errorf("bulk load: list %s: %w", it.name, err)
		}
		if _, err := tx.Exec(ctx, drop); err != nil {
			return nil, fmt.Errorf("bulk load: drop %s: %w", it.name, err)
		}
	}
	return names, nil
}

// Analyze gathers the planner's statistics of the tables the load filled (and with them
// the row estimates of Store.Stats): without them the first queries after a load into
// an empty store may plan as for an empty table. Call it before Finish, on the same
// goroutine. Analyze on nil does nothing.
func (b *Bulk) Analyze(ctx context.Context) error {
	if b == nil {
		return nil
	}
	if _, err := b.conn.Exec(context.WithoutCancel(ctx), `ANALYZE quads, nodes`); err != nil {
		return fmt.Errorf("bulk load: analyze: %w", err)
	}
	return nil
}

// Finish rebuilds what BeginBulk dropped and ends the bulk load. It runs even when ctx
// is cancelled (an interrupted load ends with its indexes), and logs how long each
// rebuild took. Finish on nil does nothing.
func (b *Bulk) Finish(ctx context.Context) error {
	if b == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	defer b.conn.Close(ctx)
	conns := []execer{pgxExec{b.conn}}
	// a second session builds indexes beside the first (the server sorts each one
	// on a core; its own parallel workers leave the final merge to one)
	if more, err := pgx.ConnectConfig(ctx, b.cfg.Copy()); err != nil {
		b.log.Warn("bulk load: indexes rebuilt through one connection", "err", err)
	} else {
		defer more.Close(ctx)
		conns = append(conns, pgxExec{more})
	}
	n, elapsed, err := rebuildListed(ctx, conns, b.log)
	if err != nil {
		return err
	}
	b.log.Info("bulk load: indexes and foreign keys of quads rebuilt", "items", n, "elapsed", elapsed)
	return nil
}

// rebuildListed recreates what annals_bulk lists (restoreBulk) through conns, with
// the sorting memory of a bulk load's index builds, and tells how many items and how
// long.
func rebuildListed(ctx context.Context, conns []execer, log *slog.Logger) (int, time.Duration, error) {
	for _, c := range conns {
		if err := c.exec(ctx, `SET maintenance_work_mem = '`+bulkMaintenanceMem+`'`); err != nil {
			return 0, 0, fmt.Errorf("bulk load: %w", err)
		}
		if len(conns) > 1 {
			// each session sorts on a core of its own: parallel workers would only
			// add their merge
			if err := c.exec(ctx, `SET max_parallel_maintenance_workers = 0`); err != nil {
				return 0, 0, fmt.Errorf("bulk load: %w", err)
			}
		}
	}
	start := time.Now()
	n, err := restoreBulk(ctx, conns, log)
	return n, time.Since(start), err
}

// repair rebuilds what an unfinished bulk load dropped, if it left anything listed,
// with a log line saying so. The caller holds the lock.
func (b *Bulk) repair(ctx context.Context) error {
	var pending bool
	if err := b.conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM annals_bulk)`).Scan(&pending); err != nil || !pending {
		return err
	}
	return rebuildUnfinished(ctx, []execer{pgxExec{b.conn}}, b.log)
}

// rebuildUnfinished rebuilds what an unfinished bulk load dropped and logs that it did.
// The caller holds the lock.
func rebuildUnfinished(ctx context.Context, conns []execer, log *slog.Logger) error {
	log.Warn("a bulk load did not finish: rebuilding the indexes and foreign keys of quads it dropped")
	n, elapsed, err := rebuildListed(ctx, conns, log)
	if err != nil {
		return err
	}
	log.Warn("rebuilt the indexes and foreign keys an unfinished bulk load dropped", "items", n, "elapsed", elapsed)
	return nil
}

// execer is a connection restoreBulk runs its statements on: a pgx connection (the
// bulk load's) or a database/sql one (an open's repair).
type execer interface {
	exec(ctx context.Context, stmt string, args ...any) error
	rows(ctx context.Context, query string) ([][3]string, error)
}

// pgxExec runs statements on a pgx connection or transaction.
type pgxExec struct {
	c interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	}
}

func (e pgxExec) exec(ctx context.Context, stmt string, args ...any) error {
	_, err := e.c.Exec(ctx, stmt, args...)
	return err
}

func (e pgxExec) rows(ctx context.Context, query string) ([][3]string, error) {
	rows, err := e.c.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([3]string, error) {
		var v [3]string
		return v, r.Scan(&v[0], &v[1], &v[2])
	})
}

type sqlExec struct{ c *sql.Conn }

func (e sqlExec) exec(ctx context.Context, stmt string, args ...any) error {
	_, err := e.c.ExecContext(ctx, stmt, args...)
	return err
}

func (e sqlExec) rows(ctx context.Context, query string) ([][3]string, error) {
	rows, err := e.c.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][3]string
	for rows.Next() {
		var v [3]string
		if err := rows.Scan(&v[0], &v[1], &v[2]); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// restoreBulk recreates every index and foreign key listed in annals_bulk and returns
// how many it recreated: the indexes first, each by the next of conns free, then the
// foreign keys by the first (their checks are joins that use none of the indexes, and
// each locks the table against the others and against index builds). Each item is
// made in its own transaction with the removal of its row, and tolerates finding its
// item there already (another process's open made the label index). The caller holds
// bulkLockKey.
func restoreBulk(ctx context.Context, conns []execer, log *slog.Logger) (int, error) {
	items, err := conns[0].rows(ctx, `SELECT name, kind, definition FROM annals_bulk ORDER BY kind DESC, name`)
	if err != nil {
		return 0, fmt.Errorf("bulk load: read annals_bulk: %w", err)
	}
	var indexes, keys [][3]string
	for _, it := range items {
		if it[1] == "index" {
			indexes = append(indexes, it)
		} else {
			keys = append(keys, it)
		}
	}
	// the longest builds first, so that the sessions end together
	slices.SortStableFunc(indexes, func(a, b [3]string) int { return cmp.Compare(buildCost(b[2]), buildCost(a[2])) })
	work := make(chan [3]string)
	errs := make([]error, len(conns))
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			for it := range work {
				if errs[i] == nil {
					errs[i] = restoreItem(ctx, c, it, log)
				}
			}
		})
	}
	for _, it := range indexes {
		work <- it
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	for _, it := range keys {
		if err := restoreItem(ctx, conns[0], it, log); err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

// buildCost ranks the build of the index defined by def: a bulk load writes the quads
// in the order of their subject, predicate and object (PGBulk), so that an index led
// by the subject finds them sorted; annals' label index has two columns to compare,
// the other direction indexes three.
func buildCost(def string) int {
	switch {
	case strings.Contains(def, "(subject_hash"):
		return 1
	case strings.Contains(def, "(label_hash"):
		return 2
	}
	return 3
}

// restoreItem recreates the item of annals_bulk it (name, kind, definition) and
// removes its row, in one transaction.
func restoreItem(ctx context.Context, c execer, it [3]string, log *slog.Logger) error {
	if err := c.exec(ctx, `BEGIN`); err != nil {
		return fmt.Errorf("bulk load: rebuild %s %s: %w", it[1], it[0], err)
	}
	if err := makeItem(ctx, c, it, log); err != nil {
		_ = c.exec(context.WithoutCancel(ctx), `ROLLBACK`)
		return err
	}
	if err := c.exec(ctx, `COMMIT`); err != nil {
		_ = c.exec(context.WithoutCancel(ctx), `ROLLBACK`)
		return fmt.Errorf("bulk load: rebuild %s %s: %w", it[1], it[0], err)
	}
	return nil
}

// makeItem recreates the item of annals_bulk it (name, kind, definition) and removes
// its row, in the transaction c is in, and logs that it did.
func makeItem(ctx context.Context, c execer, it [3]string, log *slog.Logger) error {
	name, kind, def := it[0], it[1], it[2]
	start := time.Now()
	var stmts []string
	switch kind {
	case "index":
		stmt, ok := strings.CutPrefix(def, "CREATE INDEX ")
		if !ok {
			return fmt.Errorf("bulk load: index %s: unexpected definition %q", name, def)
		}
		stmts = []string{`CREATE INDEX IF NOT EXISTS ` + stmt}
	case "foreign key":
		// NOT VALID adds the constraint without a check (new rows are checked from
		// then on); VALIDATE checks the rows there with one join and, unlike a plain
		// ADD, lets reads and writes of quads go on meanwhile.
		q := pgx.Identifier{name}.Sanitize()
		stmts = []string{
			`DO $$ BEGIN
				IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'quads'::regclass AND conname = ` + quoteLiteral(name) + `) THEN
					ALTER TABLE quads ADD CONSTRAINT ` + q + ` ` + def + ` NOT VALID;
				END IF;
			END $$`,
			`ALTER TABLE quads VALIDATE CONSTRAINT ` + q,
		}
	default:
		return fmt.Errorf("bulk load: %s: unknown kind %q", name, kind)
	}
	stmts = append(stmts, `DELETE FROM annals_bulk WHERE name = `+quoteLiteral(name))
	for _, stmt := range stmts {
		if err := c.exec(ctx, stmt); err != nil {
			return fmt.Errorf("bulk load: rebuild %s %s: %w", kind, name, err)
		}
	}
	log.Info("bulk load: rebuilt", "name", name, "kind", kind, "elapsed", time.Since(start))
	return nil
}

// quoteLiteral is s as an SQL string literal.
func quoteLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// repairBulk runs on every read-write open. If annals_bulk lists items and no bulk load
// holds bulkLockKey (the one that dropped them died), it recreates them and logs that
// it did; if a bulk load is alive it leaves them to it. Then it makes annals' label
// index unless a live bulk load dropped it.
func repairBulk(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	var pending bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT FROM annals_bulk)`).Scan(&pending); err != nil {
		return fmt.Errorf("read annals_bulk: %w", err)
	}
	if pending {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		// The server session of a load killed in the middle of a statement holds the
		// lock until that statement ends: wait a little for it.
		var locked bool
		for deadline := time.Now().Add(bulkRepairWait); ; {
			if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock`+bulkLock, bulkLockKey).Scan(&locked); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
			if locked || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if !locked {
			log.Info("a bulk load is running: its indexes and foreign keys are rebuilt when it ends")
			return nil
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock`+bulkLock, bulkLockKey)
		if err := rebuildUnfinished(ctx, []execer{sqlExec{conn}}, log); err != nil {
			return err
		}
	}
	_, err := db.ExecContext(ctx, labelIndex)
	return err
}

// BulkLoading reports whether the store lacks indexes a bulk load dropped: one is
// running, or one died and no read-write open has rebuilt them yet. On a replica it
// answers what the replica replayed. Other store kinds never bulk load.
func (s *Store) BulkLoading(ctx context.Context) (bool, error) {
	pg, ok := s.QuadStore.(*batchedPostgres)
	if !ok {
		return false, nil
	}
	var pending bool
	err := pg.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM annals_bulk)`).Scan(&pending)
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table
		return false, nil // a store the primary has not opened since bulk loads came
	} else if err != nil {
		return false, fmt.Errorf("read annals_bulk: %w", err)
	}
	return pending, nil
}
