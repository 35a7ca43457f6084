package ocr

import (
	"cmp"
	"math"
	"slices"

	rulegrid "github.com/nianbao/nianbao/internal/grid"
)

// frame maps the pixels of a page image to a frame turned by the page's
// skew (and shifted, for an image that was deskewed already), in which
// rules run straight across and down and a grid is a set of plain
// coordinates.
type frame struct{ cos, sin, dx, dy float64 }

func newFrame(skew float64) frame { return frame{cos: math.Cos(skew), sin: math.Sin(skew)} }

func (f frame) apply(x, y float64) (float64, float64) {
	return x*f.cos + y*f.sin + f.dx, -x*f.sin + y*f.cos + f.dy
}

func (f frame) invert(x, y float64) (float64, float64) {
	x, y = x-f.dx, y-f.dy
	return x*f.cos - y*f.sin, x*f.sin + y*f.cos
}

// line is a rule in the deskewed frame: at pos across, from lo to hi
// along.
type line struct {
	pos, lo, hi float64
	segs        []*seg
}

func hLines(ss []*seg, f frame) []line {
	out := make([]line, 0, len(ss))
	for _, s := range ss {
		mid := (s.from + s.to) / 2
		x0, _ := f.apply(s.from, s.pos+s.slope*(s.from-mid))
		x1, _ := f.apply(s.to, s.pos+s.slope*(s.to-mid))
		_, y := f.apply(mid, s.pos)
		out = append(out, line{pos: y, lo: min(x0, x1), hi: max(x0, x1), segs: []*seg{s}})
	}
	return out
}

func vLines(ss []*seg, f frame) []line {
	out := make([]line, 0, len(ss))
	for _, s := range ss {
		mid := (s.from + s.to) / 2
		_, y0 := f.apply(s.pos+s.slope*(s.from-mid), s.from)
		_, y1 := f.apply(s.pos+s.slope*(s.to-mid), s.to)
		x, _ := f.apply(s.pos, mid)
		out = append(out, line{pos: x, lo: min(y0, y1), hi: max(y0, y1), segs: []*seg{s}})
	}
	return out
}

// mergeLines makes one rule of the pieces found at the same position that
// touch or nearly do: a rule is cut where a glyph or a scanning flaw
// interrupts it.
func mergeLines(ls []line, snap, gap float64) []line {
	if len(ls) == 0 {
		return nil
	}
	ls = slices.Clone(ls)
	slices.SortFunc(ls, func(a, b line) int { return cmp.Compare(a.pos, b.pos) })
	var out []line
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && ls[j].pos-ls[j-1].pos <= snap {
			j++
		}
		group := ls[i:j]
		slices.SortFunc(group, func(a, b line) int { return cmp.Compare(a.lo, b.lo) })
		cur := group[0]
		cur.segs = slices.Clone(cur.segs)
		weight := cur.hi - cur.lo
		sum := cur.pos * weight
		for _, l := range group[1:] {
			if l.lo <= cur.hi+gap {
				w := l.hi - l.lo
				sum += l.pos * w
				weight += w
				cur.hi = max(cur.hi, l.hi)
				cur.segs = append(cur.segs, l.segs...)
				continue
			}
			cur.pos = sum / max(weight, 1)
			out = append(out, cur)
			cur = l
			cur.segs = slices.Clone(cur.segs)
			weight = cur.hi - cur.lo
			sum = cur.pos * weight
		}
		cur.pos = sum / max(weight, 1)
		out = append(out, cur)
		i = j
	}
	return out
}

// grid is a ruled table of one page in the deskewed frame: the column
// and row boundaries and, for every grid position, the region (a cell,
// merged or not) that owns it.
type grid struct {
	xs, ys  []float64 // boundaries; columns = len(xs)-1, rows = len(ys)-1
	own     [][]int   // own[row][col] indexes regions
	regions []rulegrid.Region
}

func (g *grid) contains(x, y float64) bool {
	return x >= g.xs[0] && x <= g.xs[len(g.xs)-1] && y >= g.ys[0] && y <= g.ys[len(g.ys)-1]
}

// slot returns the grid position of a point inside the grid.
func (g *grid) slot(x, y float64) (r, c int) {
	c = max(0, min(len(g.xs)-2, sortSearch(g.xs, x)-1))
	r = max(0, min(len(g.ys)-2, sortSearch(g.ys, y)-1))
	return r, c
}

// sortSearch is the number of boundaries at or before v.
func sortSearch(bs []float64, v float64) int {
	n, _ := slices.BinarySearch(bs, v)
	if n < len(bs) && bs[n] == v {
		n++
	}
	return n
}

// findGrids builds the tables of a page from its rules: rules that cross
// or touch are one table; a table needs two rules each way. It also
// returns the segments to erase before recognition: those of tables, and
// long lone rules (separators, underlines), which tesseract would
// otherwise read as rows of dashes or the letter l.
func findGrids(rs *rules, dpi int) ([]*grid, []*seg, []*seg) {
	f := newFrame(rs.skew)
	d := float64(dpi)
	snap, gap, tol := d/50, d/20, d/25
	H := mergeLines(hLines(rs.h, f), snap, gap)
	V := mergeLines(vLines(rs.v, f), snap, gap)
	touch := func(i, j int) bool {
		h, v := H[i], V[j]
		return v.pos >= h.lo-tol && v.pos <= h.hi+tol && h.pos >= v.lo-tol && h.pos <= v.hi+tol
	}
	type comp struct{ h, v []line }
	var comps []*comp
	for _, set := range rulegrid.Connected(len(H), len(V), touch) {
		c := &comp{}
		for _, i := range set {
			if i < len(H) {
				c.h = append(c.h, H[i])
			} else {
				c.v = append(c.v, V[i-len(H)])
			}
		}
		comps = append(comps, c)
	}
	var grids []*grid
	var eh, ev []*seg
	for _, c := range comps {
		table := len(c.h) >= 2 && len(c.v) >= 2
		if table {
			if g := buildGrid(c.h, c.v, snap, d/20); g != nil {
				grids = append(grids, g)
			} else {
				table = false
			}
		}
		for _, l := range c.h {
			if table || l.hi-l.lo >= d {
				eh = append(eh, l.segs...)
			}
		}
		for _, l := range c.v {
			if table || l.hi-l.lo >= d {
				ev = append(ev, l.segs...)
			}
		}
	}
	slices.SortFunc(grids, func(a, b *grid) int { return cmp.Compare(a.ys[0], b.ys[0]) })
	return grids, eh, ev
}

// clusterPos returns the distinct positions of rules, those closer than
// minCell taken as one.
func clusterPos(ls []line, minCell float64) []float64 {
	ps := make([]float64, len(ls))
	for i, l := range ls {
		ps[i] = l.pos
	}
	slices.Sort(ps)
	var out []float64
	for i := 0; i < len(ps); {
		j, sum := i, 0.0
		for j < len(ps) && ps[j]-ps[i] < minCell {
			sum += ps[j]
			j++
		}
		out = append(out, sum/float64(j-i))
		i = j
	}
	return out
}

// covered reports whether rules at pos cover most of [lo,hi].
func covered(ls []line, pos, lo, hi, snap float64) bool {
	got := 0.0
	for _, l := range ls {
		if math.Abs(l.pos-pos) > snap {
			continue
		}
		got += max(0, min(hi, l.hi)-max(lo, l.lo))
	}
	return got >= 0.5*(hi-lo)
}

// buildGrid lays the grid over the rules of one table: a missing rule
// between two grid positions merges them into one region.
func buildGrid(hs, vs []line, snap, minCell float64) *grid {
	xs, ys := clusterPos(vs, minCell), clusterPos(hs, minCell)
	if len(xs) < 2 || len(ys) < 2 || len(xs) > 200 || len(ys) > 500 {
		return nil
	}
	snap = max(snap, minCell/2)
	g := &grid{xs: xs, ys: ys}
	g.own, g.regions = rulegrid.Merge(len(ys)-1, len(xs)-1, func(r, c int, down bool) bool {
		if down {
			return !covered(hs, ys[r+1], xs[c], xs[c+1], snap)
		}
		return !covered(vs, xs[c+1], ys[r], ys[r+1], snap)
	})
	return g
}

// deskew turns a page image into the deskewed frame, so that tesseract
// reads lines that run straight: on a page whose tables were taken out
// it has fewer lines to measure the skew by, and misreads the rest
// (三、 as 人 at 2.5°), and the lines of a wide cell drift across its
// neighbours. It returns the image and the frame that maps its pixels
// to the frame of f, a shift.
func deskew(g *gray, f frame) (*gray, frame) {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, c := range [4][2]float64{{0, 0}, {float64(g.w), 0}, {0, float64(g.h)}, {float64(g.w), float64(g.h)}} {
		x, y := f.apply(c[0], c[1])
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	out := &gray{w: int(math.Ceil(x1 - x0)), h: int(math.Ceil(y1 - y0))}
	out.pix = make([]byte, out.w*out.h)
	// Bilinear sampling in 16.16 fixed point: along a row of the output
	// the source point moves by a fixed step.
	const one = 1 << 16
	dx, dy := int64(math.Round(f.cos*one)), int64(math.Round(f.sin*one))
	for y := 0; y < out.h; y++ {
		fx, fy := f.invert(x0, y0+float64(y))
		sx, sy := int64(math.Round(fx*one)), int64(math.Round(fy*one))
		row := out.pix[y*out.w : (y+1)*out.w]
		for x := range row {
			ix, iy := int(sx>>16), int(sy>>16)
			if ix < 0 || iy < 0 || ix >= g.w-1 || iy >= g.h-1 {
				row[x] = 255
			} else {
				wx, wy := sx&(one-1), sy&(one-1)
				i := iy*g.w + ix
				top := int64(g.pix[i])*(one-wx) + int64(g.pix[i+1])*wx
				bot := int64(g.pix[i+g.w])*(one-wx) + int64(g.pix[i+g.w+1])*wx
				row[x] = uint8((top*(one-wy) + bot*wy + 1<<31) >> 32)
			}
			sx, sy = sx+dx, sy+dy
		}
	}
	return out, frame{cos: 1, dx: x0, dy: y0}
}
