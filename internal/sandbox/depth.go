// Package sandbox keeps a user's query from taking the server down with it: a nesting
// pre-check that runs before any parser (the parsers of goja and GraphQL recurse once
// per level and overflow the goroutine stack, a fatal error no recover catches), a
// Gizmo session with a bounded call stack and bounded string builtins, GraphQL with
// its result counts clamped, and a heap watchdog that cancels running queries when
// the heap outgrows its budget.
package sandbox

import (
	"fmt"
)

// MaxDepth is the deepest nesting of brackets, braces and parentheses a query may
// have. Real queries nest a few levels; the parsers need about 1 KiB of stack a level.
const MaxDepth = 256

// Language is the lexical shape of a query language: how its strings and comments
// look, so that brackets inside them are not counted.
type Language int

// The query languages the pre-check knows.
const (
	Gizmo   Language = iota // JavaScript: '…', "…", `…`, // and /* */ comments
	GraphQL                 // "…" and """…""", # comments
	JSON                    // "…" (MQL)
)

func (l Language) String() string {
	switch l {
	case Gizmo:
		return "Gizmo"
	case GraphQL:
		return "GraphQL"
	}
	return "MQL"
}

// DepthError is a query nested deeper than the limit.
type DepthError struct {
	Lang   Language
	Max    int
	Offset int // byte offset of the bracket that went over the limit
	Line   int
}

func (e *DepthError) Error() string {
	return fmt.Sprintf("%s query nests brackets more than %d levels deep (line %d, byte %d)", e.Lang, e.Max, e.Line, e.Offset)
}

// CheckDepth returns a *DepthError when src nests (, [ or { more than max levels,
// counting outside strings and comments. It does not validate src: a parser does
// that afterwards, knowing it will not recurse too deep.
func CheckDepth(lang Language, src string, max int) error {
	depth, line := 0, 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
		case c == '(' || c == '[' || c == '{':
			depth++
			if depth > max {
				return &DepthError{Lang: lang, Max: max, Offset: i, Line: line}
			}
		case c == ')' || c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		case c == '"' || (lang == Gizmo && (c == '\'' || c == '`')):
			if lang == GraphQL && len(src) >= i+3 && src[i:i+3] == `"""` {
				i, line = skipUntil(src, i+3, `"""`, line)
				continue
			}
			i, line = skipString(src, i, c, line)
		case lang == Gizmo && c == '/' && i+1 < len(src) && src[i+1] == '/',
			lang == GraphQL && c == '#':
			i, line = skipUntil(src, i+1, "\n", line)
			line-- // the newline is counted when the loop reads it again
			i--
		case lang == Gizmo && c == '/' && i+1 < len(src) && src[i+1] == '*':
			i, line = skipUntil(src, i+2, "*/", line)
		}
	}
	return nil
}

// skipString returns the index of the quote closing the string opened at i (or the
// end of src) and the line it is on; a backslash escapes the next byte.
func skipString(src string, i int, quote byte, line int) (int, int) {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if i+1 < len(src) && src[i+1] == '\n' {
				line++
			}
			i++
		case '\n':
			line++
		case quote:
			return i, line
		}
	}
	return i, line
}

// skipUntil returns the index of the last byte of the first end at or after i (or
// the end of src) and the line it is on.
func skipUntil(src string, i int, end string, line int) (int, int) {
	for ; i < len(src); i++ {
		if src[i] == '\n' {
			line++
		}
		if len(src)-i >= len(end) && src[i:i+len(end)] == end {
			return i + len(end) - 1, line
		}
	}
	return i, line
}
