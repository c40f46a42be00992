package deploy

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"annals/graph"

	"github.com/compose-spec/compose-go/v2/cli"
	"gopkg.in/yaml.v3"
)

// composeFile is the part of the Compose specification annals' file uses.
type composeFile struct {
	Name     string             `yaml:"name"`
	Services map[string]service `yaml:"services"`
	Volumes  map[string]any     `yaml:"volumes"`
}

type service struct {
	Image       string                `yaml:"image"`
	Build       *build                `yaml:"build"`
	Hostname    string                `yaml:"hostname"`
	Command     words                 `yaml:"command"`
	Entrypoint  words                 `yaml:"entrypoint"`
	DependsOn   map[string]dependency `yaml:"depends_on"`
	Healthcheck *healthcheck          `yaml:"healthcheck"`
	Ports       []string              `yaml:"ports"`
	Volumes     []string              `yaml:"volumes"`
	Profiles    []string              `yaml:"profiles"`
	Restart     string                `yaml:"restart"`
}

type build struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

type dependency struct {
	Condition string `yaml:"condition"`
}

type healthcheck struct {
	Test     words  `yaml:"test"`
	Interval string `yaml:"interval"`
	Timeout  string `yaml:"timeout"`
	Retries  int    `yaml:"retries"`
}

// words is a command in either Compose form: a list, or a string that Compose splits
// on white space.
type words []string

func (w *words) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*w = strings.Fields(n.Value)
		return nil
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			return err
		}
		*w = list
		return nil
	}
	return fmt.Errorf("line %d: command is neither a string nor a list", n.Line)
}

// flagValue returns the value of --name in args, in either --name v or --name=v form.
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

// listenPort is the port of a host:port listen address.
func listenPort(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("listen address %q: %v", addr, err)
	}
	return port
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	data, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

// roachNodes are the CockroachDB services: those that run `cockroach start`.
func roachNodes(c composeFile) []string {
	var nodes []string
	for name, s := range c.Services {
		if strings.HasPrefix(s.Image, "cockroachdb/cockroach:") && len(s.Command) > 0 && s.Command[0] == "start" {
			nodes = append(nodes, name)
		}
	}
	slices.Sort(nodes)
	return nodes
}

func TestComposeCockroachCluster(t *testing.T) {
	c := readCompose(t)
	nodes := roachNodes(c)
	if len(nodes) != 3 {
		t.Fatalf("%d CockroachDB nodes (%v), want 3", len(nodes), nodes)
	}
	for _, name := range nodes {
		s := c.Services[name]
		t.Run(name, func(t *testing.T) {
			if tag := strings.TrimPrefix(s.Image, "cockroachdb/cockroach:"); tag == "latest" {
				t.Errorf("image %s: pin a release line", s.Image)
			}
			if !slices.Contains(s.Command, "--insecure") {
				t.Errorf("command %q: the example cluster runs --insecure (no certificates)", s.Command)
			}
			join := strings.Split(flagValue(s.Command, "--join"), ",")
			for _, peer := range nodes {
				if !slices.Contains(join, peer+":26257") {
					t.Errorf("--join %v lacks %s:26257", join, peer)
				}
			}
			if got, want := flagValue(s.Command, "--advertise-addr"), name+":26257"; got != want {
				t.Errorf("--advertise-addr %q, want %q", got, want)
			}
			if s.Hostname != name {
				t.Errorf("hostname %q, want %q", s.Hostname, name)
			}
			var store string
			for _, v := range s.Volumes {
				if vol, dir, ok := strings.Cut(v, ":"); ok && dir == "/cockroach/cockroach-data" {
					store = vol
				}
			}
			if _, declared := c.Volumes[store]; store == "" || !declared {
				t.Errorf("volumes %v: want a named volume (declared at the top level) on /cockroach/cockroach-data", s.Volumes)
			}
			if s.Healthcheck == nil || !slices.Contains(s.Healthcheck.Test, "cockroach") {
				t.Errorf("healthcheck %+v: want one that asks the node itself", s.Healthcheck)
			}
		})
	}
	// Each node keeps its own data.
	seen := map[string]string{}
	for _, name := range nodes {
		for _, v := range c.Services[name].Volumes {
			if other, dup := seen[v]; dup {
				t.Errorf("%s and %s share volume %s", other, name, v)
			}
			seen[v] = name
		}
	}
}

func TestComposeInitJob(t *testing.T) {
	c := readCompose(t)
	initName := initJob(t, c)
	s := c.Services[initName]
	for _, node := range roachNodes(c) {
		if _, ok := s.DependsOn[node]; !ok {
			t.Errorf("%s does not depend on %s", initName, node)
		}
	}
	script := strings.Join(s.Command, " ")
	if !strings.Contains(script, "already been initialized") {
		t.Error("init job fails on a second `up`: it must accept an initialized cluster")
	}
	if s.Restart != "no" {
		t.Errorf("init job restart %q, want \"no\": it is a one-off", s.Restart)
	}
	if db := annalsDatabase(t, c); !strings.Contains(script, "CREATE DATABASE IF NOT EXISTS "+db) {
		t.Errorf("init job does not create database %q, the one annals' --db names", db)
	}
}

// initJob is the service that runs `cockroach init`.
func initJob(t *testing.T, c composeFile) string {
	t.Helper()
	for name, s := range c.Services {
		if strings.Contains(strings.Join(s.Command, " "), "cockroach init --insecure") {
			return name
		}
	}
	t.Fatal("no service runs cockroach init --insecure")
	return ""
}

// annalsDatabase is the database in the annals service's --db DSN.
func annalsDatabase(t *testing.T, c composeFile) string {
	t.Helper()
	u := annalsDSN(t, c)
	return strings.TrimPrefix(u.Path, "/")
}

func annalsDSN(t *testing.T, c composeFile) *url.URL {
	t.Helper()
	s, ok := c.Services["annals"]
	if !ok {
		t.Fatal("no annals service")
	}
	u, err := url.Parse(flagValue(s.Command, "--db"))
	if err != nil {
		t.Fatalf("annals --db: %v", err)
	}
	return u
}

func TestComposeAnnalsService(t *testing.T) {
	c := readCompose(t)
	s, ok := c.Services["annals"]
	if !ok {
		t.Fatal("no annals service")
	}
	if s.Build == nil || s.Build.Context != "." || s.Build.Dockerfile != "Dockerfile" {
		t.Errorf("build %+v, want the repository's Dockerfile", s.Build)
	}
	if len(s.Command) == 0 || s.Command[0] != "serve" {
		t.Fatalf("command %q, want serve", s.Command)
	}
	kind := flagValue(s.Command, "--store")
	if kind != "cockroach" && kind != "postgres" {
		t.Errorf("--store %q, want cockroach or postgres", kind)
	}
	if !slices.Contains(graph.Kinds, kind) {
		t.Errorf("--store %q is not a kind graph.Open accepts (%v)", kind, graph.Kinds)
	}

	dsn := annalsDSN(t, c)
	if dsn.Scheme != "postgres" && dsn.Scheme != "postgresql" {
		t.Errorf("--db scheme %q, want postgres", dsn.Scheme)
	}
	if !slices.Contains(roachNodes(c), dsn.Hostname()) || dsn.Port() != "26257" {
		t.Errorf("--db host %q, want a CockroachDB node on 26257", dsn.Host)
	}
	if dsn.User.Username() != "root" || dsn.Query().Get("sslmode") != "disable" {
		t.Errorf("--db %s: an insecure cluster takes user root and sslmode=disable", dsn)
	}
	if dep := s.DependsOn[initJob(t, c)]; dep.Condition != "service_completed_successfully" {
		t.Errorf("annals depends on the init job with %q, want service_completed_successfully", dep.Condition)
	}

	port := listenPort(t, flagValue(s.Command, "--addr"))
	var published bool
	for _, p := range s.Ports {
		parts := strings.Split(p, ":")
		if parts[len(parts)-1] == port {
			published = true
		}
	}
	if !published {
		t.Errorf("ports %v do not publish %s, the port annals serves on", s.Ports, port)
	}
	if s.Healthcheck == nil {
		t.Fatal("annals has no healthcheck")
	}
	if want := "http://127.0.0.1:" + port + "/healthz"; !slices.Contains(s.Healthcheck.Test, want) {
		t.Errorf("healthcheck %q does not probe %s", s.Healthcheck.Test, want)
	}
}

func TestComposeLoadJob(t *testing.T) {
	c := readCompose(t)
	s, ok := c.Services["load"]
	if !ok {
		t.Fatal("no load service")
	}
	if !slices.Contains(s.Profiles, "load") {
		t.Errorf("load runs on every `up`: give it profile load (profiles %v)", s.Profiles)
	}
	script := strings.Join(s.Command, " ")
	a := c.Services["annals"]
	for _, flag := range []string{"--store", "--db"} {
		if want := flag + " " + flagValue(a.Command, flag); !strings.Contains(strings.ReplaceAll(script, `"`, ""), want) {
			t.Errorf("load command %q: want %s, as annals serve has", script, want)
		}
	}
}

// TestComposeInterpolation checks every $ in the file: Compose replaces $NAME and
// ${NAME...} with the environment and rejects any other lone $, so a shell's $ must be
// written $$.
func TestComposeInterpolation(t *testing.T) {
	data, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	// Only these variables are meant for the user.
	allowed := []string{"${ANNALS_CORPUS:-./corpus}"}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		rest := strings.ReplaceAll(line, "$$", "")
		for _, v := range allowed {
			rest = strings.ReplaceAll(rest, v, "")
		}
		if j := strings.Index(rest, "$"); j >= 0 {
			t.Errorf("line %d: Compose would interpolate or reject %q (write $$ for the shell)", i+1, rest[j:])
		}
	}
}

// TestComposeConfig asks Docker's own Compose to validate the file, where the machine
// has it. It needs no engine.
func TestComposeConfig(t *testing.T) {
	var cmd *exec.Cmd
	if err := exec.Command("docker", "compose", "version").Run(); err == nil {
		cmd = exec.Command("docker", "compose", "-f", "../docker-compose.yml", "config", "--quiet")
	} else if _, err := exec.LookPath("docker-compose"); err == nil {
		cmd = exec.Command("docker-compose", "-f", "../docker-compose.yml", "config", "--quiet")
	} else {
		t.Skip("no docker compose client on this machine; the structure tests above stand in for it")
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
}

// TestComposeSpec loads the file with compose-go, the loader Docker Compose itself uses:
// schema validation, interpolation and normalization, as `docker compose config` does,
// without a Docker client.
func TestComposeSpec(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"../docker-compose.yml"},
		cli.WithName("annals"), cli.WithEnv(nil)) // the file's defaults, not this machine's environment
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load as Compose would: %v", err)
	}
	want := []string{"annals", "init", "roach1", "roach2", "roach3"}
	if got := p.ServiceNames(); !slices.Equal(sorted(got), want) {
		t.Errorf("services started by `up`: %v, want %v", got, want)
	}
	load, err := p.GetDisabledService("load")
	if err != nil {
		t.Fatalf("load is not a service behind a profile: %v", err)
	}
	if len(load.Volumes) != 1 || load.Volumes[0].Source != filepath.Join(filepath.Dir(p.WorkingDir), filepath.Base(p.WorkingDir), "corpus") {
		t.Errorf("load mounts %+v, want ./corpus by default", load.Volumes)
	}
	init, err := p.GetService("init")
	if err != nil {
		t.Fatal(err)
	}
	// After interpolation the shell sees its own $ (written $$ in the file).
	if script := strings.Join(init.Command, " "); !strings.Contains(script, "for try in $(seq 60)") {
		t.Errorf("init script after interpolation:\n%s", script)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
