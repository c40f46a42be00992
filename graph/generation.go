package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/jackc/pgx/v5"

	"annals/graph/internal/cayleykv"
)

// ErrNoGeneration is returned by Fingerprint and ChangesSince for a store that keeps
// no generation (CockroachDB): an index of it cannot be checked, only rebuilt.
var ErrNoGeneration = errors.New("the store keeps no generation")

// Fingerprint names one state of a store: which store it is (ID, random, given when it
// was first opened by annals) and how many transactions have changed it (Generation).
// Every transaction that changes the store bumps its generation in the same
// transaction, whichever process makes it, so an index written at one fingerprint
// describes the store exactly when the store still has that fingerprint.
type Fingerprint struct {
	ID         string
	Generation uint64
}

// Changes are the labels (entries) of the quads that transactions added or removed
// between two generations. All is true when they cannot be named that way (a quad
// without an IRI label was written, or the log no longer reaches back): whoever keeps
// a copy of the store must then read it all again.
type Changes struct {
	Labels []quad.IRI
	All    bool
	To     Fingerprint // the store's fingerprint when the changes were read
}

// changeLog is the generation and change log of a memory store, which lives no longer
// than the process.
type changeLog struct {
	mu  sync.Mutex
	id  string
	gen uint64
	log map[uint64][]byte
}

func (c *changeLog) add(deltas []cgraph.Delta) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if c.log == nil {
		c.log = make(map[uint64][]byte)
	}
	c.log[c.gen] = cayleykv.EncodeChanges(cayleykv.ChangedLabels(deltas))
	delete(c.log, c.gen-cayleykv.LogRetention)
}

func (c *changeLog) since(since uint64) (labels []string, all bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if since > c.gen {
		return nil, true, c.gen
	}
	var recs [][]byte
	for g := since + 1; g <= c.gen; g++ {
		rec, ok := c.log[g]
		if !ok {
			return nil, true, c.gen
		}
		recs = append(recs, rec)
	}
	labels, all = mergeChanges(recs)
	return labels, all, c.gen
}

func mergeChanges(recs [][]byte) (labels []string, all bool) {
	seen := make(map[string]bool)
	for _, rec := range recs {
		ls, a := cayleykv.DecodeChanges(rec)
		if a {
			return nil, true
		}
		for _, l := range ls {
			if !seen[l] {
				seen[l] = true
				labels = append(labels, l)
			}
		}
	}
	return labels, false
}

// Fingerprint returns the store's identity and generation.
func (s *Store) Fingerprint(ctx context.Context) (Fingerprint, error) {
	switch qs := s.QuadStore.(type) {
	case *cayleykv.QuadStore:
		id, gen, err := qs.Generation(ctx)
		if err != nil {
			return Fingerprint{}, fmt.Errorf("read the store's generation: %w", err)
		}
		return Fingerprint{ID: id, Generation: gen}, nil
	case *batchedPostgres:
		return qs.fingerprint(ctx)
	}
	if s.Kind == KindMemory {
		s.changes.mu.Lock()
		defer s.changes.mu.Unlock()
		return Fingerprint{ID: s.changes.id, Generation: s.changes.gen}, nil
	}
	return Fingerprint{}, ErrNoGeneration
}

// ChangesSince returns the labels changed by the transactions after generation since.
func (s *Store) ChangesSince(ctx context.Context, since uint64) (Changes, error) {
	var (
		labels []string
		ch     Changes
	)
	switch qs := s.QuadStore.(type) {
	case *cayleykv.QuadStore:
		id, _, err := qs.Generation(ctx)
		if err != nil {
			return Changes{}, fmt.Errorf("read the store's changes: %w", err)
		}
		labels, ch.All, ch.To.Generation, err = qs.ChangesSince(ctx, since)
		if err != nil {
			return Changes{}, fmt.Errorf("read the store's changes: %w", err)
		}
		ch.To.ID = id
	case *batchedPostgres:
		var err error
		if labels, ch.All, ch.To, err = qs.changesSince(ctx, since); err != nil {
			return Changes{}, err
		}
	default:
		if s.Kind != KindMemory {
			return Changes{}, ErrNoGeneration
		}
		labels, ch.All, ch.To.Generation = s.changes.since(since)
		ch.To.ID = s.changes.id
	}
	for _, l := range labels {
		ch.Labels = append(ch.Labels, quad.IRI(l))
	}
	return ch, nil
}

// postgresGenerationSchema keeps the generation of a PostgreSQL store and the log of
// its changes in tables of annals' own, written in the transaction of each write.
var postgresGenerationSchema = []string{
	`CREATE TABLE IF NOT EXISTS annals_generation (
		one boolean PRIMARY KEY DEFAULT true CHECK (one),
		store_id text NOT NULL,
		generation bigint NOT NULL)`,
	`INSERT INTO annals_generation (store_id, generation)
		VALUES (md5(random()::text || clock_timestamp()::text), 0) ON CONFLICT DO NOTHING`,
	`CREATE TABLE IF NOT EXISTS annals_changes (
		generation bigint PRIMARY KEY,
		labels text NOT NULL)`,
}

// logPostgresChanges bumps the generation and logs rec (EncodeChanges) in tx. Call it last in a
// write transaction: the generation row is locked from then to the commit, so that
// writers of several processes get generations in the order they commit.
func logPostgresChanges(ctx context.Context, tx pgx.Tx, rec []byte) error {
	var gen int64
	if err := tx.QueryRow(ctx, `UPDATE annals_generation SET generation = generation + 1 RETURNING generation`).Scan(&gen); err != nil {
		return fmt.Errorf("postgres: bump the generation: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO annals_changes (generation, labels) VALUES ($1, $2)`, gen, string(rec)); err != nil {
		return fmt.Errorf("postgres: log the changes: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM annals_changes WHERE generation <= $1`, gen-cayleykv.LogRetention); err != nil {
		return fmt.Errorf("postgres: prune the change log: %w", err)
	}
	return nil
}

func (s *batchedPostgres) fingerprint(ctx context.Context) (Fingerprint, error) {
	var fp Fingerprint
	var gen int64
	err := s.pool.QueryRow(ctx, `SELECT store_id, generation FROM annals_generation`).Scan(&fp.ID, &gen)
	if err != nil {
		return Fingerprint{}, fmt.Errorf("read the store's generation: %w", err)
	}
	fp.Generation = uint64(gen)
	return fp, nil
}

// changesSince reads the generation and the log after since in one snapshot
// (REPEATABLE READ), so that the two agree.
func (s *batchedPostgres) changesSince(ctx context.Context, since uint64) (labels []string, all bool, fp Fingerprint, err error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, false, fp, fmt.Errorf("read the store's changes: %w", err)
	}
	defer tx.Rollback(context.Background())
	var gen int64
	if err := tx.QueryRow(ctx, `SELECT store_id, generation FROM annals_generation`).Scan(&fp.ID, &gen); err != nil {
		return nil, false, fp, fmt.Errorf("read the store's generation: %w", err)
	}
	fp.Generation = uint64(gen)
	if since > fp.Generation {
		return nil, true, fp, nil
	}
	rows, err := tx.Query(ctx, `SELECT labels FROM annals_changes WHERE generation > $1 AND generation <= $2 ORDER BY generation`, int64(since), gen)
	if err != nil {
		return nil, false, fp, fmt.Errorf("read the store's changes: %w", err)
	}
	defer rows.Close()
	var recs [][]byte
	for rows.Next() {
		var rec string
		if err := rows.Scan(&rec); err != nil {
			return nil, false, fp, fmt.Errorf("read the store's changes: %w", err)
		}
		recs = append(recs, []byte(rec))
	}
	if err := rows.Err(); err != nil {
		return nil, false, fp, fmt.Errorf("read the store's changes: %w", err)
	}
	if uint64(len(recs)) != fp.Generation-since {
		return nil, true, fp, nil // pruned
	}
	labels, all = mergeChanges(recs)
	return labels, all, fp, nil
}
