package sandbox

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
)

// DefaultCallStack is the deepest JavaScript call stack of a Gizmo query by default.
const DefaultCallStack = 1000

// Limits bound what one Gizmo query may do in its JavaScript VM.
type Limits struct {
	// CallStack is the deepest JavaScript call stack (a deeper one throws a
	// RangeError), default DefaultCallStack.
	CallStack int
	// StringBytes is the longest string repeat, padStart, padEnd and join may make
	// (a longer one throws a RangeError), default 16 MiB.
	StringBytes int
}

func (l Limits) withDefaults() Limits {
	if l.CallStack <= 0 {
		l.CallStack = DefaultCallStack
	}
	if l.StringBytes <= 0 {
		l.StringBytes = 16 << 20
	}
	return l
}

// NewGizmo returns a Gizmo session over qs whose VM has a bounded call stack, no
// ArrayBuffer, typed arrays or SharedArrayBuffer (which allocate their whole size at
// once), and string builtins that refuse to make strings longer than the limit.
// What the builtins cannot bound (a string doubled in a loop) the heap Watchdog does:
// a query run with a context from Watchdog.Watch has its VM interrupted by the
// watchdog itself, and is counted until its VM has stopped.
func NewGizmo(qs graph.QuadStore, l Limits) (*Session, error) {
	l = l.withDefaults()
	s := gizmo.NewSession(qs)
	vm := runtimeOf(s)
	if vm == nil {
		return nil, fmt.Errorf("sandbox: the gizmo session has no JavaScript VM")
	}
	vm.SetMaxCallStackSize(l.CallStack)
	global := vm.GlobalObject()
	for _, name := range []string{"ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array",
		"Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
		"Float64Array", "BigInt64Array", "BigUint64Array"} {
		if err := global.Delete(name); err != nil {
			return nil, fmt.Errorf("sandbox: remove %s: %w", name, err)
		}
	}
	guard, err := guardProgram()
	if err != nil {
		return nil, err
	}
	f, err := vm.RunProgram(guard)
	if err == nil {
		install, _ := goja.AssertFunction(f)
		_, err = install(goja.Undefined(), vm.ToValue(l.StringBytes))
	}
	if err != nil {
		return nil, fmt.Errorf("sandbox: guard the string builtins: %w", err)
	}
	return &Session{ses: s, vm: vm}, nil
}

// Session is a guarded Gizmo session (NewGizmo); its results are Cayley's.
type Session struct {
	ses *gizmo.Session
	vm  *goja.Runtime
}

// stopWait is how long a stopped query is counted while its VM finishes the native
// call it was in; a VM that takes longer is no longer waited for.
const stopWait = 30 * time.Second

// Execute runs a Gizmo query as Cayley's session does. Under a Watchdog (ctx from
// Watch) the watchdog interrupts the VM itself when it kills the query, without
// waiting for the goroutine that reads the results, and the query stays counted
// after its release until its VM has stopped.
func (s *Session) Execute(ctx context.Context, text string, opt query.Options) (query.Iterator, error) {
	it, err := s.ses.Execute(ctx, text, opt)
	if err != nil {
		return nil, err
	}
	onKill(ctx, func() { s.vm.Interrupt(ErrMemory) })
	return &results{Iterator: it, ctx: ctx}, nil
}

// results are a Gizmo session's results that know whether its VM has returned.
type results struct {
	query.Iterator
	ctx     context.Context
	started bool // Next was called: Cayley runs the VM from the first Next
	done    bool // Next answered false because the VM returned
}

func (r *results) Next(ctx context.Context) bool {
	r.started = true
	if r.Iterator.Next(ctx) {
		return true
	}
	// Cayley's Next also answers false when ctx ends; the VM may then still be in
	// a native call.
	r.done = ctx.Err() == nil
	return false
}

// Close stops the VM; if it may still be running, the query stays counted by its
// watchdog until the VM has returned (or stopWait has passed).
func (r *results) Close() error {
	err := r.Iterator.Close()
	if r.started && !r.done {
		r.done = true
		release := hold(r.ctx)
		go func() {
			defer release()
			ctx, cancel := context.WithTimeout(context.Background(), stopWait)
			defer cancel()
			for r.Iterator.Next(ctx) {
			}
		}()
	}
	return err
}

// guardProgram is guardBuiltins compiled once: compiling it for every query cost more
// than the rest of a session.
var guardProgram = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("guard", guardBuiltins, true)
})

// guardBuiltins replaces the builtins that make a long string from a short call with
// ones that check the length first. The originals stay in a closure no query can
// reach, and the replacements cannot be redefined.
const guardBuiltins = `(function (max) {
	function guard(proto, name, length) {
		var orig = proto[name];
		Object.defineProperty(proto, name, {writable: false, configurable: false, enumerable: false,
			value: function () {
				var n = length(this, arguments);
				if (n > max) {
					throw new RangeError(name + " would make a string of " + n + " characters, over the query limit of " + max);
				}
				return orig.apply(this, arguments);
			}});
	}
	guard(String.prototype, "repeat", function (s, a) { return String(s).length * Math.floor(Number(a[0]) || 0); });
	guard(String.prototype, "padStart", function (s, a) { return Number(a[0]) || 0; });
	guard(String.prototype, "padEnd", function (s, a) { return Number(a[0]) || 0; });
	guard(Array.prototype, "join", function (s, a) {
		var sep = a[0] === undefined ? 1 : String(a[0]).length;
		return (Number(s.length) || 0) * sep;
	});
})`

// runtimeOf returns the goja VM of a Gizmo session. Cayley keeps it unexported and
// offers no hook where it is made; the field is read by name so that a Cayley
// version without it gives nil (and NewGizmo an error) rather than memory
// corruption. TestNewGizmoGuards fails if the field moves.
func runtimeOf(s *gizmo.Session) *goja.Runtime {
	f := reflect.ValueOf(s).Elem().FieldByName("vm")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*goja.Runtime]() {
		return nil
	}
	return *(**goja.Runtime)(unsafe.Pointer(f.UnsafeAddr()))
}
