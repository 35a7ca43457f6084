package cross

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// What a table must hold (see evidence) for two equal copies to mean
// anything: small agencies report a few requests a year, and two such
// tables are often equal by chance (2 requests, 1 granted and 1 not
// held, two years running). Two agencies of a year are compared many
// more times over than one agency's consecutive years, so they need more.
var (
	sameAgency = enough{parts: 3, bits: 10} // CR104: one agency, consecutive years
	twoAgency  = enough{parts: 5, bits: 16} // CR105: two agencies, one year
)

// enough is the least evidence that tells a copy from chance: the
// non-zero parts, and their bits.
type enough struct {
	parts int
	bits  float64
}

func (e enough) met(parts int, bits float64) bool { return parts >= e.parts && bits >= e.bits }

// filled returns the non-zero numbers of one table of r, by cell key.
// Each report's tables are gathered once per Check.
func (c *checker) filled(r *Report, table string) map[string]float64 {
	if ts, ok := c.tables[r]; ok {
		return ts[table]
	}
	ts := map[string]map[string]float64{}
	for k, cell := range r.Cells {
		if cell.State != string(normalize.StateNumber) || cell.Value == nil || *cell.Value == 0 {
			continue
		}
		t, _, _ := strings.Cut(k, ".")
		if ts[t] == nil {
			ts[t] = map[string]float64{}
		}
		ts[t][k] = *cell.Value
	}
	if c.tables == nil {
		c.tables = map[*Report]map[string]map[string]float64{}
	}
	c.tables[r] = ts
	return ts[table]
}

// evidence counts the cells of a filled table that say something of
// their own, its parts: not a total, which repeats its parts (one request
// granted to a person fills six cells of 表三, two of them parts), and
// not a running count that a chain carries from last year's same cell
// (现行有效件数, unchanged when nothing was issued or repealed). bits
// weighs them by how unlikely two counts are to agree by chance: about
// one in n+1 for a count n, log₂(n+1) bits; an amount with decimals
// (万元) is counted in hundredths.
func evidence(template string, cells map[string]float64) (parts int, bits float64) {
	d := derived(template)
	for k, v := range cells {
		if d[k] {
			continue
		}
		parts++
		v = math.Abs(v)
		if v != math.Trunc(v) {
			v *= 100
		}
		bits += math.Log2(v + 1)
	}
	return parts, bits
}

// derived returns the cells of template that others fix (see
// normalize.Profile.Derived).
func derived(template string) map[string]bool {
	if p := normalize.ProfileFor(template); p != nil {
		return p.Derived()
	}
	return nil
}

// firstCell is the first cell of a table in reading order, where a
// finding on the whole table points.
func firstCell(r *Report, keys []string) (string, Cell) {
	var best string
	var bc Cell
	for _, k := range keys {
		c := r.Cells[k]
		if c.Line == 0 {
			continue
		}
		if best == "" || c.Line < bc.Line || (c.Line == bc.Line && c.Column < bc.Column) {
			best, bc = k, c
		}
	}
	return best, bc
}

// copiedTables reports a table of cur equal, non-zero cell for non-zero
// cell, to the same table of prev (CR104).
func (c *checker) copiedTables(prev, cur *Report) {
	for _, t := range normalize.TableKeys() {
		a, b := c.filled(prev, t), c.filled(cur, t)
		if !sameAgency.met(evidence(cur.Template, b)) || !maps.Equal(a, b) {
			continue
		}
		keys := slices.Sorted(maps.Keys(b))
		_, first := firstCell(cur, keys)
		_, pfirst := firstCell(prev, keys)
		tl := normalize.KeyLabel(cur.Template, t)
		c.report(validate.CopiedTable, Finding{Path: cur.Path, Key: t, Line: first.Line, Column: first.Column, Page: first.Page,
			Message: validate.Msg{
				Zh: fmt.Sprintf("%s与 %d 年度报告的%s完全相同（%d 个非零数字逐格相同），可能沿用了上年的表格", tl.Zh, prev.Year, tl.Zh, len(b)),
				En: fmt.Sprintf("%s is the same as in the %d report (%d non-zero figures equal, cell for cell): last year's table reused?", tl.En, prev.Year, len(b)),
			},
			Related: []Related{{Path: prev.Path, Key: t, Line: pfirst.Line, Column: pfirst.Column, Page: pfirst.Page,
				Message: validate.Msg{Zh: fmt.Sprintf("%d 年度报告的%s", prev.Year, tl.Zh), En: fmt.Sprintf("%s of the %d report", tl.En, prev.Year)}}},
		})
	}
}

// sameYear reports a table that two agencies' reports of one year share,
// non-zero cell for non-zero cell (CR105), on each of them.
func (c *checker) sameYear(years map[string]map[int]*Report) {
	type group struct {
		table, sig string
		year       int
	}
	bySig := map[group][]*Report{}
	for _, byYear := range years {
		for y, r := range byYear {
			for _, t := range normalize.TableKeys() {
				cells := c.filled(r, t)
				if !twoAgency.met(evidence(r.Template, cells)) {
					continue
				}
				g := group{t, signature(cells), y}
				bySig[g] = append(bySig[g], r)
			}
		}
	}
	for g, rs := range bySig {
		if len(rs) < 2 {
			continue
		}
		slices.SortFunc(rs, func(a, b *Report) int { return strings.Compare(a.Path, b.Path) })
		for _, r := range rs {
			keys := slices.Sorted(maps.Keys(c.filled(r, g.table)))
			_, first := firstCell(r, keys)
			tl := normalize.KeyLabel(r.Template, g.table)
			var rel []Related
			var who []string
			for _, o := range rs {
				if o == r || c.rollsUp(r, o) || c.rollsUp(o, r) {
					continue
				}
				_, of := firstCell(o, keys)
				rel = append(rel, Related{Path: o.Path, Key: g.table, Line: of.Line, Column: of.Column, Page: of.Page,
					Message: validate.Msg{Zh: o.Agency + "的" + tl.Zh, En: tl.En + " of " + o.Agency}})
				who = append(who, o.Agency)
			}
			if len(rel) == 0 {
				continue
			}
			c.report(validate.SharedTable, Finding{Path: r.Path, Key: g.table, Line: first.Line, Column: first.Column, Page: first.Page, Related: rel,
				Message: validate.Msg{
					Zh: fmt.Sprintf("%s与同年度%s报告的%s完全相同（%d 个非零数字逐格相同），可能套用了其他机关的报告", tl.Zh, strings.Join(who, "、"), tl.Zh, len(keys)),
					En: fmt.Sprintf("%s is the same as in the %d report of %s (%d non-zero figures equal, cell for cell): copied from another agency?", tl.En, g.year, strings.Join(who, ", "), len(keys)),
				}})
		}
	}
}

// rollsUp reports whether gov's report may count u's numbers: gov is a
// government and u is in its area (its own division or one below). A
// government's report equals a unit's when that unit alone had any
// requests: no copy.
func (c *checker) rollsUp(gov, u *Report) bool {
	ga, ua := c.agency(gov), c.agency(u)
	if !ga.government || ga.division == "" || ua.division == "" {
		return false
	}
	for d := names.ByCode(ua.division); d != nil; d = d.Parent {
		if d.Code == ga.division {
			return true
		}
	}
	return ga.division == ua.division
}

// signature writes a table's non-zero cells as one string, to group equal
// tables.
func signature(cells map[string]float64) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(cells)) {
		fmt.Fprintf(&b, "%s=%s;", k, num(cells[k]))
	}
	return b.String()
}
