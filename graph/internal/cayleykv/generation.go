package cayleykv

// annals fix 7: a generation counter and a log of what each commit changed, written in
// the commit's own transaction, so that annals' query index (queries.Index) can tell
// whether it describes the store as it is and, when not, which entries to read again.

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
)

var (
	keyStoreID    = metaBucket.AppendBytes([]byte("annals_store_id"))
	keyGeneration = metaBucket.AppendBytes([]byte("annals_generation"))
	logPrefix     = "annals_changes/"
)

// LogRetention is how many generations the change log keeps: an index further behind
// than that is rebuilt whole.
const LogRetention = 1 << 16

// ChangedLabels returns the labels of the quads in, each once, or all=true when one of
// them has a label that is not an IRI (or none): such a change cannot be found again by
// label.
func ChangedLabels(in []graph.Delta) (labels []string, all bool) {
	seen := make(map[quad.IRI]bool)
	for _, d := range in {
		iri, ok := d.Quad.Label.(quad.IRI)
		if !ok {
			return nil, true
		}
		if !seen[iri] {
			seen[iri] = true
			labels = append(labels, string(iri))
		}
	}
	return labels, false
}

// EnsureStoreID gives the store a random identity if it has none yet.
func EnsureStoreID(ctx context.Context, db kv.KV) error {
	has := false
	err := kv.View(ctx, db, func(tx kv.Tx) error {
		_, err := tx.Get(ctx, keyStoreID)
		if errors.Is(err, kv.ErrNotFound) {
			return nil
		}
		has = err == nil
		return err
	})
	if err != nil || has {
		return err // most opens: no write transaction, no fsync
	}
	return kv.Update(ctx, db, func(tx kv.Tx) error {
		if _, err := tx.Get(ctx, keyStoreID); err == nil {
			return nil
		} else if !errors.Is(err, kv.ErrNotFound) {
			return err
		}
		return tx.Put(ctx, keyStoreID, []byte(NewStoreID()))
	})
}

// NewStoreID returns a new random store identity.
func NewStoreID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func logKey(gen uint64) kv.Key {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], gen)
	return metaBucket.AppendBytes(append([]byte(logPrefix), b[:]...))
}

// logChanges bumps the generation and records the labels changed (or all), in tx.
func logChanges(ctx context.Context, tx kv.Tx, labels []string, all bool) error {
	gen, err := getUint(ctx, tx, keyGeneration)
	if err != nil {
		return err
	}
	gen++
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], gen)
	if err := tx.Put(ctx, keyGeneration, b[:]); err != nil {
		return err
	}
	if err := tx.Put(ctx, logKey(gen), EncodeChanges(labels, all)); err != nil {
		return err
	}
	if gen > LogRetention {
		return tx.Del(ctx, logKey(gen-LogRetention))
	}
	return nil
}

// EncodeChanges is a change log record: "*" for every label, else the labels
// separated by newlines (an IRI holds none).
func EncodeChanges(labels []string, all bool) []byte {
	if all {
		return []byte("*")
	}
	return []byte(strings.Join(labels, "\n"))
}

// DecodeChanges reads a record of EncodeChanges.
func DecodeChanges(b []byte) (labels []string, all bool) {
	switch s := string(b); s {
	case "*":
		return nil, true
	case "":
		return nil, false
	default:
		return strings.Split(s, "\n"), false
	}
}

func getUint(ctx context.Context, tx kv.Tx, key kv.Key) (uint64, error) {
	v, err := tx.Get(ctx, key)
	if errors.Is(err, kv.ErrNotFound) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, errors.New("cayleykv: bad generation record")
	}
	return binary.BigEndian.Uint64(v), nil
}

// Generation returns the store's identity and generation, read in one transaction.
func (qs *QuadStore) Generation(ctx context.Context) (id string, gen uint64, err error) {
	err = kv.View(ctx, qs.db, func(tx kv.Tx) error {
		v, err := tx.Get(ctx, keyStoreID)
		if err != nil && !errors.Is(err, kv.ErrNotFound) {
			return err
		}
		id = string(v)
		gen, err = getUint(ctx, tx, keyGeneration)
		return err
	})
	return id, gen, err
}

// ChangesSince returns the labels changed by the commits after generation since, up to
// gen, the generation now; all is true when one of them changed an unlabelled quad or
// the log no longer reaches back to since.
func (qs *QuadStore) ChangesSince(ctx context.Context, since uint64) (labels []string, all bool, gen uint64, err error) {
	err = kv.View(ctx, qs.db, func(tx kv.Tx) error {
		labels, all = nil, false
		gen, err = getUint(ctx, tx, keyGeneration)
		if err != nil {
			return err
		}
		if since > gen || gen-since > LogRetention {
			all = true
			return nil
		}
		seen := make(map[string]bool)
		for g := since + 1; g <= gen; g++ {
			v, err := tx.Get(ctx, logKey(g))
			if errors.Is(err, kv.ErrNotFound) {
				all = true
				return nil
			} else if err != nil {
				return err
			}
			ls, a := DecodeChanges(v)
			if a {
				all = true
				return nil
			}
			for _, l := range ls {
				if !seen[l] {
					seen[l] = true
					labels = append(labels, l)
				}
			}
		}
		return nil
	})
	return labels, all, gen, err
}
