package main

import (
	"bytes"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestLimitHeap checks that the soft memory limit is what is live plus the headroom,
// and that headroom 0 or GOMEMLIMIT leave Go's limit alone.
func TestLimitHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const headroom = 256 << 20
	cases := []struct {
		name, gomemlimit string
		headroom         uint64
		logged           string
		set              bool
	}{
		{"headroom", "", headroom, "heap limit", true},
		{"none", "", 0, "", false},
		{"GOMEMLIMIT", "3GiB", headroom, "heap limit left to GOMEMLIMIT", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", c.gomemlimit)
			debug.SetMemoryLimit(math.MaxInt64)
			var logs bytes.Buffer
			limitHeap(slog.New(slog.NewTextHandler(&logs, nil)), c.headroom)
			got := debug.SetMemoryLimit(-1)
			if !strings.Contains(logs.String(), c.logged) {
				t.Errorf("the log does not say %q:\n%s", c.logged, logs.String())
			}
			if !c.set {
				if got != math.MaxInt64 {
					t.Errorf("limit set to %d, want it left alone", got)
				}
				return
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			// live heap plus headroom, and the runtime's own overhead (well under the headroom)
			if low, high := int64(headroom)+int64(ms.HeapAlloc)/2, int64(ms.Sys)+headroom; got < low || got > high {
				t.Errorf("limit %d, want between %d and %d (heap in use %d)", got, low, high, ms.HeapAlloc)
			}
		})
	}
}
