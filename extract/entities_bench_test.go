package extract_test

import (
	"bytes"
	"testing"

	"annals/extract"
)

// BenchmarkExtractSmall is BenchmarkExtract on a 2 MB input (the sample repeated
// 40 times), quick enough to profile the entity rules: go test -bench ExtractSmall
// -cpuprofile cpu.out ./extract.
func BenchmarkExtractSmall(b *testing.B) {
	data := bytes.Repeat(append(readSample(b), '\n'), 40)
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	// warm the gazetteer's lazily built indexes
	if _, err := x.Extract(bytes.NewReader(data), extract.Options{Source: "bench.txt"}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer cpuThroughput(b, len(data))()
	for b.Loop() {
		if _, err := x.Extract(bytes.NewReader(data), extract.Options{Source: "bench.txt"}); err != nil {
			b.Fatal(err)
		}
	}
}
