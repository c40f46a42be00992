//go:build !unix

package extract_test

import "time"

// usage is not measured on this system; benchmarks then report wall time only.
func usage() (cpu time.Duration, faults int64) { return 0, 0 }
