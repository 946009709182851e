package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tongban/internal/fault"
)

type readyFunc func(context.Context) error

func (f readyFunc) Ready(ctx context.Context) error { return f(ctx) }

// TestGracefulShutdown: a request in flight when the shutdown begins still
// gets its whole response; new connections are refused afterwards.
func TestGracefulShutdown(t *testing.T) {
	s := New(readyFunc(func(context.Context) error { return nil }), nil)
	started := make(chan struct{})
	s.Mux().HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, "127.0.0.1:0", 5*time.Second, func(a net.Addr) { addrc <- a }) }()
	addr := (<-addrc).String()
	type result struct {
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{string(b), err}
	}()
	<-started
	cancel()
	r := <-res
	if r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request: %q, %v; want it to finish", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve returned %v", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("server still accepts requests after shutdown")
	}
}

func TestErrorEnvelopeAndReadiness(t *testing.T) {
	notReady := errors.New("schema at version 1, want 2")
	var ready error
	s := New(readyFunc(func(context.Context) error { return ready }), nil)
	s.Mux().HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	s.Mux().HandleFunc("GET /conflict", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, fault.Conflictf("order changed"))
	})
	s.Mux().HandleFunc("GET /internal", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, errors.New("pq: password=secret leaked"))
	})
	h := s.Handler()
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/healthz", 200, `"ok"`},
		{"/readyz", 200, `"ready"`},
		{"/conflict", 409, `{"error":{"code":"conflict","message":"order changed"}}`},
		{"/internal", 500, `{"error":{"code":"internal","message":"internal error"}}`},
		{"/boom", 500, `"code":"internal"`},
	}
	for _, tt := range tests {
		if status, body := get(tt.path); status != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s; want %d containing %s", tt.path, status, body, tt.status, tt.want)
		}
	}
	if _, body := get("/internal"); strings.Contains(body, "secret") {
		t.Error("internal error detail leaked to the client")
	}
	ready = notReady
	if status, body := get("/readyz"); status != 503 || !strings.Contains(body, "version 1") {
		t.Errorf("readyz when not migrated: %d %s", status, body)
	}
	_, body := get("/metrics")
	for _, want := range []string{`tongban_http_requests_total{route="GET /conflict",status="409"} 1`,
		`tongban_http_request_duration_seconds_count{route="GET /healthz"} 1`, "tongban_uptime_seconds"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
}
