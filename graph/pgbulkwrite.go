package graph

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/jackc/pgx/v5"

	"annals/graph/internal/cayleykv"
)

// BulkLoader is the first load of an empty store, gathered in memory and written at
// once: BoltBulk on bolt, PGBulk on PostgreSQL.
type BulkLoader interface {
	// Add adds the quads of the document named source (all additions) with their
	// hashes (HashQuads; nil: computed here), and puts deltas in the order the store
	// will lay them out (WriteOrder). On error nothing was added.
	Add(source string, deltas []cgraph.Delta, hashes QuadHashes) error
	// Quads is how many quads were added.
	Quads() int
	// ValueIDs returns the ids the store gives vals once the bulk is written (0 for a
	// value it does not hold; nil for a store without value ids).
	ValueIDs(vals []quad.Value) []uint64
	// Write writes the quads added, and returns how many it wrote (a quad added twice
	// once). The store moves by one generation, whose change log names every label. On
	// error the store is as it was. Call it once.
	Write(ctx context.Context) (int, error)
}

// PGBulk is the first load of an empty PostgreSQL store during a bulk load (Bulk): the
// quads of its documents are gathered in memory (Add), and Write puts them in Cayley's
// tables in one transaction, by one COPY of the values (with their final reference
// counts) and one of the quads, each in the order of its primary key or unique index.
// The documents loaded one transaction each instead send each quad and value through
// a staging table, an insert that checks for the rows there already and three B-trees
// updated row by row, and every shared value's count is updated by every document.
//
// The transaction holds the quads and nodes tables exclusively: it drops the indexes
// the bulk load kept (the primary key and the unique indexes, which an insert
// maintains row by row, several times slower than a build from the table), copies, and
// builds them again from the table; the quads go in the order of the unique index, so
// that its build finds them sorted. It also adds the foreign keys the bulk load
// dropped, each checked by one join. Other sessions see the tables empty, or full with
// those indexes and checked keys. The other indexes the bulk load dropped are rebuilt
// after the commit (Bulk.Finish). A load killed before the commit leaves the tables
// empty.
type PGBulk struct {
	s      *Store
	pg     *batchedPostgres
	logger *slog.Logger // the bulk load's

	mu    sync.Mutex
	index map[refs.ValueHash]uint32 // 1 + index in vals
	vals  []pgBulkValue
	quads []pgBulkQuad
	docs  []pgBulkDoc
}

var (
	_ BulkLoader = (*PGBulk)(nil)
	_ BulkLoader = (*BoltBulk)(nil)
)

type pgBulkValue struct {
	h refs.ValueHash
	v quad.Value
}

// pgBulkQuad is a quad as 1 + the index in vals of each direction's value (0: none),
// and the document that added it.
type pgBulkQuad struct {
	v   [4]uint32
	doc uint32
}

type pgBulkDoc struct {
	source string
	added  int
}

// Gather starts gathering the first load of the store this bulk load empties (s):
// its documents are written by the PGBulk's Write, and the indexes dropped are
// rebuilt by Finish as ever. Gather on nil returns nil.
func (b *Bulk) Gather(s *Store) *PGBulk {
	if b == nil {
		return nil
	}
	pg, ok := s.QuadStore.(*batchedPostgres)
	if !ok {
		return nil
	}
	return &PGBulk{s: s, pg: pg, logger: b.log, index: make(map[refs.ValueHash]uint32)}
}

// Add adds the quads of the document named source. A value of a type PostgreSQL
// cannot store is an error of the document, found here.
func (b *PGBulk) Add(source string, deltas []cgraph.Delta, hashes QuadHashes) error {
	var h *cayleykv.Hashes
	if len(hashes) == 1 {
		h = hashes[0]
	}
	if h == nil {
		h = cayleykv.HashDeltas(deltas)
	} else if h.Len() != len(deltas) {
		return fmt.Errorf("bulk load: %d hashes for %d deltas", h.Len(), len(deltas))
	}
	for i, d := range deltas {
		if d.Action != cgraph.Add {
			return fmt.Errorf("bulk load: a bulk load only adds quads (delta %d removes %v)", i, d.Quad)
		}
	}
	order := writeOrder(h)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.quads)+len(deltas) > math.MaxUint32 || len(b.docs) == math.MaxUint32 {
		return errors.New("bulk load: a bulk load holds at most 2^32-1 quads")
	}
	qs := make([]pgBulkQuad, len(deltas))
	var fresh []pgBulkValue
	local := make(map[refs.ValueHash]uint32) // this document's new values
	for i, d := range deltas {
		qh := h.Quad(i)
		qs[i].doc = uint32(len(b.docs))
		for j, dir := range quad.Directions {
			vh := qh.Get(dir)
			if !vh.Valid() {
				continue
			}
			x, ok := b.index[vh]
			if !ok {
				if x, ok = local[vh]; !ok {
					v := d.Quad.Get(dir)
					if _, _, err := csql.NodeValues(csql.NodeHash{ValueHash: vh}, v); err != nil {
						return fmt.Errorf("bulk load: value %v: %w", v, err)
					}
					fresh = append(fresh, pgBulkValue{h: vh, v: v})
					x = uint32(len(b.vals) + len(fresh))
					local[vh] = x
				}
			}
			qs[i].v[j] = x
		}
	}
	if len(b.vals)+len(fresh) >= math.MaxUint32 {
		return errors.New("bulk load: a bulk load holds at most 2^32-2 values")
	}
	for h, x := range local {
		b.index[h] = x
	}
	b.vals = append(b.vals, fresh...)
	b.quads = append(b.quads, qs...)
	b.docs = append(b.docs, pgBulkDoc{source: source})
	permute(deltas, order)
	return nil
}

// Quads is how many quads were added.
func (b *PGBulk) Quads() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.quads)
}

// ValueIDs is nil: PostgreSQL names values by their hashes.
func (b *PGBulk) ValueIDs([]quad.Value) []uint64 { return nil }

// Write writes the quads added (see PGBulk). If another session wrote quads since the
// bulk load began, or reads hold the tables for bulkLockWait, the documents are
// written the normal way instead, each in one transaction (an error there leaves the
// documents before it written).
func (b *PGBulk) Write(ctx context.Context) (int, error) {
	s := b.s
	s.write.Lock()
	defer s.write.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	rank := b.sortValues()
	kept := b.sortQuads(rank)
	s.seq.Add(1)
	defer s.seq.Add(1)
	n, err := b.copyAll(ctx, kept)
	if errors.Is(err, errCannotCopy) {
		b.logger.Info("bulk load: the documents are written one transaction each", "why", err)
		return b.writeEach(ctx, kept)
	} else if err != nil {
		return 0, err
	}
	// Cayley caches the quad and node counts and forgets them only in its own
	// ApplyDeltas; an empty one does nothing else (one empty transaction).
	return n, b.pg.QuadStore.ApplyDeltas(nil, cgraph.IgnoreOpts{})
}

// sortValues puts vals in the order of their hashes (the nodes table's primary key)
// and returns, for each former 1 + index, the new one.
func (b *PGBulk) sortValues() []uint32 {
	order := make([]uint32, len(b.vals))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return bytes.Compare(b.vals[x].h[:], b.vals[y].h[:]) })
	rank := make([]uint32, len(b.vals)+1)
	sorted := make([]pgBulkValue, len(b.vals))
	for r, i := range order {
		rank[i+1] = uint32(r + 1)
		sorted[r] = b.vals[i]
	}
	b.vals = sorted
	return rank
}

// sortQuads renumbers the quads' values by rank and sorts the quads as the unique
// index orders them (by subject, predicate, object, then label, a quad without one
// last, as PostgreSQL orders NULL), each repeated quad after its first document's. It
// returns the quads to write, each once, and counts each document's.
func (b *PGBulk) sortQuads(rank []uint32) []pgBulkQuad {
	for i := range b.quads {
		q := &b.quads[i]
		for j, x := range q.v {
			if x == 0 {
				q.v[j] = math.MaxUint32 // only the label may be absent
			} else {
				q.v[j] = rank[x]
			}
		}
	}
	slices.SortFunc(b.quads, func(x, y pgBulkQuad) int {
		for j := range x.v {
			if c := cmp.Compare(x.v[j], y.v[j]); c != 0 {
				return c
			}
		}
		return cmp.Compare(x.doc, y.doc)
	})
	kept := b.quads[:0]
	for i, q := range b.quads {
		if i > 0 && q.v == b.quads[i-1].v {
			continue
		}
		b.docs[q.doc].added++
		kept = append(kept, q)
	}
	return kept
}

// errCannotCopy is a store the documents gathered cannot be copied into at once: it
// is not empty any more, or its tables are busy.
var errCannotCopy = errors.New("bulk load: the documents cannot be copied at once")

// copyAll writes the values and quads in one transaction (see PGBulk) and returns how
// many quads it wrote.
func (b *PGBulk) copyAll(ctx context.Context, quads []pgBulkQuad) (int, error) {
	conn, err := b.pg.pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("bulk load: connect: %w", err)
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("bulk load: begin: %w", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '`+bulkMaintenanceMem+`'`); err != nil {
		return 0, fmt.Errorf("bulk load: %w", err)
	}
	locked, empty, err := lockEmpty(ctx, tx, "quads, nodes")
	switch {
	case err != nil:
		return 0, fmt.Errorf("bulk load: lock the tables: %w", err)
	case !locked:
		return 0, fmt.Errorf("%w: the tables were busy with reads for %s", errCannotCopy, bulkLockWait)
	case !empty:
		return 0, fmt.Errorf("%w: another session wrote quads since the bulk load began", errCannotCopy)
	}
	rebuild, err := dropQuadIndexes(ctx, tx)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := b.copyValues(ctx, tx, quads); err != nil {
		return 0, err
	}
	if err := b.copyQuads(ctx, tx, quads); err != nil {
		return 0, err
	}
	copied := time.Since(start)
	for _, stmt := range rebuild {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return 0, fmt.Errorf("bulk load: %s: %w", stmt, err)
		}
	}
	indexed := time.Since(start) - copied
	if err := restoreForeignKeys(ctx, tx, b.logger); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `ANALYZE quads, nodes`); err != nil {
		return 0, fmt.Errorf("bulk load: analyze: %w", err)
	}
	b.logger.Info("bulk load: tables written", "values", len(b.vals), "quads", len(quads),
		"copied", copied.Round(time.Millisecond), "unique_indexes", indexed.Round(time.Millisecond),
		"elapsed", time.Since(start).Round(time.Millisecond))
	sources, added := make([]string, len(b.docs)), make([]int32, len(b.docs))
	for i, d := range b.docs {
		sources[i], added[i] = d.source, int32(d.added)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO annals_loads (document, quads_added, quads_removed)
		SELECT nullif(d, ''), n, 0 FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(d, n, i) ORDER BY i`,
		sources, added); err != nil {
		return 0, fmt.Errorf("bulk load: record the load: %w", err)
	}
	if err := logPostgresChanges(ctx, tx, cayleykv.EncodeChanges(nil, true)); err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("bulk load: commit: %w", err)
	}
	return len(quads), nil
}

// dropQuadIndexes drops the indexes the quads table has (a bulk load dropped the
// others) and returns the statements that make them again.
func dropQuadIndexes(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `
		SELECT c.relname, coalesce(k.conname, ''), coalesce(pg_get_constraintdef(k.oid), ''), pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u')
		WHERE i.indrelid = 'quads'::regclass ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("bulk load: list indexes: %w", err)
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([4]string, error) {
		var it [4]string
		return it, r.Scan(&it[0], &it[1], &it[2], &it[3])
	})
	if err != nil {
		return nil, fmt.Errorf("bulk load: list indexes: %w", err)
	}
	var rebuild []string
	for _, it := range items {
		index, constraint, condef, indexdef := it[0], it[1], it[2], it[3]
		drop := `DROP INDEX ` + pgx.Identifier{index}.Sanitize()
		create := indexdef
		if constraint != "" {
			q := pgx.Identifier{constraint}.Sanitize()
			drop = `ALTER TABLE quads DROP CONSTRAINT ` + q
			create = `ALTER TABLE quads ADD CONSTRAINT ` + q + ` ` + condef
		}
		if _, err := tx.Exec(ctx, drop); err != nil {
			return nil, fmt.Errorf("bulk load: drop %s: %w", index, err)
		}
		rebuild = append(rebuild, create)
	}
	return rebuild, nil
}

// restoreForeignKeys adds, in tx, the foreign keys of quads the bulk load dropped,
// each checked by one join of the tables, and takes them off annals_bulk's list. In
// the transaction that fills the tables, the checks run while the loader assembles its
// query index (annals load), instead of after it, when the other indexes are built
// (each check locks the table against index builds).
func restoreForeignKeys(ctx context.Context, tx pgx.Tx, log *slog.Logger) error {
	c := pgxExec{tx}
	keys, err := c.rows(ctx, `SELECT name, kind, definition FROM annals_bulk WHERE kind = 'foreign key' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("bulk load: read annals_bulk: %w", err)
	}
	for _, k := range keys {
		if err := makeItem(ctx, c, k, log); err != nil {
			return err
		}
	}
	return nil
}

// copyValues copies the values, each with its number of references among quads, in
// the order of their hashes.
func (b *PGBulk) copyValues(ctx context.Context, tx pgx.Tx, quads []pgBulkQuad) error {
	counts := make([]int32, len(b.vals)+1)
	for _, q := range quads {
		for _, x := range q.v {
			if x != math.MaxUint32 {
				counts[x]++
			}
		}
	}
	err := copyBinary(ctx, tx, "nodes", nodeColumns, len(b.vals), func(r *copyRow, i int) error {
		v := b.vals[i]
		row, err := nodeRow(v.h, v.v, int(counts[i+1])) // each value is named by a quad kept
		if err != nil {
			return fmt.Errorf("value %v: %w", v.v, err)
		}
		for _, f := range row {
			if err := r.value(f); err != nil {
				return fmt.Errorf("value %v: %w", v.v, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bulk load: copy the values: %w", err)
	}
	return nil
}

// copyQuads copies the quads, numbered in the order given (their horizon, which the
// store's scans follow), and moves the horizon's sequence past them.
func (b *PGBulk) copyQuads(ctx context.Context, tx pgx.Tx, quads []pgBulkQuad) error {
	now := time.Now().UTC()
	hash := func(r *copyRow, x uint32) {
		if x == math.MaxUint32 {
			r.null()
		} else {
			r.bytes(b.vals[x-1].h[:])
		}
	}
	cols := []string{"horizon", "subject_hash", "predicate_hash", "object_hash", "label_hash", "ts"}
	err := copyBinary(ctx, tx, "quads", cols, len(quads), func(r *copyRow, i int) error {
		q := &quads[i]
		r.int8(int64(i + 1))
		for _, x := range q.v {
			hash(r, x)
		}
		r.time(now)
		return nil
	})
	if err != nil {
		return fmt.Errorf("bulk load: copy the quads: %w", err)
	}
	if len(quads) > 0 {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('quads', 'horizon'), $1)`, len(quads)); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	return nil
}

// writeEach writes the documents of quads (sortQuads' kept quads) the normal way, one
// transaction each, and returns how many quads they hold.
func (b *PGBulk) writeEach(ctx context.Context, quads []pgBulkQuad) (int, error) {
	byDoc := make([][]cgraph.Delta, len(b.docs))
	for _, q := range quads {
		var qd quad.Quad
		for j, dir := range quad.Directions {
			if x := q.v[j]; x != math.MaxUint32 {
				qd.Set(dir, b.vals[x-1].v)
			}
		}
		byDoc[q.doc] = append(byDoc[q.doc], cgraph.Delta{Quad: qd, Action: cgraph.Add})
	}
	n := 0
	for i, deltas := range byDoc {
		if err := b.pg.applyDocument(ctx, deltas, cgraph.IgnoreOpts{IgnoreDup: true}, b.docs[i].source); err != nil {
			return n, fmt.Errorf("bulk load: %s: %w", b.docs[i].source, err)
		}
		n += len(deltas)
	}
	return n, nil
}
