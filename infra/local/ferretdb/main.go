// Command ferretdb-local runs FerretDB v1 (the MongoDB wire protocol over SQLite) for local
// integration tests, bound to loopback by default.
//
// FerretDB is imported as a library on purpose: built as its own main module
// (`go install .../cmd/ferretdb`) it panics at start for want of build/version/version.txt,
// while the embeddable package skips that check and never starts the telemetry reporter
// (it also marks telemetry disabled and locked in its state).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen-addr", envOr("FERRETDB_LISTEN_ADDR", "127.0.0.1:27017"), "TCP address to listen on")
	dataDir := flag.String("data-dir", envOr("FERRETDB_DATA_DIR", "data"), "directory for the SQLite files (created if missing)")
	level := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*addr, *dataDir, *level); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-local:", err)
		os.Exit(1)
	}
}

func run(addr, dataDir, level string) error {
	var logLevel slog.Level
	if err := logLevel.UnmarshalText([]byte(level)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel}))

	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	// FerretDB's SQLite backend wants an existing directory, named by a file: URI ending in "/".
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sqliteURL := (&url.URL{Scheme: "file", Path: dir + "/"}).String()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger.Info("ferretdb-local serving", slog.String("addr", addr), slog.String("sqlite", sqliteURL))
	// Run returns once ctx is cancelled and every connection and the backend are closed.
	if err = f.Run(ctx); err != nil {
		return err
	}
	logger.Info("ferretdb-local stopped")
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
