package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"annals/api"
	"annals/queries"

	"github.com/cayleygraph/cayley/query"
	"github.com/spf13/cobra"
)

// queryArgs says what the positional arguments of a named query are.
var queryArgs = map[string]struct {
	usage string
	n     int // required positional arguments; -1: all of them joined by spaces
	set   func(p *queries.Params, args []string)
}{
	"event":        {"EVENT-ID", 1, func(p *queries.Params, a []string) { p.ID = a[0] }},
	"person":       {"ID|NAME", -1, func(p *queries.Params, a []string) { p.ID = strings.Join(a, " ") }},
	"body":         {"ID|NAME", -1, func(p *queries.Params, a []string) { p.ID = strings.Join(a, " ") }},
	"place":        {"ID|NAME", -1, func(p *queries.Params, a []string) { p.ID = strings.Join(a, " ") }},
	"coappearance": {"ACTOR", -1, func(p *queries.Params, a []string) { p.Actor = strings.Join(a, " ") }},
	"venues":       {"ACTOR", -1, func(p *queries.Params, a []string) { p.Actor = strings.Join(a, " ") }},
	"venue-events": {"PLACE", -1, func(p *queries.Params, a []string) { p.Place = strings.Join(a, " ") }},
	"path":         {"FROM TO", 2, func(p *queries.Params, a []string) { p.Actor, p.Other = a[0], a[1] }},
	"search":       {"TEXT", -1, func(p *queries.Params, a []string) { p.Text = strings.Join(a, " ") }},
}

func newQueryCmd() *cobra.Command {
	var names []string
	for _, n := range queries.All() {
		usage := queryArgs[n.Name].usage
		names = append(names, fmt.Sprintf("  %-17s %-9s %s", n.Name, usage, n.Summary))
	}
	cmd := &cobra.Command{
		Use:   "query NAME [ARGS] | query gizmo|graphql|mql QUERY",
		Short: "Run a named query, or a Gizmo, GraphQL or MQL query, against the store",
		Long: "query runs the named queries the HTTP API serves and prints a table (or JSON with\n" +
			"--json). Every row keeps its provenance: what the source states, and where.\n\nNamed queries:\n" +
			strings.Join(names, "\n") + "\n  gizmo|graphql|mql QUERY  a query in one of Cayley's languages",
		Example: `  annals query legislators --country Germany --from 2022-01 --to 2022-06
  annals query person "Agnieszka Borowiec" --json
  annals query legislator-groups --by country --from 2022-01 --to 2022-06
  annals query venue-events country:germany
  annals query venues "Karin Sjöberg"
  annals query path "Karin Sjöberg" "Nordhavn Shipping"
  annals query gizmo 'g.V().Has("<https://annals.dev/ns#legislator>", true).Out("<http://schema.org/name>").Unique().All()'`,
		Args: cobra.MinimumNArgs(1),
	}
	sf := addStoreFlags(cmd)
	var p queries.Params
	asJSON := cmd.Flags().Bool("json", false, "print JSON instead of a table")
	f := cmd.Flags()
	f.StringVar(&p.Person, "person", "", "filter: a person")
	f.StringVar(&p.Body, "body", "", "filter: a body")
	f.StringVar(&p.Place, "place", "", "filter: a place")
	f.StringVar(&p.Country, "country", "", "filter: a country")
	f.StringVar(&p.Event, "event", "", "filter: an event ID")
	f.StringVar(&p.From, "from", "", "filter: events ending on or after (YYYY[-MM[-DD]])")
	f.StringVar(&p.To, "to", "", "filter: events starting on or before (YYYY[-MM[-DD]])")
	f.StringVar(&p.Kind, "kind", "", "filter: event kind; for search: person, body or place")
	f.StringVar(&p.Text, "text", "", "filter: words of the entry's text")
	f.StringVar(&p.With, "with", "", "coappearance: people, bodies or all")
	f.StringVar(&p.Participation, "participation", "", "attended, mentioned or any")
	f.StringVar(&p.By, "by", "", "legislator-groups: parliament (default) or country")
	f.IntVar(&p.Limit, "limit", 0, "rows (default: the query's own)")
	f.IntVar(&p.Offset, "offset", 0, "rows to skip")
	f.IntVar(&p.MaxHops, "max-hops", 0, "path: longest connection searched (default 6)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := commandContext(cmd)
		name, rest := args[0], args[1:]
		if query.GetLanguage(name) != nil {
			if len(rest) != 1 {
				return fmt.Errorf("query %s: want one QUERY argument (quote it)", name)
			}
		} else if err := bindArgs(name, rest, &p); err != nil {
			return err
		}
		s, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		out := cmd.OutOrStdout()
		if query.GetLanguage(name) != nil {
			limit := p.Limit
			if limit <= 0 {
				limit = 100
			}
			it, err := query.Execute(ctx, s.QuadStore, name, rest[0], query.Options{Collation: query.JSON, Limit: limit})
			if err != nil {
				return fmt.Errorf("query %s: %w", name, err)
			}
			defer it.Close()
			var results []any
			for it.Next(ctx) {
				results = append(results, it.Result())
			}
			if err := it.Err(); err != nil {
				return fmt.Errorf("query %s: %w", name, err)
			}
			if *asJSON {
				return writeQueryJSON(out, results)
			}
			return writeLanguageResults(out, results)
		}
		named, _ := queries.Lookup(name)
		res, err := named.Func(ctx, s, p)
		var ua *queries.UnknownActorError
		if errors.As(err, &ua) && len(ua.Suggestions) > 0 {
			return fmt.Errorf("query %s: %w (IDs: %s)", name, err, suggestionIDs(ua.Suggestions))
		} else if err != nil {
			return fmt.Errorf("query %s: %w", name, err)
		}
		if *asJSON {
			return writeQueryJSON(out, res)
		}
		header, rows := api.Table(res)
		return writeQueryTable(out, header, rows)
	}
	return cmd
}

func bindArgs(name string, args []string, p *queries.Params) error {
	if _, ok := queries.Lookup(name); !ok {
		var names []string
		for _, n := range queries.All() {
			names = append(names, n.Name)
		}
		return fmt.Errorf("query: unknown query %q (named queries: %s; languages: gizmo, graphql, mql)", name, strings.Join(names, ", "))
	}
	spec, ok := queryArgs[name]
	switch {
	case !ok && len(args) > 0:
		return fmt.Errorf("query %s: takes no arguments, only flags (got %q)", name, args)
	case !ok:
		return nil
	case spec.n < 0 && len(args) == 0, spec.n > 0 && len(args) != spec.n:
		return fmt.Errorf("query %s: usage: annals query %s %s", name, name, spec.usage)
	}
	spec.set(p, args)
	return nil
}

func suggestionIDs(refs []queries.Ref) string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

func writeQueryJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeQueryTable prints rows aligned in columns; long sentences are cut to keep rows on
// one line (--json has them whole).
func writeQueryTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			c = strings.ReplaceAll(c, "\t", " ")
			if rs := []rune(c); len(rs) > 80 {
				c = string(rs[:79]) + "…"
			}
			cells[i] = c
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// writeLanguageResults prints the results of a Gizmo/GraphQL/MQL query: a table of their tags
// when they are objects, one value a line otherwise.
func writeLanguageResults(w io.Writer, results []any) error {
	keys := map[string]bool{}
	for _, r := range results {
		m, ok := r.(map[string]any)
		if !ok {
			return writeQueryJSON(w, results)
		}
		for k := range m {
			keys[k] = true
		}
	}
	header := make([]string, 0, len(keys))
	for k := range keys {
		header = append(header, k)
	}
	sort.Slice(header, func(i, j int) bool { return header[i] == "id" || (header[j] != "id" && header[i] < header[j]) })
	rows := make([][]string, 0, len(results))
	for _, r := range results {
		m := r.(map[string]any)
		row := make([]string, len(header))
		for i, k := range header {
			if v, ok := m[k]; ok {
				if s, ok := v.(string); ok {
					row[i] = s
				} else {
					b, _ := json.Marshal(v)
					row[i] = string(b)
				}
			}
		}
		rows = append(rows, row)
	}
	return writeQueryTable(w, header, rows)
}
