package sandbox

import (
	"fmt"
	"strconv"

	"github.com/cayleygraph/cayley/query/graphql"
	"github.com/dennwc/graphql/language/ast"
	"github.com/dennwc/graphql/language/parser"
	"github.com/dennwc/graphql/language/printer"
)

// SyntaxError is a GraphQL query the parser refused.
type SyntaxError struct{ Err error }

func (e *SyntaxError) Error() string { return e.Err.Error() }
func (e *SyntaxError) Unwrap() error { return e.Err }

// ClampGraphQL parses a GraphQL query and returns it with every object field's result
// count bounded by limit: Cayley reads the count from the field's "first" argument
// and, without one, returns every node. A "first" over limit becomes limit, a
// missing or negative one is added as limit. A query the parser refuses is a
// *SyntaxError.
func ClampGraphQL(src string, limit int) (string, error) {
	doc, err := parser.Parse(parser.ParseParams{Source: src})
	if err != nil {
		return "", &SyntaxError{Err: err}
	}
	for _, def := range doc.Definitions {
		if op, ok := def.(*ast.OperationDefinition); ok {
			clampSet(op.SelectionSet, limit)
		}
	}
	out, ok := printer.Print(doc).(string)
	if !ok {
		return "", fmt.Errorf("sandbox: print the clamped GraphQL query")
	}
	return out, nil
}

func clampSet(set *ast.SelectionSet, limit int) {
	if set == nil {
		return
	}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if s.SelectionSet != nil {
				clampField(s, limit)
				clampSet(s.SelectionSet, limit)
			}
		case *ast.InlineFragment:
			clampSet(s.SelectionSet, limit)
		}
	}
}

func clampField(f *ast.Field, limit int) {
	want := ast.NewIntValue(&ast.IntValue{Value: strconv.Itoa(limit)})
	for _, a := range f.Arguments {
		if a.Name == nil || a.Name.Value != graphql.LimitKey {
			continue
		}
		if v, ok := a.Value.(*ast.IntValue); ok {
			if n, err := strconv.Atoi(v.Value); err != nil || n < 0 || n > limit {
				a.Value = want
			}
		}
		return
	}
	f.Arguments = append(f.Arguments, ast.NewArgument(&ast.Argument{
		Name: ast.NewName(&ast.Name{Value: graphql.LimitKey}), Value: want}))
}
