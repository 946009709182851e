package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

// MaxExport is the most orders one export holds; narrow the filters for more.
const MaxExport = 100000

var exportHeader = []string{"no", "registered_at", "channel", "type", "category", "urgency", "region_code", "state",
	"lead_unit_id", "caller_name", "caller_phone", "caller_lang", "title", "warning", "rehandle_count", "problem",
	"closed_at", "resolved", "satisfaction"}

func exportRow(o *workorder.Order, warning string) []string {
	lead := ""
	if a := o.LeadAssignment(); a != nil {
		lead = strconv.FormatInt(a.UnitID, 10)
	}
	t := func(v time.Time) string {
		if v.IsZero() {
			return ""
		}
		return v.In(shanghai).Format("2006-01-02 15:04")
	}
	sat, resolved := "", ""
	if o.Callback.Reached {
		sat, resolved = strconv.Itoa(o.Callback.Satisfaction), strconv.FormatBool(o.Callback.Resolved)
	}
	return []string{o.No, t(o.Times.Registered), string(o.Channel), string(o.Type), o.Category, string(o.Urgency), o.RegionCode,
		string(o.State), lead, o.Caller.Name, o.Caller.Phone, string(o.Caller.Lang), o.Title, warning,
		strconv.Itoa(o.RehandleCount), strconv.FormatBool(o.Problem), t(o.Times.Closed), resolved, sat}
}

// exportOrders writes the orders a list filter selects as CSV or XLSX, each
// as the reader may see it: callers of reports and confidential orders are
// blank outside the hotline centre, as everywhere else.
func (a *API) exportOrders(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := access.Require(sub, access.ReadOrders); err != nil {
		return err
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format != "csv" && format != "xlsx" {
		return fault.Invalidf("format", "must be csv or xlsx")
	}
	q.Del("format")
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	f, err := parseFilter(r2)
	if err != nil {
		return err
	}
	if f.Before != 0 || f.Limit != 0 {
		return fault.Invalidf("cursor", "an export takes no cursor or limit: it holds every matching order")
	}
	sc := access.OrderScope(sub)
	f.ScopeAll, f.ScopeRegion, f.ScopeUnit, f.Limit = sc.All, sc.RegionPrefix, sc.UnitID, 200
	var rows [][]string
	for {
		page, next, err := a.st.ListOrders(r.Context(), f)
		if err != nil {
			return err
		}
		for _, s := range page {
			rows = append(rows, exportRow(access.View(sub, s.Order), s.Warning))
		}
		if next == 0 {
			break
		}
		if len(rows) >= MaxExport {
			return fault.New(fault.TooLarge, "more than %d orders match; narrow the filters (from, to, region, state …)", MaxExport)
		}
		f.Before = next
	}
	name := "orders-" + time.Now().In(shanghai).Format("20060102-1504")
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		w.Write([]byte("\ufeff")) // so spreadsheet programs read UTF-8
		cw := csv.NewWriter(w)
		cw.Write(exportHeader)
		cw.WriteAll(rows)
		return cw.Error()
	}
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for i, row := range append([][]string{exportHeader}, rows...) {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
	return x.Write(w)
}
