package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"tongban/internal/fault"
	"tongban/internal/locale"
)

// reasonPrefix is the namespace of the reasons' message keys.
const reasonPrefix = "catalog.reason."

// TestReasonsHaveKeys: every rule of Validate and every problem the
// importers find carries a catalog.reason.* key whose message exists in
// both languages and fills in from the reason's arguments, and the
// English text stays what the command line and the JSON API print.
// Together the cases produce every catalog.reason.* message, so a rule
// added without a key, or a message left without a rule, fails here.
func TestReasonsHaveKeys(t *testing.T) {
	cat, err := locale.Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	// check verifies one reason: its key is the one wanted, and its
	// message exists and uses no argument the reason lacks.
	check := func(t *testing.T, key string, args map[string]any, english, want string) {
		t.Helper()
		if key != want {
			t.Errorf("key %q, want %q (%s)", key, want, english)
		}
		if english == "" {
			t.Error("no English text")
		}
		seen[key] = true
		for _, lang := range []locale.Lang{locale.ZH, locale.MN} {
			if !cat.Has(lang, key) {
				t.Errorf("%s: no message %s", lang, key)
				continue
			}
			if s := cat.T(lang, key, args); strings.Contains(s, "<no value>") {
				t.Errorf("%s %s: %q lacks an argument of %v", lang, key, s, args)
			}
		}
	}

	validate := []struct {
		key    string
		change func(*Item)
	}{
		{"code_format", func(it *Item) { it.Code = "al-x" }},
		{"required", func(it *Item) { it.NameZH = " " }},
		{"forbidden_chars", func(it *Item) { it.NameZH = "登记;变更" }},
		{"too_long", func(it *Item) { it.NameZH = strings.Repeat("名", maxName+1) }},
		{"utf8", func(it *Item) { it.Guide = "\xff" }},
		{"name_mn_script", func(it *Item) { it.NameMN = "企业设立登记" }},
		{"department_key", func(it *Item) { it.Department = "市场监管局" }},
		{"kind", func(it *Item) { it.Kind = "approval" }},
		{"legal_days_range", func(it *Item) { it.LegalDays, it.PromisedDays = maxDays+1, 1 }},
		{"negative", func(it *Item) { it.PromisedDays = -2 }},
		{"promised_exceeds", func(it *Item) { it.PromisedDays = it.LegalDays + 1 }},
		{"too_many", func(it *Item) {
			for i := range maxMaterials {
				it.Materials = append(it.Materials, MaterialReq{Name: fmt.Sprintf("材料%d", i), Form: Copy, Copies: 1})
			}
		}},
		{"too_many", func(it *Item) { it.ReviewSteps = slices.Repeat([]string{"审查"}, maxSteps+1) }},
		{"material_name", func(it *Item) { it.Materials[0].Name = "" }},
		{"material_chars", func(it *Item) { it.Materials[0].Name = "申请书|新" }},
		{"material_repeat", func(it *Item) { it.Materials[1].Name = it.Materials[0].Name }},
		{"material_form", func(it *Item) { it.Materials[0].Form = "scan" }},
		{"material_copies", func(it *Item) { it.Materials[0].Copies = maxCopies + 1 }},
		{"material_doc_missing", func(it *Item) { it.Materials[1].DocType = "" }},
		{"material_doc_format", func(it *Item) { it.Materials[1].DocType = "Business Licence" }},
		{"fee_negative", func(it *Item) { it.Fee = -1 }},
		{"fee_basis_required", func(it *Item) { it.Fee = 8000 }},
		{"levels_empty", func(it *Item) { it.Levels = nil }},
		{"level", func(it *Item) { it.Levels = []Level{"county"} }},
		{"twice", func(it *Item) { it.Levels = []Level{Banner, Banner} }},
		{"twice", func(it *Item) { it.NotifyCommit, it.PromiseReplaces = true, []string{"营业执照", "营业执照"} }},
		{"online_depth", func(it *Item) { it.OnlineDepth = "online" }},
		{"promise_missing", func(it *Item) { it.NotifyCommit = true }},
		{"promise_unexpected", func(it *Item) { it.PromiseReplaces = []string{"营业执照"} }},
		{"promise_material", func(it *Item) { it.NotifyCommit, it.PromiseReplaces = true, []string{"检测报告"} }},
		{"step_format", func(it *Item) { it.ReviewSteps = []string{"审查", " 决定"} }},
		{"legal_basis_required", func(it *Item) { it.LegalBasis = "" }},
	}
	for _, tt := range validate {
		t.Run("validate "+tt.key, func(t *testing.T) {
			it := validItem()
			tt.change(&it)
			list, ok := it.Validate().(fault.List)
			if !ok || len(list) != 1 {
				t.Fatalf("got %v, want one problem", it.Validate())
			}
			fe := list[0]
			check(t, fe.Key, fe.Args, fe.Message, reasonPrefix+tt.key)
		})
	}

	// The importers' reasons, as the import's catalog.import.cell errors
	// carry them.
	tooManyRows := func() error {
		im := newImporter("items.csv")
		im.header = true
		im.items = make([]Item, maxImportRows)
		im.addRow(maxImportRows+2, encodeRow(validItem()))
		_, err := im.result()
		return err
	}
	imports := []struct {
		key string
		err func() error
	}{
		{"kind", importCSV(t, map[int]string{colKind: "审批"})},
		{"days_number", importCSV(t, map[int]string{colLegalDays: "三"})},
		{"material_bracket", importCSV(t, map[int]string{colMaterials: "申请书]"})},
		{"material_brackets", importCSV(t, map[int]string{colMaterials: "申请书[original; 营业执照"})},
		{"material_attr", importCSV(t, map[int]string{colMaterials: "申请书[scan*1]"})},
		{"material_attr_copies", importCSV(t, map[int]string{colMaterials: "申请书[original*两]"})},
		{"material_no_name", importCSV(t, map[int]string{colMaterials: "[original*1]"})},
		{"fee_format", importCSV(t, map[int]string{colFeeYuan: "1.234"})},
		{"fee_empty", importCSV(t, map[int]string{colFeeYuan: "元"})},
		{"level", importCSV(t, map[int]string{colLevels: "league;county"})},
		{"online_depth", importCSV(t, map[int]string{colOnlineDepth: "online"})},
		{"bool", importCSV(t, map[int]string{colLeagueWide: "maybe"})},
		{"code_repeat", importCSV(t, map[int]string{colCode: "AL-X-1"}, map[int]string{colCode: "AL-X-1"})},
		{"promised_exceeds", importCSV(t, map[int]string{colLegalDays: "5", colPromisedDays: "10"})},
		{"row_columns", importText(csvFile(t, Columns) + strings.Repeat("x,", 20) + "x\n")},
		{"file_utf8", importText(csvFile(t, Columns) + "AL-X-2,\xc6\xf3" + strings.Repeat(",", 17) + "\n")},
		{"csv_quote", importText(csvFile(t, Columns) + "AL-X-2,\"企业\"x\"\n")},
		{"header", importText(csvFile(t, append([]string{"编码"}, Columns[1:]...)))},
		{"header_columns", importText(csvFile(t, append(slices.Clone(Columns), "extra")))},
		{"file_empty", importText("")},
		{"too_many_rows", tooManyRows},
		{"xlsx", func() error { _, err := ImportXLSX("items.xlsx", strings.NewReader("not a workbook")); return err }},
	}
	for _, tt := range imports {
		t.Run("import "+tt.key, func(t *testing.T) {
			list, ok := tt.err().(fault.List)
			if !ok || len(list) != 1 {
				t.Fatalf("got %v, want one problem", tt.err())
			}
			fe := list[0]
			if fe.Key != "catalog.import.cell" {
				t.Fatalf("key %q, want catalog.import.cell", fe.Key)
			}
			key, _ := fe.Args["reason_key"].(string)
			args, _ := fe.Args["reason_args"].(map[string]any)
			english, _ := fe.Args["reason"].(string)
			check(t, key, args, english, reasonPrefix+tt.key)
			// The message the command line prints is the English one,
			// ending in the reason.
			if !strings.HasPrefix(fe.Message, fmt.Sprint(fe.Args["file"], " row ", fe.Args["row"])) || !strings.HasSuffix(fe.Message, ": "+english) {
				t.Errorf("message %q does not name the cell and end in the reason %q", fe.Message, english)
			}
		})
	}

	// A CSV error other than a misplaced quote keeps encoding/csv's detail.
	t.Run("csv", func(t *testing.T) {
		fe := csvProblem(&csv.ParseError{Line: 3, Err: errors.New("some other problem")})
		check(t, fe.Key, fe.Args, fe.Message, reasonPrefix+"csv")
		if fe.Message != "not valid CSV (text line 3): some other problem" {
			t.Errorf("got %q", fe.Message)
		}
	})

	// Package hall reports departments the catalog does not know through
	// CellError with this key.
	seen[reasonPrefix+"department_unknown"] = true
	for _, id := range cat.IDs(locale.ZH) {
		if strings.HasPrefix(id, reasonPrefix) && !seen[id] {
			t.Errorf("no case produces %s", id)
		}
	}
}

// importCSV returns an import of a file whose rows are valid rows with the
// given changes.
func importCSV(t *testing.T, rows ...map[int]string) func() error {
	return importText(csvFile(t, Columns, rows...))
}

func importText(s string) func() error {
	return func() error {
		_, err := ImportCSV("items.csv", strings.NewReader(s))
		return err
	}
}

// TestCellMessagesStayEnglish: the messages the command line prints and
// the JSON API returns are unchanged by the keys.
func TestCellMessagesStayEnglish(t *testing.T) {
	_, err := ImportCSV("items.csv", strings.NewReader(csvFile(t, Columns, nil, map[int]string{colKind: "审批", colPromisedDays: "30"})))
	list, _ := err.(fault.List)
	var got []string
	for _, fe := range list {
		got = append(got, fe.Message)
	}
	want := []string{
		`items.csv row 3, column E (kind): "审批" is not a kind (licensing/许可, confirmation/确认, payment/给付, ruling/裁决, reward/奖励, levy/征收, other/备案, public_service/公共服务)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	_, err = ImportCSV("items.csv", strings.NewReader(csvFile(t, Columns, map[int]string{colPromisedDays: "30"})))
	if err == nil || err.Error() != "promised_days: items.csv row 2, column G (promised_days): is 30, must not exceed legal_days 3" {
		t.Errorf("got %v", err)
	}
	fe := CellError("x.csv", 4, "department", fault.Invalidf("department", "%q is not a department of the catalog", "nope"))
	if fe.Message != `x.csv row 4, column D (department): "nope" is not a department of the catalog` || fe.Field != "department" ||
		fe.Args["column"] != "D" || fe.Args["name"] != "department" || fe.Key != "catalog.import.cell" {
		t.Errorf("CellError: %+v", fe)
	}
}
