// Package config reads tongban's settings from flags and TONGBAN_* environment
// variables, validates them once at start-up and hands them down explicitly.
// A flag given on the command line wins over the environment.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting of a running tongban process.
type Config struct {
	Addr        string        // TONGBAN_ADDR, --addr
	DataDir     string        // TONGBAN_DATA_DIR, --data-dir
	DatabaseURL string        // TONGBAN_DATABASE_URL: postgres://… selects PostgreSQL; empty → SQLite in DataDir
	LogLevel    string        // TONGBAN_LOG_LEVEL, --log-level: debug, info, warn, error
	LogFormat   string        // TONGBAN_LOG_FORMAT, --log-format: text or json
	WorkHours   string        // TONGBAN_WORK_HOURS, --work-hours: "08:30-12:00,14:30-18:00"
	TimeZone    string        // TONGBAN_TIMEZONE, --timezone
	NATSURL     string        // TONGBAN_NATS_URL, --nats-url: empty keeps events in the outbox
	ShutdownIn  time.Duration // TONGBAN_SHUTDOWN_TIMEOUT, --shutdown-timeout
	SweepEvery  time.Duration // TONGBAN_SWEEP_INTERVAL, --sweep-interval: deadline sweeper period
}

// Setting describes one configuration variable for --help and the README.
type Setting struct {
	Flag, Env, Default, Usage string
	target                    *string
}

// Postgres reports whether the configuration selects PostgreSQL.
func (c *Config) Postgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// SQLitePath is the database file used when PostgreSQL is not selected.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "tongban.db") }

// Bind registers the settings on fs and returns a function that, after
// fs.Parse, fills c from flags, then environment, then defaults, and
// validates the result.
func Bind(fs *flag.FlagSet, getenv func(string) string) (*Config, func() error) {
	c := &Config{}
	var shutdown, sweep string
	settings := []Setting{
		{"addr", "TONGBAN_ADDR", "127.0.0.1:8080", "HTTP listen address (host:port)", &c.Addr},
		{"data-dir", "TONGBAN_DATA_DIR", "./data", "directory for the SQLite database, attachments and the lock file", &c.DataDir},
		{"database-url", "TONGBAN_DATABASE_URL", "", "postgres://… to use PostgreSQL; empty for SQLite in the data dir", &c.DatabaseURL},
		{"log-level", "TONGBAN_LOG_LEVEL", "info", "debug, info, warn or error", &c.LogLevel},
		{"log-format", "TONGBAN_LOG_FORMAT", "text", "text or json", &c.LogFormat},
		{"work-hours", "TONGBAN_WORK_HOURS", "08:30-12:00,14:30-18:00", "default working hours for deadlines in hours", &c.WorkHours},
		{"timezone", "TONGBAN_TIMEZONE", "Asia/Shanghai", "time zone of working hours and order numbers", &c.TimeZone},
		{"nats-url", "TONGBAN_NATS_URL", "", "NATS server for publishing events; empty keeps them in the outbox", &c.NATSURL},
		{"shutdown-timeout", "TONGBAN_SHUTDOWN_TIMEOUT", "20s", "how long in-flight requests may take to finish on SIGTERM", &shutdown},
		{"sweep-interval", "TONGBAN_SWEEP_INTERVAL", "1m", "how often the deadline sweeper runs (0 disables it)", &sweep},
	}
	for i := range settings {
		s := &settings[i]
		fs.StringVar(s.target, s.Flag, "", fmt.Sprintf("%s (env %s, default %q)", s.Usage, s.Env, s.Default))
	}
	return c, func() error {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for _, s := range settings {
			if set[s.Flag] {
				continue
			}
			if v := getenv(s.Env); v != "" {
				*s.target = v
			} else {
				*s.target = s.Default
			}
		}
		var err error
		if c.ShutdownIn, err = duration("shutdown-timeout", "TONGBAN_SHUTDOWN_TIMEOUT", shutdown); err != nil {
			return err
		}
		if c.SweepEvery, err = duration("sweep-interval", "TONGBAN_SWEEP_INTERVAL", sweep); err != nil {
			return err
		}
		return c.validate()
	}
}

func duration(flagName, env, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("--%s / %s: %q is not a non-negative duration such as 30s or 2m", flagName, env, v)
	}
	return d, nil
}

func (c *Config) validate() error {
	var errs []error
	bad := func(flagName, env, format string, a ...any) {
		errs = append(errs, fmt.Errorf("--%s / %s: %s", flagName, env, fmt.Sprintf(format, a...)))
	}
	if host, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr", "TONGBAN_ADDR", "%q is not host:port", c.Addr)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("addr", "TONGBAN_ADDR", "port %q is not a number from 0 to 65535", port)
	} else if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		bad("addr", "TONGBAN_ADDR", "host %q is not an IP address or localhost", host)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		bad("data-dir", "TONGBAN_DATA_DIR", "must not be empty")
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || !c.Postgres() || u.Host == "" {
			bad("database-url", "TONGBAN_DATABASE_URL", "must be a postgres://user@host:port/db URL or empty for SQLite")
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log-level", "TONGBAN_LOG_LEVEL", "%q is not one of debug, info, warn, error", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		bad("log-format", "TONGBAN_LOG_FORMAT", "%q is not one of text, json", c.LogFormat)
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		bad("timezone", "TONGBAN_TIMEZONE", "%q is not a known time zone", c.TimeZone)
	}
	if c.NATSURL != "" && !strings.HasPrefix(c.NATSURL, "nats://") {
		bad("nats-url", "TONGBAN_NATS_URL", "%q must start with nats://", c.NATSURL)
	}
	return errors.Join(errs...)
}

// Location returns the configured time zone; validate has checked it loads.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Usage writes the settings table used by --help.
func Usage(w io.Writer, fs *flag.FlagSet) {
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(os.Stderr)
}
