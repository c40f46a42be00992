package actors_test

import (
	"testing"

	"annals/extract/actors"
)

func TestLookup(t *testing.T) {
	d := actors.Load()
	if d.Len() < 5000 {
		t.Fatalf("only %d actor keys", d.Len())
	}
	for _, c := range []struct {
		name, country, kind string
	}{
		{"Hamas", "", actors.KindArmedGroup},
		{"Shin Bet", "Israel", actors.KindIntelligence},
		{"Reuters", "", actors.KindMedia},
		{"Interpol", "", actors.KindInternational},
		{"Amnesty International", "", actors.KindNGO},
		{"the Taliban", "", actors.KindArmedGroup},
		{"Médecins Sans Frontières", "", actors.KindNGO},
		{"Al-Shabaab", "", actors.KindArmedGroup},
		{"U.N.", "", actors.KindInternational},
	} {
		a, ok := d.Lookup(c.name)
		if !ok {
			t.Errorf("%s: not found", c.name)
			continue
		}
		if a.Country != c.country || a.Kind != c.kind {
			t.Errorf("%s: got %q %q, want %q %q", c.name, a.Country, a.Kind, c.country, c.kind)
		}
	}
}

// TestTrimmed checks what the generator must have left out: people, countries and
// places, generic words.
func TestTrimmed(t *testing.T) {
	d := actors.Load()
	for _, name := range []string{
		"Benjamin Netanyahu", "Kofi Annan", "Ban Ki-moon", "Bashar Assad", "Nasrallah", // people
		"UN Secretary General",                         // an office holder
		"Afghanistan", "Israel", "Tel Aviv", "Galilee", // a country and its places
		"Washington", "Moscow", // notable places the source uses for governments
		"Senate", "Parliament", "Army", "Youth", "Resistance", // generic words
		"Ana", "AN", // too short
	} {
		if a, ok := d.Lookup(name); ok {
			t.Errorf("%s: kept as %+v", name, a)
		}
	}
}

func TestAgents(t *testing.T) {
	d := actors.Load()
	for _, p := range []string{"military", "defense ministry", "foreign ministry", "interior ministry", "government", "army", "police", "central bank", "electoral commission"} {
		if _, ok := d.AgentKey(p); !ok {
			t.Errorf("agent %q missing", p)
		}
	}
	for _, p := range []string{"defense minister", "prime minister", "speaker of parliament", "officials"} {
		if _, ok := d.AgentKey(p); ok {
			t.Errorf("%q is a person, not an institution", p)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"U.N.":                     "un",
		"Al-Shabaab":               "al shabaab",
		"Médecins Sans Frontières": "medecins sans frontieres",
		"The Globe and Mail":       "globe and mail",
		"Kuwait's":                 "kuwait",
		"AL_JAZEERA":               "al jazeera",
	} {
		if got := actors.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMayStart(t *testing.T) {
	d := actors.Load()
	for _, w := range []string{"hamas", "reuters", "shin", "amnesty"} {
		if !d.MayStart(w) || d.MaxWords(w) == 0 {
			t.Errorf("%q starts a key", w)
		}
	}
	if !d.MayStartPlain("hamas") || !d.MayStartPlain("al-shabaab") {
		t.Errorf("MayStartPlain disagrees with MayStart")
	}
	if d.MaxWords("amnesty") < 2 {
		t.Errorf("amnesty starts a key of two words")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		actors.Parse()
	}
}
