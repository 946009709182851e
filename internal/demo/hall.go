package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workday"
)

// SeedCatalog loads the demo service-item catalog into a database whose
// catalog is empty: the departments of catalog.Departments, their routing
// to the demo organisation's units (DepartmentUnits), the items of
// catalog.Demo and the bundles of application.DemoBundles. A catalog
// already there is kept. The organisation (Seed) must exist.
func SeedCatalog(ctx context.Context, st *storage.Store) error {
	n, err := st.CountItems(ctx)
	if err != nil || n > 0 {
		return err
	}
	depts := catalog.Departments()
	if err := st.SaveDepartments(ctx, depts); err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	us, err := st.Units(ctx)
	if err != nil {
		return err
	}
	ids := make(map[string]int64, len(us))
	for _, u := range us {
		ids[u.Code] = u.ID
	}
	rs, err := st.Regions(ctx)
	if err != nil {
		return err
	}
	tree, err := region.NewTree(rs)
	if err != nil {
		return err
	}
	var banners []string
	for _, b := range tree.Children(LeagueCode) {
		banners = append(banners, b.Code)
	}
	rows, err := DepartmentUnits(depts, ids, banners)
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	if err := st.SetDepartmentUnits(ctx, rows); err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	if _, err := st.ImportItems(ctx, catalog.Demo()); err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	if err := st.SaveBundles(ctx, application.DemoBundles()); err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	return nil
}

// The size of the halls' demo data.
const (
	HallDays         = 25 // working days of applications before now
	HallPerDay       = 10 // applications a day, on average, besides bundles
	HallOpenings     = 8  // enterprise openings (企业开办一件事)
	HallConstruction = 1  // construction-project bundles (工程建设项目审批)
	HallSeed         = 5
)

// HallStats summarises what SeedHall created.
type HallStats struct {
	Applications int            // single applications and bundle parts
	Bundles      int            // bundle applications
	ByState      map[string]int // applications by their state at now
	ByChannel    map[string]int
	CrossRegion  int // 盟域通办
	Late         int // decided after the promised deadline, or overdue now
	Warnings     int // warnings the sweep at now recorded
	Stopped      int // plans stopped by an error (a deadline beyond the calendar)
}

// SeedHall loads the demo catalog (SeedCatalog) and, into a database
// without applications, a realistic set of applications over the HallDays
// working days before now: at the halls' windows and online, most decided
// in time and issued, some corrected first, some refused, withdrawn or
// denied, a few late and a few still open with their deadline warnings, a
// few accepted in one banner for another (盟域通办), enterprise openings
// from submission to delivery and a construction project in progress. The
// organisation (Seed) must exist. Back offices and windows without an
// account get one (approver.<banner>.<department>, window.<region>, password
// Password).
func SeedHall(ctx context.Context, st *storage.Store, cal *workday.Calendar, now time.Time) (HallStats, error) {
	if err := SeedCatalog(ctx, st); err != nil {
		return HallStats{}, err
	}
	have, _, err := st.ListApplications(ctx, storage.ApplicationFilter{ScopeAll: true, Limit: 1})
	if err != nil || len(have) > 0 {
		return HallStats{}, err
	}
	g, err := newHallGen(ctx, st, cal, now)
	if err != nil {
		return HallStats{}, err
	}
	return g.run(ctx)
}

// hallGen generates the halls' demo data on a clock it moves.
type hallGen struct {
	st    *storage.Store
	h     *hall.Service
	cal   *workday.Calendar
	loc   *time.Location
	now   time.Time // the real now: nothing happens after it
	clock time.Time
	rng   *rand.Rand
	hash  string // password hash of created accounts

	units     map[string]org.Unit // by code
	byID      map[int64]org.Unit
	windows   map[string]hall.Caller // by banner code
	approvers map[int64]hall.Caller  // by unit id
	banners   []region.Region
	items     []catalog.Item
	byName    map[string]catalog.Item
	files     map[string]string // material name → sha256 of its scan
	stats     HallStats
}

func newHallGen(ctx context.Context, st *storage.Store, cal *workday.Calendar, now time.Time) (*hallGen, error) {
	g := &hallGen{st: st, cal: cal, loc: cal.Hours().Loc, now: now, rng: rand.New(rand.NewPCG(HallSeed, 0x68616c6c)),
		units: map[string]org.Unit{}, byID: map[int64]org.Unit{}, windows: map[string]hall.Caller{}, approvers: map[int64]hall.Caller{},
		byName: map[string]catalog.Item{}, files: map[string]string{},
		stats: HallStats{ByState: map[string]int{}, ByChannel: map[string]int{}}}
	g.h = hall.New(st, func() *workday.Calendar { return cal }, g.loc)
	g.h.Now = func() time.Time { return g.clock }
	us, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		g.units[u.Code], g.byID[u.ID] = u, u
	}
	if _, ok := g.units[CentreCode]; !ok {
		return nil, fmt.Errorf("demo hall: the demo organisation is missing (no unit %s); run demo.Seed first", CentreCode)
	}
	rs, err := st.Regions(ctx)
	if err != nil {
		return nil, err
	}
	tree, err := region.NewTree(rs)
	if err != nil {
		return nil, err
	}
	g.banners = tree.Children(LeagueCode)
	items, _, err := st.Items(ctx, storage.ItemFilter{})
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Active {
			g.items = append(g.items, it)
			g.byName[it.NameZH] = it
		}
	}
	if g.hash, err = org.HashPassword(Password); err != nil {
		return nil, err
	}
	return g, nil
}

// subject returns the caller of a staff account.
func (g *hallGen) subject(s org.Staff) hall.Caller {
	u := g.byID[s.UnitID]
	return hall.Staff(access.Subject{StaffID: s.ID, Role: s.Role, UnitID: u.ID, UnitKind: u.Kind, UnitRegion: u.RegionCode})
}

// staffOf returns an active account of the role in the unit, creating one
// named username if there is none.
func (g *hallGen) staffOf(ctx context.Context, unit org.Unit, role org.Role, username, display string) (hall.Caller, error) {
	staff, err := g.st.StaffList(ctx, unit.ID)
	if err != nil {
		return hall.Caller{}, err
	}
	for _, s := range staff {
		if s.Role == role && s.Active {
			return g.subject(s), nil
		}
	}
	s, err := g.st.CreateStaff(ctx, org.Staff{Username: username, DisplayName: display, Role: role, UnitID: unit.ID, Lang: "zh", Active: true}, g.hash)
	if err != nil {
		return hall.Caller{}, fmt.Errorf("demo hall: account %s: %w", username, err)
	}
	return g.subject(s), nil
}

// window returns the clerk of the comprehensive window of a banner (or the
// league).
func (g *hallGen) window(ctx context.Context, regionCode string) (hall.Caller, error) {
	if c, ok := g.windows[regionCode]; ok {
		return c, nil
	}
	u, ok := g.units[DeptCode(regionCode, "spj")]
	if !ok {
		return hall.Caller{}, fmt.Errorf("demo hall: no 行政审批和政务服务局 in %s", regionCode)
	}
	c, err := g.staffOf(ctx, u, org.WindowClerk, "window."+regionCode[:6], strings.TrimSuffix(u.NameZH, "行政审批和政务服务局")+" 综合窗口")
	if err == nil {
		g.windows[regionCode] = c
	}
	return c, err
}

// approver returns an approver of the unit that owns an application.
func (g *hallGen) approver(ctx context.Context, unitID int64) (hall.Caller, error) {
	if c, ok := g.approvers[unitID]; ok {
		return c, nil
	}
	u := g.byID[unitID]
	name := "approver." + u.RegionCode[:6] + "." + deptKeyOf(u.Code)
	c, err := g.staffOf(ctx, u, org.Approver, name, u.NameZH+" 审批人员")
	if err == nil {
		g.approvers[unitID] = c
	}
	return c, err
}

// deptKeyOf returns the department key of a unit code dept-<region>-<key>.
func deptKeyOf(code string) string {
	parts := strings.SplitN(code, "-", 3)
	if len(parts) == 3 {
		return parts[2]
	}
	return code
}

// scan returns the stored scan of a material, storing one the first time.
func (g *hallGen) scan(ctx context.Context, name string) (string, error) {
	if sha, ok := g.files[name]; ok {
		return sha, nil
	}
	f, err := g.h.StoreFile(ctx, name+".pdf", []byte("%PDF-1.4\n% 扫描件："+name+"\n%%EOF\n"))
	if err != nil {
		return "", err
	}
	g.files[name] = f.SHA256
	return f.SHA256, nil
}

// Names of applicants and enterprises.
var (
	hallSurnames  = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "马", "周", "吴", "郭", "何", "高", "孙", "田", "韩", "冯", "邓", "宋", "白"}
	hallGiven     = []string{"伟", "芳", "敏", "静", "强", "磊", "军", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "玉兰"}
	hallMongol    = []string{"巴特尔", "其其格", "乌云", "孟和", "苏和", "额尔敦", "朝鲁", "萨仁", "图雅", "娜仁", "斯琴", "宝音", "乌力吉", "哈斯", "阿拉坦", "那仁"}
	hallPlaces    = map[string]string{"152921": "阿拉善左旗", "152922": "阿拉善右旗", "152923": "额济纳旗", "152971": "阿拉善高新区"}
	hallTrades    = []string{"驼乡", "沙漠之舟", "贺兰山", "居延", "胡杨", "腾格里", "巴丹吉林", "锁阳", "苁蓉", "梭梭", "戈壁", "草原"}
	hallBusiness  = []string{"商贸有限公司", "文化旅游有限公司", "农牧业专业合作社", "建筑工程有限公司", "餐饮管理有限公司", "物流有限公司", "生物科技有限公司", "汽车服务有限公司"}
	enterpriseDoc = []string{"business_licence", "legal_rep_id", "articles_of_association", "premises_proof", "project_approval", "eia_approval"}
)

func (g *hallGen) person(area string) application.Applicant {
	name := hallMongol[g.rng.IntN(len(hallMongol))]
	if g.rng.IntN(3) > 0 {
		name = hallSurnames[g.rng.IntN(len(hallSurnames))] + hallGiven[g.rng.IntN(len(hallGiven))]
	}
	birth := time.Date(1955+g.rng.IntN(48), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
	return application.Applicant{Kind: application.Person, Name: name, IDNumber: applicant.GenerateResidentID(g.rng, area, birth),
		Phone: fmt.Sprintf("139%08d", g.rng.IntN(100000000))}
}

func (g *hallGen) enterprise(area string) application.Applicant {
	code := applicant.GenerateCreditCode(g.rng, area)
	name := hallPlaces[area] + hallTrades[g.rng.IntN(len(hallTrades))] + hallBusiness[g.rng.IntN(len(hallBusiness))]
	return application.Applicant{Kind: application.Enterprise, Name: name, IDNumber: code, Phone: fmt.Sprintf("0483%07d", g.rng.IntN(10000000))}
}

// forEnterprises reports whether an item is applied for by organisations.
func forEnterprises(it catalog.Item) bool {
	return slices.ContainsFunc(it.Materials, func(m catalog.MaterialReq) bool { return slices.Contains(enterpriseDoc, m.DocType) })
}

// workdays returns the working days of the n before now's date, oldest first.
func (g *hallGen) workdays(n int) ([]time.Time, error) {
	var out []time.Time
	d := time.Date(g.now.In(g.loc).Year(), g.now.In(g.loc).Month(), g.now.In(g.loc).Day(), 0, 0, 0, 0, g.loc)
	for i := 0; len(out) < n && i < 4*n+30; i++ {
		d = d.AddDate(0, 0, -1)
		ok, err := g.cal.IsWorkday(workday.DateOf(d, g.loc))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, d)
		}
	}
	slices.Reverse(out)
	return out, nil
}

// office returns the instant w of working time after the start of day's
// office hours.
func (g *hallGen) office(day time.Time, w time.Duration) time.Time {
	start := day.Add(time.Duration(g.cal.Hours().Spans[0].Start) * time.Minute)
	t, err := g.cal.AddWorking(start, w)
	if err != nil {
		return start
	}
	return t
}

// later returns the instant w of working time after t.
func (g *hallGen) later(t time.Time, w time.Duration) time.Time {
	u, err := g.cal.AddWorking(t, w)
	if err != nil {
		return t.Add(w)
	}
	return u
}

const workdayLen = 7 * time.Hour

// hallStep is one action of an application's plan.
type hallStep struct {
	at  time.Time
	who hall.Caller
	cmd application.Command
}

// play takes the steps of one application in order until the first that
// lies after now; it returns the application as it stands.
func (g *hallGen) play(ctx context.Context, no string, steps []hallStep) (*application.Application, error) {
	var last *application.Application
	for _, s := range steps {
		if s.at.After(g.now) {
			break
		}
		g.clock = s.at
		v, err := g.h.Act(ctx, s.who, no, s.cmd, 0)
		if err != nil {
			return last, fmt.Errorf("%s %s: %w", s.cmd.Action(), no, err)
		}
		last = v.App
	}
	return last, nil
}

func (g *hallGen) run(ctx context.Context) (HallStats, error) {
	days, err := g.workdays(HallDays)
	if err != nil {
		slog.Warn("demo hall: the working-day calendar does not cover the demo period; no applications created", slog.Any("err", err))
		return g.stats, nil
	}
	var popular []catalog.Item
	for _, name := range []string{"个体工商户设立登记", "企业变更登记", "食品经营许可", "机动车驾驶证换证", "居民身份证换领", "社会保障卡申领",
		"城乡居民基本医疗保险参保登记", "不动产转移登记", "不动产抵押权登记", "住房公积金提取（租房）", "出生登记", "结婚登记",
		"失业登记", "无犯罪记录证明开具", "小餐饮经营许可", "道路运输证配发", "残疾人证核发", "异地就医备案", "发票申领", "林木采伐许可证核发"} {
		if it, ok := g.byName[name]; ok {
			popular = append(popular, it)
		}
	}
	for i, day := range days {
		n := HallPerDay/2 + g.rng.IntN(HallPerDay+1)
		for range n {
			it := g.items[g.rng.IntN(len(g.items))]
			if g.rng.IntN(2) == 0 {
				it = popular[g.rng.IntN(len(popular))]
			}
			if err := g.single(ctx, day, it, len(days)-i); err != nil {
				g.stats.Stopped++
				slog.Debug("demo hall: plan stopped", slog.Any("err", err))
			}
		}
	}
	for k := range HallOpenings {
		day := days[len(days)-1-k*len(days)/HallOpenings]
		if err := g.opening(ctx, day, k); err != nil {
			return g.stats, err
		}
	}
	for range HallConstruction {
		if err := g.construction(ctx, days[len(days)*2/5]); err != nil {
			return g.stats, err
		}
	}
	if g.stats.Stopped > 0 {
		slog.Warn("demo hall: some applications stopped before acceptance, mostly because a deadline falls in a year whose holiday schedule is not loaded",
			slog.Int("stopped", g.stats.Stopped))
	}
	g.clock = g.now
	for range 3 {
		n, err := g.h.Sweep(ctx)
		if err != nil {
			return g.stats, err
		}
		g.stats.Warnings += n
		if n == 0 {
			break
		}
	}
	apps, err := g.st.Applications(ctx, storage.ApplicationFilter{ScopeAll: true})
	if err != nil {
		return g.stats, err
	}
	g.stats.Applications = len(apps)
	for _, a := range apps {
		g.stats.ByState[string(a.State)]++
		g.stats.ByChannel[string(a.Channel)]++
		if a.CrossRegion() {
			g.stats.CrossRegion++
		}
		if !a.DecidedAt.IsZero() && a.DecidedAt.After(a.PromisedDue) || a.DecidedAt.IsZero() && !a.PromisedDue.IsZero() && g.now.After(a.PromisedDue) {
			g.stats.Late++
		}
	}
	return g.stats, nil
}

// bannerAreas are the county codes applicants live in, weighted by people.
var bannerAreas = []string{"152921", "152921", "152921", "152921", "152921", "152922", "152922", "152923", "152923", "152971"}

// single plans and plays one application of item it submitted on day
// (age working days before now).
func (g *hallGen) single(ctx context.Context, day time.Time, it catalog.Item, age int) error {
	area := bannerAreas[g.rng.IntN(len(bannerAreas))]
	home := area + "000000"
	who := g.person(area)
	if forEnterprises(it) {
		who = g.enterprise(area)
	}
	// Most apply in their own banner; league items also at the league's
	// hall; a few league-wide ones at another banner's window (盟域通办).
	accept := home
	if !slices.Contains(it.Levels, catalog.Banner) && slices.Contains(it.Levels, catalog.League) {
		accept = LeagueCode
		if it.Department == "alszq-scjgj" || it.Department == "alsyq-scjgj" || it.Department == "ejnq-scjgj" {
			accept = home
		}
	}
	owner := ""
	if it.LeagueWide && g.rng.IntN(8) == 0 {
		others := slices.DeleteFunc(slices.Clone(g.banners), func(r region.Region) bool { return r.Code == home })
		accept = others[g.rng.IntN(len(others))].Code
		owner = home
	}
	// Banner departments of the catalog handle their own banner only.
	for _, d := range catalog.Departments() {
		if d.Key == it.Department && d.Level == "banner" {
			accept, owner, home = d.Region, "", d.Region
		}
	}
	clerk, err := g.window(ctx, accept)
	if err != nil {
		return err
	}
	channel := application.Window
	if it.OnlineDepth.Online() {
		switch r := g.rng.IntN(20); {
		case r < 7:
			channel = application.Online
		case r < 9:
			channel = application.App
		}
	}
	// The materials: all that are required, some forgotten.
	missing := g.rng.IntN(5) == 0
	var ms []application.Provided
	for _, m := range it.Materials {
		if !m.Required || missing && len(ms) > 0 && g.rng.IntN(2) == 0 {
			continue
		}
		sha, err := g.scan(ctx, m.Name)
		if err != nil {
			return err
		}
		ms = append(ms, application.Provided{Name: m.Name, SHA256: sha})
	}
	t := g.office(day, time.Duration(g.rng.IntN(390))*time.Minute)
	cmd := application.Submit{ItemCode: it.Code, Applicant: who, Channel: channel, OwnerRegion: owner, Materials: ms}
	caller := clerk
	if channel != application.Window {
		caller = hall.Applicant(who.IDNumber)
		cmd.AcceptUnitID = g.units[DeptCode(accept, "spj")].ID
	}
	g.clock = t
	v, err := g.h.Submit(ctx, caller, cmd, false)
	if err != nil {
		return err
	}
	a := v.App
	back, err := g.approver(ctx, a.OwnerUnitID)
	if err != nil {
		return err
	}
	var steps []hallStep
	at := func(w time.Duration) time.Time { t = g.later(t, w); return t }
	// Pre-review: a correction notice for what is missing, online the back
	// office's, at a window the clerk's on the spot.
	if len(a.Materials) < countRequired(it) {
		corrector := clerk
		if channel != application.Window {
			corrector = back
		}
		var give []application.Provided
		for _, m := range it.Materials {
			if m.Required && !slices.ContainsFunc(a.Materials, func(p application.Provided) bool { return p.Name == m.Name }) {
				sha, err := g.scan(ctx, m.Name)
				if err != nil {
					return err
				}
				give = append(give, application.Provided{Name: m.Name, SHA256: sha})
			}
		}
		resubmitter := clerk
		if channel != application.Window {
			resubmitter = hall.Applicant(who.IDNumber)
		}
		steps = append(steps, hallStep{at(20 * time.Minute), corrector, application.Correct{Note: "请补齐材料后再次提交"}},
			hallStep{at(time.Duration(1+g.rng.IntN(12)) * time.Hour), resubmitter, application.Resubmit{Materials: give}})
	}
	// The fate of the application.
	fate := g.rng.IntN(100)
	switch {
	case fate < 4:
		steps = append(steps, hallStep{at(30 * time.Minute), clerk, application.Refuse{Reason: "申请事项不属于本机关职权范围，已告知向有权机关申请"}})
		_, err = g.play(ctx, a.No, steps)
		return err
	case fate < 8:
		steps = append(steps, hallStep{at(2 * time.Hour), map[bool]hall.Caller{true: clerk, false: hall.Applicant(who.IDNumber)}[channel == application.Window],
			application.Withdraw{Reason: "申请人决定暂不办理"}})
		_, err = g.play(ctx, a.No, steps)
		return err
	}
	accept1 := application.Accept{}
	if it.NotifyCommit && g.rng.IntN(2) == 0 {
		accept1.Promise = slices.Clone(it.PromiseReplaces)
	}
	wait := time.Duration(10+g.rng.IntN(50)) * time.Minute
	if channel != application.Window {
		wait = time.Duration(1+g.rng.IntN(6)) * time.Hour // online: pre-review first
	}
	steps = append(steps, hallStep{at(wait), clerk, accept1})
	// Decision time against the limits: most well within the promise, some
	// over it, a few over the legal limit.
	// An on-the-spot item (即办) is due at the end of the day of acceptance.
	limit := time.Duration(it.PromisedDays) * workdayLen
	if it.PromisedDays == 0 {
		limit = 2 * time.Hour
	}
	share := 0.2 + 0.6*g.rng.Float64()
	switch r := g.rng.IntN(100); {
	case r < 8:
		share = 1.1 + 0.5*g.rng.Float64()
	case r < 11:
		share = float64(max(it.LegalDays, 1))/float64(max(it.PromisedDays, 1)) + 0.3
	}
	total := time.Duration(float64(limit) * share)
	reviews := len(it.Steps()) - 1
	for i := range reviews {
		steps = append(steps, hallStep{at(total / time.Duration(reviews+1)), back, application.Review{Opinion: fmt.Sprintf("第%d步审查通过", i+1)}})
		if strings.Contains(it.Steps()[i+1], "现场") && g.rng.IntN(3) == 0 {
			steps = append(steps, hallStep{at(15 * time.Minute), back, application.PauseClock{Reason: application.PauseInspection, Days: 2, Note: "组织现场核查"}},
				hallStep{at(2 * workdayLen), back, application.ResumeClock{Note: "现场核查完毕"}})
		}
	}
	if fate < 12 {
		steps = append(steps, hallStep{at(total / time.Duration(reviews+1)), back, application.Deny{Reason: "经审查，申请人不符合法定条件"}})
		_, err = g.play(ctx, a.No, steps)
		return err
	}
	steps = append(steps, hallStep{at(total / time.Duration(reviews+1)), back, application.Approve{Opinion: "准予"}})
	steps = append(steps, hallStep{at(time.Duration(30+g.rng.IntN(120)) * time.Minute), clerk, application.Issue{CertificateNo: fmt.Sprintf("%s-%06d", it.Code, g.rng.IntN(1000000))}})
	method := application.DeliverWindow
	switch {
	case channel != application.Window && it.OnlineDepth == catalog.FullOnline:
		method = application.DeliverElectronic
	case g.rng.IntN(10) == 0:
		method = application.DeliverMail
	}
	steps = append(steps, hallStep{at(time.Duration(g.rng.IntN(180)) * time.Minute), clerk, application.Deliver{Method: method, Ref: map[bool]string{true: fmt.Sprintf("1%012d", g.rng.Int64N(1e12))}[method == application.DeliverMail]}})
	if g.rng.IntN(2) == 0 {
		score := []int{5, 5, 5, 5, 4, 4, 3, 2, 1}[g.rng.IntN(9)]
		steps = append(steps, hallStep{at(time.Duration(g.rng.IntN(60)) * time.Minute), hall.Applicant(who.IDNumber),
			application.Rate{Channel: channel, Score: score, Comment: map[bool]string{true: "办事效率高，服务态度好", false: "等待时间太长"}[score >= 3]}})
	}
	if accept1.Promise != nil {
		// The promise is checked on site within the verification period.
		steps = append(steps, hallStep{at(3 * workdayLen), back, application.VerifyOK{Note: "经核查，承诺内容属实"}})
	}
	_, err = g.play(ctx, a.No, steps)
	return err
}

func countRequired(it catalog.Item) int {
	n := 0
	for _, m := range it.Materials {
		if m.Required {
			n++
		}
	}
	return n
}

// opening plays an enterprise opening (企业开办一件事) submitted on day:
// most take a morning; one waits for the bank and takes a day and a half.
func (g *hallGen) opening(ctx context.Context, day time.Time, k int) error {
	b, err := g.st.Bundle(ctx, application.BundleEnterpriseOpening)
	if err != nil {
		return err
	}
	area := []string{"152921", "152921", "152922", "152921", "152923", "152921", "152971", "152921"}[k%8]
	home := area + "000000"
	clerk, err := g.window(ctx, home)
	if err != nil {
		return err
	}
	who := g.enterprise(area)
	who.Name = hallPlaces[area] + hallTrades[k%len(hallTrades)] + []string{"科技有限公司", "商贸有限公司", "文化传媒有限公司", "餐饮管理有限公司"}[k%4]
	var ms []application.Provided
	for _, name := range b.SharedMaterials {
		if strings.HasPrefix(name, "授权委托书") {
			continue
		}
		sha, err := g.scan(ctx, name)
		if err != nil {
			return err
		}
		ms = append(ms, application.Provided{Name: name, SHA256: sha})
	}
	form := map[string]string{"enterprise_name": who.Name, "enterprise_type": "有限责任公司", "legal_rep": hallMongol[k%len(hallMongol)],
		"registered_capital": fmt.Sprint(10 * (1 + g.rng.IntN(50))), "address": hallPlaces[area] + "政务服务中心附近", "business_scope": "一般项目：技术服务、销售",
		"phone": who.Phone, "employees": fmt.Sprint(1 + g.rng.IntN(30)), "seal_count": "4", "bank": "中国农业银行", "invoice_kinds": "增值税普通发票"}
	online := k%2 == 1
	cmd := application.BundleSubmit{Applicant: who, Channel: application.Window, Form: form, Materials: ms}
	caller := clerk
	if online {
		cmd.Channel, cmd.AcceptUnitID, caller = application.Online, g.units[DeptCode(home, "spj")].ID, hall.Applicant(who.IDNumber)
	}
	t := g.office(day, time.Duration(g.rng.IntN(60))*time.Minute)
	g.clock = t
	bv, err := g.h.SubmitBundle(ctx, caller, b.Code, cmd, false)
	if err != nil {
		return err
	}
	g.stats.Bundles++
	slow := k == 3 // one opening waits for the bank and misses the one-day target
	for i, p := range bv.Parts {
		back, err := g.approver(ctx, p.App.OwnerUnitID)
		if err != nil {
			return err
		}
		s := t
		next := func(w time.Duration) time.Time { s = g.later(s, w); return s }
		decide := time.Duration(20+g.rng.IntN(100)) * time.Minute
		if slow && i == len(bv.Parts)-1 {
			decide = 9 * time.Hour
		}
		steps := []hallStep{
			{next(15 * time.Minute), clerk, application.Accept{}},
			{next(decide / 2), back, application.Review{Opinion: "信息核验无误"}},
			{next(decide / 2), back, application.Approve{Opinion: "准予"}},
			{next(20 * time.Minute), clerk, application.Issue{CertificateNo: fmt.Sprintf("KB-%s-%02d", who.IDNumber[10:16], i+1)}},
			{next(30 * time.Minute), clerk, application.Deliver{Method: map[bool]string{true: application.DeliverElectronic, false: application.DeliverWindow}[online]}},
		}
		if _, err := g.play(ctx, p.App.No, steps); err != nil {
			return err
		}
	}
	return nil
}

// construction plays a construction-project bundle (工程建设项目审批)
// accepted on day: the seven approvals run in parallel and take weeks,
// the environmental assessment pauses for expert review.
func (g *hallGen) construction(ctx context.Context, day time.Time) error {
	b, err := g.st.Bundle(ctx, application.BundleConstruction)
	if err != nil {
		return err
	}
	clerk, err := g.window(ctx, "152921000000")
	if err != nil {
		return err
	}
	who := application.Applicant{Kind: application.Enterprise, Name: "阿拉善左旗城市建设投资有限公司", IDNumber: applicant.GenerateCreditCode(g.rng, "152921"), Phone: "04838221234"}
	var ms []application.Provided
	for _, name := range b.SharedMaterials {
		if strings.HasPrefix(name, "授权委托书") {
			continue
		}
		sha, err := g.scan(ctx, name)
		if err != nil {
			return err
		}
		ms = append(ms, application.Provided{Name: name, SHA256: sha})
	}
	form := map[string]string{"project_name": "巴彦浩特镇老旧小区配套综合服务中心", "project_code": "2026-152921-47-01-000123", "builder": who.Name,
		"site": "阿拉善左旗巴彦浩特镇", "land_area": "8200", "floor_area": "15600", "investment": "6800", "contact": "刘工 13904830000"}
	t := g.office(day, 90*time.Minute)
	g.clock = t
	bv, err := g.h.SubmitBundle(ctx, clerk, b.Code, application.BundleSubmit{Applicant: who, Channel: application.Window, Form: form, Materials: ms}, false)
	if err != nil {
		return err
	}
	g.stats.Bundles++
	for i, p := range bv.Parts {
		back, err := g.approver(ctx, p.App.OwnerUnitID)
		if err != nil {
			return err
		}
		s := g.later(t, 30*time.Minute)
		steps := []hallStep{{s, clerk, application.Accept{}}}
		span := time.Duration(2+3*i) * workdayLen
		for j := range len(p.App.Item.Steps) - 1 {
			s = g.later(s, span/time.Duration(len(p.App.Item.Steps)))
			steps = append(steps, hallStep{s, back, application.Review{Opinion: fmt.Sprintf("第%d步审查意见：符合要求", j+1)}})
			if p.App.Item.Code == g.byName["建设项目环境影响报告表审批"].Code && j == 0 {
				s = g.later(s, time.Hour)
				steps = append(steps, hallStep{s, back, application.PauseClock{Reason: application.PauseExpertReview, Days: 10, Note: "组织专家技术评估"}})
				s = g.later(s, 8*workdayLen)
				steps = append(steps, hallStep{s, back, application.ResumeClock{Note: "专家评估完成"}})
			}
		}
		s = g.later(s, span/time.Duration(len(p.App.Item.Steps)))
		steps = append(steps, hallStep{s, back, application.Approve{Opinion: "准予"}})
		s = g.later(s, time.Hour)
		steps = append(steps, hallStep{s, clerk, application.Issue{CertificateNo: fmt.Sprintf("GC-2026-%03d", i+1)}})
		if _, err := g.play(ctx, p.App.No, steps); err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return nil
}
