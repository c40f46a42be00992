package main

import (
	"context"
	"log/slog"
	"time"

	"annals/graph"
	"annals/queries"
)

// follow keeps x up to date with the loads that reach s, a PostgreSQL read replica,
// until ctx ends: every period it reads the load log's generation and, when it moved
// past seen, refreshes the index. LISTEN/NOTIFY would save the polling, but a hot
// standby accepts no LISTEN (docs/deployment.md).
func follow(ctx context.Context, log *slog.Logger, s *graph.Store, x *queries.Index, seen int64, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	waiting := false // logged that a bulk load holds the refresh off
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		gen, err := s.LoadGeneration(ctx)
		if err != nil {
			log.Warn("follow: read the load log", "err", err)
			continue
		}
		if gen == seen {
			continue
		}
		// While a bulk load has the quads table's secondary indexes dropped, reading
		// the changed entries would scan the table once per entry: keep answering from
		// the index as it is until they are rebuilt.
		if bulk, err := s.BulkLoading(ctx); err != nil {
			log.Warn("follow: read the bulk load state", "err", err)
			continue
		} else if bulk {
			if !waiting {
				log.Info("follow: a bulk load has the store's indexes dropped: the query index is refreshed once they are rebuilt",
					"generation", gen, "was", seen)
			}
			waiting = true
			continue
		}
		waiting = false
		start := time.Now()
		if err := refreshIndex(ctx, s, x); err != nil {
			log.Warn("follow: refresh the query index", "generation", gen, "err", err)
			continue
		}
		log.Info("follow: query index refreshed", "generation", gen, "was", seen, "elapsed", time.Since(start).Round(time.Millisecond))
		seen = gen
	}
}

// refreshIndex brings x up to date with s after loads: the one place a follower does
// so. Sync reads the store's change log (replicated with the loads) and re-reads only
// the entries it names.
func refreshIndex(ctx context.Context, s *graph.Store, x *queries.Index) error {
	return x.Sync(ctx, s)
}

// primaryName is what a follower's answer to a write names as the place of loads.
func primaryName(following bool, primary string) string {
	if !following {
		return ""
	}
	if primary == "" {
		return "the PostgreSQL primary this replica follows"
	}
	return primary
}
