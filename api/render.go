package api

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"annals/queries"
)

// named serves a named query.
func (s *server) named(rt namedRoute) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		format, err := negotiate(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p, err := rt.bind(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p.Index = s.index.Load(); p.Index == nil {
			s.problem(w, r, &Problem{Type: "not-ready", Title: "Not ready", Status: http.StatusServiceUnavailable,
				Detail: "the query index is being built; retry shortly"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.QueryTimeout)
		defer cancel()
		var res queries.Result
		err = s.store.Reread(ctx, func(ctx context.Context) (err error) { res, err = rt.Query(ctx, s.store, p); return err })
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if format == "csv" {
			writeCSV(w, res)
			return
		}
		writeJSON(w, http.StatusOK, res)
	}
}

// negotiate picks JSON or CSV from ?format= or the Accept header.
func negotiate(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "json", "csv":
		return f, nil
	case "":
	default:
		return "", &queries.ParamError{Param: "format", Value: f, Reason: "must be json or csv"}
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch strings.TrimSpace(mt) {
		case "text/csv":
			return "csv", nil
		case "application/json", "*/*", "application/*":
			return "json", nil
		}
	}
	return "json", nil
}

func writeCSV(w http.ResponseWriter, res queries.Result) {
	header, rows := Table(res)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+res.Query()+`.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write(header)
	_ = cw.WriteAll(rows)
}

// Table flattens a result into a header and rows, as CSV and the terminal show it.
// Each row keeps its provenance: the source, the line and what the source states.
func Table(res queries.Result) (header []string, rows [][]string) {
	switch r := res.(type) {
	case *queries.LegislatorEvents:
		header = []string{"person", "person_id", "role", "participation", "event_id", "date_start", "date_end", "date_text", "kind", "places", "countries", "source", "line", "source_states"}
		for _, x := range r.Rows {
			rows = append(rows, append([]string{x.Person.Name, x.Person.ID, x.Role, x.Participation, x.Event.ID,
				x.Date.Start, x.Date.End, x.Date.Text, x.Kind, placeNames(x.Places), countries(x.Places)}, prov(x.Provenance)...))
		}
	case *queries.LegislatorGroups:
		header = []string{r.By, r.By + "_id", "person", "person_id", "via", "via_id", "via_source", "via_line", "via_source_states",
			"participation", "event_id", "date_start", "date_end", "source", "line", "source_states"}
		for _, g := range r.Groups {
			group := []string{"", ""}
			if g.Group != nil {
				group = []string{g.Group.Name, g.Group.ID}
			}
			for _, l := range g.Legislators {
				via := []string{"", "", "", "", ""}
				if l.Via != nil {
					via = append([]string{l.Via.Name, l.Via.ID}, prov(l.Via.Provenance)...)
				}
				for _, e := range l.Events {
					row := append(append(append([]string{}, group...), l.Person.Name, l.Person.ID), via...)
					rows = append(rows, append(append(row, e.Participation, e.Event.ID, e.Date.Start, e.Date.End), prov(e.Provenance)...))
				}
			}
		}
	case *queries.Venues:
		header = []string{"subject", "subject_id", "venue", "venue_id", "venue_country", "event_id", "date_start", "date_end", "kind", "relation", "source", "line", "source_states"}
		for _, g := range r.Groups {
			venue := []string{"", "", ""}
			if g.Place != nil {
				venue = []string{g.Place.Name, g.Place.ID, countries([]queries.Place{*g.Place})}
			}
			for _, e := range g.Events {
				row := append(append([]string{r.Subject.Name, r.Subject.ID}, venue...), e.Event.ID, e.Date.Start, e.Date.End, e.Kind, e.Relation)
				rows = append(rows, append(row, prov(e.Provenance)...))
			}
		}
	case *queries.Events:
		header = eventHeader()
		for _, e := range r.Events {
			rows = append(rows, eventRow(e))
		}
	case *queries.EventDetail:
		header = []string{"event_id", "subject", "subject_id", "predicate", "value", "object_id", "source", "line", "source_states"}
		for _, f := range r.Facts {
			obj := ""
			if f.Object != nil {
				obj = f.Object.ID
			}
			rows = append(rows, append([]string{r.ID, f.Subject.Name, f.Subject.ID, f.Predicate, f.Value, obj}, prov(r.Provenance)...))
		}
	case *queries.Profile:
		header = append([]string{r.Type, r.Type + "_id", "relation"}, eventHeader()...)
		for _, e := range r.Events {
			rows = append(rows, append([]string{r.Name, r.ID, e.Relation}, eventRow(e.Event)...))
		}
	case *queries.CoAppearance:
		header = []string{"actor", "actor_id", "partner", "partner_id", "partner_type", "weight", "event_id", "date_start", "date_end", "kind", "source", "line", "source_states"}
		for _, p := range r.Partners {
			for _, e := range p.Events {
				rows = append(rows, append([]string{r.Actor.Name, r.Actor.ID, p.Name, p.ID, p.Type, strconv.Itoa(p.Weight),
					e.ID, e.Date.Start, e.Date.End, e.Kind}, prov(e.Provenance)...))
			}
		}
	case *queries.Connection:
		header = []string{"hop", "from", "from_id", "event_id", "date_start", "kind", "to", "to_id", "source", "line", "source_states"}
		for i, st := range r.Steps {
			rows = append(rows, append([]string{strconv.Itoa(i + 1), st.From.Name, st.From.ID, st.Event.ID, st.Event.Date.Start,
				st.Event.Kind, st.To.Name, st.To.ID}, prov(st.Event.Provenance)...))
		}
	case *queries.Stats:
		header = []string{"metric", "value"}
		c := r.Counts
		for _, kv := range []struct {
			k string
			v int64
		}{{"quads", r.Quads}, {"nodes", r.Nodes}, {"events", int64(c.Events)}, {"people", int64(c.People)},
			{"bodies", int64(c.Bodies)}, {"places", int64(c.Places)}, {"entries", int64(c.Entries)},
			{"documents", int64(c.Documents)}, {"legislators", int64(c.Legislators)}, {"legislative_bodies", int64(c.LegislativeBodies)}} {
			rows = append(rows, []string{kv.k, strconv.FormatInt(kv.v, 10)})
		}
		rows = append(rows, []string{"date_start", r.DateSpan.Start}, []string{"date_end", r.DateSpan.End})
		for _, d := range r.Documents {
			rows = append(rows, []string{"entries:" + d.Source, strconv.Itoa(d.Entries)})
		}
	case *queries.Matches:
		header = []string{"type", "id", "name", "matched", "events"}
		for _, m := range r.Matches {
			rows = append(rows, []string{m.Type, m.ID, m.Name, m.Matched, strconv.Itoa(m.Events)})
		}
	}
	return header, rows
}

func eventHeader() []string {
	return []string{"event_id", "date_start", "date_end", "date_text", "kind", "places", "countries", "participants", "mentioned", "source", "line", "source_states"}
}

func eventRow(e queries.Event) []string {
	return append([]string{e.ID, e.Date.Start, e.Date.End, e.Date.Text, e.Kind, placeNames(e.Places), countries(e.Places),
		refNames(e.Participants), refNames(e.Mentioned)}, prov(e.Provenance)...)
}

func prov(p queries.Provenance) []string {
	return []string{p.Source, strconv.Itoa(p.Line), p.States}
}

func placeNames(ps []queries.Place) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, "; ")
}

func countries(ps []queries.Place) string {
	var out []string
	for _, p := range ps {
		c := p.Country
		if p.Kind == "country" {
			c = p.Name
		}
		if c != "" && !contains(out, c) {
			out = append(out, c)
		}
	}
	return strings.Join(out, "; ")
}

func refNames(rs []queries.Ref) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return strings.Join(names, "; ")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
