package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"annals/extract"
	"annals/graph"
	"annals/loader"
)

// storeCounts opens a store and returns its quad count and the number of entries it
// holds of each source.
func storeCounts(t *testing.T, kind, addr string, sources ...string) (int64, []int) {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Kind: kind, Addr: addr})
	if err != nil {
		t.Fatalf("reopen the store: %v", err)
	}
	defer s.Close()
	n, err := s.QuadCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	entries := make([]int, len(sources))
	for i, src := range sources {
		es, err := s.DocumentEntries(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		entries[i] = len(es)
	}
	return n, entries
}

// TestLoadMalformedJSONLLoadsNothingOfIt: a JSONL file whose third line is broken is
// reported with its file and line, nothing of the document its good lines belong to
// is loaded, and the next file is.
func TestLoadMalformedJSONLLoadsNothingOfIt(t *testing.T) {
	dir := t.TempDir()
	docs := newVersionedDocs(t, 2, 4, 31)
	bad := filepath.Join(dir, "bad.jsonl")
	writeJSONL(t, bad, docs[0].versions[0][:2])
	f, err := os.OpenFile(bad, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"source":"chronicle-00.txt","line":40,"span":[0,` + "\n")
	f.Close()
	good := filepath.Join(dir, "good.jsonl")
	writeJSONL(t, good, docs[1].versions[0])

	db := filepath.Join(dir, "x.db")
	_, errOut, err := runLoadCmd(t, "--db", db, bad, good)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("load with a malformed file: %v (exit %d)", err, exitCode(err))
	}
	if !strings.Contains(errOut, bad+":3: malformed JSON") {
		t.Errorf("stderr does not name %s:3: %s", bad, errOut)
	}
	n, entries := storeCounts(t, graph.KindBolt, db, docs[0].source, docs[1].source)
	if entries[0] != 0 {
		t.Errorf("%d entries of the malformed file's document were loaded", entries[0])
	}
	if want := len(loader.Quads(docs[1].source, docs[1].versions[0])); entries[1] != len(docs[1].versions[0]) || n != int64(want) {
		t.Errorf("the good file: %d entries, %d quads in the store; want %d, %d", entries[1], n, len(docs[1].versions[0]), want)
	}
}

// TestLoadInvalidRecordLoadsNothingOfItsDocument: a well-formed line whose record
// cannot be loaded (a reversed span) fails its whole document, and says which.
func TestLoadInvalidRecordLoadsNothingOfItsDocument(t *testing.T) {
	dir := t.TempDir()
	docs := newVersionedDocs(t, 1, 5, 32)
	recs := append([]extract.Record(nil), docs[0].versions[0]...)
	recs[3].Span = [2]int{recs[3].Span[1], recs[3].Span[0] - 1}
	file := filepath.Join(dir, "doc.jsonl")
	writeJSONL(t, file, recs)
	db := filepath.Join(dir, "x.db")
	_, errOut, err := runLoadCmd(t, "--db", db, file)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("load of an invalid record: %v", err)
	}
	for _, want := range []string{docs[0].source, "record 4", "line " + strconv.Itoa(recs[3].Line), "bad span"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
	if n, entries := storeCounts(t, graph.KindBolt, db, docs[0].source); n != 0 || entries[0] != 0 {
		t.Errorf("%d quads, %d entries loaded of the failed document", n, entries[0])
	}
}

// TestLoadFileSizeLimit runs `annals load` with RLIMIT_FSIZE (a disk that fills up):
// the store cannot grow, the load fails with the reason and exit code 1, the documents
// loaded before are intact and the failed one is absent; without the limit it loads.
func TestLoadFileSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := annalsBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	docs := newVersionedDocs(t, 2, 400, 33)
	small, big := filepath.Join(dir, "small.jsonl"), filepath.Join(dir, "big.jsonl")
	writeJSONL(t, small, docs[0].versions[0][:20])
	writeJSONL(t, big, docs[1].versions[0])
	if out, err := exec.Command(bin, "load", "--db", db, small).CombinedOutput(); err != nil {
		t.Fatalf("first load: %v\n%s", err, out)
	}
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	// ulimit -f counts 1024-byte blocks: the store may grow by a few pages, not by the
	// big document.
	limit := fi.Size()/1024 + 64
	cmd := exec.Command("bash", "-c", `ulimit -f "$1" && exec "$2" load --db "$3" "$4"`, "bash",
		strconv.FormatInt(limit, 10), bin, db, big)
	out, err := cmd.CombinedOutput()
	if code := exitStatus(t, err); code != 1 {
		t.Fatalf("load past the file size limit: exit %d (%v)\n%s", code, err, out)
	}
	for _, want := range []string{"load failed", big, "file too large", "1 of 1 files failed"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	want0 := int64(len(loader.Quads(docs[0].source, docs[0].versions[0][:20])))
	if n, entries := storeCounts(t, graph.KindBolt, db, docs[0].source, docs[1].source); n != want0 || entries[0] != 20 || entries[1] != 0 {
		t.Errorf("after the failed load: %d quads (want %d), entries %v (want [20 0])", n, want0, entries)
	}
	if out, err := exec.Command(bin, "load", "--db", db, big).CombinedOutput(); err != nil {
		t.Fatalf("load without the limit: %v\n%s", err, out)
	}
	want1 := int64(len(loader.Quads(docs[1].source, docs[1].versions[0])))
	if n, _ := storeCounts(t, graph.KindBolt, db); n != want0+want1 {
		t.Errorf("after the load without limit: %d quads, want %d", n, want0+want1)
	}
}

// TestLoadDiskFull loads into a bolt store on a small tmpfs that fills up during the
// load (and one too small for a new store): a clear error, exit code 1, the store as it
// was. It needs root (to mount), and skips otherwise.
func TestLoadDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := annalsBinary(t)
	docs := newVersionedDocs(t, 1, 400, 34)
	file := filepath.Join(t.TempDir(), "big.jsonl")
	writeJSONL(t, file, docs[0].versions[0])
	for _, tt := range []struct {
		name, size string
		want       []string
	}{
		{"during the load", "18m", []string{"load failed", file, "no space left on device"}},
		{"creating the store", "4m", []string{"open store bolt at", "no space left on device"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mnt := tmpfs(t, tt.size, false)
			db := filepath.Join(mnt, "x.db")
			out, err := exec.Command(bin, "load", "--db", db, file).CombinedOutput()
			if code := exitStatus(t, err); code != 1 {
				t.Fatalf("load onto a full disk: exit %d (%v)\n%s", code, err, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			t.Logf("%s", out)
			if _, err := os.Stat(db); err == nil && tt.name == "during the load" {
				if n, entries := storeCounts(t, graph.KindBolt, db, docs[0].source); n != 0 || entries[0] != 0 {
					t.Errorf("the full store holds %d quads, %d entries of the failed document", n, entries[0])
				}
			}
		})
	}
}

// TestLoadUnwritableStorePath: a store path that cannot be created or written is a
// clear error and exit code 1, before any document is read.
func TestLoadUnwritableStorePath(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := annalsBinary(t)
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain-file")
	if err := os.WriteFile(plain, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, db string
		want     []string
	}{
		{"parent is a file", filepath.Join(plain, "x.db"), []string{"open store bolt at " + plain, "not a directory"}},
		{"path is a directory", dir, []string{"open store bolt at " + dir, "is a directory"}},
	}
	if os.Geteuid() == 0 {
		// root writes through permissions: a read-only mount is what stops it.
		cases = append(cases, struct {
			name, db string
			want     []string
		}{"read-only file system", filepath.Join(tmpfs(t, "1m", true), "x.db"), []string{"open store bolt at", "read-only file system"}})
	} else {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct {
			name, db string
			want     []string
		}{"directory without write permission", filepath.Join(ro, "x.db"), []string{"open store bolt at", "permission denied"}})
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			out, err := exec.Command(bin, "load", "--db", tt.db, "../../loader/testdata/two-documents.jsonl").CombinedOutput()
			if code := exitStatus(t, err); code != 1 {
				t.Fatalf("exit %d (%v)\n%s", code, err, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(string(out), "loaded ") {
				t.Errorf("a summary after the store failed to open:\n%s", out)
			}
		})
	}
}

// tmpfs mounts a tmpfs of the given size, read-only or not, for the test, or skips the test
// where mounting is not permitted.
func tmpfs(t *testing.T, size string, readOnly bool) string {
	t.Helper()
	dir := t.TempDir()
	var flags uintptr
	if readOnly {
		flags = syscall.MS_RDONLY
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", flags, "size="+size); err != nil {
		t.Skipf("mount a tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// exitStatus is the exit code of a finished command (0 when err is nil).
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if err == nil {
		return 0
	} else if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}
