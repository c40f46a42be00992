package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// listenFDEnv names the environment variable that tells `annals serve` it is the
// serving child of a supervisor, and which file descriptor is its listening socket.
const listenFDEnv = "ANNALS_SERVE_LISTEN_FD"

// Exit codes of the serving child, as the supervisor reads them: 1 is a start that
// failed (a bad flag, a locked store), which restarting would repeat; 2 is a Go
// fatal error (stack overflow, out of memory), a signal is a kill: both restart.
const exitStartFailed = 1

// supervise listens on addr and runs `annals serve` again as a child process that
// serves on that socket, restarting it whenever it dies of a fatal error or a signal.
// The socket stays open while a child restarts, so clients wait in its backlog
// rather than being refused. It returns when ctx ends (after the child has stopped)
// or when the child could not start.
func supervise(ctx context.Context, log *slog.Logger, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer f.Close()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	backoff := 100 * time.Millisecond
	for restarts := 0; ; restarts++ {
		start := time.Now()
		err := runChild(ctx, log, exe, f)
		if ctx.Err() != nil {
			return nil
		}
		var ee *exec.ExitError
		switch {
		case err == nil:
			log.Info("server process stopped")
			return nil
		case errors.As(err, &ee) && ee.ExitCode() == exitStartFailed:
			return fmt.Errorf("serve: the server process could not start: %w", err)
		case !errors.As(err, &ee):
			return fmt.Errorf("serve: %w", err)
		}
		if time.Since(start) > time.Minute {
			backoff = 100 * time.Millisecond
		}
		log.Error("server process died; restarting it", "err", err.Error(), "restarts", restarts+1,
			"ran", time.Since(start).Round(time.Millisecond), "after", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// runChild runs one serving child until it exits; when ctx ends first it is sent
// SIGTERM and given its shutdown grace.
func runChild(ctx context.Context, log *slog.Logger, exe string, ln *os.File) error {
	// Pdeathsig is sent when the thread that started the child ends: keep this
	// goroutine on its thread for the child's life, so that a supervisor killed
	// outright takes its child with it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), listenFDEnv+"=3")
	if os.Getenv("MALLOC_ARENA_MAX") == "" {
		// A binary built with cgo reserves 64 MiB of address space per C malloc
		// arena, up to eight a core: under a memory limit that is room queries lack.
		cmd.Env = append(cmd.Env, "MALLOC_ARENA_MAX=2")
	}
	cmd.ExtraFiles = []*os.File{ln}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	log.Info("supervising", "server_pid", cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case err := <-done:
		return err
	case <-time.After(shutdownGrace + 5*time.Second):
		_ = cmd.Process.Kill()
		return <-done
	}
}

// childListener is the listening socket a supervisor passed, or nil when this
// process is not a supervised child.
func childListener() (net.Listener, error) {
	fd := os.Getenv(listenFDEnv)
	if fd == "" {
		return nil, nil
	}
	if fd != "3" {
		return nil, fmt.Errorf("serve: %s=%s: only file descriptor 3 is supported", listenFDEnv, fd)
	}
	ln, err := net.FileListener(os.NewFile(3, "listener"))
	if err != nil {
		return nil, fmt.Errorf("serve: the supervisor's socket: %w", err)
	}
	return ln, nil
}

// limitAddressSpace sets RLIMIT_AS of this process to n bytes (0 leaves it): an
// allocation past it fails, and the Go runtime dies of it, which the supervisor
// answers with a restart, rather than the machine swapping or its OOM killer
// choosing a victim.
func limitAddressSpace(n uint64) error {
	if n == 0 {
		return nil
	}
	var cur unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &cur); err != nil {
		return fmt.Errorf("serve: memory limit: %w", err)
	}
	if cur.Max != unix.RLIM_INFINITY && n > cur.Max {
		n = cur.Max
	}
	if err := unix.Setrlimit(unix.RLIMIT_AS, &unix.Rlimit{Cur: n, Max: cur.Max}); err != nil {
		return fmt.Errorf("serve: memory limit: %w", err)
	}
	return nil
}

// queryMemory is the heap budget of the queries running: the flag's value, but under
// an address-space limit at most a sixth of the room left. A string doubled in a
// loop allocates twice its size at once, and the watchdog may see that allocation
// only after the next one has begun (its goroutine gets no processor while the
// query copies and the GC waits for it); Go keeps the address space of a heap it
// has grown. A sixth leaves room for that missed doubling (about four times the
// budget): measured with scripts/doubling.sh, a third did not.
func queryMemory(flag uint64) uint64 {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &lim); err != nil || lim.Cur == unix.RLIM_INFINITY {
		return flag
	}
	used := vmSize()
	if used >= lim.Cur {
		return flag
	}
	return max(min(flag, (lim.Cur-used)/6), 16<<20)
}

// vmSize is the address space this process uses, in bytes (VmSize in
// /proc/self/status), 0 when unknown.
func vmSize() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmSize:"); ok {
			n, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10
		}
	}
	return 0
}
