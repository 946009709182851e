// Package apptest starts a whole tongban server over a real database for
// tests: bootstrapped, with the demo organisation and accounts, on a clock
// the test controls, behind a real HTTP listener.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"tongban/internal/api"
	"tongban/internal/auth"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/hotline"
	"tongban/internal/server"
	"tongban/internal/storage"
	"tongban/internal/web"
	"tongban/internal/workday"
)

// App is a running server.
type App struct {
	TB    testing.TB
	Store *storage.Store
	Svc   *hotline.Service
	// Hall is the application service the API and pages share, on the
	// test clock.
	Hall  *hall.Service
	URL   string
	Units map[string]int64 // unit code → id
	Mux   *http.ServeMux
	// Auth signs people in; tests that change an account behind its back
	// call Auth.ForgetStaff, as the pages do.
	Auth *auth.Auth
	// Handler is the server's whole handler (middleware included), for
	// measuring server time without the network.
	Handler http.Handler

	mu  sync.Mutex
	now time.Time
}

// Start is the default clock: Monday 2026-06-01 09:00 in Alxa.
var Start = time.Date(2026, 6, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// New starts a server over st.
func New(tb testing.TB, st *storage.Store) *App {
	tb.Helper()
	ctx := context.Background()
	if err := st.Bootstrap(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := demo.Seed(ctx, st); err != nil {
		tb.Fatal(err)
	}
	scs, err := st.Schedules(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	cal, err := workday.New(scs, workday.DefaultHours())
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := hotline.New(ctx, st, cal, workday.DefaultHours().Loc)
	if err != nil {
		tb.Fatal(err)
	}
	a := &App{TB: tb, Store: st, Svc: svc, Units: map[string]int64{}, now: Start}
	svc.Now = a.Now
	us, err := st.Units(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, u := range us {
		a.Units[u.Code] = u.ID
	}
	srv := server.New(st, st)
	au := auth.New(st)
	a.Auth = au
	a.Hall = hall.New(st, svc.Calendar, nil)
	a.Hall.Now = a.Now
	api.Mount(srv.Mux(), svc, a.Hall, au)
	if err := web.Mount(srv.Mux(), svc, a.Hall, au); err != nil {
		tb.Fatal(err)
	}
	a.Mux = srv.Mux()
	a.Handler = srv.Handler()
	hs := httptest.NewServer(a.Handler)
	tb.Cleanup(hs.Close)
	a.URL = hs.URL
	return a
}

// Now returns the test clock.
func (a *App) Now() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

// Advance moves the clock forward.
func (a *App) Advance(d time.Duration) {
	a.mu.Lock()
	a.now = a.now.Add(d)
	a.mu.Unlock()
}

// Set sets the clock.
func (a *App) Set(t time.Time) {
	a.mu.Lock()
	a.now = t
	a.mu.Unlock()
}

// Client is an HTTP client with its own cookie jar.
type Client struct {
	app *App
	hc  *http.Client
	// Header is added to every request.
	Header http.Header
}

// Anonymous returns a client that is not signed in.
func (a *App) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{app: a, hc: &http.Client{Jar: jar}, Header: http.Header{}}
}

// Login signs a demo account in.
func (a *App) Login(username string) *Client {
	a.TB.Helper()
	c := a.Anonymous()
	c.Do("POST", "/api/v1/login", map[string]string{"username": username, "password": demo.Password}, http.StatusOK)
	return c
}

// Response is a decoded JSON response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r Response) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// Map decodes the body into a map.
func (r Response) Map() map[string]any {
	var m map[string]any
	json.Unmarshal(r.Body, &m)
	return m
}

// Request sends a request and returns the response whatever its status.
func (c *Client) Request(method, path string, body any) Response {
	c.app.TB.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.app.TB.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.app.URL+path, rd)
	if err != nil {
		c.app.TB.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.app.TB.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// Do sends a request and fails the test unless the status is want.
func (c *Client) Do(method, path string, body any, want int) Response {
	c.app.TB.Helper()
	r := c.Request(method, path, body)
	if r.Status != want {
		c.app.TB.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}
