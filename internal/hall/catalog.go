package hall

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"tongban/internal/access"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/storage"
)

// Catalog file formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// MaxCatalogFile is the largest catalog file accepted for import: the
// league's whole catalog (about 3,000 items with their guides) is under
// 10 MiB as CSV.
const MaxCatalogFile = 32 << 20

// DetectFormat tells an XLSX workbook (a zip archive) from CSV text by the
// content, whatever name or type the upload declares.
func DetectFormat(b []byte) string {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return FormatXLSX
	}
	return FormatCSV
}

// ImportCatalog imports a catalog file (CSV or XLSX with the columns of
// catalog.Columns), inserting new items and updating known ones by code.
// It is all or nothing: with one bad row nothing is imported, and the
// error (a fault.List) names every bad row, column and reason. name is the
// file name used in the messages. The subject must hold
// access.ManageCatalog.
func (s *Service) ImportCatalog(ctx context.Context, sub access.Subject, name string, b []byte) (int, error) {
	if err := access.Require(sub, access.ManageCatalog); err != nil {
		return 0, err
	}
	return s.ImportCatalogFile(ctx, name, b)
}

// ImportCatalogFile is ImportCatalog without the permission check, for
// trusted callers that have no signed-in subject: the command line
// (tongban import catalog), run by whoever may open the database.
func (s *Service) ImportCatalogFile(ctx context.Context, name string, b []byte) (int, error) {
	format := DetectFormat(b)
	var items []catalog.Item
	var err error
	if format == FormatXLSX {
		items, err = catalog.ImportXLSX(name, bytes.NewReader(b))
	} else {
		items, err = catalog.ImportCSV(name, bytes.NewReader(b))
	}
	if err != nil {
		return 0, err
	}
	if len(items) == 0 {
		return 0, fault.Invalidf("file", "%s has no items", name).WithKey("catalog.import.empty", map[string]any{"file": name})
	}
	// Every item must belong to a department the halls can route to; the
	// file's rows are found again by code to say where the unknown ones are.
	depts, err := s.st.Departments(ctx)
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, d := range depts {
		known[d.Key] = true
	}
	var errs fault.List
	var rows map[string]int
	for _, it := range items {
		if known[it.Department] {
			continue
		}
		if rows == nil {
			rows = codeRows(format, b)
		}
		reason := fault.Invalidf("department", "%q is not a department of the catalog", it.Department).
			WithKey("catalog.reason.department_unknown", map[string]any{"value": it.Department})
		errs = append(errs, catalog.CellError(name, rows[it.Code], "department", reason))
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	return s.st.ImportItems(ctx, items)
}

// codeRows maps the codes in column A of a catalog file to their
// spreadsheet row numbers, counted as the importers count them.
func codeRows(format string, b []byte) map[string]int {
	out := map[string]int{}
	if format == FormatXLSX {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return out
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return out
		}
		sheet := sheets[0]
		if slices.Contains(sheets, catalog.SheetName) {
			sheet = catalog.SheetName
		}
		rows, err := f.Rows(sheet)
		if err != nil {
			return out
		}
		defer rows.Close()
		for n := 1; rows.Next(); n++ {
			cells, err := rows.Columns()
			if err == nil && len(cells) > 0 {
				out[strings.TrimSpace(cells[0])] = n
			}
		}
		return out
	}
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(b)))
	cr.FieldsPerRecord = -1
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err != nil {
			return out
		}
		if len(rec) > 0 {
			if _, seen := out[strings.TrimSpace(rec[0])]; !seen {
				out[strings.TrimSpace(rec[0])] = n
			}
		}
	}
}

// ExportCatalog writes the items of a department (all when empty) as CSV
// or XLSX, in the format ImportCatalog reads back.
func (s *Service) ExportCatalog(ctx context.Context, w io.Writer, format, department string) error {
	items, _, err := s.st.Items(ctx, storage.ItemFilter{Department: department})
	if err != nil {
		return err
	}
	if items == nil {
		items = []catalog.Item{}
	}
	switch format {
	case FormatCSV:
		return catalog.ExportCSV(w, items)
	case FormatXLSX:
		return catalog.ExportXLSX(w, items)
	}
	return fault.Invalidf("format", "%q is not csv or xlsx", format)
}

// GuideMaterial is one line of the materials list of a printed guide.
type GuideMaterial struct {
	Name       string `json:"name"`
	Form       string `json:"form"` // 原件, 复印件, 原件或复印件
	Copies     int    `json:"copies"`
	Required   bool   `json:"required"`
	Reusable   bool   `json:"reusable"`   // the applicant's library may supply it (一套资料)
	Promisable bool   `json:"promisable"` // a signed promise may replace it (告知承诺)
}

// Guide is the printable service guide (办事指南) of an item: everything a
// window posts or hands out, in Chinese, with the item it was made from.
type Guide struct {
	Item          catalog.Item       `json:"item"`
	Department    catalog.Department `json:"department"`
	Kind          string             `json:"kind"`
	OnlineDepth   string             `json:"online_depth"`
	LegalLimit    string             `json:"legal_limit"`
	PromisedLimit string             `json:"promised_limit"`
	Fee           string             `json:"fee"`
	Levels        []string           `json:"levels"`
	Steps         []string           `json:"steps"`
	Materials     []GuideMaterial    `json:"materials"`
	Bundles       []BundleRef        `json:"bundles"`
	Text          string             `json:"text"`
}

// BundleRef names a bundle an item belongs to.
type BundleRef struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
}

var (
	formZH  = map[catalog.Form]string{catalog.Original: "原件", catalog.Copy: "复印件", catalog.Either: "原件或复印件"}
	levelZH = map[catalog.Level]string{catalog.League: "盟级", catalog.Banner: "旗（区）级", catalog.Town: "苏木镇（街道）级", catalog.Village: "嘎查村（社区）级"}
)

// ItemGuide returns the printable guide of an item.
func (s *Service) ItemGuide(ctx context.Context, code string) (Guide, error) {
	it, err := s.st.Item(ctx, code)
	if err != nil {
		return Guide{}, err
	}
	depts, err := s.st.Departments(ctx)
	if err != nil {
		return Guide{}, err
	}
	g := Guide{Item: it, Kind: it.Kind.LabelZH(), OnlineDepth: it.OnlineDepth.LabelZH(), Text: it.Guide,
		LegalLimit: limitZH(it.LegalDays), PromisedLimit: limitZH(it.PromisedDays), Fee: "不收费",
		Levels: []string{}, Materials: []GuideMaterial{}, Bundles: []BundleRef{}}
	if i := slices.IndexFunc(depts, func(d catalog.Department) bool { return d.Key == it.Department }); i >= 0 {
		g.Department = depts[i]
	} else {
		g.Department = catalog.Department{Key: it.Department, NameZH: it.Department}
	}
	if it.Fee > 0 {
		g.Fee = fmt.Sprintf("%s元（依据%s）", it.Fee, it.FeeBasis)
	}
	for _, l := range it.Levels {
		g.Levels = append(g.Levels, levelZH[l])
	}
	g.Steps = append(append([]string{"申请", "受理"}, it.Steps()...), "出件", "送达")
	for _, m := range it.Materials {
		g.Materials = append(g.Materials, GuideMaterial{Name: m.Name, Form: formZH[m.Form], Copies: m.Copies, Required: m.Required,
			Reusable: m.Reusable, Promisable: it.NotifyCommit && slices.Contains(it.PromiseReplaces, m.Name)})
	}
	bs, err := s.st.Bundles(ctx)
	if err != nil {
		return Guide{}, err
	}
	for _, b := range bs {
		if slices.Contains(b.Items, it.Code) {
			g.Bundles = append(g.Bundles, BundleRef{b.Code, b.NameZH})
		}
	}
	return g, nil
}

func limitZH(days int) string {
	if days == 0 {
		return "即办（当场办结）"
	}
	return fmt.Sprintf("%d个工作日", days)
}

// Bundles returns the "one thing" bundles (一件事) that can be applied for.
func (s *Service) Bundles(ctx context.Context) ([]application.Bundle, error) {
	bs, err := s.st.Bundles(ctx)
	if bs == nil && err == nil {
		bs = []application.Bundle{}
	}
	return bs, err
}
