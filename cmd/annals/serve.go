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
query API read-only (/api/v2/query, /api/v1/query/{lang}), /healthz, /readyz and
/openapi.json, and the web explorer at /. A file that fails to load is reported and the server starts anyway.
SIGINT or SIGTERM stops it gracefully.`,
	}
	sf := addStoreFlags(cmd)
	addr := cmd.Flags().String("addr", "127.0.0.1:8080", "address to listen on")
	timeout := cmd.Flags().Duration("query-timeout", 10*time.Second, "time limit of every query")
	limit := cmd.Flags().Int("query-limit", 1000, "most results of a Gizmo/GraphQL/MQL query")
	cmd.RunE = func(cmd *cobra.Command, files []string) error {
		ctx, stop := signal.NotifyContext(commandContext(cmd), os.Interrupt, syscall.SIGTERM)
		defer stop()
		log := slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil))
		s, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		if len(files) > 0 {
			sum, failed := loadFiles(ctx, s, files, cmd.ErrOrStderr())
			log.Info("loaded", "documents", sum.Documents, "entries", sum.Entries, "quads_added", sum.QuadsAdded,
				"quads_removed", sum.QuadsRemoved, "failed_files", failed, "elapsed", sum.Elapsed.Round(time.Millisecond))
		}
		start := time.Now()
		x, err := queries.NewIndex(ctx, s)
		if err != nil {
			return err
		}
		log.Info("query index built", "elapsed", time.Since(start).Round(time.Millisecond))
		h := web.Handler(api.New(s, api.Options{QueryTimeout: *timeout, QueryLimit: *limit, Index: x, Logger: log}))
		return listenAndServe(ctx, log, *addr, h, *timeout)
	}
	return cmd
}

// listenAndServe listens on addr until ctx ends, then lets requests in flight finish.
func listenAndServe(ctx context.Context, log *slog.Logger, addr string, h http.Handler, queryTimeout time.Duration) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      queryTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	log.Info("serving", "addr", "http://"+ln.Addr().String())
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

func commandContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
