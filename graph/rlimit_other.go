//go:build !unix

package graph

// addressSpaceLimit is 0: no limit is known on this system.
func addressSpaceLimit() uint64 { return 0 }
