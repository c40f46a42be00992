package queries

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzDateRange reads the from/to parameters of the named queries as users type them.
// Whatever the input, dateRange must not panic, and must either reject it with a
// ParamError wrapping ErrBadDate or return ISO days (or empty bounds) in order.
func FuzzDateRange(f *testing.F) {
	for _, s := range [][2]string{{"2023", "2023"}, {"2023-06", "2023-02"}, {" 2023-06-14 ", ""},
		{"2023-02-30", ""}, {"", "9999-12"}, {"0000", "0001-01-01"}, {"2023-6-1", "+2023"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		gotFrom, gotTo, err := dateRange(Params{From: from, To: to})
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || !errors.Is(err, ErrBadDate) || (pe.Param != "from" && pe.Param != "to") {
				t.Fatalf("from=%q to=%q: error %v is not a ParamError of from or to", from, to, err)
			}
			return
		}
		for _, d := range []string{gotFrom, gotTo} {
			if d == "" {
				continue
			}
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				t.Fatalf("from=%q to=%q: %q is not an ISO day", from, to, d)
			}
		}
		if (gotFrom == "") != (strings.TrimSpace(from) == "") || (gotTo == "") != (strings.TrimSpace(to) == "") {
			t.Fatalf("from=%q to=%q: bounds %q..%q", from, to, gotFrom, gotTo)
		}
		if gotFrom != "" && gotTo != "" && gotFrom > gotTo {
			t.Fatalf("from=%q to=%q: %s after %s", from, to, gotFrom, gotTo)
		}
	})
}
