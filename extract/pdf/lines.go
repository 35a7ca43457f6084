package pdf

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/cjk"
)

// textLine is a run of glyphs sharing a baseline, in x order.
type textLine struct {
	page           int
	glyphs         []glyph
	x0, x1, y0, y1 float64
	base, size     float64
	text           string
}

// buildLines groups glyphs into lines by clustering baselines: glyphs whose
// baselines lie within a third of the font size belong together, whatever
// order the content stream drew them in.
func buildLines(gs []glyph, page int) []textLine {
	if len(gs) == 0 {
		return nil
	}
	slices.SortStableFunc(gs, func(a, b glyph) int {
		if c := cmp.Compare(a.base, b.base); c != 0 {
			return c
		}
		return cmp.Compare(a.x0, b.x0)
	})
	var lines []textLine
	start := 0
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			tol := 0.35 * max(gs[i].size, gs[start].size)
			if gs[i].base-gs[start].base <= tol {
				continue
			}
		}
		if l, ok := makeLine(gs[start:i], page); ok {
			lines = append(lines, l)
		}
		start = i
	}
	return lines
}

// makeLine orders the glyphs of one line and drops the copies that fake
// bold type (the same character drawn again a fraction of a point away).
func makeLine(gs []glyph, page int) (textLine, bool) {
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(a.x0, b.x0) })
	kept := gs[:0]
	for _, g := range gs {
		if n := len(kept); n > 0 {
			p := kept[n-1]
			if p.text == g.text && abs(p.x0-g.x0) < 0.5*max(p.x1-p.x0, 0.1*g.size) && abs(p.base-g.base) < 0.3*g.size {
				continue
			}
		}
		kept = append(kept, g)
	}
	if len(kept) == 0 {
		return textLine{}, false
	}
	l := textLine{page: page, glyphs: kept, x0: kept[0].x0, x1: kept[0].x1, y0: kept[0].y0, y1: kept[0].y1}
	sizes := 0.0
	for _, g := range kept {
		l.x0, l.x1 = min(l.x0, g.x0), max(l.x1, g.x1)
		l.y0, l.y1 = min(l.y0, g.y0), max(l.y1, g.y1)
		sizes += g.size
		l.base += g.base
	}
	l.size = sizes / float64(len(kept))
	l.base /= float64(len(kept))
	l.text = glyphText(kept)
	return l, true
}

// glyphText joins the glyphs of a line, putting a space where the gap
// between two glyphs is wider than a space would be. Chinese is set
// without spaces, and justified Chinese lines stretch the gaps between
// characters, so a gap there has to be wider before it counts.
func glyphText(gs []glyph) string {
	var sb strings.Builder
	for i := range gs {
		g := &gs[i]
		if i > 0 {
			p := &gs[i-1]
			gap := g.x0 - p.x1
			size := max(p.size, g.size)
			thr := 0.2 * size
			if cjk.Wide(cjk.Last(p.text)) && cjk.Wide(cjk.First(g.text)) {
				thr = 0.6 * size
			}
			if gap > thr {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(g.text)
	}
	return sb.String()
}

// segment is a part of a line set apart by a wide gap: a column of an
// unruled table, or the pieces of a line justified across the page.
type segment struct {
	x0, x1 float64
	glyphs []glyph
	text   string
}

// gutter reports whether the gap before glyph i separates columns: wider
// than one and a half characters, or than a character between Chinese
// words (justified text stretches less), or wider than a space between
// two numbers, which narrow columns of counts set close together.
func (l *textLine) gutter(i int) bool {
	a, b := &l.glyphs[i-1], &l.glyphs[i]
	gap := b.x0 - a.x1
	size := max(a.size, b.size)
	ra, rb := cjk.Last(a.text), cjk.First(b.text)
	switch {
	case gap > 1.5*size:
		return true
	case cjk.Wide(ra) && cjk.Wide(rb):
		return gap > size
	case numberPart(ra) && numberPart(rb):
		return gap > 0.4*size
	}
	return false
}

// segments splits a line where gutter finds a column gap.
func (l *textLine) segments() []segment {
	var out []segment
	start := 0
	for i := 1; i <= len(l.glyphs); i++ {
		if i < len(l.glyphs) {
			if !l.gutter(i) {
				continue
			}
		}
		gs := l.glyphs[start:i]
		out = append(out, segment{x0: gs[0].x0, x1: gs[len(gs)-1].x1, glyphs: gs, text: glyphText(gs)})
		start = i
	}
	return out
}

// joinWrapped joins the lines of one cell or paragraph: Chinese and
// numbers that wrapped (a four-digit count broken over two lines of a
// narrow column) join without a space, words with one.
func joinWrapped(parts []string) string {
	var sb strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if sb.Len() > 0 {
			a, b := cjk.Last(sb.String()), cjk.First(p)
			glued := cjk.Wide(a) || cjk.Wide(b) || numberPart(a) && numberPart(b) ||
				strings.ContainsRune("-/@_", a) || strings.ContainsRune("@/._", b)
			if !glued {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(p)
	}
	return sb.String()
}

func numberPart(r rune) bool {
	return r >= '0' && r <= '9' || r == '.' || r == ','
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
