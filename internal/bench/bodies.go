package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"tongban/internal/demo"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

// order is one prepared register + dispatch pair.
type order struct {
	register []byte // JSON body of POST /api/v1/orders
	dispatch []byte // JSON body of POST /api/v1/orders/{no}/dispatch
}

// poolSize is how many distinct orders are prepared before the run and then
// reused round-robin. Preparing them keeps JSON encoding and phone-number
// checks out of the load generator's hot path: it shares the CPUs with the
// server, and every cycle it spends is one the server does not get.
const poolSize = 8192

// issue is a kind of request a caller raises, with the department key
// (demo.Departments) a dispatcher sends it to.
type issue struct {
	typ   workorder.Type
	title string // %s: a place or subject
	desc  string // %s: town name
	dept  string
	subj  []string
}

var issues = []issue{
	{workorder.TypeHelp, "%s连续三天暖气不热", "%s%s的住户反映，自本周一起室内温度不足16度，多次联系供热站无人处理，家中有老人和婴儿，请尽快协调。", "zjj",
		[]string{"阳光小区", "团结小区", "丽苑小区", "额鲁特小区", "腾飞小区"}},
	{workorder.TypeHelp, "%s停水未通知", "%s%s从昨天早上开始停水，没有提前张贴通知，居民生活用水困难，询问何时恢复供水。", "slj",
		[]string{"北环路", "新华街", "王府街", "安德街", "巴音路"}},
	{workorder.TypeHelp, "%s路灯损坏多日", "%s%s一段路灯已经坏了一个多星期，晚上出行不安全，希望尽快维修。", "cgj",
		[]string{"环城路", "南园路", "朝格图路", "贺兰路"}},
	{workorder.TypeComplaint, "%s超市销售过期食品", "来电人在%s%s购买的牛奶已过保质期，与商家协商退换未果，要求市场监管部门查处。", "scjgj",
		[]string{"万家福", "利民", "惠民", "草原"}},
	{workorder.TypeComplaint, "%s物业乱收费", "%s%s物业公司在未经业主大会同意的情况下上调物业费，并收取电梯使用费，业主不认可。", "zjj",
		[]string{"阳光小区", "金色家园", "锦绣苑", "盛世华城"}},
	{workorder.TypeComplaint, "%s施工噪音扰民", "%s%s工地夜间22点后仍在施工，噪音很大，影响周边居民休息，请求制止。", "sthjj",
		[]string{"体育馆东侧", "一中南侧", "新区", "火车站附近"}},
	{workorder.TypeComplaint, "%s拖欠农民工工资", "来电人在%s%s项目务工，工程已结束三个月，包工头拖欠工资两万余元至今未付。", "rsj",
		[]string{"安置房", "市政道路", "供热管网", "学校改扩建"}},
	{workorder.TypeReport, "%s非法开垦草场", "有人在%s%s附近私自开垦草场种植，破坏植被，请相关部门核查。", "lcj",
		[]string{"嘎查东边", "哈拉乌沟", "贺兰山脚下", "腾格里沙漠边缘"}},
	{workorder.TypeReport, "%s无证经营", "%s%s有一家门店无营业执照经营，且存在消防隐患，请核查。", "scjgj",
		[]string{"农贸市场", "汽车站", "商业街", "夜市"}},
	{workorder.TypeConsult, "咨询%s办理流程", "来电人居住在%s，想了解%s需要准备哪些材料、在哪里办理、多长时间办结。", "spj",
		[]string{"居住证", "营业执照变更", "不动产登记", "新生儿落户", "食品经营许可证"}},
	{workorder.TypeConsult, "咨询%s政策", "来电人居住在%s，咨询%s的申领条件和办理渠道。", "ybj",
		[]string{"医保异地就医备案", "城乡居民医保缴费", "大病保险报销", "门诊慢特病待遇"}},
	{workorder.TypeConsult, "咨询%s", "来电人居住在%s，咨询%s相关规定。", "rsj",
		[]string{"灵活就业人员社保缴费", "养老金资格认证", "失业保险金申领", "高校毕业生就业补贴"}},
	{workorder.TypeSuggestion, "建议%s", "来电人居住在%s，建议%s，方便群众办事出行。", "jtj",
		[]string{"增开至盟医院的公交线路", "延长公交末班车时间", "在学校门口增设减速带"}},
	{workorder.TypeSuggestion, "建议%s", "来电人居住在%s，建议%s。", "spj",
		[]string{"政务服务大厅午间不休息", "增加蒙汉双语窗口", "周末开放社保窗口"}},
}

var (
	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马", "高", "巴", "其", "乌"}
	givenNames = []string{"丽", "强", "伟", "敏", "静", "磊", "芳", "军", "娜", "勇", "特尔", "其格", "日娜", "图雅", "苏和", "宝音"}
	mobiles    = []string{"133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "155", "157", "158", "159",
		"166", "177", "180", "181", "183", "185", "186", "187", "188", "189", "198", "199"}
	channels = []workorder.Channel{workorder.ChannelPhone, workorder.ChannelPhone, workorder.ChannelPhone, workorder.ChannelPhone,
		workorder.ChannelPhone, workorder.ChannelWeChat, workorder.ChannelApp, workorder.ChannelWeb, workorder.ChannelPlatform,
		workorder.ChannelSMS}
	notes = []string{"", "", "", "请按时限办理并答复来电人", "涉及民生，请优先处理", "请核实后答复"}
)

// town is a town-level division (镇/苏木/街道) of Alxa.
type town struct {
	code, name, banner string
}

// prepareOrders builds the bodies from what the seeded database holds: Alxa's
// towns, the active categories and the departments' unit ids.
func prepareOrders(ctx context.Context, st *storage.Store, seed uint64) ([]order, error) {
	rs, err := st.Regions(ctx)
	if err != nil {
		return nil, err
	}
	var towns []town
	for _, r := range rs {
		if r.Level == region.LevelTown && strings.HasPrefix(r.Code, demo.LeagueCode[:4]) {
			towns = append(towns, town{r.Code, r.Name, r.Code[:6] + "000000"})
		}
	}
	cs, err := st.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var cats []string
	for _, c := range cs {
		if c.Active {
			cats = append(cats, c.Code)
		}
	}
	us, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	depts := map[string]int64{}
	for _, u := range us {
		if u.Kind == org.Department && u.Active {
			depts[u.Code] = u.ID
		}
	}
	if len(towns) == 0 || len(cats) == 0 || len(depts) == 0 {
		return nil, fmt.Errorf("seeded database lacks towns (%d), active categories (%d) or departments (%d)", len(towns), len(cats), len(depts))
	}

	rnd := rand.New(rand.NewPCG(seed, 0x7a6e6261))
	pick := func(n int) int { return rnd.IntN(n) }
	out := make([]order, 0, poolSize)
	for len(out) < poolSize {
		is := issues[pick(len(issues))]
		tw := towns[pick(len(towns))]
		subj := is.subj[pick(len(is.subj))]
		cmd := workorder.Register{
			Channel:     channels[pick(len(channels))],
			Caller:      workorder.Caller{Name: surnames[pick(len(surnames))] + givenNames[pick(len(givenNames))], Lang: workorder.LangZh},
			Title:       fmt.Sprintf(is.title, subj),
			Type:        is.typ,
			Category:    cats[pick(len(cats))],
			RegionCode:  tw.code,
			Description: fmt.Sprintf(is.desc, tw.name, subj),
		}
		if strings.Count(is.desc, "%s") == 1 {
			cmd.Description = fmt.Sprintf(is.desc, tw.name)
		}
		if pick(3) == 0 {
			cmd.Description += "来电人表示此前已反映过一次，希望这次能尽快得到答复。"
		}
		if pick(8) == 0 {
			cmd.Caller.Lang = workorder.LangMn
		}
		if pick(10) == 0 {
			cmd.Urgency = workorder.UrgencyUrgent
		}
		if pick(2) == 0 {
			cmd.Address = fmt.Sprintf("%s%s%d号", tw.name, subj, 1+pick(200))
		}
		if is.typ == workorder.TypeReport && pick(2) == 0 {
			cmd.Caller.Anonymous, cmd.Caller.Name = true, ""
		} else {
			cmd.Caller.Phone = phone(rnd)
		}
		lead, ok := depts[demo.DeptCode(tw.banner, is.dept)]
		if !ok { // development zones have few departments: the league's handles it
			lead, ok = depts[demo.DeptCode(demo.LeagueCode, is.dept)]
		}
		if !ok {
			return nil, fmt.Errorf("no department %s in %s or the league", is.dept, tw.banner)
		}
		reg, err := json.Marshal(cmd)
		if err != nil {
			return nil, err
		}
		disp, err := json.Marshal(workorder.Dispatch{Lead: lead, Note: notes[pick(len(notes))]})
		if err != nil {
			return nil, err
		}
		out = append(out, order{register: reg, dispatch: disp})
	}
	return out, nil
}

// phone returns a caller number as agents type them: mostly mobiles, in
// several spellings, some landlines with Alxa's area code 0483. Numbers the
// server would reject are drawn again, so that a 400 in the report is the
// server's doing, not the generator's.
func phone(rnd *rand.Rand) string {
	for {
		var p string
		switch rnd.IntN(10) {
		case 0:
			p = fmt.Sprintf("0483-%d%06d", 8+rnd.IntN(2), rnd.IntN(1000000))
		case 1:
			p = fmt.Sprintf("+86 %s %04d %04d", mobiles[rnd.IntN(len(mobiles))], rnd.IntN(10000), rnd.IntN(10000))
		case 2:
			p = fmt.Sprintf("%s-%04d-%04d", mobiles[rnd.IntN(len(mobiles))], rnd.IntN(10000), rnd.IntN(10000))
		default:
			p = fmt.Sprintf("%s%08d", mobiles[rnd.IntN(len(mobiles))], rnd.IntN(100000000))
		}
		if _, err := workorder.NormalizePhone(p); err == nil {
			return p
		}
	}
}
