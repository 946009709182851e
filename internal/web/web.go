// Package web is the server-rendered UI: one route table, one file per
// page (or group of pages), html/template templates and static files
// embedded in the binary, and every string from the locale catalogs.
//
// Pages work without JavaScript: every main form is a plain POST that
// redirects on success (post/redirect/get) and re-renders with field errors
// and the user's input on failure. htmx, where a page uses it, only makes
// the same requests without a full reload.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"tongban/internal/access"
	"tongban/internal/auth"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/hotline"
	"tongban/internal/locale"
	"tongban/internal/storage"
)

// UI holds what the pages need.
type UI struct {
	svc  *hotline.Service
	apps *hall.Service
	st   *storage.Store
	auth *auth.Auth
	cat  *locale.Catalog
	tmpl *templates
}

// LangCookie remembers the language choice of someone not signed in.
const LangCookie = "tongban_lang"

// handler serves a page; an error it returns is rendered as an error page
// in the user's language.
type handler func(w http.ResponseWriter, r *http.Request, p *Page) error

// Mount registers the UI's routes on mux.
func Mount(mux *http.ServeMux, svc *hotline.Service, apps *hall.Service, a *auth.Auth) error {
	cat, err := locale.Default()
	if err != nil {
		return err
	}
	tm, err := parseTemplates()
	if err != nil {
		return err
	}
	ui := &UI{svc: svc, apps: apps, st: svc.Store(), auth: a, cat: cat, tmpl: tm}
	cop := http.NewCrossOriginProtection()
	// public pages: anyone; staff pages: signed in (redirect to /login).
	public := func(pattern string, limit int64, h handler) {
		mux.Handle(pattern, cop.Handler(ui.wrap(h, false, limit)))
	}
	staff := func(pattern string, limit int64, h handler) {
		mux.Handle(pattern, cop.Handler(ui.wrap(h, true, limit)))
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	public("GET /{$}", MaxBody, ui.home)
	public("GET /login", MaxBody, ui.loginForm)
	public("POST /login", MaxBody, ui.login)
	public("POST /logout", MaxBody, ui.logout)
	public("POST /lang", MaxBody, ui.setLang)
	ui.routes(public, staff)
	return nil
}

// routes registers the pages of the lines of work; each page file adds its
// own lines here.
func (ui *UI) routes(public, staff func(string, int64, handler)) {
	for _, r := range pageRoutes {
		if r.public {
			public(r.pattern, r.limit, r.h(ui))
		} else {
			staff(r.pattern, r.limit, r.h(ui))
		}
	}
}

// pageRoute is a route a page file registers from its init function, so
// page files can be added without editing a shared table.
type pageRoute struct {
	pattern string
	public  bool
	limit   int64 // the largest request body
	h       func(ui *UI) handler
}

var pageRoutes []pageRoute

// MaxBody is the largest request body of a page, enough for a form with
// an attachment; routes that take several files register a larger limit.
const MaxBody = 12 << 20

// register adds a page route; call it from a page file's init.
func register(pattern string, public bool, h func(ui *UI) handler) {
	registerLimited(pattern, public, MaxBody, h)
}

// registerLimited adds a page route whose requests may carry up to limit
// bytes.
func registerLimited(pattern string, public bool, limit int64, h func(ui *UI) handler) {
	pageRoutes = append(pageRoutes, pageRoute{pattern, public, limit, h})
}

func (ui *UI) wrap(h handler, needStaff bool, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		p := ui.newPage(r)
		if needStaff && p.Principal == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
		if err := h(w, r, p); err != nil {
			ui.renderError(w, r, p, err)
		}
	})
}

// newPage builds the request's view context: who is signed in and which
// language to speak. The user's explicit choice wins: the stored language
// of a staff account, else the language cookie, else Chinese.
func (ui *UI) newPage(r *http.Request) *Page {
	p := &Page{ui: ui, Lang: locale.ZH, Path: r.URL.Path, Form: url.Values{}, Errors: map[string]string{}}
	if pr, err := ui.auth.Resolve(r); err == nil {
		p.Principal = &pr
		sub := auth.Subject(pr)
		p.Subject = &sub
		if l := locale.Parse(pr.Staff.Lang); l != "" {
			p.Lang = l
		}
	} else if c, err := r.Cookie(LangCookie); err == nil {
		if l := locale.Parse(c.Value); l != "" {
			p.Lang = l
		}
	}
	return p
}

func (ui *UI) renderError(w http.ResponseWriter, r *http.Request, p *Page, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the browser went away (a newer navigation): nobody reads the page
	}
	code := fault.CodeOf(err)
	status := map[fault.Code]int{fault.Invalid: 400, fault.NotFound: 404, fault.Conflict: 409, fault.Forbidden: 403,
		fault.Unauthorized: 401, fault.TooLarge: 413, fault.RateLimited: 429, fault.Unavailable: 503}[code]
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, status = fault.TooLarge, 413
	}
	if status == 0 {
		status = 500
		slog.ErrorContext(r.Context(), "page error", slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	if code == fault.Unauthorized {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p.Title = p.T("error.title")
	p.Message = p.ErrorText(err)
	ui.render(w, status, p, "error")
}

// subject returns the signed-in subject; staff routes guarantee one.
func (p *Page) subject() access.Subject {
	if p.Subject == nil {
		return access.Subject{}
	}
	return *p.Subject
}

// redirect sends a POST's browser on with 303 See Other (post/redirect/get).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") {
		to = "/"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// navItem is a link in the header for the roles that use it.
type navItem struct {
	Path  string
	Label string // message ID
	roles []string
}

var navItems []navItem

// addNav adds a header link for the given roles ("*" for every signed-in
// role, "public" for people not signed in); call it from a page file's init.
func addNav(path, label string, roles ...string) {
	navItems = append(navItems, navItem{Path: path, Label: label, roles: roles})
}

// Nav returns the header links for the page's viewer.
func (p *Page) Nav() []navItem {
	var out []navItem
	for _, n := range navItems {
		for _, r := range n.roles {
			if r == "*" && p.Principal != nil || r == "public" && p.Principal == nil ||
				p.Principal != nil && r == string(p.Principal.Staff.Role) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}
