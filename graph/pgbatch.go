package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"annals/graph/internal/cayleykv"
)

// batchedPostgres is Cayley's PostgreSQL quad store (its tables, reads, query optimizer
// and iterators) with a writer of its own. Cayley's postgres writer sends one statement
// per value and per quad, runs a transaction's inserts before its deletes, and with
// IgnoreDup counts the values of a skipped duplicate. ApplyDeltas here streams the
// values and quads of a transaction with COPY into staging tables of its connection,
// moves them into Cayley's tables with one set-based INSERT … SELECT each, deletes
// before it inserts, counts only the quads it really added or removed, and records the
// transaction in the load log (annals_loads) that followers poll.
type batchedPostgres struct {
	*csql.QuadStore
	pool   *pgxpool.Pool
	values *lru.Cache[refs.ValueHash, quad.Value] // NameOf's cache
}

// stagingTables are created, empty, in every connection of the writer's pool: COPY
// fills them and a transaction's commit empties them (ON COMMIT DELETE ROWS). They are
// temporary, so that connections never see each other's rows and nothing of them is
// written to the WAL or reaches a replica.
var stagingTables = []string{
	`CREATE TEMP TABLE IF NOT EXISTS annals_stage_nodes (LIKE nodes) ON COMMIT DELETE ROWS`,
	`CREATE TEMP TABLE IF NOT EXISTS annals_stage_quads (s bytea NOT NULL, p bytea NOT NULL, o bytea NOT NULL, l bytea) ON COMMIT DELETE ROWS`,
}

// nodeColumns are the columns of Cayley's nodes table, in the order COPY writes them.
var nodeColumns = []string{"hash", "refs", "value", "value_string", "datatype", "language", "iri", "bnode",
	"value_int", "value_bool", "value_float", "value_time"}

// newBatchedPostgres wraps qs, Cayley's store opened at dsn, with a pgx connection pool
// of its own for writing (Cayley keeps its pool private, and COPY needs pgx).
func newBatchedPostgres(ctx context.Context, qs cgraph.QuadStore, dsn string, readOnly bool) (cgraph.QuadStore, error) {
	cqs, ok := qs.(*csql.QuadStore)
	if !ok {
		qs.Close()
		return nil, fmt.Errorf("connect postgres: Cayley returned a %T, want its SQL store", qs)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		qs.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	if !readOnly {
		cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
			for _, stmt := range stagingTables {
				if _, err := c.Exec(ctx, stmt); err != nil {
					return fmt.Errorf("create staging table: %w", err)
				}
			}
			return nil
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		qs.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	values, err := lru.New[refs.ValueHash, quad.Value](valueCacheSize)
	if err != nil {
		qs.Close()
		pool.Close()
		return nil, err
	}
	return &batchedPostgres{QuadStore: cqs, pool: pool, values: values}, nil
}

// Close closes both connection pools.
func (s *batchedPostgres) Close() error {
	s.pool.Close()
	return s.QuadStore.Close()
}

// NewQuadWriter returns Cayley's bulk-load writer for this store: each WriteQuads is one
// ApplyDeltas of its quads, a quad already present skipped (and, unlike Cayley's, not
// counted).
func (s *batchedPostgres) NewQuadWriter() (quad.WriteCloser, error) {
	return pgQuadWriter{s}, nil
}

type pgQuadWriter struct{ s *batchedPostgres }

func (w pgQuadWriter) WriteQuad(q quad.Quad) error {
	_, err := w.WriteQuads([]quad.Quad{q})
	return err
}

func (w pgQuadWriter) WriteQuads(qs []quad.Quad) (int, error) {
	deltas := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
	}
	if err := w.s.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		return 0, err
	}
	return len(qs), nil
}

func (w pgQuadWriter) Close() error { return nil }

// maxParams is PostgreSQL's limit of bind parameters in one statement.
const maxParams = 65535

// ApplyDeltas applies in as one transaction: all of it or nothing. A quad both removed
// and added by in ends up present. Without opts.IgnoreDup, adding a quad that exists
// (or adding one twice) fails with graph.ErrQuadExists; without opts.IgnoreMissing,
// removing one that does not (or removing one twice) fails with graph.ErrQuadNotExist.
// The load log records the transaction without a document.
func (s *batchedPostgres) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	return s.applyDocument(context.Background(), in, opts, "")
}

// applyDocument is ApplyDeltas for the document named source ("" for none), recorded
// under that name in the load log, in the same transaction.
func (s *batchedPostgres) applyDocument(ctx context.Context, in []cgraph.Delta, opts cgraph.IgnoreOpts, source string) error {
	if len(in) == 0 {
		return nil
	}
	w, err := planWrite(in, opts)
	if err != nil {
		return err
	}
	rec := cayleykv.EncodeChanges(cayleykv.ChangedLabels(in))
	w.source = source
	for attempt := 1; ; attempt++ {
		err := s.apply(ctx, w, rec)
		if err == nil {
			break
		}
		if attempt < maxAttempts && retryable(err) {
			// Let the transaction that won finish before trying again.
			time.Sleep(time.Duration(attempt) * 20 * time.Millisecond)
			continue
		}
		return err
	}
	// Cayley caches the quad and node counts and forgets them only in its own
	// ApplyDeltas; an empty one does nothing else (one empty transaction).
	return s.QuadStore.ApplyDeltas(nil, opts)
}

// maxAttempts is how many times ApplyDeltas tries a transaction that lost a race with
// another connection's.
const maxAttempts = 5

// apply runs w in one transaction, with its entry in the load log; the transaction
// also bumps the store's generation and logs rec, the labels w changes (generation.go).
func (s *batchedPostgres) apply(ctx context.Context, w *pgWrite, rec []byte) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(context.Background()) // after Commit, does nothing
	if err := w.run(ctx, tx); err != nil {
		return err
	}
	if err := logPostgresChanges(ctx, tx, rec); err != nil {
		return err
	}
	var source any
	if w.source != "" {
		source = w.source
	}
	_, err = tx.Exec(ctx, `INSERT INTO annals_loads (document, quads_added, quads_removed) VALUES ($1, $2, $3)`,
		source, w.added, w.removed)
	if err != nil {
		return fmt.Errorf("postgres: record the load: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// retryable tells a transaction that failed because of another connection's, and
// would succeed if run again: a deadlock, a serialization failure, or a value row that
// a concurrent transaction removed (its last quad gone) between our insert that found
// it there and our quads' foreign-key check.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40P01", "40001", "23503":
		return true
	}
	return false
}

// pgWrite is one transaction's work: the quads to remove and to add (each once) and the
// values they name.
type pgWrite struct {
	opts   cgraph.IgnoreOpts
	del    []refs.QuadHash
	add    []refs.QuadHash
	values map[refs.ValueHash]quad.Value
	// source names the document in the load log ("" for none); added and removed are
	// the quads run really added and removed.
	source         string
	added, removed int
}

// planWrite hashes the deltas. A quad added twice (removed twice) is an error unless
// opts ignores duplicates (missing quads), as it is for Cayley's writer.
func planWrite(in []cgraph.Delta, opts cgraph.IgnoreOpts) (*pgWrite, error) {
	w := &pgWrite{opts: opts, values: make(map[refs.ValueHash]quad.Value, len(in))}
	added := make(map[refs.QuadHash]bool, len(in))
	removed := make(map[refs.QuadHash]bool)
	for _, d := range in {
		var h refs.QuadHash
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			vh := refs.HashOf(v)
			h.Set(dir, vh)
			if d.Action == cgraph.Add {
				w.values[vh] = v
			}
		}
		switch d.Action {
		case cgraph.Add:
			if added[h] {
				if !opts.IgnoreDup {
					return nil, &cgraph.DeltaError{Delta: d, Err: cgraph.ErrQuadExists}
				}
				continue
			}
			added[h] = true
			w.add = append(w.add, h)
		case cgraph.Delete:
			if removed[h] {
				if !opts.IgnoreMissing {
					return nil, &cgraph.DeltaError{Delta: d, Err: cgraph.ErrQuadNotExist}
				}
				continue
			}
			removed[h] = true
			w.del = append(w.del, h)
		default:
			return nil, &cgraph.DeltaError{Delta: d, Err: cgraph.ErrInvalidAction}
		}
	}
	return w, nil
}

// run removes, then adds, then settles the values' reference counts by the quads that
// were removed and added, and drops the values no quad names any more.
func (w *pgWrite) run(ctx context.Context, tx pgx.Tx) error {
	refInc := make(map[refs.ValueHash]int, len(w.values))
	count := func(hs []refs.QuadHash, by int) {
		for _, h := range hs {
			for _, dir := range quad.Directions {
				if vh := h.Get(dir); vh.Valid() {
					refInc[vh] += by
				}
			}
		}
	}
	gone, err := deleteQuads(ctx, tx, w.del)
	if err != nil {
		return err
	}
	if len(gone) < len(w.del) && !w.opts.IgnoreMissing {
		return &cgraph.DeltaError{Err: cgraph.ErrQuadNotExist}
	}
	count(gone, -1)
	w.removed, w.added = len(gone), 0
	if len(w.add) > 0 && !w.opts.IgnoreDup {
		// Every quad to add is added or the transaction fails. New values' rows are
		// written with their counts, before the quads that reference them by foreign
		// key; the rows of values already there (the predicates and types every
		// document uses) are only counted at the end, by settleRefs, so that their row
		// locks are held from then to the commit only: documents loaded at once in
		// several connections overlap everything up to that point.
		count(w.add, +1)
		inc := make(map[refs.ValueHash]int, len(w.values))
		for h := range w.values {
			inc[h] = refInc[h]
			delete(refInc, h)
		}
		inserted, err := insertValues(ctx, tx, w.values, inc)
		if err != nil {
			return err
		}
		for h, n := range inc {
			if !inserted[h] {
				refInc[h] += n
			}
		}
		if _, err := insertQuads(ctx, tx, w.add, false); err != nil {
			return err
		}
		w.added = len(w.add)
	} else if len(w.add) > 0 {
		// Some quads may be there already: the values' counts are settled below, once
		// the quads actually added are known.
		if _, err := insertValues(ctx, tx, w.values, nil); err != nil {
			return err
		}
		added, err := insertQuads(ctx, tx, w.add, true)
		if err != nil {
			return err
		}
		count(added, +1)
		w.added = len(added)
	}
	return settleRefs(ctx, tx, refInc)
}

// deleteQuads removes the quads hs and returns those that were there.
func deleteQuads(ctx context.Context, tx pgx.Tx, hs []refs.QuadHash) ([]refs.QuadHash, error) {
	var labelled, unlabelled []refs.QuadHash
	for _, h := range hs {
		if h.Label.Valid() {
			labelled = append(labelled, h)
		} else {
			unlabelled = append(unlabelled, h)
		}
	}
	var gone []refs.QuadHash
	// Two statements, so that each compares the label with = or IS NULL and both can use
	// the unique indexes (IS NOT DISTINCT FROM cannot).
	for _, part := range []struct {
		hs    []refs.QuadHash
		dirs  int
		label string
	}{
		{labelled, 4, "q.label_hash = d.l"},
		{unlabelled, 3, "q.label_hash IS NULL"},
	} {
		cols := "s, p, o, l"[:3*part.dirs-2]
		err := inChunks(len(part.hs), part.dirs, func(lo, hi int) error {
			var b strings.Builder
			args := make([]any, 0, (hi-lo)*part.dirs)
			b.WriteString("DELETE FROM quads q USING (VALUES ")
			for i, h := range part.hs[lo:hi] {
				if i > 0 {
					b.WriteString(", ")
				}
				args = appendRow(&b, args, i == 0, "::bytea", quadArgs(h)[:part.dirs]...)
			}
			b.WriteString(") AS d(" + cols + ") WHERE q.subject_hash = d.s AND q.predicate_hash = d.p AND q.object_hash = d.o AND ")
			b.WriteString(part.label)
			b.WriteString(" RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash")
			got, err := queryQuads(ctx, tx, b.String(), args)
			gone = append(gone, got...)
			return err
		})
		if err != nil {
			return gone, fmt.Errorf("postgres: remove quads: %w", err)
		}
	}
	return gone, nil
}

// insertValues copies the rows of the values into the staging table, each with its
// count from inc (0 when inc is nil), then inserts those not in nodes yet with one
// statement, and returns which it inserted. It takes no lock on existing rows.
//
// Rows go in the order of their hashes: an insert that meets a row another transaction
// inserted and has not committed waits for that transaction, so two connections
// inserting the same new values in different orders would deadlock.
func insertValues(ctx context.Context, tx pgx.Tx, values map[refs.ValueHash]quad.Value, inc map[refs.ValueHash]int) (map[refs.ValueHash]bool, error) {
	rows := make([][]any, 0, len(values))
	for h, v := range values {
		row, err := nodeRow(h, v, inc[h])
		if err != nil {
			return nil, fmt.Errorf("postgres: add values: value %v: %w", v, err)
		}
		rows = append(rows, row)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"annals_stage_nodes"}, nodeColumns, pgx.CopyFromRows(rows)); err != nil {
		return nil, fmt.Errorf("postgres: add values: copy: %w", err)
	}
	cols := strings.Join(nodeColumns, ", ")
	got, err := tx.Query(ctx, `INSERT INTO nodes (`+cols+`) SELECT `+cols+` FROM annals_stage_nodes ORDER BY hash
		ON CONFLICT (hash) DO NOTHING RETURNING hash`)
	if err != nil {
		return nil, fmt.Errorf("postgres: add values: %w", err)
	}
	defer got.Close()
	inserted := make(map[refs.ValueHash]bool, len(values))
	for got.Next() {
		var b []byte
		if err := got.Scan(&b); err != nil {
			return nil, fmt.Errorf("postgres: add values: %w", err)
		}
		var h refs.ValueHash
		copy(h[:], b)
		inserted[h] = true
	}
	if err := got.Err(); err != nil {
		return nil, fmt.Errorf("postgres: add values: %w", err)
	}
	return inserted, nil
}

// nodeRow is the row of value v (hash h, reference count refs) in nodeColumns' order,
// with the columns Cayley fills for its type (csql.NodeValues) and NULL in the others.
func nodeRow(h refs.ValueHash, v quad.Value, refs int) ([]any, error) {
	typ, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: h}, v)
	if err != nil {
		return nil, err
	}
	row := make([]any, len(nodeColumns))
	row[0], row[1] = vals[0], refs
	for i, col := range typ.Columns() {
		row[slices.Index(nodeColumns, col)] = vals[1+i]
	}
	return row, nil
}

// insertQuads copies the quads hs into the staging table, then inserts them with one
// statement, and returns those it added: all of them, or an ErrQuadExists if one is
// there already, unless ignoreDup skips those.
func insertQuads(ctx context.Context, tx pgx.Tx, hs []refs.QuadHash, ignoreDup bool) ([]refs.QuadHash, error) {
	rows := make([][]any, len(hs))
	for i, h := range hs {
		rows[i] = quadArgs(h)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"annals_stage_quads"}, []string{"s", "p", "o", "l"}, pgx.CopyFromRows(rows)); err != nil {
		return nil, fmt.Errorf("postgres: add quads: copy: %w", err)
	}
	// In the order of the unique indexes: each index page is visited once per run of
	// quads that fall on it instead of once per quad.
	const insert = `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
		SELECT s, p, o, l, now() FROM annals_stage_quads ORDER BY s, p, o, l`
	if !ignoreDup {
		_, err := tx.Exec(ctx, insert)
		if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
			return nil, &cgraph.DeltaError{Err: cgraph.ErrQuadExists}
		} else if err != nil {
			return nil, fmt.Errorf("postgres: add quads: %w", err)
		}
		return hs, nil
	}
	added, err := queryQuads(ctx, tx, insert+" ON CONFLICT DO NOTHING RETURNING subject_hash, predicate_hash, object_hash, label_hash", nil)
	if err != nil {
		return nil, fmt.Errorf("postgres: add quads: %w", err)
	}
	return added, nil
}

// WriteOrder puts quads that one transaction adds to s in the order s lays them out,
// which is the order its scans return them in: as given on bolt and memory; on
// PostgreSQL, by the hashes of their subject, predicate, object and label, the order
// insertQuads inserts them in and PGBulk numbers a bulk load's quads in. A reader that
// keeps what it wrote (queries.IndexWriter) then sees what a scan of the store would
// show.
func WriteOrder(s *Store, quads []quad.Quad) {
	if s.Kind != KindPostgres || len(quads) < 2 {
		return
	}
	deltas := make([]cgraph.Delta, len(quads))
	for i, q := range quads {
		deltas[i].Quad = q
	}
	permute(quads, writeOrder(cayleykv.HashDeltas(deltas)))
}

// writeOrder is the order of the quads h hashes in the store (WriteOrder): by the
// hashes of their subject, predicate, object and label. The first 8 bytes of each hash
// decide all but rare ties.
func writeOrder(h *cayleykv.Hashes) []int {
	type key struct {
		prefix [4]uint64
		q      refs.QuadHash
	}
	keys := make([]key, h.Len())
	order := make([]int, h.Len())
	for i := range keys {
		keys[i].q = h.Quad(i)
		for j, dir := range quad.Directions {
			vh := keys[i].q.Get(dir)
			keys[i].prefix[j] = binary.BigEndian.Uint64(vh[:8])
		}
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ka, kb := &keys[a], &keys[b]
		for j := range ka.prefix {
			if c := cmp.Compare(ka.prefix[j], kb.prefix[j]); c != 0 {
				return c
			}
		}
		for _, dir := range quad.Directions {
			x, y := ka.q.Get(dir), kb.q.Get(dir)
			if c := bytes.Compare(x[:], y[:]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	return order
}

// permute puts xs in order: xs[i] becomes the old xs[order[i]].
func permute[T any](xs []T, order []int) {
	sorted := make([]T, len(xs))
	for i, x := range order {
		sorted[i] = xs[x]
	}
	copy(xs, sorted)
}

// settleRefs adds refInc to the values' reference counts, then removes the values whose
// count fell to zero: those that lost references or were added for a quad that turned
// out to be there already.
func settleRefs(ctx context.Context, tx pgx.Tx, refInc map[refs.ValueHash]int) error {
	type row struct {
		h   refs.ValueHash
		inc int
	}
	var changed []row
	var maybeUnused [][]byte
	for h, inc := range refInc {
		if inc != 0 {
			changed = append(changed, row{h, inc})
		}
		if inc <= 0 {
			maybeUnused = append(maybeUnused, h[:])
		}
	}
	// Lock the rows in the order of their hashes before updating them: transactions
	// of other connections lock the same shared rows (predicates, types) in the same
	// order, so they queue instead of deadlocking.
	if len(changed) > 0 {
		hs := make([][]byte, len(changed))
		for i, r := range changed {
			hs[i] = r.h[:]
		}
		rows, err := tx.Query(ctx, "SELECT hash FROM nodes WHERE hash = ANY($1) ORDER BY hash FOR NO KEY UPDATE", hs)
		if err != nil {
			return fmt.Errorf("postgres: lock values: %w", err)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("postgres: lock values: %w", err)
		}
	}
	err := inChunks(len(changed), 2, func(lo, hi int) error {
		var b strings.Builder
		args := make([]any, 0, (hi-lo)*2)
		b.WriteString("UPDATE nodes SET refs = nodes.refs + d.inc FROM (VALUES ")
		for i, r := range changed[lo:hi] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			if i == 0 {
				args = appendParams(&b, args, "::bytea", r.h[:])
				b.WriteString(", ")
				args = appendParams(&b, args, "::int", r.inc)
			} else {
				args = appendParams(&b, args, "", r.h[:], r.inc)
			}
			b.WriteByte(')')
		}
		b.WriteString(") AS d(hash, inc) WHERE nodes.hash = d.hash")
		_, err := tx.Exec(ctx, b.String(), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: count value references: %w", err)
	}
	if len(maybeUnused) > 0 {
		_, err := tx.Exec(ctx, "DELETE FROM nodes WHERE hash = ANY($1) AND refs <= 0", maybeUnused)
		if err != nil {
			return fmt.Errorf("postgres: remove unused values: %w", err)
		}
	}
	return nil
}

// quadArgs are the bind values of a quad's four hash columns, as Cayley writes them.
func quadArgs(h refs.QuadHash) []any {
	return []any{
		csql.NodeHash{ValueHash: h.Subject}.SQLValue(),
		csql.NodeHash{ValueHash: h.Predicate}.SQLValue(),
		csql.NodeHash{ValueHash: h.Object}.SQLValue(),
		csql.NodeHash{ValueHash: h.Label}.SQLValue(),
	}
}

// queryQuads runs a statement that returns quads' four hash columns.
func queryQuads(ctx context.Context, tx pgx.Tx, query string, args []any) ([]refs.QuadHash, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []refs.QuadHash
	for rows.Next() {
		var s, p, o, l csql.NodeHash
		if err := rows.Scan(&s, &p, &o, &l); err != nil {
			return out, err
		}
		out = append(out, refs.QuadHash{Subject: s.ValueHash, Predicate: p.ValueHash, Object: o.ValueHash, Label: l.ValueHash})
	}
	return out, rows.Err()
}

// inChunks calls do for consecutive ranges of n rows of perRow parameters each, as many
// rows at a time as one statement may bind.
func inChunks(n, perRow int, do func(lo, hi int) error) error {
	step := maxParams / perRow
	for lo := 0; lo < n; lo += step {
		if err := do(lo, min(lo+step, n)); err != nil {
			return err
		}
	}
	return nil
}

// appendRow writes a parenthesized row of placeholders for vals; the first row of a
// VALUES list carries cast, since PostgreSQL infers a column's type from it.
func appendRow(b *strings.Builder, args []any, first bool, cast string, vals ...any) []any {
	if !first {
		cast = ""
	}
	b.WriteByte('(')
	args = appendParams(b, args, cast, vals...)
	b.WriteByte(')')
	return args
}

// appendParams writes comma-separated placeholders, numbered after args, for vals.
func appendParams(b *strings.Builder, args []any, cast string, vals ...any) []any {
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, v)
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(len(args)))
		b.WriteString(cast)
	}
	return args
}

// valueCacheSize is how many values NameOf keeps per store: a value's hash never
// changes meaning, so a cached value is never stale.
const valueCacheSize = 1 << 18

// NameOf is Cayley's, with a cache of valueCacheSize values in front of it. Cayley's SQL
// store keeps 1,024, so the named queries, which read the same predicates, types,
// dates and places for every event, asked PostgreSQL for most of them again.
func (s *batchedPostgres) NameOf(v cgraph.Ref) (quad.Value, error) {
	var key refs.ValueHash
	switch h := v.(type) {
	case csql.NodeHash:
		key = h.ValueHash
	case refs.ValueHash:
		key = h
	default:
		return s.QuadStore.NameOf(v)
	}
	if val, ok := s.values.Get(key); ok {
		return val, nil
	}
	val, err := s.QuadStore.NameOf(v)
	if err == nil && val != nil {
		s.values.Add(key, val)
	}
	return val, err
}

// Quad is Cayley's, with its values read through NameOf's cache: Cayley's Quad asks
// its own NameOf, whose cache of 1,024 values the walk of every quad that builds the
// query index overflows at once, so that it asked PostgreSQL for nearly every value
// of every quad.
func (s *batchedPostgres) Quad(ref cgraph.Ref) (quad.Quad, error) {
	h, ok := ref.(csql.QuadHashes)
	if !ok {
		return s.QuadStore.Quad(ref)
	}
	var q quad.Quad
	for _, dir := range quad.Directions {
		v, err := s.NameOf(h.Get(dir))
		if err != nil {
			return quad.Quad{}, err
		}
		q.Set(dir, v)
	}
	return q, nil
}

// warmValues fills NameOf's cache with up to valueCacheSize values from the nodes
// table in one query, instead of one query per value as a walk of the quads asks for
// them: building the query index of a store this process has not read yet (a
// follower's after a load replicated) then costs one scan instead of thousands of
// round trips. Times and values Cayley stores serialized are left to NameOf, which
// decodes them.
func (s *batchedPostgres) warmValues(ctx context.Context) error {
	rows, err := s.pool.Query(ctx, `SELECT hash, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float
		FROM nodes WHERE value IS NULL AND value_time IS NULL LIMIT $1`, valueCacheSize)
	if err != nil {
		return fmt.Errorf("postgres: read values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			hash             []byte
			str, typ, lang   *string
			iri, bnode, vbol *bool
			vint             *int64
			vflt             *float64
		)
		if err := rows.Scan(&hash, &str, &typ, &lang, &iri, &bnode, &vint, &vbol, &vflt); err != nil {
			return fmt.Errorf("postgres: read values: %w", err)
		}
		var h refs.ValueHash
		if len(hash) != len(h) {
			continue
		}
		copy(h[:], hash)
		if v := nodeValue(str, typ, lang, iri, bnode, vbol, vint, vflt); v != nil {
			s.values.Add(h, v)
		}
	}
	return rows.Err()
}

// nodeValue is the value of a nodes row, decoded as Cayley's NameOf decodes it; nil
// for a row of no column read here.
func nodeValue(str, typ, lang *string, iri, bnode, vbool *bool, vint *int64, vfloat *float64) quad.Value {
	switch {
	case str != nil:
		switch {
		case iri != nil && *iri:
			return quad.IRI(*str)
		case bnode != nil && *bnode:
			return quad.BNode(*str)
		case lang != nil:
			return quad.LangString{Value: quad.String(unescapeNullByte(*str)), Lang: *lang}
		case typ != nil:
			return quad.TypedString{Value: quad.String(unescapeNullByte(*str)), Type: quad.IRI(*typ)}
		}
		return quad.String(unescapeNullByte(*str))
	case vint != nil:
		return quad.Int(*vint)
	case vbool != nil:
		return quad.Bool(*vbool)
	case vfloat != nil:
		return quad.Float(*vfloat)
	}
	return nil
}

// unescapeNullByte undoes the escape of NUL bytes Cayley writes strings with
// (csql.NodeValues).
func unescapeNullByte(s string) string { return strings.ReplaceAll(s, `\x00`, "\x00") }
