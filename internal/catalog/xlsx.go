package catalog

import (
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"
)

// SheetName is the worksheet ExportXLSX writes; ImportXLSX reads it, or the
// first worksheet when there is none of that name, so a workbook may keep
// notes on other sheets.
const SheetName = "事项目录"

// xlsxLimits bound what an uploaded workbook may unzip to: a workbook is a zip
// archive, and excelize's default limit (16 GB) would let a small crafted
// upload exhaust the server's memory or disk.
var xlsxLimits = excelize.Options{
	RawCellValue:      true, // numbers as typed, not as displayed (no "20.00" or dates)
	UnzipSizeLimit:    256 << 20,
	UnzipXMLSizeLimit: 64 << 20,
}

// ImportXLSX reads a catalog from the first worksheet of an XLSX workbook
// whose row 1 holds the header of Columns, with the same rules and errors as
// ImportCSV.
func ImportXLSX(name string, r io.Reader) ([]Item, error) {
	f, err := excelize.OpenReader(r, xlsxLimits)
	if err != nil {
		im := newImporter(name)
		im.header = true // not empty: unreadable, which is what to report
		im.fail(1, -1, invalid("", "catalog.reason.xlsx", map[string]any{"error": err.Error()},
			"not a readable XLSX workbook: %v", err))
		return im.result()
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return newImporter(name).result()
	}
	sheet := sheets[0]
	if slices.Contains(sheets, SheetName) {
		sheet = SheetName
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("catalog: read %s: %w", name, err)
	}
	defer rows.Close()
	im := newImporter(name)
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(xlsxLimits)
		if err != nil {
			return nil, fmt.Errorf("catalog: read %s row %d: %w", name, n, err)
		}
		im.addRow(n, cells)
		if im.tooMany {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("catalog: read %s: %w", name, err)
	}
	return im.result()
}

// ExportXLSX writes items to a one-sheet workbook with the header of Columns,
// through excelize's stream writer so that the full catalog (thousands of
// rows with long guide texts) is never held as a cell tree in memory. Every
// cell is text except the day counts, so that codes and fees keep their exact
// form when the file is edited and imported again.
func ExportXLSX(w io.Writer, items []Item) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return fmt.Errorf("catalog: xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return fmt.Errorf("catalog: xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("catalog: xlsx: %w", err)
	}
	widths := map[int]float64{colCode: 22, colNameZH: 36, colDepartment: 12, colMaterials: 60, colLegalBasis: 40, colGuide: 60}
	for col := range numColumns {
		wd, ok := widths[col]
		if !ok {
			wd = 14
		}
		if err := sw.SetColWidth(col+1, col+1, wd); err != nil {
			return fmt.Errorf("catalog: xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("catalog: xlsx: %w", err)
	}
	header := make([]any, numColumns)
	for i, c := range Columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("catalog: xlsx: %w", err)
	}
	for i, it := range items {
		cells := encodeRow(it)
		row := make([]any, numColumns)
		for col, c := range cells {
			row[col] = c
		}
		row[colLegalDays], row[colPromisedDays] = it.LegalDays, it.PromisedDays
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("catalog: xlsx: item %s: %w", it.Code, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("catalog: xlsx: %w", err)
	}
	return f.Write(w)
}
