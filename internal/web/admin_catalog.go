package web

// The catalog administration (事项目录管理, DOMAIN.md §5): the service items
// listed and searched, the whole catalog or one department's items
// exported as CSV or XLSX, and a catalog file imported all or nothing, every
// bad row listed. Package hall does the work, as for the JSON API; strings
// come from the catalog.* messages (and the item.* ones of the hall pages).

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"tongban/internal/access"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/storage"
)

func init() {
	register("GET /admin/catalog", false, func(ui *UI) handler { return ui.adminCatalog })
	registerLimited("POST /admin/catalog/import", false, maxCatalogFile+1<<20, func(ui *UI) handler { return ui.adminCatalogImport })
	register("GET /admin/catalog/export", false, func(ui *UI) handler { return ui.adminCatalogExport })
	addNav("/admin/catalog", "catalog.nav", string(org.Admin))
}

// catalogPerPage is how many items one page of the list shows.
const catalogPerPage = 50

// maxCatalogFile bounds an uploaded catalog file, as for the JSON API; the
// route takes a little more, so a file just over the limit gets this
// page's message rather than a bare 413.
const maxCatalogFile = hall.MaxCatalogFile

// maxCatalogQuery bounds the search text, as the JSON API does.
const maxCatalogQuery = 100

type catalogList struct {
	Rows        []catalogRow
	Departments []option
	Kinds       []option
	Depths      []option
	Total       int // items in the catalog
	Matching    int // items the filters select
	Filtered    bool
	Department  string // the filter's department name, for the export links
	First, Next string
	Export      []exportLink
	Problems    []importProblem
	MaxMiB      int
}

type catalogRow struct {
	Code, Name, Department, Kind, Depth, Promised string
	Active, LeagueWide                            bool
}

type exportLink struct {
	Label, Href string
}

// importProblem is one bad row (or cell) of an imported file.
type importProblem struct {
	File, Row, Column, Field, Reason string
}

func (ui *UI) adminCatalog(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCatalog); err != nil {
		return err
	}
	if n, ok := formInt(r.URL.Query().Get("imported")); ok && n >= 0 {
		p.Notice = p.T("catalog.admin.imported", "count", n)
	}
	return ui.renderCatalog(w, r, p, r.URL.Query(), http.StatusOK, nil)
}

// renderCatalog shows one page of the items the query selects, with the
// import form and, after a failed import, its problems.
func (ui *UI) renderCatalog(w http.ResponseWriter, r *http.Request, p *Page, q url.Values, status int, problems []importProblem) error {
	ctx := r.Context()
	depts, err := ui.st.Departments(ctx)
	if err != nil {
		return err
	}
	d := catalogList{Problems: problems, MaxMiB: maxCatalogFile >> 20}
	names := make(map[string]string, len(depts))
	for _, dp := range depts {
		names[dp.Key] = dp.NameZH
		d.Departments = append(d.Departments, option{dp.Key, dp.NameZH})
	}
	for _, k := range catalog.Kinds {
		d.Kinds = append(d.Kinds, option{string(k), p.T("item.kind." + string(k))})
	}
	for _, dp := range catalog.OnlineDepths {
		d.Depths = append(d.Depths, option{string(dp), p.T("item.depth." + string(dp))})
	}

	// The filters; a value the selects could not have sent is ignored.
	f := storage.ItemFilter{}
	if text := []rune(strings.TrimSpace(q.Get("q"))); len(text) > 0 {
		f.Text = string(text[:min(len(text), maxCatalogQuery)])
		p.Form.Set("q", f.Text)
	}
	if v := q.Get("department"); names[v] != "" {
		f.Department = v
		d.Department = names[v]
		p.Form.Set("department", v)
	}
	if k, ok := catalog.ParseKind(q.Get("kind")); ok {
		f.Kind = string(k)
		p.Form.Set("kind", f.Kind)
	}
	if dp, ok := catalog.ParseOnlineDepth(q.Get("online_depth")); ok {
		f.OnlineDepth = string(dp)
		p.Form.Set("online_depth", f.OnlineDepth)
	}
	if v := q.Get("active"); v == "1" || v == "0" {
		active := v == "1"
		f.Active = &active
		p.Form.Set("active", v)
	}
	d.Filtered = f != storage.ItemFilter{}

	if d.Total, err = ui.st.CountItems(ctx); err != nil {
		return err
	}
	d.Matching = d.Total
	if d.Filtered {
		// Storage has no filtered count; the filtered set is what a
		// department, kind or search selects, a fraction of the catalog.
		all, _, err := ui.st.Items(ctx, f)
		if err != nil {
			return err
		}
		d.Matching = len(all)
	}
	page := f
	page.After, page.Limit = strings.TrimSpace(q.Get("cursor")), catalogPerPage
	items, next, err := ui.st.Items(ctx, page)
	if err != nil {
		return err
	}
	for _, it := range items {
		row := catalogRow{Code: it.Code, Name: p.Name(it.NameZH, it.NameMN), Department: names[it.Department],
			Kind: p.T("item.kind." + string(it.Kind)), Depth: p.T("item.depth." + string(it.OnlineDepth)),
			Promised: p.T("item.limit.days", "n", it.PromisedDays), Active: it.Active, LeagueWide: it.LeagueWide}
		if row.Department == "" {
			row.Department = it.Department
		}
		if it.PromisedDays == 0 {
			row.Promised = p.T("item.limit.instant")
		}
		d.Rows = append(d.Rows, row)
	}
	link := func(cursor string) string {
		v := url.Values{}
		for _, k := range []string{"q", "department", "kind", "online_depth", "active"} {
			if x := p.Value(k); x != "" {
				v.Set(k, x)
			}
		}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		if len(v) == 0 {
			return "/admin/catalog"
		}
		return "/admin/catalog?" + v.Encode()
	}
	if next != "" {
		d.Next = link(next)
	}
	if page.After != "" {
		d.First = link("")
	}
	for _, format := range []string{hall.FormatCSV, hall.FormatXLSX} {
		d.Export = append(d.Export, exportLink{p.T("catalog.admin.export.all", "format", p.T("catalog.admin.export."+format)),
			"/admin/catalog/export?format=" + format})
	}
	if f.Department != "" {
		for _, format := range []string{hall.FormatCSV, hall.FormatXLSX} {
			d.Export = append(d.Export, exportLink{p.T("catalog.admin.export.department", "department", d.Department, "format", p.T("catalog.admin.export."+format)),
				"/admin/catalog/export?" + url.Values{"format": {format}, "department": {f.Department}}.Encode()})
		}
	}
	p.Title = p.T("catalog.admin.title")
	p.Data = d
	ui.render(w, status, p, "admin_catalog")
	return nil
}

// adminCatalogImport imports an uploaded catalog file. The hall service
// imports all of it or, with one bad row, nothing; the page then lists
// every problem with its file, row and column.
func (ui *UI) adminCatalogImport(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCatalog); err != nil {
		return err
	}
	fileError := func(status int, msg string) error {
		p.Errors["file"] = msg
		p.Message = p.T("error.invalid")
		return ui.renderCatalog(w, r, p, url.Values{}, status, nil)
	}
	tooLarge := func() error {
		return fileError(http.StatusRequestEntityTooLarge, p.T("catalog.admin.error.too_large", "mib", maxCatalogFile>>20))
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge()
		}
		return fileError(http.StatusBadRequest, p.T("admin.import.error.file"))
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		return fileError(http.StatusBadRequest, p.T("admin.import.error.file"))
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxCatalogFile+1))
	if err != nil {
		return err
	}
	if len(b) > maxCatalogFile {
		return tooLarge()
	}
	name := path.Base(strings.ReplaceAll(header.Filename, `\`, "/"))
	if name == "" || name == "." || name == "/" || len([]rune(name)) > 200 {
		name = "catalog"
	}
	n, err := ui.hall().ImportCatalog(r.Context(), p.subject(), name, b)
	if err != nil {
		problems, count := catalogProblems(p, err)
		if problems == nil {
			return err
		}
		p.Message = p.T("catalog.admin.import.failed", "file", name, "count", count)
		return ui.renderCatalog(w, r, p, url.Values{}, http.StatusBadRequest, problems)
	}
	redirect(w, r, "/admin/catalog?imported="+strconv.Itoa(n))
	return nil
}

// catalogProblems turns the errors of a failed import into table rows in
// the user's language, and counts the problems (including those the
// importer left out of its list); nil when err is not about the file.
// A reason is shown from its message key (reason_key, reason_args) when
// the catalog has that message, else in the importer's English words.
func catalogProblems(p *Page, err error) ([]importProblem, int) {
	var list fault.List
	if !errors.As(err, &list) {
		fe := fault.As(err)
		if fe == nil || fe.Code != fault.Invalid {
			return nil, 0
		}
		list = fault.List{fe}
	}
	out := make([]importProblem, 0, len(list))
	count := 0
	for _, e := range list {
		arg := func(k string) string {
			if v, ok := e.Args[k]; ok {
				return fmt.Sprint(v)
			}
			return ""
		}
		switch e.Key {
		case "catalog.import.cell":
			pr := importProblem{File: arg("file"), Row: arg("row"), Column: arg("column"), Reason: arg("reason")}
			if key, _ := e.Args["reason_key"].(string); key != "" && p.ui.cat.Has(p.Lang, key) {
				args, _ := e.Args["reason_args"].(map[string]any)
				pr.Reason = p.ui.cat.T(p.Lang, key, catalogReasonArgs(p, args))
			}
			if name := arg("name"); name != "" {
				pr.Field = name
				if id := "catalog.column." + name; p.ui.cat.Has(p.Lang, id) {
					pr.Field = p.T(id)
				}
			}
			out = append(out, pr)
			count++
		case "catalog.import.more":
			out = append(out, importProblem{File: arg("file"), Reason: hallText(p, e)})
			if n, ok := e.Args["count"].(int); ok {
				count += n
			}
		case "":
			// No key: the domain's own message, which names the file.
			out = append(out, importProblem{Reason: e.Message})
			count++
		default:
			out = append(out, importProblem{Reason: hallText(p, e)})
			count++
		}
	}
	return out, count
}

// catalogReasonArgs makes the arguments of a catalog.reason.* message
// printable in the page language: "field" names another column and "kind"
// an item kind, shown by their translated names when the catalog has them.
func catalogReasonArgs(p *Page, args map[string]any) map[string]any {
	out := hallArgs(args)
	for arg, prefix := range map[string]string{"field": "catalog.column.", "kind": "item.kind."} {
		if v, ok := out[arg].(string); ok && p.ui.cat.Has(p.Lang, prefix+v) {
			out[arg] = p.T(prefix + v)
		}
	}
	return out
}

// adminCatalogExport sends the catalog (or one department's items) as a
// CSV or XLSX attachment, in the format the import reads back.
func (ui *UI) adminCatalogExport(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCatalog); err != nil {
		return err
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = hall.FormatCSV
	}
	ct := map[string]string{hall.FormatCSV: "text/csv; charset=utf-8",
		hall.FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[format]
	if ct == "" {
		return fault.Invalidf("format", "%q is not csv or xlsx", format)
	}
	dept := q.Get("department")
	filename := "catalog." + format
	if dept != "" {
		ds, err := ui.st.Departments(r.Context())
		if err != nil {
			return err
		}
		known := false
		for _, d := range ds {
			known = known || d.Key == dept
		}
		if !known {
			return fault.NotFoundf("department %q not found", dept)
		}
		// Department keys are lower-case letters, digits, '-' and '_'
		// (storage.SaveDepartments), safe in a quoted file name.
		filename = "catalog-" + dept + "." + format
	}
	aw := &attachment{w: w, start: func(h http.Header) {
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
		h.Set("Cache-Control", "no-store")
	}}
	if err := ui.hall().ExportCatalog(r.Context(), aw, format, dept); err != nil {
		if !aw.started {
			return err
		}
		// Part of the file is out: the status cannot change any more, so
		// the connection is cut and the browser reports a failed download
		// instead of saving a truncated file as if it were whole.
		slog.ErrorContext(r.Context(), "catalog export", slog.String("format", format), slog.Any("err", err))
		panic(http.ErrAbortHandler)
	}
	if !aw.started {
		aw.start(w.Header())
	}
	return nil
}

// attachment writes a download: its headers go out with the first byte,
// so an error before any byte can still become an error page.
type attachment struct {
	w       http.ResponseWriter
	start   func(http.Header)
	started bool
}

func (a *attachment) Write(b []byte) (int, error) {
	if !a.started {
		a.started = true
		a.start(a.w.Header())
	}
	return a.w.Write(b)
}
