package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"annals/api"
	"annals/graph"
	"annals/queries"
	"annals/web"

	"github.com/spf13/cobra"
)

// shutdownGrace is how long requests in flight may finish after SIGINT or SIGTERM.
const shutdownGrace = 15 * time.Second

func newServeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [FILE...]",
		Short: "Load the given documents (if any) and serve the graph over HTTP",
		Long: `serve loads each FILE (a chronology, extracted on the way, or a .jsonl file of
extraction records) into the store, then serves the named queries (/api/...), Cayley's
query API (/api/v2/query, /api/v1/query/{lang}), /healthz, /readyz and
/openapi.json, and the web explorer at /. A file that fails to load is reported and the server starts anyway.
SIGINT or SIGTERM stops it gracefully.

By default serve is a supervisor: it holds the listening socket and runs the server
in a child process, which it restarts (keeping the socket open) if a query kills it;
--memory-limit bounds the child's address space (RLIMIT_AS). --supervise=false
serves in this process.

The server is read-only unless started with a write token (--write-token, or better
the environment variable ANNALS_WRITE_TOKEN, which other users cannot read in the
process list): then Cayley's write and delete endpoints and POST /api/load accept
requests that bear it (Authorization: Bearer TOKEN).

--follow serves a PostgreSQL read replica (or any server annals does not write to):
the store is opened without touching its schema, writes are refused with a 403 that
names --primary (where loads go), and the load log is polled every --follow-every so
that the query index follows the loads that replicate (docs/deployment.md).`,
	}
	sf := addStoreFlags(cmd)
	addr := cmd.Flags().String("addr", "127.0.0.1:8080", "address to listen on")
	timeout := cmd.Flags().Duration("query-timeout", 10*time.Second, "time limit of every query")
	limit := cmd.Flags().Int("query-limit", 1000, "most results of a Gizmo/GraphQL/MQL query")
	maxQueries := cmd.Flags().Int("max-queries", 4, "most Gizmo/GraphQL/MQL queries running at once (more are answered 503)")
	maxBody := cmd.Flags().Int64("max-body", 32<<20, "largest request body in bytes (larger is answered 413)")
	rate := cmd.Flags().Int("rate-limit", 600, "requests a minute from one client address (more are answered 429); 0 is no limit")
	origins := cmd.Flags().StringSlice("cors-origin", nil, "origin allowed to call the API from a browser (repeatable; none by default)")
	token := cmd.Flags().String("write-token", "", "bearer token that enables writes, deletes and /api/load (default $ANNALS_WRITE_TOKEN; none: read-only)")
	maxAnswer := cmd.Flags().Int("max-answer", 16<<20, "largest answer of a Gizmo/GraphQL/MQL query in bytes (larger is answered 422)")
	maxFile := cmd.Flags().Int64("max-file", 128<<20, "largest answer of /api/network, /api/export and /api/v2/read in bytes")
	queryMem := cmd.Flags().Uint64("query-memory", 512<<20, "heap the running queries may grow together in bytes, at most a sixth of the address space left under a memory limit; past it they are stopped (503 query-killed)")
	indexFile := cmd.Flags().String("index-file", "", "file the query index is kept in between runs (default: <bolt file>.index, or for PostgreSQL a file in the user's cache directory named by a hash of the DSN); \"none\" keeps it in memory only")
	supervised := cmd.Flags().Bool("supervise", true, "serve from a child process that is restarted if it dies (false: serve in this process)")
	memLimit := cmd.Flags().Uint64("memory-limit", 0, "address space of the serving process in bytes (RLIMIT_AS; 0: inherited)")
	followFl := cmd.Flags().Bool("follow", false, "serve a read replica (postgres): read-only, the index refreshed as loads replicate")
	primary := cmd.Flags().String("primary", "", "with --follow: where loads go, named in the answer to a write (e.g. the primary's host:port; no password)")
	followEvery := cmd.Flags().Duration("follow-every", time.Second, "with --follow: how often the load log is polled")
	heapHeadroom := cmd.Flags().Uint64("heap-headroom", 1<<30, "heap the requests may fill with garbage before a collection, above what is live once the query index is open (Go's soft memory limit; 0: Go's default, the heap grows to twice what is live; GOMEMLIMIT overrides)")
	cmd.RunE = func(cmd *cobra.Command, files []string) error {
		ctx, stop := signal.NotifyContext(commandContext(cmd), os.Interrupt, syscall.SIGTERM)
		defer stop()
		log, err := commandLogger(cmd)
		if err != nil {
			return err
		}
		if *followFl {
			if sf.kind != graph.KindPostgres {
				return fmt.Errorf("--follow: the %s store has no replicas to follow; use --store postgres", sf.kind)
			}
			if len(files) > 0 || *token != "" || os.Getenv("ANNALS_WRITE_TOKEN") != "" {
				return errors.New("--follow serves read-only: load files into the primary with `annals load`, and give no write token")
			}
			if *followEvery <= 0 {
				return fmt.Errorf("--follow-every %s: want a positive duration", *followEvery)
			}
			sf.readOnly = true
		}
		ln, err := childListener()
		if err != nil {
			return err
		}
		if ln == nil && *supervised {
			return supervise(ctx, log, *addr)
		}
		if err := limitAddressSpace(*memLimit); err != nil {
			return err
		}
		if ln == nil {
			if ln, err = net.Listen("tcp", *addr); err != nil {
				return fmt.Errorf("serve: %w", err)
			}
		}
		defer ln.Close()
		s, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		log.Info("store open", storeAttrs(s)...)
		if len(files) > 0 {
			sum, failed := loadFiles(ctx, s, files, log, cmd.ErrOrStderr())
			log.Info("loaded", "files", len(files), "failed_files", failed, "documents", sum.Documents,
				"entries", sum.Entries, "quads_added", sum.QuadsAdded, "quads_removed", sum.QuadsRemoved,
				"warnings", sum.Warnings, "elapsed", sum.Elapsed)
		}
		start := time.Now()
		// The load generation is read before the index is opened: a load that lands
		// meanwhile is seen by the next poll of a follower.
		gen, err := s.LoadGeneration(ctx)
		if err != nil {
			return err
		}
		file := *indexFile
		switch file {
		case "":
			file = queries.IndexFile(s)
		case "none":
			file = ""
		}
		x, err := queries.OpenIndex(ctx, s, queries.IndexOptions{File: file, Logger: log})
		if err != nil {
			return err
		}
		log.Info("query index ready", "elapsed", time.Since(start).Round(time.Millisecond), "scans", x.Scans(), "syncs", x.Syncs())
		go limitHeap(log, *heapHeadroom)
		if *followFl {
			go follow(ctx, log, s, x, gen, *followEvery)
		}
		if err := logContents(ctx, log, s, x); err != nil {
			return err
		}
		if *token == "" {
			*token = os.Getenv("ANNALS_WRITE_TOKEN")
		}
		// The token itself is never logged; only whether writes are on.
		log.Info("access", "writes", *token != "", "cors_origins", *origins, "rate_limit_per_minute", *rate)
		log.Info("query limits", "timeout", *timeout, "results", *limit, "answer_bytes", *maxAnswer, "file_bytes", *maxFile,
			"queries", *maxQueries, "query_memory", queryMemory(*queryMem))
		h := api.SecurityHeaders(web.Handler(api.New(s, api.Options{
			QueryTimeout: *timeout, QueryLimit: *limit, Index: x, Logger: log,
			MaxQueries: *maxQueries, MaxBodyBytes: *maxBody, RateLimit: *rate, CORSOrigins: *origins, WriteToken: *token,
			MaxResultBytes: *maxAnswer, MaxFileBytes: *maxFile, QueryMemory: queryMemory(*queryMem),
			Primary: primaryName(*followFl, *primary),
		})))
		return serveOn(ctx, log, ln, newHTTPServer(h, log, *timeout))
	}
	return cmd
}

// newHTTPServer is the server of h with limits on slow or oversized clients: the
// headers must arrive within 10s and be at most 64 KiB, the whole request within a
// minute; an answer may take the query time limit and 30s more to write; an idle
// connection is closed after 2 minutes.
func newHTTPServer(h http.Handler, log *slog.Logger, queryTimeout time.Duration) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      queryTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serveOn serves on ln until ctx ends, then lets requests in flight finish.
func serveOn(ctx context.Context, log *slog.Logger, ln net.Listener, srv *http.Server) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()
	log.Info("serving", "addr", base, "explorer", base+"/", "api", base+"/openapi.json", "pid", os.Getpid())
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// storeAttrs names the store in the log: its kind and, for a bolt file, its path (a
// PostgreSQL DSN may hold a password and is not logged).
func storeAttrs(s *graph.Store) []any {
	attrs := []any{"store", s.Kind}
	if s.Kind == graph.KindBolt {
		attrs = append(attrs, "db", s.Addr)
	}
	return attrs
}

// logContents logs what the store holds, as the index counts it; an empty store gets
// a warning that says how to load data.
func logContents(ctx context.Context, log *slog.Logger, s *graph.Store, x *queries.Index) error {
	res, err := queries.StatsQuery(ctx, s, queries.Params{Index: x})
	if err != nil {
		return err
	}
	st := res.(*queries.Stats)
	if st.Counts.Entries == 0 {
		log.Warn("the store is empty: nothing to explore yet",
			"load_now", "stop this server, then: annals load FILE... (or start it as: annals serve FILE...)",
			"load_while_serving", "start with ANNALS_WRITE_TOKEN=... and POST /api/load?source=NAME",
			"try", "make run (loads the demo chronologies in examples/)")
		return nil
	}
	log.Info("graph", "documents", st.Counts.Documents, "entries", st.Counts.Entries, "events", st.Counts.Events,
		"people", st.Counts.People, "bodies", st.Counts.Bodies, "places", st.Counts.Places, "quads", st.Quads,
		"from", st.DateSpan.Start, "to", st.DateSpan.End)
	return nil
}

func commandContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
