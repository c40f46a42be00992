package cayleykv

import (
	"encoding/binary"
	"testing"
)

// TestStagedBloomGrows: a filter past its first stage has added a larger one, still
// finds every key it was given, and turns most other keys away.
func TestStagedBloomGrows(t *testing.T) {
	f := newStagedBloom()
	const n = 3 * stageKeys / 2
	key := func(i int) []byte { return binary.BigEndian.AppendUint64([]byte("k"), uint64(i)*0x9E3779B97F4A7C15) }
	for i := range n {
		f.Add(key(i))
	}
	if len(f.stages) != 2 || f.keys != 4*stageKeys || f.stages[1].Capacity() < 4*f.stages[0].Capacity() {
		t.Fatalf("%d stages after %d keys (the newest for %d), want 2, the second four times the first", len(f.stages), n, f.keys)
	}
	for i := range n {
		if !f.Test(key(i)) {
			t.Fatalf("key %d added but not found", i)
		}
	}
	fp := 0
	const others = 100_000
	for i := n; i < n+others; i++ {
		if f.Test(key(i)) {
			fp++
		}
	}
	if rate := float64(fp) / others; rate > 2*stageFP {
		t.Fatalf("%.3f of keys never added were found, want at most %.2f", rate, 2*stageFP)
	}
}
