package hall

import (
	"context"
	"slices"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/storage"
)

// MeasureQuery selects the applications measured: of one department's
// items, owned in one region's subtree, submitted in [From, To). Zero
// fields do not filter.
type MeasureQuery struct {
	Department string
	Region     string
	From, To   time.Time
}

// Share is a count out of a total and their ratio (0 when the total is 0).
type Share struct {
	Count int     `json:"count"`
	Total int     `json:"total"`
	Rate  float64 `json:"rate"`
}

func share(n, of int) Share {
	s := Share{Count: n, Total: of}
	if of > 0 {
		s.Rate = float64(n) / float64(of)
	}
	return s
}

func ratio(r application.Ratio) Share { return share(r.OnTime, r.Due) }

// ItemsOnline is how far the active items of the catalog can be handled
// online: over all of them, and over the approval items (administrative
// powers), which is what the source's "online rate > 90%" counts.
type ItemsOnline struct {
	Items                    int     `json:"items"`
	FullOnline               float64 `json:"full_online"`
	AtLeastPreReview         float64 `json:"at_least_pre_review"`
	ApprovalItems            int     `json:"approval_items"`
	ApprovalFullOnline       float64 `json:"approval_full_online"`
	ApprovalAtLeastPreReview float64 `json:"approval_at_least_pre_review"`
}

// Online is the online rate: of the applications, the share submitted
// online or in the app (网上申办率); of the items, how far they can be
// handled online (网上可办率).
type Online struct {
	Applications Share       `json:"applications"`
	Items        ItemsOnline `json:"items"`
}

// OnTime is the on-time rate against the legal and the promised limits:
// applications decided by the deadline out of those decided or overdue.
type OnTime struct {
	Legal    Share `json:"legal"`
	Promised Share `json:"promised"`
}

// ItemElapsed is the real elapsed working days of one item's applications,
// from acceptance to result without legal pauses, against its limits.
type ItemElapsed struct {
	Code         string  `json:"code"`
	NameZH       string  `json:"name_zh"`
	LegalDays    int     `json:"legal_days"`
	PromisedDays int     `json:"promised_days"`
	N            int     `json:"n"`
	Median       float64 `json:"median"`
	P90          float64 `json:"p90"`
	// OnTimePromised counts the item's applications decided by their
	// promised deadline.
	OnTimePromised Share `json:"on_time_promised"`
}

// BundleElapsed is the end-to-end working days of a bundle's done
// applications, from the first acceptance to the last result, against its
// target.
type BundleElapsed struct {
	Code       string  `json:"code"`
	NameZH     string  `json:"name_zh"`
	TargetDays int     `json:"target_days"`
	N          int     `json:"n"`
	Median     float64 `json:"median"`
	P90        float64 `json:"p90"`
	OnTarget   Share   `json:"on_target"`
}

// RegionPairCount counts league-wide applications (盟域通办) accepted in
// one banner and owned by another.
type RegionPairCount struct {
	Accept     string `json:"accept"`
	AcceptName string `json:"accept_name"`
	Owner      string `json:"owner"`
	OwnerName  string `json:"owner_name"`
	Count      int    `json:"count"`
}

// Measures are the indicators of the halls for a department, region and
// period (DOMAIN.md §1, §5).
type Measures struct {
	Department   string            `json:"department,omitempty"`
	Region       string            `json:"region,omitempty"`
	From         *time.Time        `json:"from,omitempty"`
	To           *time.Time        `json:"to,omitempty"`
	At           time.Time         `json:"at"`
	Applications int               `json:"applications"`
	Online       Online            `json:"online"`
	OnTime       OnTime            `json:"on_time"`
	Items        []ItemElapsed     `json:"items"`
	Bundles      []BundleElapsed   `json:"bundles"`
	CrossRegion  []RegionPairCount `json:"cross_region"`
}

// Measures computes the indicators over the applications the query selects
// within the subject's region subtree (the league's: all). A region outside
// that subtree is forbidden.
func (s *Service) Measures(ctx context.Context, sub access.Subject, q MeasureQuery) (Measures, error) {
	if err := access.Require(sub, access.ReadMeasures); err != nil {
		return Measures{}, err
	}
	scope := access.RegionPrefix(sub.UnitRegion)
	if q.Region != "" && !strings.HasPrefix(q.Region, scope) && !strings.HasPrefix(scope, access.RegionPrefix(q.Region)) {
		return Measures{}, fault.Forbiddenf("region %s is outside the region of unit %d", q.Region, sub.UnitID)
	}
	cal, err := s.calendar()
	if err != nil {
		return Measures{}, err
	}
	now := s.Now()
	f := storage.ApplicationFilter{Department: q.Department, From: q.From, To: q.To, ScopeRegion: scope}
	if q.Region != "" {
		f.RegionPrefix = access.RegionPrefix(q.Region)
	}
	apps, err := s.st.Applications(ctx, f)
	if err != nil {
		return Measures{}, err
	}
	m := Measures{Department: q.Department, Region: q.Region, At: now.UTC(), Applications: len(apps),
		Items: []ItemElapsed{}, Bundles: []BundleElapsed{}, CrossRegion: []RegionPairCount{}}
	if !q.From.IsZero() {
		m.From = &q.From
	}
	if !q.To.IsZero() {
		m.To = &q.To
	}

	online := 0
	byItem := map[string][]*application.Application{}
	for _, a := range apps {
		if a.Channel == application.Online || a.Channel == application.App {
			online++
		}
		byItem[a.Item.Code] = append(byItem[a.Item.Code], a)
	}
	m.Online.Applications = share(online, len(apps))
	active := true
	items, _, err := s.st.Items(ctx, storage.ItemFilter{Department: q.Department, Active: &active})
	if err != nil {
		return Measures{}, err
	}
	var approval []catalog.Item
	for _, it := range items {
		if it.Kind.Administrative() {
			approval = append(approval, it)
		}
	}
	io := &m.Online.Items
	io.Items, io.ApprovalItems = len(items), len(approval)
	io.FullOnline, io.AtLeastPreReview = catalog.OnlineRate(items)
	io.ApprovalFullOnline, io.ApprovalAtLeastPreReview = catalog.OnlineRate(approval)

	rates := application.OnTime(apps, now)
	m.OnTime = OnTime{Legal: ratio(rates.Legal), Promised: ratio(rates.Promised)}

	day := dayLength(cal)
	elapsed, err := application.ElapsedByItem(apps, cal, day)
	if err != nil {
		return Measures{}, calendarError(err)
	}
	for code, st := range elapsed {
		first := byItem[code][0]
		m.Items = append(m.Items, ItemElapsed{Code: code, NameZH: first.Item.NameZH, LegalDays: first.Item.LegalDays,
			PromisedDays: first.Item.PromisedDays, N: st.N, Median: st.Median, P90: st.P90,
			OnTimePromised: ratio(application.OnTime(byItem[code], now).Promised)})
	}
	slices.SortFunc(m.Items, func(a, b ItemElapsed) int { return strings.Compare(a.Code, b.Code) })

	bundles, err := s.st.Bundles(ctx)
	if err != nil {
		return Measures{}, err
	}
	byBundle, err := application.ElapsedByBundle(apps, cal, day)
	if err != nil {
		return Measures{}, calendarError(err)
	}
	for _, b := range bundles {
		target, err := application.TargetRate(b, apps, cal, day)
		if err != nil {
			return Measures{}, calendarError(err)
		}
		st := byBundle[b.Code]
		m.Bundles = append(m.Bundles, BundleElapsed{Code: b.Code, NameZH: b.NameZH, TargetDays: b.TargetDays,
			N: st.N, Median: st.Median, P90: st.P90, OnTarget: ratio(target)})
	}

	regions, err := s.st.Regions(ctx)
	if err != nil {
		return Measures{}, err
	}
	names := make(map[string]string, len(regions))
	for _, r := range regions {
		names[r.Code] = r.Name
	}
	for p, n := range application.CrossRegion(apps) {
		m.CrossRegion = append(m.CrossRegion, RegionPairCount{Accept: p.Accept, AcceptName: names[p.Accept],
			Owner: p.Owner, OwnerName: names[p.Owner], Count: n})
	}
	slices.SortFunc(m.CrossRegion, func(a, b RegionPairCount) int {
		if c := strings.Compare(a.Accept, b.Accept); c != 0 {
			return c
		}
		return strings.Compare(a.Owner, b.Owner)
	})
	return m, nil
}
