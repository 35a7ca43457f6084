package cross

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// summaryTitle marks a government's summary report: its title speaks for
// the whole area (全市, 全区, 全县). A government's report without it may
// count its own office only, and is not summed against anyone.
var summaryTitle = lazyre.New(`全(市|区|县|旗|州|盟)`)

// rollUp checks each summary report against the sum of its units' reports
// of the same year in the batch (CR106): its government's departments
// (same region, another agency) and the governments of the divisions
// directly below. Counts are never negative, so the units present give a
// lower bound: a summary below their sum is wrong whatever else is
// missing. A summary above it may count units the batch lacks: the
// divisions below with no report (listed), or departments, which no list
// names. Only the first, with no division missing, is an error; the rest
// are notes.
func (c *checker) rollUp(reports []*Digest, years map[string]map[int]*Digest) {
	byYear := map[int][]*Digest{}
	for _, ys := range years {
		for y, r := range ys {
			byYear[y] = append(byYear[y], r)
		}
	}
	for _, s := range reports {
		sa := c.agency(s)
		if !sa.government || !s.summary || years[sa.key][s.year] != s {
			continue
		}
		code := sa.division
		div := names.ByCode(code)
		var units []*Digest
		covered := map[string]bool{}
		for _, u := range byYear[s.year] {
			ua := c.agency(u)
			uc := ua.division
			switch {
			case u == s:
			case uc == code && !ua.government:
				units = append(units, u)
			case ua.government && div != nil && slices.ContainsFunc(div.Children(), func(d *names.Division) bool { return d.Code == uc }):
				units = append(units, u)
				covered[uc] = true
			}
		}
		if len(units) < 2 {
			continue
		}
		slices.SortFunc(units, func(a, b *Digest) int { return strings.Compare(a.path, b.path) })
		var missing []string
		if div != nil {
			for _, d := range div.Children() {
				if !covered[d.Code] {
					missing = append(missing, d.Name)
				}
			}
		}
		c.compareSum(s, units, missing)
	}
}

// isGovernment reports whether an agency, by its name with the places
// taken off and folded (see AgencyKey), is a government's own, not a
// department: 政府. The suffixes catch a township whose name the
// divisions data does not know.
func isGovernment(name string) bool {
	return name == government || strings.HasSuffix(name, "街道办") || strings.HasSuffix(name, "镇政府") || strings.HasSuffix(name, "乡政府")
}

// compareSum reports each total cell of the rolled-up tables where the
// summary differs from the units' sum.
func (c *checker) compareSum(s *Digest, units []*Digest, missing []string) {
	p := normalize.ProfileFor(s.template)
	if p == nil {
		return
	}
	scs := c.load(s)
	ucs := make([]cells, len(units))
	for i, u := range units {
		ucs[i] = c.load(u)
	}
	for _, table := range p.RollUp {
		t := p.Table(table)
		if t == nil {
			continue
		}
		for _, row := range t.Rows {
			key := table + "." + row.Key + ".total"
			sc, ok := scs.cell(key)
			if !ok {
				continue
			}
			sv := sc.v
			sum, all := 0.0, true
			for i := range units {
				v, ok := ucs[i].num(key)
				all = all && ok
				sum += v
			}
			if !all || sum == sv {
				continue
			}
			label := normalize.KeyLabel(s.template, key)
			f := Finding{Path: s.path, Key: key, Line: int(sc.line), Column: int(sc.col), Page: int(sc.page), Severity: validate.Info,
				Message: validate.Msg{
					Zh: fmt.Sprintf("汇总报告%s为 %s，而批次中 %d 个所属单位报告之和为 %s", label.Zh, num(sv), len(units), num(sum)),
					En: fmt.Sprintf("the summary's %s is %s, but the %d unit reports in the batch add up to %s", label.En, num(sv), len(units), num(sum)),
				}}
			switch {
			case len(missing) > 0:
				f.Message.Zh += fmt.Sprintf("；批次中缺少 %s 的报告，差额可能来自这些单位", strings.Join(missing, "、"))
				f.Message.En += fmt.Sprintf("; the batch lacks the reports of %s, which may explain it", strings.Join(missing, ", "))
			case sv < sum:
				f.Severity = validate.RollUp.Severity
				f.Message.Zh += "；汇总数小于批次中已有单位之和，汇总或某个单位的数字有误"
				f.Message.En += "; the summary is below what the units present already count, so it or a unit is wrong"
			default:
				f.Message.Zh += "；差额可能来自批次中没有的部门报告"
				f.Message.En += "; departments whose reports the batch lacks may explain it"
			}
			for i, u := range units {
				uc, _ := ucs[i].cell(key)
				v := uc.v
				f.Related = append(f.Related, Related{Path: u.path, Key: key, Line: int(uc.line), Column: int(uc.col), Page: int(uc.page),
					Message: validate.Msg{Zh: fmt.Sprintf("%s：%s", u.agencyName, num(v)), En: fmt.Sprintf("%s: %s", u.agencyName, num(v))}})
			}
			c.reportAt(validate.RollUp, f)
		}
	}
}
