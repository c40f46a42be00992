package sandbox

import (
	"context"
	"errors"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// ErrMemory is the cause of a query's context when the Watchdog cancelled it.
var ErrMemory = errors.New("the queries running outgrew the server's memory budget for queries")

// Watchdog cancels every watched query when the heap grows more than its budget over
// the heap of the moment the first of them began. Go has no per-goroutine memory
// accounting, so it cannot tell which query grew the heap: all of them stop (their
// contexts end with ErrMemory), which is what a process-per-query design would do
// to the worker holding them. The heap is returned to the system once they are gone.
type Watchdog struct {
	budget   uint64
	interval time.Duration

	mu      sync.Mutex
	running map[*watched]struct{}
	looping bool // a goroutine samples the heap (only while queries run)
	kills   atomic.Int64
	idle    atomic.Uint64 // heap bytes when the first query running began
	peak    uint64        // most heap bytes seen since queries began to run (loop only)
	freeOS  bool          // return memory to the system when the running set empties
}

type watched struct {
	cancel context.CancelCauseFunc
	killed bool
}

// NewWatchdog returns a watchdog with a heap budget in bytes for all queries
// together, sampled every interval (default 5ms) while a query runs.
func NewWatchdog(budget uint64, interval time.Duration) *Watchdog {
	if interval <= 0 {
		interval = 5 * time.Millisecond
	}
	return &Watchdog{budget: budget, interval: interval, running: make(map[*watched]struct{})}
}

// Budget is the heap budget in bytes.
func (w *Watchdog) Budget() uint64 { return w.budget }

// Kills counts the times the watchdog cancelled the running queries.
func (w *Watchdog) Kills() int64 { return w.kills.Load() }

// Watch returns a context that the watchdog cancels with ErrMemory when the heap
// outgrows the budget, and the function that stops watching it (call it when the
// query is done).
func (w *Watchdog) Watch(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	q := &watched{cancel: cancel}
	w.mu.Lock()
	if len(w.running) == 0 && !w.looping {
		// The heap now, garbage included: a query stopped a moment ago may not have
		// let go of its memory yet, and the next query is not to pay for it.
		w.idle.Store(sample("/memory/classes/heap/objects:bytes"))
		w.looping = true
		go w.loop()
	}
	w.running[q] = struct{}{}
	w.mu.Unlock()
	return ctx, func() {
		cancel(context.Canceled)
		w.mu.Lock()
		delete(w.running, q)
		w.mu.Unlock()
	}
}

// FreeAfter asks the watchdog to return the heap to the system once no watched query
// runs: a query that read a large text or made a large answer leaves that much
// garbage, which would otherwise stay in the resident set for minutes.
func (w *Watchdog) FreeAfter() {
	w.mu.Lock()
	if w.looping {
		w.freeOS = true
	}
	w.mu.Unlock()
}

// loop samples the heap until no query runs (and the memory of killed ones is
// returned to the system).
func (w *Watchdog) loop() {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for range t.C {
		if !w.check() {
			return
		}
	}
}

// check samples the heap once and tells whether to go on sampling.
func (w *Watchdog) check() bool {
	w.mu.Lock()
	if len(w.running) == 0 {
		// Return the heap of killed queries, or of queries that grew it by more than
		// an eighth of the budget, to the system: the garbage would otherwise stay in
		// the process's resident set for minutes.
		free := w.freeOS || w.peak > w.idle.Load()+w.budget/8
		w.freeOS, w.looping, w.peak = false, false, 0
		w.mu.Unlock()
		if free {
			debug.FreeOSMemory()
			// A stopped VM lets go of its memory only when the native operation it
			// was in (a long concatenation, say) returns: return that later too.
			time.AfterFunc(time.Second, debug.FreeOSMemory)
		}
		return false
	}
	w.mu.Unlock()
	heap := sample("/memory/classes/heap/objects:bytes")
	w.mu.Lock()
	w.peak = max(w.peak, heap)
	w.mu.Unlock()
	if heap > w.idle.Load()+w.budget {
		w.killAll()
	}
	return true
}

func (w *Watchdog) killAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	killed := false
	for q := range w.running {
		if !q.killed {
			q.cancel(ErrMemory)
			q.killed, killed = true, true
		}
	}
	// The killed queries stay in the running set until their handlers let go of
	// them; then their memory is garbage, and check returns it.
	w.freeOS = true
	if killed {
		w.kills.Add(1)
	}
}

// sample reads one runtime metric of kind uint64.
func sample(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
