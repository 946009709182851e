package demo

import (
	"time"

	"tongban/internal/workorder"
)

// The demo's request texts. They were written for Alxa League's towns,
// gachas and seasons (heating from mid-October, the Ejina poplar season in
// September and October, wage claims before the Spring Festival); none is
// taken from the real citizen messages in the shared data set, which must
// not ship. Placeholders in braces are filled per order (see filler): the
// place the matter arises in, its town and banner, a made-up housing
// compound, road, shop or school, the registration month and a few numbers
// that the unit's reply repeats.

// area says where a kind of request comes from.
type area int

const (
	anywhere area = iota
	urban         // communities and street offices
	rural         // gachas, villages and sumu
)

// variant is one way a citizen puts a matter: the request type, a title
// and a description.
type variant struct {
	typ   workorder.Type
	title string
	desc  string
	re    []int    // the topic's replies that answer it; nil: any
	cats  []string // category keywords when the topic's do not fit; nil: the topic's
}

// topic is a kind of matter that reaches 12345: what is said, where it
// arises, which department leads and who may help, and what the unit
// answers.
type topic struct {
	key     string
	weight  float64
	season  func(time.Month) float64 // volume multiplier by month; nil: flat
	area    area
	banners []string // banner codes it arises in; nil: all
	dept    string   // lead department (Departments key)
	alt     string   // department it is plausibly misrouted to first (退单)
	assist  []string // assisting departments (协办)
	league  float64  // share of orders led by the league department
	village bool     // only about a gacha, village or community
	town    bool     // handled where it arises (属地): the town office leads
	urgent  float64  // share of help and complaint orders marked urgent
	cats    []string // category keywords, best first
	vars    []variant
	answer  string // direct answer (直接办结) for consultations; "" if the unit must answer
	replies []string
}

func heating(m time.Month) float64 {
	switch m {
	case time.October:
		return 2.5
	case time.November, time.December, time.January:
		return 3.5
	case time.February, time.March:
		return 2
	case time.April, time.September:
		return 0.6
	}
	return 0.1
}

func poplarSeason(m time.Month) float64 {
	switch m {
	case time.September:
		return 2.5
	case time.October:
		return 4
	case time.July, time.August:
		return 0.8
	}
	return 0.2
}

func enrolment(m time.Month) float64 {
	switch m {
	case time.June, time.July, time.August:
		return 2.5
	case time.September:
		return 1.8
	}
	return 0.6
}

func yearEnd(m time.Month) float64 {
	switch m {
	case time.November, time.December, time.January:
		return 2.2
	case time.October, time.February:
		return 1.4
	}
	return 1
}

func premiumSeason(m time.Month) float64 {
	if m >= time.September {
		return 1.6
	}
	return 1
}

func summer(m time.Month) float64 {
	if m >= time.April && m <= time.September {
		return 1.6
	}
	return 0.7
}

var topics = []topic{
	{
		key: "heating", weight: 5, season: heating, area: urban, dept: "zjj", alt: "cgj", urgent: 0.15,
		cats: []string{"供暖", "采暖", "供热"},
		vars: []variant{
			{workorder.TypeComplaint, "{compound}暖气不热，室温只有十几度",
				"我家住{town}{place}{compound}{building}，自本月供暖开始以来暖气一直不热，白天室温只有14度左右，晚上更低，家里有老人和小孩。多次给热力公司打电话，说派人来看但一直没人上门，请尽快协调解决。", []int{0, 1}, nil},
			{workorder.TypeHelp, "{compound}整个单元暖气不热，请求排查",
				"{compound}{building}这个单元从前天开始暖气片冰凉，邻居家也一样，怀疑是管道堵塞或者阀门没开。这几天降温厉害，请相关部门尽快安排人员上门排查维修。", []int{0, 1}, nil},
			{workorder.TypeComplaint, "已交供暖费但室温不达标",
				"本人已按时缴纳今年的供暖费，但家中暖气一直达不到标准温度，室温不足18度。要求热力公司上门测温，不达标的按规定退还部分供暖费。地址：{town}{compound}。", []int{1}, nil},
			{workorder.TypeHelp, "楼道暖气管道漏水结冰",
				"{compound}{building}楼道里的暖气管道漏水，地面已经结了冰，老人出门很危险。物业说不归他们管，热力公司电话打不通，请尽快派人维修。", []int{2}, nil},
			{workorder.TypeSuggestion, "建议供热企业公开报修电话和上门时限",
				"每年供暖初期报修电话都打不通，建议供热企业在各小区公示24小时报修电话和上门维修时限，并通过短信告知维修进度。", []int{3}, nil},
		},
		replies: []string{
			"经{unit}协调供热企业次日上门排查，系单元入户阀门未完全开启、管道内存有空气，已进行排气和调节，复测室温19度，已告知市民。",
			"已责成供热企业对该楼进行管网冲洗和水力平衡调节，维修后复测室温18.5度，符合供热标准。对前期未及时上门的问题，已要求供热企业整改并向市民致歉。",
			"供热企业已更换破损管段并清理楼道积冰，同时对该小区老旧管网进行排查，列入明年改造计划。",
			"{unit}已督促供热企业在各小区公示24小时报修电话，实行报修限时上门和维修结果回访制度。",
		},
	},
	{
		key: "heating_fee", weight: 1.2, season: func(m time.Month) float64 {
			if m >= time.August && m <= time.November {
				return 2
			}
			return 0.5
		}, area: urban, dept: "zjj", alt: "fgw",
		cats: []string{"供暖", "采暖"},
		vars: []variant{
			{workorder.TypeConsult, "供暖费收费标准和缴费时间咨询",
				"想问一下今年{town}住宅供暖费的收费标准是多少，每平方米多少钱，缴费截止到什么时候，能不能在手机上缴纳？", nil, nil},
			{workorder.TypeConsult, "空置房能否申请停止供暖",
				"我在{compound}有一套房子常年没人住，想问一下能不能申请停供，只交基础热费，需要带什么材料，到哪里办理？", nil, nil},
		},
		answer: "住宅供暖费按建筑面积计收，收费标准以旗发展和改革委员会核定公布的价格为准；可通过供热企业营业厅、微信公众号或银行代收点缴纳，缴费期一般在供暖开始前。空置房申请停供需在供暖开始前携带身份证和房产证明到供热企业营业厅办理，停供期间按规定缴纳基本热费。",
		replies: []string{
			"经{unit}核实，今年住宅供暖收费标准未作调整，已将收费标准、缴费渠道和停供办理流程电话告知市民。",
		},
	},
	{
		key: "water", weight: 3, season: summer, area: urban, dept: "slj", alt: "zjj", urgent: 0.2,
		cats: []string{"供水", "自来水"},
		vars: []variant{
			{workorder.TypeComplaint, "{compound}突然停水未提前通知",
				"{compound}今天早上开始停水，事先没有看到任何通知，家里老人做饭洗漱都成问题。给供水公司打电话一直占线，请问什么时候恢复供水？", []int{0}, nil},
			{workorder.TypeComplaint, "{compound}水压低，楼上经常没水",
				"我住{compound}{building}六楼，每天早晚用水高峰时水龙头几乎不出水，热水器打不着火，已经持续一个多月，希望供水部门检查二次加压设施。", []int{1}, nil},
			{workorder.TypeComplaint, "自来水发黄有异味",
				"最近几天{place}家里的自来水放出来发黄，烧开后有沉淀和异味，不敢饮用，请有关部门检测水质并给个说法。", []int{2}, nil},
			{workorder.TypeHelp, "{road}路边供水管道破裂",
				"{town}{road}靠近{compound}的路边供水管道破裂，水流到路面上已经结冰，过往车辆和行人很危险，请尽快抢修。", []int{3}, nil},
		},
		replies: []string{
			"经核实，停水系{town}供水主管道抢修所致，供水企业未按规定提前张贴停水公告。管道已于当日下午修复并恢复供水，已责成供水企业今后计划停水须提前24小时公告。",
			"供水部门已对该小区二次供水设施进行检修，更换了老化的加压泵，经回访，高峰时段水压恢复正常。",
			"水务部门已对该区域末梢水进行取样检测，各项指标符合生活饮用水卫生标准，发黄系管网冲洗后浊度短时升高所致，已安排管网放水冲洗。",
			"供水企业接报后即组织抢修，更换破损管段约6米，当晚恢复供水，路面积冰已清理。",
		},
	},
	{
		key: "pasture_water", weight: 1.6, season: summer, area: rural, dept: "slj", alt: "nmj", assist: []string{"nmj"}, town: true, urgent: 0.1,
		cats: []string{"饮水", "引水调水", "供水"},
		vars: []variant{
			{workorder.TypeHelp, "{place}牧户饮水井出水减少，人畜饮水困难",
				"我家在{town}{place}放牧，草场上的饮水井今年出水越来越少，现在一天只能抽半箱水，二百多只羊和十几峰骆驼喝水都成问题，请求帮助维修或者重新打井。", []int{0}, nil},
			{workorder.TypeHelp, "{place}光伏提水设备损坏",
				"嘎查给我们配的光伏提水泵坏了半个多月，电池板被大风刮坏，自己修不了，只能开车到二十公里外拉水，请求苏木（镇）协调维修。", []int{1}, nil},
		},
		replies: []string{
			"{unit}已联系旗水务局技术人员到现场查看，饮水井系水泵老化、滤管堵塞，已更换水泵并洗井，出水恢复正常。",
			"光伏提水设备已由{unit}协调厂家售后人员上门维修，更换受损电池板两块，设备恢复运行；同时提醒牧户大风天气注意加固。",
		},
	},
	{
		key: "pasture_dispute", weight: 2.2, area: rural, dept: "lcj", alt: "lcj", assist: []string{"sfj"}, town: true,
		cats: []string{"土地权属纠纷", "嘎查村和社区事务", "土地承包"},
		vars: []variant{
			{workorder.TypeComplaint, "与邻近牧户草场界线纠纷",
				"我家承包的草场和{place}另一户牧民的草场相邻，对方今年把围栏往我家草场里移了两百米左右，多次协商没有结果，请求镇里和嘎查按照草原承包经营权证确认界线。", []int{0}, nil},
			{workorder.TypeHelp, "草场被外来羊群越界放牧",
				"{place}有外来牧户长期赶着羊群进入我家承包草场放牧，我家草场今年按要求禁牧休养，劝说对方也不听，请求有关部门处理。", []int{3}, []string{"禁牧休牧", "草畜平衡", "破坏草原"}},
			{workorder.TypeReport, "举报有人在草原上挖沙取土",
				"{town}{place}附近有人开着铲车在草场上挖沙取土，已经破坏了几十亩草场，晚上也在干，请林草部门尽快查处。", []int{1}, []string{"非法开垦占用草原", "破坏草原", "征占草场"}},
			{workorder.TypeComplaint, "草场流转到期对方不退还",
				"我家草场三年前流转给别人经营，合同今年已经到期，对方到现在不退还草场，最后一年的流转费也不给，请求嘎查和镇里调解。", []int{2}, []string{"土地流转", "土地承包", "嘎查村和社区事务"}},
		},
		replies: []string{
			"{unit}组织嘎查两委、司法所和旗林草局工作人员到现场，依据双方草原承包经营权证和确权图斑进行实地测量，确认对方围栏越界约180米，已责令其限期拆除恢复，双方签订了调解协议。",
			"旗林草局执法人员已到现场核查，对非法挖沙取土破坏草原的行为立案调查，责令停止违法行为并恢复植被，作业设备已依法扣押。",
			"经嘎查和镇司法所调解，双方同意按合同约定于本月底前退还草场并结清流转费用，已签订书面协议，嘎查将跟踪落实。",
			"{unit}组织嘎查和草原监理人员对越界放牧户进行了劝离和批评教育，责令其赔偿草场损失，并在两户交界处补设了围栏和界桩。",
		},
	},
	{
		key: "grassland_subsidy", weight: 1.8, area: rural, dept: "lcj", alt: "czj",
		cats: []string{"草原生态保护补助奖励", "退牧还草", "惠农补贴"},
		vars: []variant{
			{workorder.TypeConsult, "草原生态补奖资金发放时间咨询",
				"想问一下今年的禁牧补助和草畜平衡奖励什么时候发，标准有没有变化。我家在{town}{place}，去年是打到一卡通上的。", []int{2}, nil},
			{workorder.TypeComplaint, "禁牧补助到账金额与公示不一致",
				"我家禁牧补助今年到账的钱比嘎查公示的少了一千多元，问嘎查说是系统算的，说不清楚原因，请有关部门核实。", []int{0}, nil},
			{workorder.TypeHelp, "户口迁移后草原补奖资格无人认定",
				"我因为结婚户口从{town}迁到了{banner}别的苏木，原嘎查的草原补奖停了，新地方又说不符合条件，请问到底该怎么认定？", []int{1}, nil},
		},
		answer: "草原生态保护补助奖励资金按年度由旗林业和草原局会同财政部门核定，通过惠民惠农财政补贴资金“一卡通”发放，具体时间以当年资金下达和嘎查公示为准。对金额有疑问的，可持草原承包经营权证和一卡通到所在苏木（镇）农牧业服务中心查询。",
		replies: []string{
			"经{unit}和苏木（镇）核实，差额系今年草场面积核减后重新核定所致，已向市民出示核定依据并解释；如对面积核减有异议，可提交材料申请复核。",
			"{unit}已协调两地苏木（镇）做好资格衔接，按照“不重不漏”原则由现户籍所在地纳入补奖范围，相关手续已办理完毕。",
			"{unit}已电话告知市民今年补奖资金的发放时间和标准，资金已经下达，公示无异议后将发放到一卡通。",
		},
	},
	{
		key: "desert_control", weight: 1.6, area: rural, dept: "lcj", alt: "nmj",
		cats: []string{"防沙治沙", "沙化土地治理", "植树造林", "造林"},
		vars: []variant{
			{workorder.TypeConsult, "梭梭林接种肉苁蓉补贴政策咨询",
				"我在{place}承包了一片梭梭林，想接种肉苁蓉，听说有补贴，想问问补贴标准和申请流程，要找哪个部门？", []int{2}, []string{"植树造林", "沙化土地治理", "造林"}},
			{workorder.TypeComplaint, "防沙治沙工程验收后尾款迟迟未拨付",
				"我们合作社去年承接了{town}的防沙治沙造林任务，验收已经合格，但尾款和造林补贴到现在还没拨付，工人工资也欠着，请求尽快拨付。", []int{0}, []string{"沙化土地治理", "防沙治沙", "造林"}},
			{workorder.TypeHelp, "新植梭梭林被羊群啃食",
				"{place}今年春天新种的梭梭林围栏被破坏了，有羊群进去啃食，成活率受影响，请求林草部门和嘎查协调加强管护。", []int{1}, []string{"公益林管护", "禁牧休牧", "林业"}},
		},
		answer: "梭梭林接种肉苁蓉等林沙产业扶持政策由旗林业和草原局负责解释和组织申报，一般需提供林地权属证明、接种面积和验收材料，经苏木（镇）初审、旗林草局验收后兑现补贴，具体标准以当年实施方案为准。",
		replies: []string{
			"经核实，该造林项目已完成验收，尾款因项目资金分批下达未及时拨付。{unit}已协调财政部门，资金将于本月内拨付到位，并要求合作社优先支付工人工资。",
			"{unit}已安排护林员加强巡护，督促嘎查修复围栏，对放牧户进行了批评教育，并责令其赔偿损失、补植苗木。",
			"{unit}已向市民详细解释接种肉苁蓉的扶持政策和申报流程，并安排林草站技术人员上门指导。",
		},
	},
	{
		key: "wages", weight: 3.5, season: yearEnd, dept: "rsj", alt: "zjj", assist: []string{"zjj"}, urgent: 0.25,
		cats: []string{"拖欠工资", "农民工", "工资发放", "拖欠工程款"},
		vars: []variant{
			{workorder.TypeComplaint, "建筑工地拖欠农民工工资",
				"我们一共{people}个人在{town}一个建筑工地干活，从{prevmonth}月干到现在，包工头和某建筑工程公司一直拖欠工资，共计约{amount}元，多次讨要都说等工程款下来再给，请求劳动监察部门帮助追讨。", []int{0, 1}, nil},
			{workorder.TypeHelp, "装修工程完工两个月不结工资",
				"我在{banner}一个小区的装修项目打工，工程已经完工两个月，老板以各种理由不结算，我本人被欠{amount2}元，家里等着用钱，请求帮助。", []int{2, 1}, nil},
			{workorder.TypeReport, "举报劳务公司负责人拖欠工资后失联",
				"某劳务分包公司在{town}承包的工程结束后，负责人手机关机失联，拖欠二十多名工人的工资，请求有关部门立案调查。", []int{3}, nil},
		},
		replies: []string{
			"{unit}劳动保障监察大队已约谈施工企业和劳务分包负责人，经核算拖欠{people}名工人工资共计{amount}元，企业已通过农民工工资专用账户全额支付，工人均已确认收到。",
			"经调查，因双方对工程量存在争议导致工资未结算，劳动保障监察部门组织双方调解，达成分两期支付的协议，首期款已支付；如对方逾期不履行，将依法立案查处。",
			"经劳动保障监察部门调查核实，装修公司负责人已承认欠薪事实，并于三日内将拖欠的{amount2}元工资全额支付给市民。",
			"{unit}已对该劳务公司立案调查，联系上负责人并责令限期支付，同时启用工资保证金先行垫付，涉嫌拒不支付劳动报酬罪的线索已移送公安机关。",
		},
	},
	{
		key: "food", weight: 2.4, area: urban, dept: "scjgj", league: 0.12, alt: "wjw", assist: []string{"wjw"},
		cats: []string{"食品安全", "食品"},
		vars: []variant{
			{workorder.TypeComplaint, "餐馆饭菜中吃出异物，老板拒绝退款",
				"今天中午在{town}{shop}吃饭，菜里吃出了头发和一小块塑料，后厨看上去很脏，老板态度恶劣不给退款，请市场监管部门检查处理。", []int{0}, []string{"餐饮服务", "食品安全"}},
			{workorder.TypeReport, "举报超市销售过期食品",
				"在{place}附近一家超市买的酸奶，回家发现已经过期五天，货架上还有好几盒一样的，怀疑长期销售过期食品，请查处。", []int{1}, []string{"食品销售", "食品安全"}},
			{workorder.TypeComplaint, "外卖餐品导致全家腹泻",
				"昨晚在外卖平台点了{shop}的烧烤，全家三口吃完都拉肚子，已经到医院看了，商家不承认，请有关部门调查。", []int{2}, []string{"餐饮服务", "网络购物", "食品安全"}},
		},
		replies: []string{
			"{unit}执法人员已对该餐饮店进行现场检查，发现后厨卫生不达标、从业人员健康证过期等问题，已下达责令改正通知书并立案调查，同时督促商家退还餐费。",
			"执法人员已对该超市进行检查，现场查扣过期食品若干，已立案调查，将依据《中华人民共和国食品安全法》依法处理，并督促其向消费者依法赔偿。",
			"{unit}已对该商户进行现场检查并抽样送检，责令其停业整改，经调解商户已赔偿市民医疗费用。",
		},
	},
	{
		key: "taxi", weight: 2, area: urban, banners: []string{"152921000000"}, dept: "jtj", alt: "cgj",
		cats: []string{"出租车", "运价"},
		vars: []variant{
			{workorder.TypeComplaint, "巴彦浩特出租车拒载、绕路",
				"晚上九点多在巴彦浩特{road}打车，第一辆出租车问了目的地就拒载，第二辆上车后故意绕路，多收了十几元，车牌号已经记下，请交通部门处理。", []int{0}, nil},
			{workorder.TypeComplaint, "巴彦浩特出租车不打表随意要价",
				"从盟医院到{place}，出租车司机不打表，张口就要三十元，平时打表才十来块。请问巴彦浩特出租车到底怎么收费？请加强管理。", []int{1}, nil},
			{workorder.TypeSuggestion, "建议规范巴彦浩特出租车拼客和计价",
				"现在巴彦浩特早晚高峰打车越来越难，出租车普遍拼客、一人一价，建议主管部门增加运力，规范拼车和计价，方便群众出行。", []int{2}, nil},
		},
		replies: []string{
			"{unit}已根据市民提供的车牌号调取车辆运行轨迹，核实该驾驶员存在绕路多收费行为，已依规予以处罚并责令退还多收费用，同时纳入企业服务质量信誉考核。",
			"经调查，该驾驶员未按规定使用计价器，已对其处以罚款并扣减信誉考核分，出租车公司已组织驾驶员集中培训。",
			"{unit}已将市民建议纳入出租汽车行业管理研究，近期将开展拼客、议价专项整治，并研究在高峰时段增加运力。",
		},
	},
	{
		key: "city_roads", weight: 2.6, area: urban, dept: "zjj", alt: "jtj",
		cats: []string{"市政设施", "城市公共设施", "设施维护"},
		vars: []variant{
			{workorder.TypeComplaint, "{road}路面坑洼严重",
				"{town}{road}靠近{compound}的一段路面坑坑洼洼，有的坑有二三十公分深，晚上骑电动车很危险，已经有人摔倒，希望尽快修补。", []int{0}, nil},
			{workorder.TypeComplaint, "{compound}周边路灯长期不亮",
				"{compound}门口到{road}这一段的路灯已经坏了一个多月，晚上一片漆黑，老人孩子出行很不安全，请相关部门维修。", []int{1}, nil},
			{workorder.TypeSuggestion, "建议在学校附近路口增设信号灯和斑马线",
				"{place}{school}附近的路口车流量大，孩子们上下学过马路很危险，建议增设信号灯和斑马线。", []int{2}, []string{"交通设施", "交通安全管理", "市政设施"}},
		},
		replies: []string{
			"{unit}已安排市政养护单位对该路段坑槽进行修补，共修补路面约120平方米，目前已恢复正常通行。",
			"经排查，该路段路灯系地下电缆老化短路，市政部门已更换电缆并修复路灯12盏，已恢复照明。",
			"{unit}会同交警部门对该路口进行了现场勘察，增设信号灯已纳入明年城市道路改造计划，近期先施划斑马线、设置减速带和警示标志。",
		},
	},
	{
		key: "rural_roads", weight: 1.4, area: rural, dept: "jtj", alt: "zjj",
		cats: []string{"交通设施", "公路", "设施维护"},
		vars: []variant{
			{workorder.TypeHelp, "通往{place}的砂石路被流沙掩埋",
				"通往{place}的砂石路有好几段被流沙埋住了，前几天刮大风以后小车基本过不去，牧民出行和拉饲草都很困难，请求清理。", []int{0}, nil},
			{workorder.TypeComplaint, "{place}通村硬化路修好一年就开裂",
				"去年新修的通往{place}的硬化路，才一年多路面就大面积开裂、塌陷，怀疑工程质量有问题，请有关部门调查。", []int{1}, []string{"交通设施", "工程质量"}},
			{workorder.TypeSuggestion, "建议将通往{place}的砂石路纳入硬化计划",
				"通往{place}的砂石路一到刮风下雨就没法走，牧民出行和孩子上学都不方便，建议纳入农村牧区公路硬化计划。", []int{2}, nil},
		},
		replies: []string{
			"{unit}已协调公路养护站出动装载机对积沙路段进行清理，道路已恢复通行，并将在易积沙路段设置草方格沙障。",
			"经{unit}现场检查，该路段开裂系施工单位基层压实不足所致，仍在质保期内，已责令施工单位限期返修。",
			"{unit}已将该路段纳入农村牧区公路建设项目库，将根据资金安排分批实施硬化。",
		},
	},
	{
		key: "property", weight: 3.2, area: urban, dept: "zjj", alt: "cgj", assist: []string{"scjgj"},
		cats: []string{"物业管理", "物业服务", "小区管理"},
		vars: []variant{
			{workorder.TypeComplaint, "{compound}物业不作为，垃圾长期不清运",
				"{compound}的垃圾桶满了好几天都没人清运，楼道也没人打扫，物业费却照收不误。业主多次反映没有结果，请主管部门督促物业整改。", []int{0}, nil},
			{workorder.TypeComplaint, "{compound}电梯频繁故障",
				"{compound}{building}的电梯这个月已经坏了三次，有一次还困了人，物业只是简单修一下，请求有关部门检查，督促物业彻底维修。", []int{1}, []string{"电梯", "特种设备"}},
			{workorder.TypeComplaint, "物业私自划车位收取停车费",
				"{compound}物业突然在小区道路上划车位，要求业主每月交停车费，不交不让进，业主大会没有同意过，请问物业有没有权利这样收费？", []int{2}, []string{"停车管理", "物业管理", "物业服务"}},
			{workorder.TypeConsult, "如何成立业主委员会",
				"我们{compound}入住好几年了一直没有业主委员会，想问一下成立业委会需要什么条件和程序，找哪个部门指导？", []int{3}, nil},
		},
		answer: "成立业主大会和业主委员会，由业主向物业所在地的街道办事处（镇人民政府）提出书面申请，在其指导下成立筹备组，依法召开首次业主大会会议选举产生业主委员会，并到旗住房和城乡建设局备案。",
		replies: []string{
			"{unit}已约谈该小区物业服务企业，责令其三日内清运积存垃圾并恢复日常保洁，街道和社区将跟踪督促，并纳入物业服务企业信用评价。",
			"市场监管部门已对该电梯进行安全检查，责令使用单位停用整改，维保单位已更换故障部件，经检验合格后恢复运行。",
			"经核实，小区共有部分设置车位收费须经业主大会依法决定，物业单方设定收费不符合规定，已责令其暂停收费，由社区指导业主协商解决。",
			"{unit}已向市民介绍成立业主大会和业主委员会的条件和程序，所在街道办事处将派人指导成立筹备组。",
		},
	},
	{
		key: "enrolment", weight: 2, season: enrolment, dept: "jyj", alt: "spj",
		cats: []string{"招生录取", "异地升学", "教育"},
		vars: []variant{
			{workorder.TypeConsult, "随迁子女入学需要哪些材料",
				"我们一家从外地来{town}打工，孩子今年要上小学一年级，户口不在本地，请问入学需要准备哪些材料，到哪所学校报名？", []int{2}, nil},
			{workorder.TypeHelp, "孩子转学被接收学校拒绝",
				"孩子从{banner}其他苏木的学校转到{town}{school}，原学校已经同意，但接收学校说学位已满不收，请教育部门协调。", []int{0}, nil},
			{workorder.TypeComplaint, "学区划分不合理，孩子上学太远",
				"我家就住在{school}旁边，今年却被划到离家三公里外的学校，孩子上学要过两条大马路，希望教育局重新考虑学区划分。", []int{1}, nil},
			{workorder.TypeSuggestion, "建议在新建小区附近增设小学",
				"{town}新建小区越来越多，附近只有一所小学，每年学位都很紧张，建议在新区规划建设一所小学。", []int{3}, nil},
		},
		answer: "随迁子女在居住地接受义务教育，一般需提供户口簿、监护人在本地的居住证明（居住证、房产证明或租房合同）及务工、经营证明，按学区到对应学校报名。具体材料和报名时间以旗教育局当年发布的招生公告为准。",
		replies: []string{
			"{unit}已协调接收学校，根据学位情况为该学生办理了转学手续，学生已于本周入学。",
			"经{unit}核实，今年学区划分依据适龄儿童数量和学校承载能力调整，已向市民解释政策；确有困难的家庭可提出申请，由教育局统筹调剂。",
			"{unit}已向市民告知随迁子女入学所需材料和报名学校，孩子已顺利报名。",
			"{unit}已将市民建议纳入中小学布局规划研究，近期将通过挖潜扩容增加学位。",
		},
	},
	{
		key: "school_fees", weight: 1.1, area: urban, dept: "jyj", alt: "scjgj", assist: []string{"scjgj"},
		cats: []string{"乱收费", "教育收费", "教育"},
		vars: []variant{
			{workorder.TypeComplaint, "学校要求统一购买教辅资料",
				"{school}班主任要求每个学生交两百多元统一买教辅资料和校服，也不给收据，请问这样是否符合规定？", []int{0}, nil},
			{workorder.TypeReport, "举报校外培训机构预收学费后关门",
				"{place}附近一家校外培训机构让家长一次性预交一年学费近一万元，现在机构关门了，老板联系不上，请求教育和市场监管部门处理。", []int{1}, []string{"校外机构管理", "预付式消费", "教育"}},
		},
		replies: []string{
			"{unit}已对该校进行调查，征订教辅须遵循“一教一辅、自愿选购”原则，已责令学校停止统一收费并退还已收费用，对相关责任人进行了批评教育。",
			"{unit}会同市场监管部门已对该培训机构立案调查，督促其退还预收费用，并将其列入校外培训机构风险提示名单。",
		},
	},
	{
		key: "medical_insurance", weight: 2.6, season: premiumSeason, dept: "ybj", alt: "rsj", league: 0.4,
		cats: []string{"医疗保险", "居民医疗保险"},
		vars: []variant{
			{workorder.TypeConsult, "城乡居民医保缴费标准和缴费方式",
				"想问一下明年城乡居民医保个人要交多少钱，什么时候开始交，手机上怎么交？我家在{town}{place}。", []int{2}, nil},
			{workorder.TypeConsult, "异地就医备案如何办理",
				"我父亲要去外地住院，参加的是阿拉善的城乡居民医保，请问异地就医备案怎么办，能不能网上办，报销比例是多少？", []int{3}, nil},
			{workorder.TypeComplaint, "住院费用报销比例偏低，要求核实",
				"家人在{banner}人民医院住院，出院报销后自费部分比预想的多很多，医院说有的药不在目录里，请医保部门核实报销是否正确。", []int{0, 1}, nil},
			{workorder.TypeSuggestion, "建议简化异地就医备案手续",
				"家里老人常年在外地子女家居住，每次异地就医备案都很麻烦，建议进一步简化手续、延长备案有效期。", []int{4}, nil},
		},
		answer: "城乡居民基本医疗保险按年度缴费，集中缴费期一般为每年9月至12月，个人缴费标准以当年自治区公布的为准；可通过“蒙速办”APP、医保或税务部门缴费渠道，或到所在苏木（镇）、社区代办点缴纳。异地就医备案可通过“国家医保服务平台”APP或到旗医疗保障局窗口办理。",
		replies: []string{
			"{unit}已调取该患者结算明细，报销计算符合政策规定，自费部分主要为目录外药品和耗材，已向家属逐项解释，并告知申请医疗救助的条件和程序。",
			"经核实，该患者因未办理转诊备案按规定降低了报销比例，{unit}已指导家属补办备案手续，差额部分将重新结算。",
			"{unit}已向市民告知城乡居民医保的缴费标准和缴费渠道。",
			"{unit}已指导市民通过国家医保服务平台APP完成异地就医备案，并告知报销政策。",
			"{unit}已将市民建议反映至上级医保部门，目前可通过线上渠道办理长期异地居住备案，已告知市民办理方式。",
		},
	},
	{
		key: "social_card", weight: 2.2, dept: "rsj", alt: "ybj", league: 0.35,
		cats: []string{"社会保障卡", "养老保险", "城乡居民养老保险"},
		vars: []variant{
			{workorder.TypeConsult, "社保卡丢失如何补办",
				"我的社保卡不小心丢了，请问在{banner}哪里可以补办，需要带什么，多长时间能拿到？能不能先挂失？", []int{2}, nil},
			{workorder.TypeHelp, "社保卡激活后显示状态异常",
				"新领的第三代社保卡在银行激活以后，去药店刷卡显示卡片状态异常，跑了好几个地方都说不清楚，请帮忙查询解决。", []int{0}, nil},
			{workorder.TypeConsult, "老人养老金资格认证能否上门办理",
				"我母亲七十多岁了住在{place}，今年的养老待遇资格认证还没做，老人不会用手机，请问能不能上门认证？", []int{1}, nil},
		},
		answer: "社会保障卡遗失可拨打合作银行客服电话或通过电子社保卡先行挂失，再携带本人身份证到旗人社局社保卡服务窗口或合作银行网点补办，即时制卡网点可当场领取。养老待遇资格认证可通过“掌上12333”或“蒙速办”APP人脸识别完成，行动不便的老人可联系所在社区（嘎查）申请上门认证。",
		replies: []string{
			"经{unit}查询，该卡因银行激活信息未同步导致状态异常，已协调合作银行重新同步数据，卡片已可正常使用。",
			"社区工作人员已上门为老人完成养老待遇资格认证，并告知家属今后可使用手机为老人代为认证。",
			"已告知市民社保卡挂失和补办的地点与材料，市民已在合作银行网点补领新卡。",
		},
	},
	{
		key: "noise", weight: 2.2, season: summer, area: urban, dept: "sthjj", alt: "cgj", assist: []string{"gaj"},
		cats: []string{"噪声污染", "噪音污染", "噪声", "噪音"},
		vars: []variant{
			{workorder.TypeComplaint, "工地夜间施工噪音扰民",
				"{compound}旁边的工地每天晚上十点以后还在施工，搅拌机和渣土车噪音很大，严重影响休息，请有关部门查处。", []int{0}, nil},
			{workorder.TypeComplaint, "广场舞音响声音过大",
				"{compound}旁边的广场每天晚上广场舞音响开得特别大，一直跳到九点半以后，孩子要写作业，老人睡不好觉，请协调降低音量、控制时间。", []int{1}, nil},
			{workorder.TypeComplaint, "楼下烧烤店油烟噪音扰民",
				"{compound}{building}楼下新开的烧烤店营业到凌晨，排风扇噪音和油烟直冲楼上，窗户都不敢开，请求处理。", []int{2}, []string{"餐饮油烟", "噪声污染", "噪音污染"}},
			{workorder.TypeSuggestion, "建议在居民区周边设置禁鸣标志",
				"{compound}周边道路夜间经常有车辆鸣笛、改装车轰油门，建议设置禁鸣标志和噪声抓拍设备。", []int{3}, []string{"噪声污染", "交通秩序"}},
		},
		replies: []string{
			"经{unit}和城管执法部门联合检查，该工地未办理夜间施工许可，已责令其22时至次日6时停止高噪声作业，并依法立案处罚。",
			"社区和城管执法部门已与广场舞队负责人沟通，约定音量控制在规定范围内、活动不超过晚上9点，并设置了噪声提示牌。",
			"城管执法部门已责令烧烤店加装油烟净化和消声设施，限期整改，经复查已整改到位。",
			"{unit}已会同交警部门在该路段设置禁鸣标志，并将噪声抓拍设备纳入明年建设计划。",
		},
	},
	{
		key: "pollution", weight: 1.8, dept: "sthjj", alt: "zrzyj",
		cats: []string{"大气污染", "环境执法"},
		vars: []variant{
			{workorder.TypeComplaint, "{town}夜间化工异味严重",
				"最近一段时间每到晚上{town}就能闻到刺鼻的化工气味，开窗后嗓子难受，怀疑园区企业夜间偷排废气，请环保部门监测查处。", []int{0}, []string{"工业废气", "大气污染"}},
			{workorder.TypeReport, "举报企业向沙地倾倒废水",
				"{place}附近有企业用罐车往沙漠里倾倒废水，地上留下大片黑色痕迹，气味很重，请生态环境部门查处。", []int{1}, []string{"水污染", "危险废物"}},
			{workorder.TypeComplaint, "有人露天焚烧垃圾和废旧轮胎",
				"{place}附近经常有人露天焚烧垃圾和废旧轮胎，黑烟很大，请有关部门制止。", []int{2}, []string{"生活垃圾", "固体污染", "固体废物", "大气污染"}},
		},
		replies: []string{
			"{unit}已对园区重点企业开展夜间突击检查并调取在线监测数据，发现一家企业废气处理设施运行不正常，已责令停产整改并立案处罚，后续将加密监测频次。",
			"执法人员已对倾倒现场取样检测，锁定涉事企业并立案调查，责令其清理污染物、恢复原状，相关线索已移送公安机关。",
			"{unit}已会同属地政府制止焚烧行为，清理了焚烧残留物，并在该区域设置警示标志，纳入日常巡查。",
		},
	},
	{
		key: "tourism", weight: 2, season: poplarSeason, banners: []string{"152923000000"}, dept: "wlj", alt: "scjgj", assist: []string{"scjgj"},
		cats: []string{"文化旅游", "景区管理", "旅游市场管理"},
		vars: []variant{
			{workorder.TypeComplaint, "胡杨节期间宾馆临时加价",
				"金秋胡杨节期间在达来呼布镇订的宾馆，入住时老板临时加价，比网上预订的价格高出两倍多，不同意就不让住，请有关部门查处。", []int{0}, []string{"价格监管", "旅游市场管理", "文化旅游"}},
			{workorder.TypeComplaint, "胡杨林景区区间车排队时间过长",
				"今天在胡杨林景区换乘区间车排了两个多小时的队，现场秩序混乱，没有工作人员疏导，很多老人孩子在太阳底下晒着，希望景区改进管理。", []int{1}, nil},
			{workorder.TypeConsult, "胡杨林景区门票和开放时间咨询",
				"想问一下今年胡杨林景区门票多少钱，几点开门，黑城和怪树林是不是联票，老人有没有优惠？", []int{3}, nil},
			{workorder.TypeComplaint, "景区附近空地停车被收五十元",
				"在胡杨林景区附近一块空地停车，被人收了五十元停车费，没有任何票据，请问这样收费是否合法？", []int{2}, []string{"停车管理", "景区管理", "文化旅游"}},
			{workorder.TypeSuggestion, "建议旺季增开达来呼布镇至景区的旅游公交",
				"胡杨林旺季游客很多，打车难、价格高，建议增加达来呼布镇到各景区的旅游公交班次，并公布发车时间。", []int{4}, []string{"客运班线", "公共汽车", "文化旅游"}},
		},
		answer: "额济纳旗胡杨林景区门票价格及优惠政策以景区官方公布为准，60周岁以上老人、学生、现役军人等可凭有效证件享受优惠。旺季（每年9月下旬至10月）景区开放时间延长，建议提前通过官方渠道预约购票，错峰游览。",
		replies: []string{
			"{unit}会同市场监管部门已对该宾馆进行调查，其临时加价行为违反明码标价规定，已责令退还多收费用并立案查处；节庆期间将加强住宿、餐饮价格巡查。",
			"景区已增调区间车，增设临时排队护栏和遮阳设施，安排工作人员现场疏导，高峰时段候车时间明显缩短。",
			"经查，收费人员并非停车场经营单位人员，属私自收费，公安和城管部门已予以制止，并在该区域设置了免费停车提示牌。",
			"已向游客告知景区门票价格、开放时间和优惠政策。",
			"{unit}已协调旅游公交在旺季开通达来呼布镇至胡杨林、黑城景区的专线，发车时刻已在景区和宾馆公布。",
		},
	},
	{
		key: "fuel_prices", weight: 1.4, dept: "scjgj", league: 0.2, alt: "fgw",
		cats: []string{"价格监管", "物价", "物价监督"},
		vars: []variant{
			{workorder.TypeComplaint, "加油站油价明显高于周边",
				"{town}{shop}的92号汽油价格比周边其他加油站每升高出三毛多，也没有明码标价，请价格监管部门核查。", []int{0}, nil},
			{workorder.TypeReport, "举报加油站加油机计量不准",
				"在{town}一家加油站加了300元的油，油表指示比平时少很多，怀疑加油机计量作弊，请求检测。", []int{1}, []string{"计量质量", "计量"}},
			{workorder.TypeComplaint, "液化气价格上涨过快",
				"最近{town}的液化气一罐涨了二十多元，送气的说是上面涨价了，请问液化气价格有没有规定？", []int{2}, []string{"价格监管", "物价监督", "燃气"}},
			{workorder.TypeConsult, "居民天然气价格调整咨询",
				"听说{banner}居民用天然气要调价，想问问调整后的价格是多少，阶梯气价怎么计算？", []int{3}, []string{"燃气", "燃气供应", "物价"}},
		},
		answer: "居民管道天然气销售价格由价格主管部门按规定程序核定并向社会公布，实行阶梯气价的按年度用气量分档计价。具体价格以旗发展和改革委员会公布的文件为准，可在旗人民政府门户网站查询。",
		replies: []string{
			"{unit}已对该加油站进行检查，其油品价格属市场调节价，但存在未按规定明码标价的问题，已责令立即改正并予以警告。",
			"计量检定人员已对该加油站全部加油机进行现场检定，其中一台计量误差超出允许范围，已责令停用并立案调查。",
			"{unit}已对辖区液化气经营企业开展价格检查，液化气价格属市场调节价，经营者已按规定明码标价，已向市民解释价格变动原因。",
			"已向市民告知居民用气价格标准和阶梯气价计算办法。",
		},
	},
	{
		key: "gas", weight: 1.4, season: heating, area: urban, dept: "zjj", alt: "scjgj", urgent: 0.25,
		cats: []string{"燃气", "燃气供应"},
		vars: []variant{
			{workorder.TypeHelp, "{compound}天然气突然停气",
				"{compound}从今天上午开始天然气停了，燃气公司说是管道检修，但没有提前通知，也不说什么时候恢复，请协调尽快恢复供气。", []int{0}, nil},
			{workorder.TypeComplaint, "燃气入户安检强制更换软管收费",
				"燃气公司上门安检说我家的燃气软管必须换，一根一百多元，而且只能买他们的，请问这样合理吗？", []int{1}, nil},
		},
		replies: []string{
			"经核实，停气系燃气企业对中压管线进行计划检修，未按规定提前公告，已责令其向用户致歉并完善停气通知制度，当日下午已恢复供气。",
			"{unit}已约谈燃气企业，入户安检不得强制用户购买指定产品，用户可自行选购符合国家标准的燃气软管，企业已承诺整改。",
		},
	},
	{
		key: "power", weight: 1.2, season: summer, dept: "nyj", alt: "fgw", league: 1, urgent: 0.15,
		cats: []string{"供电", "电力供应", "电力"},
		vars: []variant{
			{workorder.TypeHelp, "{place}频繁停电",
				"{town}{place}这个月已经停了四五次电，每次好几个小时，冰箱里的东西都坏了，也没有通知，请问是什么原因？", []int{0}, nil},
			{workorder.TypeComplaint, "牧区电压不稳烧坏家电",
				"我家在{place}，最近电压忽高忽低，已经烧坏了一台冰柜和一台电视，请供电部门检查线路。", []int{1}, nil},
		},
		replies: []string{
			"经供电企业排查，频繁停电系该区域10千伏线路受大风影响发生故障，已更换受损设备并加固线路，近期供电已恢复稳定。",
			"供电企业已对该台区变压器进行调压和负荷调整，电压恢复正常；家电损失已告知市民按程序申请理赔。",
		},
	},
	{
		key: "housing_fund", weight: 1, area: urban, dept: "gjj", alt: "zjj", league: 1,
		cats: []string{"住房公积金", "政务服务"},
		vars: []variant{
			{workorder.TypeConsult, "住房公积金提取还房贷如何办理",
				"我想提取住房公积金用于还房贷，请问需要什么材料，能不能在网上办理，多久到账？", []int{1}, nil},
			{workorder.TypeComplaint, "公积金贷款审批时间过长",
				"我在{banner}买房申请公积金贷款，材料交齐一个多月了还没审批下来，开发商一直催，请问为什么这么慢？", []int{0}, nil},
		},
		answer: "偿还住房贷款提取住房公积金，可通过住房公积金网上服务大厅或手机APP办理，也可携带身份证、购房合同和贷款合同到服务大厅办理，审核通过后一般3个工作日内到账。",
		replies: []string{
			"{unit}已核查该笔贷款，因借款人缴存基数变更信息待核实导致审批延迟，现已完成审核放款，并向市民致歉。",
			"已向市民告知提取住房公积金偿还贷款的材料和线上办理方式，市民已在手机APP上提交申请。",
		},
	},
	{
		key: "property_title", weight: 1.2, area: urban, dept: "zrzyj", alt: "zjj", assist: []string{"zjj"},
		cats: []string{"不动产登记", "房产证登记"},
		vars: []variant{
			{workorder.TypeComplaint, "{compound}交房四年办不了房产证",
				"我们{compound}交房已经四年了，开发商一直说手续不全办不了不动产权证，孩子上学、贷款都受影响，请政府协调解决。", []int{0}, nil},
			{workorder.TypeConsult, "二手房过户登记需要多长时间",
				"买了一套二手房，想问一下办理不动产转移登记需要带哪些材料，多长时间能拿证？", []int{1}, nil},
		},
		answer: "二手房转移登记需买卖双方携带身份证、原不动产权证书、买卖合同、完税凭证等材料到旗政务服务中心不动产登记窗口申请，一般5个工作日内办结，符合条件的可当天领证。",
		replies: []string{
			"{unit}会同住建部门已对该项目专题调度，开发商已补缴相关税费，规划核实和竣工验收备案已完成，业主不动产权证将于本月集中办理。",
			"已向市民告知二手房转移登记所需材料和办理时限。",
		},
	},
	{
		key: "dogs", weight: 1.2, area: urban, dept: "cgj", alt: "gaj",
		cats: []string{"市容环卫", "城管执法", "环境卫生"},
		vars: []variant{
			{workorder.TypeComplaint, "{compound}附近流浪狗成群",
				"{compound}附近最近有七八只流浪狗成群出没，晚上追人，已经有孩子被吓着了，请有关部门处理。", []int{0}, nil},
			{workorder.TypeComplaint, "邻居养大型犬不拴绳",
				"{compound}{building}有住户养了一只大型犬，经常不拴绳在小区里乱跑，还随地大小便，多次劝说没有用。", []int{1}, []string{"治安秩序", "城管执法"}},
		},
		replies: []string{
			"城管执法部门已联合社区对该区域流浪犬进行捕捉，共收容流浪犬6只，送往收容点统一处置。",
			"社区民警和物业已上门对犬主进行教育，告知其文明养犬规定，犬主承诺出户拴绳并及时清理犬只粪便。",
		},
	},
	{
		key: "illegal_building", weight: 1.2, area: urban, dept: "cgj", alt: "zrzyj",
		cats: []string{"违法建设", "违章建筑"},
		vars: []variant{
			{workorder.TypeReport, "举报一楼住户占用绿地私搭彩钢房",
				"{compound}{building}一楼住户在楼前绿地上私自搭了一间彩钢房，占用公共绿地，影响其他住户通行，请城管部门查处。", []int{0}, nil},
			{workorder.TypeComplaint, "楼顶违建漏水并存在安全隐患",
				"我们楼顶有住户私自加盖了阳光房，楼板承重有问题，下雨还漏水到楼下，请有关部门拆除。", []int{1}, nil},
		},
		replies: []string{
			"城管执法部门已现场核实，该彩钢房属未经审批的违法建设，已下达限期拆除通知书，当事人已在期限内自行拆除并恢复绿地。",
			"{unit}已对楼顶加建进行认定，责令当事人限期拆除，社区和物业将配合监督落实。",
		},
	},
	{
		key: "market", weight: 1.4, dept: "scjgj", league: 0.12, alt: "swj",
		cats: []string{"计量质量", "商品质量", "计量"},
		vars: []variant{
			{workorder.TypeComplaint, "农贸市场买肉缺斤短两",
				"在{town}农贸市场买了两斤牛肉，回家一称只有一斤六两，请市场监管部门加强检查。", []int{0}, nil},
			{workorder.TypeComplaint, "电暖器三天就坏商家拒绝退换",
				"在{town}一家家电商店买的电暖器用了三天就坏了，商家说不是质量问题，拒绝退换，请求维权。", []int{1}, []string{"商品质量", "消费维权"}},
		},
		replies: []string{
			"{unit}已到农贸市场进行检查，对涉事摊位的电子秤进行检定，发现计量作弊，已没收作弊装置并处以罚款，同时在市场设置了公平秤。",
			"经市场监管部门调解，商家同意为消费者更换同型号新品，双方达成一致。",
		},
	},
	{
		key: "assistance", weight: 1.6, dept: "mzj", alt: "mzj", town: true,
		cats: []string{"最低生活保障", "城镇低保", "农村低保", "社会救助"},
		vars: []variant{
			{workorder.TypeConsult, "低保申请条件和流程咨询",
				"我家在{place}，老伴去年生病花了不少钱，现在没有收入来源，想问一下能不能申请低保，需要准备什么材料？", []int{2}, nil},
			{workorder.TypeComplaint, "反映低保评定不公",
				"{place}有几户家里有车有生意的也在吃低保，真正困难的反而没评上，请有关部门核查。", []int{1}, nil},
			{workorder.TypeHelp, "家中突遭变故请求临时救助",
				"家里的房子前段时间被大风刮坏了，丈夫又受伤住院，生活很困难，请求政府给予临时救助。", []int{0}, []string{"临时救助", "社会救助", "最低生活保障"}},
		},
		answer: "申请最低生活保障，由申请人向户籍所在地苏木（镇）人民政府或街道办事处提出书面申请，提供身份证、户口簿、家庭收入和财产状况等材料，经入户调查、民主评议、公示和旗民政局审批后享受。嘎查（社区）可代为提交申请。",
		replies: []string{
			"{unit}已组织工作人员入户调查，该户家庭情况符合临时救助条件，已按程序发放临时救助金，并指导其申请医疗救助。",
			"经{unit}会同旗民政局逐户核查，反映的三户中有一户家庭收入已超过标准，已按程序停发低保，其余两户符合条件。",
			"{unit}已向市民讲解低保申请条件和程序，并安排社区（嘎查）工作人员上门协助其提交申请。",
		},
	},
	{
		key: "veterans", weight: 0.6, dept: "tyjrj", alt: "rsj",
		cats: []string{"优抚", "复退安置", "政务服务"},
		vars: []variant{
			{workorder.TypeConsult, "退役军人优待证如何申领",
				"我是退役军人，想问一下优待证怎么申请，在{banner}哪里办理，能享受哪些优待？", []int{1}, nil},
			{workorder.TypeHelp, "退役军人参保补缴手续办理",
				"我退役后在{town}自主就业，听说可以补缴服役期间的养老保险，跑了两次都没办成，请帮忙协调。", []int{0}, nil},
		},
		answer: "退役军人优待证可通过“全国退役军人服务平台”线上申请，也可到户籍所在地苏木（镇）、街道退役军人服务站现场申请，需提供身份证、退役证件和近期免冠照片，持证可享受交通、文旅等方面的优待。",
		replies: []string{
			"{unit}已与社保经办机构对接，核实了市民的服役年限和缴费记录，补缴手续已办理完毕。",
			"已向市民告知优待证申领渠道和所需材料。",
		},
	},
	{
		key: "bus", weight: 1, area: urban, dept: "jtj", alt: "zjj", league: 0.3,
		cats: []string{"公交车", "公共汽车", "客运班线"},
		vars: []variant{
			{workorder.TypeSuggestion, "建议增开巴彦浩特至乌斯太的班车",
				"很多在乌斯太上班的人住在巴彦浩特，每天往返的班车太少，建议增加早晚班次，方便上下班。", []int{1}, []string{"客运班线", "公交车", "公共汽车"}},
			{workorder.TypeComplaint, "公交车不按时发车、提前收车",
				"{town}的公交车经常不按时发车，冬天在站台一等就是半个多小时，司机还提前收车，请交通部门管理一下。", []int{0}, nil},
		},
		replies: []string{
			"{unit}已督促公交企业在早晚高峰时段加密班次，对不按规定发车的驾驶员进行了考核处理，站台已张贴最新发车时刻表。",
			"{unit}已将市民建议纳入线路优化方案，拟在工作日早晚高峰各增开一个班次，具体时间将向社会公布。",
		},
	},
	{
		key: "tax", weight: 0.8, dept: "swju", alt: "czj",
		cats: []string{"税收征管", "政务服务"},
		vars: []variant{
			{workorder.TypeConsult, "个税专项附加扣除如何填报",
				"想问一下个人所得税的赡养老人和子女教育专项附加扣除在哪里填，年度汇算什么时候办？", []int{1}, nil},
			{workorder.TypeReport, "举报商家消费后拒开发票",
				"在{town}{shop}消费后索要发票，店家说开发票要加收税点，拒绝开具，请税务部门处理。", []int{0}, []string{"税收征管", "服务质量", "消费维权"}},
		},
		answer: "个人所得税专项附加扣除可通过“个人所得税”APP填报，也可由扣缴单位办理；综合所得年度汇算办理时间为次年3月1日至6月30日，可在APP上自行办理。",
		replies: []string{
			"税务部门已对该商户进行约谈，责令其依法开具发票，并对其拒开发票的行为依法予以处理。",
			"已向市民讲解专项附加扣除的填报方法和年度汇算时间。",
		},
	},
	{
		key: "village_affairs", weight: 1.3, area: rural, village: true, dept: "nmj", alt: "mzj", town: true,
		cats: []string{"村务公开", "集体财务公开", "嘎查村和社区事务", "村务管理"},
		vars: []variant{
			{workorder.TypeComplaint, "{place}集体收入多年不公开",
				"我们{place}集体草场出租的收入这几年一直没有公示，牧民问起来嘎查干部也说不清楚，请镇里查一查。", []int{0}, nil},
			{workorder.TypeReport, "举报饲草料补贴分配优亲厚友",
				"{place}今年的饲草料补贴发放，嘎查干部的亲戚分得多，一般牧户分得少，请有关部门核查。", []int{1}, nil},
		},
		replies: []string{
			"{unit}已组织经管人员对该嘎查近三年集体收支进行审计，督促嘎查将集体草场租金收支情况张榜公示，并召开牧民代表会议进行说明。",
			"{unit}已对补贴分配情况进行核查，发现个别户补贴数据有误，已重新核定并补发，对相关责任人进行了批评教育。",
		},
	},
	{
		key: "licences", weight: 1.1, dept: "spj", alt: "scjgj",
		cats: []string{"行政审批", "政务服务"},
		vars: []variant{
			{workorder.TypeConsult, "开饭馆的营业执照能否网上办理",
				"我想在{town}开一家小饭馆，请问营业执照和食品经营许可证能不能网上一起办，需要多长时间？", []int{1}, []string{"市场主体登记", "营业执照", "行政审批"}},
			{workorder.TypeComplaint, "政务服务中心未一次性告知，来回跑三趟",
				"到{banner}政务服务中心办开办企业的手续，窗口说材料不全，每次只说一样，已经跑了三趟还没办下来，希望能一次性告知。", []int{0}, []string{"政务服务", "行政审批"}},
		},
		answer: "个体工商户营业执照可通过“蒙速办”APP或内蒙古政务服务网在线申请，材料齐全、符合法定形式的一般1个工作日内办结；开办餐饮店还需申请食品经营许可证，可在同一平台一并申请。",
		replies: []string{
			"{unit}已核查窗口办理情况，对未履行一次性告知义务的工作人员进行了批评教育，并安排专人帮办代办，当日为市民办结相关手续。",
			"已向市民告知营业执照和食品经营许可证的网上办理流程，市民已在线提交申请。",
		},
	},
	{
		key: "hospital", weight: 1.4, dept: "wjw", alt: "ybj",
		cats: []string{"医疗服务", "医疗技术和服务", "医疗机构管理"},
		vars: []variant{
			{workorder.TypeComplaint, "医院挂号难、候诊时间长",
				"带孩子到{banner}人民医院看病，早上七点排队挂号，等到中午还没看上，医生态度也不好，希望医院改进。", []int{0}, nil},
			{workorder.TypeComplaint, "卫生院常用药品短缺",
				"{town}卫生院经常缺降压药，老人只能跑到旗里去买，请卫生部门保障常用药供应。", []int{1}, []string{"药品", "医疗服务", "药品和医疗器械管理"}},
		},
		replies: []string{
			"{unit}已督促医院优化挂号流程，增开儿科诊室和预约挂号渠道，并对接诊医生进行了批评教育。",
			"{unit}已协调配送企业补足卫生院常用药品库存，并建立短缺药品监测和调剂机制。",
		},
	},
	{
		key: "livestock", weight: 1.3, area: rural, dept: "nmj", alt: "lcj", assist: []string{"gaj"},
		cats: []string{"动物防疫", "政务服务"},
		vars: []variant{
			{workorder.TypeConsult, "羔羊防疫耳标和检疫证明如何办理",
				"我家新添了一批羔羊，想问一下防疫耳标在哪里领，卖羊的时候动物检疫证明怎么开？", []int{1}, nil},
			{workorder.TypeHelp, "骆驼夜间被过往车辆撞死，司机逃逸",
				"我家的骆驼晚上在{place}附近公路上被过往车辆撞死了，司机跑了，请求有关部门帮助查找并协调赔偿。", []int{0}, []string{"交通事故", "交通秩序", "治安秩序"}},
		},
		answer: "牲畜防疫耳标由所在苏木（镇）农牧业综合服务中心（兽医站）统一发放和佩戴；出售、调运牲畜前须向动物卫生监督机构申报检疫，检疫合格后出具动物检疫证明。",
		replies: []string{
			"{unit}已会同交警部门调取沿线监控，已找到肇事车辆，经调解，驾驶员同意赔偿牧户损失。",
			"已告知市民到所在苏木（镇）兽医站领取耳标，并指导其通过手机申报检疫。",
		},
	},
	{
		key: "neighbours", weight: 1.4, area: urban, dept: "sfj", alt: "zjj", town: true,
		cats: []string{"嘎查村和社区事务", "社区建设", "司法调解"},
		vars: []variant{
			{workorder.TypeHelp, "楼上漏水邻居拒不维修",
				"{compound}{building}楼上住户家卫生间漏水，把我家天花板泡坏了，找对方好几次都不开门，物业也协调不了，请求社区帮忙调解。", []int{0}, nil},
			{workorder.TypeHelp, "邻居在楼道堆放杂物堵塞通道",
				"{compound}楼道里被邻居堆满了纸箱和旧家具，消防通道都堵了，请社区协调清理。", []int{1}, []string{"消防安全", "嘎查村和社区事务", "社区建设"}},
		},
		replies: []string{
			"社区和司法所人民调解员已组织双方调解，楼上住户同意维修防水并赔偿楼下装修损失，双方签订了调解协议。",
			"社区已联合物业和消防部门上门督促清理，楼道杂物已全部清理，消防通道恢复畅通。",
		},
	},
}

// emergency is a call that belongs to an emergency service; the agent
// transfers it and the order ends here.
type emergency struct {
	service           string
	area              area
	cats              []string
	title, desc, note string
}

var emergencies = []emergency{
	{"119", urban, []string{"燃气", "消防安全", "安全隐患"}, "楼道内有浓烈燃气味", "{compound}{building}楼道里燃气味很重，怀疑有燃气泄漏，已经让家里人撤到楼下了。", "已三方通话转接119，并提醒来电人不要开关电器、远离现场。"},
	{"120", urban, []string{"医疗服务", "突发公共卫生事件处理"}, "老人在家中摔倒无法起身", "家里老人在卫生间摔倒了，起不来，意识清楚但说腿很疼，地址{town}{compound}{building}。", "已转接120急救中心，告知来电人不要随意搬动老人。"},
	{"122", urban, []string{"交通秩序", "交通事故"}, "{road}发生两车相撞事故", "{town}{road}路口两辆小车相撞，有人受伤，车辆堵在路中间。", "已转接122，告知来电人开启危险报警灯、人员撤到安全地带。"},
	{"110", anywhere, []string{"治安秩序", "治安案件"}, "{place}附近有人打架", "{place}附近一家饭店门口有几个人在打架，有人拿着棍子。", "已转接110指挥中心处置。"},
	{"119", rural, []string{"森林草原防火", "森林防火"}, "{place}附近草场着火", "{place}附近的草场冒出很大的烟，看着是着火了，风很大，火往牧户家方向烧。", "已转接119，并通知属地苏木（镇）组织扑救。"},
	{"110", anywhere, []string{"治安秩序", "治安案件"}, "孩子放学后走失", "孩子放学后一直没回家，已经两个多小时了，找遍了学校周边都没找到。", "已转接110，告知家长保持电话畅通。"},
}

// declined is a matter outside the hotline's scope, with the reason the
// agent gives the caller.
type declined struct {
	typ                 workorder.Type
	cats                []string
	title, desc, reason string
}

var declines = []declined{
	{workorder.TypeComplaint, []string{"民事诉讼", "诉讼"}, "要求督促法院尽快判决房屋质量纠纷", "我和开发商的房屋质量纠纷已经起诉到法院半年了还没判，希望政府督促法院尽快判决。",
		"该事项已进入司法诉讼程序，依法由人民法院审理，不属于12345热线受理范围，已告知来电人通过诉讼程序主张权利。"},
	{workorder.TypeComplaint, []string{"劳动仲裁", "仲裁"}, "不服劳动仲裁裁决要求撤销", "我对劳动仲裁委员会的裁决结果不服，要求政府撤销裁决。",
		"对劳动人事争议仲裁裁决不服的，应依法向人民法院提起诉讼，不属于热线受理范围，已告知来电人法定救济途径。"},
	{workorder.TypeHelp, []string{"信访", "其他"}, "信访事项办理中再次要求处理", "我的事情已经在信访局登记了，现在还没结果，再通过热线反映一次，要求马上处理。",
		"该诉求已按信访程序受理办理中，依据《信访工作条例》不重复受理，已告知来电人关注信访事项办理进度。"},
	{workorder.TypeConsult, []string{"户籍管理", "其他"}, "要求查询他人手机号和住址", "我想找一个以前的同事，知道他在{town}住，请帮我查一下他的手机号和家庭住址。",
		"来电人要求查询他人个人信息，涉及个人隐私，不予受理，已向来电人解释。"},
	{workorder.TypeConsult, []string{"职工养老保险", "社保"}, "咨询外省社保转移办理进度", "我在外省交过几年社保，想问那边的社保局什么时候能把转移手续办完。",
		"来电人咨询外省经办机构事务，不属于本地热线受理范围，已告知其拨打当地12345或12333热线。"},
	{workorder.TypeComplaint, []string{"民事诉讼", "诉讼"}, "对法院生效判决不服", "法院的判决我不服，判决已经生效了，要求政府重新处理。",
		"对人民法院生效裁判不服的，应依法申请再审，不属于热线受理范围，已告知来电人法定途径。"},
}

// Names of callers: common Han names, and Mongolian names as Alxa's
// Mongols (Torghut and Khoshut) write them in Chinese characters.
var (
	hanSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "罗", "郑",
		"梁", "谢", "宋", "唐", "韩", "冯", "董", "袁", "于", "蒋", "苏", "魏", "吕", "丁", "任", "姚", "崔", "陆", "范", "石", "白", "孟", "秦", "薛", "闫", "段", "雷", "史", "贺", "郝"}
	hanGiven = []string{"建国", "建军", "志强", "海燕", "秀英", "桂兰", "玉梅", "丽娟", "晓东", "文华", "春梅", "国庆", "红霞", "淑珍", "永刚",
		"伟", "静", "敏", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "鹏", "华", "玲", "飞",
		"欣怡", "浩然", "宇航", "佳怡", "俊杰", "晓燕", "立新", "红梅", "金凤", "振华", "玉兰", "德胜", "瑞", "鑫"}
	mongolNames = []string{"巴特尔", "其其格", "乌云", "孟和", "苏和", "额尔敦", "朝鲁", "萨仁", "图雅", "娜仁", "斯琴", "宝音", "乌力吉", "哈斯",
		"那顺", "达来", "阿拉坦", "敖登", "格日勒", "吉日嘎拉", "呼和", "巴音", "布和", "满都拉", "乌兰", "其木格", "萨日娜", "高娃", "塔娜",
		"苏布达", "特木尔", "巴图", "朝克图", "道尔吉", "布仁", "宝力道", "图门", "额尔德木图", "乌日娜", "通拉嘎", "阿拉腾其其格", "巴雅尔",
		"包金山", "白玉兰", "韩巴图", "包乌云", "达布希拉图", "额日德尼", "查干", "哈斯图雅"}
)

// Made-up names for the details of a description.
var (
	compounds = []string{"锦绣家园", "金泰花园", "广厦小区", "和谐嘉园", "盛世华庭", "馨园小区", "东苑小区", "西苑小区", "福源小区", "朝阳小区",
		"雅园小区", "康居小区", "丰泽园", "银河小区", "祥和苑", "怡景花园", "嘉和园", "驼铃小区", "贺兰佳苑", "南苑小区"}
	roads   = []string{"安定路", "振兴路", "团结路", "建设路", "新华街", "育才路", "环城路", "迎宾路", "长安路", "光明路", "民族街", "友谊路"}
	shops   = []string{"一家川菜馆", "一家烧烤店", "一家牛肉面馆", "一家火锅店", "一家羊肉馆", "一家快餐店", "一家加油站", "一家便利店"}
	schools = []string{"第一小学", "第二小学", "第三小学", "实验小学", "第二中学", "蒙古族学校", "第五小学"}
)

// The centre's and the units' texts around the request itself.
var (
	dispatchNotes    = []string{"请按时限核实办理，及时与市民联系。", "市民反映情况较急，请尽快处理。", "请核实后答复市民，注意做好解释工作。", "请现场核实并反馈处理结果。", ""}
	subNotes         = []string{"请核实现场情况并反馈处理结果。", "请入户核实，两个工作日内反馈。", "属地问题，请牵头处理并反馈。", "请对口部门核实办理。"}
	committeeReplies = []string{
		"已入户核实，情况属实，已向镇政府报告并配合处理。",
		"嘎查（社区）工作人员已到现场查看并拍照取证，已协调当事双方，处理情况见上级答复。",
		"已联系市民了解详细情况，问题已现场协调解决。",
	}
	middleReplies = []string{
		"已组织相关站所到现场处理，问题已解决，处理情况已告知市民。",
		"会同嘎查（社区）进行了调处，双方达成一致意见。",
		"已协调相关单位处理完毕，市民表示认可。",
	}
	assistReplies    = []string{"已按职责配合核查，相关情况已反馈主办单位。", "已配合主办单位开展联合检查，本单位职责范围内的问题已处理。"}
	refuseReasons    = []string{"经核查，该事项属于你单位职责范围，请按时办理。", "根据属地管理原则，请你单位牵头办理，相关部门予以配合。", "退单理由不充分，请继续办理。"}
	redispatchNotes  = []string{"原承办单位退回，经研判改派。", "按职责分工改派，请按时办理。"}
	extensionReasons = []string{"需要组织现场测量和多方协调，无法在期限内办结。", "涉及企业账目核查，需调取相关资料。", "需等待检测机构出具检测报告。",
		"当事人外出放牧，暂时无法联系，需延期入户核实。", "需提请旗政府专题会议研究。"}
	suspensionReasons       = []string{"市民外出就医，暂时无法配合现场核实。", "等待市民补充提供相关证明材料。", "需等待第三方出具鉴定意见。"}
	urgeNotes               = []string{"市民再次来电催促办理进度。", "办理期限即将届满，请加快办理。", "该工单已超期，请立即办理并反馈。"}
	superviseNotes          = []string{"超期未办结，列入督办，请于两个工作日内报送办理情况。", "群众反映强烈，列为督办件，请单位主要负责人亲自过问。"}
	rehandleReasons         = []string{"市民对处理结果不满意，反映问题未实际解决。", "回访核实问题仍然存在，重新交办。", "市民称承办单位未与其联系，要求重新办理。"}
	sendBackReasons         = []string{"答复内容过于简单，未说明具体处理措施和结果，请补充。", "答复未回应市民核心诉求，请重新答复。", "未与市民有效沟通，请联系市民后重新答复。"}
	judgedReasons           = []string{"市民诉求超出政策规定范围，承办单位已依法依规解释说明，经研判予以办结。", "涉及历史遗留问题，已纳入专项工作统筹解决，经研判予以办结。"}
	problemCloseReasons     = []string{"经提级督办，承办单位已穷尽处理措施，市民诉求已依法依规答复，经研判予以办结。"}
	unsatisfiedCloseReasons = []string{"承办单位已依法依规答复并解释说明，市民诉求超出政策规定范围，经研判予以办结。",
		"经核实，承办单位已按职责处理到位，市民对结果仍有异议，已告知其他救济途径，经研判予以办结。"}
	anonymousClose    = "匿名反映且无联系方式，无法回访，承办单位已按职责处理，经研判予以办结。"
	agentNotes        = []string{"来电人情绪较激动，请承办单位注意沟通方式。", "来电人表示此前已多次反映。", "来电人要求答复前先短信告知。"}
	handlerNotes      = []string{"已电话联系市民，约定上门核实时间。", "已到现场查看，正在协调相关方处理。"}
	mongolianNote     = "来电人使用蒙古语，以下为坐席翻译记录："
	dupNote           = "与工单%s反映同一问题，建议并单。"
	satisfiedNotes    = []string{"市民表示问题已解决，对处理结果满意。", "市民表示已有工作人员联系并处理，认可答复。"}
	partlyNotes       = []string{"市民表示问题暂未彻底解决，但理解有关部门的解释。"}
	unsatisfiedNotes  = []string{"市民表示问题未解决，对答复不认可。", "市民称至今无人联系，问题依旧。"}
	unreachedNotes    = []string{"电话无人接听。", "电话关机。", "来电人正在忙，约定稍后回访。"}
	onlineAnswerIntro = "您好，您反映的问题答复如下："
)
