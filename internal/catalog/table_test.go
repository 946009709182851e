package catalog

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tongban/internal/fault"
)

// roundTripItems is the demo catalog plus items that exercise every cell:
// a Mongolian name, fees with fen, multi-line text with quotes and commas,
// inactive items, notify-commit, custom steps and every level.
func roundTripItems() []Item {
	items := Demo()
	extra := validItem()
	extra.Code = "AL-TEST-0001"
	extra.NameMN = "ᠠᠵ ᠠᠬᠤᠢ ᠵᠢᠨ ᠪᠦᠷᠢᠳᠭᠡᠯ"
	extra.Fee, extra.FeeBasis = 1250, "收费标准, \"第一条\""
	extra.Levels = []Level{League, Banner, Town, Village}
	extra.NotifyCommit, extra.PromiseReplaces = true, []string{"营业执照"}
	extra.ReviewSteps = []string{"初审", "现场核查", "复审", "决定"}
	extra.Guide = "第一行,\n第二行 \"引号\"\n\t第三行"
	extra.Materials = append(extra.Materials, MaterialReq{Name: "其他（可选）材料", Form: Either, Copies: 3, Required: false})
	extra.Active = false
	return append(items, extra)
}

func TestCSVRoundTrip(t *testing.T) {
	items := roundTripItems()
	var buf bytes.Buffer
	if err := ExportCSV(&buf, items); err != nil {
		t.Fatal(err)
	}
	got, err := ImportCSV("items.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	compareItems(t, got, items)
}

func TestXLSXRoundTrip(t *testing.T) {
	items := roundTripItems()
	var buf bytes.Buffer
	if err := ExportXLSX(&buf, items); err != nil {
		t.Fatal(err)
	}
	got, err := ImportXLSX("items.xlsx", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	compareItems(t, got, items)
}

func TestXLSXRoundTripAtSourceScale(t *testing.T) {
	items := Generate(SourceItems, SourceDepartments, 1)
	var buf bytes.Buffer
	if err := ExportXLSX(&buf, items); err != nil {
		t.Fatal(err)
	}
	got, err := ImportXLSX("all.xlsx", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	compareItems(t, got, items)
}

func compareItems(t *testing.T, got, want []Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("item %d:\ngot  %#v\nwant %#v", i, got[i], want[i])
		}
	}
}

func TestImportEmptyCatalog(t *testing.T) {
	var buf bytes.Buffer
	if err := ExportCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	got, err := ImportCSV("empty.csv", &buf)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("header only: got %v, %v, want an empty catalog", got, err)
	}
}

// csvFile builds a CSV file from a header and rows given as column→value
// changes of a valid row.
func csvFile(t *testing.T, header []string, rows ...map[int]string) string {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	for i, changes := range rows {
		it := validItem()
		it.Code = fmt.Sprintf("AL-TEST-%d", i+1)
		row := encodeRow(it)
		for col, v := range changes {
			row[col] = v
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.String()
}

func TestImportCSVErrors(t *testing.T) {
	type want struct {
		row  int
		col  string // column letter, "" for the row as a whole
		text string
	}
	tests := []struct {
		name string
		file string
		want []want
	}{
		{"empty file", "", []want{{1, "", "the file is empty"}}},
		{"wrong header", csvFile(t, append([]string{"编码"}, Columns[1:]...)), []want{{1, "A", `the header is "编码", must be "code"`}}},
		{"short header", csvFile(t, Columns[:18]), []want{{1, "S", `the header is "", must be "active"`}}},
		{"bad kind and days", csvFile(t, Columns, map[int]string{colKind: "审批", colLegalDays: "三"}), []want{
			{2, "E", `"审批" is not a kind`}, {2, "F", `"三" is not a whole number`}}},
		{"promised over legal", csvFile(t, Columns, nil, map[int]string{colLegalDays: "5", colPromisedDays: "10"}), []want{
			{3, "G", "is 10, must not exceed legal_days 5"}}},
		{"materials syntax", csvFile(t, Columns, map[int]string{colMaterials: "申请书[scan*1]"}), []want{
			{2, "H", `entry 1 (申请书): "scan*1" is not an attribute`}}},
		{"materials unclosed", csvFile(t, Columns, map[int]string{colMaterials: "申请书[original; 营业执照"}), []want{
			{2, "H", "attributes must be one [...] at the end"}}},
		{"reusable without doc", csvFile(t, Columns, map[int]string{colMaterials: "营业执照[copy*1,reusable]"}), []want{
			{2, "H", "a reusable material needs a doc type"}}},
		{"fee", csvFile(t, Columns, map[int]string{colFeeYuan: "1.234"}), []want{{2, "I", "is not an amount in yuan"}}},
		{"fee without basis", csvFile(t, Columns, map[int]string{colFeeYuan: "80"}), []want{{2, "J", "is required when the item charges a fee"}}},
		{"level", csvFile(t, Columns, map[int]string{colLevels: "league;county"}), []want{{2, "K", `"county" is not a level`}}},
		{"depth", csvFile(t, Columns, map[int]string{colOnlineDepth: "online"}), []want{{2, "L", `"online" is not full_online`}}},
		{"boolean", csvFile(t, Columns, map[int]string{colLeagueWide: "maybe"}), []want{{2, "M", `"maybe" is not true or false`}}},
		{"promise of unknown material", csvFile(t, Columns, map[int]string{colNotifyCommit: "是", colPromiseReplaces: "检测报告"}), []want{
			{2, "O", `"检测报告" is not one of the item's materials`}}},
		{"duplicate codes", csvFile(t, Columns, map[int]string{colCode: "AL-X-1"}, nil, map[int]string{colCode: "AL-X-1"}), []want{
			{4, "A", "code AL-X-1 repeats row 2"}}},
		{"too many columns", csvFile(t, Columns) + strings.Repeat("x,", 20) + "x\n", []want{{2, "", "the row has 21 columns, the header 19"}}},
		{"not UTF-8", csvFile(t, Columns) + "AL-X-2,\xc6\xf3\xd2\xb5" + strings.Repeat(",", 17) + "\n", []want{{2, "B", "is not valid UTF-8"}}},
		{"broken quotes", csvFile(t, Columns) + "AL-X-2,\"企业\"x\"\n", []want{{2, "", "not valid CSV"}}},
		{"errors in several rows", csvFile(t, Columns, map[int]string{colKind: "x"}, nil, map[int]string{colOnlineDepth: "x", colCode: "bad code"}), []want{
			{2, "E", "is not a kind"}, {4, "L", "is not full_online"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := ImportCSV("items.csv", strings.NewReader(tt.file))
			if items != nil {
				t.Errorf("got %d items, want none (all or nothing)", len(items))
			}
			list, ok := err.(fault.List)
			if !ok {
				t.Fatalf("got %T %v, want a fault.List", err, err)
			}
			for _, w := range tt.want {
				found := false
				for _, fe := range list {
					if fe.Args["row"] == w.row && (w.col == "" || fe.Args["column"] == w.col) && strings.Contains(fe.Message, w.text) &&
						strings.HasPrefix(fe.Message, "items.csv row ") && fe.Key == "catalog.import.cell" {
						found = true
					}
				}
				if !found {
					t.Errorf("want an error at row %d column %q containing %q; got %v", w.row, w.col, w.text, err)
				}
			}
		})
	}
}

func TestImportAcceptsChineseValuesAndBOM(t *testing.T) {
	row := encodeRow(validItem())
	row[colKind], row[colOnlineDepth], row[colLevels] = "许可", "全程网办", "盟级；旗级"
	row[colLeagueWide], row[colNotifyCommit], row[colActive] = "否", "", ""
	row[colMaterials] = "申请书; 营业执照[复印件×1，reusable，doc=business_licence]"
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write(Columns)
	_ = w.Write(row)
	_ = w.Write(make([]string, numColumns)) // a blank row, as spreadsheets leave
	w.Flush()
	got, err := ImportCSV("zh.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []Item{validItem()}) {
		t.Errorf("got %#v\nwant %#v", got, validItem())
	}
}

func TestImportErrorLimit(t *testing.T) {
	var rows []map[int]string
	for range 300 {
		rows = append(rows, map[int]string{colKind: "x"})
	}
	_, err := ImportCSV("many.csv", strings.NewReader(csvFile(t, Columns, rows...)))
	list := err.(fault.List)
	if len(list) != maxImportErrors+1 || !strings.Contains(list[len(list)-1].Message, "100 more problems not listed") {
		t.Errorf("got %d errors ending %q, want %d and a count of the rest", len(list), list[len(list)-1].Message, maxImportErrors+1)
	}
}

func TestImportXLSXErrors(t *testing.T) {
	t.Run("not a workbook", func(t *testing.T) {
		_, err := ImportXLSX("items.xlsx", strings.NewReader("code,name_zh\n"))
		if list, ok := err.(fault.List); !ok || len(list) != 1 || !strings.Contains(err.Error(), "items.xlsx row 1: not a readable XLSX workbook") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("cell errors with numbers typed as numbers", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		for i, c := range Columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			_ = f.SetCellValue("Sheet1", cell, c)
		}
		for r, it := range []Item{validItem(), validItem()} {
			row := encodeRow(it)
			for i, c := range row {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
				_ = f.SetCellValue("Sheet1", cell, c)
			}
			_ = f.SetCellValue("Sheet1", "F"+string(rune('2'+r)), 20) // legal days as a number
		}
		_ = f.SetCellValue("Sheet1", "G3", 30)
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		_, err := ImportXLSX("items.xlsx", &buf)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		for _, want := range []string{
			"items.xlsx row 3, column A (code): code AL-SCJGJ-0001 repeats row 2",
			"items.xlsx row 3, column G (promised_days): is 30, must not exceed legal_days 20",
		} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %v, want it to contain %q", err, want)
			}
		}
	})
}
