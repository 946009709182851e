package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Department is a department that owns service items. Key is what items refer
// to; the lead creates an organisation unit named NameZH in Region for each.
type Department struct {
	Key    string `json:"key"`
	NameZH string `json:"name_zh"`
	// Level is "league" for a league department (盟直部门) or "banner" for a
	// banner's own department (旗直部门).
	Level string `json:"level"`
	// Region is the 12-digit division code of the region the department
	// serves: 152900000000 for the league.
	Region string `json:"region"`
}

// Region codes of Alxa League and its banners (GB/T 2260, 12-digit form).
const (
	RegionLeague  = "152900000000" // 阿拉善盟
	RegionZuoqi   = "152921000000" // 阿拉善左旗
	RegionYouqi   = "152922000000" // 阿拉善右旗
	RegionEjina   = "152923000000" // 额济纳旗
	RegionGaoxinq = "152971000000" // 内蒙古阿拉善高新技术产业开发区
)

// draft is an item under construction in the demo tables below.
type draft struct {
	it     Item
	mats   []string // vocabulary keys or literal names ("?" prefix: optional)
	prom   []string
	noForm bool
}

func mk(kind Kind, name string, legal, promised int, depth OnlineDepth, mats ...string) *draft {
	return &draft{it: Item{Kind: kind, NameZH: name, LegalDays: legal, PromisedDays: promised, OnlineDepth: depth}, mats: mats}
}

// Constructors by kind keep the tables one line per item.
func lic(n string, l, p int, d OnlineDepth, m ...string) *draft {
	return mk(Licensing, n, l, p, d, m...)
}
func cnf(n string, l, p int, d OnlineDepth, m ...string) *draft {
	return mk(Confirmation, n, l, p, d, m...)
}
func pay(n string, l, p int, d OnlineDepth, m ...string) *draft { return mk(Payment, n, l, p, d, m...) }
func rul(n string, l, p int, d OnlineDepth, m ...string) *draft { return mk(Ruling, n, l, p, d, m...) }
func rwd(n string, l, p int, d OnlineDepth, m ...string) *draft { return mk(Reward, n, l, p, d, m...) }
func oth(n string, l, p int, d OnlineDepth, m ...string) *draft {
	return mk(OtherPower, n, l, p, d, m...)
}
func svc(n string, l, p int, d OnlineDepth, m ...string) *draft {
	return mk(PublicService, n, l, p, d, m...)
}
func lev(n string, l, p int, d OnlineDepth, m ...string) *draft { return mk(Levy, n, l, p, d, m...) }

func (d *draft) fee(yuan Fen, basis string) *draft {
	d.it.Fee, d.it.FeeBasis = yuan*100, basis
	return d
}
func (d *draft) wide() *draft               { d.it.LeagueWide = true; return d }
func (d *draft) promise(m ...string) *draft { d.it.NotifyCommit, d.prom = true, m; return d }
func (d *draft) at(l ...Level) *draft       { d.it.Levels = l; return d }
func (d *draft) basis(s string) *draft      { d.it.LegalBasis = s; return d }
func (d *draft) steps(s ...string) *draft   { d.it.ReviewSteps = s; return d }
func (d *draft) bare() *draft               { d.noForm = true; return d }

// Short names of the online depths for the tables below.
const (
	full = FullOnline
	pre  = PreReview
	win  = WindowOnly
)

// vocab holds materials many items share, under short keys. Sharing one name
// and doc type is what lets a bundle collect a material once and an
// applicant's library supply it to every item.
var vocab = map[string]MaterialReq{
	"身份证":     {Name: "申请人身份证件", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "resident_id_card"},
	"户口簿":     {Name: "居民户口簿", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "household_register"},
	"照片":      {Name: "近期免冠证件照片", Form: Original, Copies: 2, Required: true},
	"营业执照":    {Name: "营业执照", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "business_licence"},
	"法人身份证":   {Name: "法定代表人身份证件", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "legal_rep_id"},
	"章程":      {Name: "公司章程", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "articles_of_association"},
	"住所证明":    {Name: "住所（经营场所）使用证明", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "premises_proof"},
	"职工花名册":   {Name: "职工花名册", Form: Original, Copies: 1, Required: true},
	"不动产权证书":  {Name: "不动产权证书", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "real_estate_certificate"},
	"结婚证":     {Name: "结婚证", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "marriage_certificate"},
	"社保卡":     {Name: "社会保障卡", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "social_security_card"},
	"驾驶证":     {Name: "机动车驾驶证", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "driving_licence"},
	"行驶证":     {Name: "机动车行驶证", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "vehicle_licence"},
	"体检":      {Name: "身体条件证明", Form: Original, Copies: 1, Required: true},
	"学历":      {Name: "学历证书", Form: Either, Copies: 1, Required: true, Reusable: true, DocType: "diploma"},
	"项目批复":    {Name: "项目审批（核准、备案）文件", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "project_approval"},
	"用地规划许可":  {Name: "建设用地规划许可证", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "land_planning_permit"},
	"工程规划许可":  {Name: "建设工程规划许可证", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "building_planning_permit"},
	"设计方案":    {Name: "建设工程设计方案", Form: Original, Copies: 1, Required: true},
	"施工图":     {Name: "施工图设计文件", Form: Original, Copies: 1, Required: true},
	"出生医学证明":  {Name: "出生医学证明", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "birth_certificate"},
	"残疾人证":    {Name: "残疾人证", Form: Original, Copies: 1, Required: true, Reusable: true, DocType: "disability_certificate"},
	"退役证":     {Name: "退出现役证明", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "discharge_certificate"},
	"银行账户":    {Name: "本人银行账户信息", Form: Copy, Copies: 1, Required: true},
	"平面图":     {Name: "经营场所平面布局图", Form: Original, Copies: 1, Required: true},
	"管理制度":    {Name: "安全管理制度", Form: Original, Copies: 1, Required: true},
	"技术人员":    {Name: "专业技术人员资格证明", Form: Copy, Copies: 1, Required: true},
	"设备清单":    {Name: "主要设备设施清单", Form: Original, Copies: 1, Required: true},
	"环评批复":    {Name: "环境影响评价文件批复", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "eia_approval"},
	"车辆":      {Name: "车辆技术等级评定证明", Form: Copy, Copies: 1, Required: true},
	"劳动合同":    {Name: "劳动合同", Form: Copy, Copies: 1, Required: true},
	"户籍或居住证明": {Name: "户籍或居住证明", Form: Copy, Copies: 1, Required: true},
}

// agentMaterial is appended to every item: an agent may apply on the
// applicant's behalf (代办), so the power of attorney is always optional.
var agentMaterial = MaterialReq{Name: "授权委托书及受托人身份证件", Form: Original, Copies: 1, Required: false}

func material(key string) MaterialReq {
	if m, ok := vocab[key]; ok {
		return m
	}
	optional := strings.HasPrefix(key, "?")
	return MaterialReq{Name: strings.TrimPrefix(key, "?"), Form: Original, Copies: 1, Required: !optional}
}

type deptTable struct {
	dept  Department
	basis string // the default legal basis of the department's items
	items []*draft
}

const (
	lawLicence = "《中华人民共和国行政许可法》"
	lawSocial  = "《中华人民共和国社会保险法》"
)

// demoTables is the demo catalog, department by department. Names and kinds
// follow the published catalogs of Inner Mongolian leagues; limits follow the
// statutes (legal) and the league's "32 measures" (promised, mostly half or
// less, many on the spot). Legal bases cite laws and regulations by name only.
var demoTables = []deptTable{
	{Department{"scjgj", "阿拉善盟市场监督管理局", "league", RegionLeague}, "《市场主体登记管理条例》", []*draft{
		lic("企业设立登记", 3, 1, full, "法人身份证", "章程", "住所证明", "全体股东主体资格证明"),
		lic("企业变更登记", 3, 1, full, "营业执照", "法人身份证", "变更事项相关证明文件"),
		lic("企业注销登记", 3, 1, full, "营业执照", "清算报告", "?清税证明"),
		lic("个体工商户设立登记", 3, 0, full, "身份证", "住所证明").wide().at(Banner, Town).basis("《促进个体工商户发展条例》《市场主体登记管理条例》"),
		lic("个体工商户变更登记", 3, 0, full, "营业执照", "身份证").at(Banner, Town),
		lic("个体工商户注销登记", 3, 0, full, "营业执照", "身份证").at(Banner, Town),
		lic("农民专业合作社设立登记", 3, 1, pre, "法人身份证", "章程", "住所证明", "成员名册及身份证明").basis("《中华人民共和国农民专业合作社法》"),
		lic("食品经营许可", 10, 3, pre, "营业执照", "法人身份证", "平面图", "食品安全管理制度", "经营场所使用证明").promise("经营场所使用证明").basis("《中华人民共和国食品安全法》《食品经营许可和备案管理办法》"),
		lic("食品生产许可", 20, 8, pre, "营业执照", "法人身份证", "平面图", "食品生产工艺流程图", "设备清单", "食品安全管理制度").steps("审查", "现场核查", "决定").basis("《中华人民共和国食品安全法》《食品生产许可管理办法》"),
		lic("药品零售企业许可", 20, 8, pre, "营业执照", "法人身份证", "执业药师注册证", "平面图", "药品质量管理制度").steps("审查", "现场检查", "决定").basis("《中华人民共和国药品管理法》《药品经营和使用质量监督管理办法》"),
		lic("第三类医疗器械经营许可", 20, 8, pre, "营业执照", "法人身份证", "平面图", "质量管理制度").basis("《医疗器械监督管理条例》"),
		oth("第二类医疗器械经营备案", 0, 0, full, "营业执照", "法人身份证", "平面图").basis("《医疗器械监督管理条例》"),
		lic("特种设备使用登记", 15, 3, full, "营业执照", "特种设备产品合格证", "监督检验证明").basis("《中华人民共和国特种设备安全法》"),
		lic("特种设备作业人员资格认定", 20, 10, pre, "身份证", "照片", "学历", "考试合格证明").basis("《中华人民共和国特种设备安全法》"),
		lic("计量标准器具核准", 20, 10, pre, "营业执照", "计量标准技术报告", "检定证书").basis("《中华人民共和国计量法》"),
		oth("股权出质设立登记", 3, 0, full, "营业执照", "质押合同"),
		svc("企业名称自主申报", 0, 0, full, "法人身份证").bare(),
		oth("企业年度报告公示", 0, 0, full, "营业执照").bare(),
	}},
	{Department{"gaj", "阿拉善盟公安局", "league", RegionLeague}, "《中华人民共和国居民身份证法》", []*draft{
		cnf("居民身份证申领", 60, 20, win, "户口簿", "照片").fee(20, "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》").at(Banner, Town),
		cnf("居民身份证换领", 60, 20, win, "户口簿", "身份证").fee(20, "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》").wide().at(Banner, Town),
		cnf("居民身份证补领", 60, 20, win, "户口簿").fee(20, "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》").wide().at(Banner, Town),
		cnf("临时居民身份证申领", 3, 1, win, "户口簿", "照片").fee(10, "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》").at(Banner, Town),
		cnf("出生登记", 5, 0, pre, "出生医学证明", "户口簿", "结婚证").at(Banner, Town).basis("《中华人民共和国户口登记条例》"),
		cnf("户口迁移（迁入）", 10, 3, pre, "户口簿", "身份证", "迁入地住所证明").at(Banner, Town).basis("《中华人民共和国户口登记条例》"),
		cnf("死亡注销户口", 1, 0, pre, "户口簿", "死亡医学证明").at(Banner, Town).basis("《中华人民共和国户口登记条例》"),
		svc("户籍证明开具", 1, 0, full, "身份证").at(Banner, Town),
		cnf("居住证申领", 15, 5, pre, "身份证", "照片", "居住地住所证明").wide().at(Banner, Town).basis("《居住证暂行条例》"),
		svc("无犯罪记录证明开具", 3, 1, full, "身份证", "用途说明").wide().at(Banner),
		lic("普通护照签发", 15, 7, win, "身份证", "照片").fee(120, "《国家发展改革委 财政部关于调整部分出入境证件收费标准的通知》").basis("《中华人民共和国护照法》"),
		lic("往来港澳通行证及签注签发", 15, 7, win, "身份证", "照片").fee(60, "《国家发展改革委 财政部关于调整部分出入境证件收费标准的通知》").basis("《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》"),
		lic("大陆居民往来台湾通行证及签注签发", 15, 7, win, "身份证", "照片").fee(60, "《国家发展改革委 财政部关于调整部分出入境证件收费标准的通知》").basis("《中国公民往来台湾地区管理办法》"),
		oth("印章刻制备案", 0, 0, full, "营业执照", "法人身份证", "印章印模").basis("《印铸刻字业暂行管理规则》《国务院关于国家行政机关和企业事业单位社会团体印章管理的规定》"),
		lic("印章刻制业特种行业许可", 20, 5, pre, "营业执照", "法人身份证", "平面图", "管理制度").basis("《国务院对确需保留的行政审批项目设定行政许可的决定》"),
		lic("旅馆业特种行业许可", 20, 5, pre, "营业执照", "法人身份证", "平面图", "管理制度", "消防安全检查合格证明").promise("消防安全检查合格证明").basis("《旅馆业治安管理办法》"),
		lic("典当业特种行业许可", 20, 8, pre, "营业执照", "法人身份证", "平面图", "管理制度").basis("《典当管理办法》"),
		lic("剧毒化学品购买许可", 3, 1, pre, "营业执照", "法人身份证", "购买用途说明").basis("《危险化学品安全管理条例》"),
		lic("大型群众性活动安全许可", 7, 3, pre, "营业执照", "活动安全工作方案", "场地使用证明").basis("《大型群众性活动安全管理条例》"),
		oth("第三类易制毒化学品购买备案", 1, 0, full, "营业执照", "购买用途说明").basis("《易制毒化学品管理条例》"),
	}},
	{Department{"jjzd", "阿拉善盟公安局交通管理支队", "league", RegionLeague}, "《中华人民共和国道路交通安全法》", []*draft{
		lic("机动车注册登记", 2, 0, pre, "身份证", "机动车来历证明", "机动车整车出厂合格证明", "交强险凭证").fee(110, "《国家发展改革委 财政部关于机动车号牌、行驶证工本费收费标准的通知》"),
		lic("机动车转移登记", 1, 0, pre, "身份证", "行驶证", "机动车登记证书", "机动车来历证明").fee(10, "《国家发展改革委 财政部关于机动车号牌、行驶证工本费收费标准的通知》"),
		lic("机动车抵押登记", 1, 0, full, "身份证", "机动车登记证书", "抵押合同"),
		lic("机动车检验合格标志核发", 1, 0, full, "行驶证", "交强险凭证", "机动车安全技术检验报告"),
		lic("机动车驾驶证申领", 1, 0, win, "身份证", "体检", "考试合格证明").fee(10, "《国家发展改革委 财政部关于机动车驾驶证工本费收费标准的通知》"),
		lic("机动车驾驶证换证", 1, 0, full, "身份证", "驾驶证", "体检").fee(10, "《国家发展改革委 财政部关于机动车驾驶证工本费收费标准的通知》").wide(),
		lic("机动车驾驶证补证", 1, 0, full, "身份证", "照片").fee(10, "《国家发展改革委 财政部关于机动车驾驶证工本费收费标准的通知》"),
		cnf("机动车驾驶证审验", 1, 0, full, "驾驶证", "体检"),
		lic("校车驾驶资格许可", 5, 2, pre, "身份证", "驾驶证", "体检", "无犯罪记录证明").basis("《校车安全管理条例》"),
		lic("校车使用许可", 20, 7, pre, "营业执照", "行驶证", "校车安全管理制度", "校车运行方案").steps("审查", "会同教育交通部门审核", "决定").basis("《校车安全管理条例》"),
	}},
	{Department{"rsj", "阿拉善盟人力资源和社会保障局", "league", RegionLeague}, "《中华人民共和国就业促进法》", []*draft{
		svc("就业创业证申领", 1, 0, full, "身份证", "照片").wide().at(Banner, Town, Village),
		svc("失业登记", 1, 0, full, "身份证", "解除或终止劳动关系证明").wide().at(Banner, Town),
		pay("失业保险金申领", 10, 3, full, "身份证", "解除或终止劳动关系证明", "银行账户").wide().basis("《失业保险条例》"),
		svc("社会保障卡申领", 5, 0, pre, "身份证", "照片").wide().at(League, Banner, Town),
		svc("社会保障卡补领、换领", 5, 0, full, "身份证").at(League, Banner, Town),
		lic("人力资源服务许可", 20, 5, pre, "营业执照", "法人身份证", "住所证明", "人力资源服务管理制度").promise("住所证明").basis("《人力资源市场暂行条例》"),
		oth("人力资源服务备案", 0, 0, full, "营业执照", "法人身份证").basis("《人力资源市场暂行条例》"),
		lic("劳务派遣经营许可", 20, 5, pre, "营业执照", "法人身份证", "住所证明", "劳务派遣管理制度", "验资报告").basis("《中华人民共和国劳动合同法》《劳务派遣行政许可实施办法》"),
		lic("企业实行不定时工作制和综合计算工时工作制审批", 20, 10, pre, "营业执照", "工时制度实施方案", "职工代表大会意见").basis("《国务院关于职工工作时间的规定》"),
		lic("技工学校设立审批", 20, 10, pre, "办学章程", "办学场地证明", "师资情况说明").basis("《中华人民共和国职业教育法》"),
		rul("劳动人事争议仲裁", 45, 30, pre, "身份证", "仲裁申请书副本", "证据材料").bare().steps("立案审查", "开庭审理", "裁决").basis("《中华人民共和国劳动争议调解仲裁法》"),
		svc("高校毕业生就业报到", 1, 0, full, "身份证", "毕业证书"),
		pay("创业担保贷款申请", 15, 5, pre, "身份证", "营业执照", "创业项目计划书").basis("《关于进一步做好创业担保贷款财政贴息工作的通知》"),
		pay("就业见习补贴申领", 20, 10, pre, "营业执照", "见习人员名册", "见习协议").basis("《中华人民共和国就业促进法》"),
	}},
	{Department{"sbzx", "阿拉善盟社会保险事业服务中心", "league", RegionLeague}, lawSocial, []*draft{
		cnf("单位社会保险参保登记", 15, 0, full, "营业执照", "法人身份证", "职工花名册"),
		cnf("职工参保登记", 5, 0, full, "身份证", "劳动合同"),
		cnf("城乡居民基本养老保险参保登记", 5, 0, full, "身份证", "户口簿").wide().at(Banner, Town, Village).basis("《国务院关于建立统一的城乡居民基本养老保险制度的意见》"),
		pay("城乡居民基本养老保险待遇申领", 20, 5, pre, "身份证", "户口簿", "银行账户").at(Banner, Town, Village).basis("《国务院关于建立统一的城乡居民基本养老保险制度的意见》"),
		pay("企业职工基本养老保险待遇申领", 20, 10, pre, "身份证", "人事档案", "银行账户"),
		svc("养老保险关系转移接续", 15, 10, full, "身份证", "参保缴费凭证").wide(),
		svc("社会保险个人权益记录查询打印", 0, 0, full, "身份证").wide(),
		cnf("工伤认定", 60, 30, pre, "身份证", "劳动合同", "医疗诊断证明").bare().steps("受理审查", "调查核实", "认定").basis("《工伤保险条例》"),
		pay("工伤保险待遇核定", 20, 10, pre, "身份证", "工伤认定决定书", "劳动能力鉴定结论").basis("《工伤保险条例》"),
		pay("丧葬补助金、抚恤金申领", 20, 10, pre, "身份证", "死亡医学证明", "亲属关系证明"),
		svc("领取养老金人员资格认证", 0, 0, full, "身份证").bare().at(Banner, Town, Village),
	}},
	{Department{"ybj", "阿拉善盟医疗保障局", "league", RegionLeague}, "《医疗保障基金使用监督管理条例》", []*draft{
		cnf("单位医疗保险参保登记", 15, 0, full, "营业执照", "法人身份证", "职工花名册").basis(lawSocial),
		cnf("城乡居民基本医疗保险参保登记", 5, 0, full, "身份证", "户口簿").wide().at(Banner, Town, Village).basis(lawSocial),
		svc("基本医疗保险关系转移接续", 15, 5, full, "身份证", "参保凭证").wide(),
		svc("异地就医备案", 1, 0, full, "身份证").wide(),
		cnf("门诊慢特病待遇认定", 20, 10, pre, "身份证", "病历资料", "诊断证明"),
		pay("医疗费用手工（零星）报销", 30, 15, pre, "身份证", "医疗费用票据", "费用明细清单", "银行账户"),
		pay("生育津贴支付", 20, 10, pre, "身份证", "出生医学证明", "银行账户").basis(lawSocial),
		oth("医药机构申请定点协议管理", 60, 30, pre, "营业执照", "执业许可证", "医保管理制度").steps("受理审查", "组织评估", "协商谈判", "决定"),
		svc("参保凭证打印", 0, 0, full, "身份证").bare(),
	}},
	{Department{"gjjzx", "阿拉善盟住房公积金管理中心", "league", RegionLeague}, "《住房公积金管理条例》", []*draft{
		cnf("住房公积金单位缴存登记", 5, 0, full, "营业执照", "法人身份证", "职工花名册"),
		cnf("住房公积金个人账户设立", 3, 0, full, "身份证", "劳动合同"),
		pay("住房公积金提取（租房）", 3, 0, full, "身份证", "租房证明").wide(),
		pay("住房公积金提取（购房）", 3, 1, pre, "身份证", "购房合同", "购房发票"),
		pay("住房公积金提取（离退休）", 3, 0, full, "身份证", "退休证明"),
		pay("住房公积金个人住房贷款", 15, 5, pre, "身份证", "结婚证", "购房合同", "收入证明").steps("审查", "贷审会审批", "决定"),
		svc("住房公积金缴存证明开具", 0, 0, full, "身份证").wide(),
		svc("住房公积金异地转移接续", 15, 5, full, "身份证", "转出地缴存证明"),
	}},
	{Department{"swj", "国家税务总局阿拉善盟税务局", "league", RegionLeague}, "《中华人民共和国税收征收管理法》", []*draft{
		oth("新办纳税人涉税事项", 0, 0, full, "营业执照", "法人身份证", "办税人员身份证件"),
		oth("发票申领", 0, 0, full, "营业执照", "法人身份证", "办税人员身份证件").basis("《中华人民共和国发票管理办法》"),
		lic("增值税专用发票最高开票限额审批", 20, 5, pre, "营业执照", "税务行政许可申请表").bare().basis("《国务院对确需保留的行政审批项目设定行政许可的决定》"),
		oth("跨区域涉税事项报告", 0, 0, full, "营业执照", "外出经营合同"),
		svc("开具税收完税证明", 0, 0, full, "身份证").wide(),
		lic("对纳税人延期缴纳税款的核准", 20, 10, pre, "营业执照", "延期缴纳税款申请", "资金困难证明"),
		lic("对纳税人延期申报的核准", 20, 10, pre, "营业执照", "延期申报申请"),
		lic("对纳税人变更纳税定额的核准", 20, 10, pre, "营业执照", "经营情况说明"),
		oth("清税证明开具", 0, 0, full, "营业执照"),
		cnf("车辆购置税减免", 0, 0, full, "身份证", "机动车整车出厂合格证明", "购车发票").basis("《中华人民共和国车辆购置税法》"),
	}},
	{Department{"zrzyj", "阿拉善盟自然资源局", "league", RegionLeague}, "《中华人民共和国土地管理法》《中华人民共和国城乡规划法》", []*draft{
		lic("建设项目用地预审与选址意见书核发", 20, 7, pre, "项目批复", "建设项目用地预审与选址申请报告", "项目拟选址位置图").steps("审查", "现场踏勘", "决定"),
		lic("建设用地规划许可证核发", 20, 7, pre, "项目批复", "用地红线图", "国有土地使用权出让合同").steps("审查", "现场踏勘", "决定"),
		lic("建设工程规划许可证核发", 20, 7, pre, "项目批复", "用地规划许可", "不动产权证书", "设计方案").steps("受理审查", "技术审查", "批前公示", "决定"),
		lic("乡村建设规划许可证核发", 20, 10, pre, "身份证", "宅基地使用证明", "建设工程设计图").at(Banner, Town),
		cnf("建设工程规划核实", 20, 7, pre, "工程规划许可", "竣工测量报告").steps("审查", "现场核实", "决定"),
		lic("采矿权新立登记", 40, 20, pre, "营业执照", "矿产资源开发利用方案", "环评批复", "采矿权出让合同").basis("《中华人民共和国矿产资源法》"),
		lic("探矿权新立登记", 40, 20, pre, "营业执照", "勘查实施方案", "探矿权出让合同").basis("《中华人民共和国矿产资源法》"),
		lic("临时用地审批", 20, 10, pre, "营业执照", "临时用地合同", "土地复垦方案"),
		lic("测绘资质审批", 20, 10, full, "营业执照", "技术人员", "测绘仪器设备清单").promise("测绘仪器设备清单").basis("《中华人民共和国测绘法》"),
		lic("建设项目压覆重要矿产资源审批", 20, 10, pre, "项目批复", "压覆矿产资源评估报告").basis("《中华人民共和国矿产资源法》"),
		oth("土地复垦方案审查", 20, 10, pre, "营业执照", "土地复垦方案").basis("《土地复垦条例》"),
	}},
	{Department{"bdczx", "阿拉善盟不动产登记中心", "league", RegionLeague}, "《不动产登记暂行条例》", []*draft{
		cnf("不动产首次登记", 30, 5, pre, "身份证", "不动产权属来源证明", "不动产权籍调查表").fee(80, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"),
		cnf("不动产转移登记", 30, 3, pre, "身份证", "不动产权证书", "不动产买卖合同", "完税凭证").fee(80, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"),
		cnf("不动产变更登记", 30, 3, pre, "身份证", "不动产权证书", "变更证明材料"),
		cnf("不动产抵押权登记", 30, 1, full, "身份证", "不动产权证书", "主债权合同", "抵押合同").fee(80, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"),
		cnf("不动产抵押权注销登记", 30, 0, full, "身份证", "不动产登记证明", "债权消灭证明"),
		cnf("不动产更正登记", 30, 5, pre, "身份证", "不动产权证书", "证实登记错误的材料"),
		cnf("不动产预告登记", 30, 3, pre, "身份证", "已备案的商品房预售合同").fee(80, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"),
		svc("不动产登记资料查询", 0, 0, full, "身份证", "?利害关系证明").wide(),
		cnf("不动产权证书补证换证", 30, 5, pre, "身份证", "遗失声明").fee(10, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"),
	}},
	{Department{"zjj", "阿拉善盟住房和城乡建设局", "league", RegionLeague}, "《中华人民共和国建筑法》", []*draft{
		lic("建筑工程施工许可证核发", 7, 3, pre, "项目批复", "工程规划许可", "施工合同", "施工场地具备施工条件的证明", "质量安全监督手续").promise("施工场地具备施工条件的证明").basis("《中华人民共和国建筑法》《建筑工程施工许可管理办法》"),
		lic("建设工程消防设计审查", 15, 7, pre, "项目批复", "施工图", "消防设计文件").steps("受理审查", "技术审查", "决定").basis("《中华人民共和国消防法》《建设工程消防设计审查验收管理暂行规定》"),
		lic("建设工程消防验收", 15, 7, pre, "工程规划许可", "工程竣工验收报告", "消防查验报告").steps("受理审查", "现场评定", "决定").basis("《中华人民共和国消防法》《建设工程消防设计审查验收管理暂行规定》"),
		oth("建设工程消防验收备案", 5, 0, full, "工程竣工验收报告", "消防查验报告").basis("《建设工程消防设计审查验收管理暂行规定》"),
		oth("房屋建筑和市政基础设施工程竣工验收备案", 15, 5, full, "工程竣工验收报告", "规划核实意见", "工程质量保修书"),
		lic("商品房预售许可", 10, 5, pre, "营业执照", "工程规划许可", "建筑工程施工许可证", "商品房预售方案").basis("《城市房地产开发经营管理条例》《城市商品房预售管理办法》"),
		lic("建筑业企业资质核准（施工总承包三级）", 20, 10, full, "营业执照", "技术人员", "企业资产证明").basis("《建筑业企业资质管理规定》"),
		lic("房地产开发企业资质核定（二级）", 20, 10, full, "营业执照", "技术人员", "资产负债表").promise("技术人员").basis("《城市房地产开发经营管理条例》《房地产开发企业资质管理规定》"),
		lic("城市建筑垃圾处置核准", 20, 5, pre, "营业执照", "运输车辆清单", "消纳场地证明").basis("《城市市容和环境卫生管理条例》"),
		lic("城镇污水排入排水管网许可", 15, 5, pre, "营业执照", "排水户内部排水管网图", "排水水质检测报告").basis("《城镇排水与污水处理条例》"),
		lic("燃气经营许可", 20, 10, pre, "营业执照", "技术人员", "燃气设施安全评价报告").basis("《城镇燃气管理条例》"),
		lic("城市道路占用、挖掘审批", 20, 5, pre, "营业执照", "施工方案", "交通组织方案").basis("《城市道路管理条例》"),
		pay("公共租赁住房申请", 20, 10, pre, "身份证", "户口簿", "收入证明", "住房情况证明").at(Banner, Town).basis("《公共租赁住房管理办法》"),
		pay("住房租赁补贴申请", 20, 10, pre, "身份证", "户口簿", "收入证明", "租赁合同").at(Banner, Town).basis("《公共租赁住房管理办法》"),
	}},
	{Department{"sthjj", "阿拉善盟生态环境局", "league", RegionLeague}, "《中华人民共和国环境影响评价法》", []*draft{
		lic("建设项目环境影响报告书审批", 60, 30, pre, "项目批复", "环境影响报告书", "公众参与说明").steps("受理审查", "技术评估", "审批公示", "决定"),
		lic("建设项目环境影响报告表审批", 30, 15, pre, "项目批复", "环境影响报告表").steps("受理审查", "技术评估", "决定"),
		lic("排污许可证核发", 20, 10, full, "营业执照", "排污许可证申请表", "环评批复").bare().basis("《排污许可管理条例》"),
		lic("危险废物经营许可证核发", 20, 10, pre, "营业执照", "技术人员", "设备清单", "环评批复").steps("审查", "现场核查", "决定").basis("《中华人民共和国固体废物污染环境防治法》《危险废物经营许可证管理办法》"),
		lic("辐射安全许可证核发（使用Ⅲ类射线装置）", 20, 10, pre, "营业执照", "辐射安全管理制度", "射线装置清单").basis("《放射性同位素与射线装置安全和防护条例》"),
		oth("建设项目环境影响登记表备案", 0, 0, full, "营业执照").bare(),
		oth("固定污染源排污登记", 0, 0, full, "营业执照").bare().basis("《排污许可管理条例》"),
	}},
	{Department{"jtysj", "阿拉善盟交通运输局", "league", RegionLeague}, "《中华人民共和国道路运输条例》", []*draft{
		lic("道路货物运输经营许可", 20, 5, pre, "营业执照", "法人身份证", "车辆", "驾驶人员从业资格证", "管理制度").promise("车辆技术等级评定证明"),
		lic("道路旅客运输经营许可", 20, 10, pre, "营业执照", "车辆", "驾驶人员从业资格证", "管理制度", "客运线路可行性报告").steps("审查", "征求意见", "决定"),
		lic("道路运输证配发", 5, 1, full, "营业执照", "行驶证", "车辆"),
		lic("道路货物运输驾驶员从业资格证核发", 5, 1, full, "身份证", "驾驶证", "考试合格证明"),
		lic("出租汽车经营许可", 20, 10, pre, "营业执照", "车辆", "管理制度").basis("《巡游出租汽车经营服务管理规定》"),
		lic("网络预约出租汽车运输证核发", 10, 3, pre, "行驶证", "车辆", "车辆保险单").basis("《网络预约出租汽车经营服务管理暂行办法》"),
		oth("机动车维修经营备案", 0, 0, full, "营业执照", "维修设备设施清单").basis("《机动车维修管理规定》"),
		oth("机动车驾驶员培训经营备案", 0, 0, full, "营业执照", "教学场地证明", "教练员名册").basis("《机动车驾驶员培训管理规定》"),
		lic("公路超限运输许可", 5, 2, full, "营业执照", "行驶证", "车货总体外廓尺寸图").basis("《公路安全保护条例》"),
		lic("涉路施工许可", 20, 10, pre, "营业执照", "施工方案", "交通安全保障措施").basis("《中华人民共和国公路法》"),
	}},
	{Department{"mzj", "阿拉善盟民政局", "league", RegionLeague}, "《婚姻登记条例》", []*draft{
		cnf("结婚登记", 0, 0, win, "户口簿", "身份证", "照片").bare().at(Banner),
		cnf("离婚登记", 0, 0, win, "户口簿", "身份证", "结婚证", "离婚协议书", "照片").bare().at(Banner),
		cnf("补领婚姻登记证", 0, 0, win, "户口簿", "身份证", "照片").at(Banner),
		svc("婚姻登记档案查询", 1, 0, full, "身份证").at(Banner),
		lic("社会团体成立登记", 60, 20, pre, "章程草案", "住所证明", "负责人身份证明", "验资报告").steps("审查", "现场核查", "决定").basis("《社会团体登记管理条例》"),
		lic("社会团体变更登记", 20, 10, pre, "社会团体法人登记证书", "变更事项证明").basis("《社会团体登记管理条例》"),
		lic("民办非企业单位成立登记", 60, 20, pre, "章程草案", "住所证明", "负责人身份证明", "验资报告").basis("《民办非企业单位登记管理暂行条例》"),
		cnf("慈善组织认定", 20, 10, pre, "社会团体法人登记证书", "慈善组织章程", "财务审计报告").basis("《中华人民共和国慈善法》"),
		pay("最低生活保障审核确认", 30, 15, pre, "身份证", "户口簿", "家庭经济状况核对授权书").at(Banner, Town).steps("乡镇初审", "入户调查", "民主评议", "审核确认").basis("《社会救助暂行办法》"),
		pay("特困人员救助供养审核确认", 20, 10, pre, "身份证", "户口簿").at(Banner, Town).basis("《社会救助暂行办法》"),
		pay("临时救助", 10, 3, pre, "身份证", "困难情况说明").at(Banner, Town).basis("《社会救助暂行办法》"),
		pay("困难残疾人生活补贴和重度残疾人护理补贴", 20, 10, pre, "身份证", "残疾人证").at(Banner, Town, Village).basis("《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"),
		oth("养老机构备案", 0, 0, full, "营业执照", "服务场所证明", "消防安全检查合格证明").basis("《中华人民共和国老年人权益保障法》《养老机构管理办法》"),
	}},
	{Department{"wjw", "阿拉善盟卫生健康委员会", "league", RegionLeague}, "《医疗机构管理条例》", []*draft{
		lic("医疗机构设置审批", 30, 15, pre, "设置申请书", "可行性研究报告", "选址报告").bare(),
		lic("医疗机构执业登记", 45, 20, pre, "营业执照", "设置批准书", "技术人员", "设备清单", "规章制度").steps("审查", "现场审核", "决定"),
		lic("医师执业注册", 20, 5, full, "身份证", "医师资格证书", "体检", "执业机构聘用证明").basis("《中华人民共和国医师法》"),
		lic("护士执业注册", 20, 5, full, "身份证", "护士执业资格考试成绩合格证明", "体检").basis("《护士条例》"),
		lic("公共场所卫生许可", 20, 5, pre, "营业执照", "法人身份证", "平面图", "卫生检测报告").promise("卫生检测报告").basis("《公共场所卫生管理条例》"),
		lic("饮用水供水单位卫生许可", 20, 10, pre, "营业执照", "水质检测报告", "供水工艺流程图").basis("《中华人民共和国传染病防治法》《生活饮用水卫生监督管理办法》"),
		lic("放射诊疗许可", 20, 10, pre, "医疗机构执业许可证", "放射诊疗设备清单", "放射防护评价报告").basis("《放射诊疗管理规定》"),
		lic("母婴保健技术服务执业许可", 20, 10, pre, "医疗机构执业许可证", "技术人员").basis("《中华人民共和国母婴保健法》"),
		cnf("出生医学证明补发", 20, 5, pre, "身份证", "户口簿", "分娩记录").basis("《中华人民共和国母婴保健法》"),
		pay("计划生育家庭特别扶助金申领", 30, 15, pre, "身份证", "户口簿", "独生子女父母光荣证").at(Banner, Town).basis("《中华人民共和国人口与计划生育法》"),
		oth("托育机构备案", 0, 0, full, "营业执照", "场所证明", "消防安全检查合格证明").basis("《托育机构登记和备案办法（试行）》"),
	}},
	{Department{"jyj", "阿拉善盟教育局", "league", RegionLeague}, "《中华人民共和国教育法》", []*draft{
		lic("教师资格认定", 30, 15, full, "身份证", "学历", "体检", "普通话水平测试等级证书").wide().basis("《教师资格条例》"),
		lic("民办学校设立审批", 60, 30, pre, "举办者身份证明", "办学章程", "资产来源证明", "校舍证明").steps("审查", "实地考察", "专家评议", "决定").basis("《中华人民共和国民办教育促进法》"),
		lic("民办幼儿园设立审批", 30, 15, pre, "举办者身份证明", "办园章程", "园舍证明", "消防安全检查合格证明").basis("《中华人民共和国民办教育促进法》《幼儿园管理条例》"),
		lic("非学科类校外培训机构设立审批", 30, 15, pre, "举办者身份证明", "培训场所证明", "师资情况说明").basis("《中华人民共和国民办教育促进法》"),
		svc("中小学生转学", 10, 3, pre, "身份证", "户籍或居住证明", "转出学校证明").at(Banner),
		svc("学籍证明开具", 0, 0, full, "身份证").at(Banner),
		cnf("家庭经济困难学生认定", 20, 10, pre, "身份证", "家庭经济困难情况说明").at(Banner),
	}},
	{Department{"nmj", "阿拉善盟农牧局", "league", RegionLeague}, "《中华人民共和国农业法》", []*draft{
		lic("兽药经营许可证核发", 20, 5, pre, "营业执照", "技术人员", "平面图", "质量管理制度").basis("《兽药管理条例》"),
		lic("农药经营许可", 20, 10, pre, "营业执照", "技术人员", "平面图", "管理制度").basis("《农药管理条例》"),
		lic("农作物种子生产经营许可", 20, 10, pre, "营业执照", "种子检验设备清单", "技术人员").basis("《中华人民共和国种子法》"),
		lic("动物防疫条件合格证核发", 20, 7, pre, "营业执照", "场所平面图及周边环境说明", "动物防疫制度").steps("审查", "现场核查", "决定").basis("《中华人民共和国动物防疫法》"),
		lic("动物诊疗许可证核发", 20, 7, pre, "营业执照", "执业兽医资格证书", "平面图").basis("《中华人民共和国动物防疫法》《动物诊疗机构管理办法》"),
		lic("种畜禽生产经营许可", 20, 10, pre, "营业执照", "种畜禽来源证明", "技术人员").basis("《中华人民共和国畜牧法》"),
		lic("拖拉机和联合收割机登记", 2, 1, full, "身份证", "来历证明", "出厂合格证明").basis("《农业机械安全监督管理条例》"),
		lic("拖拉机和联合收割机驾驶证核发", 5, 2, pre, "身份证", "体检", "考试合格证明").basis("《农业机械安全监督管理条例》"),
		pay("农机购置补贴申领", 30, 15, full, "身份证", "购机发票", "银行账户").basis("《中华人民共和国农业机械化促进法》"),
		lic("渔业捕捞许可", 20, 10, pre, "身份证", "渔业船舶检验证书").basis("《中华人民共和国渔业法》"),
		lic("水产苗种生产经营许可", 20, 10, pre, "营业执照", "技术人员", "生产条件说明").basis("《中华人民共和国渔业法》"),
		lic("生鲜乳收购站许可", 20, 10, pre, "营业执照", "设备清单", "质量管理制度").basis("《乳品质量安全监督管理条例》"),
		lic("生鲜乳准运证明核发", 20, 5, pre, "身份证", "行驶证", "运输车辆技术证明").basis("《乳品质量安全监督管理条例》"),
	}},
	{Department{"lcj", "阿拉善盟林业和草原局", "league", RegionLeague}, "《中华人民共和国森林法》《中华人民共和国草原法》", []*draft{
		lic("林木采伐许可证核发", 20, 5, pre, "身份证", "林权证明", "伐区调查设计").at(Banner),
		lic("使用林地审核审批", 20, 10, pre, "项目批复", "使用林地可行性报告", "林地补偿协议").steps("审查", "现场查验", "决定"),
		lic("草原征占用审核", 20, 10, pre, "项目批复", "草原征占用可行性报告", "草原补偿协议").steps("审查", "现场查验", "决定").basis("《中华人民共和国草原法》"),
		lev("草原植被恢复费征收", 10, 3, pre, "营业执照", "草原征占用审核同意书").basis("《中华人民共和国草原法》"),
		lev("森林植被恢复费征收", 10, 3, pre, "营业执照", "使用林地审核同意书").basis("《中华人民共和国森林法》"),
		lic("临时占用草原审批", 20, 10, pre, "营业执照", "临时占用草原协议", "草原植被恢复方案").basis("《中华人民共和国草原法》"),
		lic("在草原上修建直接为草原保护和畜牧业生产服务的工程设施审批", 20, 10, pre, "身份证", "工程设计说明").basis("《中华人民共和国草原法》"),
		lic("野生动物人工繁育许可", 20, 10, pre, "营业执照", "种源来源证明", "繁育场所及设施说明").basis("《中华人民共和国野生动物保护法》"),
		lic("采集国家二级保护野生植物审批", 20, 10, pre, "身份证", "采集方案").basis("《中华人民共和国野生植物保护条例》"),
		lic("林草种子生产经营许可", 20, 10, pre, "营业执照", "技术人员", "设备清单").basis("《中华人民共和国种子法》"),
		lic("植物检疫证书核发", 7, 2, full, "调运植物及植物产品清单", "?产地检疫合格证").basis("《植物检疫条例》"),
		pay("草原生态保护补助奖励发放", 30, 15, pre, "身份证", "草原承包经营权证明", "银行账户").at(Banner, Town, Village).basis("《中华人民共和国草原法》"),
		lic("森林草原防火期内野外用火审批", 5, 1, pre, "身份证", "用火方案").at(Banner, Town).basis("《森林防火条例》《草原防火条例》"),
	}},
	{Department{"shwj", "阿拉善盟水务局", "league", RegionLeague}, "《中华人民共和国水法》", []*draft{
		lic("取水许可", 45, 20, pre, "营业执照", "建设项目水资源论证报告", "取水工程设计").steps("审查", "现场核查", "决定").basis("《中华人民共和国水法》《取水许可和水资源费征收管理条例》"),
		lic("生产建设项目水土保持方案审批", 20, 10, pre, "项目批复", "水土保持方案报告书", "水土保持方案技术评审意见").promise("水土保持方案技术评审意见").basis("《中华人民共和国水土保持法》"),
		oth("生产建设项目水土保持设施自主验收报备", 0, 0, full, "水土保持设施验收鉴定书").basis("《中华人民共和国水土保持法》"),
		lev("水土保持补偿费征收", 10, 3, pre, "营业执照", "水土保持方案批复").basis("《中华人民共和国水土保持法》"),
		lic("河道管理范围内建设项目工程建设方案审批", 20, 10, pre, "项目批复", "防洪评价报告").basis("《中华人民共和国河道管理条例》"),
		lic("洪水影响评价类审批", 20, 10, pre, "营业执照", "洪水影响评价报告").basis("《中华人民共和国防洪法》"),
		lic("农村集体经济组织修建水库审批", 20, 10, pre, "村民会议决议", "水库工程设计报告").basis("《中华人民共和国水法》"),
		cnf("取水工程或者设施验收", 20, 10, pre, "取水许可批准文件", "试运行情况报告").basis("《取水许可和水资源费征收管理条例》"),
	}},
	{Department{"wltj", "阿拉善盟文化旅游体育局", "league", RegionLeague}, "《营业性演出管理条例》", []*draft{
		lic("营业性演出审批", 3, 1, pre, "营业执照", "演出节目内容材料", "演员身份证明").basis("《营业性演出管理条例》"),
		lic("娱乐场所经营许可", 20, 5, pre, "营业执照", "法人身份证", "平面图", "消防安全检查合格证明").promise("消防安全检查合格证明").basis("《娱乐场所管理条例》"),
		lic("互联网上网服务营业场所经营许可", 20, 10, pre, "营业执照", "法人身份证", "平面图", "网络安全管理制度").basis("《互联网上网服务营业场所管理条例》"),
		lic("旅行社设立许可", 20, 10, pre, "营业执照", "法人身份证", "住所证明", "旅游服务质量保证金存缴证明").promise("住所证明").basis("《旅行社条例》"),
		lic("出版物零售业务经营许可", 20, 10, pre, "营业执照", "法人身份证", "住所证明").basis("《出版管理条例》"),
		lic("印刷经营许可（其他印刷品）", 20, 10, pre, "营业执照", "设备清单", "管理制度").basis("《印刷业管理条例》"),
		lic("卫星电视广播地面接收设施安装许可", 20, 10, pre, "营业执照", "技术人员").basis("《卫星电视广播地面接收设施管理规定》"),
		lic("高危险性体育项目经营许可", 30, 10, pre, "营业执照", "体育设施符合标准的证明", "社会体育指导人员资格证明").basis("《全民健身条例》"),
		lic("文物保护单位建设控制地带内建设工程设计方案审批", 20, 10, pre, "设计方案", "文物影响评估报告").basis("《中华人民共和国文物保护法》"),
		oth("艺术品经营单位备案", 0, 0, full, "营业执照").basis("《艺术品经营管理办法》"),
	}},
	{Department{"yjglj", "阿拉善盟应急管理局", "league", RegionLeague}, "《中华人民共和国安全生产法》", []*draft{
		lic("危险化学品经营许可", 30, 10, pre, "营业执照", "技术人员", "管理制度", "安全评价报告").steps("审查", "现场核查", "决定").basis("《危险化学品安全管理条例》"),
		lic("烟花爆竹经营（零售）许可", 20, 5, pre, "营业执照", "身份证", "零售场所平面图").basis("《烟花爆竹安全管理条例》"),
		oth("生产经营单位生产安全事故应急预案备案", 0, 0, full, "营业执照", "应急预案", "应急预案评审意见").basis("《生产安全事故应急预案管理办法》"),
		lic("危险化学品建设项目安全条件审查", 45, 20, pre, "项目批复", "安全评价报告").steps("审查", "专家审查", "决定").basis("《危险化学品安全管理条例》"),
		lic("金属冶炼建设项目安全设施设计审查", 20, 10, pre, "项目批复", "安全设施设计").basis("《中华人民共和国安全生产法》"),
		oth("第二类、第三类非药品类易制毒化学品经营备案", 3, 0, full, "营业执照", "易制毒化学品管理制度").basis("《易制毒化学品管理条例》"),
	}},
	{Department{"swuj", "阿拉善盟商务局", "league", RegionLeague}, "《中华人民共和国行政许可法》", []*draft{
		cnf("报废机动车回收拆解企业资格认定", 20, 10, pre, "营业执照", "场地证明", "设备清单", "环评批复").basis("《报废机动车回收管理办法》"),
		oth("单用途商业预付卡备案", 0, 0, full, "营业执照").basis("《单用途商业预付卡管理办法（试行）》"),
		lic("成品油零售经营资格审批", 20, 10, pre, "营业执照", "加油站规划确认文件", "消防安全检查合格证明").basis("《国务院对确需保留的行政审批项目设定行政许可的决定》"),
		oth("二手车交易市场经营者备案", 0, 0, full, "营业执照").basis("《二手车流通管理办法》"),
		oth("再生资源回收经营者备案", 0, 0, full, "营业执照").basis("《再生资源回收管理办法》"),
	}},
	{Department{"tyjrj", "阿拉善盟退役军人事务局", "league", RegionLeague}, "《中华人民共和国退役军人保障法》", []*draft{
		pay("退役士兵自主就业一次性经济补助发放", 20, 10, pre, "退役证", "身份证", "银行账户").basis("《退役士兵安置条例》"),
		cnf("残疾等级评定", 60, 30, pre, "身份证", "退役证", "医疗诊断证明").steps("审查", "医学鉴定", "公示", "决定").basis("《伤残抚恤管理办法》"),
		pay("烈士褒扬金发放", 20, 10, pre, "烈士证明书", "亲属关系证明", "银行账户").basis("《烈士褒扬条例》"),
		pay("优抚对象定期抚恤补助", 20, 10, pre, "身份证", "优抚对象证件", "银行账户").basis("《军人抚恤优待条例》"),
		svc("退役军人优待证申领", 20, 10, full, "身份证", "退役证", "照片").wide().at(Banner, Town),
		pay("军人死亡抚恤金发放", 20, 10, pre, "死亡证明", "亲属关系证明", "银行账户").basis("《军人抚恤优待条例》"),
	}},
	{Department{"fgw", "阿拉善盟发展和改革委员会", "league", RegionLeague}, "《企业投资项目核准和备案管理条例》", []*draft{
		lic("企业投资项目核准", 20, 10, pre, "项目申请报告", "用地预审与选址意见书", "社会稳定风险评估报告").steps("受理审查", "委托评估", "决定"),
		oth("企业投资项目备案", 0, 0, full, "营业执照", "项目基本情况说明").bare(),
		lic("政府投资项目建议书审批", 20, 10, pre, "项目建议书").basis("《政府投资条例》"),
		lic("政府投资项目可行性研究报告审批", 20, 10, pre, "可行性研究报告", "项目建议书批复").steps("受理审查", "委托评估", "决定").basis("《政府投资条例》"),
		lic("固定资产投资项目节能审查", 20, 10, pre, "项目批复", "节能报告").basis("《中华人民共和国节约能源法》《固定资产投资项目节能审查办法》"),
	}},
	{Department{"gxj", "阿拉善盟工业和信息化局", "league", RegionLeague}, "《中华人民共和国中小企业促进法》", []*draft{
		oth("工业企业技术改造项目备案", 0, 0, full, "营业执照", "项目基本情况说明").basis("《企业投资项目核准和备案管理条例》"),
		cnf("专精特新中小企业认定", 30, 15, pre, "营业执照", "企业经营情况报告", "知识产权证明"),
		rwd("中小企业公共服务示范平台认定", 30, 15, pre, "营业执照", "服务能力说明", "服务业绩证明"),
	}},
	{Department{"nyj", "阿拉善盟能源局", "league", RegionLeague}, "《中华人民共和国电力法》", []*draft{
		oth("新能源项目备案", 0, 0, full, "营业执照", "项目基本情况说明").basis("《企业投资项目核准和备案管理条例》"),
		lic("石油天然气管道保护范围内特定施工作业许可", 20, 10, pre, "营业执照", "施工作业方案", "安全防护方案").basis("《中华人民共和国石油天然气管道保护法》"),
		lic("电力设施保护区内施工作业许可", 20, 10, pre, "营业执照", "施工作业方案", "安全防护方案").basis("《电力设施保护条例》"),
	}},
	{Department{"kjj", "阿拉善盟科学技术局", "league", RegionLeague}, "《中华人民共和国促进科技成果转化法》", []*draft{
		cnf("科技型中小企业评价", 20, 10, full, "营业执照", "研发投入情况说明"),
		oth("高新技术企业认定申报推荐", 30, 15, full, "营业执照", "知识产权证明", "研发费用专项审计报告").basis("《高新技术企业认定管理办法》"),
		cnf("技术合同认定登记", 5, 2, full, "营业执照", "技术合同文本").basis("《技术合同认定登记管理办法》"),
	}},
	{Department{"sfj", "阿拉善盟司法局", "league", RegionLeague}, "《中华人民共和国法律援助法》", []*draft{
		pay("法律援助申请", 7, 3, pre, "身份证", "经济困难状况说明", "案件相关材料").wide(),
		lic("律师执业许可（初审）", 20, 10, pre, "身份证", "法律职业资格证书", "律师协会实习考核合格材料").basis("《中华人民共和国律师法》"),
		lic("基层法律服务工作者执业核准", 20, 10, pre, "身份证", "学历", "执业机构同意接收证明").basis("《基层法律服务工作者管理办法》"),
		svc("国内公证事项（亲属关系、出生等）", 15, 5, pre, "身份证", "户口簿", "证明材料").basis("《中华人民共和国公证法》"),
	}},
	{Department{"czj", "阿拉善盟财政局", "league", RegionLeague}, "《中华人民共和国会计法》", []*draft{
		lic("代理记账机构设立审批", 20, 10, full, "营业执照", "专职从业人员会计专业技术资格证明", "代理记账业务规范和财务会计管理制度").basis("《中华人民共和国会计法》《代理记账管理办法》"),
		svc("会计专业技术资格证书领取", 5, 0, pre, "身份证", "成绩合格证明"),
	}},
	{Department{"mzw", "阿拉善盟民族事务委员会", "league", RegionLeague}, "《宗教事务条例》", []*draft{
		lic("宗教活动场所登记", 30, 15, pre, "场所管理组织成员名单", "管理制度", "场所产权证明").steps("审查", "现场查验", "决定"),
		oth("宗教教职人员备案", 20, 10, pre, "身份证", "宗教教职人员认定材料"),
		cnf("民族成份变更审核", 30, 15, pre, "身份证", "户口簿", "父母民族成份证明").basis("《中国公民民族成份登记管理办法》"),
	}},
	{Department{"rfb", "阿拉善盟人民防空办公室", "league", RegionLeague}, "《中华人民共和国人民防空法》", []*draft{
		lic("应建防空地下室的民用建筑项目报建审批", 20, 7, pre, "项目批复", "工程规划许可", "人防工程设计文件"),
		lic("人民防空工程拆除审批", 20, 10, pre, "营业执照", "拆除方案", "补建方案"),
		lev("防空地下室易地建设费征收", 10, 3, pre, "项目批复", "工程规划许可"),
		oth("人防工程竣工验收备案", 15, 5, pre, "人防工程竣工验收报告", "人防工程质量监督报告"),
	}},
	{Department{"qxj", "阿拉善盟气象局", "league", RegionLeague}, "《中华人民共和国气象法》", []*draft{
		lic("防雷装置设计审核", 20, 5, pre, "营业执照", "防雷装置设计说明书", "设计图纸").basis("《气象灾害防御条例》《防雷减灾管理办法》"),
		lic("防雷装置竣工验收", 20, 5, pre, "营业执照", "防雷装置检测报告", "竣工图纸").basis("《气象灾害防御条例》《防雷减灾管理办法》"),
		lic("升放无人驾驶自由气球或者系留气球活动审批", 5, 2, pre, "营业执照", "升放活动方案").basis("《通用航空飞行管制条例》"),
		svc("气象资料证明", 1, 0, full, "身份证", "用途说明"),
	}},
	{Department{"dzj", "阿拉善盟地震局", "league", RegionLeague}, "《中华人民共和国防震减灾法》", []*draft{
		lic("新建、扩建、改建建设工程避免危害地震监测设施和地震观测环境审批", 20, 10, pre, "项目批复", "建设工程选址图", "影响评估报告"),
		svc("地震安全性评价咨询", 10, 5, full, "营业执照", "工程场址说明"),
	}},
	{Department{"xfjy", "阿拉善盟消防救援支队", "league", RegionLeague}, "《中华人民共和国消防法》", []*draft{
		lic("公众聚集场所投入使用、营业前消防安全检查", 10, 3, pre, "营业执照", "法人身份证", "消防设施检测报告", "消防安全制度").promise("消防设施检测报告", "消防安全制度"),
		lic("大型群众性活动消防安全检查", 7, 3, pre, "营业执照", "活动消防安全方案").basis("《中华人民共和国消防法》《大型群众性活动安全管理条例》"),
	}},
	{Department{"yc", "阿拉善盟烟草专卖局", "league", RegionLeague}, "《中华人民共和国烟草专卖法》《中华人民共和国烟草专卖法实施条例》", []*draft{
		lic("烟草专卖零售许可证新办", 20, 5, full, "营业执照", "身份证", "经营场所证明").at(League, Banner),
		lic("烟草专卖零售许可证延续", 20, 5, full, "营业执照", "身份证").at(League, Banner),
		lic("烟草专卖零售许可证停业、歇业", 20, 5, full, "营业执照", "烟草专卖零售许可证").at(League, Banner),
	}},
	{Department{"yzglj", "阿拉善盟邮政管理局", "league", RegionLeague}, "《中华人民共和国邮政法》", []*draft{
		oth("快递末端网点备案", 0, 0, full, "营业执照", "网点场所证明").basis("《快递市场管理办法》"),
		lic("邮政普遍服务营业场所停止办理或者限制办理业务审批", 20, 10, pre, "停限办业务说明", "替代服务方案"),
	}},
	{Department{"cl", "阿拉善盟残疾人联合会", "league", RegionLeague}, "《中华人民共和国残疾人保障法》", []*draft{
		cnf("残疾人证核发", 20, 10, pre, "身份证", "户口簿", "照片", "残疾评定表").at(Banner, Town),
		cnf("残疾人证换领", 10, 5, pre, "身份证", "残疾人证", "照片").wide().at(Banner, Town),
		pay("残疾人辅助器具适配补贴", 20, 10, pre, "身份证", "残疾人证", "辅助器具评估意见").at(Banner),
	}},
	{Department{"bb", "中共阿拉善盟委员会机构编制委员会办公室", "league", RegionLeague}, "《事业单位登记管理暂行条例》", []*draft{
		lic("事业单位法人设立登记", 30, 10, full, "法人身份证", "机构编制批准文件", "住所证明", "开办资金证明"),
		lic("事业单位法人变更登记", 30, 5, full, "事业单位法人证书", "变更事项证明"),
		lic("事业单位法人注销登记", 30, 5, full, "事业单位法人证书", "清算报告"),
		oth("事业单位法人年度报告公示", 0, 0, full, "事业单位法人证书").bare(),
	}},
	{Department{"rmyh", "中国人民银行阿拉善盟分行", "league", RegionLeague}, "《人民币银行结算账户管理办法》", []*draft{
		svc("银行开户预约", 0, 0, full, "营业执照", "法人身份证"),
		svc("个人信用报告查询", 0, 0, full, "身份证").bare().basis("《征信业管理条例》"),
		svc("企业信用报告查询", 0, 0, full, "营业执照", "法人身份证").bare().basis("《征信业管理条例》"),
	}},
	{Department{"gdgs", "内蒙古电力（集团）有限责任公司阿拉善供电分公司", "league", RegionLeague}, "《供电营业规则》", []*draft{
		svc("低压用电报装", 5, 3, full, "身份证", "不动产权证书").bare(),
		svc("高压用电报装", 30, 15, pre, "营业执照", "不动产权证书", "用电负荷说明").bare(),
		svc("用电过户", 3, 1, full, "身份证", "不动产权证书").bare(),
	}},
	{Department{"dag", "阿拉善盟档案馆", "league", RegionLeague}, "《中华人民共和国档案法》", []*draft{
		svc("档案查询利用", 1, 0, pre, "身份证", "?利用目的说明").bare(),
		svc("档案证明出具", 3, 1, pre, "身份证").bare(),
	}},
	{Department{"tjj", "阿拉善盟统计局", "league", RegionLeague}, "《中华人民共和国统计法》", []*draft{
		lic("部门统计调查项目审批", 20, 10, pre, "统计调查制度", "调查表式").bare(),
		svc("统计数据查询服务", 1, 0, full, "身份证", "用途说明").bare(),
	}},
	{Department{"ggzy", "阿拉善盟公共资源交易中心", "league", RegionLeague}, "《中华人民共和国招标投标法》", []*draft{
		svc("公共资源交易主体注册", 1, 0, full, "营业执照", "法人身份证").bare(),
		svc("建设工程招标项目进场交易登记", 1, 0, full, "项目批复", "招标公告").bare(),
		svc("政府采购项目进场交易", 1, 0, full, "采购计划", "采购文件").bare().basis("《中华人民共和国政府采购法》"),
	}},
	{Department{"alszq-scjgj", "阿拉善左旗市场监督管理局", "banner", RegionZuoqi}, "《内蒙古自治区食品生产加工小作坊和食品摊贩管理条例》", []*draft{
		lic("食品生产加工小作坊登记", 10, 3, pre, "身份证", "平面图", "从业人员健康证明").at(Banner),
		oth("食品摊贩登记", 5, 0, full, "身份证", "从业人员健康证明").at(Banner, Town),
		lic("小餐饮经营许可", 10, 3, pre, "身份证", "平面图", "从业人员健康证明").at(Banner),
	}},
	{Department{"alsyq-scjgj", "阿拉善右旗市场监督管理局", "banner", RegionYouqi}, "《内蒙古自治区食品生产加工小作坊和食品摊贩管理条例》", []*draft{
		lic("食品生产加工小作坊登记", 10, 3, pre, "身份证", "平面图", "从业人员健康证明").at(Banner),
		oth("食品摊贩登记", 5, 0, full, "身份证", "从业人员健康证明").at(Banner, Town),
		lic("小餐饮经营许可", 10, 3, pre, "身份证", "平面图", "从业人员健康证明").at(Banner),
	}},
	{Department{"ejnq-scjgj", "额济纳旗市场监督管理局", "banner", RegionEjina}, "《内蒙古自治区食品生产加工小作坊和食品摊贩管理条例》", []*draft{
		lic("食品生产加工小作坊登记", 10, 3, pre, "身份证", "平面图", "从业人员健康证明").at(Banner),
		oth("食品摊贩登记", 5, 0, full, "身份证", "从业人员健康证明").at(Banner, Town),
		lic("小餐饮经营许可", 10, 3, pre, "身份证", "平面图", "从业人员健康证明").at(Banner),
	}},
}

// Departments returns the departments of the demo catalog: the league's
// departments and a few banner departments, in a stable order.
func Departments() []Department {
	out := make([]Department, len(demoTables))
	for i, t := range demoTables {
		out[i] = t.dept
	}
	return out
}

// CodePrefix returns the item-code prefix of a department key:
// AL-<KEY> with '_' turned into '-'.
func CodePrefix(deptKey string) string {
	return "AL-" + strings.ToUpper(strings.ReplaceAll(deptKey, "_", "-"))
}

// Demo returns a realistic catalog of Alxa League's service items, the same
// on every call: item n of department d has code CodePrefix(d)-nnnn.
func Demo() []Item {
	var out []Item
	for _, t := range demoTables {
		for i, d := range t.items {
			out = append(out, d.build(t, i+1))
		}
	}
	return out
}

func (d *draft) build(t deptTable, n int) Item {
	it := d.it
	it.Code = fmt.Sprintf("%s-%04d", CodePrefix(t.dept.Key), n)
	it.Department = t.dept.Key
	it.Active = true
	if !d.noForm {
		it.Materials = append(it.Materials, MaterialReq{Name: it.NameZH + "申请表", Form: Original, Copies: 1, Required: true, DocType: DocApplicationForm})
	}
	for _, m := range d.mats {
		it.Materials = append(it.Materials, material(m))
	}
	it.Materials = append(it.Materials, agentMaterial)
	for _, p := range d.prom {
		it.PromiseReplaces = append(it.PromiseReplaces, material(p).Name)
	}
	if it.Levels == nil {
		if t.dept.Level == "banner" {
			it.Levels = []Level{Banner}
		} else {
			it.Levels = []Level{League, Banner}
		}
	} else {
		it.Levels = slices.Clone(it.Levels)
	}
	it.ReviewSteps = slices.Clone(it.ReviewSteps)
	if it.LegalBasis == "" {
		it.LegalBasis = t.basis
		if it.Kind == Licensing && !strings.Contains(t.basis, "行政许可法") {
			it.LegalBasis = lawLicence + t.basis
		}
	}
	it.Guide = guide(it)
	return it
}

// guide writes the item's service guide (办事指南) from its fields, so that
// the text never contradicts the data.
func guide(it Item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "办理依据：%s。\n", it.LegalBasis)
	steps := append([]string{"申请", "受理"}, it.Steps()...)
	steps = append(steps, "出件", "送达")
	fmt.Fprintf(&b, "办理流程：%s。\n", strings.Join(steps, "→"))
	limit := func(n int) string {
		if n == 0 {
			return "当场办结"
		}
		return fmt.Sprintf("%d个工作日", n)
	}
	fmt.Fprintf(&b, "办理时限：法定%s，承诺%s（自受理之日起计算）。\n", limit(it.LegalDays), limit(it.PromisedDays))
	fmt.Fprintf(&b, "办理方式：%s", it.OnlineDepth.LabelZH())
	switch it.OnlineDepth {
	case FullOnline:
		b.WriteString("，可通过一体化政务服务平台或“蒙速办”App申请，结果可电子送达")
	case PreReview:
		b.WriteString("，网上申请并预审通过后到窗口核验原件，最多跑一次")
	default:
		b.WriteString("，须本人到政务服务大厅综合窗口办理")
	}
	b.WriteString("。\n")
	if it.LeagueWide {
		b.WriteString("盟域通办：可在全盟任一政务服务大厅综合窗口申请，结果就近领取。\n")
	}
	if it.NotifyCommit {
		fmt.Fprintf(&b, "告知承诺：申请人书面承诺符合条件的，可免于提交%s，审批部门事后核查。\n", strings.Join(it.PromiseReplaces, "、"))
	}
	if it.Fee == 0 {
		b.WriteString("收费：不收费。")
	} else {
		fmt.Fprintf(&b, "收费：%s元，依据%s。", it.Fee, it.FeeBasis)
	}
	return b.String()
}
