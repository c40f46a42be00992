package cayleykv

import (
	"bytes"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// HashDeltas is the hashes of the values of each delta's quad, for ApplyHashedDeltas
// (annals fix 12). A value that repeats is hashed once.
func HashDeltas(in []graph.Delta) []refs.QuadHash {
	out := make([]refs.QuadHash, len(in))
	seen := make(map[quad.Value]refs.ValueHash, len(in)/2)
	for i, d := range in {
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			h, ok := seen[v]
			if !ok {
				h = refs.HashOf(v)
				seen[v] = h
			}
			out[i].Set(dir, h)
		}
	}
	return out
}

// splitDeltas is graphlog.SplitDeltas with the quads' hashes given (hashes[i] those of
// in[i]; nil: computed here) and room for the values a transaction of documents holds
// (about one for every two quads, not two for every quad), their updates counted in
// place (annals fix 12).
func splitDeltas(in []graph.Delta, hashes []refs.QuadHash) *graphlog.Deltas {
	idx := make(map[refs.ValueHash]int, len(in)/2) // into nodes
	nodes := make([]graphlog.NodeUpdate, 0, len(in)/2)
	quadAdd := make([]graphlog.QuadUpdate, 0, len(in))
	var quadDel []graphlog.QuadUpdate
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
			q = hashes[i]
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
