package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startServe runs `annals serve ARGS` on a free port and returns its base URL and its
// log; the server stops at the end of the test.
func startServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	root := newRootCmd()
	root.SetOut(io.Discard)
	root.SetErr(logs)
	root.SetArgs(append([]string{"serve", "--supervise=false", "--store", "memory", "--addr", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
	})
	addr := regexp.MustCompile(`"msg":"serving","addr":"(http://[^"]+)"`)
	for deadline := time.Now().Add(30 * time.Second); ; {
		if m := addr.FindStringSubmatch(logs.String()); m != nil {
			return m[1], logs
		} else if time.Now().After(deadline) {
			t.Fatalf("server did not start:\n%s", logs.String())
		}
		select {
		case err := <-done:
			t.Fatalf("serve returned %v:\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func request(t *testing.T, method, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// TestServeHardened starts `annals serve` with a write token from the environment, a
// CORS origin and a rate limit, and checks each over a real connection: security
// headers on the web page and on the API, writes with and without the token, the
// token absent from the log, CORS, and the rate limit.
func TestServeHardened(t *testing.T) {
	const token = "env-token-5d1c0b"
	t.Setenv("ANNALS_WRITE_TOKEN", token)
	base, logs := startServe(t, "--cors-origin", "https://ui.example", "--rate-limit", "12", queryFixture)

	res, body := request(t, http.MethodGet, base+"/", "")
	// The page keeps the explorer's own policy, which lets it load its scripts.
	if res.StatusCode != 200 || !strings.Contains(body, "<script") ||
		!strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("web page: %d %v", res.StatusCode, res.Header)
	}
	for _, path := range []string{"/", "/api/stats"} {
		res, _ := request(t, http.MethodGet, base+path, "")
		h := res.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: security headers %v", path, h)
		}
	}
	if res, _ := request(t, http.MethodGet, base+"/api/stats", ""); res.Header.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'none'" {
		t.Errorf("API answer CSP %q", res.Header.Get("Content-Security-Policy"))
	}

	chronology := "March 2023\n\nMarch 5 – In Berlin, Senator Anna Weber spoke at a rally.\n"
	if res, body := request(t, http.MethodPost, base+"/api/load?source=march.txt", chronology); res.StatusCode != 401 ||
		!strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("load without a token: %d %s", res.StatusCode, body)
	}
	if res, body := request(t, http.MethodPost, base+"/api/load?source=march.txt", chronology, "Authorization", "Bearer wrong"); res.StatusCode != 403 {
		t.Errorf("load with a wrong token: %d %s", res.StatusCode, body)
	}
	if res, body := request(t, http.MethodPost, base+"/api/load?source=march.txt", chronology, "Authorization", "Bearer "+token); res.StatusCode != 200 ||
		!strings.Contains(body, `"entries":1`) {
		t.Errorf("load with the token: %d %s", res.StatusCode, body)
	}

	res, _ = request(t, http.MethodGet, base+"/api/stats", "", "Origin", "https://ui.example")
	if res.Header.Get("Access-Control-Allow-Origin") != "https://ui.example" {
		t.Errorf("CORS for the allowed origin: %v", res.Header)
	}
	res, _ = request(t, http.MethodGet, base+"/api/stats", "", "Origin", "https://other.example")
	if v := res.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("CORS for another origin: %q", v)
	}

	// 12 requests a minute: the 8 above and these; the web page is not counted.
	limited := false
	for range 12 {
		if res, _ := request(t, http.MethodGet, base+"/api/stats", ""); res.StatusCode == http.StatusTooManyRequests {
			limited = res.Header.Get("Retry-After") != "" && res.Header.Get("Content-Type") == "application/problem+json"
			break
		}
	}
	if !limited {
		t.Error("no 429 problem with Retry-After past the rate limit")
	}

	out := logs.String()
	if !strings.Contains(out, `"writes":true`) || !strings.Contains(out, `"path":"/api/load"`) {
		t.Errorf("log lacks the access line or the load:\n%s", out)
	}
	if strings.Contains(out, token) {
		t.Errorf("the write token is in the log:\n%s", out)
	}
}

// TestServeReadOnlyByDefault checks that without a token every write answers 403.
func TestServeReadOnlyByDefault(t *testing.T) {
	t.Setenv("ANNALS_WRITE_TOKEN", "")
	base, logs := startServe(t, queryFixture)
	for _, path := range []string{"/api/load?source=a.txt", "/api/v2/write", "/api/v1/write", "/api/v2/delete"} {
		res, body := request(t, http.MethodPost, base+path, "<a> <b> <c> .", "Authorization", "Bearer anything")
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "read-only") {
			t.Errorf("%s: %d %s", path, res.StatusCode, body)
		}
	}
	if res, _ := request(t, http.MethodGet, base+"/api/stats", "", "Origin", "https://ui.example"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS is open by default: %v", res.Header)
	}
	if !strings.Contains(logs.String(), `"writes":false`) {
		t.Errorf("log does not say writes are off:\n%s", logs.String())
	}
}

// TestHTTPServerLimits checks the limits of the server on slow and oversized clients
// over a real listener: headers that never end are cut off at ReadHeaderTimeout, and
// headers over MaxHeaderBytes are answered 431.
func TestHTTPServerLimits(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	srv := newHTTPServer(ok, log, 10*time.Second)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Fatalf("a limit is off: %+v", srv)
	}
	if srv.WriteTimeout <= 10*time.Second {
		t.Errorf("WriteTimeout %v cuts off a query that may run 10s", srv.WriteTimeout)
	}
	// The same server, with a header timeout short enough for a test.
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	t.Run("slow headers", func(t *testing.T) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the blank line
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
		b, err := io.ReadAll(c)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("the server kept a connection whose headers never ended")
		}
		if strings.Contains(string(b), "200 OK") {
			t.Errorf("answered an incomplete request: %q", b)
		}
	})
	t.Run("huge headers", func(t *testing.T) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", 128<<10))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("128 KiB of headers: %d", res.StatusCode)
		}
	})
	t.Run("normal request", func(t *testing.T) {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%d", res.StatusCode)
		}
	})
}
