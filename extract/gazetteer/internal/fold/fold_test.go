package fold

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"The Hague", "Hague"},
		{"Malmö", "malmo"},
		{"Göteborg", "GOTEBORG"},
		{"Köln", "Koln"},
		{"Shahr-e Kord", "Shahre Kord"},
		{"Washington, D.C.", "Washington DC"},
		{"U.S.", "US"},
		{"Ma'rib", "Marib"},
		{"Øresund", "Oresund"},
		{"Straße", "Strasse"},
		{"Łódź", "Lodz"},
		{"Rūdsar", "Rudsar"},
		{"Şaḩneh", "Sahneh"},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			if ka, kb := Key(tt.a), Key(tt.b); ka != kb {
				t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", tt.a, ka, tt.b, kb)
			}
		})
	}
	differ := []struct{ a, b string }{
		{"Theodore", "odore"},
		{"Paris", "Parma"},
		{"Sari", "Sarı Ova"},
	}
	for _, tt := range differ {
		if Key(tt.a) == Key(tt.b) {
			t.Errorf("Key(%q) == Key(%q) = %q; want different", tt.a, tt.b, Key(tt.a))
		}
	}
	if got := Key("The"); got != "the" {
		t.Errorf(`Key("The") = %q, want "the"`, got)
	}
	if got := Key("Tehran"); got != "tehran" {
		t.Errorf(`Key("Tehran") = %q`, got)
	}
}

func TestSkeleton(t *testing.T) {
	same := [][2]string{
		{"Kazeroon", "Kazerun"},
		{"Shahrood", "Shahrud"},
		{"Shahrood", "Sharud"},
		{"Astaneh Ashrafiyeh", "Astaneh-ye Ashrafiyeh"},
		{"Ghods", "Qods"},
		{"Teheran", "Tehran"},
		{"Hamedan", "Hamadan"},
		{"Shahr-e Kord", "Shahrekord"},
	}
	for _, p := range same {
		a, b := Skeleton(Key(p[0])), Skeleton(Key(p[1]))
		if a != b || a == "" {
			t.Errorf("Skeleton(%q) = %q, Skeleton(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{{"Tehran", "Tabriz"}, {"Arak", "Rak"}, {"Paris", "Prague"}}
	for _, p := range differ {
		if a, b := Skeleton(Key(p[0])), Skeleton(Key(p[1])); a == b {
			t.Errorf("Skeleton(%q) = Skeleton(%q) = %q; want different", p[0], p[1], a)
		}
	}
	for _, short := range []string{"Ua", "Io", "Bo", ""} {
		if s := Skeleton(Key(short)); s != "" {
			t.Errorf("Skeleton(%q) = %q, want empty", short, s)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"The Hague", "Malmö", "Washington, D.C.", "Şaḩneh", "ß", "İstanbul", "the", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q: invalid UTF-8", s, k)
		}
		for _, r := range k {
			if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsUpper(r) {
				t.Fatalf("Key(%q) = %q: has %q", s, k, r)
			}
		}
		if kk := Key(k); kk != k {
			t.Fatalf("Key(Key(%q)) = %q, want %q", s, kk, k)
		}
		_ = Skeleton(k)
	})
}
