// Package auth signs staff in and recognises them on later requests: session
// cookies for the web UI, bearer tokens for systems. Only hashes of tokens
// are stored, so a copy of the database cannot be used to sign in.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/storage"
)

// CookieName is the session cookie.
const CookieName = "tongban_session"

// SessionLength is how long a session lasts.
const SessionLength = 12 * time.Hour

// NewToken returns a random token and the hash that is stored for it.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Hash(token)
}

// Hash returns the stored form of a token.
func Hash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Auth signs people in and resolves requests to principals.
type Auth struct {
	st       *storage.Store
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	now      func() time.Time
	// dummy is a real hash checked for unknown users, so a login takes as
	// long whether or not the account exists.
	dummy string
	// recent remembers who holds a token for a few seconds: every request
	// resolves its principal, and the lookup is a three-table join. Logout
	// forgets at once; other changes (an account disabled, moved to another
	// unit) take effect within principalTTL.
	recent sync.Map // token hash → cachedPrincipal
}

const principalTTL = 5 * time.Second

type cachedPrincipal struct {
	p       storage.Principal
	expires time.Time
}

// New returns an Auth over the store.
func New(st *storage.Store) *Auth {
	d, _ := org.HashPassword("not-a-real-password")
	return &Auth{st: st, limiters: map[string]*rate.Limiter{}, now: time.Now, dummy: d}
}

// allow rate-limits login attempts: 5 at once then one every 12 s per
// account, 20 at once then one every 3 s per address.
func (a *Auth) allow(key string, every time.Duration, burst int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	l := a.limiters[key]
	if l == nil {
		if len(a.limiters) > 100000 { // bounded memory under a spray of names
			a.limiters = map[string]*rate.Limiter{}
		}
		l = rate.NewLimiter(rate.Every(every), burst)
		a.limiters[key] = l
	}
	return l.Allow()
}

// Session is a new signed-in session.
type Session struct {
	Token     string
	CSRF      string
	Principal storage.Principal
	Expires   time.Time
}

// Login checks a username and password and opens a session.
func (a *Auth) Login(ctx context.Context, username, password, remote string) (Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	if !a.allow("user:"+username, 12*time.Second, 5) || !a.allow("addr:"+host, 3*time.Second, 20) {
		return Session{}, fault.New(fault.RateLimited, "too many sign-in attempts; wait a minute").WithKey("login.rate_limited", nil)
	}
	st, hash, err := a.st.StaffByUsername(ctx, username)
	if fault.Is(err, fault.NotFound) {
		org.CheckPassword(a.dummy, password)
		return Session{}, badLogin()
	}
	if err != nil {
		return Session{}, err
	}
	if !org.CheckPassword(hash, password) || !st.Active {
		return Session{}, badLogin()
	}
	token, th := NewToken()
	csrf, _ := NewToken()
	exp := a.now().Add(SessionLength)
	if err := a.st.CreateSession(ctx, th, st.ID, csrf, exp); err != nil {
		return Session{}, err
	}
	p, err := a.st.SessionPrincipal(ctx, th, a.now())
	if err != nil {
		return Session{}, err
	}
	return Session{Token: token, CSRF: csrf, Principal: p, Expires: exp}, nil
}

func badLogin() error {
	return fault.New(fault.Unauthorized, "wrong username or password").WithKey("login.failed", nil)
}

// Logout ends the session of a cookie token.
func (a *Auth) Logout(ctx context.Context, token string) error {
	a.recent.Delete("s:" + Hash(token))
	return a.st.DeleteSession(ctx, Hash(token))
}

// ForgetStaff drops the remembered principals of an account, after a change
// to it that the next request must see (its language, role or unit).
func (a *Auth) ForgetStaff(staffID int64) {
	a.recent.Range(func(k, v any) bool {
		if v.(cachedPrincipal).p.Staff.ID == staffID {
			a.recent.Delete(k)
		}
		return true
	})
}

// cached returns a principal looked up within principalTTL, or looks it up.
func (a *Auth) cached(key string, lookup func() (storage.Principal, error)) (storage.Principal, error) {
	now := a.now()
	if v, ok := a.recent.Load(key); ok {
		if c := v.(cachedPrincipal); now.Before(c.expires) {
			return c.p, nil
		}
		a.recent.Delete(key)
	}
	p, err := lookup()
	if err == nil {
		a.recent.Store(key, cachedPrincipal{p, now.Add(principalTTL)})
	}
	return p, err
}

type ctxKey struct{}

// Principal returns the principal a request was authenticated as.
func Principal(ctx context.Context) (storage.Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(storage.Principal)
	return p, ok
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p storage.Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// Subject converts a principal for the access package.
func Subject(p storage.Principal) access.Subject {
	return access.Subject{StaffID: p.Staff.ID, Role: p.Staff.Role, UnitID: p.Unit.ID, UnitKind: p.Unit.Kind, UnitRegion: p.Unit.RegionCode}
}

// Resolve finds the principal of a request from its bearer token or
// session cookie. It returns fault.Unauthorized when there is none.
func (a *Auth) Resolve(r *http.Request) (storage.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || tok == "" {
			return storage.Principal{}, fault.New(fault.Unauthorized, "Authorization header must be 'Bearer TOKEN'")
		}
		h := Hash(tok)
		return a.cached("t:"+h, func() (storage.Principal, error) { return a.st.TokenPrincipal(r.Context(), h, a.now()) })
	}
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return storage.Principal{}, fault.New(fault.Unauthorized, "not signed in").WithKey("login.required", nil)
	}
	h := Hash(c.Value)
	return a.cached("s:"+h, func() (storage.Principal, error) { return a.st.SessionPrincipal(r.Context(), h, a.now()) })
}

// SetCookie writes the session cookie: HttpOnly, SameSite=Lax, Secure when
// the request came over TLS.
func SetCookie(w http.ResponseWriter, r *http.Request, s Session) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: s.Token, Path: "/", Expires: s.Expires, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

// ClearCookie removes the session cookie.
func ClearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}
