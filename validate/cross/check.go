package cross

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Finding is one problem found across reports. It is on one report (the
// later year's, or the summary's) and points at the places in the others.
type Finding struct {
	Rule     *validate.Rule
	Severity validate.Severity
	Path     string // the report it is on
	Key      string // cell key, or table key for a whole table; "" for a section
	Section  string // section key, when it is about a section
	Line     int    // where in that report, 1-based; 0 unknown
	Column   int
	Page     int
	Message  validate.Msg
	Related  []Related
}

// Related is a place in another report that takes part in a finding.
type Related struct {
	Path    string
	Key     string
	Line    int
	Column  int
	Page    int
	Message validate.Msg
}

// Options select the rules and their severities.
type Options struct {
	Rules    []*validate.Rule // the cross rules to run; nil: all of validate.Cross
	Severity map[string]validate.Severity
}

func (o Options) on(r *validate.Rule) bool {
	return o.Rules == nil || slices.Contains(o.Rules, r)
}

// checker collects the findings of one Check, and keeps what it works
// out of a report once: its tables' non-zero cells, its sections' prose.
type checker struct {
	opts     Options
	findings []Finding
	tables   map[*Report]map[string]map[string]float64
	prose    map[*Report]map[string]*prose
	agencies map[*Report]agency
}

// agency is what a report's region and agency name say: its Key, the
// division it belongs to, and whether it is that division's government.
type agency struct {
	key, division string
	government    bool
}

// agency works out r's agency once per Check.
func (c *checker) agency(r *Report) agency {
	if a, ok := c.agencies[r]; ok {
		return a
	}
	code, name := place(r.Region, r.Agency)
	a := agency{division: code}
	if code != "" {
		a.key = code + "|" + name
		a.government = isGovernment(name)
	}
	if c.agencies == nil {
		c.agencies = map[*Report]agency{}
	}
	c.agencies[r] = a
	return a
}

// report records a finding of rule r at the rule's severity, or the one
// the run sets for it.
func (c *checker) report(r *validate.Rule, f Finding) {
	f.Severity = 0
	c.reportAt(r, f)
}

// reportAt is report keeping a severity the rule chose for this finding
// (a roll-up with units missing is a note), unless the run sets one.
func (c *checker) reportAt(r *validate.Rule, f Finding) {
	if !c.opts.on(r) {
		return
	}
	f.Rule = r
	if f.Severity == 0 {
		f.Severity = r.Severity
	}
	if s, ok := c.opts.Severity[r.ID]; ok {
		f.Severity = s
	}
	c.findings = append(c.findings, f)
}

// Check runs the cross-report rules over reports: each agency's reports
// of consecutive years against each other, and the reports of one year
// against each other. Reports are paired by Report.Key; an agency with
// two reports for one year is reported (CR100) and left out, never
// guessed. Findings are sorted by path, position and rule.
func Check(reports []*Report, opts Options) []Finding {
	c := &checker{opts: opts}
	years := series(c, reports)
	keys := make([]string, 0, len(years))
	for k := range years {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		byYear := years[k]
		for y, cur := range byYear {
			if prev, ok := byYear[y-1]; ok {
				c.pair(prev, cur)
			}
		}
	}
	c.sameYear(years)
	c.rollUp(reports, years)
	sortFindings(c.findings)
	return c.findings
}

// series groups the reports by agency and year, reporting and dropping
// the years an agency has more than one report for.
func series(c *checker, reports []*Report) map[string]map[int]*Report {
	all := map[string]map[int][]*Report{}
	for _, r := range reports {
		k := c.agency(r).key
		if k == "" || r.Year == 0 {
			continue
		}
		if all[k] == nil {
			all[k] = map[int][]*Report{}
		}
		all[k][r.Year] = append(all[k][r.Year], r)
	}
	out := map[string]map[int]*Report{}
	for k, byYear := range all {
		out[k] = map[int]*Report{}
		for y, rs := range byYear {
			if len(rs) == 1 {
				out[k][y] = rs[0]
				continue
			}
			for _, r := range rs {
				var rel []Related
				var paths []string
				for _, o := range rs {
					if o != r {
						rel = append(rel, Related{Path: o.Path, Message: validate.Msg{Zh: "同一机关同一年度的另一份报告", En: "another report of the agency for the year"}})
						paths = append(paths, o.Path)
					}
				}
				c.report(validate.AmbiguousAgency, Finding{Path: r.Path, Line: 1, Column: 1, Related: rel,
					Message: validate.Msg{
						Zh: fmt.Sprintf("%s %d 年度另有报告 %s，无法确定用哪一份，未做跨年度核对", r.Agency, y, strings.Join(paths, "、")),
						En: fmt.Sprintf("%s has another report for %d (%s); left out of the cross-year checks", r.Agency, y, strings.Join(paths, ", ")),
					}})
			}
		}
	}
	return out
}

// pair checks an agency's report of a year against the year before.
func (c *checker) pair(prev, cur *Report) {
	c.chains(prev, cur)
	c.copiedTables(prev, cur)
	c.copiedText(prev, cur)
}

// chains checks the profile's chains (CR101, CR102) of the later report's
// template, where both reports have the cells.
func (c *checker) chains(prev, cur *Report) {
	p := normalize.ProfileFor(cur.Template)
	if p == nil {
		return
	}
	for _, ch := range p.Chains {
		rule := validate.Lookup(ch.Rule)
		if rule == nil {
			continue
		}
		for _, in := range ch.Instances(p) {
			this, ok1 := cur.Cells[in.This]
			before, ok2 := prev.Cells[in.Previous]
			if !ok1 || !ok2 {
				continue
			}
			tv, ok1 := this.Num()
			pv, ok2 := before.Num()
			if !ok1 || !ok2 || this.State == string(normalize.StateMissing) {
				continue
			}
			want, ok := pv, true
			var plus, minus []float64
			for _, k := range in.Plus {
				v, vok := cur.Cells[k].Num()
				ok = ok && vok
				want += v
				plus = append(plus, v)
			}
			for _, k := range in.Minus {
				v, vok := cur.Cells[k].Num()
				ok = ok && vok
				want -= v
				minus = append(minus, v)
			}
			if !ok || tv == want {
				continue
			}
			c.report(rule, c.chainFinding(rule, in, prev, cur, tv, pv, want, plus, minus))
		}
	}
}

func (c *checker) chainFinding(rule *validate.Rule, in normalize.ChainInstance, prev, cur *Report, tv, pv, want float64, plus, minus []float64) Finding {
	label := func(key string) normalize.Label { return normalize.KeyLabel(cur.Template, key) }
	prevLabel := normalize.KeyLabel(prev.Template, in.Previous)
	cell := cur.Cells[in.This]
	f := Finding{Path: cur.Path, Key: in.This, Line: cell.Line, Column: cell.Column, Page: cell.Page}
	pc := prev.Cells[in.Previous]
	f.Related = append(f.Related, Related{Path: prev.Path, Key: in.Previous, Line: pc.Line, Column: pc.Column, Page: pc.Page,
		Message: validate.Msg{Zh: fmt.Sprintf("%d 年度报告%s：%s", prev.Year, prevLabel.Zh, num(pv)), En: fmt.Sprintf("%d report, %s: %s", prev.Year, prevLabel.En, num(pv))}})
	if len(plus) == 0 && len(minus) == 0 {
		f.Message = validate.Msg{
			Zh: fmt.Sprintf("%s为 %s，而 %d 年度报告%s为 %s", label(in.This).Zh, num(tv), prev.Year, prevLabel.Zh, num(pv)),
			En: fmt.Sprintf("%s is %s, but the %d report's %s is %s", label(in.This).En, num(tv), prev.Year, prevLabel.En, num(pv)),
		}
		return f
	}
	var zh, en strings.Builder
	fmt.Fprintf(&zh, "%s为 %s，而 %d 年度的 %s", label(in.This).Zh, num(tv), prev.Year, num(pv))
	fmt.Fprintf(&en, "%s is %s, but %d's %s", label(in.This).En, num(tv), prev.Year, num(pv))
	for i, k := range in.Plus {
		fmt.Fprintf(&zh, " 加本年%s %s", shortLabel(label(k).Zh), num(plus[i]))
		fmt.Fprintf(&en, " plus %s %s", label(k).En, num(plus[i]))
	}
	for i, k := range in.Minus {
		fmt.Fprintf(&zh, " 减本年%s %s", shortLabel(label(k).Zh), num(minus[i]))
		fmt.Fprintf(&en, " minus %s %s", label(k).En, num(minus[i]))
	}
	fmt.Fprintf(&zh, " 得 %s；如有集中清理或失效，请在正文中说明", num(want))
	fmt.Fprintf(&en, " gives %s; if documents were cleaned up or lapsed, say so in the text", num(want))
	f.Message = validate.Msg{Zh: zh.String(), En: en.String()}
	return f
}

// shortLabel keeps the column of a cell label (表二“规章”行“本年废止件数”列
// → “本年废止件数”), which is what a sentence about one row needs.
func shortLabel(s string) string {
	if i := strings.LastIndex(s, "行“"); i >= 0 {
		return strings.TrimSuffix(s[i+len("行"):], "列")
	}
	return s
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// sortFindings orders findings by path, line, column, rule and key, so
// that output is the same on every run.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.Rule.ID != b.Rule.ID:
			return a.Rule.ID < b.Rule.ID
		case a.Key != b.Key:
			return a.Key < b.Key
		}
		return a.Message.Zh < b.Message.Zh
	})
}
