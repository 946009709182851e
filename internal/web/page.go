package web

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/locale"
	"tongban/internal/storage"
)

// Page is what every template receives: the request's language, who is
// signed in, the form as the user typed it, field errors and the page's
// own data.
type Page struct {
	ui        *UI
	Lang      locale.Lang
	Principal *storage.Principal
	Subject   *access.Subject
	Title     string
	Path      string
	Message   string            // an error or notice for the whole page
	Notice    string            // a success notice
	Form      url.Values        // what the user typed, re-shown after an error
	Errors    map[string]string // field name → translated error
	Data      any
}

// T translates a message ID; args are name/value pairs:
// {{.T "home.welcome" "name" .Principal.Staff.DisplayName}}.
func (p *Page) T(id string, args ...any) string {
	var m map[string]any
	if len(args) > 0 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return p.ui.cat.T(p.Lang, id, m)
}

// Tag is the BCP 47 tag for <html lang>.
func (p *Page) Tag() string { return p.Lang.Tag() }

// Mongolian reports whether the page is in Mongolian (vertical body text).
func (p *Page) Mongolian() bool { return p.Lang == locale.MN }

// Value returns what the user typed in a field, for re-showing a form.
func (p *Page) Value(field string) string { return p.Form.Get(field) }

// Err returns the translated error of a field, "" when it has none.
func (p *Page) Err(field string) string { return p.Errors[field] }

// Time formats an instant in Alxa's time zone for the page's language.
func (p *Page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(alxa).Format("2006-01-02 15:04")
}

// Date formats the date of an instant.
func (p *Page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(alxa).Format("2006-01-02")
}

var alxa = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// Asset returns the URL of a static file with its content hash, so browsers
// may cache it for ever.
func (p *Page) Asset(name string) string { return assetURL(name) }

// ErrorText translates an error for the user: the domain's message key when
// it has one, else the generic text for its code.
func (p *Page) ErrorText(err error) string {
	fe := fault.As(err)
	if fe != nil && fe.Key != "" && p.ui.cat.Has(p.Lang, fe.Key) {
		return p.ui.cat.T(p.Lang, fe.Key, fe.Args)
	}
	return p.T("error." + string(fault.CodeOf(err)))
}

// SetErrors records a domain error as field errors in the user's language:
// each invalid field gets the field's own message if the catalog has one
// (field.NAME.invalid), else a generic one naming the field's label
// (field.NAME). It returns false for errors that are not about fields.
func (p *Page) SetErrors(err error) bool {
	var list fault.List
	if errors.As(err, &list) {
		for _, e := range list {
			p.fieldError(e)
		}
	} else if fe := fault.As(err); fe != nil && fe.Code == fault.Invalid && fe.Field != "" {
		p.fieldError(fe)
	} else {
		return false
	}
	p.Message = p.T("error.invalid")
	return true
}

func (p *Page) fieldError(e *fault.Error) {
	f := e.Field
	switch {
	case e.Key != "" && p.ui.cat.Has(p.Lang, e.Key):
		p.Errors[f] = p.ui.cat.T(p.Lang, e.Key, e.Args)
	case p.ui.cat.Has(p.Lang, "field."+f+".invalid"):
		p.Errors[f] = p.T("field." + f + ".invalid")
	default:
		label := f
		if p.ui.cat.Has(p.Lang, "field."+f) {
			label = p.T("field." + f)
		}
		p.Errors[f] = p.T("error.field", "field", label)
	}
}

// Name picks the name to show in the page's language: the Mongolian name
// when the page is Mongolian and one exists, else the Chinese one.
func (p *Page) Name(zh, mn string) string {
	if p.Lang == locale.MN && mn != "" {
		return mn
	}
	return zh
}
