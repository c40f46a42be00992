//go:build !unix

package extract_test

import "time"

// cpuTime is not measured on this system; benchmarks then report wall time only.
func cpuTime() time.Duration { return 0 }

// pageFaults is not measured on this system.
func pageFaults() int64 { return 0 }
