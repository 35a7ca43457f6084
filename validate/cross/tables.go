package cross

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Fewest non-zero cells a table must have for two equal copies to mean
// anything: small agencies report one or two requests a year, and two
// such tables are often equal by chance.
const (
	minSameYearCells  = 3 // CR104: one agency, consecutive years
	minTwoAgencyCells = 5 // CR105: two agencies, one year
)

// filled returns the non-zero numbers of one table of r, by cell key.
func filled(r *Report, table string) map[string]float64 {
	out := map[string]float64{}
	prefix := table + "."
	for k, c := range r.Cells {
		if strings.HasPrefix(k, prefix) && c.State == string(normalize.StateNumber) && c.Value != nil && *c.Value != 0 {
			out[k] = *c.Value
		}
	}
	return out
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
		a, b := filled(prev, t), filled(cur, t)
		if len(b) < minSameYearCells || !maps.Equal(a, b) {
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
				cells := filled(r, t)
				if len(cells) < minTwoAgencyCells {
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
			keys := slices.Sorted(maps.Keys(filled(r, g.table)))
			_, first := firstCell(r, keys)
			tl := normalize.KeyLabel(r.Template, g.table)
			var rel []Related
			var who []string
			for _, o := range rs {
				if o == r {
					continue
				}
				_, of := firstCell(o, keys)
				rel = append(rel, Related{Path: o.Path, Key: g.table, Line: of.Line, Column: of.Column, Page: of.Page,
					Message: validate.Msg{Zh: o.Agency + "的" + tl.Zh, En: tl.En + " of " + o.Agency}})
				who = append(who, o.Agency)
			}
			c.report(validate.SharedTable, Finding{Path: r.Path, Key: g.table, Line: first.Line, Column: first.Column, Page: first.Page, Related: rel,
				Message: validate.Msg{
					Zh: fmt.Sprintf("%s与同年度%s报告的%s完全相同（%d 个非零数字逐格相同），可能套用了其他机关的报告", tl.Zh, strings.Join(who, "、"), tl.Zh, len(keys)),
					En: fmt.Sprintf("%s is the same as in the %d report of %s (%d non-zero figures equal, cell for cell): copied from another agency?", tl.En, g.year, strings.Join(who, ", "), len(keys)),
				}})
		}
	}
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
