package cayleykv

import (
	"bytes"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Hashes are the hashes of the values of deltas' quads, for ApplyHashedDeltas (annals
// fix 12): each distinct value's once, and for each quad where its values' are, in a
// fifth of the room a hash for each quad's each value takes.
type Hashes struct {
	vals  []refs.ValueHash
	quads [][4]uint32 // for each delta, 1 + the index in vals of each direction's value; 0: none
}

// Len is how many deltas' hashes h holds.
func (h *Hashes) Len() int { return len(h.quads) }

// Quad is the hashes of the i-th delta's quad.
func (h *Hashes) Quad(i int) refs.QuadHash {
	var q refs.QuadHash
	for j, dir := range quad.Directions {
		if k := h.quads[i][j]; k != 0 {
			q.Set(dir, h.vals[k-1])
		}
	}
	return q
}

// HashDeltas is the Hashes of the values of in's quads.
func HashDeltas(in []graph.Delta) *Hashes {
	h := &Hashes{quads: make([][4]uint32, len(in))}
	seen := make(map[quad.Value]uint32, len(in)/4)
	for i, d := range in {
		for j, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			k, ok := seen[v]
			if !ok {
				h.vals = append(h.vals, refs.HashOf(v))
				k = uint32(len(h.vals))
				seen[v] = k
			}
			h.quads[i][j] = k
		}
	}
	h.vals = slices.Clip(h.vals)
	return h
}

// splitDeltas is graphlog.SplitDeltas with the quads' hashes given (hashes, in chunks
// one after the other, those of in in order; nil: computed here) and room for the
// values a transaction of documents holds (about one for every two quads, not two for
// every quad), their updates counted in place (annals fix 12).
func splitDeltas(in []graph.Delta, hashes []*Hashes) *graphlog.Deltas {
	idx := make(map[refs.ValueHash]int, len(in)/2) // into nodes
	nodes := make([]graphlog.NodeUpdate, 0, len(in)/2)
	quadAdd := make([]graphlog.QuadUpdate, 0, len(in))
	var quadDel []graphlog.QuadUpdate
	var (
		chunk *Hashes // of hashes, the one that holds in[i]'s
		at    int     // in[i]'s in chunk
	)
	for i, d := range in {
		dn := 0
		switch d.Action {
		case graph.Add:
			dn = +1
		case graph.Delete:
			dn = -1
		default:
			panic("unknown action")
		}
		var q refs.QuadHash
		if hashes != nil {
			for chunk == nil || at == chunk.Len() {
				chunk, hashes, at = hashes[0], hashes[1:], 0
			}
			q = chunk.Quad(at)
			at++
		}
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			h := q.Get(dir)
			if hashes == nil {
				h = refs.HashOf(v)
				q.Set(dir, h)
			}
			j, ok := idx[h]
			if !ok {
				j = len(nodes)
				idx[h] = j
				nodes = append(nodes, graphlog.NodeUpdate{Hash: h, Val: v})
			}
			nodes[j].RefInc += dn
		}
		u := graphlog.QuadUpdate{Ind: i, Quad: q, Del: d.Action == graph.Delete}
		if !u.Del {
			quadAdd = append(quadAdd, u)
		} else {
			quadDel = append(quadDel, u)
		}
	}
	idx = nil
	var decNodes []graphlog.NodeUpdate
	incNodes := nodes[:0] // in place: written behind the read
	for _, n := range nodes {
		if n.RefInc >= 0 {
			incNodes = append(incNodes, n)
		} else {
			decNodes = append(decNodes, n)
		}
	}
	byHash := func(a, b graphlog.NodeUpdate) int { return bytes.Compare(a.Hash[:], b.Hash[:]) }
	slices.SortFunc(incNodes, byHash)
	slices.SortFunc(decNodes, byHash)
	return &graphlog.Deltas{
		IncNode: incNodes, DecNode: decNodes,
		QuadAdd: quadAdd, QuadDel: quadDel,
	}
}
