package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"
	"github.com/go-chi/httprate"
)

// Defaults of the limits in Options.
const (
	defaultMaxBodyBytes  = 32 << 20
	defaultMaxQueries    = 4
	defaultMaxQueryBytes = 16 << 20
	defaultMaxFileBytes  = 128 << 20
	defaultQueryMemory   = 512 << 20
)

// SecurityHeaders sets the headers every answer carries: no content sniffing, no
// framing, no referrer, and a Content-Security-Policy that allows nothing. A handler
// that serves a page (the web explorer) sets its own policy over this one.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses a body larger than the limit: at once when Content-Length says
// so, otherwise when a handler reads past it (http.MaxBytesReader; see tooLarge).
func (s *server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.opts.MaxBodyBytes {
			s.tooLarge(w, r)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *server) tooLarge(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, &Problem{Type: "too-large", Title: "Request body too large", Status: http.StatusRequestEntityTooLarge,
		Detail: "the request body is larger than the server's limit of " + strconv.FormatInt(s.opts.MaxBodyBytes, 10) + " bytes"})
}

// isTooLarge tells whether err is a body read past the limit of limitBody.
func isTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// rateLimit allows each client address RateLimit tokens a minute, a request costing
// the tokens requestCost says (a whole-graph computation costs more than a named
// query); the rest are answered 429 with Retry-After. The address is the connection's: behind a proxy,
// every client shares the proxy's.
func (s *server) rateLimit() func(http.Handler) http.Handler {
	if s.opts.RateLimit <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	limit := httprate.LimitBy(s.opts.RateLimit, time.Minute,
		func(r *http.Request) (string, error) {
			return httprate.CanonicalizeIP(middleware.GetClientIP(r.Context())), nil
		},
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.problem(w, r, &Problem{Type: "rate-limited", Title: "Too many requests", Status: http.StatusTooManyRequests,
				Detail: "more than " + strconv.Itoa(s.opts.RateLimit) + " tokens a minute from this address (a named query costs " +
					strconv.Itoa(costNamed) + ", a Gizmo/GraphQL/MQL query " + strconv.Itoa(costQuery) + ", a network, export or read " +
					strconv.Itoa(costWholeGraph) + "); retry after the time in Retry-After"})
		}))
	return func(next http.Handler) http.Handler {
		return middleware.ClientIPFromRemoteAddr(charge(limit(next)))
	}
}

// cors answers cross-origin requests from the configured origins only; with none,
// browsers keep other origins out (no Access-Control-* header is ever sent).
func (s *server) cors() func(http.Handler) http.Handler {
	if len(s.opts.CORSOrigins) == 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	return cors.Handler(cors.Options{
		AllowedOrigins: s.opts.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodHead},
		AllowedHeaders: []string{"Accept", "Content-Type", "Authorization"},
		ExposedHeaders: []string{"Retry-After", "Content-Disposition", "X-Request-Id"},
		MaxAge:         600,
	})
}

// limitQueries lets at most MaxQueries Gizmo/GraphQL/MQL queries run at once; one more
// is answered 503 with Retry-After rather than queued behind queries that may run for
// the whole time limit.
func (s *server) limitQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.queries <- struct{}{}:
			defer func() { <-s.queries }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			s.problem(w, r, &Problem{Type: "busy", Title: "Too many queries", Status: http.StatusServiceUnavailable,
				Detail: strconv.Itoa(s.opts.MaxQueries) + " queries are running, the server's limit; retry after the time in Retry-After"})
		}
	})
}

// requireWriteToken lets a request through only with the bearer token given at
// start. Without a configured token the server is read-only.
func (s *server) requireWriteToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opts.WriteToken == "" {
			s.readOnly(w, r)
			return
		}
		auth := r.Header.Get("Authorization")
		scheme, token, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="annals"`)
			s.problem(w, r, &Problem{Type: "unauthorized", Title: "Unauthorized", Status: http.StatusUnauthorized,
				Detail: "writes need the server's write token: Authorization: Bearer TOKEN"})
			return
		}
		// Equal-length digests, compared in constant time: neither the token's bytes
		// nor its length leak through the time of the answer.
		got, want := sha256.Sum256([]byte(strings.TrimSpace(token))), sha256.Sum256([]byte(s.opts.WriteToken))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="annals", error="invalid_token"`)
			s.problem(w, r, &Problem{Type: "forbidden", Title: "Forbidden", Status: http.StatusForbidden,
				Detail: "the write token is wrong"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
