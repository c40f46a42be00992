package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"
)

// lowerTextBytewise is lowerText one byte or rune at a time, as its contract reads.
func lowerTextBytewise(text string) string {
	b := []byte(text)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			utf8.EncodeRune(b[i:], l)
		}
		i += n
	}
	return string(b)
}

func TestLowerTextMatchesBytewise(t *testing.T) {
	texts := []string{"", "A", "ABCDEFGH", "@[`{AZaz09", "Kāzerūn İSTANBUL ÄÖÜ Straße", "\xff\xfeABCDEFGHIJ\xc3"}
	files, _ := filepath.Glob("testdata/fixtures/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("AZaz@[`{ \x7f\x80\xc3\x84\xe2\x80\x99Kk")
	for range 2000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if got, want := lowerText(s), lowerTextBytewise(s); got != want {
			t.Fatalf("lowerText(%.60q) = %.60q, want %.60q", s, got, want)
		}
	}
}
