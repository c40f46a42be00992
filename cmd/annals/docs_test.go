package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// docFiles are the documents whose ```sh blocks TestDocExamples runs, relative to the
// repository's root.
var docFiles = []string{"README.md", "docs/api.md"}

// notRun marks a block that is not meant to run (make run serves forever; make test is
// the test itself): its first line starts with it.
const notRun = "# not run"

// TestDocExamples runs every shell example of the README and docs/api.md against the
// demo corpus, so that the documents cannot rot: curl commands ask an `annals serve` of
// examples/*.txt (localhost:8080 rewritten to its address; started with a write token
// in ANNALS_WRITE_TOKEN), annals commands use a store of their own loaded with the same
// files (ANNALS_DB), and /tmp/ is a temporary directory. A command fails the test when
// it exits non-zero, when curl meets an HTTP error, or when its answer is empty (no
// output, [], {}, a JSON answer whose lists are all empty or whose total is 0, a table
// or CSV with only its header).
func TestDocExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and serves the demo corpus")
	}
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to run the documents' examples (scripts/install-deps.sh installs it): %v", tool, err)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := filepath.Glob(filepath.Join(root, "examples", "*.txt"))
	if len(demo) == 0 {
		t.Fatal("no demo chronologies in examples/")
	}
	bin := annalsBinary(t)
	tmp := t.TempDir()
	work := filepath.Join(tmp, "work") // the examples' working directory
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "examples"), filepath.Join(work, "examples")); err != nil {
		t.Fatal(err)
	}
	queryDB := filepath.Join(tmp, "query.db")
	if out, err := exec.Command(bin, append([]string{"load", "--db", queryDB}, demo...)...).CombinedOutput(); err != nil {
		t.Fatalf("annals load: %v\n%s", err, out)
	}
	const token = "docs-test-write-token"
	base := startDocServer(t, bin, filepath.Join(tmp, "serve.db"), token, demo)
	env := append(os.Environ(),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"ANNALS_DB="+queryDB, "ANNALS_STORE=bolt", "ANNALS_WRITE_TOKEN="+token, "ANNALS_LOG_FORMAT=json")
	rewrite := strings.NewReplacer("http://localhost:8080", base, "http://127.0.0.1:8080", base, "/tmp/", tmp+"/")

	ran := 0
	for _, name := range docFiles {
		text, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range shellBlocks(string(text)) {
			if strings.HasPrefix(b.text, notRun) {
				continue
			}
			cmds := splitCommands(b.text, b.line)
			t.Run(fmt.Sprintf("%s:%d", name, b.line), func(t *testing.T) {
				runDocBlock(t, env, work, rewrite, cmds)
			})
			ran += len(cmds)
		}
	}
	t.Logf("ran %d examples of %v", ran, docFiles)
	if ran < 20 {
		t.Errorf("ran %d examples; the documents hold more (did the fences change?)", ran)
	}
}

// startDocServer starts `annals serve` of files on a free port and returns its base
// URL; the server stops at the end of the test.
func startDocServer(t *testing.T, bin, db, token string, files []string) string {
	t.Helper()
	srv := exec.Command(bin, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--log-format", "json"}, files...)...)
	srv.Env = append(os.Environ(), "ANNALS_WRITE_TOKEN="+token)
	stderr, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		_ = srv.Wait()
	})
	addr := make(chan string, 1)
	var logs strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.WriteString(sc.Text() + "\n")
			var m struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &m) == nil && m.Msg == "serving" {
				addr <- m.Addr
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatalf("annals serve stopped before serving:\n%s", logs.String())
		}
		return a
	case <-time.After(2 * time.Minute):
		t.Fatal("annals serve did not start within 2 minutes")
	}
	return ""
}

// docBlock is a fenced ```sh block and the line of its first command.
type docBlock struct {
	text string
	line int
}

// shellBlocks returns the ```sh blocks of a Markdown text.
func shellBlocks(text string) []docBlock {
	var (
		blocks []docBlock
		cur    *docBlock
		lines  []string
	)
	for i, l := range strings.Split(text, "\n") {
		switch {
		case cur == nil && strings.TrimSpace(l) == "```sh":
			cur, lines = &docBlock{line: i + 2}, nil
		case cur != nil && strings.TrimSpace(l) == "```":
			cur.text = strings.Join(lines, "\n") + "\n"
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			lines = append(lines, l)
		}
	}
	return blocks
}

// docCommand is one shell command of a block and the line it starts on.
type docCommand struct {
	text string
	line int
}

// splitCommands splits a block into its commands: a command ends at a newline outside
// quotes that does not follow a backslash or a pipe. Comment lines between commands
// are dropped.
func splitCommands(block string, firstLine int) []docCommand {
	var (
		cmds  []docCommand
		cur   strings.Builder
		start int
		quote rune // ' or ", or 0 outside quotes
		esc   bool
	)
	line := firstLine
	atStart := true
	lines := strings.SplitAfter(block, "\n")
	for _, l := range lines {
		if atStart && quote == 0 {
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
				line++
				continue
			}
			start, atStart = line, false
		}
		for _, r := range l {
			switch {
			case esc:
				esc = false
			case r == '\\' && quote != '\'':
				esc = true
			case quote == 0 && (r == '\'' || r == '"'):
				quote = r
			case r == quote:
				quote = 0
			}
		}
		cur.WriteString(l)
		line++
		trimmed := strings.TrimRight(l, " \t\n")
		if quote == 0 && !strings.HasSuffix(trimmed, "\\") && !strings.HasSuffix(trimmed, "|") {
			esc = false
			cmds = append(cmds, docCommand{text: strings.TrimRight(cur.String(), "\n"), line: start})
			cur.Reset()
			atStart = true
		}
	}
	return cmds
}

// curlReport is what the curl wrapper of runDocBlock prints after each answer.
var curlReport = regexp.MustCompile(`\n?@@curl (\d+) (\d+) (.*)\n?$`)

// runDocBlock runs the commands of one block in one shell (so that a command may use
// what an earlier one set) and checks each command's answer.
func runDocBlock(t *testing.T, env []string, dir string, rewrite *strings.Replacer, cmds []docCommand) {
	out := t.TempDir()
	var script strings.Builder
	// Every curl fails on an HTTP error and reports the status, the size and the file it
	// wrote (-O) after the answer.
	script.WriteString("curl() { command curl -sS --fail-with-body -w '\\n@@curl %{http_code} %{size_download} %{filename_effective}\\n' \"$@\"; }\n")
	for i, c := range cmds {
		fmt.Fprintf(&script, "{ %s\n} >%s/%d.out 2>%s/%d.err; echo $? >%s/%d.rc\n",
			rewrite.Replace(c.text), out, i, out, i, out, i)
	}
	sh := exec.Command("bash", "-c", script.String())
	sh.Dir, sh.Env = dir, env
	if b, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("bash: %v\n%s", err, b)
	}
	for i, c := range cmds {
		read := func(ext string) string {
			b, _ := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+ext))
			return string(b)
		}
		stdout, stderr := read(".out"), read(".err")
		if rc := strings.TrimSpace(read(".rc")); rc != "0" {
			t.Errorf("line %d: exit status %s: %s\nstdout: %s\nstderr: %s", c.line, rc, c.text, abbreviate(stdout, 600), abbreviate(stderr, 600))
			continue
		}
		answer := stdout
		if m := curlReport.FindStringSubmatch(stdout); m != nil {
			answer = stdout[:len(stdout)-len(m[0])]
			if file := strings.TrimSpace(m[3]); file != "" {
				b, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil {
					t.Errorf("line %d: curl wrote %s, which cannot be read: %v", c.line, file, err)
					continue
				}
				os.Remove(filepath.Join(dir, file))
				answer = string(b)
			}
		} else if f := outputFile(rewrite.Replace(c.text)); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Errorf("line %d: %s: %v", c.line, c.text, err)
				continue
			}
			answer = string(b)
		}
		if why := emptyAnswer(c.text, answer); why != "" {
			t.Errorf("line %d: the answer is empty (%s): %s\nanswer: %s", c.line, why, c.text, abbreviate(answer, 600))
		}
	}
}

// outputFileRE finds the -o FILE of an annals command.
var outputFileRE = regexp.MustCompile(`(?:^|\s)(?:-o|--output)[ =](\S+)`)

// outputFile is the file an annals command writes with -o, or "".
func outputFile(cmd string) string {
	if !strings.HasPrefix(cmd, "annals ") {
		return ""
	}
	if m := outputFileRE.FindStringSubmatch(cmd); m != nil {
		return m[1]
	}
	return ""
}

// emptyAnswer says why answer is empty, or "" when it holds something.
func emptyAnswer(cmd, answer string) string {
	a := strings.TrimSpace(answer)
	switch a {
	case "":
		return "no output"
	case "[]", "{}", "null":
		return a
	}
	var v any
	if json.Unmarshal([]byte(a), &v) == nil {
		return emptyJSON(v)
	}
	tabular := strings.Contains(cmd, "csv") || strings.HasPrefix(cmd, "annals query ")
	if tabular && len(strings.Split(a, "\n")) < 2 {
		return "a header and no rows"
	}
	return ""
}

// emptyJSON says why a JSON answer is empty: a total of 0, a path not found, a null
// result, or lists that are all empty.
func emptyJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case []any:
		if len(v) == 0 {
			return "[]"
		}
	case map[string]any:
		if n, ok := v["total"].(float64); ok && n == 0 {
			return "total 0"
		}
		if found, ok := v["found"].(bool); ok && !found {
			return "not found"
		}
		if r, ok := v["result"]; ok && (r == nil || emptyJSON(r) != "") {
			return "no result"
		}
		lists, empty := 0, 0
		for _, x := range v {
			if l, ok := x.([]any); ok {
				lists++
				if len(l) == 0 {
					empty++
				}
			}
		}
		if lists > 0 && lists == empty {
			return "every list empty"
		}
		if len(v) == 0 {
			return "{}"
		}
	}
	return ""
}

// Assert that the helpers above read what they must; a failing test of the examples is
// only as good as its reading of empty.
func TestEmptyAnswer(t *testing.T) {
	for _, c := range []struct {
		cmd, answer string
		empty       bool
	}{
		{"curl x", "", true},
		{"curl x", " [] \n", true},
		{"curl x", `{"total":0,"offset":0,"rows":[]}`, true},
		{"curl x", `{"query":"zz","matches":[]}`, true},
		{"curl x", `{"result":null}`, true},
		{"curl x", `{"from":{},"to":{},"found":false}`, true},
		{"curl x", `{"total":3,"rows":[{"person":"A"}]}`, false},
		{"curl x", `{"result":[{"id":"Karin"}]}`, false},
		{"curl 'x?format=csv'", "person,event\n", true},
		{"curl 'x?format=csv'", "person,event\nA,1\n", false},
		{"annals query stats", "metric  value\n", true},
		{"annals load x.txt", "loaded 1 documents, 16 entries into bolt", false},
	} {
		if got := emptyAnswer(c.cmd, c.answer) != ""; got != c.empty {
			t.Errorf("emptyAnswer(%q, %q) empty = %v, want %v", c.cmd, c.answer, got, c.empty)
		}
	}
}

func TestSplitCommands(t *testing.T) {
	block := "# a comment\ncurl 'a' \\\n  -d 'x\ny'\n\nannals extract f |\n  curl -d @- 'b'\necho \"q\"\n"
	got := splitCommands(block, 10)
	want := []docCommand{
		{"curl 'a' \\\n  -d 'x\ny'", 11},
		{"annals extract f |\n  curl -d @- 'b'", 15},
		{`echo "q"`, 17},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("splitCommands = %+v\nwant %+v", got, want)
	}
}
