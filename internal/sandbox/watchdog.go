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
// contexts end with ErrMemory, their Gizmo VMs are interrupted at once), which is
// what a process-per-query design would do to the worker holding them.
//
// A stopped query is counted until its VM has really stopped (a native call such as
// a long concatenation runs to its end first; see Hold), then the heap is collected
// before the next query begins: a query that comes right after a runaway waits for
// that and is measured from the live heap, not from the runaway's garbage.
type Watchdog struct {
	budget   uint64
	interval time.Duration

	mu      sync.Mutex
	running map[*watched]struct{}
	looping bool // a goroutine samples the heap (only while queries run)
	kills   atomic.Int64
	idle    uint64 // heap bytes when the first query running began
	peak    uint64 // most heap bytes seen since queries began to run (loop only)
	freeOS  bool   // return memory to the system when the running set empties
	// recovering is closed when the queries of the last kill have all stopped and
	// their memory was collected; nil when no kill is pending. Watch waits for it,
	// at most recoverWait.
	recovering  chan struct{}
	recoverWait time.Duration
}

// recoverWait is the longest a query waits for the queries of a kill to stop.
const recoverWait = 10 * time.Second

type watched struct {
	w         *Watchdog
	cancel    context.CancelCauseFunc
	killed    bool
	refs      int      // the release of Watch and each Hold not yet called
	interrupt []func() // stop the query's VMs at once when it is killed
}

// watchKey is the context key of the query a context belongs to.
type watchKey struct{}

// NewWatchdog returns a watchdog with a heap budget in bytes for all queries
// together, sampled every interval (default 5ms) while a query runs.
func NewWatchdog(budget uint64, interval time.Duration) *Watchdog {
	if interval <= 0 {
		interval = 5 * time.Millisecond
	}
	return &Watchdog{budget: budget, interval: interval, running: make(map[*watched]struct{}), recoverWait: recoverWait}
}

// Budget is the heap budget in bytes.
func (w *Watchdog) Budget() uint64 { return w.budget }

// Kills counts the times the watchdog cancelled the running queries.
func (w *Watchdog) Kills() int64 { return w.kills.Load() }

// Watch returns a context that the watchdog cancels with ErrMemory when the heap
// outgrows the budget, and the function that stops watching it (call it when the
// query is done). While the queries of a kill are still stopping, Watch waits for
// them and for their memory to be collected, at most 10s (or until ctx ends: then
// the context returned has ended too).
func (w *Watchdog) Watch(ctx context.Context) (context.Context, func()) {
	w.mu.Lock()
	var waited <-chan time.Time
	for w.recovering != nil {
		ch := w.recovering
		w.mu.Unlock()
		if waited == nil {
			t := time.NewTimer(w.recoverWait)
			defer t.Stop()
			waited = t.C
		}
		select {
		case <-ch:
		case <-waited:
			// A stopped query that does not let go in time (a handler that does not
			// honour its context) must not hold every query back: measure from now.
			w.mu.Lock()
			if w.recovering == ch {
				w.recovering, w.idle = nil, sample(heapObjects)
				close(ch)
			}
			w.mu.Unlock()
		case <-ctx.Done():
			cause := context.Cause(ctx)
			ctx, cancel := context.WithCancelCause(ctx)
			cancel(cause)
			return ctx, func() {}
		}
		w.mu.Lock()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	q := &watched{w: w, cancel: cancel, refs: 1}
	if len(w.running) == 0 && !w.looping {
		w.idle = sample(heapObjects)
		w.looping = true
		go w.loop()
	}
	w.running[q] = struct{}{}
	w.mu.Unlock()
	return context.WithValue(ctx, watchKey{}, q), sync.OnceFunc(func() {
		cancel(context.Canceled)
		w.drop(q)
	})
}

// hold keeps the query of ctx (a context from Watch) counted after its release,
// until the function returned is called: a query whose answer is given while its VM
// is still finishing a native call holds on to its memory until then.
func hold(ctx context.Context) func() {
	q, _ := ctx.Value(watchKey{}).(*watched)
	if q == nil {
		return func() {}
	}
	q.w.mu.Lock()
	q.refs++
	q.w.mu.Unlock()
	return sync.OnceFunc(func() { q.w.drop(q) })
}

// onKill registers f to run (at once, on the watchdog's goroutine) when the query of
// ctx is killed; it runs now if it already was.
func onKill(ctx context.Context, f func()) {
	q, _ := ctx.Value(watchKey{}).(*watched)
	if q == nil {
		return
	}
	q.w.mu.Lock()
	killed := q.killed
	if !killed {
		q.interrupt = append(q.interrupt, f)
	}
	q.w.mu.Unlock()
	if killed {
		f()
	}
}

// drop lets go of one reference to q; the last one takes it out of the running set.
// When the last query of a kill leaves, the heap is collected before the queries
// waiting in Watch begin.
func (w *Watchdog) drop(q *watched) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if q.refs--; q.refs > 0 {
		return
	}
	delete(w.running, q)
	if len(w.running) == 0 && w.recovering != nil {
		go w.recover(w.recovering)
	}
}

// recover collects the memory of the killed queries (all stopped now) and returns
// it to the system, then lets the queries waiting in Watch begin: the first reads
// the idle heap afresh.
func (w *Watchdog) recover(done chan struct{}) {
	debug.FreeOSMemory()
	w.mu.Lock()
	if w.recovering == done {
		w.recovering, w.freeOS = nil, false
		close(done)
	}
	w.mu.Unlock()
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

// loop samples the heap until no query runs.
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
		// Return the heap of queries that asked for it, or that grew it by more than
		// an eighth of the budget, to the system: the garbage would otherwise stay in
		// the process's resident set for minutes. (After a kill, recover does.)
		free := w.recovering == nil && (w.freeOS || w.peak > w.idle+w.budget/8)
		w.freeOS, w.looping, w.peak = false, false, 0
		w.mu.Unlock()
		if free {
			debug.FreeOSMemory()
		}
		return false
	}
	w.mu.Unlock()
	heap := sample(heapObjects)
	w.mu.Lock()
	w.peak = max(w.peak, heap)
	over := heap > w.idle+w.budget
	w.mu.Unlock()
	if over {
		w.killAll()
	}
	return true
}

// killAll cancels every running query not yet killed and interrupts its VMs.
func (w *Watchdog) killAll() {
	w.mu.Lock()
	var interrupt []func()
	killed := false
	for q := range w.running {
		if !q.killed {
			q.cancel(ErrMemory)
			q.killed, killed = true, true
			interrupt = append(interrupt, q.interrupt...)
			q.interrupt = nil
		}
	}
	if killed && w.recovering == nil {
		w.recovering = make(chan struct{})
	}
	w.mu.Unlock()
	if killed {
		w.kills.Add(1)
	}
	for _, f := range interrupt {
		f()
	}
}

const heapObjects = "/memory/classes/heap/objects:bytes"

// sample reads one runtime metric of kind uint64.
func sample(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
