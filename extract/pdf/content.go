package pdf

import (
	"errors"
	"fmt"
	"math"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// matrix is a PDF transformation matrix [a b c d e f]; points are row
// vectors, so m.mul(n) applies m first, then n.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// glyph is one shown character in display space: points, origin at the
// top left of the page, y growing downwards, so sorting by y is reading
// order.
type glyph struct {
	x0, y0, x1, y1 float64 // bounding box
	base           float64 // baseline y of upright glyphs, else the box centre
	size           float64 // font size in display space
	text           string
	upright        bool
}

func (g *glyph) cx() float64 { return (g.x0 + g.x1) / 2 }
func (g *glyph) cy() float64 { return (g.y0 + g.y1) / 2 }

// seg is a drawn ruling line: horizontal ones lie at y=pos from x=lo to
// x=hi, vertical ones at x=pos from y=lo to y=hi.
type seg struct{ pos, lo, hi float64 }

// pageContent is everything the layout stage needs from one page.
type pageContent struct {
	num           int
	width, height float64
	glyphs        []glyph
	hs, vs        []seg

	forms     int     // form XObjects drawn
	shown     int     // characters shown, visible or not
	unmapped  int     // shown characters without a Unicode mapping
	invisible int     // characters in render mode 3 or 7 (OCR layers)
	glyphless int     // characters in GlyphLessFont
	imageArea float64 // page area covered by images, points²
}

type gstate struct {
	ctm                        matrix
	font                       *font
	size, cs, ws, th, tl, rise float64
	render                     int
	fillLight, strokeLight     bool
	lineWidth                  float64
}

// errBudget aborts a content stream that does more work than any report
// page needs.
var errBudget = errors.New("content stream exceeds processing budget")

// walker interprets one content stream (a page or a form XObject).
type walker struct {
	st    *state
	out   *pageContent
	res   lpdf.Value
	fonts map[string]*font
	depth int
	// parent is the walker of the stream that drew this form, form the
	// form's object reference ("12 0 R"); nil and "" for a page.
	parent *walker
	form   string

	gs      gstate
	stack   []gstate
	tm, tlm matrix

	pts   []pt      // points of the current path, all subpaths
	path  []subpath // subpaths as ranges of pts
	start int       // first point of the open subpath
	curve bool

	args []operand
}

type pt struct{ x, y float64 }

type subpath struct {
	from, to int // range of walker.pts
	closed   bool
	curve    bool
}

func newWalker(st *state, out *pageContent, res lpdf.Value, ctm matrix, depth int) *walker {
	return &walker{
		st: st, out: out, res: res, depth: depth,
		fonts: make(map[string]*font),
		gs:    gstate{ctm: ctm, th: 1, lineWidth: 1},
		tm:    identity, tlm: identity,
	}
}

func (w *walker) run(content []byte) {
	interpret(content, w.do)
}

func (w *walker) num(i int) float64 {
	if i < 0 || i >= len(w.args) {
		return 0
	}
	return w.args[i].Float64()
}

// do executes one operator with the operands on the stack: the last n
// values are the operator's, anything below them is debris of a
// malformed stream and is dropped.
func (w *walker) do(args []operand, op string) {
	w.st.ops++
	if w.st.ops > w.st.maxOps {
		panic(errBudget)
	}
	n := len(args)
	w.args = args
	a := args
	switch op {
	case "q":
		if len(w.stack) < 1024 {
			w.stack = append(w.stack, w.gs)
		}
	case "Q":
		if k := len(w.stack); k > 0 {
			w.gs = w.stack[k-1]
			w.stack = w.stack[:k-1]
		}
	case "cm":
		if n >= 6 {
			w.gs.ctm = matrix{w.num(n - 6), w.num(n - 5), w.num(n - 4), w.num(n - 3), w.num(n - 2), w.num(n - 1)}.mul(w.gs.ctm)
		}
	case "w":
		if n >= 1 {
			w.gs.lineWidth = w.num(n - 1)
		}
	case "g":
		w.gs.fillLight = light(a)
	case "G":
		w.gs.strokeLight = light(a)
	case "rg", "k", "sc", "scn":
		w.gs.fillLight = light(a)
	case "RG", "K", "SC", "SCN":
		w.gs.strokeLight = light(a)
	case "cs":
		w.gs.fillLight = false
	case "CS":
		w.gs.strokeLight = false

	case "m":
		if n >= 2 {
			w.endSubpath(false)
			w.lineTo(w.num(n-2), w.num(n-1))
		}
	case "l":
		if n >= 2 {
			w.lineTo(w.num(n-2), w.num(n-1))
		}
	case "c", "v", "y":
		if n >= 2 {
			w.curve = true
			w.lineTo(w.num(n-2), w.num(n-1))
		}
	case "h":
		w.endSubpath(true)
	case "re":
		if n >= 4 {
			x, y, ww, hh := w.num(n-4), w.num(n-3), w.num(n-2), w.num(n-1)
			w.endSubpath(false)
			w.lineTo(x, y)
			w.lineTo(x+ww, y)
			w.lineTo(x+ww, y+hh)
			w.lineTo(x, y+hh)
			w.endSubpath(true)
		}
	case "S", "s":
		w.paint(op == "s", true, false)
	case "f", "F", "f*":
		w.paint(false, false, true)
	case "B", "B*":
		w.paint(false, true, true)
	case "b", "b*":
		w.paint(true, true, true)
	case "n":
		w.resetPath()

	case "BT":
		w.tm, w.tlm = identity, identity
	case "Tf":
		if n >= 2 {
			w.gs.font = w.font(a[n-2].Name())
			w.gs.size = w.num(n - 1)
		}
	case "Tc":
		w.gs.cs = w.num(n - 1)
	case "Tw":
		w.gs.ws = w.num(n - 1)
	case "Tz":
		w.gs.th = w.num(n-1) / 100
	case "TL":
		w.gs.tl = w.num(n - 1)
	case "Ts":
		w.gs.rise = w.num(n - 1)
	case "Tr":
		w.gs.render = int(w.num(n - 1))
	case "Td":
		if n >= 2 {
			w.moveLine(w.num(n-2), w.num(n-1))
		}
	case "TD":
		if n >= 2 {
			w.gs.tl = -w.num(n - 1)
			w.moveLine(w.num(n-2), w.num(n-1))
		}
	case "Tm":
		if n >= 6 {
			w.tm = matrix{w.num(n - 6), w.num(n - 5), w.num(n - 4), w.num(n - 3), w.num(n - 2), w.num(n - 1)}
			w.tlm = w.tm
		}
	case "T*":
		w.moveLine(0, -w.gs.tl)
	case "Tj":
		if n >= 1 {
			w.show(a[n-1].RawString())
		}
	case "'":
		w.moveLine(0, -w.gs.tl)
		if n >= 1 {
			w.show(a[n-1].RawString())
		}
	case "\"":
		if n >= 3 {
			w.gs.ws, w.gs.cs = w.num(n-3), w.num(n-2)
			w.moveLine(0, -w.gs.tl)
			w.show(a[n-1].RawString())
		}
	case "TJ":
		if n >= 1 {
			arr := a[n-1]
			for i := 0; i < arr.Len(); i++ {
				x := arr.Index(i)
				if x.Kind() == lpdf.String {
					w.show(x.RawString())
					continue
				}
				w.advance(-x.Float64() / 1000 * w.gs.size * w.gs.th)
			}
		}
	case "Do":
		if n >= 1 {
			w.xobject(a[n-1].Name())
		}
	case "BI":
		w.out.imageArea += w.unitArea()
	}
}

// light reports whether a colour operand list paints (nearly) white, the
// colour of cell backgrounds and of borders that are switched off.
func light(a []operand) bool {
	var v [4]float64
	n := 0
	for _, x := range a {
		if k := x.Kind(); (k == lpdf.Integer || k == lpdf.Real) && n < 4 {
			v[n] = x.Float64()
			n++
		}
	}
	switch n {
	case 1:
		return v[0] > 0.9
	case 3:
		return v[0] > 0.9 && v[1] > 0.9 && v[2] > 0.9
	case 4:
		return v[0] < 0.1 && v[1] < 0.1 && v[2] < 0.1 && v[3] < 0.1
	}
	return false
}

// font returns the font a Tf operand names. Fonts are parsed once per
// file: the cache key is the object reference of the font, read from the
// printed resource dictionary (resolving a reference parses the object
// from the file again each time), or the printed font dictionary when it
// is given inline.
func (w *walker) font(name string) *font {
	if f, ok := w.fonts[name]; ok {
		return f
	}
	dict := w.res.Key("Font")
	key := fontRef(dict.String(), name)
	f := w.st.fonts[key]
	if f == nil {
		fv := dict.Key(name)
		if fv.Kind() == lpdf.Dict {
			if key == "" {
				key = fv.String()
			}
			if f = w.st.fonts[key]; f == nil {
				f = loadFont(w.st, fv)
			}
		} else {
			f = &font{scale: 0.001, asc: 0.8, desc: -0.2, dw: 1000, simple: true}
		}
		if key != "" {
			w.st.fonts[key] = f
		}
	}
	w.fonts[name] = f
	return f
}

// fontRef finds "/name N G R" in a printed dictionary and returns "N G R",
// or "" when the entry is not a reference.
func fontRef(dict, name string) string {
	key := "/" + name + " "
	for off := 0; ; {
		i := strings.Index(dict[off:], key)
		if i < 0 {
			return ""
		}
		rest := dict[off+i+len(key):]
		off += i + len(key)
		end := strings.IndexAny(rest, "/>")
		if end < 0 {
			end = len(rest)
		}
		if ref := strings.TrimSpace(rest[:end]); strings.HasSuffix(ref, " R") {
			return ref
		}
	}
}

func (w *walker) moveLine(tx, ty float64) {
	w.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(w.tlm)
	w.tm = w.tlm
}

func (w *walker) advance(tx float64) {
	if w.gs.font != nil && w.gs.font.vertical {
		w.tm = matrix{1, 0, 0, 1, 0, -tx}.mul(w.tm)
		return
	}
	w.tm = matrix{1, 0, 0, 1, tx, 0}.mul(w.tm)
}

// show places the characters of one string operand.
func (w *walker) show(s string) {
	f := w.gs.font
	if f == nil {
		f = w.font("")
		w.gs.font = f
	}
	gs := &w.gs
	base := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.rise}
	for i := 0; i < len(s); {
		c, n := f.next(s[i:])
		i += n
		wd := f.width(c, n)
		text, ok := f.decode(c, n)
		out := w.out
		out.shown++
		if !ok {
			out.unmapped++
			text = "\uFFFD"
		}
		if f.glyphless {
			out.glyphless++
		}
		switch {
		case gs.render == 3 || gs.render == 7:
			out.invisible++
		case strings.TrimSpace(text) == "":
		default:
			w.emit(base.mul(w.tm).mul(gs.ctm), f, wd, text)
		}
		adv := wd * gs.size
		if f.vertical {
			adv = gs.size
		}
		adv += gs.cs
		if n == 1 && c == 32 {
			adv += gs.ws
		}
		w.advance(adv * gs.th)
		if len(out.glyphs) > w.st.maxGlyphs {
			panic(errBudget)
		}
	}
}

func (w *walker) emit(trm matrix, f *font, wd float64, text string) {
	g := glyph{text: text}
	x0, x1, y0, y1 := 0.0, wd, f.desc, f.asc
	if f.vertical {
		x0, x1, y0, y1 = -0.5, 0.5, -1, 0
	}
	if math.Abs(trm[1]) < 1e-6*math.Abs(trm[0]) && math.Abs(trm[2]) < 1e-6*math.Abs(trm[3]) && trm[0] > 0 && trm[3] < 0 {
		g.upright = true
		g.x0, g.x1 = trm[4]+x0*trm[0], trm[4]+x1*trm[0]
		g.y0, g.y1 = trm[5]+y1*trm[3], trm[5]+y0*trm[3]
		g.base = trm[5]
		g.size = -trm[3]
	} else {
		ax, ay := trm.apply(x0, y0)
		bx, by := trm.apply(x1, y0)
		cx, cy := trm.apply(x1, y1)
		dx, dy := trm.apply(x0, y1)
		g.x0, g.x1 = min(ax, bx, cx, dx), max(ax, bx, cx, dx)
		g.y0, g.y1 = min(ay, by, cy, dy), max(ay, by, cy, dy)
		g.size = math.Hypot(trm[2], trm[3])
		g.base = (g.y0 + g.y1) / 2
	}
	if g.size <= 0 || math.IsNaN(g.x0+g.x1+g.y0+g.y1) {
		return
	}
	// Text outside the page is not printed; producers park hidden
	// strings there.
	if g.x1 < 0 || g.y1 < 0 || g.x0 > w.out.width || g.y0 > w.out.height {
		return
	}
	w.out.glyphs = append(w.out.glyphs, g)
}

func (w *walker) lineTo(x, y float64) {
	px, py := w.gs.ctm.apply(x, y)
	if len(w.pts) < 1<<16 {
		w.pts = append(w.pts, pt{px, py})
	}
}

func (w *walker) endSubpath(closed bool) {
	if len(w.pts) > w.start {
		if len(w.path) < 1<<14 {
			w.path = append(w.path, subpath{from: w.start, to: len(w.pts), closed: closed, curve: w.curve})
		}
		w.start = len(w.pts)
	}
	w.curve = false
}

func (w *walker) resetPath() {
	w.pts, w.path, w.start, w.curve = w.pts[:0], w.path[:0], 0, false
}

// paint turns the current path into ruling lines: straight stroked edges
// that are horizontal or vertical, and thin filled rectangles (how Word
// and WPS draw cell borders). Paths with curves are glyph outlines or
// decorations, never table rules.
func (w *walker) paint(close, stroke, fill bool) {
	w.endSubpath(close)
	lw := w.gs.lineWidth * math.Hypot(w.gs.ctm[0], w.gs.ctm[1])
	for _, sp := range w.path {
		pts := w.pts[sp.from:sp.to]
		if sp.curve || len(pts) < 2 {
			continue
		}
		if stroke && !w.gs.strokeLight && lw < 6 {
			for i := 1; i < len(pts); i++ {
				w.edge(pts[i-1], pts[i])
			}
			if sp.closed {
				w.edge(pts[len(pts)-1], pts[0])
			}
		}
		if fill && !w.gs.fillLight {
			w.thinRect(pts)
		}
	}
	w.resetPath()
}

func (w *walker) edge(p, q pt) {
	const tol = 0.5
	out := w.out
	switch {
	case math.Abs(p.y-q.y) < tol && math.Abs(p.x-q.x) >= tol:
		if len(out.hs) < w.st.maxSegs {
			out.hs = append(out.hs, seg{(p.y + q.y) / 2, min(p.x, q.x), max(p.x, q.x)})
		}
	case math.Abs(p.x-q.x) < tol && math.Abs(p.y-q.y) >= tol:
		if len(out.vs) < w.st.maxSegs {
			out.vs = append(out.vs, seg{(p.x + q.x) / 2, min(p.y, q.y), max(p.y, q.y)})
		}
	}
}

func (w *walker) thinRect(pts []pt) {
	if len(pts) > 5 || len(pts) < 4 {
		return
	}
	x0, y0, x1, y1 := pts[0].x, pts[0].y, pts[0].x, pts[0].y
	for _, p := range pts[1:] {
		x0, x1 = min(x0, p.x), max(x1, p.x)
		y0, y1 = min(y0, p.y), max(y1, p.y)
	}
	// Only axis-aligned rectangles: every point sits on the box.
	for _, p := range pts {
		onX := math.Abs(p.x-x0) < 0.5 || math.Abs(p.x-x1) < 0.5
		onY := math.Abs(p.y-y0) < 0.5 || math.Abs(p.y-y1) < 0.5
		if !onX || !onY {
			return
		}
	}
	wd, ht := x1-x0, y1-y0
	out := w.out
	switch {
	case ht <= 3 && wd > ht && len(out.hs) < w.st.maxSegs:
		out.hs = append(out.hs, seg{(y0 + y1) / 2, x0, x1})
	case wd <= 3 && ht > wd && len(out.vs) < w.st.maxSegs:
		out.vs = append(out.vs, seg{(x0 + x1) / 2, y0, y1})
	}
}

// unitArea is the display-space area of the unit square under the CTM,
// which is where images are drawn.
func (w *walker) unitArea() float64 {
	m := w.gs.ctm
	return math.Abs(m[0]*m[3] - m[1]*m[2])
}

// Form XObjects nest at most maxFormDepth deep and are drawn at most
// maxFormDraws times on a page; real reports use a few (logos, stamps).
const (
	maxFormDepth = 8
	maxFormDraws = 1000
)

func (w *walker) xobject(name string) {
	xo := w.res.Key("XObject").Key(name)
	switch xo.Key("Subtype").Name() {
	case "Image":
		w.out.imageArea += w.unitArea()
	case "Form":
		if w.depth >= maxFormDepth {
			return
		}
		// A form that draws itself, directly or through others, would
		// be drawn until the budget ran out (seconds): it is drawn once.
		ref := fontRef(w.res.Key("XObject").String(), name)
		for a := w; a != nil; a = a.parent {
			if ref != "" && a.form == ref {
				return
			}
		}
		// Forms drawing forms multiply: ten each, eight deep, is a
		// hundred million; the count stops that at the first thousand.
		if w.out.forms++; w.out.forms > maxFormDraws {
			panic(fmt.Errorf("%w: form XObjects drawn more than %d times on page %d", errBudget, maxFormDraws, w.out.num))
		}
		ctm := w.gs.ctm
		if m := xo.Key("Matrix"); m.Len() == 6 {
			ctm = matrix{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
				m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.mul(ctm)
		}
		res := xo.Key("Resources")
		if res.Kind() != lpdf.Dict {
			res = w.res
		}
		sub := newWalker(w.st, w.out, res, ctm, w.depth+1)
		sub.parent, sub.form = w, ref
		sub.gs = w.gs
		sub.gs.ctm = ctm
		sub.run(w.st.prepare(xo))
	}
}
