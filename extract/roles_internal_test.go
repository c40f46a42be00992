package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fieldsFromEnd splits s with lastField, last word first, and puts the words back in
// order.
func fieldsFromEnd(s string) []string {
	var out []string
	for {
		w, before := lastField(s)
		if w == "" {
			break
		}
		out = append(out, w)
		s = before
	}
	slices.Reverse(out)
	return out
}

// The roles rules read a clause from its end with lastField where they used to split it
// with strings.Fields: both must see the same words.
func TestLastFieldMatchesFields(t *testing.T) {
	texts := []string{"", " ", "a", "  Mr. Conor Walsh,  deputy commissioner ", "a\u00a0b\u2009c\u3000d\u0085e",
		"tab\tand\nnewline\r\vform\ffeed", "Kāzerūn — “Tehran”, İSTANBUL"}
	files, _ := filepath.Glob("testdata/fixtures/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "Z", " ", ",", ".", "\t", "\n", "\u00a0", "\u2009", "\u3000", "’", "é", "\u0085"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := fieldsFromEnd(s), strings.Fields(s); !slices.Equal(got, want) {
			t.Fatalf("lastField over %.60q gives %.60q, strings.Fields %.60q", s, got, want)
		}
	}
}
