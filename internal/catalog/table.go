package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongban/internal/fault"
)

// Columns is the fixed header of catalog spreadsheets (CSV and XLSX), in
// order; row 1 must hold exactly these names. One row per item:
//
//	A code              AL-SCJGJ-0001
//	B name_zh           企业设立登记
//	C name_mn           traditional Mongolian script, or empty
//	D department        scjgj (a key of Departments)
//	E kind              licensing | 行政许可 | 许可, confirmation | 确认, payment | 给付,
//	                    ruling | 裁决, reward | 奖励, levy | 征收, other | 备案 | 其他,
//	                    public_service | 公共服务 (also penalty, enforcement, inspection)
//	F legal_days        working days, 0 = on the spot
//	G promised_days     working days, 0 = on the spot (即办), ≤ legal_days
//	H materials         see below
//	I fee_yuan          amount in yuan with up to two decimals; empty or 0 = free
//	J fee_basis         the document that sets the fee
//	K levels            league;banner;town;village (or 盟级;旗级;苏木镇级;嘎查村级)
//	L online_depth      full_online | 全程网办, online_pre_review | 网上预审, window_only | 窗口办理
//	M league_wide       true/false (also 1/0, yes/no, 是/否); empty = false
//	N notify_commit     true/false; empty = false
//	O promise_replaces  material names separated by ';'
//	P review_steps      step names separated by ';'; empty = 审查;决定
//	Q legal_basis       text
//	R guide             text, may span lines
//	S active            true/false; empty = true
//
// Lists are separated by ';' (or the full-width '；'). The materials cell is a
// list of entries, each a name optionally followed by attributes in square
// brackets:
//
//	name[form*copies,optional,reusable,doc=type]
//
// where form is original, copy or either (or 原件, 复印件, 原件或复印件),
// "*copies" defaults to 1, an entry is required unless marked optional, and
// reusable with doc= marks a material the applicant's library may supply. A
// bare name is an original, one copy, required. For example:
//
//	企业设立登记申请书[original*1]; 法定代表人身份证件[copy*1,reusable,doc=legal_rep_id]; 授权委托书[original*1,optional]
//
// Export writes keys (licensing, full_online, league, true) and every
// attribute explicitly; import accepts keys and Chinese names alike.
var Columns = []string{
	"code", "name_zh", "name_mn", "department", "kind", "legal_days", "promised_days", "materials",
	"fee_yuan", "fee_basis", "levels", "online_depth", "league_wide", "notify_commit",
	"promise_replaces", "review_steps", "legal_basis", "guide", "active",
}

// Column indexes, in the order of Columns.
const (
	colCode = iota
	colNameZH
	colNameMN
	colDepartment
	colKind
	colLegalDays
	colPromisedDays
	colMaterials
	colFeeYuan
	colFeeBasis
	colLevels
	colOnlineDepth
	colLeagueWide
	colNotifyCommit
	colPromiseReplaces
	colReviewSteps
	colLegalBasis
	colGuide
	colActive
	numColumns
)

// encodeRow turns an item into the cells of one spreadsheet row.
func encodeRow(it Item) []string {
	row := make([]string, numColumns)
	row[colCode] = it.Code
	row[colNameZH] = it.NameZH
	row[colNameMN] = it.NameMN
	row[colDepartment] = it.Department
	row[colKind] = string(it.Kind)
	row[colLegalDays] = strconv.Itoa(it.LegalDays)
	row[colPromisedDays] = strconv.Itoa(it.PromisedDays)
	row[colMaterials] = formatMaterials(it.Materials)
	row[colFeeYuan] = it.Fee.String()
	row[colFeeBasis] = it.FeeBasis
	levels := make([]string, len(it.Levels))
	for i, l := range it.Levels {
		levels[i] = string(l)
	}
	row[colLevels] = strings.Join(levels, ";")
	row[colOnlineDepth] = string(it.OnlineDepth)
	row[colLeagueWide] = strconv.FormatBool(it.LeagueWide)
	row[colNotifyCommit] = strconv.FormatBool(it.NotifyCommit)
	row[colPromiseReplaces] = strings.Join(it.PromiseReplaces, ";")
	row[colReviewSteps] = strings.Join(it.ReviewSteps, ";")
	row[colLegalBasis] = it.LegalBasis
	row[colGuide] = it.Guide
	row[colActive] = strconv.FormatBool(it.Active)
	return row
}

func formatMaterials(ms []MaterialReq) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		var b strings.Builder
		fmt.Fprintf(&b, "%s[%s*%d", m.Name, m.Form, m.Copies)
		if !m.Required {
			b.WriteString(",optional")
		}
		if m.Reusable {
			b.WriteString(",reusable")
		}
		if m.DocType != "" {
			b.WriteString(",doc=" + m.DocType)
		}
		b.WriteString("]")
		parts[i] = b.String()
	}
	return strings.Join(parts, "; ")
}

// cellProblem is a cell that could not be parsed.
type cellProblem struct {
	col    int
	reason *fault.Error
}

// decodeRow parses the cells of one row (exactly numColumns of them).
func decodeRow(cells []string) (Item, []cellProblem) {
	var it Item
	var probs []cellProblem
	bad := func(col int, reason *fault.Error) {
		probs = append(probs, cellProblem{col, reason})
	}
	it.Code = strings.TrimSpace(cells[colCode])
	it.NameZH = strings.TrimSpace(cells[colNameZH])
	it.NameMN = strings.TrimSpace(cells[colNameMN])
	it.Department = strings.TrimSpace(cells[colDepartment])
	if k, ok := ParseKind(cells[colKind]); ok {
		it.Kind = k
	} else {
		bad(colKind, invalid("kind", "catalog.reason.kind", map[string]any{"value": cells[colKind]},
			"%q is not a kind (licensing/许可, confirmation/确认, payment/给付, ruling/裁决, reward/奖励, levy/征收, other/备案, public_service/公共服务)", cells[colKind]))
	}
	for _, c := range []struct {
		col int
		dst *int
	}{{colLegalDays, &it.LegalDays}, {colPromisedDays, &it.PromisedDays}} {
		n, err := strconv.Atoi(strings.TrimSpace(cells[c.col]))
		if err != nil {
			bad(c.col, invalid(Columns[c.col], "catalog.reason.days_number", map[string]any{"value": cells[c.col]},
				"%q is not a whole number of working days", cells[c.col]))
		}
		*c.dst = n
	}
	if ms, err := parseMaterials(cells[colMaterials]); err != nil {
		bad(colMaterials, err)
	} else {
		it.Materials = ms
	}
	if s := strings.TrimSpace(cells[colFeeYuan]); s != "" {
		if f, err := ParseYuan(s); err != nil {
			bad(colFeeYuan, fault.As(err))
		} else {
			it.Fee = f
		}
	}
	it.FeeBasis = cells[colFeeBasis]
	for _, s := range splitList(cells[colLevels]) {
		if l, ok := ParseLevel(s); ok {
			it.Levels = append(it.Levels, l)
		} else {
			bad(colLevels, invalid("levels", "catalog.reason.level", map[string]any{"value": s},
				"%q is not a level (league/盟级, banner/旗级, town/苏木镇级, village/嘎查村级)", s))
		}
	}
	if d, ok := ParseOnlineDepth(cells[colOnlineDepth]); ok {
		it.OnlineDepth = d
	} else {
		bad(colOnlineDepth, invalid("online_depth", "catalog.reason.online_depth", map[string]any{"value": cells[colOnlineDepth]},
			"%q is not full_online/全程网办, online_pre_review/网上预审 or window_only/窗口办理", cells[colOnlineDepth]))
	}
	for _, c := range []struct {
		col int
		dst *bool
		def bool
	}{{colLeagueWide, &it.LeagueWide, false}, {colNotifyCommit, &it.NotifyCommit, false}, {colActive, &it.Active, true}} {
		v, ok := parseBool(cells[c.col], c.def)
		if !ok {
			bad(c.col, invalid(Columns[c.col], "catalog.reason.bool", map[string]any{"value": cells[c.col]},
				"%q is not true or false (1/0, yes/no, 是/否)", cells[c.col]))
		}
		*c.dst = v
	}
	it.PromiseReplaces = splitList(cells[colPromiseReplaces])
	it.ReviewSteps = splitList(cells[colReviewSteps])
	it.LegalBasis = cells[colLegalBasis]
	it.Guide = cells[colGuide]
	return it, probs
}

// splitList splits a ';'-separated cell, dropping empty entries; nil when
// there are none, so that an exported and re-imported item compares equal.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseBool(s string, def bool) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return def, true
	case "true", "1", "yes", "y", "是", "√":
		return true, true
	case "false", "0", "no", "n", "否", "×":
		return false, true
	}
	return false, false
}

// parseMaterials parses the mini-syntax described at Columns. It returns
// the concrete *fault.Error so that decodeRow keeps the reason's key; nil
// means no problem.
func parseMaterials(s string) ([]MaterialReq, *fault.Error) {
	var out []MaterialReq
	for i, entry := range splitList(s) {
		m := MaterialReq{Name: entry, Form: Original, Copies: 1, Required: true}
		if strings.HasSuffix(entry, "]") {
			open := strings.LastIndex(entry, "[")
			if open < 0 {
				return nil, invalid("materials", "catalog.reason.material_bracket", map[string]any{"entry": i + 1, "value": entry},
					"entry %d %q has ']' without '['", i+1, entry)
			}
			m.Name = strings.TrimSpace(entry[:open])
			for _, a := range strings.FieldsFunc(entry[open+1:len(entry)-1], func(r rune) bool { return r == ',' || r == '，' }) {
				if err := m.setAttr(i+1, strings.TrimSpace(a)); err != nil {
					return nil, err
				}
			}
		} else if strings.ContainsAny(entry, "[]") {
			return nil, invalid("materials", "catalog.reason.material_brackets", map[string]any{"entry": i + 1, "value": entry},
				"entry %d %q: attributes must be one [...] at the end", i+1, entry)
		}
		if m.Name == "" {
			return nil, invalid("materials", "catalog.reason.material_no_name", map[string]any{"entry": i + 1},
				"entry %d has no name before '['", i+1)
		}
		out = append(out, m)
	}
	return out, nil
}

// setAttr applies attribute a of the materials entry numbered entry.
func (m *MaterialReq) setAttr(entry int, a string) *fault.Error {
	switch {
	case a == "":
	case a == "optional" || a == "可选":
		m.Required = false
	case a == "required" || a == "必需" || a == "必要":
		m.Required = true
	case a == "reusable" || a == "可复用":
		m.Reusable = true
	case strings.HasPrefix(a, "doc="):
		m.DocType = strings.TrimSpace(a[len("doc="):])
	default:
		form, copies, hasCopies := strings.Cut(strings.ReplaceAll(a, "×", "*"), "*")
		f, ok := ParseForm(form)
		if !ok {
			return invalid("materials", "catalog.reason.material_attr", map[string]any{"entry": entry, "name": m.Name, "value": a},
				"entry %d (%s): %q is not an attribute (original|copy|either[*copies], optional, reusable, doc=type)", entry, m.Name, a)
		}
		m.Form = f
		if hasCopies {
			n, err := strconv.Atoi(strings.TrimSpace(copies))
			if err != nil {
				return invalid("materials", "catalog.reason.material_attr_copies", map[string]any{"entry": entry, "name": m.Name, "value": a},
					"entry %d (%s): %q: copies must be a whole number", entry, m.Name, a)
			}
			m.Copies = n
		}
	}
	return nil
}

// maxImportRows bounds a file: the league's whole catalog is about 3,000
// rows, so a much larger file is a mistake, and rejecting it early keeps one
// upload from holding the server.
const maxImportRows = 100_000

// maxImportErrors bounds the error list: past this many, one more entry says
// how many were left out, since nobody reads thousands of messages and the
// first few usually share one cause.
const maxImportErrors = 200

// importer collects the rows of one file and every problem in them.
type importer struct {
	file    string
	items   []Item
	rows    []int          // spreadsheet row of each item
	codes   map[string]int // code → row of its first occurrence
	errs    fault.List
	dropped int
	header  bool
	tooMany bool
}

func newImporter(file string) *importer {
	return &importer{file: file, codes: map[string]int{}}
}

func colLetter(col int) string {
	if col < 26 {
		return string(rune('A' + col))
	}
	return string(rune('A'+col/26-1)) + string(rune('A'+col%26))
}

// fail records a problem in a cell; col < 0 (or past the last column)
// means the row as a whole.
func (im *importer) fail(row, col int, reason *fault.Error) {
	if len(im.errs) >= maxImportErrors {
		im.dropped++
		return
	}
	im.errs = append(im.errs, cellError(im.file, row, col, reason))
}

// CellError reports a problem in a cell of a catalog file, as the
// importers do, for checks made after the file was read (a department the
// catalog does not know): row is the spreadsheet row and column a name of
// Columns, or "" for the row as a whole. reason is the English reason with
// its key and arguments (see invalid).
func CellError(file string, row int, column string, reason *fault.Error) *fault.Error {
	return cellError(file, row, slices.Index(Columns, column), reason)
}

// cellError is the catalog.import.cell error of reason: its English message
// names the file, row and cell; its arguments name them too and carry the
// reason three ways: the English text (reason), and its message key and
// arguments (reason_key, reason_args), which the UI shows in the user's
// language.
func cellError(file string, row, col int, reason *fault.Error) *fault.Error {
	args := map[string]any{"file": file, "row": row, "reason": reason.Message,
		"reason_key": reason.Key, "reason_args": reason.Args}
	var msg, field string
	if col >= 0 && col < numColumns {
		field = Columns[col]
		args["column"] = colLetter(col)
		args["name"] = field
		msg = fmt.Sprintf("%s row %d, column %s (%s): %s", file, row, colLetter(col), field, reason.Message)
	} else {
		msg = fmt.Sprintf("%s row %d: %s", file, row, reason.Message)
	}
	return fault.Invalidf(field, "%s", msg).WithKey("catalog.import.cell", args)
}

// addRow takes the cells of spreadsheet row n (1-based); row 1 is the header.
// Blank rows are skipped, as spreadsheets often carry some at the end.
func (im *importer) addRow(n int, cells []string) {
	if !im.header {
		im.header = true
		im.checkHeader(cells)
		return
	}
	if isBlank(cells) {
		return
	}
	if len(im.items) >= maxImportRows {
		if !im.tooMany {
			im.tooMany = true
			im.fail(n, -1, invalid("", "catalog.reason.too_many_rows", map[string]any{"max": maxImportRows},
				"the file has more than %d items", maxImportRows))
		}
		return
	}
	if len(cells) > numColumns && !isBlank(cells[numColumns:]) {
		im.fail(n, numColumns, invalid("", "catalog.reason.row_columns", map[string]any{"count": len(cells), "want": numColumns},
			"the row has %d columns, the header %d", len(cells), numColumns))
		return
	}
	for len(cells) < numColumns {
		cells = append(cells, "") // trailing empty cells are often omitted
	}
	for col, c := range cells[:numColumns] {
		if !utf8.ValidString(c) {
			im.fail(n, col, invalid(Columns[col], "catalog.reason.file_utf8", nil, "is not valid UTF-8 text (save the file as UTF-8)"))
			return
		}
	}
	it, probs := decodeRow(cells[:numColumns])
	for _, p := range probs {
		im.fail(n, p.col, p.reason)
	}
	if len(probs) == 0 {
		if err := it.Validate(); err != nil {
			for _, fe := range err.(fault.List) {
				im.fail(n, fieldColumn(fe.Field), fe)
			}
		}
	}
	if it.Code != "" {
		if first, dup := im.codes[it.Code]; dup {
			im.fail(n, colCode, invalid("code", "catalog.reason.code_repeat", map[string]any{"value": it.Code, "other": first},
				"code %s repeats row %d", it.Code, first))
		} else {
			im.codes[it.Code] = n
		}
	}
	im.items = append(im.items, it)
	im.rows = append(im.rows, n)
}

func (im *importer) checkHeader(cells []string) {
	if len(cells) > 0 {
		cells[0] = strings.TrimPrefix(cells[0], "\ufeff") // Excel's UTF-8 byte-order mark
	}
	for col, want := range Columns {
		got := ""
		if col < len(cells) {
			got = strings.TrimSpace(cells[col])
		}
		if !strings.EqualFold(got, want) {
			im.fail(1, col, invalid(want, "catalog.reason.header", map[string]any{"value": got, "want": want, "header": strings.Join(Columns, ",")},
				"the header is %q, must be %q (the header is fixed: %s)", got, want, strings.Join(Columns, ",")))
		}
	}
	if len(cells) > numColumns && !isBlank(cells[numColumns:]) {
		im.fail(1, numColumns, invalid("", "catalog.reason.header_columns", map[string]any{"count": len(cells), "want": numColumns},
			"the header has %d columns, must have %d", len(cells), numColumns))
	}
}

// result returns all items, or none and every problem: an import is all or
// nothing so that a catalog is never half updated.
func (im *importer) result() ([]Item, error) {
	if !im.header {
		im.fail(1, -1, invalid("", "catalog.reason.file_empty", map[string]any{"header": strings.Join(Columns, ",")},
			"the file is empty; row 1 must be the header %s", strings.Join(Columns, ",")))
	}
	if im.dropped > 0 {
		im.errs = append(im.errs, fault.Invalidf("", "%s: %d more problems not listed", im.file, im.dropped).
			WithKey("catalog.import.more", map[string]any{"file": im.file, "count": im.dropped}))
	}
	if len(im.errs) > 0 {
		return nil, im.errs
	}
	if im.items == nil {
		return []Item{}, nil
	}
	return im.items, nil
}

// fieldColumn maps a field name of Item.Validate to its column.
func fieldColumn(field string) int {
	if field == "fee_fen" {
		return colFeeYuan
	}
	for i, c := range Columns {
		if c == field {
			return i
		}
	}
	return -1
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
