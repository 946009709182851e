package web

import (
	"net/http"
	"strings"

	"tongban/internal/auth"
	"tongban/internal/fault"
	"tongban/internal/locale"
	"tongban/internal/org"
)

func (ui *UI) loginForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title = p.T("login.title")
	p.Form.Set("next", r.URL.Query().Get("next"))
	ui.render(w, http.StatusOK, p, "login")
	return nil
}

func (ui *UI) login(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Title = p.T("login.title")
	p.Form.Set("username", r.PostForm.Get("username"))
	p.Form.Set("next", r.PostForm.Get("next"))
	user, pw := strings.TrimSpace(r.PostForm.Get("username")), r.PostForm.Get("password")
	if user == "" {
		p.Errors["username"] = p.T("error.field", "field", p.T("login.username"))
	}
	if pw == "" {
		p.Errors["password"] = p.T("error.field", "field", p.T("login.password"))
	}
	if len(p.Errors) > 0 {
		ui.render(w, http.StatusBadRequest, p, "login")
		return nil
	}
	s, err := ui.auth.Login(r.Context(), user, pw, r.RemoteAddr)
	if err != nil {
		if c := fault.CodeOf(err); c != fault.Unauthorized && c != fault.RateLimited {
			return err
		}
		p.Message = p.ErrorText(err)
		ui.render(w, map[bool]int{true: 429, false: 401}[fault.Is(err, fault.RateLimited)], p, "login")
		return nil
	}
	auth.SetCookie(w, r, s)
	next := r.PostForm.Get("next")
	if next == "" {
		next = "/"
	}
	redirect(w, r, next)
	return nil
}

func (ui *UI) logout(w http.ResponseWriter, r *http.Request, p *Page) error {
	if c, err := r.Cookie(auth.CookieName); err == nil {
		if err := ui.auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	auth.ClearCookie(w, r)
	redirect(w, r, "/login")
	return nil
}

// setLang records the language choice: on the account when signed in, in a
// cookie otherwise.
func (ui *UI) setLang(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	l := locale.Parse(r.PostForm.Get("lang"))
	if l == "" {
		return fault.Invalidf("lang", "must be zh or mn")
	}
	if p.Principal != nil {
		if err := ui.st.SetStaffLang(r.Context(), p.Principal.Staff.ID, string(l)); err != nil {
			return err
		}
		ui.auth.ForgetStaff(p.Principal.Staff.ID)
	}
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	redirect(w, r, r.PostForm.Get("back"))
	return nil
}

// homes is where each role starts.
var homes = map[org.Role]string{}

// home sends a signed-in person to their desk and everyone else to the
// citizen portal.
func (ui *UI) home(w http.ResponseWriter, r *http.Request, p *Page) error {
	if p.Principal == nil {
		if _, ok := pageRouteExists("GET /portal"); ok {
			redirect(w, r, "/portal")
			return nil
		}
		redirect(w, r, "/login")
		return nil
	}
	if to, ok := homes[p.Principal.Staff.Role]; ok {
		redirect(w, r, to)
		return nil
	}
	p.Title = p.T("home.title")
	ui.render(w, http.StatusOK, p, "home")
	return nil
}

func pageRouteExists(pattern string) (pageRoute, bool) {
	for _, r := range pageRoutes {
		if r.pattern == pattern {
			return r, true
		}
	}
	return pageRoute{}, false
}
