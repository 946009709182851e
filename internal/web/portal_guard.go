package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// portalState is what the citizen portal keeps per mounted UI: rate
// limiters per client address. It hangs off the UI through a map so the
// portal needs no field in the shared UI struct; tests start many servers
// in one process, all from 127.0.0.1, and must not share limiters.
type portalState struct {
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

var portalStates sync.Map // *UI → *portalState

func (ui *UI) portal() *portalState {
	if s, ok := portalStates.Load(ui); ok {
		return s.(*portalState)
	}
	s, _ := portalStates.LoadOrStore(ui, &portalState{limiters: map[string]*rate.Limiter{}})
	return s.(*portalState)
}

// The portal's limits per client address. Submissions: 10 at once, then one
// a minute, enough for a family or an office behind one address and far
// too few for a flood. Look-ups: 20 at once, then one every 3 s, which
// makes guessing a caller's phone number for a known order number hopeless.
const (
	submitBurst = 10
	submitEvery = time.Minute
	trackBurst  = 20
	trackEvery  = 3 * time.Second
)

// allow reports whether the client at r may do one more thing of kind now.
func (s *portalState) allow(r *http.Request, kind string, every time.Duration, burst int) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := kind + ":" + host
	l := s.limiters[key]
	if l == nil {
		if len(s.limiters) > 100000 { // bounded memory under a spray of addresses
			s.limiters = map[string]*rate.Limiter{}
		}
		l = rate.NewLimiter(rate.Every(every), burst)
		s.limiters[key] = l
	}
	return l.Allow()
}

// trackKeySetting holds the secret that signs the links to an order's
// public page. It lives in the database so every server process behind
// one database accepts the links of the others.
const trackKeySetting = "portal_track_key"

func (ui *UI) trackKey(ctx context.Context) ([]byte, error) {
	k, err := ui.st.Setting(ctx, trackKeySetting, "")
	if err != nil {
		return nil, err
	}
	if k == "" {
		b := make([]byte, 32)
		rand.Read(b)
		if err := ui.st.SetSetting(ctx, trackKeySetting, hex.EncodeToString(b)); err != nil {
			return nil, err
		}
		// Read back: when two processes raced, both use the one that won.
		if k, err = ui.st.Setting(ctx, trackKeySetting, ""); err != nil {
			return nil, err
		}
	}
	return hex.DecodeString(k)
}

// trackToken proves that whoever holds it knew the order's number and its
// caller's phone: the public page of an order is reached only with it, so
// the phone never has to travel in a URL.
func trackToken(key []byte, no, phoneE164 string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("track\x00" + no + "\x00" + phoneE164))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:27]
}

func hmacEqual(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }
