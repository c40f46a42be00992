package extract_test

import (
	"errors"
	"testing"
	"time"

	"annals/extract"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name      string
		phrase    string
		year      int
		section   time.Month
		start     string
		end       string
		precision string
	}{
		{"single day", "February 4", 2023, time.February, "2023-02-04", "2023-02-04", "day"},
		{"range with hyphen", "February 2-7", 2023, time.February, "2023-02-02", "2023-02-07", "range"},
		{"range with spaced en dash", "May 15 – 21", 2023, time.May, "2023-05-15", "2023-05-21", "range"},
		{"range with hyphen then space", "February 16- 23", 2023, time.February, "2023-02-16", "2023-02-23", "range"},
		{"reversed range", "January 15-10", 2023, time.January, "2023-01-10", "2023-01-15", "range"},
		{"two days with and", "October 21 and 22", 2023, time.October, "2023-10-21", "2023-10-22", "range"},
		{"across months with and", "September 30 and October 1", 2023, time.September, "2023-09-30", "2023-10-01", "range"},
		{"dangling hyphen", "August 11-", 2023, time.August, "2023-08-11", "2023-08-11", "day"},
		{"leading on", "On October 11", 2023, time.October, "2023-10-11", "2023-10-11", "day"},
		{"mid with hyphen", "Mid-May", 2023, time.May, "2023-05-11", "2023-05-20", "part-of-month"},
		{"early", "Early June", 2023, time.June, "2023-06-01", "2023-06-10", "part-of-month"},
		{"beginning in", "Beginning in November", 2023, time.November, "2023-11-01", "2023-11-10", "part-of-month"},
		{"end without of", "End June", 2023, time.June, "2023-06-21", "2023-06-30", "part-of-month"},
		{"late", "Late December", 2023, time.December, "2023-12-21", "2023-12-31", "part-of-month"},
		{"end of february in a leap year", "the end of February", 2024, time.February, "2024-02-21", "2024-02-29", "part-of-month"},
		{"end of february", "End of February", 2023, time.February, "2023-02-21", "2023-02-28", "part-of-month"},
		{"middle of", "middle of March", 2023, 0, "2023-03-11", "2023-03-20", "part-of-month"},
		{"abbreviation with dot", "Sept. 5", 2023, time.September, "2023-09-05", "2023-09-05", "day"},
		{"abbreviation without dot", "Oct 5", 2023, time.October, "2023-10-05", "2023-10-05", "day"},
		{"day first", "3 March", 2023, time.March, "2023-03-03", "2023-03-03", "day"},
		{"day first ordinal of", "the 3rd of March", 2023, time.March, "2023-03-03", "2023-03-03", "day"},
		{"ordinal", "March 3rd", 2023, time.March, "2023-03-03", "2023-03-03", "day"},
		{"month the ordinal", "March the 5th", 2023, time.March, "2023-03-05", "2023-03-05", "day"},
		{"month of year", "Late June of 2021", 2023, time.June, "2021-06-21", "2021-06-30", "part-of-month"},
		{"weekday and day first with year", "Tuesday 5 March 2024", 0, 0, "2024-03-05", "2024-03-05", "day"},
		{"weekday", "Monday, March 4", 2024, time.March, "2024-03-04", "2024-03-04", "day"},
		{"explicit year wins", "March 4, 2021", 2023, time.March, "2021-03-04", "2021-03-04", "day"},
		{"day first with year", "4 March 2021", 0, 0, "2021-03-04", "2021-03-04", "day"},
		{"iso date", "2021-03-04", 0, 0, "2021-03-04", "2021-03-04", "day"},
		{"day first range", "15–21 May", 2023, time.May, "2023-05-15", "2023-05-21", "range"},
		{"range across months", "May 30 – June 2", 2023, time.May, "2023-05-30", "2023-06-02", "range"},
		{"range across the year end", "December 28 – January 3", 2023, time.December, "2023-12-28", "2024-01-03", "range"},
		{"year end with written end year", "December 28 – January 3, 2024", 0, 0, "2023-12-28", "2024-01-03", "range"},
		{"year end under a january section", "December 30", 2024, time.January, "2023-12-30", "2023-12-30", "day"},
		{"january under a december section", "January 2", 2023, time.December, "2024-01-02", "2024-01-02", "day"},
		{"to and through", "March 3 through 5", 2023, time.March, "2023-03-03", "2023-03-05", "range"},
		{"from to", "from March 3 to March 5", 2023, time.March, "2023-03-03", "2023-03-05", "range"},
		{"list of days", "October 21, 22 and 23", 2023, time.October, "2023-10-21", "2023-10-23", "range"},
		{"days with a slash", "January 6/7", 2023, time.January, "2023-01-06", "2023-01-07", "range"},
		{"days with an ampersand", "October 21 & 22", 2023, time.October, "2023-10-21", "2023-10-22", "range"},
		{"day only in a section", "15", 2023, time.May, "2023-05-15", "2023-05-15", "day"},
		{"days only in a section", "15 – 21", 2023, time.May, "2023-05-15", "2023-05-21", "range"},
		{"whole month", "June", 2023, time.June, "2023-06-01", "2023-06-30", "range"},
		{"em dash range", "March 3—5", 2023, time.March, "2023-03-03", "2023-03-05", "range"},
		{"no-break spaces", "May\u00a015\u00a0–\u00a021", 2023, time.May, "2023-05-15", "2023-05-21", "range"},
		{"upper case", "MID-MAY", 2023, time.May, "2023-05-11", "2023-05-20", "part-of-month"},
		{"same day twice", "May 15-15", 2023, time.May, "2023-05-15", "2023-05-15", "day"},
		{"mid month range", "Mid-May – Early June", 2023, time.May, "2023-05-11", "2023-06-10", "range"},
		{"first week", "First week of March", 2023, time.March, "2023-03-01", "2023-03-07", "part-of-month"},
		{"fourth week", "the fourth week of March", 2023, time.March, "2023-03-22", "2023-03-28", "part-of-month"},
		{"last week", "Last week of February", 2024, time.February, "2024-02-23", "2024-02-29", "part-of-month"},
		{"months", "January–February", 2023, time.January, "2023-01-01", "2023-02-28", "range"},
		{"parts of two months", "Late January – Early February", 2023, time.January, "2023-01-21", "2023-02-10", "range"},
		{"two parts of a month", "Early and mid-June", 2023, time.June, "2023-06-01", "2023-06-20", "range"},
		{"part to part", "Mid- to late May", 2023, time.May, "2023-05-11", "2023-05-31", "range"},
		{"week of", "Week of February 12", 2024, time.February, "2024-02-12", "2024-02-18", "range"},
		{"week of across months", "the week of 28 February", 2023, time.February, "2023-02-28", "2023-03-06", "range"},
		{"second half", "Second half of April", 2023, time.April, "2023-04-16", "2023-04-30", "part-of-month"},
		{"first half", "first half of April", 2023, time.April, "2023-04-01", "2023-04-15", "part-of-month"},
		{"throughout", "Throughout November", 2023, time.November, "2023-11-01", "2023-11-30", "range"},
		{"early with hyphen", "Early-February", 2023, time.February, "2023-02-01", "2023-02-10", "part-of-month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := extract.ParseDate(tt.phrase, tt.year, tt.section)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.phrase, err)
			}
			if d.Start != tt.start || d.End != tt.end || d.Precision != tt.precision {
				t.Errorf("ParseDate(%q) = %s..%s %s, want %s..%s %s", tt.phrase, d.Start, d.End, d.Precision, tt.start, tt.end, tt.precision)
			}
			if d.Text != tt.phrase {
				t.Errorf("Text = %q, want the phrase as written %q", d.Text, tt.phrase)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		name    string
		phrase  string
		year    int
		section time.Month
		want    error
	}{
		{"empty", "", 2023, 0, extract.ErrUnknownDate},
		{"words", "Sometime in May", 2023, time.May, extract.ErrUnknownDate},
		{"season", "Summer", 2023, 0, extract.ErrUnknownDate},
		{"no such day", "February 30", 2023, time.February, extract.ErrUnknownDate},
		{"february 29 in a common year", "February 29", 2023, time.February, extract.ErrUnknownDate},
		{"day 0", "March 0", 2023, time.March, extract.ErrUnknownDate},
		{"day only without a section", "15", 2023, 0, extract.ErrUnknownDate},
		{"no year", "March 3", 0, 0, extract.ErrNoYear},
		{"numeric slashes", "12/03/2023", 2023, 0, extract.ErrUnknownDate},
		{"numeric day and month", "4/5", 2023, time.March, extract.ErrUnknownDate},
		{"prose", "The council met", 2023, time.March, extract.ErrUnknownDate},
		{"bad iso month", "2021-13-04", 0, 0, extract.ErrUnknownDate},
		{"part without month", "Mid-", 2023, time.May, extract.ErrUnknownDate},
		{"part alone", "Late", 2023, time.May, extract.ErrUnknownDate},
		{"parts alone", "Early and late", 2023, time.May, extract.ErrUnknownDate},
		{"third half", "third half of May", 2023, time.May, extract.ErrUnknownDate},
		{"week without month", "first week", 2023, time.May, extract.ErrUnknownDate},
		{"week of a month", "week of May", 2023, time.May, extract.ErrUnknownDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := extract.ParseDate(tt.phrase, tt.year, tt.section)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseDate(%q) error = %v, want %v", tt.phrase, err, tt.want)
			}
			if d.Start != "" || d.End != "" {
				t.Errorf("ParseDate(%q) = %s..%s with an error", tt.phrase, d.Start, d.End)
			}
			if d.Text != tt.phrase {
				t.Errorf("Text = %q, want %q", d.Text, tt.phrase)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"February 4", "January 15-10", "May 15 – 21", "Mid-May",
		"September 30 and October 1", "December 28 – January 3", "3rd of March 2021",
		"Beginning in November", "2021-03-04", "15–21 May", "August 11-"} {
		f.Add(s, 2023, 5)
	}
	f.Fuzz(func(t *testing.T, phrase string, year, month int) {
		if year < 0 || year > 9999 {
			year %= 10000
			if year < 0 {
				year = -year
			}
		}
		section := time.Month(((month % 13) + 13) % 13)
		d, err := extract.ParseDate(phrase, year, section)
		if err != nil {
			if d.Start != "" || d.End != "" {
				t.Fatalf("%q: dates %q..%q with error %v", phrase, d.Start, d.End, err)
			}
			return
		}
		start, err1 := time.Parse(time.DateOnly, d.Start)
		end, err2 := time.Parse(time.DateOnly, d.End)
		if err1 != nil || err2 != nil {
			t.Fatalf("%q: invalid ISO dates %q..%q", phrase, d.Start, d.End)
		}
		if end.Before(start) {
			t.Fatalf("%q: end %s before start %s", phrase, d.End, d.Start)
		}
		switch d.Precision {
		case extract.PrecisionDay:
			if d.Start != d.End {
				t.Fatalf("%q: precision day for %s..%s", phrase, d.Start, d.End)
			}
		case extract.PrecisionRange, extract.PrecisionPartOfMonth:
		default:
			t.Fatalf("%q: precision %q", phrase, d.Precision)
		}
	})
}
