package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"tongban/internal/auth"
	"tongban/internal/demo"
)

// client is the load generator's HTTP side: one keep-alive connection per
// worker, signed in as one account.
type client struct {
	base   string
	hc     *http.Client
	cookie string // "tongban_session=…"
}

func newClient(base string, conns int) *client {
	tr := &http.Transport{
		Proxy:               nil, // loopback; never through an HTTP_PROXY from the environment
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * conns,
		MaxIdleConnsPerHost: 2 * conns, // the default of 2 would close and redial most connections
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

func (c *client) close() { c.hc.CloseIdleConnections() }

// login signs a demo account in through the API and keeps its session
// cookie.
func (c *client) login(ctx context.Context, username string) error {
	body, _ := json.Marshal(map[string]string{"username": username, "password": demo.Password})
	status, resp, hdr, err := c.post(ctx, "/api/v1/login", body)
	if err != nil {
		return fmt.Errorf("login as %s: %w", username, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("login as %s: status %d: %s", username, status, snippet(resp))
	}
	for _, ck := range (&http.Response{Header: hdr}).Cookies() {
		if ck.Name == auth.CookieName {
			c.cookie = ck.Name + "=" + ck.Value
			return nil
		}
	}
	return fmt.Errorf("login as %s: no %s cookie in the response", username, auth.CookieName)
}

// order registers an order and dispatches it. ok is false if either
// request failed; the failure is in errs.
func (c *client) order(ctx context.Context, o order, errs *errorLog) (s sample, ok bool) {
	t0 := time.Now()
	status, body, hdr, err := c.post(ctx, "/api/v1/orders", o.register)
	s.registered = time.Now()
	s.register = s.registered.Sub(t0)
	if err != nil {
		if ctx.Err() == nil {
			errs.add("register: %v", err)
		}
		return s, false
	}
	no := strings.TrimPrefix(hdr.Get("Location"), "/api/v1/orders/")
	if status != http.StatusCreated || no == "" {
		errs.add("register: status %d: %s", status, snippet(body))
		return s, false
	}
	t1 := time.Now()
	status, body, _, err = c.post(ctx, "/api/v1/orders/"+no+"/dispatch", o.dispatch)
	s.done = time.Now()
	s.dispatch = s.done.Sub(t1)
	if err != nil {
		if ctx.Err() == nil {
			errs.add("dispatch %s: %v", no, err)
		}
		return s, false
	}
	if status != http.StatusOK {
		errs.add("dispatch %s: status %d: %s", no, status, snippet(body))
		return s, false
	}
	return s, true
}

// post sends a JSON body and reads the whole response, so that the
// connection goes back to the pool for the next request.
func (c *client) post(ctx context.Context, path string, body []byte) (int, []byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookie)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 300 {
		_, err := io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil, resp.Header, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, b, resp.Header, nil
}

func snippet(b []byte) string {
	const limit = 300
	r := []rune(strings.TrimSpace(string(b)))
	if len(r) > limit {
		return string(r[:limit]) + "…"
	}
	return string(r)
}
