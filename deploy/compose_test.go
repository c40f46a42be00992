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
	Environment map[string]string     `yaml:"environment"`
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

// The services of the topology.
const (
	primarySvc = "pg-primary"
	replicaSvc = "pg-replica"
	initSvc    = "init"
	lbSvc      = "haproxy"
)

// followers are the services that run `annals serve --follow`.
func followers(c composeFile) []string {
	var out []string
	for name, s := range c.Services {
		if len(s.Command) > 0 && s.Command[0] == "serve" && slices.Contains(s.Command, "--follow") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// serviceDSN is the PostgreSQL DSN a service's annals reads from ANNALS_DB (or --db).
func serviceDSN(t *testing.T, c composeFile, name string) *url.URL {
	t.Helper()
	s, ok := c.Services[name]
	if !ok {
		t.Fatalf("no %s service", name)
	}
	raw := flagValue(s.Command, "--db")
	if raw == "" {
		raw = s.Environment["ANNALS_DB"]
	}
	// The password is interpolated by Compose; its default stands in for it here.
	raw = strings.ReplaceAll(raw, "${ANNALS_PG_PASSWORD:-change-me}", "change-me")
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s: DSN %q: %v", name, raw, err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		t.Errorf("%s: DSN scheme %q, want postgres", name, u.Scheme)
	}
	return u
}

// TestComposePostgres: a primary and a replica from the official image at a pinned
// major version, each with a volume of its own; the replica is cloned from the primary
// with pg_basebackup -R (a standby that streams), once its health check passes.
func TestComposePostgres(t *testing.T) {
	c := readCompose(t)
	seen := map[string]string{}
	for _, name := range []string{primarySvc, replicaSvc} {
		s, ok := c.Services[name]
		if !ok {
			t.Fatalf("no %s service", name)
		}
		tag, ok := strings.CutPrefix(s.Image, "postgres:")
		if !ok || tag == "" || strings.HasPrefix(tag, "latest") {
			t.Errorf("%s: image %q, want the official postgres image at a pinned major version", name, s.Image)
		}
		if s.Healthcheck == nil || !slices.Contains(s.Healthcheck.Test, "pg_isready") {
			t.Errorf("%s: no pg_isready health check", name)
		}
		var data bool
		for _, v := range s.Volumes {
			if vol, dir, ok := strings.Cut(v, ":"); ok && dir == "/var/lib/postgresql/data" {
				if _, declared := c.Volumes[vol]; !declared {
					t.Errorf("%s: volume %q is not a named volume", name, vol)
				}
				if other, dup := seen[vol]; dup {
					t.Errorf("%s and %s share volume %s", other, name, vol)
				}
				seen[vol] = name
				data = true
			}
		}
		if !data {
			t.Errorf("%s: no named volume on /var/lib/postgresql/data (volumes %v)", name, s.Volumes)
		}
	}
	p := c.Services[primarySvc]
	if p.Environment["POSTGRES_DB"] != serviceDSN(t, c, initSvc).Path[1:] {
		t.Errorf("primary creates database %q, init uses %s", p.Environment["POSTGRES_DB"], serviceDSN(t, c, initSvc).Path)
	}
	var initScript string
	for _, v := range p.Volumes {
		if src, dst, ok := strings.Cut(v, ":"); ok && strings.HasPrefix(dst, "/docker-entrypoint-initdb.d/") {
			initScript = src
		}
	}
	if initScript == "" {
		t.Fatal("the primary runs no init script: replication connections are not allowed by the image's pg_hba.conf")
	}
	fi, err := os.Stat(filepath.Join("..", initScript))
	if err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("init script %s: %v, mode %v: want an executable file", initScript, err, fi)
	}
	if data, _ := os.ReadFile(filepath.Join("..", initScript)); !strings.Contains(string(data), "host replication") ||
		!strings.Contains(string(data), "REPLICATION") {
		t.Errorf("%s neither allows replication in pg_hba.conf nor grants the role REPLICATION", initScript)
	}

	r := c.Services[replicaSvc]
	script := strings.Join(r.Command, " ")
	for _, want := range []string{"pg_basebackup -h " + primarySvc, " -R ", "-X stream", "hot_standby=on"} {
		if !strings.Contains(script, want) {
			t.Errorf("replica command lacks %q:\n%s", want, script)
		}
	}
	if dep := r.DependsOn[primarySvc]; dep.Condition != "service_healthy" {
		t.Errorf("replica depends on the primary with %q, want service_healthy", dep.Condition)
	}
}

// TestComposeFollowers: two or more stateless annals instances, each serving the
// replica with --follow, naming the primary for writes, checked on /readyz, started
// once init created the tables and the replica is healthy.
func TestComposeFollowers(t *testing.T) {
	c := readCompose(t)
	names := followers(c)
	if len(names) < 2 {
		t.Fatalf("followers %v, want at least two", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s := c.Services[name]
			if s.Build == nil || s.Build.Context != "." || s.Build.Dockerfile != "Dockerfile" {
				t.Errorf("build %+v, want the repository's Dockerfile", s.Build)
			}
			kind := flagValue(s.Command, "--store")
			if kind == "" {
				kind = s.Environment["ANNALS_STORE"]
			}
			if kind != graph.KindPostgres || !slices.Contains(graph.Kinds, kind) {
				t.Errorf("store %q, want postgres", kind)
			}
			if host := serviceDSN(t, c, name).Hostname(); host != replicaSvc {
				t.Errorf("DSN host %q, want the replica %s", host, replicaSvc)
			}
			if primary := flagValue(s.Command, "--primary"); !strings.HasPrefix(primary, primarySvc+":") {
				t.Errorf("--primary %q, want %s:PORT, where writes go", primary, primarySvc)
			}
			if s.DependsOn[initSvc].Condition != "service_completed_successfully" ||
				s.DependsOn[replicaSvc].Condition != "service_healthy" {
				t.Errorf("depends_on %+v: want init completed and the replica healthy", s.DependsOn)
			}
			port := listenPort(t, flagValue(s.Command, "--addr"))
			if s.Healthcheck == nil {
				t.Fatal("no healthcheck")
			}
			if want := "http://127.0.0.1:" + port + "/readyz"; !slices.Contains(s.Healthcheck.Test, want) {
				t.Errorf("healthcheck %q does not probe %s", s.Healthcheck.Test, want)
			}
		})
	}
}

// TestComposeInitAndLoad: init and the load job write to the primary; the load job
// runs only when asked for (a profile).
func TestComposeInitAndLoad(t *testing.T) {
	c := readCompose(t)
	for _, name := range []string{initSvc, "load"} {
		if host := serviceDSN(t, c, name).Hostname(); host != primarySvc {
			t.Errorf("%s writes to %q, want the primary %s", name, host, primarySvc)
		}
		if c.Services[name].Restart != "no" {
			t.Errorf("%s restart %q, want \"no\": it is a one-off", name, c.Services[name].Restart)
		}
	}
	if !slices.Contains(c.Services["load"].Profiles, "load") {
		t.Errorf("load runs on every `up`: give it profile load")
	}
	if dep := c.Services[primarySvc]; dep.Image == "" {
		t.Error("no primary image")
	}
}

// TestComposeHAProxy: HAProxy publishes the port it binds, and its configuration
// (deploy/haproxy.cfg) balances over exactly the follower services on the ports they
// serve, checking /readyz; the real haproxy, where installed, accepts the file.
func TestComposeHAProxy(t *testing.T) {
	c := readCompose(t)
	s, ok := c.Services[lbSvc]
	if !ok {
		t.Fatalf("no %s service", lbSvc)
	}
	if tag, ok := strings.CutPrefix(s.Image, "haproxy:"); !ok || tag == "" || tag == "latest" {
		t.Errorf("image %q, want the official haproxy image at a pinned version", s.Image)
	}
	var cfgPath string
	for _, v := range s.Volumes {
		if src, dst, ok := strings.Cut(v, ":"); ok && strings.HasPrefix(dst, "/usr/local/etc/haproxy/haproxy.cfg") {
			cfgPath = filepath.Join("..", src)
		}
	}
	if cfgPath == "" {
		t.Fatalf("volumes %v mount no haproxy.cfg", s.Volumes)
	}
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	var servers []string
	var bind string
	var httpchk bool
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "server":
			host, port, err := net.SplitHostPort(f[2])
			if err != nil {
				t.Errorf("server line %q: %v", line, err)
				continue
			}
			a, ok := c.Services[host]
			if !ok {
				t.Errorf("server %s: no such service", host)
				continue
			}
			if p := listenPort(t, flagValue(a.Command, "--addr")); p != port {
				t.Errorf("server %s on port %s, but it serves on %s", host, port, p)
			}
			if !slices.Contains(f, "check") {
				t.Errorf("server %s is not health-checked", host)
			}
			servers = append(servers, host)
		case len(f) == 2 && f[0] == "bind":
			bind = f[1]
		case len(f) == 4 && f[0] == "option" && f[1] == "httpchk" && f[3] == "/readyz":
			httpchk = true
		}
	}
	slices.Sort(servers)
	if !slices.Equal(servers, followers(c)) {
		t.Errorf("haproxy balances over %v, want the followers %v", servers, followers(c))
	}
	if !httpchk {
		t.Error("haproxy does not check /readyz")
	}
	port := listenPort(t, bind)
	var published bool
	for _, p := range s.Ports {
		parts := strings.Split(p, ":")
		published = published || parts[len(parts)-1] == port
	}
	if !published {
		t.Errorf("ports %v do not publish %s, the port haproxy binds", s.Ports, port)
	}
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
			t.Skip("no haproxy here to check the file with (scripts/install-deps.sh installs it)")
		}
		bin = "/usr/sbin/haproxy"
	}
	if out, err := exec.Command(bin, "-c", "-f", cfgPath).CombinedOutput(); err != nil {
		t.Errorf("haproxy -c -f %s: %v\n%s", cfgPath, err, out)
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
	allowed := []string{"${ANNALS_CORPUS:-./corpus}", "${ANNALS_PG_PASSWORD:-change-me}"}
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
	want := []string{"annals-1", "annals-2", "haproxy", "init", "pg-primary", "pg-replica"}
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
	replica, err := p.GetService(replicaSvc)
	if err != nil {
		t.Fatal(err)
	}
	// After interpolation the shell sees its own $ (written $$ in the file).
	if script := strings.Join(replica.Command, " "); !strings.Contains(script, `"$PGDATA/PG_VERSION"`) {
		t.Errorf("replica script after interpolation:\n%s", script)
	}
	// The password's default reaches every DSN.
	a1, err := p.GetService("annals-1")
	if err != nil {
		t.Fatal(err)
	}
	if dsn := a1.Environment["ANNALS_DB"]; dsn == nil || !strings.Contains(*dsn, ":change-me@pg-replica:") {
		t.Errorf("annals-1 ANNALS_DB after interpolation: %v", dsn)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
