package cross

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
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

// filled returns the non-zero numbers of one table, by key number.
func filled(cs cells, table string) []cell {
	var out []cell
	for _, x := range cs {
		if x.v != 0 && keyTable(x.key) == table {
			out = append(out, x)
		}
	}
	return out
}

// sameCells reports whether two tables filled hold the same cells with
// the same values (maps.Equal over the cells by key).
func sameCells(a, b []cell) bool {
	return slices.EqualFunc(a, b, func(x, y cell) bool { return x.key == y.key && x.v == y.v })
}

// evidence counts the cells of a filled table that say something of
// their own, its parts: not a total, which repeats its parts (one request
// granted to a person fills six cells of 表三, two of them parts), and
// not a running count that a chain carries from last year's same cell
// (现行有效件数, unchanged when nothing was issued or repealed). bits
// weighs them by how unlikely two counts are to agree by chance: about
// one in n+1 for a count n, log₂(n+1) bits; an amount with decimals
// (万元) is counted in hundredths.
func evidence(template string, cells []cell) (parts int, bits float64) {
	d := derived(template)
	for _, x := range cells {
		if d[keyName(x.key)] {
			continue
		}
		parts++
		v := math.Abs(x.v)
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

// firstCell is the first cell of cs, in reading order, of the table
// filled gave (of cs or of a report with the same cells): where a finding
// on the whole table points. Of cells at one place, the first key in
// order wins.
func firstCell(cs cells, filled []cell) cell {
	var best cell
	bestKey := ""
	for _, x := range filled {
		c, _ := cs.find(x.key)
		if c.line == 0 {
			continue
		}
		k := keyName(c.key)
		if bestKey == "" || c.line < best.line || (c.line == best.line && (c.col < best.col || c.col == best.col && k < bestKey)) {
			best, bestKey = c, k
		}
	}
	return best
}

// copiedTables reports a table of cur equal, non-zero cell for non-zero
// cell, to the same table of prev (CR104).
func (c *checker) copiedTables(prev, cur *Digest) {
	pcs, ccs := c.cellsOf(prev), c.cellsOf(cur)
	for _, t := range normalize.TableKeys() {
		a, b := filled(pcs, t), filled(ccs, t)
		if !sameAgency.met(evidence(cur.template, b)) || !sameCells(a, b) {
			continue
		}
		first := firstCell(ccs, b)
		pfirst := firstCell(pcs, b)
		tl := normalize.KeyLabel(cur.template, t)
		c.report(validate.CopiedTable, Finding{Path: cur.path, Key: t, Line: int(first.line), Column: int(first.col), Page: int(first.page),
			Message: validate.Msg{
				Zh: fmt.Sprintf("%s与 %d 年度报告的%s完全相同（%d 个非零数字逐格相同），可能沿用了上年的表格", tl.Zh, prev.year, tl.Zh, len(b)),
				En: fmt.Sprintf("%s is the same as in the %d report (%d non-zero figures equal, cell for cell): last year's table reused?", tl.En, prev.year, len(b)),
			},
			Related: []Related{{Path: prev.path, Key: t, Line: int(pfirst.line), Column: int(pfirst.col), Page: int(pfirst.page),
				Message: validate.Msg{Zh: fmt.Sprintf("%d 年度报告的%s", prev.year, tl.Zh), En: fmt.Sprintf("%s of the %d report", tl.En, prev.year)}}},
		})
	}
}

// sameYear reports a table that two agencies' reports of one year share,
// non-zero cell for non-zero cell (CR105), on each of them.
func (c *checker) sameYear(years map[string]map[int]*Digest) {
	// Tables are grouped by a hash of their cells, 16 bytes where the
	// cells take hundreds (every report of a large batch has a group),
	// then split into tables truly equal.
	type group struct {
		table string
		sig   [16]byte
		year  int
	}
	bySig := map[group][]*Digest{}
	var buf cells
	var sig []byte
	for _, byYear := range years {
		for y, r := range byYear {
			buf = c.loadInto(r, buf)
			for _, t := range normalize.TableKeys() {
				cells := filled(buf, t)
				if !twoAgency.met(evidence(r.template, cells)) {
					continue
				}
				sig = signature(sig[:0], cells)
				h := fnv.New128a()
				h.Write(sig)
				g := group{table: t, year: y}
				h.Sum(g.sig[:0])
				bySig[g] = append(bySig[g], r)
			}
		}
	}
	for g, rs := range bySig {
		if len(rs) < 2 {
			continue
		}
		slices.SortFunc(rs, func(a, b *Digest) int { return strings.Compare(a.path, b.path) })
		loaded := make([]cells, len(rs))
		for i, r := range rs {
			loaded[i] = c.load(r)
		}
		for _, same := range equalTables(g.table, loaded) {
			c.sharedTable(g.table, g.year, same, rs, loaded)
		}
	}
}

// equalTables splits reports whose table hashed alike into those whose
// table is the same, by their indexes in loaded; the parts keep the
// order of loaded, and a part of one report is left out.
func equalTables(table string, loaded []cells) [][]int {
	var parts [][]int
	var tables [][]cell
next:
	for i, cs := range loaded {
		t := filled(cs, table)
		for p := range parts {
			if sameCells(tables[p], t) {
				parts[p] = append(parts[p], i)
				continue next
			}
		}
		parts = append(parts, []int{i})
		tables = append(tables, t)
	}
	return slices.DeleteFunc(parts, func(p []int) bool { return len(p) < 2 })
}

// sharedTable reports CR105 on each report of same, indexes into all
// and loaded of reports whose table is the same.
func (c *checker) sharedTable(table string, year int, same []int, all []*Digest, loaded []cells) {
	for _, i := range same {
		r := all[i]
		cells := filled(loaded[i], table)
		first := firstCell(loaded[i], cells)
		tl := normalize.KeyLabel(r.template, table)
		var rel []Related
		var who []string
		for _, j := range same {
			o := all[j]
			if o == r || c.rollsUp(r, o) || c.rollsUp(o, r) {
				continue
			}
			of := firstCell(loaded[j], cells)
			rel = append(rel, Related{Path: o.path, Key: table, Line: int(of.line), Column: int(of.col), Page: int(of.page),
				Message: validate.Msg{Zh: o.agencyName + "的" + tl.Zh, En: tl.En + " of " + o.agencyName}})
			who = append(who, o.agencyName)
		}
		if len(rel) == 0 {
			continue
		}
		c.report(validate.SharedTable, Finding{Path: r.path, Key: table, Line: int(first.line), Column: int(first.col), Page: int(first.page), Related: rel,
			Message: validate.Msg{
				Zh: fmt.Sprintf("%s与同年度%s报告的%s完全相同（%d 个非零数字逐格相同），可能套用了其他机关的报告", tl.Zh, strings.Join(who, "、"), tl.Zh, len(cells)),
				En: fmt.Sprintf("%s is the same as in the %d report of %s (%d non-zero figures equal, cell for cell): copied from another agency?", tl.En, year, strings.Join(who, ", "), len(cells)),
			}})
	}
}

// rollsUp reports whether gov's report may count u's numbers: gov is a
// government and u is in its area (its own division or one below). A
// government's report equals a unit's when that unit alone had any
// requests: no copy.
func (c *checker) rollsUp(gov, u *Digest) bool {
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

// signature appends to b a table's non-zero cells, to group equal
// tables: each cell's key number and value, in the order of the keys.
func signature(b []byte, cells []cell) []byte {
	for _, x := range cells {
		b = binary.LittleEndian.AppendUint32(b, x.key)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x.v))
	}
	return b
}
