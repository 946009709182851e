package category

import (
	"strconv"
	"strings"
)

// defaultTree is the built-in category tree, parents first and in display order.
//
// Codes are written out rather than generated from the order of the list because orders,
// deadline overrides and statistics store them: a category added later must take a new code at
// the end of its siblings, and an existing code must never change meaning. Only append; to retire
// a category, have the installation mark it inactive.
//
// The five top-level categories are the policy areas of the source document (经济调节, 市场监管,
// 社会管理, 公共服务, 生态环境保护). Below them are the matters a 12345 hotline of a pastoral and
// desert league hears about: grassland subsidies and grazing bans, desertification control,
// wildlife and wild plants (发菜, 肉苁蓉), mobile coverage out in the pastures, and the usual town
// matters. Each area ends in 其他 so an agent is never forced to pick a wrong category.
var defaultTree = []struct{ code, name string }{
	{"C01", "经济调节"},
	{"C01.01", "惠企政策"},
	{"C01.02", "招商引资"},
	{"C01.03", "营商环境"},
	{"C01.03.01", "涉企收费"},
	{"C01.03.02", "涉企检查"},
	{"C01.03.03", "拖欠企业账款"},
	{"C01.03.04", "行政审批"},
	{"C01.04", "农牧业补贴"},
	{"C01.04.01", "草原生态保护补助奖励"},
	{"C01.04.02", "耕地地力保护补贴"},
	{"C01.04.03", "农机购置补贴"},
	{"C01.04.04", "畜牧良种补贴"},
	{"C01.05", "物价"},
	{"C01.06", "金融服务"},
	{"C01.07", "其他"},

	{"C02", "市场监管"},
	{"C02.01", "食品安全"},
	{"C02.01.01", "餐饮服务"},
	{"C02.01.02", "食品生产加工"},
	{"C02.01.03", "食品销售"},
	{"C02.02", "价格监管"},
	{"C02.03", "消费维权"},
	{"C02.03.01", "商品质量"},
	{"C02.03.02", "服务质量"},
	{"C02.03.03", "预付式消费"},
	{"C02.03.04", "网络购物"},
	{"C02.04", "特种设备"},
	{"C02.04.01", "电梯"},
	{"C02.04.02", "锅炉压力容器"},
	{"C02.04.03", "气瓶"},
	{"C02.05", "药品监管"},
	{"C02.05.01", "药品"},
	{"C02.05.02", "医疗器械"},
	{"C02.05.03", "化妆品"},
	{"C02.06", "计量质量"},
	{"C02.07", "市场主体登记"},
	{"C02.08", "其他"},

	{"C03", "社会管理"},
	{"C03.01", "治安秩序"},
	{"C03.02", "城市管理"},
	{"C03.02.01", "占道经营"},
	{"C03.02.02", "违法建设"},
	{"C03.02.03", "市容环卫"},
	{"C03.02.04", "市政设施"},
	{"C03.03", "物业管理"},
	{"C03.04", "交通出行"},
	{"C03.04.01", "交通秩序"},
	{"C03.04.02", "停车管理"},
	{"C03.04.03", "交通设施"},
	{"C03.05", "劳动保障"},
	{"C03.05.01", "拖欠工资"},
	{"C03.05.02", "劳动合同"},
	{"C03.05.03", "就业创业"},
	{"C03.06", "民族宗教"},
	{"C03.07", "应急管理"},
	{"C03.07.01", "安全生产"},
	{"C03.07.02", "森林草原防火"},
	{"C03.07.03", "防灾减灾"},
	{"C03.08", "嘎查村和社区事务"},
	{"C03.09", "其他"},

	{"C04", "公共服务"},
	{"C04.01", "供水供电供暖供气"},
	{"C04.01.01", "供水"},
	{"C04.01.02", "供电"},
	{"C04.01.03", "供暖"},
	{"C04.01.04", "燃气"},
	{"C04.02", "教育"},
	{"C04.03", "医疗卫生"},
	{"C04.03.01", "医疗服务"},
	{"C04.03.02", "公共卫生"},
	{"C04.03.03", "蒙医药中医药"},
	{"C04.04", "社会保障"},
	{"C04.04.01", "养老保险"},
	{"C04.04.02", "医疗保险"},
	{"C04.04.03", "最低生活保障"},
	{"C04.04.04", "养老服务"},
	{"C04.05", "住房"},
	{"C04.05.01", "保障性住房"},
	{"C04.05.02", "不动产登记"},
	{"C04.05.03", "老旧小区改造"},
	{"C04.06", "交通运输"},
	{"C04.06.01", "公交车"},
	{"C04.06.02", "出租车"},
	{"C04.06.03", "客运班线"},
	{"C04.07", "文化旅游"},
	{"C04.08", "户籍证件"},
	{"C04.09", "通信邮政"},
	{"C04.09.01", "移动信号"},
	{"C04.09.02", "宽带网络"},
	{"C04.09.03", "快递邮政"},
	{"C04.10", "政务服务"},
	{"C04.11", "其他"},

	{"C05", "生态环境保护"},
	{"C05.01", "大气污染"},
	{"C05.01.01", "工业废气"},
	{"C05.01.02", "扬尘"},
	{"C05.01.03", "餐饮油烟"},
	{"C05.02", "水污染"},
	{"C05.03", "噪声污染"},
	{"C05.04", "草原保护"},
	{"C05.04.01", "禁牧休牧"},
	{"C05.04.02", "草畜平衡"},
	{"C05.04.03", "非法开垦占用草原"},
	{"C05.05", "防沙治沙"},
	{"C05.05.01", "沙化土地治理"},
	{"C05.05.02", "公益林管护"},
	{"C05.05.03", "植树造林"},
	{"C05.06", "野生动植物保护"},
	{"C05.06.01", "野生动物"},
	{"C05.06.02", "野生植物"},
	{"C05.07", "固体废物"},
	{"C05.07.01", "生活垃圾"},
	{"C05.07.02", "建筑垃圾"},
	{"C05.07.03", "危险废物"},
	{"C05.08", "非法采矿"},
	{"C05.09", "其他"},
}

// Default returns the built-in category tree shipped to every installation, parents first and in
// display order, all active, with empty Mongolian names (a translator fills them in; a machine
// guess would be shown to Mongolian-speaking citizens as if it were official). Each call returns
// a new slice, so callers may modify it.
func Default() []Category {
	cs := make([]Category, len(defaultTree))
	for i, d := range defaultTree {
		cs[i] = Category{
			Code:     d.code,
			Parent:   ParentCode(d.code),
			NameZH:   d.name,
			Position: position(d.code),
			Active:   true,
		}
	}
	return cs
}

// position is the number in the last segment of a generated code ("C04.01.02" → 2), so the
// stored position agrees with the code's order; it is 0 for a code that does not end in digits.
func position(code string) int {
	seg := code[strings.LastIndexByte(code, '.')+1:]
	seg = strings.TrimLeft(seg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
	n, err := strconv.Atoi(seg)
	if err != nil {
		return 0
	}
	return n
}
