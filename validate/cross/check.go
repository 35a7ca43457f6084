package cross

import (
	"fmt"
	"maps"
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

// checker collects the findings of one Check, and keeps the prose of the
// reports of the pair it is on (see copiedText).
type checker struct {
	opts     Options
	findings []Finding
	// The cells and prose of the reports of the pair at hand: each
	// report is in two pairs, with the year before and the year after.
	cells map[*Digest]cells
	prose map[*Digest]map[string]*prose
	err   error // the first part of a digest that could not be read back
}

// load unpacks the cells of r.
func (c *checker) load(r *Digest) cells { return c.loadInto(r, nil) }

// loadInto is load reusing buf.
func (c *checker) loadInto(r *Digest, buf cells) cells {
	cs, err := r.cellsInto(buf)
	if err != nil && c.err == nil {
		c.err = err
	}
	return cs
}

// cellsOf is load keeping the cells while r is in the pair at hand.
func (c *checker) cellsOf(r *Digest) cells {
	if cs, ok := c.cells[r]; ok {
		return cs
	}
	cs := c.load(r)
	if c.cells == nil {
		c.cells = map[*Digest]cells{}
	}
	c.cells[r] = cs
	return cs
}

// keepOnly forgets the cells and prose of every report but prev and cur.
func (c *checker) keepOnly(prev, cur *Digest) {
	for r := range c.cells {
		if r != prev && r != cur {
			delete(c.cells, r)
		}
	}
	for r := range c.prose {
		if r != prev && r != cur {
			delete(c.prose, r)
		}
	}
}

// agency is what a report's region and agency name say: its Key, the
// division it belongs to, and whether it is that division's government.
type agency struct {
	key, division string
	government    bool
}

// agency is r's agency, worked out when r was digested.
func (c *checker) agency(r *Digest) agency { return r.ag }

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
	ds := make([]*Digest, len(reports))
	for i, r := range reports {
		ds[i] = r.Digest()
	}
	fs, _ := CheckDigests(ds, opts) // the texts are held: nothing to read
	return fs
}

// CheckDigests is Check over digests; an error says a section's text
// could not be read back from its TextStore.
func CheckDigests(reports []*Digest, opts Options) ([]Finding, error) {
	c := &checker{opts: opts}
	years := series(c, reports)
	keys := make([]string, 0, len(years))
	for k := range years {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		byYear := years[k]
		// Year by year, so that only the prose of the pair at hand is
		// kept (see copiedText).
		for _, y := range slices.Sorted(maps.Keys(byYear)) {
			if prev, ok := byYear[y-1]; ok {
				c.pair(prev, byYear[y])
			}
		}
		c.cells, c.prose = nil, nil
	}
	c.sameYear(years)
	c.rollUp(reports, years)
	sortFindings(c.findings)
	return c.findings, c.err
}

// series groups the reports by agency and year, reporting and dropping
// the years an agency has more than one report for.
func series(c *checker, reports []*Digest) map[string]map[int]*Digest {
	all := map[string]map[int][]*Digest{}
	for _, r := range reports {
		k := c.agency(r).key
		if k == "" || r.year == 0 {
			continue
		}
		if all[k] == nil {
			all[k] = map[int][]*Digest{}
		}
		all[k][r.year] = append(all[k][r.year], r)
	}
	out := map[string]map[int]*Digest{}
	for k, byYear := range all {
		out[k] = map[int]*Digest{}
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
						rel = append(rel, Related{Path: o.path, Message: validate.Msg{Zh: "同一机关同一年度的另一份报告", En: "another report of the agency for the year"}})
						paths = append(paths, o.path)
					}
				}
				c.report(validate.AmbiguousAgency, Finding{Path: r.path, Line: 1, Column: 1, Related: rel,
					Message: validate.Msg{
						Zh: fmt.Sprintf("%s %d 年度另有报告 %s，无法确定用哪一份，未做跨年度核对", r.agencyName, y, strings.Join(paths, "、")),
						En: fmt.Sprintf("%s has another report for %d (%s); left out of the cross-year checks", r.agencyName, y, strings.Join(paths, ", ")),
					}})
			}
		}
	}
	return out
}

// pair checks an agency's report of a year against the year before.
func (c *checker) pair(prev, cur *Digest) {
	c.keepOnly(prev, cur)
	c.chains(prev, cur)
	c.copiedTables(prev, cur)
	c.copiedText(prev, cur)
}

// chains checks the profile's chains (CR101, CR102) of the later report's
// template, where both reports have the cells.
func (c *checker) chains(prev, cur *Digest) {
	p := normalize.ProfileFor(cur.template)
	if p == nil {
		return
	}
	pcs, ccs := c.cellsOf(prev), c.cellsOf(cur)
	for _, ch := range p.Chains {
		rule := validate.Lookup(ch.Rule)
		if rule == nil {
			continue
		}
		for _, in := range ch.Instances(p) {
			this, ok1 := ccs.cell(in.This)
			before, ok2 := pcs.cell(in.Previous)
			if !ok1 || !ok2 {
				continue
			}
			tv, pv := this.v, before.v
			want, ok := pv, true
			var plus, minus []float64
			for _, k := range in.Plus {
				v, vok := ccs.num(k)
				ok = ok && vok
				want += v
				plus = append(plus, v)
			}
			for _, k := range in.Minus {
				v, vok := ccs.num(k)
				ok = ok && vok
				want -= v
				minus = append(minus, v)
			}
			if !ok || tv == want {
				continue
			}
			c.report(rule, c.chainFinding(in, prev, cur, this, before, tv, pv, want, plus, minus))
		}
	}
}

func (c *checker) chainFinding(in normalize.ChainInstance, prev, cur *Digest, cell, pc cell, tv, pv, want float64, plus, minus []float64) Finding {
	label := func(key string) normalize.Label { return normalize.KeyLabel(cur.template, key) }
	prevLabel := normalize.KeyLabel(prev.template, in.Previous)
	f := Finding{Path: cur.path, Key: in.This, Line: int(cell.line), Column: int(cell.col), Page: int(cell.page)}
	f.Related = append(f.Related, Related{Path: prev.path, Key: in.Previous, Line: int(pc.line), Column: int(pc.col), Page: int(pc.page),
		Message: validate.Msg{Zh: fmt.Sprintf("%d 年度报告%s：%s", prev.year, prevLabel.Zh, num(pv)), En: fmt.Sprintf("%d report, %s: %s", prev.year, prevLabel.En, num(pv))}})
	if len(plus) == 0 && len(minus) == 0 {
		f.Message = validate.Msg{
			Zh: fmt.Sprintf("%s为 %s，而 %d 年度报告%s为 %s", label(in.This).Zh, num(tv), prev.year, prevLabel.Zh, num(pv)),
			En: fmt.Sprintf("%s is %s, but the %d report's %s is %s", label(in.This).En, num(tv), prev.year, prevLabel.En, num(pv)),
		}
		return f
	}
	var zh, en strings.Builder
	fmt.Fprintf(&zh, "%s为 %s，而 %d 年度的 %s", label(in.This).Zh, num(tv), prev.year, num(pv))
	fmt.Fprintf(&en, "%s is %s, but %d's %s", label(in.This).En, num(tv), prev.year, num(pv))
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
