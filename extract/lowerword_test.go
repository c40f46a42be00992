package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestLowerWordIsToLower(t *testing.T) {
	words := []string{"", "the", "The", "THE", "Parliament", "UK", "İstanbul", "ÄÖÜ", "Kāzerūn",
		"Secretary-General", "O’Brien", strings.Repeat("Ab", 40), "A1b2C3", "@[`{"}
	for w := range lowerWords {
		words = append(words, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:])
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("AZaz@[`{09 -.'\x7f\x80\xc3\x84\xe2\x80\x99")
	for range 5000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		if got, want := lowerWord(w), strings.ToLower(w); got != want {
			t.Fatalf("lowerWord(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestLowerWordListWordDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = lowerWord("Parliament") }); n != 0 {
		t.Errorf("lowerWord(%q) allocates %v times, want 0", "Parliament", n)
	}
}

func TestAppendFieldsIsFields(t *testing.T) {
	for _, s := range []string{"", "  ", "a", " a  b\tc\u00a0d\u2003e ", "one two three", "one two three four", "Ms.  Jane,  leader"} {
		want := strings.Fields(s)
		if got := appendFields(nil, s); !slices.Equal(got, want) {
			t.Errorf("appendFields(%q) = %q, want %q", s, got, want)
		}
		for n := range 5 {
			got, ok := fieldsAtMost([]string{"x"}, s, n)
			if ok != (len(want) <= n) {
				t.Errorf("fieldsAtMost(%q, %d): ok = %v with %d fields", s, n, ok, len(want))
			}
			if ok && !slices.Equal(got, append([]string{"x"}, want...)) || !ok && !slices.Equal(got, []string{"x"}) {
				t.Errorf("fieldsAtMost(%q, %d) = %q, %v", s, n, got, ok)
			}
		}
	}
}

func TestClassTableMatchesWordClasses(t *testing.T) {
	for w, c := range wordClasses {
		if got := wordClassTable.of(w); got != c {
			t.Errorf("of(%q) = %b, want %b", w, got, c)
		}
		for _, o := range []string{w + "s", w[:len(w)-1], "x" + w, strings.ToUpper(w)} {
			if got, want := wordClassTable.of(o), wordClasses[o]; got != want {
				t.Errorf("of(%q) = %b, want %b", o, got, want)
			}
		}
	}
	for _, w := range []string{"", "a", "zzzzzzzzzzzzzzzzzzzz", "parliamentarians", "secretary-generals", "\x00"} {
		if got, want := wordClassTable.of(w), wordClasses[w]; got != want {
			t.Errorf("of(%q) = %b, want %b", w, got, want)
		}
	}
}
