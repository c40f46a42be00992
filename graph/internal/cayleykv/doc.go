// Package cayleykv is Cayley's key-value quad store (github.com/cayleygraph/cayley
// graph/kv at v0.7.7-0.20240706181042-81dcd7d73e45, Apache License 2.0, copyright The
// Cayley Authors) with the fixes annals needs to use its bolt backend transactionally.
// It reads and writes the same on-disk format as upstream.
//
// Changes from upstream, each marked "annals" in the code:
//
//  1. ApplyDeltas wrote a quad without one of its values when the same transaction
//     removed more quads sharing that value than it added (an entry edited down to fewer
//     facts): the value's reference count drops, upstream only resolves values whose
//     count rises, and leaves the quad's direction unset.
//  2. A transaction that failed left the ids it gave new values in the value cache and
//     its index entries in the write buffer; the next transaction reused the ids and
//     flushed the stale entries. Both are now dropped on failure.
//  3. Init takes the quad indexes to create (annals adds one on the label); upstream read
//     them from an environment variable that could not set them.
//  4. No registration with Cayley's store registry; the LRU cache of cayley/internal/lru
//     is copied in; metric names start with annals_cayleykv_ so that both packages can be
//     linked into one binary.
//  5. Stats of a store that never held a quad reports 0 quads; upstream failed with
//     ErrNoBucket, as its size key is written by the first commit.
//  6. Readers run beside the writer, each on its own bolt snapshot: the value cache they
//     share gets what a write transaction resolved only once it commits, and a reader
//     caches what it read only if no write began or ended since its snapshot (upstream
//     let a reader put back the id of a value a concurrent write had just removed).
//     CommitSeq lets a read made of several transactions notice that a commit landed.
//  7. Every commit bumps a generation counter and logs the labels of the quads it
//     changed, in its own transaction (generation.go); the store gets a random
//     identity. annals' query index checks both at open and reads again only the
//     entries changed since it was written.
//  8. The existence filter (a Bloom filter of every quad, which spares a write the
//     lookup of a quad that cannot exist) is built by the first write, not at open:
//     building it reads every quad (1.2 s of CPU at 876k quads), and a server that only
//     reads never needs it.
//  9. The existence filter is sized for the store it is built on (four times its
//     quads, between one and 100 million), not for 100 million quads always: that
//     filter took 66 MiB of a small store's server at its first write.
//  10. A write transaction buffers its index entries in a flat array per index, sorted
//     at the commit (indexBuffer), instead of a map of maps of strings: an allocation
//     or more per entry, and a sort of every key, were a tenth of a load's CPU. The
//     same keys and values are written.
//  11. The filters that spare a load from empty the look-up of index keys and values
//     it has not written yet grow with what they hold (stagedBloom), instead of each
//     being sized for 100 million keys (78 MB) at the first write.
//  12. A write can be given the SHA-1 hashes of its quads' values, computed ahead on
//     another core (HashDeltas, ApplyHashedDeltas; each distinct value once), and
//     splits its deltas with a map sized for the values a transaction of documents
//     holds; a new value's hash is not computed a second time to index it.
//  13. Bulk writes the first load of a store nothing was ever written to: the quads
//     held in memory as ids, then every bucket of the new store given once, in key
//     order, to a sink that writes a new file (boltkv.Builder), with the same keys and
//     values as ApplyDeltas would write (bulk.go).
package cayleykv
