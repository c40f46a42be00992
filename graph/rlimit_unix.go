//go:build unix

package graph

import "syscall"

// addressSpaceLimit is the process's limit on its address space (ulimit -v) in bytes,
// or 0 when there is none.
func addressSpaceLimit() uint64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &rl); err != nil || rl.Cur == ^uint64(0) {
		return 0
	}
	return rl.Cur
}
