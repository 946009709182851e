package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"tongban/internal/hall"
)

//go:embed all:templates
var templateFS embed.FS

// templates holds one template set per page: the layout, the shared
// partials and the page's own file, which defines "content".
type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	// days formats working days with two decimals; percent a share.
	"days":   func(d float64) string { return fmt.Sprintf("%.2f", d) },
	"mul100": func(f float64) float64 { return f * 100 },
	"percent": func(s hall.Share) string {
		if s.Total == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", s.Rate*100)
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m, nil
	},
}

func parseTemplates() (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}}
	shared := []string{"templates/layout.html"}
	partials, _ := fs.Glob(templateFS, "templates/_*.html")
	shared = append(shared, partials...)
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		base := path.Base(f)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		tt, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, append(shared, f)...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		t.pages[strings.TrimSuffix(base, ".html")] = tt
	}
	return t, nil
}

// render writes a page with the layout. Rendering into a buffer first means
// a template error becomes a clean 500 instead of half a page.
func (ui *UI) render(w http.ResponseWriter, status int, p *Page, name string) {
	t, ok := ui.tmpl.pages[name]
	if !ok {
		slog.Error("no such template", slog.String("name", name))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		slog.Error("render", slog.String("template", name), slog.Any("err", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
