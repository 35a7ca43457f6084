package validate

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
)

// identityRule makes a rule that checks the identities of the profiles
// naming it: each is evaluated per instance (column, row or group) only
// when every cell of the instance was read, so a truncated table gives an
// ST finding and never a false TB one.
func identityRule(id string, title Msg, doc Doc) *Rule {
	return &Rule{
		ID: id, Title: title, Severity: Error, Doc: doc,
		Run: func(p *Pass) error {
			r := p.Rep
			for _, table := range normalize.TableKeys() {
				prof := r.Profile(table)
				if prof == nil || r.Tables[table] == nil || !r.Tables[table].Found {
					continue
				}
				for _, inst := range prof.Instances(table) {
					if inst.Identity.Rule != id {
						continue
					}
					checkInstance(p, prof.Table(table), inst)
				}
			}
			return nil
		},
	}
}

func checkInstance(p *Pass, t *normalize.TableSpec, inst normalize.Instance) {
	r := p.Rep
	sum := func(keys []string) (float64, []string, bool) {
		total := 0.0
		var parts []string
		for _, k := range keys {
			v, ok := r.Cell(k).Num()
			if !ok {
				return 0, nil, false
			}
			total += v
			parts = append(parts, fmtNum(v))
		}
		return total, parts, true
	}
	l, lp, ok1 := sum(inst.Left)
	rt, rp, ok2 := sum(inst.Right)
	if !ok1 || !ok2 || math.Abs(l-rt) < 1e-9 {
		return
	}
	along := inst.Along
	alongZh, alongEn := along, along
	if c := t.Column(along); c != nil && inst.Identity.Each == "column" {
		alongZh, alongEn = "“"+c.Label+"”列", "column “"+c.En+"”"
	} else if rs := t.Row(along); rs != nil {
		alongZh, alongEn = "“"+rs.Label+"”行", "row “"+rs.En+"”"
	}
	// The finding sits on the single cell of the shorter side (the total).
	primary := inst.Left[0]
	if len(inst.Right) < len(inst.Left) {
		primary = inst.Right[0]
	}
	var related []Related
	for _, k := range append(append([]string{}, inst.Left...), inst.Right...) {
		if k == primary {
			continue
		}
		related = append(related, Related{Span: r.Cell(k).Span, Key: k, Message: Msg{"参与计算的单元格：" + p.label(k).Zh, "cell in the sum: " + p.label(k).En}})
	}
	side := func(keys, parts []string, v float64) string {
		if len(parts) == 1 {
			return fmtNum(v)
		}
		return strings.Join(parts, "+") + "=" + fmtNum(v)
	}
	diff := l - rt
	f := Finding{
		Span: r.Cell(primary).Span, Key: primary, Section: t.Section,
		Message: Msg{
			fmt.Sprintf("%s不满足“%s”：左边 %s，右边 %s，相差 %s", alongZh, inst.Identity.Title, side(inst.Left, lp, l), side(inst.Right, rp, rt), fmtNum(math.Abs(diff))),
			fmt.Sprintf("%s, %s: identity %s fails: left %s, right %s, difference %s", p.label(t.Key).En, alongEn, inst.Identity.ID, side(inst.Left, lp, l), side(inst.Right, rp, rt), fmtNum(math.Abs(diff))),
		},
		Related: related,
	}
	// On OCR text, say which cells were read with low confidence: the
	// sum may fail because a digit was misread, not because it is wrong.
	var doubtZh, doubtEn []string
	for _, k := range append(append([]string{}, inst.Left...), inst.Right...) {
		if c, ok := r.Doc.MinConfidence(r.Cell(k).Span); ok && c < extract.LowConfidence {
			doubtZh, doubtEn = append(doubtZh, p.label(k).Zh), append(doubtEn, p.label(k).En)
		}
	}
	if len(doubtZh) > 0 {
		f.Message.Zh += fmt.Sprintf("；其中%s为 OCR 低置信度识别，可能是识别错误，请核对原件", strings.Join(doubtZh, "、"))
		f.Message.En += fmt.Sprintf("; %s read by OCR with low confidence: possibly a misread digit", strings.Join(doubtEn, "; "))
	}
	// When the total stands alone on its side, offer to correct it.
	if len(inst.Left) == 1 && r.Cell(inst.Left[0]).State == normalize.StateNumber {
		f.Fixes = append(f.Fixes, Fix{
			Message: Msg{fmt.Sprintf("将%s改为 %s", p.label(inst.Left[0]).Zh, fmtNum(rt)), fmt.Sprintf("set %s to %s", p.label(inst.Left[0]).En, fmtNum(rt))},
			Edits:   []Edit{{Span: r.Cell(inst.Left[0]).Span, NewText: fmtNum(rt)}},
		})
	}
	p.Report(f)
}

func fmtNum(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

var (
	balanceRule = identityRule("TB101",
		Msg{"申请数量勾稽关系不成立", "requests balance identity fails"},
		Doc{
			Text: Msg{
				"表三每一列必须满足：第一项（本年新收）加第二项（上年结转）之和，等于第三项（本年度办理结果总计）加第四项（结转下年度继续办理）之和。",
				"In every column of table 三: new + carried over = total handled + carried forward.",
			},
			Before: Msg{"新收 10、结转 2，办结总计 9、结转下年 2：10+2=12 ≠ 9+2=11。", "new 10, carried over 2; handled 9, carried forward 2: 10+2=12 ≠ 9+2=11."},
			After:  Msg{"核对各项数字，使两边相等，如办结总计实为 10：10+2=10+2=12。", "check the figures until both sides agree, e.g. handled 10: 12 = 12."},
		})
	outcomesRule = identityRule("TB102",
		Msg{"办理结果总计与分项之和不符", "outcome total differs from its parts"},
		Doc{
			Text: Msg{
				"表三每一列的“（七）总计”必须等于（一）至（六）各项办理结果之和。",
				"In every column of table 三, (七) total equals the sum of outcomes (一)–(六).",
			},
			Before: Msg{"予以公开 3、部分公开 1、不予公开 0、无法提供 2，总计却填 5。", "granted 3, partly granted 1, refused 0, unavailable 2, total 5."},
			After:  Msg{"改正总计或分项：总计填 6。", "total 6 (or correct the parts)."},
		})
	applicantsRule = identityRule("TB103",
		Msg{"申请人总计与各类申请人之和不符", "row total differs from the applicants"},
		Doc{
			Text: Msg{
				"表三每一行的“总计”必须等于自然人与五类法人或其他组织之和。",
				"In every row of table 三, the total column equals the sum of the six applicant columns.",
			},
			Before: Msg{"自然人 58、商业企业 7、法律服务机构 1，总计却填 65（应为 66）。", "natural persons 58, businesses 7, legal services 1, total 65."},
			After:  Msg{"改正总计：总计填 66。", "total 66."},
		})
	reviewRule = identityRule("TB104",
		Msg{"复议诉讼总计与分项之和不符", "review/suit total differs from its parts"},
		Doc{
			Text: Msg{
				"表四中行政复议、未经复议直接起诉、复议后起诉三组，各组“总计”必须等于结果维持、结果纠正、其他结果、尚未审结之和。",
				"In table 四, each group's total equals upheld + corrected + other + pending.",
			},
			Before: Msg{"行政复议 10 1 0 0 总计 0（应为 11）。", "行政复议 10 1 0 0 total 0."},
			After:  Msg{"改正总计，或检查数字是否错列：行政复议 10 1 0 0 总计 11。", "行政复议 10 1 0 0 total 11 (or move misplaced numbers)."},
		})
)

// cellRule makes a rule that looks at every cell on its own: check
// returns the message (and any fixes) for a cell that breaks the rule, or
// nil. The finding sits on the cell, in its table's section.
func cellRule(id string, sev Severity, title Msg, doc Doc, check func(p *Pass, c *normalize.Cell, col *normalize.ColSpec) *Finding) *Rule {
	return &Rule{ID: id, Title: title, Severity: sev, Doc: doc,
		Run: func(p *Pass) error {
			eachCell(p.Rep, func(c *normalize.Cell, col *normalize.ColSpec) {
				if f := check(p, c, col); f != nil {
					f.Span, f.Key, f.Section = c.Span, c.Key, sectionOf(p.Rep, c.Table)
					p.Report(*f)
				}
			})
			return nil
		}}
}

var negativeCount = cellRule("TB105", Error, Msg{"表格数值为负数", "negative value"},
	Doc{
		Text: Msg{
			"件数、金额都不可能为负（仅 2019 版“本年增/减”列可为负）。",
			"Counts and amounts cannot be negative (only the 2019 change column may be).",
		},
		Before: Msg{"予以公开 -1。", "予以公开 -1"},
		After:  Msg{"改为实际数字，如予以公开 1。", "the real count, e.g. 予以公开 1."},
	},
	func(p *Pass, c *normalize.Cell, col *normalize.ColSpec) *Finding {
		if c.State != normalize.StateNumber || *c.Value >= 0 || col != nil && col.Signed {
			return nil
		}
		l := p.label(c.Key)
		return &Finding{Message: Msg{fmt.Sprintf("%s为负数 %s", l.Zh, fmtNum(*c.Value)), fmt.Sprintf("%s is negative: %s", l.En, fmtNum(*c.Value))}}
	})

var fractionalCount = cellRule("TB106", Error, Msg{"件数不是整数", "count is not a whole number"},
	Doc{
		Text: Msg{
			"件数、项数只能是整数；只有金额（万元）可以有小数。",
			"Counts are whole numbers; only amounts may have decimals.",
		},
		Before: Msg{"本年新收申请 2.5。", "本年新收申请 2.5"},
		After:  Msg{"改为整数（实际件数，如 2 或 3）。", "a whole number (the real count, e.g. 2 or 3)."},
	},
	func(p *Pass, c *normalize.Cell, col *normalize.ColSpec) *Finding {
		if c.State != normalize.StateNumber || *c.Value == math.Trunc(*c.Value) || col != nil && col.Decimal {
			return nil
		}
		l := p.label(c.Key)
		return &Finding{Message: Msg{fmt.Sprintf("%s应为整数，实为 %s", l.Zh, c.Raw), fmt.Sprintf("%s should be a whole number, is %s", l.En, c.Raw)}}
	})

var yuanAsWan = cellRule("TB107", Warning, Msg{"万元金额疑似按元填写", "amount in 万元 looks like 元"},
	Doc{
		Text: Msg{
			"“本年收费金额（单位：万元）”以万元计。单个机关填出十万以上（即十亿元以上）的数，几乎总是把元填进了万元栏；单元格里写明“元”也是同样问题。",
			"The fee amount is in 万元 (10,000 yuan); a value of 100,000 or more, or one marked 元, was almost surely written in yuan.",
		},
		Before: Msg{"收费金额 1250000（应为 125 万元）。", "fee amount 1250000 (that is 125 万元)."},
		After:  Msg{"换算为万元：收费金额 125。", "fee amount 125."},
	},
	func(p *Pass, c *normalize.Cell, col *normalize.ColSpec) *Finding {
		if col == nil || col.Unit != "万元" || c.State != normalize.StateNumber {
			return nil
		}
		v := *c.Value
		if c.Unit != "元" && v < 100000 {
			return nil
		}
		l := p.label(c.Key)
		return &Finding{
			Message: Msg{fmt.Sprintf("%s为 %s，单位应为万元，疑似按元填写（折合 %s 万元）", l.Zh, c.Raw, fmtNum(v/10000)),
				fmt.Sprintf("%s is %s in a 万元 column; probably yuan (= %s 万元)", l.En, c.Raw, fmtNum(v/10000))},
			Fixes: []Fix{{Message: Msg{"换算为万元：" + fmtNum(v/10000), "convert to 万元: " + fmtNum(v/10000)},
				Edits: []Edit{{Span: c.Span, NewText: fmtNum(v / 10000)}}}},
		}
	})

var unreadableCell = cellRule("TB108", Error, Msg{"单元格不是数字", "cell is not a number"},
	Doc{
		Text: Msg{
			"统计表的单元格应填数字（无数据填 0）。写成文字或夹杂字母（如字母 O 代替 0）的单元格无法统计。",
			"Table cells must hold numbers; text or letters (O for 0) cannot be counted.",
		},
		Before: Msg{"“l2”。", "“l2” (letter l for 1)"},
		After:  Msg{"改为数字：“12”。", "12"},
	},
	func(p *Pass, c *normalize.Cell, col *normalize.ColSpec) *Finding {
		if c.State != normalize.StateUnreadable {
			return nil
		}
		l := p.label(c.Key)
		return &Finding{Message: Msg{fmt.Sprintf("%s的内容“%s”不是数字", l.Zh, c.Raw), fmt.Sprintf("%s holds %q, not a number", l.En, c.Raw)}}
	})

// eachCell calls fn for every cell in key order, with its column spec.
func eachCell(r *normalize.Report, fn func(*normalize.Cell, *normalize.ColSpec)) {
	keys := make([]string, 0, len(r.Cells))
	for k := range r.Cells {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := r.Cells[k]
		fn(c, c.Spec.Col)
	}
}

func sortStrings(s []string) { sort.Strings(s) }
