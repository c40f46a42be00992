package graph

import (
	"context"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // registers the "cockroach" quad store and the pgx driver
)

// cockroachSchemaFixes adapt the schema Cayley's cockroach backend creates to annals.
// Cayley makes (subject, predicate, object) unique whatever the label, since it does not
// use partial indexes on CockroachDB; annals stores the same fact once per entry that
// states it, so that index becomes unique only among unlabelled quads, as on PostgreSQL.
// With it gone, Cayley's "ON CONFLICT (subject, predicate, object)" insert (IgnoreDup)
// has no arbiter: the store writes with IgnoreOpts{}, as for PostgreSQL. Each statement
// is idempotent, so they run on every open.
var cockroachSchemaFixes = []string{
	`DROP INDEX IF EXISTS quads@spo_unique CASCADE`,
	`CREATE UNIQUE INDEX IF NOT EXISTS annals_spo_unlabelled ON quads (subject_hash, predicate_hash, object_hash) WHERE label_hash IS NULL`,
	// As for PostgreSQL: find the quads of an entry without a full scan.
	`CREATE INDEX IF NOT EXISTS annals_label_index ON quads (label_hash, subject_hash)`,
}

// openCockroach opens (initializing on first use) Cayley's CockroachDB store at dsn, a
// postgres:// URL of one node of the cluster.
func openCockroach(ctx context.Context, dsn string) (cgraph.QuadStore, error) {
	return openSQL(ctx, KindCockroach, "pgx", dsn, "postgres://root@host:26257/db", cockroachSchemaFixes)
}
