package catalog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"tongban/internal/fault"
)

// ImportCSV reads a catalog from a UTF-8 CSV file (a byte-order mark is
// allowed) with the header of Columns. name is the file name used in error
// messages. It returns every item, or no item and a fault.List with one entry
// per problem, each naming the file, row, column and reason; codes repeated
// within the file are problems too.
func ImportCSV(name string, r io.Reader) ([]Item, error) {
	im := newImporter(name)
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1 // row lengths are checked per row, with a better message
	// Rows are counted as records, as a spreadsheet shows them, not as text
	// lines: a guide cell may span several lines.
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				im.header = true // not empty: broken, which is what to report
				im.fail(row, -1, csvProblem(pe))
				return im.result()
			}
			return nil, fmt.Errorf("catalog: read %s: %w", name, err)
		}
		im.addRow(row, rec)
		if im.tooMany {
			break
		}
	}
	return im.result()
}

// ExportCSV writes items as UTF-8 CSV with the header of Columns, preceded by
// a byte-order mark so that Excel on Chinese Windows opens it as UTF-8 rather
// than GBK.
func ExportCSV(w io.Writer, items []Item) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, it := range items {
		if err := cw.Write(encodeRow(it)); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("catalog: write CSV: %w", err)
	}
	return bw.Flush()
}

// csvProblem is the reason of a CSV syntax error. Misplaced quotes, the
// usual cause, get a message of their own, as encoding/csv's detail is
// English; any other detail is passed on as it is.
func csvProblem(pe *csv.ParseError) *fault.Error {
	key := "catalog.reason.csv"
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		key = "catalog.reason.csv_quote"
	}
	return invalid("", key, map[string]any{"line": pe.Line, "error": pe.Err.Error()},
		"not valid CSV (text line %d): %v", pe.Line, pe.Err)
}
