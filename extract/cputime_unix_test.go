//go:build unix

package extract_test

import (
	"syscall"
	"time"
)

// usage is the CPU time (user and system, all threads) the process has used, and the
// minor page faults it has taken: the first touches of memory it had not used before.
func usage() (cpu time.Duration, faults int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Minflt
}
