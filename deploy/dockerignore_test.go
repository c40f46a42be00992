package deploy

import (
	"bufio"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// readDockerignore returns the patterns of .dockerignore, without comments and blanks.
func readDockerignore(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pats []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pats = append(pats, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pats
}

// ignored reports whether the pattern excludes file (a slash-separated path relative to
// the build context) or one of its directories. It knows the forms Docker documents
// and .dockerignore uses: a path or glob from the context root (a leading / is optional)
// and **/ for any depth; negations (!) are not used and not supported.
func ignored(pattern, file string) bool {
	pattern = strings.TrimPrefix(path.Clean(pattern), "/")
	anyDepth := strings.HasPrefix(pattern, "**/")
	pattern = strings.TrimPrefix(pattern, "**/")
	parts := strings.Split(file, "/")
	for i := range parts {
		for j := i + 1; j <= len(parts); j++ {
			if i > 0 && !anyDepth {
				break
			}
			if ok, _ := path.Match(pattern, strings.Join(parts[i:j], "/")); ok {
				return true
			}
		}
	}
	return false
}

func TestIgnored(t *testing.T) {
	tests := []struct {
		pattern, file string
		want          bool
	}{
		{".git", ".git/config", true},
		{"/data", "data/annals.db", true},
		{"/data", "extract/gazetteer/data/places.dat", false},
		{"*.db", "annals.db", true},
		{"*.db", "data/x.db", false},
		{"**/node_modules", "web/e2e/node_modules/x/index.js", true},
		{"**/node_modules", "web/dist/index.html", false},
		{"/annals", "cmd/annals/main.go", false},
	}
	for _, tt := range tests {
		if got := ignored(tt.pattern, tt.file); got != tt.want {
			t.Errorf("ignored(%q, %q) = %v, want %v", tt.pattern, tt.file, got, tt.want)
		}
	}
}

// TestDockerignoreKeepsTheBuild checks that no file the Go build of annals reads (its
// module files, the Go files and the //go:embed files of every package of this module it
// depends on) is left out of the Docker build context.
func TestDockerignoreKeepsTheBuild(t *testing.T) {
	pats := readDockerignore(t)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps",
		"-f", `{{if .Module}}{{if eq .Module.Path "annals"}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{range .EmbedFiles}} {{.}}{{end}}{{end}}{{end}}`,
		"./cmd/annals")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	files := []string{"go.mod", "go.sum"}
	var embedded int
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		dir, err := filepath.Rel(root, f[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range f[1:] {
			files = append(files, filepath.ToSlash(filepath.Join(dir, name)))
			if !strings.HasSuffix(name, ".go") {
				embedded++
			}
		}
	}
	if embedded == 0 {
		t.Errorf("go list found no embedded files among annals' packages:\n%s", out)
	}
	for _, file := range files {
		for _, p := range pats {
			if ignored(p, file) {
				t.Errorf(".dockerignore %q leaves out %s, which the build reads", p, file)
			}
		}
	}
}
