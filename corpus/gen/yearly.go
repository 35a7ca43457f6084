package gen

import (
	"math/rand"
	"strconv"
	"strings"
)

// yearly writes the agency's own account in one year of a series. Real
// agencies rewrite their 总体情况 and 存在的主要问题 every year: another
// framing, the year's emphasis, other problems and measures. Each choice
// here is drawn from a wider list than a single report's and differs from
// the one made the year before, so that consecutive years share the
// agency's names and the sentences that state the tables, not their
// wording. It draws from a source of its own, so that its choices do not
// depend on the year's numbers.
type yearly struct {
	rnd  *rand.Rand
	last map[string][]int // choices of the year before, by slot
	now  map[string][]int
	year int
}

// newYearly starts the choices of one year; prev is the year before's,
// nil for the first year.
func newYearly(seed int64, year int, prev *yearly) *yearly {
	y := &yearly{rnd: rand.New(rand.NewSource(seed ^ 0x9ea71)), now: map[string][]int{}, year: year}
	if prev != nil {
		y.last = prev.now
	}
	return y
}

// choose draws n different options of slot, none of those chosen last
// year when enough are left.
func (y *yearly) choose(slot string, n int, options []string) []string {
	var free []int
	for i := range options {
		used := false
		for _, j := range y.last[slot] {
			used = used || i == j
		}
		if !used {
			free = append(free, i)
		}
	}
	if len(free) < n {
		free = free[:0]
		for i := range options {
			free = append(free, i)
		}
	}
	y.rnd.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	out := make([]string, n)
	for k := range n {
		out[k] = options[free[k]]
		y.now[slot] = append(y.now[slot], free[k])
	}
	return out
}

func (y *yearly) one(slot string, options ...string) string { return y.choose(slot, 1, options)[0] }

// focuses are what a year's work stressed.
var focuses = []string{
	"优化营商环境信息公开", "重大建设项目信息公开", "民生领域信息公开", "政策解读和回应关切",
	"基层政务公开标准化规范化建设", "主动公开基本目录动态调整", "财政预决算信息公开", "行政执法信息公示",
	"政府开放日活动", "政务新媒体规范管理", "依申请公开办理规范化", "公共资源配置信息公开",
	"惠企利民政策集中公开", "政策文件清理和公开",
}

// milestone is what the year was, as reports open.
func milestone(year int) string {
	switch year {
	case 2019:
		return "新中国成立七十周年"
	case 2020:
		return "全面建成小康社会和第十三个五年规划收官之年"
	case 2021:
		return "中国共产党成立一百周年，也是第十四个五年规划开局之年"
	case 2022:
		return "党的二十大召开之年"
	case 2023:
		return "全面贯彻党的二十大精神的开局之年"
	case 2024:
		return "中华人民共和国成立七十五周年"
	}
	return "第十四个五年规划收官之年"
}

func congress(year int) string {
	switch {
	case year <= 2021:
		return "深入贯彻党的十九大和十九届历次全会精神"
	case year == 2022:
		return "深入学习宣传贯彻党的二十大精神"
	}
	return "全面贯彻落实党的二十大精神"
}

// intro is the opening paragraph of 一.
func (y *yearly) intro(r *Report, a agency, ref, leaders string) string {
	ys := strconv.Itoa(r.Year)
	f := y.choose("focus", 2, focuses)
	t := topic(a)
	frames := []string{
		ys + "年，" + ref + "在" + leaders + "的坚强领导下，深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，围绕" + t + "，持续深化政务公开工作，不断提升政府工作透明度。现将有关情况报告如下。",
		ys + "年，" + ref + "坚持以习近平新时代中国特色社会主义思想为指导，" + congress(r.Year) + "，认真落实上级关于政务公开工作的部署要求，聚焦" + f[0] + "，推动政务公开工作提质增效。",
		"一年来，" + ref + "紧紧围绕" + t + "，把政务公开作为建设法治政府、服务型政府的重要抓手，着力抓好" + f[0] + "和" + f[1] + "，以公开促落实、促规范、促服务。现将" + ys + "年度工作情况报告如下。",
		ys + "年是" + milestone(r.Year) + "。" + ref + "认真贯彻《中华人民共和国政府信息公开条例》，围绕" + t + "，突出" + f[0] + "，政务公开各项工作取得新进展。",
		ref + "坚持以人民为中心的发展思想，严格执行《中华人民共和国政府信息公开条例》，" + ys + "年着力加强" + f[0] + "，进一步健全政务公开制度体系，政务公开标准化、规范化水平持续提升。",
		ys + "年，" + ref + "以群众需求为导向，以" + f[0] + "为重点，统筹推进政务公开与" + t + "深度融合，进一步提高公开质量和实效。",
	}
	return y.one("intro", frames...)
}

// management is the body of （三）政府信息管理, after the agency's name.
func (y *yearly) management() string {
	return y.one("management",
		"严格落实政府信息公开审查机制，坚持“先审查、后公开”和“一事一审”原则，确保公开内容合法合规。",
		"健全完善政府信息发布、保密审查和动态更新机制，及时调整主动公开基本目录，确保信息发布准确、规范。",
		"对照政务公开事项标准目录，逐项梳理公开事项，明确公开主体、公开时限和公开方式。",
		"开展政府信息公开自查，对已公开信息中涉及个人隐私和已经过时的内容及时进行清理。",
		"建立政策文件动态管理台账，对现行有效文件和已失效文件分类标注，便于公众查询使用。",
		"落实政府信息公开属性源头认定制度，公文拟制时同步明确公开属性，不予公开的说明理由。",
	)
}

// platform is the body of （四）平台建设.
func (y *yearly) platform(portal, wechat, app string) string {
	return y.one("platform",
		"持续优化"+portal+"“政府信息公开”专栏，依托“"+wechat+"”微信公众号、“"+app+"”等政务新媒体及时发布政策文件和工作动态，推动“"+app+"”与"+portal+"互联互通。",
		"按照集约化建设要求，对"+portal+"栏目进行优化调整，规范“政府信息公开”专栏的栏目设置，提升信息检索和查阅的便利度。",
		"加强“"+wechat+"”微信公众号日常管理，落实信息发布三审制度，全年未发生错误表述和失泄密情况。",
		"推进"+portal+"与政务服务平台对接，在“"+app+"”开通政策查询功能，方便群众和企业随时查阅。",
		"完善政府信息公开查阅点建设，在政务服务大厅设置政府信息公开查阅区，配备专人为群众提供查阅服务。",
	)
}

// oversight is the body of （五）监督保障, with the review sentence.
func (y *yearly) oversight(r *Report, a agency) string {
	lead := y.one("oversight", "将政务公开工作纳入年度重点工作，", "健全政务公开工作领导机制，", "调整充实政务公开工作领导小组，", "把政务公开工作纳入年度绩效考核，")
	tail := y.one("oversight-tail",
		"制定并完善《"+a.short+"政府信息公开指南》，畅通社会监督渠道。",
		"主动接受社会监督，在门户网站设置意见建议栏目，及时回应公众关切。",
		"聘请政务公开社会评议员，广泛听取群众对政务公开工作的意见建议。",
	)
	return lead + "全年组织政务公开业务培训" + strconv.Itoa(1+y.rnd.Intn(6)) + "次。" + reviewProse(y.rnd, r) + tail
}

// shortcomings and measures are what 五 says was lacking and will be done.
var (
	shortcomings = []string{
		"主动公开的深度和广度还需拓展", "政策解读形式较为单一", "公开内容的时效性有待提高", "工作人员业务能力有待进一步提升",
		"政务新媒体互动回应不够及时", "基层政务公开标准化规范化水平还需提高", "部分栏目信息更新不够及时", "政策解读的针对性和可读性不强",
		"依申请公开答复的规范性有待加强", "公众参与政务公开的渠道还不够多", "重点领域信息公开的精细化程度不够", "信息发布审核把关还需加强",
	}
	measures = []string{
		"加强业务培训，提升工作人员专业能力", "强化政策解读，丰富解读形式", "规范依申请公开办理流程，提高答复质量",
		"加强平台建设，提升微信公众号的传播力", "健全监督考核机制，推动政务公开工作提质增效", "加强统筹协调，确保各项公开任务落到实处",
		"拓展公开渠道，扩大政务公开覆盖面", "完善信息发布审核机制，确保公开信息准确规范", "加强重点领域信息公开，积极回应社会关切",
		"推进政务公开标准化规范化建设，提高基层公开水平", "建立常态化栏目巡查机制，及时更新栏目内容", "开展政府开放活动，增进公众对政府工作的了解",
	}
)

// problems is section 五: what was lacking, then what will be done.
func (y *yearly) problems(r *Report, ref, self, wechat string) []string {
	ys := strconv.Itoa(r.Year)
	s := y.choose("shortcomings", 2, shortcomings)
	m := y.choose("measures", 3, measures)
	lacks := "：一是" + s[0] + "；二是" + s[1] + "。"
	will := "：一是" + m[0] + "；二是" + m[1] + "；三是" + m[2] + "。"
	will = strings.Replace(will, "微信公众号", "“"+wechat+"”微信公众号", 1)
	return []string{
		y.one("lacks",
			ys+"年，"+ref+"政府信息公开工作取得了一定成效，但仍存在一些不足",
			"对照上级要求和群众期盼，"+ref+"政务公开工作还存在一些差距，主要表现在",
			"回顾"+ys+"年工作，"+ref+"政务公开工作仍有薄弱环节",
			"在肯定成绩的同时，"+ref+"也清醒地认识到，政务公开工作还存在一些问题",
		) + lacks,
		y.one("will",
			"下一步，"+self+"将重点做好以下工作",
			"针对上述问题，"+self+"将采取以下措施",
			"下一步，"+self+"将从以下方面加以改进",
			"为进一步做好政务公开工作，"+self+"将着力抓好以下几方面工作",
		) + will,
	}
}
