// Package boltkv is hidalgo's key-value adapter for bbolt (github.com/hidal-go/hidalgo
// v0.3.0, kv/bbolt; Apache License 2.0, copyright The Cayley Authors), through which
// annals' copy of Cayley's key-value store (graph/internal/cayleykv) writes its bolt
// file. It reads and writes the same file as upstream.
//
// Changes from upstream, each marked "annals" in the code:
//
//  1. Put opens the top-level bucket of its key instead of asking bolt to create it
//     every time (writeBucket).
//  2. Pages that bolt splits in the buckets a write transaction writes are filled to
//     FillPercent (0.9) instead of bolt's half, and whole in the buckets named
//     AppendOnly (Cayley's quad log, keyed by increasing ids).
//  3. No registration with hidalgo's registry of stores, and no OpenPath: annals opens
//     the file itself (graph.Open).
//
// The package also holds annals' own Builder (build.go), which writes a new bolt file
// directly in bbolt v1.3.10's on-disk format, bottom-up from keys given in order: the
// same pages bolt would write if one transaction put every key with FillPercent 1.0,
// at a small fraction of the cost of bolt's Put.
package boltkv
