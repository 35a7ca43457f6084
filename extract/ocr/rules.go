package ocr

import (
	"cmp"
	"math"
	"slices"
)

// run is a stretch of dark pixels along a band of pixel rows (or, for
// vertical rules, of columns; then across is the column and from, to are
// rows).
type run struct {
	across   int32 // the first row of the band
	from, to int32 // first and last pixel, inclusive
}

// seg is a ruling line found in the image: runs on neighbouring rows
// linked together. A line tilted by a skewed scan breaks into runs that
// step from row to row, so the thickness is measured as dark pixels per
// unit of length, not as the rows covered, and the tilt as the slope of
// the run midpoints.
type seg struct {
	from, to float64 // extent along the line, pixels
	pos      float64 // position across the line at its middle
	slope    float64 // change across per pixel along
	thick    float64 // dark pixels per pixel of length
	runs     []run
	band     int32 // rows of the band after its first (see scanRuns)

	last                           int32 // the last row that added a run
	n, sm, sa, smm, sma, dark, wid float64
}

func (s *seg) add(r run) {
	w := float64(r.to - r.from + 1)
	m := float64(r.from+r.to) / 2
	a := float64(r.across)
	s.n += w
	s.sm += w * m
	s.sa += w * a
	s.smm += w * m * m
	s.sma += w * m * a
	s.dark += w
	if len(s.runs) == 0 {
		s.from, s.to = float64(r.from), float64(r.to)
	}
	s.from, s.to = min(s.from, float64(r.from)), max(s.to, float64(r.to))
	s.runs = append(s.runs, r)
	s.last = r.across
}

func (s *seg) finish() {
	s.wid = s.to - s.from + 1
	s.thick = s.dark / s.wid
	mm, ma := s.sm/s.n, s.sa/s.n
	if v := s.smm/s.n - mm*mm; v > 1 {
		s.slope = (s.sma/s.n - mm*ma) / v
	}
	s.pos = ma + s.slope*((s.from+s.to)/2-mm)
}

// threshold picks the ink/paper boundary of a page by Otsu's method,
// kept within bounds so that a page of almost only paper (or a dark
// photo) does not move it to nonsense.
func threshold(g *gray) byte {
	var hist [256]int
	for _, p := range g.pix {
		hist[p]++
	}
	total := float64(len(g.pix))
	sum := 0.0
	for i, c := range hist {
		sum += float64(i * c)
	}
	var wb, sb, best float64
	t := 128
	for i, c := range hist {
		wb += float64(c)
		if wb == 0 {
			continue
		}
		wf := total - wb
		if wf == 0 {
			break
		}
		sb += float64(i * c)
		mb, mf := sb/wb, (sum-sb)/wf
		if v := wb * wf * (mb - mf) * (mb - mf); v > best {
			best, t = v, i
		}
	}
	return byte(max(90, min(t, 200)))
}

// ruleLevel is the grey level below which a pixel may belong to a rule.
// Thin rules rasterized at low resolution come out grey, lighter than
// the ink of text, so the cut sits halfway between ink and the paper
// (the commonest light value): no run of mere paper is long, and a grey
// header fill is lighter still.
func ruleLevel(g *gray, ink byte) byte {
	var hist [256]int
	for _, p := range g.pix {
		hist[p]++
	}
	paper := 255
	for i := 255; i > int(ink); i-- {
		if hist[i] > hist[paper] {
			paper = i
		}
	}
	return byte((int(ink) + paper) / 2)
}

// linkRuns joins runs of consecutive rows that overlap into segments.
// Runs arrive sorted by row.
func linkRuns(runs []run) []*seg {
	var done, active []*seg
	for i := 0; i < len(runs); {
		y := runs[i].across
		j := i
		for j < len(runs) && runs[j].across == y {
			j++
		}
		next := active[:0:0]
		for _, s := range active {
			if y-s.last > 2 {
				s.finish()
				done = append(done, s)
			} else {
				next = append(next, s)
			}
		}
		active = next
		for _, r := range runs[i:j] {
			var host *seg
			for _, s := range active {
				if s.last == y {
					continue // one run per row and segment
				}
				lr := s.runs[len(s.runs)-1]
				ov := min(lr.to, r.to) - max(lr.from, r.from)
				if ov > 0 && 2*ov >= min(lr.to-lr.from, r.to-r.from) {
					host = s
					break
				}
			}
			if host == nil {
				host = &seg{}
				active = append(active, host)
			}
			host.add(r)
		}
		i = j
	}
	for _, s := range active {
		s.finish()
		done = append(done, s)
	}
	return done
}

// rules are the ruling lines of one page, in page pixels.
type rules struct {
	h, v []*seg // horizontal (along x) and vertical (along y) segments
	skew float64
	ink  byte // grey values below this are ink
}

// findRules finds the straight dark lines of a page: long enough that no
// glyph stroke is (a fifth of an inch across a row of text is already
// longer than any stroke of body text, vertical ones being shorter than a
// character is tall), thin enough that no filled area is.
func findRules(g *gray, dpi int) *rules {
	t := threshold(g)
	// Each row is taken together with the next few: a rule tilted by a
	// skewed scan then still makes long runs, where alone each row would
	// hold only a short piece of it. Likewise for columns.
	k := max(2, dpi/60)
	maxThick := float64(dpi)/25 + float64(k-1)
	maxGap := max(1, dpi/150)
	keep := func(ss []*seg, minLen float64) []*seg {
		out := ss[:0]
		for _, s := range ss {
			if s.wid >= minLen && s.thick <= maxThick {
				s.band = int32(k - 1)
				s.pos += float64(k-1) / 2
				out = append(out, s)
			}
		}
		return out
	}
	hr, vr := scanRuns(g, ruleLevel(g, t), k, dpi*3/10, dpi/5, maxGap)
	r := &rules{ink: t}
	r.h = keep(linkRuns(hr), float64(dpi)*0.3)
	r.v = keep(linkRuns(vr), float64(dpi)/5)
	r.skew = skewOf(r.h, r.v, dpi)
	return r
}

// scanRuns finds in one pass over the page the horizontal runs of at
// least minH dark pixels in every band of k rows and the vertical runs of
// at least minV in every band of k columns (a pixel is dark below lvl),
// bridging gaps of up to maxGap. Vertical runs have the column as their
// across coordinate; both lists come sorted for linkRuns.
func scanRuns(g *gray, lvl byte, k, minH, minV, maxGap int) (hr, vr []run) {
	w, h := g.w, g.h
	cnt := make([]int32, w) // dark pixels in rows y..y+k-1, per column
	for y := 0; y < min(k, h); y++ {
		for x, p := range g.pix[y*w : (y+1)*w] {
			if p < lvl {
				cnt[x]++
			}
		}
	}
	start := make([]int32, w) // open vertical run per column, -1 if none
	last := make([]int32, w)
	for i := range start {
		start[i] = -1
	}
	closeV := func(x int) {
		if start[x] >= 0 && int(last[x]-start[x]+1) >= minV {
			vr = append(vr, run{int32(x), start[x], last[x]})
		}
		start[x] = -1
	}
	for y := 0; y < h; y++ {
		// Horizontal runs of the band starting at row y.
		from, end := -1, -1
		for x, c := range cnt {
			if c == 0 {
				continue
			}
			if from >= 0 && x-end-1 > maxGap {
				if end-from+1 >= minH {
					hr = append(hr, run{int32(y), int32(from), int32(end)})
				}
				from = -1
			}
			if from < 0 {
				from = x
			}
			end = x
		}
		if from >= 0 && end-from+1 >= minH {
			hr = append(hr, run{int32(y), int32(from), int32(end)})
		}
		row := g.pix[y*w : (y+1)*w]
		if y+k < h {
			for x, p := range g.pix[(y+k)*w : (y+k+1)*w] {
				if p < lvl {
					cnt[x]++
				}
			}
		}
		for x, p := range row {
			if p < lvl {
				cnt[x]--
			}
		}
		// Vertical runs: column x of this row is dark when one of the
		// columns x..x+k-1 is.
		n := 0
		for x := 0; x < min(k, w); x++ {
			if row[x] < lvl {
				n++
			}
		}
		for x := 0; x < w; x++ {
			if n > 0 {
				if start[x] >= 0 && int(int32(y)-last[x]-1) > maxGap {
					closeV(x)
				}
				if start[x] < 0 {
					start[x] = int32(y)
				}
				last[x] = int32(y)
			}
			if row[x] < lvl {
				n--
			}
			if x+k < w && row[x+k] < lvl {
				n++
			}
		}
	}
	for x := range start {
		closeV(x)
	}
	slices.SortFunc(vr, func(a, b run) int {
		if a.across != b.across {
			return cmp.Compare(a.across, b.across)
		}
		return cmp.Compare(a.from, b.from)
	})
	return hr, vr
}

// skewOf estimates the tilt of the page from its long rules, weighting
// each by its length; horizontal rules tilt one way, vertical ones
// (whose slope is measured down the page) the other.
func skewOf(h, v []*seg, dpi int) float64 {
	type ws struct{ slope, w float64 }
	var all []ws
	for _, s := range h {
		if s.wid >= float64(dpi) {
			all = append(all, ws{s.slope, s.wid})
		}
	}
	for _, s := range v {
		if s.wid >= float64(dpi) {
			all = append(all, ws{-s.slope, s.wid})
		}
	}
	if len(all) == 0 {
		return 0
	}
	slices.SortFunc(all, func(a, b ws) int { return cmp.Compare(a.slope, b.slope) })
	total := 0.0
	for _, a := range all {
		total += a.w
	}
	acc := 0.0
	for _, a := range all {
		acc += a.w
		if acc >= total/2 {
			return math.Atan(a.slope)
		}
	}
	return 0
}

// erase paints the given segments white, with a pixel of margin on either
// side for the grey edge that scanning leaves along a line. vertical says
// the runs of the segments are columns.
func erase(g *gray, ss []*seg, vertical bool) {
	for _, s := range ss {
		for _, r := range s.runs {
			for a := r.across - 1; a <= r.across+s.band+1; a++ {
				for p := r.from - 1; p <= r.to+1; p++ {
					x, y := int(p), int(a)
					if vertical {
						x, y = y, x
					}
					if x >= 0 && y >= 0 && x < g.w && y < g.h {
						g.pix[y*g.w+x] = 255
					}
				}
			}
		}
	}
}
