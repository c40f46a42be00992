package sandbox_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"annals/internal/sandbox"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/quad"
)

func TestCheckDepth(t *testing.T) {
	for _, tt := range []struct {
		name string
		lang sandbox.Language
		src  string
		max  int
		line int // 0: passes
	}{
		{"gizmo chain", sandbox.Gizmo, `g.V("<a>").Out("<p>").In("<q>").All()`, 2, 0},
		{"gizmo nested arrays", sandbox.Gizmo, "var x = [[[[1]]]]", 3, 1},
		{"gizmo brackets in strings", sandbox.Gizmo, `var s = "[[[[" + '((((' + ` + "`{{{{`", 1, 0},
		{"gizmo escaped quote", sandbox.Gizmo, `var s = "\"[[[["`, 1, 0},
		{"gizmo line comment", sandbox.Gizmo, "// [[[[[\nvar x = [1]", 1, 0},
		{"gizmo block comment", sandbox.Gizmo, "/* {{{{\n{{{{ */ g.V()", 1, 0},
		{"gizmo deep on line 3", sandbox.Gizmo, "g.V()\n// x\nf(((1)))", 2, 3},
		{"graphql selections", sandbox.GraphQL, "{ a { b { c { d } } } }", 3, 1},
		{"graphql comment", sandbox.GraphQL, "# {{{{{\n{ a }", 1, 0},
		{"graphql block string", sandbox.GraphQL, `{ a(x: """{{{{ " """) }`, 2, 0},
		{"mql", sandbox.JSON, `[{"a": [{"b": "[[[["}]}]`, 4, 0},
		{"mql deep", sandbox.JSON, `[[[[[]]]]]`, 4, 1},
		{"unbalanced closers", sandbox.JSON, `]]]]]][[`, 2, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := sandbox.CheckDepth(tt.lang, tt.src, tt.max)
			var de *sandbox.DepthError
			switch {
			case tt.line == 0 && err != nil:
				t.Errorf("refused: %v", err)
			case tt.line != 0 && !errors.As(err, &de):
				t.Errorf("passed, want a DepthError")
			case tt.line != 0 && (de.Line != tt.line || de.Max != tt.max):
				t.Errorf("%v: line %d, want %d", err, de.Line, tt.line)
			}
		})
	}
}

func TestClampGraphQL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{ nodes(first: 1000000000) { id } }`, `nodes(first: 10)`},
		{`{ nodes { id name } }`, `nodes(first: 10)`},
		{`{ nodes(first: 3) { id } }`, `nodes(first: 3)`},
		{`{ nodes(first: -1) { id } }`, `nodes(first: 10)`},
		{`{ nodes(id: "<a>") { id friends { name } } }`, `friends(first: 10)`},
	} {
		got, err := sandbox.ClampGraphQL(tt.in, 10)
		if err != nil || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q %v, want %s", tt.in, got, err, tt.want)
		}
	}
	// A leaf is a value, not a traversal: an argument would make it a filter.
	if got, _ := sandbox.ClampGraphQL(`{ nodes { id } }`, 10); strings.Contains(got, "id(") {
		t.Errorf("a leaf got an argument: %s", got)
	}
	var se *sandbox.SyntaxError
	if _, err := sandbox.ClampGraphQL(`{ nodes(`, 10); !errors.As(err, &se) {
		t.Errorf("a syntax error: %v, want a *SyntaxError", err)
	}
}

// run runs a Gizmo query in a guarded session over a small store.
func run(t *testing.T, l sandbox.Limits, src string) ([]any, error) {
	t.Helper()
	qs := memstore.New(quad.MakeIRI("a", "p", "b", ""), quad.MakeIRI("b", "p", "c", ""))
	s, err := sandbox.NewGizmo(qs, l)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	it, err := s.Execute(ctx, src, query.Options{Collation: query.JSON, Limit: 100})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []any
	for it.Next(ctx) {
		out = append(out, it.Result())
	}
	return out, it.Err()
}

// TestNewGizmoGuards runs the guarded builtins at and over their limits; it also
// fails if Cayley moves the VM NewGizmo reaches into.
func TestNewGizmoGuards(t *testing.T) {
	l := sandbox.Limits{CallStack: 50, StringBytes: 1000}
	for _, tt := range []struct{ src, err string }{
		{`g.emit("ab".repeat(500).length)`, ""},
		{`"ab".repeat(501)`, "repeat would make a string of 1002"},
		{`"x".padStart(1001)`, "padStart"},
		{`g.emit("x".padEnd(1000).length)`, ""},
		{`new Array(2000).join("")`, ""},
		{`new Array(600).join("xy")`, "join"},
		{`new ArrayBuffer(1e9)`, "ArrayBuffer"},
		{`new Float64Array(1e9)`, "Float64Array"},
		{`function f(n) { return n == 0 ? 0 : f(n - 1) }; g.emit(f(40))`, ""},
		{`function f(n) { return f(n + 1) }; f(0)`, ""}, // any error: see below
		{`String.prototype.repeat = function () { return "" }; "x".repeat(2000)`, "repeat would make"},
		{`g.V("<a>").Out("<p>").All()`, ""},
	} {
		out, err := run(t, l, tt.src)
		switch {
		case strings.HasPrefix(tt.src, "function f(n) { return f("):
			if err == nil {
				t.Errorf("%s: no error past a call stack of 50", tt.src)
			}
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.src, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: %v %v, want an error with %q", tt.src, out, err, tt.err)
		}
	}
	if out, err := run(t, l, `g.V("<a>").Out("<p>").All()`); err != nil || len(out) != 1 {
		t.Errorf("a traversal: %v %v", out, err)
	}
}

// TestWatchdogStopsQueries grows the heap past the budget while two queries are
// watched: both contexts end with ErrMemory; one watched after that is not.
func TestWatchdogStopsQueries(t *testing.T) {
	w := sandbox.NewWatchdog(32<<20, time.Millisecond)
	a, releaseA := w.Watch(context.Background())
	b, releaseB := w.Watch(context.Background())
	var hog [][]byte
	for i := 0; i < 64 && a.Err() == nil; i++ {
		hog = append(hog, make([]byte, 4<<20))
		for j := range hog[i] {
			hog[i][j] = byte(j)
		}
		time.Sleep(2 * time.Millisecond)
	}
	<-a.Done()
	<-b.Done()
	if !errors.Is(context.Cause(a), sandbox.ErrMemory) || !errors.Is(context.Cause(b), sandbox.ErrMemory) || w.Kills() != 1 {
		t.Errorf("causes %v, %v, %d kills; want ErrMemory for both, 1 kill", context.Cause(a), context.Cause(b), w.Kills())
	}
	runtime.KeepAlive(hog)
	hog = nil
	releaseA()
	releaseB()
	runtime.GC()
	c, releaseC := w.Watch(context.Background())
	defer releaseC()
	time.Sleep(20 * time.Millisecond)
	if c.Err() != nil {
		t.Errorf("a query after the kill: %v", context.Cause(c))
	}
}

// TestWatchdogSparesTheNextQuery stops a runaway whose last native call (a join
// of 48 strings of 1 MiB) goes on allocating after it was stopped, then
// at once runs a normal query under the same watchdog: the runaway is killed, the
// normal query is not (the runaway's memory is not counted against it).
func TestWatchdogSparesTheNextQuery(t *testing.T) {
	w := sandbox.NewWatchdog(16<<20, time.Millisecond)
	qs := memstore.New(quad.MakeIRI("a", "p", "b", ""))
	exec := func(src string) ([]any, error, error) {
		ctx, release := w.Watch(context.Background())
		defer release()
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		s, err := sandbox.NewGizmo(qs, sandbox.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		it, err := s.Execute(ctx, src, query.Options{Collation: query.JSON, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		defer it.Close()
		var out []any
		for it.Next(ctx) {
			out = append(out, it.Result())
		}
		return out, it.Err(), context.Cause(ctx)
	}
	runaway := `var p = "x".repeat(1 << 20), a = []; for (var i = 0; i < 48; i++) { a.push(p) }
		while (true) { a.join("") }`
	normal := `var n = 0; for (var i = 0; i < 100000; i++) { n += i % 7 }; g.Emit(n)`
	for round := range 2 {
		if _, _, cause := exec(runaway); !errors.Is(cause, sandbox.ErrMemory) {
			t.Fatalf("round %d: the runaway ended with %v, want ErrMemory", round, cause)
		}
		out, err, cause := exec(normal)
		if err != nil || cause != nil || len(out) != 1 {
			t.Errorf("round %d: the query after the runaway: %v, %v (cause %v), want one result", round, out, err, cause)
		}
	}
	if k := w.Kills(); k != 2 {
		t.Errorf("%d kills, want 2 (one a runaway)", k)
	}
}

// TestWatchdogWaitsForAKillAWhile kills a query that then never lets go (as a handler
// that does not honour its context): the next Watch waits for it, but not longer than
// the watchdog's wait, and is then measured from the heap of that moment, not killed.
func TestWatchdogWaitsForAKillAWhile(t *testing.T) {
	w := sandbox.NewWatchdog(16<<20, time.Millisecond)
	sandbox.SetRecoverWait(w, 300*time.Millisecond)
	a, releaseA := w.Watch(context.Background())
	defer sandbox.Hold(a)() // never let go before the end of the test
	var hog [][]byte
	for i := 0; i < 64 && a.Err() == nil; i++ {
		hog = append(hog, make([]byte, 4<<20))
		time.Sleep(2 * time.Millisecond)
	}
	<-a.Done()
	releaseA()
	// A query that gives up while it waits ends at once, with its own cause.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	c, releaseC := w.Watch(ctx)
	releaseC()
	if gaveUp := time.Since(start); !errors.Is(context.Cause(c), context.DeadlineExceeded) || gaveUp >= 300*time.Millisecond {
		t.Errorf("a query that stopped waiting after %s: %v", gaveUp, context.Cause(c))
	}
	start = time.Now()
	b, releaseB := w.Watch(context.Background())
	defer releaseB()
	waited := time.Since(start)
	time.Sleep(20 * time.Millisecond)
	runtime.KeepAlive(hog)
	if waited < 300*time.Millisecond || waited > 5*time.Second || b.Err() != nil || w.Kills() != 1 {
		t.Errorf("the next query waited %s (want the 300ms wait), ended %v, %d kills", waited, context.Cause(b), w.Kills())
	}
}
