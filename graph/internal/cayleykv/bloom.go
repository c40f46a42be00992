package cayleykv

import boom "github.com/tylertreat/BoomFilters"

// stagedBloom is a Bloom filter that grows with what it holds (annals fix 11): stages
// of four times the keys of the one before, from stageKeys, each a classic filter; a key
// goes into the newest stage and is looked for in all of them. Upstream made every
// filter of a store loaded from empty (one per index and one for the values) hold 100
// million keys at 5 % false positives, 78 MB each, 312 MB of memory touched by the
// first load of even one small document. The small stages stay in the processor's
// caches; a store of tens of millions of keys gets a stage of that size, as before.
type stagedBloom struct {
	stages []*boom.BloomFilter
	keys   uint // keys the newest stage was made for
	room   uint // keys it still takes
}

const (
	stageKeys = 1 << 20
	// stageFP: each stage's rate of false positives; five stages (up to 340 million
	// keys) answer at most 10 % falsely, and a false positive costs a look-up only
	stageFP = 0.02
)

func newStagedBloom() *stagedBloom { return &stagedBloom{} }

// Add records key.
func (f *stagedBloom) Add(key []byte) {
	if f.room == 0 {
		f.keys = max(4*f.keys, stageKeys)
		f.stages = append(f.stages, boom.NewBloomFilter(f.keys, stageFP))
		f.room = f.keys
	}
	f.stages[len(f.stages)-1].Add(key)
	f.room--
}

// Test reports whether key may have been added: false means it never was.
func (f *stagedBloom) Test(key []byte) bool {
	for i := len(f.stages) - 1; i >= 0; i-- {
		if f.stages[i].Test(key) {
			return true
		}
	}
	return false
}
