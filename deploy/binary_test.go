package deploy

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// containerBinary builds annals once per test run. It builds with the test run's own
// settings, whose compiled packages are in the build cache already: the Dockerfile's
// CGO_ENABLED=0 would recompile nearly everything (minutes on two cores), so
// TestStaticBuild checks that setting on its own, without compiling.
func containerBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the annals binary; not in -short mode")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "annals-deploy-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "annals")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/annals")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/annals: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// TestStaticBuild checks that every package annals is built from has a pure-Go build
// (the Dockerfile builds with CGO_ENABLED=0 for the musl runtime image): a dependency that
// needs cgo shows up as a package with no files left, or one still wanting cgo.
func TestStaticBuild(t *testing.T) {
	cmd := exec.Command("go", "list", "-e", "-deps",
		"-f", "{{.ImportPath}}\t{{if .Error}}{{.Error}}{{end}}\t{{join .CgoFiles \" \"}}", "./cmd/annals")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) == 3 && (f[1] != "" || f[2] != "") {
			t.Errorf("with CGO_ENABLED=0, %s: error %q, cgo files %q", f[0], f[1], f[2])
		}
	}
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "annals/graph\t") }) {
		t.Errorf("go list found no annals/graph among the dependencies of ./cmd/annals:\n%s", out)
	}
}

// usedFlags are the --flags of a command line.
func usedFlags(args []string) []string {
	var flags []string
	for _, a := range args {
		if strings.HasPrefix(a, "--") {
			name, _, _ := strings.Cut(a, "=")
			flags = append(flags, name)
		}
	}
	return flags
}

// TestContainerCommandsParse runs each command the deployment gives annals with --help:
// a flag that the command line does not know fails there, as it would in the container.
func TestContainerCommandsParse(t *testing.T) {
	bin := containerBinary(t)
	c := readCompose(t)
	cmds := map[string][]string{
		"compose annals-1": c.Services["annals-1"].Command,
		"compose init":     c.Services["init"].Command,
		// The load job runs through sh -c; its words are those of the annals command.
		"compose load": strings.Fields(strings.ReplaceAll(strings.TrimPrefix(
			strings.Join(c.Services["load"].Command, " "), "exec annals "), `"`, "")),
	}
	for _, st := range readDockerfile(t) {
		for _, in := range st.find("CMD") {
			args, err := execForm(in.Args)
			if err != nil {
				t.Fatal(err)
			}
			cmds["Dockerfile CMD"] = args
		}
	}
	for name, args := range cmds {
		t.Run(name, func(t *testing.T) {
			if len(args) == 0 {
				t.Fatal("no command")
			}
			out, err := exec.Command(bin, args[0], "--help").CombinedOutput()
			if err != nil {
				t.Fatalf("annals %s --help: %v\n%s", args[0], err, out)
			}
			for _, f := range usedFlags(args) {
				if !bytes.Contains(out, []byte(f+" ")) {
					t.Errorf("annals %s has no flag %s (used in %q)", args[0], f, args)
				}
			}
		})
	}
}

// freePort is a TCP port on 127.0.0.1 that nothing listens on right now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// freshSchema creates an empty schema in the database dsn names and returns a DSN whose
// search_path is that schema, and the schema's name.
func freshSchema(t *testing.T, dsn string) (string, string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("deploy_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("postgres", dsn); err == nil {
			db.Exec("DROP SCHEMA " + name + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("ANNALS_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), name
}

// TestContainerServesOnPostgres runs the commands of the compose file's init and
// annals-1 services against a real PostgreSQL, with the environment they get there
// (ANNALS_STORE, ANNALS_DB naming the test server instead of the primary and the
// replica): init creates the tables, then annals-1 follows the store read-only and must
// pass the health check its container uses; then it is stopped as Docker would, with
// SIGTERM.
func TestContainerServesOnPostgres(t *testing.T) {
	admin := os.Getenv("ANNALS_TEST_POSTGRES")
	if admin == "" {
		t.Skip("ANNALS_TEST_POSTGRES is not set (make test sets it)")
	}
	bin := containerBinary(t)
	c := readCompose(t)
	port := freePort(t)
	dsn, schema := freshSchema(t, admin)
	env := append(os.Environ(), "ANNALS_STORE=postgres", "ANNALS_DB="+dsn)
	initCmd := exec.Command(bin, c.Services["init"].Command...)
	initCmd.Env, initCmd.Dir = env, t.TempDir()
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("init: annals %s: %v\n%s", strings.Join(c.Services["init"].Command, " "), err, out)
	}
	args := slices.Clone(c.Services["annals-1"].Command)
	for i := range args {
		if i > 0 && args[i-1] == "--addr" {
			args[i] = "127.0.0.1:" + port
		}
	}
	var logs bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = t.TempDir(), env
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()

	health := "http://127.0.0.1:" + port + "/readyz"
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var status int
	for status != http.StatusOK {
		select {
		case err := <-exited:
			t.Fatalf("annals %s exited before it was healthy: %v\n%s", strings.Join(args, " "), err, logs.String())
		case <-ctx.Done():
			t.Fatalf("GET %s: not 200 within 60s (last status %d)\n%s", health, status, logs.String())
		case <-time.After(200 * time.Millisecond):
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, health, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			status = resp.StatusCode
			resp.Body.Close()
		}
	}

	// Healthy means serving the SQL store the command named: its tables are there.
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var quads int64
	if err := db.QueryRow("SELECT count(*) FROM " + schema + ".quads").Scan(&quads); err != nil {
		t.Errorf("annals serve is healthy but its store has no quads table in %s: %v", schema, err)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("annals serve after SIGTERM: %v (want a clean exit)\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Errorf("annals serve still running 15s after SIGTERM (docker stop would kill it)\n%s", logs.String())
	}
}
