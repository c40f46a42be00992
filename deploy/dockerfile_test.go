package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction: its keyword in upper case and the rest of
// its (joined) line.
type instruction struct {
	Cmd  string
	Args string
	Line int
}

// stage is one FROM ... section of a multi-stage Dockerfile.
type stage struct {
	Image string
	Name  string
	Instr []instruction
}

// find returns the stage's instructions with keyword cmd.
func (s stage) find(cmd string) []instruction {
	var out []instruction
	for _, in := range s.Instr {
		if in.Cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// parseDockerfile splits a Dockerfile into stages. It knows what the checks need:
// comments, line continuations with a backslash, and FROM image [AS name]. Parser
// directives and heredocs are not used in annals' Dockerfile and are not supported.
func parseDockerfile(r io.Reader) ([]stage, error) {
	var (
		stages  []stage
		pending strings.Builder
		start   int
	)
	sc := bufio.NewScanner(r)
	n := 0
	flush := func() error {
		text := strings.TrimSpace(pending.String())
		pending.Reset()
		if text == "" {
			return nil
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := instruction{Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args), Line: start}
		if in.Cmd == "FROM" {
			f := strings.Fields(in.Args)
			st := stage{}
			if len(f) > 0 {
				st.Image = f[0]
			}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.Name = f[2]
			} else if len(f) != 1 {
				return fmt.Errorf("line %d: FROM %q: want FROM image [AS name]", start, in.Args)
			}
			stages = append(stages, st)
			return nil
		}
		if len(stages) == 0 {
			return fmt.Errorf("line %d: %s before the first FROM", start, in.Cmd)
		}
		stages[len(stages)-1].Instr = append(stages[len(stages)-1].Instr, in)
		return nil
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		if pending.Len() == 0 {
			if trimmed == "" {
				continue
			}
			start = n
		}
		if strings.HasSuffix(trimmed, "\\") {
			pending.WriteString(strings.TrimSuffix(trimmed, "\\"))
			pending.WriteString(" ")
			continue
		}
		pending.WriteString(trimmed)
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if pending.Len() > 0 {
		return nil, fmt.Errorf("line %d: continuation runs past the end of the file", start)
	}
	return stages, nil
}

// execForm decodes the JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK CMD.
func execForm(args string) ([]string, error) {
	var out []string
	if err := json.Unmarshal([]byte(args), &out); err != nil {
		return nil, fmt.Errorf("%s: not the exec (JSON) form: %w", args, err)
	}
	return out, nil
}

func readDockerfile(t *testing.T) []stage {
	t.Helper()
	f, err := os.Open("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stages, err := parseDockerfile(f)
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	return stages
}

func TestParseDockerfile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []stage
		wantErr bool
	}{
		{
			name: "stages, comments and continuations",
			in:   "# c\nFROM golang:1.26 AS build\nRUN a \\\n  && b\n\nFROM alpine\n# inner\nUSER 1:1\n",
			want: []stage{
				{Image: "golang:1.26", Name: "build", Instr: []instruction{{Cmd: "RUN", Args: "a  && b", Line: 3}}},
				{Image: "alpine", Instr: []instruction{{Cmd: "USER", Args: "1:1", Line: 8}}},
			},
		},
		{name: "instruction before FROM", in: "RUN x\nFROM a\n", wantErr: true},
		{name: "malformed FROM", in: "FROM a b\n", wantErr: true},
		{name: "dangling continuation", in: "FROM a\nRUN x \\\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDockerfile(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDockerfileBuildStage(t *testing.T) {
	stages := readDockerfile(t)
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a runtime stage", len(stages))
	}
	build := stages[0]
	if !strings.HasPrefix(build.Image, "golang:1.26") {
		t.Errorf("build stage FROM %s, want golang:1.26 (go.mod's Go version)", build.Image)
	}
	if build.Name == "" {
		t.Fatal("build stage has no name (FROM ... AS build)")
	}
	var built bool
	for _, run := range build.find("RUN") {
		if strings.Contains(run.Args, "go build") {
			built = true
			for _, want := range []string{"CGO_ENABLED=0", "./cmd/annals", "-o /out/annals"} {
				if !strings.Contains(run.Args, want) {
					t.Errorf("line %d: go build lacks %q: %s", run.Line, want, run.Args)
				}
			}
		}
	}
	if !built {
		t.Error("build stage runs no go build")
	}
	goMod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(goMod), "\ngo 1.26") {
		t.Errorf("go.mod's go directive changed: update the Dockerfile's golang image with it")
	}
}

func TestDockerfileRuntimeStage(t *testing.T) {
	stages := readDockerfile(t)
	build, rt := stages[0], stages[len(stages)-1]
	if strings.HasPrefix(rt.Image, "golang") {
		t.Errorf("runtime stage FROM %s: want a small image, not the toolchain", rt.Image)
	}
	var copied bool
	for _, c := range rt.find("COPY") {
		if strings.Contains(c.Args, "--from="+build.Name) && strings.Contains(c.Args, "/out/annals") {
			copied = true
		}
	}
	if !copied {
		t.Errorf("runtime stage does not COPY --from=%s the binary /out/annals", build.Name)
	}
	users := rt.find("USER")
	if len(users) == 0 {
		t.Fatal("runtime stage has no USER: the container would run as root")
	}
	user, _, _ := strings.Cut(users[len(users)-1].Args, ":")
	if user == "root" || user == "0" {
		t.Errorf("runtime stage runs as %q, want a non-root user", user)
	}

	entry := rt.find("ENTRYPOINT")
	if len(entry) != 1 {
		t.Fatalf("runtime stage has %d ENTRYPOINTs, want 1", len(entry))
	}
	ep, err := execForm(entry[0].Args)
	if err != nil {
		t.Fatal(err)
	}
	if len(ep) != 1 || (ep[0] != "annals" && ep[0] != "/usr/local/bin/annals") {
		t.Errorf("ENTRYPOINT %q, want [\"annals\"]", ep)
	}
	cmds := rt.find("CMD")
	if len(cmds) != 1 {
		t.Fatalf("runtime stage has %d CMDs, want 1", len(cmds))
	}
	cmd, err := execForm(cmds[0].Args)
	if err != nil {
		t.Fatal(err)
	}
	if len(cmd) == 0 || cmd[0] != "serve" {
		t.Fatalf("CMD %q, want annals serve", cmd)
	}
	port := listenPort(t, flagValue(cmd, "--addr"))

	var exposed bool
	for _, e := range rt.find("EXPOSE") {
		for _, p := range strings.Fields(e.Args) {
			if strings.TrimSuffix(p, "/tcp") == port {
				exposed = true
			}
		}
	}
	if !exposed {
		t.Errorf("runtime stage does not EXPOSE %s, the port CMD serves on", port)
	}

	hc := rt.find("HEALTHCHECK")
	if len(hc) != 1 {
		t.Fatalf("runtime stage has %d HEALTHCHECKs, want 1", len(hc))
	}
	_, probe, ok := strings.Cut(hc[0].Args, "CMD ")
	if !ok {
		t.Fatalf("HEALTHCHECK %q has no CMD", hc[0].Args)
	}
	if want := "http://127.0.0.1:" + port + "/healthz"; !strings.Contains(probe, want) {
		t.Errorf("HEALTHCHECK probes %q, want %s", probe, want)
	}
	// The probe runs inside the runtime image: its tool must be there.
	if strings.HasPrefix(strings.TrimSpace(probe), "wget") && !strings.HasPrefix(rt.Image, "alpine") &&
		!strings.HasPrefix(rt.Image, "busybox") {
		t.Errorf("HEALTHCHECK uses wget, which %s may not have", rt.Image)
	}
}
