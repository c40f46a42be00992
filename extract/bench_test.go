package extract_test

import (
	"bytes"
	"runtime"
	"testing"

	"annals/extract"
)

// cpuThroughput reports, beside the wall-clock MB/s, the throughput per second of
// CPU time: on a shared machine the wall clock also counts time spent waiting for
// a core. Call it as a deferred function right after b.ResetTimer.
// It also reports the minor page faults per op (first touches of fresh memory,
// ~13 µs each on the machine of BENCHMARKS.md).
func cpuThroughput(b *testing.B, bytesPerOp int) func() {
	start, faults := usage()
	return func() {
		end, endFaults := usage()
		if used := end - start; used > 0 && b.N > 0 {
			mb := float64(bytesPerOp) * float64(b.N) / 1e6
			b.ReportMetric(mb/used.Seconds(), "MB/cpu-s")
			b.ReportMetric(float64(endFaults-faults)/float64(b.N), "faults/op")
		}
	}
}

// largeInput is the sample repeated, with its month headers, to at least 50 MB.
func largeInput(b *testing.B) []byte {
	b.Helper()
	sample := readSample(b)
	n := (50<<20)/len(sample) + 1
	return bytes.Repeat(append(sample, '\n'), n)
}

// BenchmarkExtract measures the whole extractor (entries, dates, kinds, people,
// bodies, places) on one core, with the gazetteer and actor dictionary loaded.
// Target: at least 20 MB/s. The timed ops are those of a process that has already
// extracted a document, as `annals extract` and `annals load` do after their first
// file; the first op (the dictionaries' lazily built indexes, the heap's first
// touch of its memory) runs before the timer and is reported apart as cold-MB/cpu-s.
func BenchmarkExtract(b *testing.B) {
	data := largeInput(b)
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	start, _ := usage()
	if _, err := x.Extract(bytes.NewReader(data), extract.Options{Source: "bench.txt"}); err != nil {
		b.Fatal(err)
	}
	end, _ := usage()
	cold := end - start
	runtime.GC() // as the testing package does before a benchmark's timed run
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer cpuThroughput(b, len(data))()
	if cold > 0 {
		defer b.ReportMetric(float64(len(data))/1e6/cold.Seconds(), "cold-MB/cpu-s")
	}
	for b.Loop() {
		if _, err := x.Extract(bytes.NewReader(data), extract.Options{Source: "bench.txt"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSplitEntries measures the stages before entity extraction: entries,
// dates and kinds. Target: at least 200 MB/s, a tenth of the whole budget.
func BenchmarkSplitEntries(b *testing.B) {
	data := largeInput(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer cpuThroughput(b, len(data))()
	for b.Loop() {
		if _, err := extract.SplitEntries(data, extract.Options{Source: "bench.txt"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEventKind measures kind classification alone, on the sample's entries.
func BenchmarkEventKind(b *testing.B) {
	doc, err := extract.SplitEntries(readSample(b), extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, r := range doc.Records {
		n += len(r.Text)
	}
	b.SetBytes(int64(n))
	defer cpuThroughput(b, n)()
	for b.Loop() {
		for _, r := range doc.Records {
			extract.EventKind(r.Text)
		}
	}
}

// BenchmarkParseDate measures the date parser on the phrases of the sample.
func BenchmarkParseDate(b *testing.B) {
	phrases := []string{"February 4", "January 15-10", "May 15 – 21", "Mid-May",
		"September 30 and October 1", "Beginning in November", "On October 11"}
	for b.Loop() {
		for _, p := range phrases {
			if _, err := extract.ParseDate(p, 2023, 5); err != nil {
				b.Fatal(err)
			}
		}
	}
}
