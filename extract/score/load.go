package score

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"annals/extract"
)

// Set holds the records of one side of a comparison (gold or system), keyed by the
// source line of each entry. A line seen twice keeps its first position and its last
// record, as score.py's dictionary does.
type Set struct {
	order []int
	byKey map[int]*Entry
}

// Entry is what the scorer reads of one record.
type Entry struct {
	Line int
	// V2 marks a gold entry annotated with the format-version-2 fields.
	V2     bool
	Date   Date
	People []Item
	Bodies []Item
	Places []Item
}

// Date is the range of an entry's date. A nil bound is a missing or null field.
type Date struct {
	Start, End *string
}

// Item is one person, body or place of a record, with the fields the scorer reads.
type Item struct {
	Name        string   // "" when missing or null
	NameText    string   // the name as score.py prints it in misses ("None" when missing)
	Aliases     []string // may include ""
	Kind        string   // places only; "city" when the field is missing
	Optional    bool
	Legislator  bool
	Legislative bool
	// Participant is nil when the record has no participant field.
	Participant *bool

	// Format version 2. Has* record whether the field is present (even as null);
	// a string field that is null, missing or not a string reads as "".
	Country, PartOf       Value
	Venue, VenueOptional  bool
	HasVenue, HasMemberOf bool
	MemberOf              []string
}

// Value is a string field of an item as score.py sees it.
type Value struct {
	Present bool   // the key is in the object
	Str     string // the string, "" for null or a non-string
	Text    string // as Python prints it: the string, or "None" for null or missing
}

// Len is the number of distinct entry lines in the set.
func (s *Set) Len() int { return len(s.order) }

// Lines are the entry lines in the order score.py iterates them.
func (s *Set) Lines() []int { return append([]int(nil), s.order...) }

// Entry returns the record of a line.
func (s *Set) Entry(line int) (*Entry, bool) {
	e, ok := s.byKey[line]
	return e, ok
}

func (s *Set) put(e *Entry) {
	if s.byKey == nil {
		s.byKey = map[int]*Entry{}
	}
	if _, ok := s.byKey[e.Line]; !ok {
		s.order = append(s.order, e.Line)
	}
	s.byKey[e.Line] = e
}

// Load reads records as JSON Lines (the shape of EXTRACT-FORMAT.md; gold files add
// "optional"). Blank lines are skipped; an unreadable line is an error naming it.
func Load(r io.Reader) (*Set, error) {
	s := &Set{byKey: map[int]*Entry{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 256<<20)
	n := 0
	for sc.Scan() {
		n++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		e, err := parseEntry(b)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		s.put(e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return s, nil
}

// FromRecords builds a set from extractor output, through the same JSON a file holds,
// so that a record scores the same whether it was written out or not.
func FromRecords(recs []extract.Record) (*Set, error) {
	s := &Set{byKey: map[int]*Entry{}}
	for i := range recs {
		b, err := json.Marshal(&recs[i])
		if err != nil {
			return nil, fmt.Errorf("record of line %d: %w", recs[i].Line, err)
		}
		e, err := parseEntry(b)
		if err != nil {
			return nil, fmt.Errorf("record of line %d: %w", recs[i].Line, err)
		}
		s.put(e)
	}
	return s, nil
}

func parseEntry(b []byte) (*Entry, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	raw, ok := m["line"]
	if !ok {
		return nil, fmt.Errorf(`no "line" field`)
	}
	line, err := parseLine(raw)
	if err != nil {
		return nil, err
	}
	e := &Entry{Line: line, V2: truthy(m["v2"])}
	if e.Date, err = parseDate(m["date"]); err != nil {
		return nil, fmt.Errorf("date: %w", err)
	}
	for _, f := range []struct {
		key string
		dst *[]Item
	}{{"people", &e.People}, {"bodies", &e.Bodies}, {"places", &e.Places}} {
		if *f.dst, err = parseItems(m[f.key]); err != nil {
			return nil, fmt.Errorf("%s: %w", f.key, err)
		}
	}
	return e, nil
}

// parseLine reads "line" as Python's int() would: a number (truncated) or a numeric string.
func parseLine(raw json.RawMessage) (int, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return 0, fmt.Errorf("line: %w", err)
	}
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i), nil
		}
		f, err := x.Float64()
		if err != nil {
			return 0, fmt.Errorf("line %s is not a number", x)
		}
		return int(math.Trunc(f)), nil
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return 0, fmt.Errorf("line %q is not a number", x)
		}
		return i, nil
	}
	return 0, fmt.Errorf("line %s is not a number", raw)
}

func parseDate(raw json.RawMessage) (Date, error) {
	var d struct {
		Start *string `json:"start"`
		End   *string `json:"end"`
	}
	if isNullish(raw) {
		return Date{}, nil
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return Date{}, err
	}
	return Date{Start: d.Start, End: d.End}, nil
}

func parseItems(raw json.RawMessage) ([]Item, error) {
	if isNullish(raw) {
		return nil, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, fmt.Errorf("not a list: %w", err)
	}
	items := make([]Item, 0, len(elems))
	for i, el := range elems {
		it, err := parseItem(el)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		items = append(items, it)
	}
	return items, nil
}

// parseItem reads an item object, or a bare string standing for {"name": string}.
func parseItem(raw json.RawMessage) (Item, error) {
	var name string
	if err := json.Unmarshal(raw, &name); err == nil {
		none := Value{Text: "None"}
		return Item{Name: name, NameText: name, Kind: "city", Country: none, PartOf: none}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return Item{}, fmt.Errorf("neither a string nor an object: %s", raw)
	}
	it := Item{NameText: "None", Kind: "city"}
	if v, ok := m["name"]; ok && !isNullish(v) {
		if err := json.Unmarshal(v, &it.Name); err != nil {
			return Item{}, fmt.Errorf("name: %w", err)
		}
		it.NameText = it.Name
	}
	if v, ok := m["aliases"]; ok && !isNullish(v) {
		if err := json.Unmarshal(v, &it.Aliases); err != nil {
			return Item{}, fmt.Errorf("aliases: %w", err)
		}
	}
	if v, ok := m["kind"]; ok {
		// A null kind is neither city nor site, as in score.py.
		it.Kind = ""
		_ = json.Unmarshal(v, &it.Kind)
	}
	it.Optional = truthy(m["optional"])
	it.Legislator = truthy(m["legislator"])
	it.Legislative = truthy(m["legislative"])
	if v, ok := m["participant"]; ok {
		p := truthy(v)
		it.Participant = &p
	}
	it.Country, it.PartOf = parseValue(m, "country"), parseValue(m, "part_of")
	_, it.HasVenue = m["venue"]
	it.Venue, it.VenueOptional = truthy(m["venue"]), truthy(m["venue_optional"])
	if v, ok := m["member_of"]; ok {
		it.HasMemberOf = true
		var list []any
		if json.Unmarshal(v, &list) == nil {
			for _, x := range list {
				if s, ok := x.(string); ok {
					it.MemberOf = append(it.MemberOf, s)
				}
			}
		}
	}
	return it, nil
}

func parseValue(m map[string]json.RawMessage, key string) Value {
	raw, ok := m[key]
	v := Value{Present: ok, Text: "None"}
	if ok && !isNullish(raw) {
		if json.Unmarshal(raw, &v.Str) == nil {
			v.Text = v.Str
		} else {
			v.Text = string(bytes.TrimSpace(raw))
		}
	}
	return v
}

func isNullish(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// truthy is Python's bool() of a JSON value.
func truthy(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	switch {
	case len(t) == 0, string(t) == "null", string(t) == "false", string(t) == `""`:
		return false
	case t[0] == '[' || t[0] == '{':
		var v any
		if json.Unmarshal(t, &v) != nil {
			return false
		}
		switch x := v.(type) {
		case []any:
			return len(x) > 0
		case map[string]any:
			return len(x) > 0
		}
	case t[0] == '-' || (t[0] >= '0' && t[0] <= '9'):
		f, err := strconv.ParseFloat(string(t), 64)
		return err == nil && f != 0
	}
	return true
}
