package validate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
)

// runIdentities checks the identities the profiles give to the pass's
// rule: the profiles, not the code, say which rule owns which identity.
// Each is evaluated per instance (column, row or group) only when every
// cell of the instance was read, so a truncated table gives an ST finding
// and never a false TB one.
func runIdentities(p *Pass) error {
	r := p.Rep
	for _, table := range normalize.TableKeys() {
		prof := r.Profile(table)
		if prof == nil || r.Tables[table] == nil || !r.Tables[table].Found {
			continue
		}
		for _, inst := range prof.Instances(table) {
			if inst.Identity.Rule != p.Rule.ID {
				continue
			}
			checkInstance(p, prof.Table(table), inst)
		}
	}
	return nil
}

func checkInstance(p *Pass, t *normalize.TableSpec, inst normalize.Instance) {
	r := p.Rep
	// sum adds up one side and shows it as the message quotes it: the
	// value alone, or the parts and their sum (3+1+0=4).
	sum := func(keys []string) (float64, bool) {
		total := 0.0
		for _, k := range keys {
			v, ok := r.Cell(k).Num()
			if !ok {
				return 0, false
			}
			total += v
		}
		return total, true
	}
	show := func(keys []string, total float64) string {
		if len(keys) == 1 {
			return fmtNum(total)
		}
		parts := make([]string, len(keys))
		for i, k := range keys {
			v, _ := r.Cell(k).Num()
			parts[i] = fmtNum(v)
		}
		return strings.Join(parts, "+") + "=" + fmtNum(total)
	}
	l, ok1 := sum(inst.Left)
	rt, ok2 := sum(inst.Right)
	if !ok1 || !ok2 || math.Abs(l-rt) < 1e-9 {
		return
	}
	left, right := show(inst.Left, l), show(inst.Right, rt)
	along := Msg{inst.Along, inst.Along}
	if c := t.Column(inst.Along); c != nil && inst.Identity.Each == "column" {
		along = Msg{"“" + c.Label + "”列", "column “" + c.En + "”"}
	} else if rs := t.Row(inst.Along); rs != nil {
		along = Msg{"“" + rs.Label + "”行", "row “" + rs.En + "”"}
	}
	diff := fmtNum(math.Abs(l - rt))
	msg := Msg{
		fmt.Sprintf("%s不满足“%s”：左边 %s，右边 %s，相差 %s", along.Zh, inst.Identity.Title, left, right, diff),
		fmt.Sprintf("%s, %s: identity %s fails: left %s, right %s, difference %s", p.label(t.Key).En, along.En, inst.Identity.ID, left, right, diff),
	}
	cells := append(append([]string{}, inst.Left...), inst.Right...)
	// On OCR text, say which cells were read with low confidence: the
	// sum may fail because a digit was misread, not because it is wrong.
	var doubtZh, doubtEn []string
	for _, k := range cells {
		if c, ok := r.Doc.MinConfidence(r.Cell(k).Span); ok && c < extract.LowConfidence {
			doubtZh, doubtEn = append(doubtZh, p.label(k).Zh), append(doubtEn, p.label(k).En)
		}
	}
	if len(doubtZh) > 0 {
		msg.Zh += fmt.Sprintf("；其中%s为 OCR 低置信度识别，可能是识别错误，请核对原件", strings.Join(doubtZh, "、"))
		msg.En += fmt.Sprintf("; %s read by OCR with low confidence: possibly a misread digit", strings.Join(doubtEn, "; "))
	}
	// The finding sits on the single cell of the shorter side (the total).
	primary := inst.Left[0]
	if len(inst.Right) < len(inst.Left) {
		primary = inst.Right[0]
	}
	var others []string
	for _, k := range cells {
		if k != primary {
			others = append(others, k)
		}
	}
	d := p.AtCell(r.Cell(primary)).Related(p.relatedCells(others, "参与计算的单元格：%s", "cell in the sum: %s")...)
	// When the total stands alone on its side, offer to correct it.
	if total := inst.Left[0]; len(inst.Left) == 1 && r.Cell(total).State == normalize.StateNumber {
		fix := replace(Msgf("将%s改为 %s", "set %s to %s", p.label(total), fmtNum(rt)), r.Cell(total).Span, fmtNum(rt))
		fix.Safe = onlyCandidate(r, t.Key, total, rt-l)
		d.Fix(fix)
	}
	d.Report(msg)
}

// onlyCandidate reports whether changing cell by delta alone is the one
// way to mend the identities of its table (of any rule) that involve it:
// every failing one is mended by delta, none that holds is broken, and no
// other cell could do the same without breaking one that holds. A total
// that also sits in an identity that holds leaves the parts as suspects
// too, and then which number is wrong is for a person to say.
func onlyCandidate(r *normalize.Report, table, cell string, delta float64) bool {
	prof := r.Profile(table)
	if prof == nil || r.Doc.OCR {
		return false
	}
	// need[k] is the change of k that mends every failing identity seen
	// so far; a cell absent from a failing identity cannot mend it.
	var cands map[string]float64
	failing := 0
	for _, inst := range prof.Instances(table) {
		var l, rt float64
		ok := true
		side := map[string]float64{} // +1 left, -1 right
		for _, k := range inst.Left {
			v, got := r.Cell(k).Num()
			ok = ok && got
			l += v
			side[k]++
		}
		for _, k := range inst.Right {
			v, got := r.Cell(k).Num()
			ok = ok && got
			rt += v
			side[k]--
		}
		if !ok {
			if side[cell] != 0 {
				return false // the cell's other identity cannot be checked
			}
			continue
		}
		gap := rt - l // a change x of k on the left mends it when x*side = gap
		switch {
		case math.Abs(gap) < 1e-9 && side[cell] != 0:
			return false // changing the cell would break this one
		case math.Abs(gap) < 1e-9, side[cell] == 0:
			// Holds, or fails apart from the cell: another error of its
			// own, not a rival for this one.
			continue
		}
		failing++
		next := map[string]float64{}
		for k, s := range side {
			if s == 0 {
				continue
			}
			x := gap / s
			if prev, seen := cands[k]; failing > 1 && (!seen || math.Abs(prev-x) > 1e-9) {
				continue
			}
			next[k] = x
		}
		cands = next
	}
	// Cells still in cands mend every failing identity; drop those that
	// would break one that holds.
	for k := range cands {
		if k == cell {
			continue
		}
		if breaksHolding(r, prof.Instances(table), k) {
			delete(cands, k)
		}
	}
	x, ok := cands[cell]
	return ok && len(cands) == 1 && math.Abs(x-delta) < 1e-9
}

// breaksHolding reports whether cell takes part in an identity of the
// table that holds (or cannot be checked), which a change of it would
// break.
func breaksHolding(r *normalize.Report, insts []normalize.Instance, cell string) bool {
	for _, inst := range insts {
		var l, rt float64
		ok, in := true, false
		for _, k := range inst.Left {
			v, got := r.Cell(k).Num()
			ok, in, l = ok && got, in || k == cell, l+v
		}
		for _, k := range inst.Right {
			v, got := r.Cell(k).Num()
			ok, in, rt = ok && got, in || k == cell, rt+v
		}
		if in && (!ok || math.Abs(rt-l) < 1e-9) {
			return true
		}
	}
	return false
}

func fmtNum(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// eachCell makes the Run of a rule that looks at every cell on its own,
// in key order.
func eachCell(check func(p *Pass, c *normalize.Cell)) func(*Pass) error {
	return func(p *Pass) error {
		for _, c := range sortedCells(p) {
			check(p, c)
		}
		return nil
	}
}

func negativeCount(p *Pass, c *normalize.Cell) {
	if c.State != normalize.StateNumber || *c.Value >= 0 || c.Spec.Col != nil && c.Spec.Col.Signed {
		return
	}
	p.AtCell(c).Reportf("%s为负数 %s", "%s is negative: %s", p.label(c.Key), fmtNum(*c.Value))
}

func fractionalCount(p *Pass, c *normalize.Cell) {
	if c.State != normalize.StateNumber || *c.Value == math.Trunc(*c.Value) || c.Spec.Col != nil && c.Spec.Col.Decimal {
		return
	}
	p.AtCell(c).Reportf("%s应为整数，实为 %s", "%s should be a whole number, is %s", p.label(c.Key), c.Raw)
}

func yuanAsWan(p *Pass, c *normalize.Cell) {
	if col := c.Spec.Col; col == nil || col.Unit != "万元" || c.State != normalize.StateNumber {
		return
	}
	v := *c.Value
	if c.Unit != "元" && v < 100000 {
		return
	}
	wan := fmtNum(v / 10000)
	p.AtCell(c).Fix(replace(Msgf("换算为万元：%s", "convert to 万元: %s", wan), c.Span, wan)).
		Reportf("%s为 %s，单位应为万元，疑似按元填写（折合 %s 万元）", "%s is %s in a 万元 column; probably yuan (= %s 万元)", p.label(c.Key), c.Raw, wan)
}

func unreadableCell(p *Pass, c *normalize.Cell) {
	if c.State != normalize.StateUnreadable {
		return
	}
	p.AtCell(c).Reportf("%s的内容“%s”不是数字", "%s holds %q, not a number", p.label(c.Key), c.Raw)
}
