package application

import (
	"math"
	"slices"
	"time"
)

// DefaultWorkday is the office time of one working day (08:30–12:00 and
// 14:30–18:00), used to express working time in working days.
const DefaultWorkday = 7 * time.Hour

// Ratio counts cases on time out of cases due.
type Ratio struct {
	OnTime int `json:"on_time"`
	Due    int `json:"due"`
}

// Value returns OnTime/Due, or 0 when nothing was due (callers show "—").
func (r Ratio) Value() float64 {
	if r.Due == 0 {
		return 0
	}
	return float64(r.OnTime) / float64(r.Due)
}

// OnTimeRates are the on-time rates against the legal and the promised limit.
type OnTimeRates struct {
	Legal    Ratio `json:"legal"`
	Promised Ratio `json:"promised"`
}

// OnTime measures, at now, how many accepted applications were decided by
// their legal and promised deadlines. An application counts once it is
// decided (approved or denied, on time if by the deadline) or, undecided and
// under review, once its deadline has passed (late). Paused applications are
// counted only when decided, since their clocks stand still; applications
// withdrawn before a decision are not counted.
func OnTime(apps []*Application, now time.Time) OnTimeRates {
	var r OnTimeRates
	count := func(rate *Ratio, due time.Time, a *Application) {
		switch {
		case !a.DecidedAt.IsZero():
			rate.Due++
			if !a.DecidedAt.After(due) {
				rate.OnTime++
			}
		case a.State == Reviewing && now.After(due):
			rate.Due++
		}
	}
	for _, a := range apps {
		if a.AcceptedAt.IsZero() {
			continue
		}
		count(&r.Legal, a.LegalDue, a)
		count(&r.Promised, a.PromisedDue, a)
	}
	return r
}

// Stats summarises elapsed working days.
type Stats struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
}

// summarise computes the median (the mean of the middle two for an even
// count) and the 90th percentile by nearest rank (the smallest value with at
// least 90% of the values at or below it).
func summarise(days []float64) Stats {
	if len(days) == 0 {
		return Stats{}
	}
	slices.Sort(days)
	n := len(days)
	med := days[n/2]
	if n%2 == 0 {
		med = (days[n/2-1] + days[n/2]) / 2
	}
	rank := int(math.Ceil(0.9*float64(n))) - 1
	return Stats{N: n, Median: med, P90: days[rank]}
}

// Elapsed returns the working time an application took from acceptance to its
// result — issued, or denied — without its pauses; ok is false for
// applications without a result.
func Elapsed(a *Application, cal Calendar) (d time.Duration, ok bool, err error) {
	end := a.IssuedAt
	if end.IsZero() && a.State == Denied {
		end = a.DecidedAt
	}
	if a.AcceptedAt.IsZero() || end.IsZero() {
		return 0, false, nil
	}
	w, err := cal.WorkingTime(a.AcceptedAt, end)
	if err != nil {
		return 0, false, calendarError(err)
	}
	return max(w-a.PausedWorking(), 0), true, nil
}

func days(d, workday time.Duration) float64 {
	if workday <= 0 {
		workday = DefaultWorkday
	}
	return float64(d) / float64(workday)
}

// ElapsedByItem returns, per item code, the median and 90th percentile of the
// working days applications took (see Elapsed); workday is the office time of
// a working day (0 means DefaultWorkday).
func ElapsedByItem(apps []*Application, cal Calendar, workday time.Duration) (map[string]Stats, error) {
	byItem := map[string][]float64{}
	for _, a := range apps {
		d, ok, err := Elapsed(a, cal)
		if err != nil {
			return nil, err
		}
		if ok {
			byItem[a.Item.Code] = append(byItem[a.Item.Code], days(d, workday))
		}
	}
	out := make(map[string]Stats, len(byItem))
	for code, ds := range byItem {
		out[code] = summarise(ds)
	}
	return out, nil
}

// Bundles groups the parts of bundle applications by bundle application
// number; applications outside a bundle are left out.
func Bundles(apps []*Application) map[string][]*Application {
	out := map[string][]*Application{}
	for _, a := range apps {
		if a.Bundle.No != "" {
			out[a.Bundle.No] = append(out[a.Bundle.No], a)
		}
	}
	return out
}

// ElapsedByBundle returns, per bundle code, the median and 90th percentile of
// the working days done bundle applications took end to end (see
// BundleElapsed).
func ElapsedByBundle(apps []*Application, cal Calendar, workday time.Duration) (map[string]Stats, error) {
	byCode := map[string][]float64{}
	for _, parts := range Bundles(apps) {
		d, ok, err := BundleElapsed(parts, cal)
		if err != nil {
			return nil, err
		}
		if ok {
			code := parts[0].Bundle.Code
			byCode[code] = append(byCode[code], days(d, workday))
		}
	}
	out := make(map[string]Stats, len(byCode))
	for code, ds := range byCode {
		out[code] = summarise(ds)
	}
	return out, nil
}

// TargetRate counts the done applications of bundle b that took at most its
// target working days end to end.
func TargetRate(b Bundle, apps []*Application, cal Calendar, workday time.Duration) (Ratio, error) {
	var r Ratio
	for _, parts := range Bundles(apps) {
		if parts[0].Bundle.Code != b.Code {
			continue
		}
		d, ok, err := BundleElapsed(parts, cal)
		if err != nil {
			return Ratio{}, err
		}
		if ok {
			r.Due++
			if days(d, workday) <= float64(b.TargetDays) {
				r.OnTime++
			}
		}
	}
	return r, nil
}

// RegionPair is an accepting and an owning region.
type RegionPair struct {
	Accept string `json:"accept"`
	Owner  string `json:"owner"`
}

// CrossRegion counts the league-wide (盟域通办) applications per pair of
// accepting and owning region: those accepted in another banner than the one
// that owns them.
func CrossRegion(apps []*Application) map[RegionPair]int {
	out := map[RegionPair]int{}
	for _, a := range apps {
		if a.State != New && a.CrossRegion() {
			out[RegionPair{a.AcceptRegion, a.OwnerRegion}]++
		}
	}
	return out
}
