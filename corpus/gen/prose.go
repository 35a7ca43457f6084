package gen

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/normalize"
)

// num prints a cell value as reports do: integers without a point,
// amounts with their decimals.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func pick(rnd *rand.Rand, s ...string) string { return s[rnd.Intn(len(s))] }

// wechatPrefixes name governments' accounts: 智慧淄川, 数字淄川.
var wechatPrefixes = []string{"智慧", "数字", "魅力", "幸福", "美丽", "活力"}

// appNames are the second quoted name: a service app or column.
var appNames = []string{"%s通", "爱%s", "%s政务", "%s发布", "掌上%s"}

// writeProse writes title, preamble and the six sections. Every number
// it states is read from r.Cells, and every “共N条，其中A条…” adds up, so
// that a clean report gives no NU finding. With yl, a year of a series,
// the agency's own account (一's framing paragraphs, 五) is written anew
// from wider choices than a single report's (see yearly).
func writeProse(rnd *rand.Rand, r *Report, a agency, yl *yearly) {
	// The change column's sign words are printed by the tables; mark them
	// used here, where the variants a report exercises are known.
	if v := &r.variant; v.phr[phChangeWords] {
		for k, val := range r.Cells {
			if strings.HasSuffix(k, ".change") && val != 0 && r.State(k) == normalize.StateNumber {
				v.used[phChangeWords] = true
				break
			}
		}
	}
	c := r.Cells
	y := strconv.Itoa(r.Year)
	short := a.place.Short()
	full := a.place.Name
	if a.dept != nil {
		r.quoted = append(r.quoted, a.dept.wechat+short)
	} else {
		r.quoted = append(r.quoted, oneOf(rnd, wechatPrefixes)+short)
	}
	r.quoted = append(r.quoted, fmt.Sprintf(oneOf(rnd, appNames), short))
	wechat, app := r.quoted[0], r.quoted[1]
	portal := full + "人民政府门户网站"
	if a.dept != nil && rnd.Intn(2) == 0 {
		portal = a.short + "门户网站"
	}
	if a.place.Level == 4 {
		portal = a.parent.Name + "人民政府门户网站"
	}
	ref := a.short
	// Whom readers contact: a department's office, a government's
	// general office, a township's party and government office.
	office := a.name + "办公室"
	switch {
	case a.office:
		office = a.name
	case a.place.Level == 4:
		office = a.name + "党政办公室"
	case a.dept == nil:
		office = strings.TrimSuffix(a.name, "人民政府") + "人民政府办公室"
	}
	leaders := full + "委、" + full + "政府"
	if a.place.Level == 4 {
		leaders = full + "党委"
	}

	r.title = r.Agency + y + "年" + r.scope + "政府信息公开工作年度报告"
	ct := r.Contact
	r.preamble = []string{
		"本报告根据《中华人民共和国政府信息公开条例》（以下简称" + shortRegulation(r) + "）和" + normalize.ProfileFor(r.Template).Notice + "要求编制，" +
			pick(rnd, "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分组成。",
				"全文包括总体情况、主动公开政府信息情况等六个部分。"),
		pick(rnd, "本报告中所列数据的统计期限自"+y+"年1月1日起至"+y+"年12月31日止。",
			"本年度报告中所列数据统计期限为"+y+"年1月1日至"+y+"年12月31日。") +
			"本报告电子版可在" + portal + "“政府信息公开”专栏查阅或下载。如对本报告有任何疑问，请与" + office +
			"联系（地址：" + ct.Address + "；邮编：" + ct.Postcode + "；电话：" + ct.Phone + "；电子邮箱：" + ct.Email + "）。",
	}

	// 一、总体情况
	var ov []string
	if yl != nil {
		ov = append(ov, yl.intro(r, a, ref, leaders))
	} else {
		ov = append(ov, y+"年，"+ref+"在"+leaders+"的"+pick(rnd, "坚强", "正确")+"领导下，深入贯彻落实《中华人民共和国政府信息公开条例》，"+
			pick(rnd, "坚持以公开为常态、不公开为例外", "坚持依法公开、真实公正、注重实效、有利监督的原则")+"，围绕"+topic(a)+"，"+
			pick(rnd, "持续深化", "扎实推进", "不断加强")+"政务公开工作，"+pick(rnd, "不断提升", "进一步提高")+"政府工作透明度。现将有关情况报告如下。")
	}

	total := 20 + rnd.Intn(40)
	switch a.kind() {
	case ProvinceGov, ProvinceDept, PrefectureGov:
		total = 800 + rnd.Intn(6000)
	case PrefectureDept, CountyGov:
		total = 200 + rnd.Intn(1500)
	}
	viaPortal := total * (30 + rnd.Intn(50)) / 100
	active := "（一）主动公开。"
	if rnd.Intn(2) == 0 {
		ov = append(ov, "（一）主动公开")
		active = ""
	}
	if v := &r.variant; v.phr[phChannelsWhole] {
		// The same items on every channel, each counted whole after 其中
		// (梅河口市和平街道 2020): the parts overlap, no sum to check. The
		// account is named twice, as the other wording does: r.quoted's
		// names are printed at least twice.
		n := strconv.Itoa(total)
		active += y + "年，" + a.self + "主动公开政府信息" + n + "条，其中依托" + portal + "主动公开信息" + n + "条；通过“" + wechat + "”微信公众号公开政府信息" + n + "条；通过政务公开栏公开政府信息" + n + "条。“" + wechat + "”微信公众号全年保持日常更新。"
		v.used[phChannelsWhole] = true
	} else {
		active += y + "年，" + a.self + "通过" + portal + "、“" + wechat + "”微信公众号等渠道主动公开政府信息" + strconv.Itoa(total) + "条，其中" +
			portal + "发布" + strconv.Itoa(viaPortal) + "条，“" + wechat + "”微信公众号发布"
		if v.phr[phTotalOnLast] {
			// 共计 on the last item: it is a part, not a second total.
			other := v.rnd.Intn(total - viaPortal)
			active += strconv.Itoa(total-viaPortal-other) + "条，其他信息共计" + strconv.Itoa(other) + "条。"
			v.used[phTotalOnLast] = true
		} else {
			active += strconv.Itoa(total-viaPortal) + "条。"
		}
	}
	if v := &r.variant; v.phr[phFewKinds] {
		// A bare 其中 naming a few kinds of what the portal published, far
		// short of the total, as real reports write: no sum to check.
		all := total * (2 + v.rnd.Intn(3))
		news, notices := 1+v.rnd.Intn(all/5), 1+v.rnd.Intn(all/5)
		active += portal + "全年发布各类信息" + strconv.Itoa(all) + "条，其中工作动态" + strconv.Itoa(news) + "条，通知公告" + strconv.Itoa(notices) + "条。"
		v.used[phFewKinds] = true
	}
	if v := &r.variant; v.phr[phListThenOther] {
		// Parts joined by 、 that add up, then after a comma counts of
		// another thing (林州市 2023: 其中,信息公开目录信息4804条、政务动态信息838条、
		// 概况类信息6条,互动交流留言收到1465条、办结1213条): the list ended at
		// the comma. The numbers follow from the total, drawing nothing, so
		// that the report's other draws stay as they were.
		all := total*3/2 + 7
		news, notices := all/2, all/3
		msgs := total/9 + 5
		active += portal + "全年发布信息" + strconv.Itoa(all) + "条，其中工作动态" + strconv.Itoa(news) + "条、通知公告" + strconv.Itoa(notices) +
			"条、政策文件" + strconv.Itoa(all-news-notices) + "条，收到网民留言" + strconv.Itoa(msgs) + "条、办结" + strconv.Itoa(msgs-2) + "条。"
		v.used[phListThenOther] = true
	}
	// Templates that count 表二's documents as 制发, 废止 and 现行有效 (the
	// newer) say so; the others as 新制作, 新公开 and 对外公开.
	issued := r.inTemplate("active.normative_docs.issued")
	if r.variant.phr[phActiveTable] {
		// 表二 stated cell by cell, zeros included.
		if issued {
			active += "本年制发规范性文件" + num(c["active.normative_docs.issued"]) + "件，废止" + num(c["active.normative_docs.repealed"]) + "件，现行有效" + num(c["active.normative_docs.in_force"]) + "件。"
		} else {
			active += "本年制发规范性文件" + num(c["active.normative_docs.made"]) + "件，新公开" + num(c["active.normative_docs.published"]) + "件，对外公开总数" + num(c["active.normative_docs.total_public"]) + "件。"
		}
		r.variant.used[phActiveTable] = true
	} else if issued {
		if n := c["active.normative_docs.issued"]; n > 0 {
			active += "全年制发行政规范性文件" + num(n) + "件，废止" + num(c["active.normative_docs.repealed"]) + "件，现行有效" + num(c["active.normative_docs.in_force"]) + "件，均已按要求公开。"
		} else {
			active += "全年未制发行政规范性文件。"
		}
	} else {
		if n := c["active.normative_docs.made"]; n > 0 {
			active += "全年制发规范性文件" + num(n) + "件，均已按要求公开。"
		} else {
			active += "全年未制发规范性文件。"
		}
	}
	if d := c["active.licensing.decisions"]; d > 0 {
		active += "按照“谁执法谁公示”的要求，及时公开行政许可决定" + num(d) + "件。"
	}
	ov = append(ov, active)

	ov = append(ov, requestsProse(r))

	if yl != nil {
		ov = append(ov, "（三）政府信息管理。"+ref+yl.management(),
			"（四）平台建设。"+yl.platform(portal, wechat, app),
			"（五）监督保障。"+yl.oversight(r, a))
	} else {
		mgmt := "（三）政府信息管理。"
		mgmt += ref + pick(rnd, "严格落实政府信息公开审查机制，坚持“先审查、后公开”和“一事一审”原则，确保公开内容合法合规。",
			"健全完善政府信息发布、保密审查和动态更新机制，及时调整主动公开基本目录，确保信息发布准确、规范。")
		ov = append(ov, mgmt)

		platform := "（四）平台建设。" + pick(rnd, "持续优化", "进一步完善") + portal + "“政府信息公开”专栏，" +
			"依托“" + wechat + "”微信公众号、“" + app + "”等政务新媒体及时发布" + pick(rnd, "政策文件和工作动态", "政策解读和便民服务信息") + "，" +
			"推动“" + app + "”与" + portal + "互联互通。"
		ov = append(ov, platform)

		oversight := "（五）监督保障。" + pick(rnd, "将政务公开工作纳入年度重点工作，", "健全政务公开工作领导机制，") +
			"全年组织政务公开业务培训" + strconv.Itoa(1+rnd.Intn(6)) + "次。" + reviewProse(rnd, r) +
			"制定并完善《" + a.short + "政府信息公开指南》，畅通社会监督渠道。"
		ov = append(ov, oversight)
	}

	r.sections = []*section{{key: "overview", paras: ov}}

	// 二、三、四: the tables, each in the section that holds it.
	for _, t := range normalize.TableKeys() {
		r.sections = append(r.sections, &section{key: r.profile(t).Table(t).Section, table: t})
	}

	// 五、存在的主要问题及改进情况
	var problems []string
	if yl != nil {
		problems = yl.problems(r, ref, a.self, wechat)
	} else {
		problems = []string{
			y + "年，" + ref + "政府信息公开工作取得了一定成效，但仍存在一些不足：一是" +
				pick(rnd, "主动公开的深度和广度还需拓展", "政策解读形式较为单一", "公开内容的时效性有待提高") + "；二是" +
				pick(rnd, "工作人员业务能力有待进一步提升", "政务新媒体互动回应不够及时", "基层政务公开标准化规范化水平还需提高") + "。",
			"下一步，" + a.self + "将" + pick(rnd, "重点做好以下工作", "着力抓好以下几方面工作") + "：一是" +
				pick(rnd, "加强业务培训，提升工作人员专业能力", "强化政策解读，丰富解读形式") + "；二是" +
				pick(rnd, "规范依申请公开办理流程，提高答复质量", "加强平台建设，提升“"+wechat+"”微信公众号的传播力") + "；三是" +
				pick(rnd, "健全监督考核机制，推动政务公开工作提质增效", "加强统筹协调，确保各项公开任务落到实处") + "。",
		}
	}
	r.sections = append(r.sections, &section{key: "problems", paras: problems})

	// 六、其他需要报告的事项: the templates that charge for processing
	// information (表三's 申请人逾期未按收费通知要求缴纳费用) list what to
	// report here, fees first.
	var other []string
	if r.inTemplate("requests.other.fee_unpaid.total") {
		fee := "本年度未收取信息处理费。"
		if rnd.Intn(8) == 0 && c["requests.new.total"] > 20 {
			fee = "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费" + strconv.Itoa(100*(1+rnd.Intn(20))) + "元。"
		}
		proposals := "本年度未承办人大代表建议和政协提案。"
		if a.place.Level < 4 && rnd.Intn(3) > 0 {
			proposals = "本年度承办人大代表建议" + strconv.Itoa(1+rnd.Intn(40)) + "件、政协提案" + strconv.Itoa(1+rnd.Intn(40)) + "件，办理结果均已按要求公开。"
		}
		upper := a.upper
		if upper == "" {
			upper = "国务院办公厅"
		}
		other = []string{
			"1．收取信息处理费情况。" + fee,
			"2．落实上级年度政务公开工作要点情况。按照" + upper + pick(rnd, "年度政务公开工作要点", "政务公开工作任务分工") + "要求，逐项明确责任，各项任务均已完成。",
			"3．人大代表建议和政协提案办理结果公开情况。" + proposals,
			"4．政务公开工作创新情况。" + pick(rnd, "打造“"+app+"”政务服务品牌，", "开设“"+app+"”政策直通车栏目，") + "推动政策信息精准推送。",
			"5．政府信息公开工作年度报告数据统计需要说明的事项。无。",
			"6．本行政机关认为需要报告的其他事项。无。",
			"7．其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项。无。",
		}
	} else {
		other = []string{"本年度未收取政府信息公开相关费用，无其他需要报告的事项。"}
	}
	r.sections = append(r.sections, &section{key: "other", paras: other})

	// Headings: the template's, now and then an accepted variant.
	for i, s := range normalize.Sections() {
		h := s.Heading
		if len(s.Aliases) > 0 && rnd.Intn(5) == 0 {
			h = oneOf(rnd, s.Aliases)
		}
		if v := &r.variant; i == 0 && v.phr[phOverviewShort] {
			h = s.LaterAliases[0]
			v.used[phOverviewShort] = true
		}
		r.sections[i].heading = s.Number + "、" + h
	}
}

// kind returns the agency's kind from its shape.
func (a agency) kind() AgencyKind {
	switch {
	case a.place.Level == 4:
		return TownshipGov
	case a.place.Level == 3 && a.dept == nil:
		return CountyGov
	case a.place.Level == 3:
		return CountyDept
	case a.place.Level == 2 && a.dept == nil:
		return PrefectureGov
	case a.place.Level == 2:
		return PrefectureDept
	case a.dept == nil:
		return ProvinceGov
	}
	return ProvinceDept
}

func topic(a agency) string {
	if a.dept != nil {
		return a.dept.topic + "工作"
	}
	return a.place.Name + "经济社会发展大局"
}

// shortRegulation is how the preamble defines the regulation's short
// title: 《条例》, or 新《条例》 as some reports since the 2019 revision write.
func shortRegulation(r *Report) string {
	if v := &r.variant; v.phr[phNewRegulation] {
		v.used[phNewRegulation] = true
		return "新《条例》"
	}
	return "《条例》"
}

// requestsProse states the requests of table 三 in the words reports
// use; each number is a cell the NU102 claims compare with.
func requestsProse(r *Report) string {
	c := r.Cells
	cell := func(row string) float64 { return c["requests."+row+".total"] }
	n, over, handled, fwd := cell("new"), cell("carried_over"), cell("total"), cell("carried_forward")
	s := "（二）依申请公开。"
	switch {
	case n == 0 && over == 0:
		return s + "本年度未收到政府信息公开申请，无上年结转申请。"
	case n == 0:
		s += "本年度未收到政府信息公开申请。"
	default:
		person := c["requests.new.natural_person"]
		s += "全年共收到政府信息公开申请" + num(n) + "件"
		if person > 0 && person < n {
			s += "，其中自然人申请" + num(person) + "件，法人或其他组织申请" + num(n-person) + "件。"
		} else if person == n {
			s += "，均为自然人申请。"
		} else {
			s += "，均为法人或其他组织申请。"
		}
	}
	if over > 0 {
		if v := &r.variant; v.phr[phCarriedOverDone] {
			s += "结转上年度办理" + num(over) + "件。"
			v.used[phCarriedOverDone] = true
		} else {
			s += "上年结转政府信息公开申请" + num(over) + "件。"
		}
	}
	if handled > 0 {
		s += "本年度共办结" + num(handled) + "件"
		// The outcome groups of the template, in its order.
		var said []string
		sums := map[string]float64{}
		var groups []string
		for _, row := range r.profile(requestsTable).Table(requestsTable).Rows {
			g, _, _ := strings.Cut(row.Key, ".")
			if outcomeLabel[g] == "" {
				continue
			}
			if _, ok := sums[g]; !ok {
				groups = append(groups, g)
			}
			sums[g] += cell(row.Key)
		}
		v := &r.variant
		if !v.real() {
			for _, g := range groups {
				if sums[g] > 0 {
					said = append(said, outcomeLabel[g]+num(sums[g])+"件")
				}
			}
			if len(said) > 1 {
				s += "，其中" + strings.Join(said, "，")
			}
			return s + "。" + forward(fwd)
		}
		// The real phrasings: 予以公开 and 部分公开 as one item,
		// percentages after the items, the reviews and suits right after
		// the list (counts that are not parts of it).
		merged := ""
		switch {
		case v.phr[phGrantedIncl]:
			merged = "予以公开（含部分公开）"
		case v.phr[phGrantedAnd]:
			merged = "予以公开及部分公开"
		}
		sep := "，"
		if v.phr[phPercent] {
			sep = "；"
		}
		item := func(label string, n float64) {
			if n <= 0 {
				return
			}
			it := label + num(n) + "件"
			if v.phr[phPercent] {
				it += "，占" + strconv.FormatFloat(100*n/handled, 'f', 2, 64) + "%"
				v.used[phPercent] = true
			}
			said = append(said, it)
		}
		for _, g := range groups {
			switch {
			case g == "granted" && merged != "":
				if n := sums["granted"] + sums["partly_granted"]; n > 0 {
					item(merged, n)
					v.used[phGrantedIncl] = v.phr[phGrantedIncl]
					v.used[phGrantedAnd] = v.phr[phGrantedAnd]
				}
			case g == "partly_granted" && merged != "":
			default:
				item(outcomeLabel[g], sums[g])
			}
		}
		if len(said) > 1 || v.phr[phPercent] || v.phr[phReviewAfterOutcomes] {
			s += "，其中：" + strings.Join(said, sep)
		}
		if v.phr[phReviewAfterOutcomes] {
			rev := c["review.review.total"]
			suits := c["review.suit_direct.total"] + c["review.suit_after_review.total"]
			s += "；因政府信息公开引起的行政复议案件" + num(rev) + "件、行政诉讼案件" + num(suits) + "件"
			v.used[phReviewAfterOutcomes] = true
		}
		s += "。"
	}
	return s + forward(fwd)
}

func forward(fwd float64) string {
	if fwd > 0 {
		return "结转下年度继续办理" + num(fwd) + "件。"
	}
	return ""
}

// real reports whether the requests sentence takes a real phrasing.
func (v *variants) real() bool {
	return v.phr[phGrantedIncl] || v.phr[phGrantedAnd] || v.phr[phPercent] || v.phr[phReviewAfterOutcomes]
}

// outcomeLabel names the outcome groups of table 三 as prose does.
var outcomeLabel = map[string]string{
	"granted": "予以公开", "partly_granted": "部分公开", "withheld": "不予公开",
	"unavailable": "无法提供", "not_processed": "不予处理", "other": "其他处理",
}

// reviewProse states table 四 in one sentence.
func reviewProse(rnd *rand.Rand, r *Report) string {
	c := r.Cells
	rev := c["review.review.total"]
	suits := c["review.suit_direct.total"] + c["review.suit_after_review.total"]
	switch {
	case rev == 0 && suits == 0:
		return pick(rnd, "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。", "全年未发生政府信息公开行政复议、行政诉讼案件。")
	case suits == 0:
		return "全年因政府信息公开工作被申请行政复议" + num(rev) + "件，未发生行政诉讼案件。"
	case rev == 0:
		return "全年未发生政府信息公开行政复议案件，被提起政府信息公开行政诉讼" + num(suits) + "件。"
	}
	if r.variant.phr[phTwoEnums] {
		// Two enumerations in one sentence: each total with its own parts.
		r.variant.used[phTwoEnums] = true
		return "全年因政府信息公开工作被申请行政复议" + num(rev) + "件，其中" + reviewParts(r, "review") +
			"；被提起行政诉讼" + num(suits) + "件，其中" + reviewParts(r, "suit_direct", "suit_after_review") + "。"
	}
	return "全年因政府信息公开工作被申请行政复议" + num(rev) + "件、被提起行政诉讼" + num(suits) + "件。"
}

// reviewParts lists the results of the review rows, summed over rows.
func reviewParts(r *Report, rows ...string) string {
	var said []string
	for _, col := range []struct{ key, label string }{{"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}, {"pending", "尚未审结"}} {
		n := 0.0
		for _, row := range rows {
			n += r.Cells["review."+row+"."+col.key]
		}
		if n > 0 {
			said = append(said, col.label+num(n)+"件")
		}
	}
	return strings.Join(said, "，")
}
