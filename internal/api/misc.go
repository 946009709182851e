package api

import (
	"net/http"
	"strconv"
	"time"

	"tongban/internal/access"
	"tongban/internal/auth"
	"tongban/internal/fault"
	"tongban/internal/server"
	"tongban/internal/storage"
)

func writeJSON(w http.ResponseWriter, status int, v any) { server.WriteJSON(w, status, v) }

// LoginRequest is the body of POST /login.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// MeResponse describes the signed-in person.
type MeResponse struct {
	Staff any    `json:"staff"`
	Unit  any    `json:"unit"`
	CSRF  string `json:"csrf,omitempty"`
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var req LoginRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	var errs fault.List
	if req.Username == "" {
		errs.Add("username", "is required")
	}
	if req.Password == "" {
		errs.Add("password", "is required")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	s, err := a.auth.Login(r.Context(), req.Username, req.Password, r.RemoteAddr)
	if err != nil {
		return err
	}
	auth.SetCookie(w, r, s)
	writeJSON(w, http.StatusOK, MeResponse{Staff: s.Principal.Staff, Unit: s.Principal.Unit, CSRF: s.CSRF})
	return nil
}

func (a *API) logout(w http.ResponseWriter, r *http.Request, _ storage.Principal, _ access.Subject) error {
	if c, err := r.Cookie(auth.CookieName); err == nil {
		if err := a.auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	auth.ClearCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request, p storage.Principal, _ access.Subject) error {
	writeJSON(w, http.StatusOK, MeResponse{Staff: p.Staff, Unit: p.Unit})
	return nil
}

// TokenRequest is the body of POST /tokens.
type TokenRequest struct {
	Name    string `json:"name"`
	StaffID int64  `json:"staff_id,omitempty"` // administrators may issue tokens for system accounts
	Days    int    `json:"days,omitempty"`     // 0: no expiry
}

// TokenResponse returns a new bearer token; it is shown once.
type TokenResponse struct {
	Token string `json:"token"`
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, p storage.Principal, sub access.Subject) error {
	var req TokenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Name == "" || len(req.Name) > 100 {
		return fault.Invalidf("name", "must be 1 to 100 characters")
	}
	if req.Days < 0 || req.Days > 3650 {
		return fault.Invalidf("days", "must be from 0 to 3650")
	}
	staff := p.Staff.ID
	if req.StaffID != 0 && req.StaffID != staff {
		if err := access.Require(sub, access.ManageTokens); err != nil {
			return err
		}
		staff = req.StaffID
	}
	var exp time.Time
	if req.Days > 0 {
		exp = time.Now().AddDate(0, 0, req.Days)
	}
	tok, hash := auth.NewToken()
	if err := a.st.CreateToken(r.Context(), hash, staff, req.Name, exp); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, TokenResponse{Token: tok})
	return nil
}

func (a *API) units(w http.ResponseWriter, r *http.Request, _ storage.Principal, _ access.Subject) error {
	us, err := a.st.Units(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": us})
	return nil
}

func (a *API) regions(w http.ResponseWriter, r *http.Request, _ storage.Principal, _ access.Subject) error {
	t := a.svc.Regions()
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return fault.Invalidf("limit", "must be from 1 to 500")
		}
		limit = n
	}
	var out any
	switch {
	case q.Get("q") != "":
		out = t.Search(q.Get("q"), limit)
	case q.Get("parent") != "":
		if _, ok := t.Get(q.Get("parent")); !ok {
			return fault.NotFoundf("region %s not found", q.Get("parent"))
		}
		out = t.Children(q.Get("parent"))
	default:
		out = t.Roots()
	}
	writeJSON(w, http.StatusOK, map[string]any{"regions": out})
	return nil
}

func (a *API) categories(w http.ResponseWriter, r *http.Request, _ storage.Principal, _ access.Subject) error {
	cs, err := a.st.Categories(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"categories": cs})
	return nil
}

// CategoriesRequest replaces the category tree.
type CategoriesRequest struct {
	Categories []storage.Category `json:"categories"`
}

func (a *API) replaceCategories(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := access.Require(sub, access.ManageCategories); err != nil {
		return err
	}
	var req CategoriesRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if len(req.Categories) == 0 {
		return fault.Invalidf("categories", "must not be empty: an empty tree would retire every category")
	}
	if err := a.st.ReplaceCategories(r.Context(), req.Categories); err != nil {
		return err
	}
	a.svc.ReloadCategories()
	return a.categories(w, r, storage.Principal{}, sub)
}

func (a *API) deadlineOverrides(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := access.Require(sub, access.ManageDeadlines); err != nil {
		return err
	}
	ovs, err := a.st.DeadlineOverrides(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"overrides": ovs})
	return nil
}

func (a *API) setDeadlineOverride(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := access.Require(sub, access.ManageDeadlines); err != nil {
		return err
	}
	var o storage.DeadlineOverride
	if err := decode(r, &o); err != nil {
		return err
	}
	if err := a.st.SetDeadlineOverride(r.Context(), o); err != nil {
		return err
	}
	if err := a.svc.ReloadPolicy(r.Context()); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}
