package score

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// field is one key and already formatted value of a result line.
type field struct{ key, val string }

// lines lays the result out as score.py's dictionary, in its order.
func (r Result) lines() []struct {
	key    string
	fields []field
} {
	prfFields := func(v PRF) []field {
		return []field{{"p", pyFloat(v.P)}, {"r", pyFloat(v.R)}, {"f1", pyFloat(v.F1)},
			{"tp", strconv.Itoa(v.TP)}, {"fp", strconv.Itoa(v.FP)}, {"fn", strconv.Itoa(v.FN)}}
	}
	flagFields := func(v FlagPRF) []field {
		return []field{{"p", pyFloat(v.P)}, {"r", pyFloat(v.R)}, {"f1", pyFloat(v.F1)}, {"n", strconv.Itoa(v.N)}}
	}
	acc := func(v Accuracy) []field {
		a := "None"
		if v.Acc != nil {
			a = pyFloat(*v.Acc)
		}
		return []field{{"acc", a}, {"n", strconv.Itoa(v.N)}}
	}
	out := []struct {
		key    string
		fields []field
	}{
		{"people", prfFields(r.People)},
		{"bodies", prfFields(r.Bodies)},
		{"places", prfFields(r.Places)},
		{"dates", acc(r.Dates)},
		{"entries_found", []field{{"found", strconv.Itoa(r.EntriesFound.Found)}, {"n", strconv.Itoa(r.EntriesFound.N)}}},
		{"legislator", flagFields(r.Legislator)},
		{"legislative", flagFields(r.Legislative)},
		{"participant", acc(r.Participant)},
	}
	for _, v := range r.Roles {
		out = append(out, struct {
			key    string
			fields []field
		}{v.Name, prfFields(v.PRF)})
	}
	return out
}

// WriteText prints the result as score.py does without --json: one line per figure,
// then, when misses is set, one "MISS ..." line per disagreement.
func (r Result) WriteText(w io.Writer, misses bool) error {
	bw := bufio.NewWriter(w)
	for _, l := range r.lines() {
		parts := make([]string, len(l.fields))
		for i, f := range l.fields {
			parts[i] = "'" + f.key + "': " + f.val
		}
		fmt.Fprintf(bw, "%-14s {%s}\n", l.key, strings.Join(parts, ", "))
	}
	if misses {
		r.writeMisses(bw)
	}
	return bw.Flush()
}

// WriteJSON prints the result as score.py --json does (byte for byte: Python's
// separators and float forms), then the misses when asked.
func (r Result) WriteJSON(w io.Writer, misses bool) error {
	bw := bufio.NewWriter(w)
	var outer []string
	for _, l := range r.lines() {
		parts := make([]string, len(l.fields))
		for i, f := range l.fields {
			v := f.val
			if v == "None" {
				v = "null"
			}
			parts[i] = strconv.Quote(f.key) + ": " + v
		}
		outer = append(outer, strconv.Quote(l.key)+": {"+strings.Join(parts, ", ")+"}")
	}
	fmt.Fprintf(bw, "{%s}\n", strings.Join(outer, ", "))
	if misses {
		r.writeMisses(bw)
	}
	return bw.Flush()
}

func (r Result) writeMisses(w io.Writer) {
	for _, m := range r.Misses {
		fmt.Fprintf(w, "MISS %d %s %s %s\n", m.Line, m.Kind, m.What, m.Name)
	}
}

// pyFloat formats a float as Python's repr does for the values a score holds.
func pyFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}
