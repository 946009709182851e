package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongban/internal/access"
	"tongban/internal/category"
	"tongban/internal/fault"
	"tongban/internal/storage"
)

func init() {
	register("GET /admin/categories", false, func(ui *UI) handler { return ui.adminCategories })
	register("POST /admin/categories/new", false, func(ui *UI) handler { return ui.adminCategoryAdd })
	register("POST /admin/categories/import", false, func(ui *UI) handler { return ui.adminCategoryImport })
	register("GET /admin/categories/{code}", false, func(ui *UI) handler { return ui.adminCategoryForm })
	register("POST /admin/categories/{code}", false, func(ui *UI) handler { return ui.adminCategorySave })
}

type categoryTree struct {
	Nodes    []*categoryNode
	Parents  []option // where a new category may go
	Active   int
	Total    int
	Problems []string // an import's errors, file:line: why
}

type categoryNode struct {
	Code, Name, NameMN string
	Active             bool
	Children           []*categoryNode
}

func buildCategoryTree(p *Page, cs []storage.Category) categoryTree {
	t := category.Tree(cs)
	d := categoryTree{Total: len(cs), Parents: []option{{"", p.T("admin.category.top")}}}
	var walk func(parent string, depth int) []*categoryNode
	walk = func(parent string, depth int) []*categoryNode {
		var out []*categoryNode
		for _, c := range t[parent] {
			n := &categoryNode{Code: c.Code, Name: c.NameZH, NameMN: c.NameMN, Active: c.Active}
			if c.Active {
				d.Active++
				if depth+1 < category.MaxDepth {
					d.Parents = append(d.Parents, option{c.Code, strings.Repeat("\u3000", depth) + p.Name(c.NameZH, c.NameMN) + " " + c.Code})
				}
			}
			n.Children = walk(c.Code, depth+1)
			out = append(out, n)
		}
		return out
	}
	d.Nodes = walk("", 0)
	return d
}

func (ui *UI) renderCategories(w http.ResponseWriter, r *http.Request, p *Page, status int, problems []string) error {
	cs, err := ui.st.Categories(r.Context())
	if err != nil {
		return err
	}
	d := buildCategoryTree(p, cs)
	d.Problems = problems
	p.Title = p.T("admin.categories.title")
	p.Data = d
	ui.render(w, status, p, "admin_categories")
	return nil
}

func (ui *UI) adminCategories(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCategories); err != nil {
		return err
	}
	q := r.URL.Query()
	switch {
	case q.Get("saved") != "":
		p.Notice = p.T("admin.saved")
	case q.Get("imported") != "":
		p.Notice = p.T("admin.categories.imported", "count", q.Get("imported"))
	}
	return ui.renderCategories(w, r, p, http.StatusOK, nil)
}

// nextCategoryCode gives a new child of parent the next free two-digit
// code among its siblings (C06 at the top, C01.08 below C01), the scheme
// the built-in tree and the importers use.
func nextCategoryCode(cs []storage.Category, parent string) (string, bool) {
	prefix := "C"
	if parent != "" {
		prefix = parent + "."
	}
	most := 0
	for _, c := range cs {
		if c.Parent != parent || !strings.HasPrefix(c.Code, prefix) {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(c.Code, prefix)); err == nil && n > most {
			most = n
		}
	}
	if most >= category.MaxChildren {
		return "", false
	}
	return fmt.Sprintf("%s%02d", prefix, most+1), true
}

// checkCategoryNames sets errors for names that are missing, too long or
// already taken by a sibling, in the user's language; category.Validate
// would say the same in English.
func checkCategoryNames(p *Page, cs []storage.Category, self, parent, zh, mn string) {
	switch n := utf8.RuneCountInString(zh); {
	case n == 0 || n > category.MaxNameRunes:
		p.Errors["name_zh"] = p.T("admin.category.error.name_zh")
	}
	if utf8.RuneCountInString(mn) > category.MaxNameMNRunes {
		p.Errors["name_mn"] = p.T("admin.category.error.name_mn")
	}
	for _, c := range cs {
		if c.Code == self || c.Parent != parent {
			continue
		}
		if c.NameZH == zh {
			p.Errors["name_zh"] = p.T("admin.category.error.sibling", "code", c.Code)
		}
		if mn != "" && c.NameMN == mn {
			p.Errors["name_mn"] = p.T("admin.category.error.sibling", "code", c.Code)
		}
	}
}

func (ui *UI) adminCategoryAdd(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCategories); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	ctx := r.Context()
	for _, k := range []string{"parent", "code", "name_zh", "name_mn"} {
		p.Form.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	cs, err := ui.st.Categories(ctx)
	if err != nil {
		return err
	}
	parent := p.Value("parent")
	c := storage.Category{Code: p.Value("code"), Parent: parent, NameZH: p.Value("name_zh"), NameMN: p.Value("name_mn"), Active: true}
	if parent != "" {
		pc, ok := findCategory(cs, parent)
		if !ok || !pc.Active || strings.Count(parent, ".")+1 >= category.MaxDepth {
			p.Errors["parent"] = p.T("admin.category.error.parent")
		}
	}
	if c.Code == "" {
		code, ok := nextCategoryCode(cs, parent)
		if !ok {
			p.Errors["parent"] = p.T("admin.category.error.full")
		}
		c.Code = code
	} else if category.ParentCode(c.Code) != parent {
		p.Errors["code"] = p.T("admin.category.error.code_parent", "parent", parent)
	} else if _, taken := findCategory(cs, c.Code); taken {
		p.Errors["code"] = p.T("admin.category.error.code_taken", "code", c.Code)
	}
	checkCategoryNames(p, cs, c.Code, parent, c.NameZH, c.NameMN)
	if n, err := strconv.Atoi(strings.TrimPrefix(c.Code, parent+".")); err == nil {
		c.Position = n
	}
	if len(p.Errors) == 0 {
		if err := ui.saveCategories(r, append(cs, c)); err != nil {
			if !fault.Is(err, fault.Invalid) {
				return err
			}
			p.Errors["code"] = p.T("admin.category.error.code")
		}
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		return ui.renderCategories(w, r, p, http.StatusBadRequest, nil)
	}
	redirect(w, r, "/admin/categories?saved=1#cat-"+url.PathEscape(c.Code))
	return nil
}

func findCategory(cs []storage.Category, code string) (storage.Category, bool) {
	for _, c := range cs {
		if c.Code == code {
			return c, true
		}
	}
	return storage.Category{}, false
}

// saveCategories stores the whole tree: storage replaces the tree in one
// transaction, which is also how one category changes.
func (ui *UI) saveCategories(r *http.Request, cs []storage.Category) error {
	if err := ui.st.ReplaceCategories(r.Context(), cs); err != nil {
		return err
	}
	ui.svc.ReloadCategories()
	return nil
}

type categoryForm struct {
	Code, Parent, ParentName string
	Children                 int
}

func (ui *UI) categoryFormData(p *Page, cs []storage.Category, c storage.Category) categoryForm {
	f := categoryForm{Code: c.Code, Parent: c.Parent}
	if pc, ok := findCategory(cs, c.Parent); ok {
		f.ParentName = p.Name(pc.NameZH, pc.NameMN)
	}
	for _, x := range cs {
		if strings.HasPrefix(x.Code, c.Code+".") && x.Active {
			f.Children++
		}
	}
	return f
}

func (ui *UI) adminCategoryForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCategories); err != nil {
		return err
	}
	cs, err := ui.st.Categories(r.Context())
	if err != nil {
		return err
	}
	c, ok := findCategory(cs, r.PathValue("code"))
	if !ok {
		return fault.NotFoundf("category %s not found", r.PathValue("code"))
	}
	p.Form = url.Values{"name_zh": {c.NameZH}, "name_mn": {c.NameMN}, "position": {strconv.Itoa(c.Position)}}
	if c.Active {
		p.Form.Set("active", "1")
	}
	if r.URL.Query().Get("saved") != "" {
		p.Notice = p.T("admin.saved")
	}
	p.Title = p.T("admin.category.edit", "name", c.NameZH)
	p.Data = ui.categoryFormData(p, cs, c)
	ui.render(w, http.StatusOK, p, "admin_category")
	return nil
}

// adminCategorySave renames a category, moves it among its siblings, or
// retires it (停用) with everything below it, since no active category may
// sit below a retired one. Retired categories stay for the orders that
// use them and disappear from the intake forms.
func (ui *UI) adminCategorySave(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCategories); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	cs, err := ui.st.Categories(r.Context())
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	c, ok := findCategory(cs, code)
	if !ok {
		return fault.NotFoundf("category %s not found", code)
	}
	for _, k := range []string{"name_zh", "name_mn", "position", "active"} {
		p.Form.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	c.NameZH, c.NameMN = p.Value("name_zh"), p.Value("name_mn")
	active := p.Value("active") != ""
	checkCategoryNames(p, cs, code, c.Parent, c.NameZH, c.NameMN)
	if n, ok := formInt(p.Value("position")); !ok || n < 0 || n > 9999 {
		p.Errors["position"] = p.T("admin.category.error.position")
	} else {
		c.Position = int(n)
	}
	if active && c.Parent != "" {
		if pc, _ := findCategory(cs, c.Parent); !pc.Active {
			p.Errors["active"] = p.T("admin.category.error.parent_retired")
		}
	}
	if len(p.Errors) == 0 {
		for i := range cs {
			switch {
			case cs[i].Code == code:
				c.Active = active
				cs[i] = c
			case !active && strings.HasPrefix(cs[i].Code, code+"."):
				cs[i].Active = false
			}
		}
		if err := ui.saveCategories(r, cs); err != nil {
			if !fault.Is(err, fault.Invalid) {
				return err
			}
			p.Message = p.T("admin.category.error.invalid")
		}
	}
	if len(p.Errors) > 0 || p.Message != "" {
		if p.Message == "" {
			p.Message = p.T("error.invalid")
		}
		p.Title = p.T("admin.category.edit", "name", c.NameZH)
		p.Data = ui.categoryFormData(p, cs, c)
		ui.render(w, http.StatusBadRequest, p, "admin_category")
		return nil
	}
	redirect(w, r, "/admin/categories/"+url.PathEscape(code)+"?saved=1")
	return nil
}

// maxCategoryFile bounds an uploaded taxonomy; the largest real one is a
// few dozen kilobytes.
const maxCategoryFile = 4 << 20

// adminCategoryImport replaces the tree with a taxonomy file (the 3-level
// CSV or the arrow path format): all or nothing, every problem listed with
// its file and line.
func (ui *UI) adminCategoryImport(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCategories); err != nil {
		return err
	}
	if err := r.ParseMultipartForm(maxCategoryFile); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		p.Errors["file"] = p.T("admin.import.error.file")
		p.Message = p.T("error.invalid")
		return ui.renderCategories(w, r, p, http.StatusBadRequest, nil)
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		p.Errors["file"] = p.T("admin.import.error.file")
		p.Message = p.T("error.invalid")
		return ui.renderCategories(w, r, p, http.StatusBadRequest, nil)
	}
	defer file.Close()
	name := path.Base(strings.ReplaceAll(header.Filename, `\`, "/"))
	cs, err := category.ParseFile(name, file)
	if err == nil {
		err = ui.saveCategories(r, cs)
	}
	if err != nil {
		problems := faultLines(err)
		if problems == nil {
			return err
		}
		p.Message = p.T("admin.import.failed", "file", name, "count", len(problems))
		return ui.renderCategories(w, r, p, http.StatusBadRequest, problems)
	}
	redirect(w, r, "/admin/categories?imported="+strconv.Itoa(len(cs)))
	return nil
}

// faultLines lists the problems an importer reported, each as
// "where: why" (the importers put file:line in Field); nil when err is not
// about the input.
func faultLines(err error) []string {
	var list fault.List
	if !errors.As(err, &list) {
		fe := fault.As(err)
		if fe == nil || fe.Code != fault.Invalid {
			return nil
		}
		list = fault.List{fe}
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Field + ": " + e.Message
		if e.Field == "" {
			out[i] = e.Message
		}
	}
	return out
}
