package main

import (
	"slices"
	"testing"
)

func TestCleanAlternates(t *testing.T) {
	got := cleanAlternates("Shahr-e Qods", []string{
		"Shahr-e Qods", // the name itself
		"Shahre Qods",  // same folded key as the name
		"Qods",
		"QODS",          // a code
		"qds",           // machine transliteration
		"shhr qds",      // machine transliteration
		"شهر قدس",       // Arabic script
		"Qods Airport",  // an airport
		"Qal`eh Hasan",  // a grave accent for an ayin: not a name's character
		"Qal‘eh Hasan",  // kept
		"Qods 2",        // digits
		"Karaj Station", // a station
		"A Very Long Name That Goes On And On Beyond Any Town",
	}, true)
	want := []string{"Qods", "Qal‘eh Hasan"}
	if !slices.Equal(got, want) {
		t.Errorf("cleanAlternates = %q, want %q", got, want)
	}
	// Curated country names keep their capitals ("UK"); codes are judged at look-up.
	got = cleanAlternates("United Kingdom", []string{"UK", "GBR", "Great Britain", "Royaume-Uni"}, false)
	want = []string{"UK", "GBR", "Great Britain", "Royaume-Uni"}
	if !slices.Equal(got, want) {
		t.Errorf("cleanAlternates(country) = %q, want %q", got, want)
	}
}

func TestRegionNames(t *testing.T) {
	inside := map[string]bool{"lagos": true, "tehran": true}
	got := baseNames([]string{"Lagos State", "Free State", "Tehran Province", "State of Connecticut", "Freistaat", "État libre", "Orange Free State"}, inside)
	want := []string{"Lagos", "Tehran", "Connecticut"}
	if !slices.Equal(got, want) {
		t.Errorf("baseNames = %q, want %q", got, want)
	}
	got = baseNames([]string{"Kurdistan Province", "Kordestan", "Regione del Kurdistan"}, nil)
	want = []string{"Kurdistan"}
	if !slices.Equal(got, want) {
		t.Errorf("baseNames = %q, want %q", got, want)
	}
	got = partNames([]string{"Sistan and Baluchestan", "Utah", "Kohgiluyeh and Boyer-Ahmad Province"})
	want = []string{"Sistan", "Baluchestan", "Kohgiluyeh", "Boyer-Ahmad Province"}
	if !slices.Equal(got, want) {
		t.Errorf("partNames = %q, want %q", got, want)
	}
}

func TestPlainLatin(t *testing.T) {
	tests := map[string]string{
		"Kāmyārān":      "Kamyaran",
		"Qal‘eh-ye Now": "Qaleh-ye Now",
		"Şaḩneh":        "Sahneh",
		"Nazran’":       "Nazran",
		"Tehran":        "Tehran",
	}
	for in, want := range tests {
		if got := plainLatin(in); got != want {
			t.Errorf("plainLatin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsLatin(t *testing.T) {
	for s, want := range map[string]bool{
		"Malmö": true, "Sant Julià de Lòria": true, "Frankfurt (Oder)": true,
		"Мальмё": false, "ایران": false, "Tokyo 東京": false, "": false, "--": false,
	} {
		if got := isLatin(s); got != want {
			t.Errorf("isLatin(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestGeneric(t *testing.T) {
	for s, want := range map[string]bool{
		"Central": true, "North West": true, "Central and Western": true, "Capital": true,
		"Western Cape": false, "Kurdistan": false, "Free": false, "": false,
	} {
		if got := generic(s); got != want {
			t.Errorf("generic(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPortNames(t *testing.T) {
	got := portNames([]string{"Bandar-e Anzalī", "Bandar Anzali", "Bandar Abbas", "Bandar-e Emam Khomeyni", "Bandar-e Lengeh"})
	want := []string{"Anzalī", "Lengeh"}
	if !slices.Equal(got, want) {
		t.Errorf("portNames = %q, want %q", got, want)
	}
}
