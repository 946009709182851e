// Package demo creates the demo data set: a realistic Alxa League
// organisation (the 12345 centre and banner sub-centres, league and banner
// departments under their real names, an office for every town and a
// committee for every gacha and community), one account per role, and
// activity for the other lines of work.
package demo

import (
	"context"
	"fmt"
	"strings"

	"tongban/internal/catalog"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
)

// Password is the password of every demo account (listed in the README).
const Password = "tongban-demo"

// LeagueCode is the division code of Alxa League.
const LeagueCode = "152900000000"

// Department is a functional department that exists at league level and,
// for some, in every banner.
type Department struct {
	Key    string // short key, part of unit codes: dept-<region>-<key>
	NameZH string // name without the region prefix
	Banner bool   // also exists in each banner
}

// Departments lists the demo's functional departments (职能部门), under the
// names Alxa's league and banner governments use.
var Departments = []Department{
	{"fgw", "发展和改革委员会", true},
	{"gxj", "工业和信息化局", false},
	{"jyj", "教育局", true},
	{"gaj", "公安局", true},
	{"mzj", "民政局", true},
	{"sfj", "司法局", true},
	{"czj", "财政局", true},
	{"rsj", "人力资源和社会保障局", true},
	{"zrzyj", "自然资源局", true},
	{"sthjj", "生态环境局", true},
	{"zjj", "住房和城乡建设局", true},
	{"jtj", "交通运输局", true},
	{"slj", "水务局", true},
	{"nmj", "农牧局", true},
	{"swj", "商务局", false},
	{"wlj", "文化旅游体育局", true},
	{"wjw", "卫生健康委员会", true},
	{"tyjrj", "退役军人事务局", true},
	{"yjj", "应急管理局", true},
	{"sjj", "审计局", false},
	{"scjgj", "市场监督管理局", true},
	{"tjj", "统计局", false},
	{"lcj", "林业和草原局", true},
	{"ybj", "医疗保障局", true},
	{"spj", "行政审批和政务服务局", true},
	{"cgj", "城市管理综合执法局", true},
	{"nyj", "能源局", false},
	{"gjj", "住房公积金管理中心", false},
	{"xfj", "信访局", false},
	{"swju", "税务局", true},
	// Departments of the service-item catalog (catalog.Departments) that
	// take no 12345 orders in the demo but own items the halls accept.
	{"sbzx", "社会保险事业服务中心", true},
	{"bdczx", "不动产登记中心", true},
	{"cl", "残疾人联合会", true},
	{"jjzd", "公安局交通管理支队", false},
	{"kjj", "科学技术局", false},
	{"mzw", "民族事务委员会", false},
	{"rfb", "人民防空办公室", false},
	{"qxj", "气象局", false},
	{"dzj", "地震局", false},
	{"xfjy", "消防救援支队", false},
	{"yc", "烟草专卖局", false},
	{"yzglj", "邮政管理局", false},
	{"bb", "机构编制委员会办公室", false},
	{"rmyh", "分行", false},
	{"gdgs", "供电分公司", false},
	{"dag", "档案馆", false},
	{"ggzy", "公共资源交易中心", false},
}

// fullNames builds the names of departments that do not read "<region><name>".
var fullNames = map[string]func(region string) string{
	"swju": func(r string) string { return "国家税务总局" + r + "税务局" },
	"bb":   func(r string) string { return "中共" + r + "委员会机构编制委员会办公室" },
	"rmyh": func(r string) string { return "中国人民银行" + r + "分行" },
	"gdgs": func(r string) string {
		return "内蒙古电力（集团）有限责任公司" + strings.TrimSuffix(r, "盟") + "供电分公司"
	},
}

// unitName returns the name of department d in the region named region.
func unitName(region string, d Department) string {
	if f, ok := fullNames[d.Key]; ok {
		return f(region)
	}
	return region + d.NameZH
}

// catalogKeys maps the department keys of the service-item catalog
// (catalog.Departments) to the keys above where they differ. The two sets of
// keys grew apart — the catalog's swj is the tax bureau, the demo's swj the
// bureau of commerce — and both are in use (unit codes, item codes, tests),
// so neither is renamed: this one table joins them. Catalog keys not listed
// here are demo keys too; banner departments of the catalog
// (alszq-scjgj, …) are the demo department of their banner (see
// DepartmentUnits).
var catalogKeys = map[string]string{
	"gjjzx": "gjj",
	"swj":   "swju",
	"swuj":  "swj",
	"jtysj": "jtj",
	"shwj":  "slj",
	"wltj":  "wlj",
	"yjglj": "yjj",
}

// DemoKey returns the demo department key of a catalog department key: the
// key in this package's Departments of the department that owns its items.
func DemoKey(catalogKey string) string {
	if _, key, ok := strings.Cut(catalogKey, "-"); ok {
		catalogKey = key // alszq-scjgj is 阿拉善左旗's scjgj
	}
	if k, ok := catalogKeys[catalogKey]; ok {
		return k
	}
	return catalogKey
}

// DepartmentUnits returns the routing of the catalog's departments to the
// demo's units (storage.DepartmentUnit rows): a league department is
// handled by the league's unit for the league and by each banner's unit of
// the same department where the banner has one; a banner department of the
// catalog by its banner's unit. units maps unit codes to ids. A catalog
// department without a unit is an error: its items could be applied for
// but nobody could decide them.
func DepartmentUnits(depts []catalog.Department, units map[string]int64, banners []string) ([]storage.DepartmentUnit, error) {
	var out []storage.DepartmentUnit
	for _, d := range depts {
		key := DemoKey(d.Key)
		if d.Level == "banner" {
			id, ok := units[DeptCode(d.Region, key)]
			if !ok {
				return nil, fmt.Errorf("catalog department %s (%s): no unit %s", d.Key, d.NameZH, DeptCode(d.Region, key))
			}
			out = append(out, storage.DepartmentUnit{Department: d.Key, RegionCode: d.Region, UnitID: id})
			continue
		}
		id, ok := units[DeptCode(d.Region, key)]
		if !ok {
			return nil, fmt.Errorf("catalog department %s (%s): no unit %s", d.Key, d.NameZH, DeptCode(d.Region, key))
		}
		out = append(out, storage.DepartmentUnit{Department: d.Key, RegionCode: d.Region, UnitID: id})
		for _, b := range banners {
			if id, ok := units[DeptCode(b, key)]; ok {
				out = append(out, storage.DepartmentUnit{Department: d.Key, RegionCode: b, UnitID: id})
			}
		}
	}
	return out, nil
}

// CentreCode is the unit code of the league's 12345 centre.
const CentreCode = "centre-" + LeagueCode

// DeptCode returns the unit code of a department in a region.
func DeptCode(regionCode, key string) string { return "dept-" + regionCode + "-" + key }

// Organisation returns the demo units for the given region tree, parents
// before children. ParentID is left 0; Parent holds the parent's code.
func Organisation(t *region.Tree) []UnitSpec {
	league, ok := t.Get(LeagueCode)
	if !ok {
		return nil
	}
	var out []UnitSpec
	add := func(u org.Unit, parent string) { out = append(out, UnitSpec{u, parent}) }
	add(org.Unit{Code: CentreCode, NameZH: "阿拉善盟12345政务服务便民热线中心", Kind: org.Centre, RegionCode: LeagueCode, Active: true}, "")
	for _, d := range Departments {
		add(org.Unit{Code: DeptCode(LeagueCode, d.Key), NameZH: unitName(league.Name, d), Kind: org.Department, RegionCode: LeagueCode, Active: true}, "")
	}
	for _, b := range t.Children(LeagueCode) {
		add(org.Unit{Code: "centre-" + b.Code, NameZH: b.Name + "12345热线分中心", Kind: org.SubCentre, RegionCode: b.Code, Active: true}, CentreCode)
		// Development zones are run by a management committee, not a banner
		// government with its full set of departments.
		zone := strings.HasSuffix(b.Name, "开发区")
		for _, d := range Departments {
			if !d.Banner || zone && d.Key != "spj" && d.Key != "scjgj" && d.Key != "zjj" {
				continue
			}
			add(org.Unit{Code: DeptCode(b.Code, d.Key), NameZH: unitName(b.Name, d), Kind: org.Department, RegionCode: b.Code, Active: true},
				DeptCode(LeagueCode, d.Key))
		}
		for _, town := range t.Children(b.Code) {
			add(org.Unit{Code: "office-" + town.Code, NameZH: officeName(town.Name), Kind: org.TownOffice, RegionCode: town.Code, Active: true}, "")
			for _, v := range t.Children(town.Code) {
				add(org.Unit{Code: "committee-" + v.Code, NameZH: committeeName(v.Name), Kind: org.Committee, RegionCode: v.Code, Active: true},
					"office-"+town.Code)
			}
		}
	}
	return out
}

// UnitSpec is a unit to create with the code of its parent unit.
type UnitSpec struct {
	Unit   org.Unit
	Parent string
}

func officeName(town string) string {
	switch {
	case strings.HasSuffix(town, "办事处"):
		return town
	case strings.HasSuffix(town, "街道"):
		return town + "办事处"
	case strings.HasSuffix(town, "区"):
		return town + "管理委员会"
	}
	return town + "人民政府"
}

func committeeName(v string) string {
	switch {
	case strings.HasSuffix(v, "委员会"), strings.HasSuffix(v, "委会"):
		return v
	case strings.HasSuffix(v, "社区"):
		return v + "居民委员会"
	}
	return v + "村民委员会"
}

// Account is a demo login.
type Account struct {
	Username, DisplayName string
	Role                  org.Role
	UnitCode              string
	Lang                  string
}

// Accounts lists one demo account per role (and a few more so the whole
// dispatch chain league → banner → town → gacha can be walked).
var Accounts = []Account{
	{"admin", "系统管理员", org.Admin, CentreCode, "zh"},
	{"agent", "话务员 王丽", org.Agent, CentreCode, "zh"},
	{"agent.mn", "话务员 其其格", org.Agent, CentreCode, "mn"},
	{"dispatcher", "派单员 李强", org.Dispatcher, CentreCode, "zh"},
	{"supervisor", "督办员 赵敏", org.Supervisor, CentreCode, "zh"},
	{"leader", "盟领导 张伟", org.Leader, CentreCode, "zh"},
	{"subcentre.zq", "阿左旗分中心 派单员 刘洋", org.Dispatcher, "centre-152921000000", "zh"},
	{"handler.scjgj", "盟市场监管局 承办人 孙涛", org.Handler, DeptCode(LeagueCode, "scjgj"), "zh"},
	{"handler.zq.scjgj", "阿左旗市场监管局 承办人 周静", org.Handler, DeptCode("152921000000", "scjgj"), "zh"},
	{"head.zq.scjgj", "阿左旗市场监管局 负责人 吴刚", org.UnitHead, DeptCode("152921000000", "scjgj"), "zh"},
	{"handler.bhht", "巴彦浩特镇 承办人 郑霞", org.Handler, "office-152921110000", "zh"},
	{"handler.gacha", "嘎查 承办人 巴特尔", org.Handler, "", "mn"}, // first committee under 巴彦浩特镇, filled in by Seed
	{"window", "阿左旗政务服务中心 综合窗口 陈晨", org.WindowClerk, DeptCode("152921000000", "spj"), "zh"},
	{"approver", "阿左旗市场监管局 审批人员 何芳", org.Approver, DeptCode("152921000000", "scjgj"), "zh"},
	// A second hall for 盟域通办, and the back offices of enterprise
	// opening (企业开办) for a company registered in 阿拉善左旗.
	{"window.yq", "阿右旗政务服务中心 综合窗口 高娃", org.WindowClerk, DeptCode("152922000000", "spj"), "zh"},
	{"approver.zq.gaj", "阿左旗公安局 审批人员 马骏", org.Approver, DeptCode("152921000000", "gaj"), "zh"},
	{"approver.zq.swju", "阿左旗税务局 审批人员 田野", org.Approver, DeptCode("152921000000", "swju"), "zh"},
	{"approver.zq.sbzx", "阿左旗社保中心 审批人员 乌兰", org.Approver, DeptCode("152921000000", "sbzx"), "zh"},
	{"approver.zq.ybj", "阿左旗医保局 审批人员 韩雪", org.Approver, DeptCode("152921000000", "ybj"), "zh"},
	{"approver.gjj", "盟住房公积金管理中心 审批人员 邓超", org.Approver, DeptCode(LeagueCode, "gjj"), "zh"},
	{"approver.rmyh", "人民银行阿拉善盟分行 审批人员 冯丽", org.Approver, DeptCode(LeagueCode, "rmyh"), "zh"},
}

// Seed creates the organisation and the demo accounts in an empty database.
func Seed(ctx context.Context, st *storage.Store) error {
	rs, err := st.Regions(ctx)
	if err != nil {
		return err
	}
	tree, err := region.NewTree(rs)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	var firstCommittee string
	for _, spec := range Organisation(tree) {
		u := spec.Unit
		u.ParentID = ids[spec.Parent]
		u, err := st.CreateUnit(ctx, u)
		if err != nil {
			return fmt.Errorf("unit %s: %w", spec.Unit.Code, err)
		}
		ids[u.Code] = u.ID
		if firstCommittee == "" && spec.Parent == "office-152921110000" {
			firstCommittee = u.Code
		}
	}
	hash, err := org.HashPassword(Password)
	if err != nil {
		return err
	}
	for _, a := range Accounts {
		unit := a.UnitCode
		if unit == "" {
			unit = firstCommittee
		}
		id, ok := ids[unit]
		if !ok {
			return fmt.Errorf("demo account %s: unit %s does not exist", a.Username, unit)
		}
		if _, err := st.CreateStaff(ctx, org.Staff{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, UnitID: id, Lang: a.Lang, Active: true}, hash); err != nil {
			return fmt.Errorf("demo account %s: %w", a.Username, err)
		}
	}
	return nil
}
