package main

import (
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
)

// limitHeap sets Go's soft memory limit (debug.SetMemoryLimit) to the heap live once
// the query index is open plus headroom bytes, and says so in the log. The index is
// most of a server's heap, lives as long as the process and never becomes garbage:
// under Go's default pacing (GOGC=100) the heap grows to twice what is live before a
// collection, which for a million-entry index is gigabytes of garbage the requests
// have long finished with. Under the limit the collector runs when the requests'
// garbage reaches headroom instead; the limit is soft (past it Go collects more often,
// at most about half the CPU, and never fails an allocation), so a larger index after
// a write, or a burst of large answers, costs CPU, not an error. headroom 0, or
// GOMEMLIMIT in the environment, leaves Go's own settings alone. It collects garbage
// first (a second of CPU at a million entries): serve calls it beside serving.
func limitHeap(log *slog.Logger, headroom uint64) {
	if headroom == 0 {
		return
	}
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		log.Info("heap limit left to GOMEMLIMIT", "gomemlimit", v)
		return
	}
	// a collection, and the open's transient buffers back to the system now rather
	// than at the scavenger's pace
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// what Go counts against the limit beside the heap: stacks, span and GC metadata
	overhead := ms.StackSys + ms.MSpanSys + ms.MCacheSys + ms.BuckHashSys + ms.GCSys + ms.OtherSys
	limit := ms.HeapAlloc + overhead + headroom
	debug.SetMemoryLimit(int64(limit))
	log.Info("heap limit", "live_bytes", ms.HeapAlloc, "limit_bytes", limit, "headroom_bytes", headroom)
}
