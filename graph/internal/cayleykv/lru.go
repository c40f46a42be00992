// Copyright 2014 The Cayley Authors. All rights reserved.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package cayleykv

import (
	"container/list"
	"sync"
)

// TODO(kortschak) Reimplement without container/list.

// Cache implements an LRU cache.
type lruCache struct {
	mu       sync.Mutex
	cache    map[string]*list.Element
	priority *list.List
	maxSize  int
	// gen counts the transactions that began or ended (annals fix 6): odd while one
	// is being applied. A reader caches what it read only if no transaction began or
	// ended since it took its snapshot (PutAt).
	gen uint64
}

type lruEntry struct {
	key   string
	value interface{}
}

func newLRU(size int) *lruCache {
	return &lruCache{
		maxSize:  size,
		priority: list.New(),
		cache:    make(map[string]*list.Element),
	}
}

func (lru *lruCache) Put(key string, value interface{}) {
	if _, ok := lru.Get(key); ok {
		return
	}

	lru.mu.Lock()
	defer lru.mu.Unlock()
	if len(lru.cache) == lru.maxSize {
		last := lru.priority.Remove(lru.priority.Back())
		delete(lru.cache, last.(lruEntry).key)
	}
	lru.priority.PushFront(lruEntry{key: key, value: value})
	lru.cache[key] = lru.priority.Front()
}

func (lru *lruCache) Del(key string) {
	lru.mu.Lock()
	defer lru.mu.Unlock()
	e := lru.cache[key]
	if e == nil {
		return
	}
	delete(lru.cache, key)
	lru.priority.Remove(e)
}

func (lru *lruCache) Get(key string) (interface{}, bool) {
	lru.mu.Lock()
	defer lru.mu.Unlock()
	if element, ok := lru.cache[key]; ok {
		lru.priority.MoveToFront(element)
		return element.Value.(lruEntry).value, true
	}
	return nil, false
}

// Gen is the cache's generation, to pass to PutAt (annals fix 6).
func (lru *lruCache) Gen() uint64 {
	lru.mu.Lock()
	defer lru.mu.Unlock()
	return lru.gen
}

// Bump marks the start or the end of a write transaction (annals fix 6).
func (lru *lruCache) Bump() {
	lru.mu.Lock()
	defer lru.mu.Unlock()
	lru.gen++
}

// PutAt is Put for a reader whose snapshot was taken at generation gen: the value is
// kept only if no write transaction was running then or has begun or ended since, so
// that a value a concurrent write removed is never cached again from an older snapshot
// (annals fix 6).
func (lru *lruCache) PutAt(key string, value interface{}, gen uint64) {
	if _, ok := lru.Get(key); ok {
		return
	}
	lru.mu.Lock()
	defer lru.mu.Unlock()
	if gen != lru.gen || gen%2 == 1 {
		return
	}
	if len(lru.cache) == lru.maxSize {
		last := lru.priority.Remove(lru.priority.Back())
		delete(lru.cache, last.(lruEntry).key)
	}
	lru.priority.PushFront(lruEntry{key: key, value: value})
	lru.cache[key] = lru.priority.Front()
}

// Purge empties the cache (annals).
func (lru *lruCache) Purge() {
	lru.mu.Lock()
	defer lru.mu.Unlock()
	lru.cache = make(map[string]*list.Element)
	lru.priority.Init()
}
