package ocr

import "math"

// strip is an image made of the cells of a page's tables, each cell's
// ink cut out and pasted on a line of its own. Recognised in place, a
// lone digit in a wide empty cell is often dropped as a speck, and the
// lines of neighbouring cells are read as one line and mixed; one cell
// per line, with paper all round, tesseract reads them as it reads
// running text.
type strip struct {
	img      *gray
	slots    []slot
	ink      byte // grey values below this are ink
	pad, gap int  // paper around the slots and between them, pixels
}

// extend adds boxes of the page (inclusive page pixels) below the slots,
// with the slot each fills.
func (s *strip) extend(g *gray, boxes [][4]int, slots []slot) {
	width, height := s.img.w, s.img.h
	for _, b := range boxes {
		width = max(width, b[2]-b[0]+1+2*s.pad)
		height += b[3] - b[1] + 1 + s.gap
	}
	img := &gray{w: width, h: height, pix: make([]byte, width*height)}
	for i := range img.pix {
		img.pix[i] = 255
	}
	for y := 0; y < s.img.h; y++ {
		copy(img.pix[y*width:], s.img.pix[y*s.img.w:(y+1)*s.img.w])
	}
	y := s.img.h
	for i, b := range boxes {
		h := b[3] - b[1] + 1
		for r := 0; r < h; r++ {
			copy(img.pix[(y+r)*width+s.pad:], g.pix[(b[1]+r)*g.w+b[0]:(b[1]+r)*g.w+b[2]+1])
		}
		sl := slots[i]
		sl.y0, sl.y1, sl.x0, sl.x1 = y, y+h-1, s.pad, s.pad+b[2]-b[0]
		sl.dx, sl.dy = b[0]-s.pad, b[1]-y
		s.slots = append(s.slots, sl)
		y += h + s.gap
	}
	s.img = img
}

// slot is where one cell (or line of running text) went on the strip.
type slot struct {
	grid, region int
	line         int // 1 + the tesseract line of running text; 0 for cells
	y0, y1       int // rows of the strip the cell occupies
	x0, x1       int // columns of the strip the cell occupies
	dx, dy       int // page position minus strip position
}

// buildStrip cuts the cells of the grids out of the (ruling-free) page
// image onto a strip and paints the tables' area white on the page, so
// that the page is recognised for its running text only.
func buildStrip(g *gray, grids []*grid, f frame, dpi int, ink byte) *strip {
	inset := float64(max(2, dpi/60))
	pad, gap := max(8, dpi/10), max(16, dpi/5)
	type cut struct {
		grid, region   int
		x0, y0, x1, y1 int // ink box on the page, inclusive
		r              rect
	}
	var cuts []cut
	for gi, gr := range grids {
		for ri, reg := range gr.regions {
			r := rect{gr.xs[reg.C0] + inset, gr.ys[reg.R0] + inset, gr.xs[reg.C1+1] - inset, gr.ys[reg.R1+1] - inset}
			if r.x1 <= r.x0 || r.y1 <= r.y0 {
				continue
			}
			px0, py0, px1, py1 := pageBox(f, r.x0, r.y0, r.x1, r.y1)
			despeckle(g, max(0, px0), max(0, py0), min(g.w-1, px1), min(g.h-1, py1), ink, dpi)
			if bx0, by0, bx1, by1, ok := inkBox(g, f, r, ink); ok {
				cuts = append(cuts, cut{gi, ri, bx0, by0, bx1, by1, r})
			}
		}
	}
	if len(cuts) == 0 {
		for _, gr := range grids {
			blank(g, gr, f, float64(dpi)/50)
		}
		s := newStrip(2*pad, pad, ink)
		s.pad, s.gap = pad, gap
		return s
	}
	width, height := 0, pad
	for _, c := range cuts {
		width = max(width, c.x1-c.x0+1)
		height += c.y1 - c.y0 + 1 + gap
	}
	s := newStrip(width+2*pad, height+pad, ink)
	s.pad, s.gap = pad, gap
	straight := f.sin == 0
	y := pad
	for _, c := range cuts {
		w, h := c.x1-c.x0+1, c.y1-c.y0+1
		for r := 0; r < h; r++ {
			src := g.pix[(c.y0+r)*g.w+c.x0 : (c.y0+r)*g.w+c.x1+1]
			dst := s.img.pix[(y+r)*s.img.w+pad:]
			if straight {
				copy(dst, src)
				continue
			}
			// On a skewed page the box around a cell takes in corners of
			// its neighbours; only what lies inside the cell is copied.
			for i, v := range src {
				if c.r.contains(f.apply(float64(c.x0+i), float64(c.y0+r))) {
					dst[i] = v
				}
			}
		}
		s.slots = append(s.slots, slot{grid: c.grid, region: c.region, y0: y, y1: y + h - 1, x0: pad, x1: pad + w - 1, dx: c.x0 - pad, dy: c.y0 - y})
		y += h + gap
	}
	for _, gr := range grids {
		blank(g, gr, f, float64(dpi)/50)
	}
	return s
}

// rect is a rectangle in the deskewed frame.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) contains(x, y float64) bool {
	return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1
}

// pageBox is the box in page pixels around a rectangle of the deskewed
// frame.
func pageBox(f frame, x0, y0, x1, y1 float64) (int, int, int, int) {
	bx0, by0 := math.Inf(1), math.Inf(1)
	bx1, by1 := math.Inf(-1), math.Inf(-1)
	for _, c := range [4][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := f.invert(c[0], c[1])
		bx0, by0 = min(bx0, x), min(by0, y)
		bx1, by1 = max(bx1, x), max(by1, y)
	}
	return int(math.Ceil(bx0)), int(math.Ceil(by0)), int(math.Floor(bx1)), int(math.Floor(by1))
}

// inkBox is the box in page pixels around the ink inside a rectangle of
// the deskewed frame; a few specks are not ink.
func inkBox(g *gray, f frame, r rect, ink byte) (bx0, by0, bx1, by1 int, ok bool) {
	x0, y0, x1, y1 := pageBox(f, r.x0, r.y0, r.x1, r.y1)
	x0, y0, x1, y1 = max(0, x0), max(0, y0), min(g.w-1, x1), min(g.h-1, y1)
	bx0, by0, bx1, by1 = x1, y1, x0, y0
	straight := f.sin == 0
	n := 0
	for y := y0; y <= y1; y++ {
		row := g.pix[y*g.w:]
		for x := x0; x <= x1; x++ {
			if row[x] >= ink || !straight && !r.contains(f.apply(float64(x), float64(y))) {
				continue
			}
			n++
			bx0, bx1 = min(bx0, x), max(bx1, x)
			by0, by1 = min(by0, y), max(by1, y)
		}
	}
	return bx0, by0, bx1, by1, n >= 6
}

// blank paints a table's area white, with a margin for the halo that
// a ruling line leaves along its outer side.
func blank(g *gray, gr *grid, f frame, margin float64) {
	r := rect{gr.xs[0] - margin, gr.ys[0] - margin, gr.xs[len(gr.xs)-1] + margin, gr.ys[len(gr.ys)-1] + margin}
	x0, y0, x1, y1 := pageBox(f, r.x0, r.y0, r.x1, r.y1)
	for y := max(0, y0); y <= min(g.h-1, y1); y++ {
		for x := max(0, x0); x <= min(g.w-1, x1); x++ {
			if r.contains(f.apply(float64(x), float64(y))) {
				g.pix[y*g.w+x] = 255
			}
		}
	}
}

// place finds the slot a word of the strip belongs to and moves the word
// back to its place on the page; ok is false for a strip without slots.
// The slot is the one whose box holds the word's centre, or the nearest:
// boxes of glyphs stick out a little.
func (s *strip) place(w *word) (sl slot, ok bool) {
	cx, cy := (w.x0+w.x1)/2, (w.y0+w.y1)/2
	best, dist := -1, math.Inf(1)
	for k, c := range s.slots {
		dx := max(0, float64(c.x0)-cx, cx-float64(c.x1))
		dy := max(0, float64(c.y0)-cy, cy-float64(c.y1))
		// Down costs more than across: the slots of a line of digits
		// (lineUp) stand far apart, the lines of a strip close together.
		if d := dx + 4*dy; d < dist {
			best, dist = k, d
		}
	}
	if best < 0 {
		return slot{}, false
	}
	sl = s.slots[best]
	w.x0, w.x1 = w.x0+float64(sl.dx), w.x1+float64(sl.dx)
	w.y0, w.y1 = w.y0+float64(sl.dy), w.y1+float64(sl.dy)
	return sl, true
}

// despeckle removes the specks of dust in a box of the page: small
// blobs of ink with no other ink near them. tesseract reads a speck as
// a point, a comma or an i beside a number ("47 ,"), which then no longer
// reads as one. The point of 72.18 is as small, but lies close to its
// digits.
func despeckle(g *gray, x0, y0, x1, y1 int, ink byte, dpi int) {
	w, h := x1-x0+1, y1-y0+1
	if w <= 0 || h <= 0 {
		return
	}
	maxArea := 3 * (dpi / 100) * (dpi / 100)
	maxSide := max(2, dpi/50)
	reach := max(4, dpi/25)
	label := make([]int32, w*h)
	dark := func(x, y int) bool { return g.pix[(y0+y)*g.w+x0+x] < ink }
	var stack, blob []int
	next := int32(0)
	for i := range label {
		if label[i] != 0 || !dark(i%w, i/w) {
			continue
		}
		next++
		label[i] = next
		stack = append(stack[:0], i)
		blob = blob[:0]
		bx0, by0, bx1, by1 := w, h, -1, -1
		for len(stack) > 0 && len(blob) <= maxArea {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			blob = append(blob, j)
			x, y := j%w, j/w
			bx0, by0, bx1, by1 = min(bx0, x), min(by0, y), max(bx1, x), max(by1, y)
			for _, d := range [8][2]int{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}} {
				nx, ny := x+d[0], y+d[1]
				if nx < 0 || ny < 0 || nx >= w || ny >= h {
					continue
				}
				if k := ny*w + nx; label[k] == 0 && dark(nx, ny) {
					label[k] = next
					stack = append(stack, k)
				}
			}
		}
		if len(stack) > 0 || len(blob) > maxArea || bx1-bx0 >= maxSide || by1-by0 >= maxSide {
			// Too big for a speck; the rest of the blob is labelled when
			// its pixels come up.
			for _, j := range stack {
				label[j] = 0
			}
			continue
		}
		if inkNear(g, x0+bx0-reach, y0+by0-reach, x0+bx1+reach, y0+by1+reach, x0+bx0, y0+by0, x0+bx1, y0+by1, ink) {
			continue
		}
		for _, j := range blob {
			g.pix[(y0+j/w)*g.w+x0+j%w] = 255
		}
	}
}

// inkNear reports ink in the box (ax0, ay0)-(ax1, ay1) of the page
// outside the box (bx0, by0)-(bx1, by1).
func inkNear(g *gray, ax0, ay0, ax1, ay1, bx0, by0, bx1, by1 int, ink byte) bool {
	for y := max(0, ay0); y <= min(g.h-1, ay1); y++ {
		for x := max(0, ax0); x <= min(g.w-1, ax1); x++ {
			if x >= bx0 && x <= bx1 && y >= by0 && y <= by1 {
				continue
			}
			if g.pix[y*g.w+x] < ink {
				return true
			}
		}
	}
	return false
}
