package graph

import (
	"fmt"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestRetryable: the errors of a transaction that lost a race to another connection's
// are retried, wrapped as the writer wraps them; the others are not.
func TestRetryable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("postgres: add values: %w", &pgconn.PgError{Code: "40P01"}), true}, // deadlock
		{fmt.Errorf("postgres: commit: %w", &pgconn.PgError{Code: "40001"}), true},     // serialization
		{fmt.Errorf("postgres: add quads: %w", &pgconn.PgError{Code: "23503"}), true},  // value removed under us
		{fmt.Errorf("postgres: add quads: %w", &pgconn.PgError{Code: "23505"}), false}, // a real duplicate
		{&cgraph.DeltaError{Err: cgraph.ErrQuadExists}, false},
		{fmt.Errorf("postgres: begin: connection refused"), false},
	} {
		if got := retryable(tt.err); got != tt.want {
			t.Errorf("retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
