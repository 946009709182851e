package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/hotline"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workday"
	"tongban/internal/workorder"
)

// The size of the data set `tongban demo` creates.
const (
	DemoOrders = 1200
	DemoDays   = 90
	DemoSeed   = 1
)

// Stats summarises the orders Orders created, as they stand at its now.
type Stats struct {
	Orders    int
	Events    int
	ByState   map[string]int
	ByType    map[string]int
	ByLang    map[string]int
	ByChannel map[string]int
	// ByLead counts dispatched orders by where their current lead unit sits:
	// league department, banner department, town office, committee.
	ByLead map[string]int
	// ByAction counts the actions taken, register included.
	ByAction map[string]int

	Urgent, Confidential, Anonymous int
	RepeatCallers                   int // phone numbers with more than one order
	Assisted                        int // orders with an assisting unit (协办)
	SubDispatched                   int // orders sent on below their lead unit (下派)
	TownLevel                       int // orders that reached a sumu/town/street office
	CommitteeLevel                  int // orders that reached a gacha/community committee
	Problem                         int // re-handled three times (提级督办)
	Red, Yellow                     int // open orders with a deadline warning now
	SweepEvents                     int // warnings and automatic urges recorded at now
	CalendarStops                   int // orders stopped or not registered: a deadline beyond the calendar

	// The four rates (DOMAIN.md §4) over the data set: signed by the sign
	// deadline, replied by the (extended) reply deadline, resolved on
	// callback, rated 3–5 on callback.
	Response, OnTime, Resolution, Satisfaction float64

	Elapsed time.Duration
}

// SeedOrders creates the demo work orders of `tongban demo` (DemoOrders
// over the DemoDays days before now) in a database that has the demo
// organisation and no orders yet; otherwise it does nothing. When the
// working-day calendar does not reach far enough past now it logs why and
// creates none, so the server still starts.
func SeedOrders(ctx context.Context, st *storage.Store, svc *hotline.Service) error {
	have, _, err := st.ListOrders(ctx, storage.OrderFilter{ScopeAll: true, Limit: 1})
	if err != nil || len(have) > 0 {
		return err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(units, func(u org.Unit) bool { return u.Code == CentreCode }) {
		slog.InfoContext(ctx, "demo orders skipped: the organisation is not the demo's")
		return nil
	}
	s, err := Orders(ctx, st, svc, time.Now(), DemoOrders, DemoDays, DemoSeed)
	if errors.Is(err, workday.ErrNoSchedule) {
		slog.WarnContext(ctx, "demo orders skipped", slog.Any("err", err))
		return nil
	}
	if err != nil {
		return err
	}
	slog.InfoContext(ctx, "demo orders", slog.Int("orders", s.Orders), slog.Int("events", s.Events),
		slog.Any("states", s.ByState), slog.Duration("took", s.Elapsed))
	if s.CalendarStops > 0 {
		slog.WarnContext(ctx, "demo orders stopped short: their deadlines fall in a year without a holiday schedule; import it and they can go on",
			slog.Int("orders", s.CalendarStops))
	}
	return nil
}

// lanes is how many orders are worked on at once. Each lane has its own
// Service, because a Service has one clock and every order's actions carry
// their own times; the store batches the lanes' writes into shared commits.
const lanes = 8

// Orders creates n demo orders over the `days` days before now through the
// hotline service, driving each through a realistic part of its lifecycle
// with the service clock set to plausible times. It needs the demo
// organisation (Seed) and a category tree. The orders are registered one by
// one in time order, so order numbers and list order follow the clock; their
// lifecycles then run in a few lanes at once, and a last deadline sweep at
// now records the warnings of the overdue ones. The same seed gives the same
// orders. svc.Now is restored before Orders returns.
func Orders(ctx context.Context, st *storage.Store, svc *hotline.Service, now time.Time, n, days int, seed int64) (Stats, error) {
	started := time.Now()
	if n <= 0 || days <= 0 {
		return Stats{}, fmt.Errorf("demo orders: n and days must be positive, not %d and %d", n, days)
	}
	now = now.Round(0).UTC()
	// The window must be in the calendar. Deadlines past now may not be (a
	// December before next year's schedule is published): an order whose
	// next action needs one stops where it is, as the service would refuse
	// that action to anyone.
	cal := svc.Calendar()
	for _, t := range []time.Time{now.AddDate(0, 0, -days-1), now} {
		if _, err := cal.Deadline(t, 0); err != nil {
			return Stats{}, fmt.Errorf("demo orders: the working-day calendar must cover the %d days before %s: %w", days, now.Format(time.DateOnly), err)
		}
	}
	w, err := newWorld(ctx, st, svc, now)
	if err != nil {
		return Stats{}, err
	}
	plans := w.plan(n, days, seed)

	saved := svc.Now
	defer func() { svc.Now = saved }()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *plan)
	acts := make([]map[string]int, lanes)
	stopped := make([]int, lanes)
	errs := make([]error, lanes)
	ls := make([]*lane, lanes)
	for i := range ls {
		if ls[i], err = w.newLane(ctx); err != nil {
			return Stats{}, err
		}
		acts[i], ls[i].stopped = ls[i].acts, &stopped[i]
	}
	var wg sync.WaitGroup
	for i, l := range ls {
		wg.Go(func() {
			for p := range jobs {
				if errs[i] != nil {
					continue
				}
				if err := w.runJob(ctx, l, p, seed); err != nil {
					errs[i] = err
					cancel()
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, p := range plans {
			if p.out == outDuplicate {
				continue // runs with its master
			}
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	registered, skipped, regErr := w.registerAll(ctx, svc, plans)
	if regErr != nil {
		cancel()
	}
	wg.Wait()
	// The first failure cancels the rest; report it, not what it canceled.
	for _, err := range append(errs, regErr) {
		if err != nil && !errors.Is(err, context.Canceled) {
			return Stats{}, err
		}
	}
	if err := cmp.Or(regErr, ctx.Err()); err != nil {
		return Stats{}, err
	}

	total := map[string]int{workorder.ActionRegister: registered}
	stops := skipped
	for i, m := range acts {
		stops += stopped[i]
		for k, v := range m {
			total[k] += v
		}
	}
	svc.Now = func() time.Time { return now }
	swept := 0
	for range 20 {
		k, err := svc.Sweep(ctx)
		if err != nil {
			return Stats{}, fmt.Errorf("demo orders: sweep: %w", err)
		}
		swept += k
		if k == 0 {
			break
		}
	}
	s, err := w.stats(ctx, plans, total)
	if err != nil {
		return s, err
	}
	s.SweepEvents = swept
	s.CalendarStops = stops
	s.Elapsed = time.Since(started)
	return s, nil
}

// world is what the generator knows about the organisation, the regions,
// the categories and the clock.
type world struct {
	st      *storage.Store
	cal     *workday.Calendar
	loc     *time.Location
	now     time.Time
	workDay time.Duration // working time of a full working day

	byCode   map[string]org.Unit
	byID     map[int64]org.Unit
	handlers map[int64]int64 // unit → a demo handler account in it
	heads    map[int64]int64 // unit → its demo unit head

	agentZH, agentMN, dispatcher, subDispatcher, supervisor access.Subject

	places []*place
	focus  *place // the village of the demo's committee account, which should have work
	leaves []leaf
	cats   map[string][]string // keyword list → matching category codes
}

// place is a region an order can be about.
type place struct {
	r      region.Region
	town   *place // itself for a town
	banner region.Region
	name   string // short: 营盘水社区, 巴彦浩特镇, 额鲁特街道
	urban  bool
	weight float64
}

type leaf struct{ code, name, path string }

func newWorld(ctx context.Context, st *storage.Store, svc *hotline.Service, now time.Time) (*world, error) {
	cal := svc.Calendar()
	h := cal.Hours()
	w := &world{st: st, cal: cal, loc: h.Loc, now: now, byCode: map[string]org.Unit{}, byID: map[int64]org.Unit{},
		handlers: map[int64]int64{}, heads: map[int64]int64{}, cats: map[string][]string{}}
	for _, s := range h.Spans {
		w.workDay += time.Duration(s.End-s.Start) * time.Minute
	}
	us, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		if u.Active {
			w.byCode[u.Code], w.byID[u.ID] = u, u
		}
	}
	if _, ok := w.byCode[CentreCode]; !ok {
		return nil, fmt.Errorf("demo orders: the demo organisation is missing (no unit %s); run demo.Seed first", CentreCode)
	}
	subject := func(username string) (access.Subject, error) {
		s, _, err := st.StaffByUsername(ctx, username)
		if err != nil {
			return access.Subject{}, fmt.Errorf("demo orders: demo account %s: %w", username, err)
		}
		u := w.byID[s.UnitID]
		return access.Subject{StaffID: s.ID, Role: s.Role, UnitID: u.ID, UnitKind: u.Kind, UnitRegion: u.RegionCode}, nil
	}
	for name, sub := range map[string]*access.Subject{"agent": &w.agentZH, "agent.mn": &w.agentMN, "dispatcher": &w.dispatcher,
		"subcentre.zq": &w.subDispatcher, "supervisor": &w.supervisor} {
		if *sub, err = subject(name); err != nil {
			return nil, err
		}
	}
	for _, a := range Accounts {
		if a.Role != org.Handler && a.Role != org.UnitHead {
			continue
		}
		s, err := subject(a.Username)
		if err != nil {
			return nil, err
		}
		if a.Role == org.Handler {
			w.handlers[s.UnitID] = s.StaffID
		} else {
			w.heads[s.UnitID] = s.StaffID
		}
	}
	if err := w.loadPlaces(svc.Regions()); err != nil {
		return nil, err
	}
	for unit := range w.handlers {
		if u := w.byID[unit]; u.Kind == org.Committee {
			for _, p := range w.places {
				if p.r.Code == u.RegionCode {
					w.focus = p
				}
			}
		}
	}
	if err := w.loadCategories(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *world) loadPlaces(t *region.Tree) error {
	shorten := func(name string) string {
		if s, ok := strings.CutSuffix(name, "村民委员会"); ok {
			if !strings.HasSuffix(s, "嘎查") && !strings.HasSuffix(s, "村") {
				s += "村" // 南田村民委员会 is the committee of 南田村
			}
			return s
		}
		for _, suffix := range []string{"居民委员会", "委员会", "办事处"} {
			if s, ok := strings.CutSuffix(name, suffix); ok {
				return s
			}
		}
		return name
	}
	for _, b := range t.Children(LeagueCode) {
		b.Name = strings.Replace(strings.TrimPrefix(b.Name, "内蒙古"), "高新技术产业开发区", "高新区", 1)
		for _, tn := range t.Children(b.Code) {
			town := &place{r: tn, banner: b, name: shorten(tn.Name), urban: strings.Contains(tn.Name, "街道")}
			town.town = town
			town.weight = 2
			if town.urban {
				town.weight = 5
			}
			w.places = append(w.places, town)
			for _, v := range t.Children(tn.Code) {
				p := &place{r: v, town: town, banner: b, name: shorten(v.Name)}
				p.urban = strings.HasSuffix(p.name, "社区")
				switch {
				case p.urban && town.urban: // the streets of Bayanhot and Dalaihob
					p.weight = 8
				case p.urban:
					p.weight = 5
				default:
					p.weight = 1
				}
				w.places = append(w.places, p)
			}
		}
	}
	if len(w.places) == 0 {
		return fmt.Errorf("demo orders: region %s has no banners and towns", LeagueCode)
	}
	return nil
}

func (w *world) loadCategories(ctx context.Context) error {
	cs, err := w.st.Categories(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]storage.Category{}
	parents := map[string]bool{}
	for _, c := range cs {
		if c.Active {
			byCode[c.Code] = c
			parents[c.Parent] = true
		}
	}
	for _, c := range cs {
		if !c.Active || parents[c.Code] {
			continue
		}
		path := c.NameZH
		for p := c.Parent; p != ""; p = byCode[p].Parent {
			path = byCode[p].NameZH + "/" + path
		}
		w.leaves = append(w.leaves, leaf{c.Code, c.NameZH, path})
	}
	if len(w.leaves) == 0 {
		return errors.New("demo orders: no active categories; load a category tree first")
	}
	return nil
}

// category picks a leaf category for the keywords: one whose name has the
// first keyword that any leaf has, else one whose path has a keyword, else
// any leaf.
func (w *world) category(rng *rand.Rand, keywords []string) string {
	key := strings.Join(keywords, "|")
	codes, ok := w.cats[key]
	if !ok {
		for _, in := range []func(leaf, string) bool{
			func(l leaf, k string) bool { return strings.Contains(l.name, k) },
			func(l leaf, k string) bool { return strings.Contains(l.path, k) },
		} {
			for _, k := range keywords {
				for _, l := range w.leaves {
					if in(l, k) {
						codes = append(codes, l.code)
					}
				}
				if len(codes) > 0 {
					break
				}
			}
			if len(codes) > 0 {
				break
			}
		}
		if len(codes) == 0 {
			for _, l := range w.leaves {
				codes = append(codes, l.code)
			}
		}
		w.cats[key] = codes
	}
	return codes[rng.IntN(len(codes))]
}

// unit returns the ID of an active unit, 0 if there is none.
func (w *world) unit(code string) int64 { return w.byCode[code].ID }

// handler is a handler of the unit: the demo account where there is one,
// otherwise the unit itself with no staff member, which is how the demo
// lets every unit of the tree sign and reply.
func (w *world) handler(unit int64) access.Subject {
	u := w.byID[unit]
	return access.Subject{StaffID: w.handlers[unit], Role: org.Handler, UnitID: u.ID, UnitKind: u.Kind, UnitRegion: u.RegionCode}
}

// head is who asks the centre for something on the unit's behalf (a
// return, an extension): the unit head where the demo has one.
func (w *world) head(unit int64) access.Subject {
	if id, ok := w.heads[unit]; ok {
		s := w.handler(unit)
		s.StaffID, s.Role = id, org.UnitHead
		return s
	}
	return w.handler(unit)
}

// deptKey returns the department key of a unit code dept-<region>-<key>.
func deptKey(code string) string {
	if !strings.HasPrefix(code, "dept-") || len(code) < len("dept-")+13 {
		return ""
	}
	return code[len("dept-")+13:]
}

// inOffice reports whether t falls in office hours on a working day.
func (w *world) inOffice(t time.Time) bool {
	end, err := w.cal.AddWorking(t, time.Minute)
	return err == nil && end.Sub(t) == time.Minute
}

// ---------------------------------------------------------------------------
// Planning: who calls when about what, and how far the order gets.

type outcome int

const (
	outDispatch  outcome = iota // dispatched to units
	outAnswer                   // answered at intake (直接办结)
	outEmergency                // transferred to 110/119/120/122
	outDecline                  // outside the hotline's scope
	outDuplicate                // merged into an earlier order (并单)
)

// flags are the turns a dispatched order takes.
type flags uint32

const (
	fReturn      flags = 1 << iota // sent to the wrong unit first, returned and re-dispatched (退单, 改派)
	fRefuse                        // returned by its lead unit, the centre refuses the return
	fExtension                     // the lead unit asks for more time (延期)
	fSuspension                    // the clock stops while waiting (挂起)
	fSendBack                      // the centre sends the first reply back
	fUrge                          // urged (催办)
	fSupervise                     // supervised (督办)
	fLateSign                      // signed after the sign deadline
	fLateReply                     // replied after the reply deadline
	fUnreachable                   // three callbacks fail
	fJudged                        // closed by the centre (研判销号)
	fNote                          // the agent leaves an internal note
	fHandlerNote                   // the unit leaves a note
)

func (f flags) has(x flags) bool { return f&x != 0 }

type registrar int

const (
	byAgent registrar = iota
	byCitizen
	bySystem
)

// caller is someone who calls; repeat callers keep their number and home.
type caller struct {
	name  string
	phone string
	lang  workorder.Lang
	home  *place
}

// plan is one order to create.
type plan struct {
	i     int
	reg   time.Time
	cmd   workorder.Register
	by    registrar
	agent access.Subject // the agent who speaks the caller's language
	disp  access.Subject // the dispatcher who handles the order
	tp    *topic
	v     variant // how the citizen put it
	pl    *place
	fill  *strings.Replacer
	out   outcome
	em    *emergency
	dec   *declined

	stall     workorder.State // stop in this state on purpose ("" runs until now)
	f         flags
	rehandles int
	lead      int64
	misroute  int64 // the unit the order goes to first when fReturn
	chain     []int64
	assist    []int64
	noPhone   bool // anonymous without a number: no callback is possible
	focus     bool // about the demo committee's village: sent down to it
	urgent    bool
	dups      []*plan

	no    string
	o     *workorder.Order
	ready chan struct{} // closed once registered
}

func (w *world) plan(n, days int, seed int64) []*plan {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6f72646572))
	nDup := max(2, n*3/100)
	if nDup > n/4 {
		nDup = n / 4
	}
	base := n - nDup
	times := w.regTimes(rng, base, days)

	outs := make([]outcome, base)
	rest := rng.Perm(base)
	take := func(k int, o outcome) {
		k = min(k, len(rest))
		for _, i := range rest[:k] {
			outs[i] = o
		}
		rest = rest[k:]
	}
	take(max(1, base*15/1000), outEmergency)
	take(max(1, base*25/1000), outDecline)
	take(base*22/100, outAnswer)

	pool := make([]*caller, max(6, base/40))
	for i := range pool {
		lang := workorder.LangZh
		if rng.Float64() < 0.2 {
			lang = workorder.LangMn
		}
		pool[i] = &caller{name: w.name(rng, lang), phone: w.mobile(rng), lang: lang, home: w.pickPlace(rng, nil)}
	}
	var plans []*plan
	for i, t := range times {
		plans = append(plans, w.newPlan(rng, t, outs[i], pool))
	}
	plans = append(plans, w.duplicates(rng, plans, nDup)...)
	slices.SortStableFunc(plans, func(a, b *plan) int { return a.reg.Compare(b.reg) })
	for i, p := range plans {
		p.i = i
	}
	w.assignTurns(rng, plans)
	return plans
}

// regTimes draws registration instants over the window: fewer on days off,
// more once the heating season starts, mostly in the day, some at night.
func (w *world) regTimes(rng *rand.Rand, n, days int) []time.Time {
	hours := [24]float64{0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 3.5, 5.5, 6, 5.5, 3.5, 3, 4, 5.5, 5.5, 5, 3.5, 3, 2.6, 2.2, 1.4, 0.8}
	start := w.now.AddDate(0, 0, -days)
	var dayStarts []time.Time
	var cum []float64
	total := 0.0
	for d := dayStart(start, w.loc); d.Before(w.now); d = d.AddDate(0, 0, 1) {
		wt := 1.0
		if ok, err := w.cal.IsWorkday(workday.DateOf(d, w.loc)); err == nil && !ok {
			wt = 0.55
		}
		if m := d.Month(); m >= time.November || m <= time.February || m == time.October && d.Day() >= 15 {
			wt *= 1.2
		}
		total += wt
		dayStarts = append(dayStarts, d)
		cum = append(cum, total)
	}
	var hcum [24]float64
	ht := 0.0
	for h, v := range hours {
		ht += v
		hcum[h] = ht
	}
	out := make([]time.Time, 0, n)
	for len(out) < n {
		d := dayStarts[searchCum(cum, rng.Float64()*total)]
		h := searchCum(hcum[:], rng.Float64()*ht)
		t := time.Date(d.Year(), d.Month(), d.Day(), h, rng.IntN(60), rng.IntN(60), 0, w.loc).UTC()
		if t.Before(start) || !t.Before(w.now) {
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

func dayStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

func searchCum(cum []float64, x float64) int {
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

// pickPlace draws a place, weighted by population, that ok accepts (nil:
// any).
func (w *world) pickPlace(rng *rand.Rand, ok func(*place) float64) *place {
	total := 0.0
	weights := make([]float64, len(w.places))
	for i, p := range w.places {
		wt := p.weight
		if ok != nil {
			wt *= ok(p)
		}
		weights[i] = wt
		total += wt
	}
	if total == 0 {
		return w.places[rng.IntN(len(w.places))]
	}
	x := rng.Float64() * total
	for i, wt := range weights {
		if x < wt {
			return w.places[i]
		}
		x -= wt
	}
	return w.places[len(w.places)-1]
}

// fits weighs how well a place suits a topic (0: not at all).
func fits(tp *topic, p *place) float64 {
	if len(tp.banners) > 0 && !slices.Contains(tp.banners, p.banner.Code) {
		return 0
	}
	switch {
	case tp.area == urban && !p.urban:
		if p.town == p && strings.HasSuffix(p.name, "镇") {
			return 0.3 // the seat of a town has streets and flats too
		}
		return 0
	case tp.area == rural && p.urban:
		return 0
	}
	if tp.village && p.town == p {
		return 0
	}
	if tp.key == "pollution" && strings.HasPrefix(p.r.Code, "152971") {
		return 6 // the chemical industry park at Wusitai
	}
	return 1
}

// pickTopic draws a topic by weight and season that suits the place (nil:
// any), among those with a direct answer when answerable.
func pickTopic(rng *rand.Rand, m time.Month, p *place, answerable bool) *topic {
	weights := make([]float64, len(topics))
	total := 0.0
	for i := range topics {
		tp := &topics[i]
		wt := tp.weight
		if tp.season != nil {
			wt *= tp.season(m)
		}
		if p != nil {
			wt *= fits(tp, p)
		}
		if answerable && tp.answer == "" {
			wt = 0
		}
		weights[i] = wt
		total += wt
	}
	if total == 0 && p != nil {
		return pickTopic(rng, m, nil, answerable)
	}
	x := rng.Float64() * total
	for i, wt := range weights {
		if x < wt {
			return &topics[i]
		}
		x -= wt
	}
	return &topics[rng.IntN(len(topics))]
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func (w *world) name(rng *rand.Rand, lang workorder.Lang) string {
	if lang == workorder.LangMn || rng.Float64() < 0.15 {
		return pick(rng, mongolNames)
	}
	return pick(rng, hanSurnames) + pick(rng, hanGiven)
}

var mobilePrefixes = []string{"139", "138", "137", "136", "135", "150", "151", "152", "158", "159", "182", "183", "187", "188",
	"130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "181", "189", "177", "199", "198", "166"}

// mobile draws a valid Chinese mobile number.
func (w *world) mobile(rng *rand.Rand) string {
	for {
		s := pick(rng, mobilePrefixes) + fmt.Sprintf("%08d", rng.IntN(100000000))
		if _, err := workorder.NormalizePhone(s); err == nil {
			return s
		}
	}
}

// landline draws an Alxa fixed-line number (area code 0483).
func (w *world) landline(rng *rand.Rand) string {
	for {
		s := fmt.Sprintf("0483-8%06d", rng.IntN(1000000))
		if _, err := workorder.NormalizePhone(s); err == nil {
			return s
		}
	}
}

var (
	channelsZh = []workorder.Channel{workorder.ChannelPhone, workorder.ChannelWeChat, workorder.ChannelWeb, workorder.ChannelApp,
		workorder.ChannelPlatform, workorder.ChannelSMS, workorder.ChannelTransfer110, workorder.ChannelWalkIn, workorder.ChannelLetter, workorder.ChannelEmail}
	channelWeights = []float64{62, 10, 7, 7, 4, 3, 2, 2, 1.5, 1.5}
)

func (w *world) channel(rng *rand.Rand, t time.Time, lang workorder.Lang) workorder.Channel {
	office := w.inOffice(t)
	if lang == workorder.LangMn {
		switch x := rng.Float64(); {
		case x < 0.06 && office:
			return workorder.ChannelWalkIn
		case x < 0.16:
			return workorder.ChannelWeChat
		}
		return workorder.ChannelPhone
	}
	for {
		total := 0.0
		for _, v := range channelWeights {
			total += v
		}
		x := rng.Float64() * total
		for i, v := range channelWeights {
			if x < v {
				c := channelsZh[i]
				if !office && (c == workorder.ChannelWalkIn || c == workorder.ChannelLetter) {
					break // letters are opened and visitors come in office hours
				}
				return c
			}
			x -= v
		}
	}
}

func (w *world) filler(rng *rand.Rand, p *place, t time.Time) *strings.Replacer {
	at := p.town.name
	if p.town != p {
		at += p.name
	}
	local := t.In(w.loc)
	return strings.NewReplacer(
		"{town}{place}", at,
		"{place}", p.name,
		"{town}", p.town.name,
		"{banner}", p.banner.Name,
		"{compound}", pick(rng, compounds),
		"{building}", fmt.Sprintf("%d号楼%d单元", 1+rng.IntN(18), 1+rng.IntN(4)),
		"{road}", pick(rng, roads),
		"{shop}", pick(rng, shops),
		"{school}", pick(rng, schools),
		"{month}", strconv.Itoa(int(local.Month())),
		"{prevmonth}", strconv.Itoa(int(local.AddDate(0, -2-rng.IntN(4), 0).Month())),
		"{people}", strconv.Itoa(6+rng.IntN(30)),
		"{amount}", strconv.Itoa((4+rng.IntN(40))*10000+rng.IntN(10)*1000),
		"{amount2}", strconv.Itoa(4000+rng.IntN(26)*1000),
	)
}

func (w *world) newPlan(rng *rand.Rand, t time.Time, out outcome, pool []*caller) *plan {
	p := &plan{reg: t, out: out, ready: make(chan struct{}), disp: w.dispatcher}
	m := t.In(w.loc).Month()
	var c *caller
	if (out == outDispatch || out == outAnswer) && rng.Float64() < 0.16 {
		c = pick(rng, pool)
	}
	var cats []string
	v := &p.v
	switch out {
	case outEmergency:
		p.em = &emergencies[rng.IntN(len(emergencies))]
		p.pl = w.pickPlace(rng, func(pl *place) float64 { return fits(&topic{area: p.em.area}, pl) })
		*v, cats = variant{typ: workorder.TypeHelp, title: p.em.title, desc: p.em.desc}, p.em.cats
	case outDecline:
		p.dec = &declines[rng.IntN(len(declines))]
		p.pl = w.pickPlace(rng, nil)
		*v, cats = variant{typ: p.dec.typ, title: p.dec.title, desc: p.dec.desc}, p.dec.cats
	default:
		if out == outDispatch && c == nil && w.focus != nil && rng.Float64() < 0.02 {
			lang := workorder.LangZh
			if rng.Float64() < 0.5 {
				lang = workorder.LangMn
			}
			c = &caller{name: w.name(rng, lang), phone: w.mobile(rng), lang: lang, home: w.focus}
			p.focus = true
		}
		if c != nil {
			p.pl = c.home
			p.tp = pickTopic(rng, m, c.home, out == outAnswer)
			if fits(p.tp, c.home) == 0 { // nothing suits the caller's home: they call about elsewhere
				p.pl = w.pickPlace(rng, func(pl *place) float64 { return fits(p.tp, pl) })
			}
		} else {
			p.tp = pickTopic(rng, m, nil, out == outAnswer)
			p.pl = w.pickPlace(rng, func(pl *place) float64 { return fits(p.tp, pl) })
		}
		*v = w.pickVariant(rng, p.tp, out == outAnswer)
		cats = p.tp.cats
		if v.cats != nil {
			cats = v.cats
		}
	}
	lang := workorder.LangZh
	if c != nil {
		lang = c.lang
	} else {
		share := 0.07
		if !p.pl.urban {
			share = 0.3
		}
		if rng.Float64() < share {
			lang = workorder.LangMn
		}
	}
	p.agent = w.agentZH
	if lang == workorder.LangMn {
		p.agent = w.agentMN
	}
	ch := workorder.ChannelPhone
	if out != outEmergency {
		ch = w.channel(rng, t, lang)
	}
	switch ch {
	case workorder.ChannelWeb, workorder.ChannelApp, workorder.ChannelWeChat:
		p.by = byCitizen
	case workorder.ChannelPlatform:
		p.by = bySystem
	}
	p.fill = w.filler(rng, p.pl, t)
	cl := workorder.Caller{Lang: lang}
	anonymous := out != outEmergency && (rng.Float64() < 0.035 || v.typ == workorder.TypeReport && rng.Float64() < 0.25)
	switch {
	case c != nil:
		cl.Name, cl.Phone = c.name, c.phone
	case anonymous:
		cl.Anonymous = true
		switch ch {
		case workorder.ChannelWeb, workorder.ChannelLetter, workorder.ChannelEmail:
			p.noPhone = true
		default:
			cl.Phone = w.mobile(rng) // the number the call or message came from
		}
	default:
		cl.Name = w.name(rng, lang)
		cl.Phone = w.mobile(rng)
		if ch == workorder.ChannelPhone && rng.Float64() < 0.06 {
			cl.Phone = w.landline(rng)
		}
	}
	if !cl.Anonymous && (rng.Float64() < 0.05 || v.typ == workorder.TypeReport && rng.Float64() < 0.3) {
		cl.Confidential = true
	}
	desc := p.fill.Replace(v.desc)
	if lang == workorder.LangMn && p.by == byAgent {
		desc = mongolianNote + desc
	}
	p.urgent = out == outDispatch && p.tp != nil && (v.typ == workorder.TypeHelp || v.typ == workorder.TypeComplaint) && rng.Float64() < p.tp.urgent
	urgency := workorder.UrgencyNormal
	if p.urgent || out == outEmergency {
		urgency = workorder.UrgencyUrgent
	}
	addr := ""
	if !p.noPhone && rng.Float64() < 0.55 {
		addr = p.fill.Replace("{town}{place}")
		if p.pl.urban || p.pl.town == p.pl {
			addr += p.fill.Replace("{compound}{building}")
		}
	}
	p.cmd = workorder.Register{
		Channel: ch, Caller: cl, Title: p.fill.Replace(v.title), Description: desc, Type: v.typ,
		Category: w.category(rng, cats), Urgency: urgency, Address: addr, RegionCode: p.pl.r.Code,
	}
	if out == outDispatch {
		w.route(rng, p)
	}
	return p
}

// pickVariant draws how the citizen puts the matter; consultations with a
// knowledge-base answer are mostly answered at intake, so few of them are
// dispatched.
func (w *world) pickVariant(rng *rand.Rand, tp *topic, answerable bool) variant {
	var vs []variant
	for _, v := range tp.vars {
		if answerable == (v.typ == workorder.TypeConsult) || !answerable && tp.answer == "" {
			vs = append(vs, v)
		}
	}
	if !answerable && tp.answer != "" && rng.Float64() < 0.12 {
		for _, v := range tp.vars {
			if v.typ == workorder.TypeConsult {
				vs = append(vs, v) // the agent could not answer: the unit must
			}
		}
	}
	if len(vs) == 0 {
		vs = tp.vars
	}
	return pick(rng, vs)
}

// route chooses the lead unit, the units it sends the order on to, the
// assisting units and a plausible wrong first choice.
func (w *world) route(rng *rand.Rand, p *plan) {
	tp, pl := p.tp, p.pl
	bannerDept := w.unit(DeptCode(pl.banner.Code, tp.dept))
	leagueDept := w.unit(DeptCode(LeagueCode, tp.dept))
	office := w.unit("office-" + pl.town.r.Code)
	committee := int64(0)
	if pl.town != pl {
		committee = w.unit("committee-" + pl.r.Code)
	}
	down := func(units ...int64) {
		for _, u := range units {
			if u == 0 {
				return
			}
			p.chain = append(p.chain, u)
		}
	}
	switch {
	case tp.town && office != 0:
		p.lead = office
		if rng.Float64() < 0.6 {
			down(committee)
		}
	case leagueDept != 0 && (rng.Float64() < tp.league || bannerDept == 0):
		p.lead = leagueDept
		switch x := rng.Float64(); {
		case bannerDept != 0 && x < 0.45:
			down(bannerDept)
			if rng.Float64() < 0.35 {
				down(office)
				if rng.Float64() < 0.5 {
					down(committee)
				}
			}
		case bannerDept == 0 && x < 0.4:
			down(office)
			if rng.Float64() < 0.5 {
				down(committee)
			}
		}
	case bannerDept != 0:
		p.lead = bannerDept
		if rng.Float64() < 0.4 {
			down(office)
			if rng.Float64() < 0.5 {
				down(committee)
			}
		}
	default:
		p.lead = office
	}
	if p.lead == 0 {
		p.lead = w.unit(DeptCode(LeagueCode, "xfj"))
	}
	lead := w.byID[p.lead]
	if p.focus && committee != 0 && !slices.Contains(p.chain, committee) {
		// Down the whole tree to the demo's committee account.
		p.chain = nil
		if lead.RegionCode == LeagueCode {
			down(bannerDept)
		}
		if p.lead != office {
			down(office)
		}
		down(committee)
	}
	level := func(key string) int64 {
		if lead.RegionCode == LeagueCode {
			return w.unit(DeptCode(LeagueCode, key))
		}
		if u := w.unit(DeptCode(pl.banner.Code, key)); u != 0 {
			return u
		}
		return w.unit(DeptCode(LeagueCode, key))
	}
	if len(tp.assist) > 0 && rng.Float64() < 0.3 {
		for _, key := range tp.assist {
			if u := level(key); u != 0 && u != p.lead && !slices.Contains(p.chain, u) && !slices.Contains(p.assist, u) {
				p.assist = append(p.assist, u)
			}
		}
	}
	if u := level(tp.alt); u != 0 && u != p.lead && !slices.Contains(p.chain, u) && !slices.Contains(p.assist, u) {
		p.misroute = u
	}
	if pl.banner.Code == "152921000000" && lead.RegionCode != LeagueCode && rng.Float64() < 0.3 {
		p.disp = w.subDispatcher // the Alashan Left Banner sub-centre runs its own orders
	}
}

// duplicates adds calls about a matter already registered (并单): a
// neighbour or the same caller again, within a day and a half.
func (w *world) duplicates(rng *rand.Rand, plans []*plan, k int) []*plan {
	var masters []*plan
	for _, p := range plans {
		if p.out == outDispatch && p.reg.Before(w.now.Add(-36*time.Hour)) {
			masters = append(masters, p)
		}
	}
	var out []*plan
	for _, i := range rng.Perm(len(masters)) {
		if len(out) == k {
			break
		}
		m := masters[i]
		d := &plan{out: outDuplicate, ready: make(chan struct{}), tp: m.tp, v: m.v, pl: m.pl, fill: m.fill, agent: m.agent, disp: m.disp}
		d.reg = m.reg.Add(3*time.Hour + time.Duration(rng.Int64N(int64(30*time.Hour))))
		d.cmd = m.cmd
		cl := d.cmd.Caller
		if cl.Anonymous || rng.Float64() < 0.6 {
			cl = workorder.Caller{Name: w.name(rng, cl.Lang), Phone: w.mobile(rng), Lang: cl.Lang}
			d.cmd.Description = "（另一位居民反映同一问题）" + m.cmd.Description
		} else {
			d.cmd.Description = "市民再次来电反映：" + m.cmd.Description
		}
		d.cmd.Caller = cl
		d.cmd.Channel = workorder.ChannelPhone
		m.dups = append(m.dups, d)
		out = append(out, d)
	}
	return out
}

// assignTurns decides, by quota so that even a small data set has each,
// which dispatched orders stall where, and which take which turns.
func (w *world) assignTurns(rng *rand.Rand, plans []*plan) {
	var pool []*plan
	for _, p := range plans {
		if p.out == outDispatch {
			pool = append(pool, p)
		}
	}
	n := len(pool)
	age := func(p *plan) time.Duration { return w.now.Sub(p.reg) }
	const day = 24 * time.Hour
	free := func(p *plan) bool { return p.stall == "" && p.rehandles == 0 }
	// choose marks k random plans that ok accepts.
	choose := func(k int, ok func(*plan) bool, mark func(*plan)) {
		for _, i := range rng.Perm(n) {
			if k == 0 {
				return
			}
			if p := pool[i]; ok(p) {
				mark(p)
				k--
			}
		}
	}
	quota := func(share float64, least int) int { return max(least, int(math.Round(share*float64(n)))) }
	replyOverdue := func(p *plan) bool {
		days := workorder.DefaultPolicy{}.Limits(p.cmd.Type, p.cmd.Category, p.cmd.Urgency).ReplyDays
		due, err := w.cal.Deadline(p.reg, days+2)
		return err == nil && due.Before(w.now.Add(-12*time.Hour))
	}
	stall := func(s workorder.State) func(*plan) { return func(p *plan) { p.stall = s } }
	choose(quota(0.004, 1), func(p *plan) bool { return free(p) && age(p) > day && age(p) < 5*day && !p.urgent },
		stall(workorder.StateRegistered))
	choose(quota(0.012, 2), func(p *plan) bool { return free(p) && age(p) > 2*day && age(p) < 15*day },
		stall(workorder.StateDispatched))
	choose(quota(0.025, 3), func(p *plan) bool { return free(p) && !p.urgent && replyOverdue(p) && age(p) < 50*day },
		stall(workorder.StateHandling))
	choose(quota(0.003, 1), func(p *plan) bool { return free(p) && p.misroute != 0 && age(p) > 3*day && age(p) < 8*day },
		func(p *plan) { p.stall, p.f = workorder.StateReturned, p.f|fReturn })
	choose(quota(0.004, 1), func(p *plan) bool { return free(p) && age(p) > 2*day && age(p) < 10*day && !p.urgent },
		stall(workorder.StateReplied))
	choose(quota(0.005, 1), func(p *plan) bool { return free(p) && age(p) > 2*day && age(p) < 10*day && !p.urgent && !p.noPhone },
		stall(workorder.StateCallback))
	choose(quota(0.004, 1), func(p *plan) bool { return free(p) && age(p) > 3*day && age(p) < 12*day && !p.urgent && !p.noPhone },
		stall(workorder.StateUnsatisfied))
	choose(quota(0.005, 2), func(p *plan) bool { return free(p) && age(p) > 55*day && !p.noPhone && !p.urgent },
		func(p *plan) { p.rehandles = 3; p.f |= fSupervise })
	choose(quota(0.05, 2), func(p *plan) bool { return free(p) && age(p) > 25*day && !p.noPhone }, func(p *plan) {
		p.rehandles = 1
		if rng.Float64() < 0.3 {
			p.rehandles = 2
		}
	})
	open := func(p *plan) bool { return p.stall == "" }
	flag := func(share float64, least int, f flags, ok func(*plan) bool) {
		choose(quota(share, least), func(p *plan) bool { return !p.f.has(f) && ok(p) }, func(p *plan) { p.f |= f })
	}
	flag(0.05, 2, fReturn, func(p *plan) bool { return open(p) && p.misroute != 0 && !p.f.has(fRefuse) })
	flag(0.015, 1, fRefuse, func(p *plan) bool { return open(p) && !p.f.has(fReturn) })
	flag(0.06, 2, fExtension, func(p *plan) bool { return open(p) && !p.urgent && age(p) > 7*day })
	flag(0.03, 1, fSuspension, func(p *plan) bool { return open(p) && !p.urgent && age(p) > 10*day })
	flag(0.04, 1, fSendBack, open)
	flag(0.015, 1, fUnreachable, func(p *plan) bool { return open(p) && p.rehandles == 0 && !p.noPhone })
	flag(0.02, 1, fJudged, func(p *plan) bool { return open(p) && p.rehandles == 0 && !p.f.has(fUnreachable) })
	flag(0.08, 2, fUrge, func(*plan) bool { return true })
	flag(0.03, 1, fSupervise, func(*plan) bool { return true })
	flag(0.05, 1, fLateSign, open)
	flag(0.07, 2, fLateReply, open)
	flag(0.12, 1, fNote, func(*plan) bool { return true })
	flag(0.1, 1, fHandlerNote, open)
}

// ---------------------------------------------------------------------------
// Registering, in time order, on the caller's service.

func (w *world) registerAll(ctx context.Context, svc *hotline.Service, plans []*plan) (registered, skipped int, err error) {
	var clock time.Time
	svc.Now = func() time.Time { return clock }
	for _, p := range plans {
		clock = p.reg
		var o *workorder.Order
		var err error
		switch p.by {
		case byCitizen:
			o, err = svc.RegisterAs(ctx, workorder.Actor{Role: workorder.RoleCitizen}, p.cmd)
		case bySystem:
			o, err = svc.RegisterAs(ctx, workorder.Actor{Role: workorder.RoleSystem}, p.cmd)
		default:
			o, err = svc.Register(ctx, p.agent, p.cmd)
		}
		if beyondCalendar(err) {
			skipped++ // its dispatch deadline is beyond the calendar
			close(p.ready)
			continue
		}
		if err != nil {
			return registered, skipped, fmt.Errorf("demo orders: register %q at %s: %w", p.cmd.Title, p.reg.Format(time.RFC3339), err)
		}
		p.no, p.o = o.No, o
		registered++
		close(p.ready)
	}
	return registered, skipped, nil
}

// ---------------------------------------------------------------------------
// Running a lifecycle.

// errStop ends a lifecycle early: the next action would come after now, or
// the order is meant to stay where it is.
var errStop = errors.New("stop")

// never is a time after any now: a step that cannot be computed never comes.
var never = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// lane is a worker with its own service and clock.
type lane struct {
	svc     *hotline.Service
	clock   time.Time
	acts    map[string]int
	stopped *int // orders stopped by the end of the calendar
}

func (w *world) newLane(ctx context.Context) (*lane, error) {
	svc, err := hotline.New(ctx, w.st, w.cal, w.loc)
	if err != nil {
		return nil, err
	}
	l := &lane{svc: svc, acts: map[string]int{}}
	svc.Now = func() time.Time { return l.clock }
	return l, nil
}

// run drives one order (and the duplicates merged into it).
type run struct {
	ctx  context.Context
	w    *world
	l    *lane
	rng  *rand.Rand
	p    *plan
	o    *workorder.Order
	t    time.Time   // time of the order's last event
	side []sideEvent // duplicates to merge into this order, by time
}

type sideEvent struct {
	at  time.Time
	dup *plan
}

func (w *world) runJob(ctx context.Context, l *lane, p *plan, seed int64) error {
	for _, q := range append([]*plan{p}, p.dups...) {
		select {
		case <-q.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if p.no == "" {
		return nil // not registered: beyond the calendar
	}
	r := &run{ctx: ctx, w: w, l: l, rng: rand.New(rand.NewPCG(uint64(seed), uint64(p.i)<<8|1)), p: p, o: p.o, t: p.reg}
	for _, d := range p.dups {
		if d.no == "" {
			continue
		}
		r.side = append(r.side, sideEvent{at: r.work(d.reg, 10*time.Minute, 2*time.Hour), dup: d})
	}
	slices.SortFunc(r.side, func(a, b sideEvent) int { return a.at.Compare(b.at) })
	var err error
	switch p.out {
	case outAnswer:
		err = r.answer()
	case outEmergency:
		err = r.do(r.intake(time.Minute, 4*time.Minute), p.agent, workorder.TransferEmergency{Service: p.em.service, Note: p.em.note})
	case outDecline:
		err = r.do(r.intake(3*time.Minute, 15*time.Minute), p.agent, workorder.Decline{Reason: p.dec.reason})
	default:
		err = r.dispatched()
	}
	if errors.Is(err, errStop) {
		err = nil
	}
	if err == nil {
		err = r.flush(r.w.now)
	}
	return err
}

// beyondCalendar reports whether the service refused an action because a
// deadline falls in a year without a holiday schedule. The service reports
// that as a fault with its own key and without the calendar's error inside.
func beyondCalendar(err error) bool {
	fe := fault.As(err)
	return errors.Is(err, workday.ErrNoSchedule) || fe != nil && fe.Key == "calendar.no_schedule"
}

// act takes one action at the given time on the lane's service.
func (r *run) act(at time.Time, sub access.Subject, no string, cmd workorder.Command) (*workorder.Order, error) {
	r.l.clock = at
	o, err := r.l.svc.Act(r.ctx, sub, no, cmd, 0)
	if beyondCalendar(err) {
		*r.l.stopped++
		return nil, errStop // a deadline beyond the calendar: leave the order where it is
	}
	if err != nil {
		return nil, fmt.Errorf("demo orders: order %s: %s at %s by %s of unit %d: %w",
			no, cmd.Action(), at.In(r.w.loc).Format("2006-01-02 15:04"), sub.Role, sub.UnitID, err)
	}
	r.l.acts[cmd.Action()]++
	return o, nil
}

// do takes an action on the order at (or just after its last event), unless
// that is after now.
func (r *run) do(at time.Time, sub access.Subject, cmd workorder.Command) error {
	if !at.After(r.t) {
		at = r.t.Add(time.Duration(60+r.rng.IntN(240)) * time.Second)
	}
	if err := r.flush(at); err != nil {
		return err
	}
	if !at.After(r.t) {
		at = r.t.Add(time.Duration(60+r.rng.IntN(240)) * time.Second)
	}
	if at.After(r.w.now) {
		return errStop
	}
	o, err := r.act(at, sub, r.p.no, cmd)
	if err != nil {
		return err
	}
	r.o, r.t = o, at
	return nil
}

// flush merges the duplicates that came in up to t: the agent who took the
// call notes it, the dispatcher merges it (并单).
func (r *run) flush(t time.Time) error {
	for len(r.side) > 0 && !r.side[0].at.After(t) && !r.side[0].at.After(r.w.now) {
		ev := r.side[0]
		r.side = r.side[1:]
		d := ev.dup
		noteAt := d.reg.Add(time.Duration(60+r.rng.IntN(180)) * time.Second)
		if noteAt.Before(ev.at) {
			if _, err := r.act(noteAt, d.agent, d.no, workorder.Note{Text: fmt.Sprintf(dupNote, r.p.no), Internal: true}); err != nil {
				return err
			}
		}
		at := ev.at
		if !at.After(r.t) {
			at = r.t.Add(time.Minute)
		}
		if at.After(r.w.now) {
			continue
		}
		if _, err := r.act(at, r.p.disp, d.no, workorder.Merge{Master: r.p.no}); err != nil {
			if errors.Is(err, errStop) {
				continue
			}
			return err
		}
		r.t = at
	}
	return nil
}

func (r *run) span(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.rng.Int64N(int64(hi-lo)+1))
}

// work is a random amount of working time after from.
func (r *run) work(from time.Time, lo, hi time.Duration) time.Time {
	t, err := r.w.cal.AddWorking(from, r.span(lo, hi))
	if err != nil {
		return never
	}
	return t
}

// unitTime is when a unit gets to the next step: in working time, or round
// the clock for urgent orders, which units handle on duty.
func (r *run) unitTime(from time.Time, lo, hi time.Duration) time.Time {
	if r.p.urgent {
		return from.Add(r.span(lo/3, hi/3))
	}
	return r.work(from, lo, hi)
}

// within is a point between a and b, a fraction lo–hi of the way in working
// time (calendar time for urgent orders).
func (r *run) within(a, b time.Time, lo, hi float64) time.Time {
	f := lo + r.rng.Float64()*(hi-lo)
	if !b.After(a) {
		return a.Add(time.Duration(60+r.rng.IntN(600)) * time.Second)
	}
	if r.p.urgent {
		return a.Add(time.Duration(float64(b.Sub(a)) * f))
	}
	wt, err := r.w.cal.WorkingTime(a, b)
	if err != nil || wt <= 0 {
		return a.Add(time.Duration(float64(b.Sub(a)) * f))
	}
	t, err := r.w.cal.AddWorking(a, time.Duration(float64(wt)*f))
	if err != nil {
		return never
	}
	return t
}

// intake is when the agent ends an order at intake: while the caller is on
// the line, or for written channels when the agent gets to it.
func (r *run) intake(lo, hi time.Duration) time.Time {
	switch r.p.cmd.Channel {
	case workorder.ChannelPhone, workorder.ChannelWalkIn, workorder.ChannelTransfer110:
		return r.p.reg.Add(r.span(lo, hi))
	}
	return r.work(r.p.reg, 10*time.Minute, 4*time.Hour)
}

func (r *run) answer() error {
	text := r.p.tp.answer
	if r.p.by != byAgent {
		text = onlineAnswerIntro + text
	}
	return r.do(r.intake(2*time.Minute, 12*time.Minute), r.p.agent, workorder.AnswerDirect{Answer: text})
}

// text fills a template for the order, naming the unit that speaks.
func (r *run) text(s string, unit int64) string {
	return strings.ReplaceAll(r.p.fill.Replace(s), "{unit}", r.w.byID[unit].NameZH)
}

// reply is the unit's answer to the matter as the citizen put it.
func (r *run) reply(unit int64) string {
	rs := r.p.tp.replies
	if re := r.p.v.re; len(re) > 0 {
		return r.text(rs[pick(r.rng, re)], unit)
	}
	return r.text(pick(r.rng, rs), unit)
}

func (r *run) dispatched() error {
	p, w := r.p, r.w
	if p.f.has(fNote) {
		if err := r.do(p.reg.Add(r.span(2*time.Minute, 15*time.Minute)), p.agent,
			workorder.Note{Text: pick(r.rng, agentNotes), Internal: true}); err != nil {
			return err
		}
	}
	if p.stall == workorder.StateRegistered {
		// Overlooked at dispatch; the supervisor notices once it is overdue.
		if p.f.has(fUrge) {
			return r.do(r.work(r.o.DispatchDue, time.Hour, w.workDay), w.supervisor, workorder.Urge{Note: urgeNotes[2]})
		}
		return errStop
	}
	var at time.Time
	switch {
	case p.urgent:
		at = p.reg.Add(r.span(5*time.Minute, 25*time.Minute))
	case r.rng.Float64() < 0.04:
		at = r.work(p.reg, 130*time.Minute, 6*time.Hour) // dispatched late
	default:
		at = r.work(p.reg, 5*time.Minute, 100*time.Minute)
	}
	first := p.lead
	if p.f.has(fReturn) {
		first = p.misroute
	}
	if err := r.do(at, p.disp, workorder.Dispatch{Lead: first, Assist: p.assist, Note: pick(r.rng, dispatchNotes)}); err != nil {
		return err
	}
	signed := false
	if p.f.has(fReturn) || p.f.has(fRefuse) {
		reason := fmt.Sprintf("经核实，该诉求不属于本单位职责范围，建议改派%s办理。", w.byID[p.lead].NameZH)
		if p.f.has(fRefuse) {
			reason = "该事项涉及多个部门，本单位无法单独办理，申请退回。"
		}
		if err := r.do(r.unitTime(r.t, 20*time.Minute, 5*time.Hour), w.head(first), workorder.Return{Reason: reason}); err != nil {
			return err
		}
		if p.stall == workorder.StateReturned {
			return errStop
		}
		rule := r.work(r.t, 15*time.Minute, 2*time.Hour)
		if p.f.has(fReturn) {
			if err := r.do(rule, p.disp, workorder.Redispatch{Lead: p.lead, Assist: p.assist, Note: pick(r.rng, redispatchNotes)}); err != nil {
				return err
			}
		} else {
			if err := r.do(rule, p.disp, workorder.RefuseReturn{Reason: pick(r.rng, refuseReasons)}); err != nil {
				return err
			}
			signed = true
		}
	}
	lead, chain := p.lead, p.chain
	for round := 0; ; round++ {
		last := round == p.rehandles
		if err := r.handle(lead, chain, signed, round, last); err != nil {
			return err
		}
		if err := r.callback(last); err != nil || last {
			return err
		}
		next := r.escalate(lead)
		if next != lead {
			chain = nil
		}
		if err := r.do(r.work(r.t, 2*time.Hour, 3*w.workDay), p.disp, workorder.Rehandle{Lead: next, Reason: pick(r.rng, rehandleReasons)}); err != nil {
			return err
		}
		if r.o.Problem {
			if err := r.do(r.work(r.t, 10*time.Minute, 2*time.Hour), w.supervisor,
				workorder.Supervise{Note: "重办三次仍未解决，提级督办，请承办单位主要负责人牵头办理。"}); err != nil {
				return err
			}
		}
		lead, signed = next, false
	}
}

// escalate picks the lead unit of a re-handling: mostly the same unit, in a
// third of the cases (and for problem orders) the level above.
func (r *run) escalate(lead int64) int64 {
	if r.p.rehandles < 3 && r.rng.Float64() < 0.65 {
		return lead
	}
	u := r.w.byID[lead]
	key := deptKey(u.Code)
	switch {
	case u.Kind == org.TownOffice:
		if b := r.w.unit(DeptCode(r.p.pl.banner.Code, r.p.tp.dept)); b != 0 {
			return b
		}
		if l := r.w.unit(DeptCode(LeagueCode, r.p.tp.dept)); l != 0 {
			return l
		}
	case u.Kind == org.Department && u.RegionCode != LeagueCode && key != "":
		if l := r.w.unit(DeptCode(LeagueCode, key)); l != 0 {
			return l
		}
	}
	return lead
}

// handle runs one round from signing to the accepted reply.
func (r *run) handle(lead int64, chain []int64, signed bool, round int, last bool) error {
	p, w := r.p, r.w
	if !signed {
		a := r.o.LeadAssignment()
		if last && p.stall == workorder.StateDispatched {
			// The unit has not signed; past the sign deadline the supervisor urges.
			if p.f.has(fUrge) || r.rng.Float64() < 0.5 {
				if err := r.do(r.work(a.SignDue, 30*time.Minute, w.workDay), w.supervisor, workorder.Urge{Note: urgeNotes[2]}); err != nil {
					return err
				}
			}
			return errStop
		}
		var at time.Time
		switch {
		case p.f.has(fLateSign) && round == 0:
			at = r.work(a.SignDue, 20*time.Minute, 6*time.Hour)
		case p.urgent:
			at = a.At.Add(r.span(5*time.Minute, 80*time.Minute))
		default:
			at = r.work(a.At, 5*time.Minute, 5*time.Hour)
		}
		if err := r.do(at, w.handler(lead), workorder.Sign{}); err != nil {
			return err
		}
	}
	if round == 0 {
		for _, u := range p.assist {
			if err := r.do(r.unitTime(r.t, 10*time.Minute, 4*time.Hour), w.handler(u), workorder.Sign{}); err != nil {
				return err
			}
		}
	}
	parent := lead
	for _, c := range chain {
		note := pick(r.rng, subNotes)
		if err := r.do(r.unitTime(r.t, 15*time.Minute, 3*time.Hour), w.handler(parent), workorder.SubDispatch{Unit: c, Note: note}); err != nil {
			return err
		}
		if err := r.do(r.unitTime(r.t, 10*time.Minute, 3*time.Hour), w.handler(c), workorder.Sign{}); err != nil {
			return err
		}
		parent = c
	}
	if p.f.has(fHandlerNote) && round == 0 {
		if err := r.do(r.unitTime(r.t, 10*time.Minute, 2*time.Hour), w.handler(lead), workorder.Note{Text: pick(r.rng, handlerNotes)}); err != nil {
			return err
		}
	}
	if round == 0 && p.f.has(fExtension) {
		if err := r.extend(lead); err != nil {
			return err
		}
	}
	if round == 0 && p.f.has(fSuspension) {
		if err := r.suspend(lead); err != nil {
			return err
		}
	}
	stalled := last && p.stall == workorder.StateHandling
	late := stalled || round == 0 && p.f.has(fLateReply)
	due := r.o.LeadAssignment().ReplyDue
	if p.f.has(fUrge) && !late {
		urger := w.supervisor
		note := urgeNotes[1]
		if r.rng.Float64() < 0.5 {
			urger, note = p.agent, urgeNotes[0]
		}
		if err := r.do(r.within(r.t, due, 0.5, 0.9), urger, workorder.Urge{Note: note}); err != nil {
			return err
		}
	}
	if late && (p.f.has(fUrge) || stalled) {
		if err := r.do(r.work(due, time.Hour, w.workDay), w.supervisor, workorder.Urge{Note: urgeNotes[2]}); err != nil {
			return err
		}
	}
	if late && (p.f.has(fSupervise) || stalled && r.rng.Float64() < 0.5) {
		if err := r.do(r.work(r.t, 2*time.Hour, 2*w.workDay), w.supervisor, workorder.Supervise{Note: pick(r.rng, superviseNotes)}); err != nil {
			return err
		}
	}
	if stalled {
		return errStop
	}
	if last && p.rehandles == 3 && p.f.has(fUrge) {
		if err := r.do(r.within(r.t, due, 0.3, 0.6), w.supervisor, workorder.Urge{Note: urgeNotes[1]}); err != nil {
			return err
		}
	}
	var reply time.Time
	switch {
	case late && p.urgent:
		reply = due.Add(r.span(time.Hour, 10*time.Hour))
	case late:
		reply = r.work(due, time.Hour, 3*w.workDay)
	case last && (p.stall == workorder.StateReplied || p.stall == workorder.StateCallback || p.stall == workorder.StateUnsatisfied):
		// Replied in the last days, so it still waits for review or callback.
		limit := w.now.Add(-3 * time.Hour)
		if p.stall != workorder.StateReplied {
			limit = w.now.Add(-24 * time.Hour)
		}
		if due.Before(limit) {
			limit = due
		}
		reply = r.within(r.t, limit, 0.5, 0.95)
	default:
		reply = r.within(r.t, due, 0.2, 0.95)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		text := pick(r.rng, middleReplies)
		if w.byID[chain[i]].Kind == org.Committee {
			text = pick(r.rng, committeeReplies)
		} else if w.byID[chain[i]].Kind == org.Department {
			text = r.reply(chain[i])
		}
		if err := r.do(r.within(r.t, reply, 0.3, 0.7), w.handler(chain[i]), workorder.Reply{Text: text}); err != nil {
			return err
		}
	}
	if round == 0 {
		for _, u := range p.assist {
			if r.rng.Float64() < 0.85 {
				if err := r.do(r.within(r.t, reply, 0.2, 0.6), w.handler(u), workorder.Reply{Text: pick(r.rng, assistReplies)}); err != nil {
					return err
				}
			}
		}
	}
	text := r.reply(lead)
	if err := r.do(reply, w.handler(lead), workorder.Reply{Text: text}); err != nil {
		return err
	}
	if last && p.stall == workorder.StateReplied {
		return errStop
	}
	if round == 0 && p.f.has(fSendBack) {
		if err := r.do(r.work(r.t, 20*time.Minute, 5*time.Hour), p.disp, workorder.Review{Accept: false, Reason: pick(r.rng, sendBackReasons)}); err != nil {
			return err
		}
		text = "补充答复：" + text + "已再次电话联系市民，说明了处理过程和结果。"
		if err := r.do(r.unitTime(r.t, time.Hour, w.workDay+w.workDay/2), w.handler(lead), workorder.Reply{Text: text}); err != nil {
			return err
		}
	}
	return r.do(r.work(r.t, 20*time.Minute, 5*time.Hour), p.disp, workorder.Review{Accept: true})
}

// extend asks for more time before the reply deadline; the centre mostly
// agrees, sometimes to fewer days.
func (r *run) extend(lead int64) error {
	due := r.o.LeadAssignment().ReplyDue
	days := 3 + r.rng.IntN(8)
	if _, err := r.w.cal.Deadline(due, days); err != nil {
		return nil // beyond the calendar
	}
	at := r.within(r.t, due, 0.4, 0.85)
	if !at.Before(due) {
		return nil
	}
	if err := r.do(at, r.w.head(lead), workorder.RequestExtension{Days: days, Reason: pick(r.rng, extensionReasons)}); err != nil {
		return err
	}
	d := workorder.DecideExtension{Approve: r.rng.Float64() < 0.85}
	switch {
	case !d.Approve:
		d.Reason = "延期理由不充分，请按原时限办理。"
	case days > 4 && r.rng.Float64() < 0.25:
		d.Days, d.Reason = days-2, "同意延期，时限适当压缩。"
	}
	return r.do(r.work(r.t, 20*time.Minute, 4*time.Hour), r.p.disp, d)
}

// suspend stops the clock while the unit waits for the citizen or a third
// party (挂起) and restarts it some days later.
func (r *run) suspend(lead int64) error {
	due := r.o.LeadAssignment().ReplyDue
	if _, err := r.w.cal.Deadline(due, 10); err != nil {
		return nil
	}
	at := r.within(r.t, due, 0.2, 0.6)
	if !at.Before(due) {
		return nil
	}
	if err := r.do(at, r.w.handler(lead), workorder.RequestSuspension{Reason: pick(r.rng, suspensionReasons)}); err != nil {
		return err
	}
	d := workorder.DecideSuspension{Approve: r.rng.Float64() < 0.9}
	if !d.Approve {
		d.Reason = "请先行办理，确需等待时再申请。"
	}
	if err := r.do(r.work(r.t, 20*time.Minute, 3*time.Hour), r.p.disp, d); err != nil || !d.Approve {
		return err
	}
	by := r.w.handler(lead)
	if r.rng.Float64() < 0.3 {
		by = r.p.disp
	}
	return r.do(r.work(r.t, r.w.workDay, 5*r.w.workDay), by, workorder.Resume{})
}

// callback calls the citizen back after the accepted reply (回访), or
// closes the order where no callback is possible or the centre judges it
// done (研判销号).
func (r *run) callback(last bool) error {
	p, w := r.p, r.w
	next := r.work(r.t, 30*time.Minute, 6*time.Hour)
	switch {
	case p.noPhone:
		return r.do(r.work(r.t, time.Hour, w.workDay), p.disp, workorder.Close{Reason: anonymousClose})
	case last && p.f.has(fJudged):
		return r.do(r.work(r.t, time.Hour, w.workDay), p.disp, workorder.Close{Reason: pick(r.rng, judgedReasons)})
	case last && p.rehandles == 3 && r.rng.Float64() < 0.4:
		return r.do(r.work(r.t, time.Hour, w.workDay), p.disp, workorder.Close{Reason: pick(r.rng, problemCloseReasons)})
	case last && p.stall == workorder.StateCallback:
		if r.rng.Float64() < 0.5 {
			if err := r.do(next, p.agent, workorder.Callback{Note: pick(r.rng, unreachedNotes)}); err != nil {
				return err
			}
		}
		return errStop
	case last && p.f.has(fUnreachable):
		for range workorder.MaxCallbackAttempts {
			if err := r.do(next, p.agent, workorder.Callback{Note: pick(r.rng, unreachedNotes)}); err != nil {
				return err
			}
			next = r.work(r.t, 2*time.Hour, w.workDay)
		}
		return nil
	}
	if r.rng.Float64() < 0.1 {
		if err := r.do(next, p.agent, workorder.Callback{Note: pick(r.rng, unreachedNotes)}); err != nil {
			return err
		}
		next = r.work(r.t, time.Hour, 5*time.Hour)
	}
	c := workorder.Callback{Reached: true}
	switch {
	case !last || p.stall == workorder.StateUnsatisfied:
		c.Satisfaction = 1 + r.rng.IntN(2)
	default:
		c.Resolved, c.Satisfaction = r.verdict()
	}
	switch {
	case c.Resolved && c.Satisfaction >= 3:
		c.Note = pick(r.rng, satisfiedNotes)
	case c.Satisfaction >= 3:
		c.Note = pick(r.rng, partlyNotes)
	default:
		c.Note = pick(r.rng, unsatisfiedNotes)
	}
	if err := r.do(next, p.agent, c); err != nil || r.o.State != workorder.StateUnsatisfied || !last {
		return err // closed, or re-handled next
	}
	if p.stall == workorder.StateUnsatisfied {
		return errStop // the centre has yet to rule
	}
	// Not re-handled: the centre closes it with its reasons (研判销号).
	return r.do(r.work(r.t, time.Hour, 2*w.workDay), p.disp, workorder.Close{Reason: pick(r.rng, unsatisfiedCloseReasons)})
}

// verdict draws what the citizen says on callback: resolved in about
// 87% of the cases, and rating 3–5 in about 92%.
func (r *run) verdict() (bool, int) {
	x := r.rng.Float64()
	if r.rng.Float64() < 0.87 {
		switch {
		case x < 0.56:
			return true, 5
		case x < 0.88:
			return true, 4
		case x < 0.98:
			return true, 3
		}
		return true, 2
	}
	switch {
	case x < 0.45:
		return false, 3
	case x < 0.75:
		return false, 2
	}
	return false, 1
}

// ---------------------------------------------------------------------------
// Statistics.

func (w *world) stats(ctx context.Context, plans []*plan, acts map[string]int) (Stats, error) {
	s := Stats{ByState: map[string]int{}, ByType: map[string]int{}, ByLang: map[string]int{}, ByChannel: map[string]int{},
		ByLead: map[string]int{}, ByAction: acts}
	mine := map[string]bool{}
	for _, p := range plans {
		mine[p.no] = true
	}
	phones := map[string]int{}
	var signs, signsOK, replies, repliesOK, reached, resolved, satisfied int
	var before int64
	for {
		rows, next, err := w.st.ListOrders(ctx, storage.OrderFilter{ScopeAll: true, Limit: 200, Before: before})
		if err != nil {
			return s, err
		}
		for _, row := range rows {
			o := row.Order
			if !mine[o.No] {
				continue
			}
			s.Orders++
			s.Events += o.Version
			s.ByState[string(o.State)]++
			s.ByType[string(o.Type)]++
			s.ByLang[string(o.Caller.Lang)]++
			s.ByChannel[string(o.Channel)]++
			switch row.Warning {
			case string(workorder.LevelRed):
				s.Red++
			case string(workorder.LevelYellow):
				s.Yellow++
			}
			if o.Urgency == workorder.UrgencyUrgent {
				s.Urgent++
			}
			if o.Caller.Confidential {
				s.Confidential++
			}
			if o.Caller.Anonymous {
				s.Anonymous++
			}
			if o.Caller.Phone != "" {
				phones[o.Caller.Phone]++
			}
			if o.Problem {
				s.Problem++
			}
			if l := o.LeadAssignment(); l != nil {
				s.ByLead[w.levelOf(l.UnitID)]++
			}
			var assisted, sub, town, committee bool
			for _, a := range o.Assignments {
				switch {
				case a.TopLevel() && !a.Lead:
					assisted = true
				case !a.TopLevel():
					sub = true
				}
				switch w.byID[a.UnitID].Kind {
				case org.TownOffice:
					town = true
				case org.Committee:
					committee = true
				}
				if !a.TopLevel() || !a.Lead {
					continue
				}
				if !a.SignedAt.IsZero() || a.State == workorder.AssignDispatched && a.SignDue.Before(w.now) {
					signs++
					if !a.SignedAt.IsZero() && !a.SignedAt.After(a.SignDue) {
						signsOK++
					}
				}
				if !a.RepliedAt.IsZero() || a.Open() && a.ReplyDue.Before(w.now) {
					replies++
					if !a.RepliedAt.IsZero() && !a.RepliedAt.After(a.ReplyDue) {
						repliesOK++
					}
				}
			}
			s.Assisted += b2i(assisted)
			s.SubDispatched += b2i(sub)
			s.TownLevel += b2i(town)
			s.CommitteeLevel += b2i(committee)
			if o.Callback.Reached {
				reached++
				resolved += b2i(o.Callback.Resolved)
				satisfied += b2i(o.Callback.Satisfaction >= 3)
			}
		}
		if next == 0 {
			break
		}
		before = next
	}
	for _, k := range phones {
		s.RepeatCallers += b2i(k > 1)
	}
	s.Response, s.OnTime = ratio(signsOK, signs), ratio(repliesOK, replies)
	s.Resolution, s.Satisfaction = ratio(resolved, reached), ratio(satisfied, reached)
	return s, nil
}

func (w *world) levelOf(unit int64) string {
	u := w.byID[unit]
	switch {
	case u.Kind == org.Department && u.RegionCode == LeagueCode:
		return "league_department"
	case u.Kind == org.Department:
		return "banner_department"
	}
	return string(u.Kind)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// String formats the stats for a log line or a test report.
func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d orders, %d events in %v\n", s.Orders, s.Events, s.Elapsed.Round(time.Millisecond))
	for _, m := range []struct {
		name string
		m    map[string]int
	}{{"state", s.ByState}, {"type", s.ByType}, {"lang", s.ByLang}, {"channel", s.ByChannel}, {"lead", s.ByLead}, {"action", s.ByAction}} {
		keys := slices.Sorted(maps.Keys(m.m))
		slices.SortStableFunc(keys, func(a, b string) int { return cmp.Compare(m.m[b], m.m[a]) })
		fmt.Fprintf(&b, "%-8s", m.name)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%d", k, m.m[k])
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "urgent=%d confidential=%d anonymous=%d repeat callers=%d assisted=%d sub-dispatched=%d town=%d committee=%d problem=%d red=%d yellow=%d swept=%d calendar stops=%d\n",
		s.Urgent, s.Confidential, s.Anonymous, s.RepeatCallers, s.Assisted, s.SubDispatched, s.TownLevel, s.CommitteeLevel, s.Problem, s.Red, s.Yellow, s.SweepEvents, s.CalendarStops)
	fmt.Fprintf(&b, "response %.1f%%  on time %.1f%%  resolution %.1f%%  satisfaction %.1f%%",
		100*s.Response, 100*s.OnTime, 100*s.Resolution, 100*s.Satisfaction)
	return b.String()
}
