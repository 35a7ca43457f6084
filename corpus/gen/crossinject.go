package gen

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// CrossKind is a kind of error that shows only across reports, which
// series (GenerateSeries) and roll-up groups (GenerateGroup) plant.
type CrossKind int

const (
	Duplicate       CrossKind = iota + 1 // the report of a year twice, in two formats, its name written two ways: CR100 on both
	CarryOverBroken                      // 上年结转 not last year's 结转下年度 in one column: CR101
	ChainBroken                          // 现行有效 off, the wrong count carried on in later years: CR102 once
	TextCopied                           // 一 or 五 copied from last year's report, the year changed: CR103
	TableCopied                          // a table of last year's report printed again: CR104
	TableShared                          // another agency's report of the year prints one of its tables: CR105 on both
	RollUpOff                            // a summary's row off the sum of its units: CR106, an error when below the sum
	RollUpMissing                        // a right summary whose batch lacks some units: CR106 notes, no error
)

// CrossKinds lists every kind, in the order tables print them.
var CrossKinds = []CrossKind{Duplicate, CarryOverBroken, ChainBroken, TextCopied, TableCopied, TableShared, RollUpOff, RollUpMissing}

var crossKindNames = map[CrossKind]string{
	Duplicate: "duplicate report", CarryOverBroken: "carry-over broken", ChainBroken: "in-force chain broken",
	TextCopied: "text copied", TableCopied: "table copied", TableShared: "table shared", RollUpOff: "roll-up off",
	RollUpMissing: "roll-up, units missing",
}

func (k CrossKind) String() string {
	if s, ok := crossKindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("CrossKind(%d)", int(k))
}

// Group reports whether k is planted in a roll-up group, not a series.
func (k CrossKind) Group() bool { return k == RollUpOff || k == RollUpMissing }

// Want is a finding across reports an error causes. A finding matches
// when its rule is Rule, it is on Report, its key is Key or a cell of the
// row or table Key names, its section is Section and its severity
// Severity; empty fields are not checked.
type Want struct {
	Rule     string
	Report   *Report
	Key      string
	Section  string
	Severity validate.Severity
}

// Match reports whether f is the wanted finding; path gives the path a
// report was written to.
func (w Want) Match(f cross.Finding, path func(*Report) string) bool {
	switch {
	case f.Rule.ID != w.Rule, f.Path != path(w.Report):
		return false
	case w.Key != "" && f.Key != w.Key && !strings.HasPrefix(f.Key, w.Key+"."):
		return false
	case w.Section != "" && f.Section != w.Section:
		return false
	}
	return w.Severity == 0 || f.Severity == w.Severity
}

// CrossExpected is what a planted error across reports must give.
type CrossExpected struct {
	Kind    CrossKind
	Applied bool // false when the reports offered no place for the error
	Detail  string
	Want    []Want // every one must be found
	Allowed []Want // findings the error may rightly cause too
}

// Found reports whether fs hold every wanted finding.
func (e CrossExpected) Found(fs []cross.Finding, path func(*Report) string) bool {
	if !e.Applied {
		return false
	}
	for _, w := range e.Want {
		if !slices.ContainsFunc(fs, func(f cross.Finding) bool { return w.Match(f, path) }) {
			return false
		}
	}
	return true
}

// Explains reports whether f is a finding the error accounts for.
func (e CrossExpected) Explains(f cross.Finding, path func(*Report) string) bool {
	match := func(w Want) bool { return w.Match(f, path) }
	return e.Applied && (slices.ContainsFunc(e.Want, match) || slices.ContainsFunc(e.Allowed, match))
}

// evidence counts the non-zero cells of a table of r that are neither a
// total (the one cell on the left of an identity) nor a running count
// carried from last year's same cell, and weighs them in bits, log₂(n+1)
// for a count n (an amount in hundredths): what CR104 and CR105 document
// a copy must share to be told from chance.
func evidence(r *Report, table string) (parts int, bits float64) {
	p := normalize.ProfileFor(r.Template)
	fixed := p.Derived()
	for _, k := range p.Table(table).CellKeys() {
		v := math.Abs(r.Cells[k])
		if v == 0 || fixed[k] {
			continue
		}
		parts++
		if v != math.Trunc(v) {
			v *= 100
		}
		bits += math.Log2(v + 1)
	}
	return parts, bits
}

// tellable reports whether a copy of table t of r can be told from
// chance, by the least evidence CR104 (one agency's consecutive years)
// or CR105 (two agencies) document; smaller copies are not planted.
func tellable(r *Report, t string, twoAgencies bool) bool {
	parts, bits := evidence(r, t)
	if twoAgencies {
		return parts >= 5 && bits >= 16
	}
	return parts >= 3 && bits >= 10
}

// pickYear draws the index of a year with ok, not yet used by another
// error, and marks it; false when there is none.
func pickYear(rnd *rand.Rand, n int, used map[int]bool, ok func(j int) bool) (int, bool) {
	var js []int
	for j := range n {
		if !used[j] && ok(j) {
			js = append(js, j)
		}
	}
	if len(js) == 0 {
		return 0, false
	}
	j := oneOf(rnd, js)
	used[j] = true
	return j, true
}

// plant plants an error of kind k in s, whose reports are planned but not
// yet written, filling e. Errors in the numbers change the reports now;
// those in the printed text or the batch are returned, to be run once
// the prose is written.
func (s *Series) plant(b *builder, k CrossKind, rnd *rand.Rand, used map[int]bool, formats map[*Report]string, e *CrossExpected) func() {
	rs := s.Reports
	switch k {
	case CarryOverBroken:
		if j, ok := pickYear(rnd, len(rs), used, func(j int) bool { return j > 0 }); ok {
			breakCarryOver(rs[j], rnd, e)
		}
	case ChainBroken:
		has := func(j int) bool { return chainKey(rs[j]) != "" }
		if j, ok := pickYear(rnd, len(rs), used, func(j int) bool { return j > 0 && has(j) && has(j-1) }); ok {
			breakChain(rs[j:], rnd, e)
		}
	case TableCopied:
		tables := func(j int) []string {
			var out []string
			if j == 0 || rs[j].Template != rs[j-1].Template {
				return nil
			}
			for _, t := range normalize.TableKeys() {
				if tellable(rs[j-1], t, false) {
					out = append(out, t)
				}
			}
			return out
		}
		if j, ok := pickYear(rnd, len(rs), used, func(j int) bool { return len(tables(j)) > 0 }); ok {
			t := oneOf(rnd, tables(j))
			copyTable(rs[j-1], rs[j], t)
			*e = CrossExpected{Kind: k, Applied: true, Detail: fmt.Sprintf("%d: %s copied from %d", rs[j].Year, t, rs[j-1].Year),
				Want: []Want{{Rule: "CR104", Report: rs[j], Key: t}}}
			// Last year's carried-forward and in-force counts came with
			// the copy: this year's chains break, and next year's.
			for _, r := range rs[j:min(j+2, len(rs))] {
				e.Allowed = append(e.Allowed, Want{Rule: "CR101", Report: r}, Want{Rule: "CR102", Report: r})
			}
		}
	case TextCopied:
		if j, ok := pickYear(rnd, len(rs), used, func(j int) bool { return j > 0 }); ok {
			key := oneOf(rnd, []string{"overview", "problems"})
			*e = CrossExpected{Kind: k, Applied: true, Detail: fmt.Sprintf("%d: %s copied from %d, the year changed", rs[j].Year, key, rs[j-1].Year),
				Want: []Want{{Rule: "CR103", Report: rs[j], Section: key}}}
			return func() { copyText(rs[j-1], rs[j], key) }
		}
	case Duplicate:
		if j, ok := pickYear(rnd, len(rs), used, func(int) bool { return true }); ok {
			r := rs[j]
			name := r.Agency
			if others := slices.DeleteFunc(slices.Clone(b.names), func(n string) bool { return n == r.Agency }); len(others) > 0 {
				name = oneOf(rnd, others)
			}
			format := formats[r]
			for format == formats[r] {
				format = oneOf(rnd, Formats)
			}
			*e = CrossExpected{Kind: k, Applied: true, Detail: fmt.Sprintf("%d twice: %s (%s) and %s (%s)", r.Year, r.Agency, formats[r], name, format)}
			return func() {
				c := r.clone(r.Seed^0xd0b1e, name)
				formats[c] = format
				i := slices.Index(s.Reports, r)
				s.Reports = slices.Insert(s.Reports, i+1, c)
				e.Want = []Want{{Rule: "CR100", Report: r}, {Rule: "CR100", Report: c}}
			}
		}
	case TableShared:
		tables := func(j int) []string {
			var out []string
			for _, t := range normalize.TableKeys() {
				if tellable(rs[j], t, true) {
					out = append(out, t)
				}
			}
			return out
		}
		if j, ok := pickYear(rnd, len(rs), used, func(j int) bool { return len(tables(j)) > 0 }); ok {
			a, t := rs[j], oneOf(rnd, tables(j))
			ob := otherAgency(rnd, b, a)
			o := ob.plan(0, a.Year, nil)
			formats[o] = oneOf(rnd, Formats)
			s.Others = append(s.Others, o)
			*e = CrossExpected{Kind: k, Applied: true, Detail: fmt.Sprintf("%d: %s of %s printed by %s", a.Year, t, a.Agency, o.Agency),
				Want: []Want{{Rule: "CR105", Report: o, Key: t}, {Rule: "CR105", Report: a, Key: t}}}
			return func() {
				copyTable(a, o, t)
				ob.finish(o, nil)
			}
		}
	default:
		panic("gen: a series plants no " + k.String())
	}
	return nil
}

// breakCarryOver changes 上年结转 of r in one applicant column, as if last
// year's 结转下年度 had been misread, and the requests handled with it, so
// that r itself still adds up.
func breakCarryOver(r *Report, rnd *rand.Rand, e *CrossExpected) {
	p := r.profile(requestsTable)
	bal, outc, appl := identity(p, "balance"), identity(p, "outcomes"), identity(p, "applicants")
	t := p.Table(bal.Table)
	key := func(row, col string) string { return t.Key + "." + row + "." + col }
	over, handled, totalCol := bal.Left[1], bal.Right[0], appl.Left[0]
	col := oneOf(rnd, appl.Right)
	d := float64(1 + rnd.Intn(5))
	outcome := ""
	if r.Cells[key(over, col)] >= d && rnd.Intn(2) == 0 {
		// Written lower: the outcomes must have as much to give back.
		for _, row := range rowsOf(t, outc.Right) {
			if r.Cells[key(row, col)] >= d {
				outcome, d = row, -d
				break
			}
		}
	}
	if outcome == "" {
		outcome = rowsOf(t, outc.Right)[0]
	}
	was := r.Cells[key(over, col)]
	for _, row := range []string{over, handled, outcome} {
		r.Cells[key(row, col)] += d
		r.Cells[key(row, totalCol)] += d
		r.setNumber(key(row, col))
		r.setNumber(key(row, totalCol))
	}
	*e = CrossExpected{Kind: e.Kind, Applied: true,
		Detail: fmt.Sprintf("%d: %s %s→%s", r.Year, key(over, col), num(was), num(was+d)),
		Want:   []Want{{Rule: "CR101", Report: r, Key: key(over, col)}},
		// The 总计 column moved with it.
		Allowed: []Want{{Rule: "CR101", Report: r, Key: t.Key + "." + over}}}
}

// chainKey is the running count of r that a chain adds to and takes from
// and that r has (现行有效 of 行政规范性文件), "" when r's template keeps none.
func chainKey(r *Report) string {
	keys := chainKeys(r)
	if len(keys) == 0 {
		return ""
	}
	return keys[len(keys)-1]
}

func chainKeys(r *Report) []string {
	p := normalize.ProfileFor(r.Template)
	var out []string
	for _, ch := range p.Chains {
		if len(ch.Plus) == 0 && len(ch.Minus) == 0 {
			continue
		}
		for _, in := range ch.Instances(p) {
			if _, ok := r.Cells[in.This]; ok {
				out = append(out, in.This)
			}
		}
	}
	return out
}

// breakChain puts a wrong 现行有效 count in rs[0], which the agency then
// carries on in the years after (rs[1:]), so the chain breaks once.
func breakChain(rs []*Report, rnd *rand.Rand, e *CrossExpected) {
	keys := chainKeys(rs[0])
	key := chainKey(rs[0]) // normative documents: every agency has some
	if rnd.Intn(4) == 0 {
		key = oneOf(rnd, keys)
	}
	d := float64(1 + rnd.Intn(30))
	lowest := rs[0].Cells[key]
	n := 0
	for _, r := range rs {
		if _, ok := r.Cells[key]; !ok {
			break
		}
		lowest = min(lowest, r.Cells[key])
		n++
	}
	if lowest >= d && rnd.Intn(2) == 0 {
		d = -d
	}
	was := rs[0].Cells[key]
	for _, r := range rs[:n] {
		r.Cells[key] += d
		r.setNumber(key)
	}
	*e = CrossExpected{Kind: e.Kind, Applied: true, Detail: fmt.Sprintf("%d: %s %s→%s", rs[0].Year, key, num(was), num(was+d)),
		Want: []Want{{Rule: "CR102", Report: rs[0], Key: key}}}
}

// copyTable prints table t of from in to: every cell, as from has it.
func copyTable(from, to *Report, t string) {
	for _, k := range to.profile(t).Table(t).CellKeys() {
		if v, ok := from.Cells[k]; ok {
			to.Cells[k] = v
			to.setNumber(k)
		}
	}
}

// copyText replaces section key of to with from's, its years changed to
// to's: last year's account republished.
func copyText(from, to *Report, key string) {
	fy, ty := strconv.Itoa(from.Year)+"年", strconv.Itoa(to.Year)+"年"
	var src []string
	for _, s := range from.sections {
		if s.key == key {
			src = s.paras
		}
	}
	for _, s := range to.sections {
		if s.key == key {
			s.paras = nil
			for _, p := range src {
				s.paras = append(s.paras, strings.ReplaceAll(p, fy, ty))
			}
		}
	}
}

// otherAgency is a builder for a department in another province than a's,
// which therefore neither is a nor rolls up into it.
func otherAgency(rnd *rand.Rand, b *builder, a *Report) *builder {
	for {
		kind := oneOf(rnd, []AgencyKind{CountyDept, PrefectureDept})
		oa := drawAgency(rnd, kind)
		if oa.place.Code[:2] != a.place.Code[:2] {
			return newBuilder(rnd, b.seed^0x07e5, kind, oa, b.plain)
		}
	}
}

// offSum changes one row of the summary against its units' sum, keeping
// the summary's own identities: new requests of one applicant column
// with those handled and one outcome, or one result of a review row.
// Lowered, it is below what the units present count: an error; raised,
// missing units could explain it: a note.
func (g *Group) offSum(rnd *rand.Rand, e *CrossExpected) {
	s := g.Summary
	d := float64(1 + rnd.Intn(9))
	down := rnd.Intn(2) == 0
	var changed []string
	if s.Cells["requests.new.total"] > 0 || rnd.Intn(2) == 0 {
		p := s.profile(requestsTable)
		bal, outc, appl := identity(p, "balance"), identity(p, "outcomes"), identity(p, "applicants")
		t := p.Table(bal.Table)
		key := func(row, col string) string { return t.Key + "." + row + "." + col }
		col := oneOf(rnd, appl.Right)
		outcome := rowsOf(t, outc.Right)[0]
		if down {
			down = false
			for _, c := range appl.Right {
				for _, row := range rowsOf(t, outc.Right) {
					if s.Cells[key(bal.Left[0], c)] >= d && s.Cells[key(row, c)] >= d {
						col, outcome, down = c, row, true
						break
					}
				}
				if down {
					break
				}
			}
		}
		if down {
			d = -d
		}
		for _, row := range []string{bal.Left[0], bal.Right[0], outcome} {
			s.Cells[key(row, col)] += d
			s.Cells[key(row, appl.Left[0])] += d
			changed = append(changed, key(row, appl.Left[0]))
		}
	} else {
		p := s.profile(reviewTable)
		id := identity(p, "review_total")
		t := p.Table(id.Table)
		row := oneOf(rnd, t.Rows).Key
		col := oneOf(rnd, id.Right)
		if down && s.Cells[t.Key+"."+row+"."+col] >= d {
			d = -d
		} else {
			down = false
		}
		s.Cells[t.Key+"."+row+"."+col] += d
		s.Cells[t.Key+"."+row+"."+id.Left[0]] += d
		changed = append(changed, t.Key+"."+row+"."+id.Left[0])
	}
	for _, k := range changed {
		s.setNumber(k)
	}
	sev := validate.Info
	if down {
		sev = validate.Error
	}
	*e = CrossExpected{Kind: e.Kind, Applied: true, Detail: fmt.Sprintf("%s %+g (%s)", strings.Join(changed, ", "), d, sev),
		Want: []Want{{Rule: "CR106", Report: s, Key: changed[0], Severity: sev}}}
	for _, k := range changed[1:] {
		e.Allowed = append(e.Allowed, Want{Rule: "CR106", Report: s, Key: k, Severity: sev})
	}
}

// leaveOut leaves one or two units out of the batch, one with numbers
// the summary counts, and returns those left. The summary, right, is
// then above what the batch holds: CR106 may note it, never as an error.
func (g *Group) leaveOut(rnd *rand.Rand, e *CrossExpected) []*Report {
	var counted []*Report
	for _, u := range g.Units {
		if rolledNonZero(u) {
			counted = append(counted, u)
		}
	}
	if len(counted) == 0 || len(g.Units) < 4 {
		return g.Units
	}
	out := []*Report{oneOf(rnd, counted)}
	if rnd.Intn(2) == 0 {
		if o := oneOf(rnd, g.Units); o != out[0] {
			out = append(out, o)
		}
	}
	var names []string
	for _, u := range out {
		names = append(names, u.Agency)
	}
	*e = CrossExpected{Kind: e.Kind, Applied: true, Detail: "left out: " + strings.Join(names, "、"),
		Want: []Want{{Rule: "CR106", Report: g.Summary, Severity: validate.Info}}}
	e.Allowed = e.Want
	return slices.DeleteFunc(slices.Clone(g.Units), func(u *Report) bool { return slices.Contains(out, u) })
}
