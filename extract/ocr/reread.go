package ocr

import (
	"cmp"
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// digits is what a number cell may hold when it is read again.
const digits = "0123456789.,-"

// suspects finds the table cells that should hold a number but may not
// show it right: in a row and a column that hold numbers elsewhere, a
// cell that came out empty although it has ink, as one to three
// characters that are no number and no dash, as digits with a stray
// character or two, or as a number that leaves a line of ink unread (the
// last digit of 26377, wrapped alone onto a second line of a narrow
// column, is dropped as a speck). Read among Chinese, a lone digit also
// turns into a character that looks like it (4 into 人).
func suspects(p *page, st *strip) map[[2]int]bool {
	type key = [2]int
	words := map[key][]word{}
	for _, w := range p.words {
		if w.grid > 0 {
			k := key{w.grid - 1, w.region}
			words[k] = append(words[k], w)
		}
	}
	text := func(k key) string {
		var sb strings.Builder
		for _, w := range words[k] {
			sb.WriteString(w.text)
		}
		return sb.String()
	}
	slots := map[key]slot{}
	for _, sl := range st.slots {
		if sl.line == 0 {
			slots[key{sl.grid, sl.region}] = sl
		}
	}
	isNum := func(k key) bool {
		_, ok, _ := repairNumber(text(k))
		return ok
	}
	out := map[key]bool{}
	for gi, g := range p.grids {
		rowNums := make([]int, len(g.own))
		colNums := make([]int, len(g.xs)-1)
		for r, row := range g.own {
			for c, id := range row {
				reg := g.regions[id]
				if reg.R0 != r || reg.C0 != c || !isNum(key{gi, id}) {
					continue
				}
				rowNums[r]++
				if reg.C0 == reg.C1 {
					colNums[c]++
				}
			}
		}
		for r, row := range g.own {
			for c, id := range row {
				k := key{gi, id}
				reg := g.regions[id]
				sl, inked := slots[k]
				if reg.R0 != r || reg.C0 != c || reg.C0 != reg.C1 || !inked || rowNums[r] < 2 || colNums[c] < 2 {
					continue
				}
				t := text(k)
				switch {
				case isNum(k):
					if !st.unread(sl, words[k]) {
						continue
					}
				case isDash(t), utf8.RuneCountInString(t) > 3 && !mostlyDigits(t):
					continue
				}
				out[k] = true
			}
		}
	}
	return out
}

// unread reports whether the slot holds a line of ink that none of the
// words read from it covers.
func (s *strip) unread(sl slot, ws []word) bool {
	if len(ws) == 0 {
		return true
	}
	covered := make([]bool, sl.y1-sl.y0+1)
	var hs []float64
	for _, w := range ws {
		hs = append(hs, w.y1-w.y0)
		for y := int(w.y0) - sl.dy - 2; y <= int(w.y1)-sl.dy+2; y++ {
			if y >= sl.y0 && y <= sl.y1 {
				covered[y-sl.y0] = true
			}
		}
	}
	need := max(4, int(0.4*slices.Max(hs)))
	run := 0
	for y := sl.y0; y <= sl.y1; y++ {
		dark := 0
		for _, v := range s.img.pix[y*s.img.w+sl.x0 : y*s.img.w+sl.x1+1] {
			if v < s.ink {
				dark++
			}
		}
		if dark >= 2 && !covered[y-sl.y0] {
			run++
			if run >= need {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// garbled finds the table cells whose text came out mostly as Latin
// letters: at least three, and more than a third of the Chinese
// characters (a label may hold an APP or a PDF).
func garbled(p *page) map[[2]int]bool {
	texts := map[[2]int]string{}
	for _, w := range p.words {
		if w.grid > 0 {
			texts[[2]int{w.grid - 1, w.region}] += w.text
		}
	}
	out := map[[2]int]bool{}
	for k, t := range texts {
		if l := latinCount(t); l >= 3 && 3*l > hanCount(t) {
			out[k] = true
		}
	}
	return out
}

func latinCount(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x80 && unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// mostlyDigits reports text of digits with at most two other characters
// among them (2637入: the last digit, alone on a line of its own in a
// narrow cell, read as a character).
func mostlyDigits(s string) bool {
	d, other := 0, 0
	for _, r := range s {
		if isDigit(r) {
			d++
		} else {
			other++
		}
	}
	return d > 0 && other <= 2
}

// reread reads table cells of a page again where the first reading is
// unlikely: cells that should be numbers, allowing only digits (the
// words are marked as repaired: the digit is a likely reading, not a
// sure one), and cells of Latin garbage, with the Chinese model alone.
// A second reading replaces the first only if it is better: a number,
// or more Chinese.
func (r *reader) reread(ctx context.Context, p *page, st *strip, dpi int, base string) error {
	if bad := suspects(p, st); len(bad) > 0 {
		isNum := func(s string) bool { _, ok, _ := repairNumber(s); return ok }
		// One line of digits, read as a raw line (--psm 13) by the English
		// model: any layout analysis drops a lone digit as a speck, and
		// the Chinese model drops it even on a raw line.
		if err := r.readAgain(ctx, p, st.lineUp(bad, dpi), dpi, base+"d", digitLanguage, 13, isNum, true, "tessedit_char_whitelist="+digits); err != nil {
			return err
		}
	}
	if bad := garbled(p); len(bad) > 0 {
		// Labels of a Chinese table are Chinese: the English model
		// decodes some as Latin garbage (3. 危及“三安全一稳定” as BEM “SHE”).
		better := func(s string) bool { return hanCount(s) > 0 && 3*latinCount(s) <= hanCount(s) }
		if err := r.readAgain(ctx, p, st.subset(bad, dpi), dpi, base+"l", r.opts.Languages, r.opts.CellPSM, better, false); err != nil {
			return err
		}
	}
	return nil
}

// readAgain recognises the cells of sub, a strip of their own, and puts
// a reading that passes better in place of the first.
func (r *reader) readAgain(ctx context.Context, p *page, sub *strip, dpi int, base string, langs string, psm int, better func(string) bool, mark bool, vars ...string) error {
	if len(sub.slots) == 0 {
		return nil
	}
	name := base + ".pgm"
	if err := writePGM(name, sub.img); err != nil {
		return err
	}
	words, err := recognizeWith(ctx, r.t, langs, psm, name, dpi, vars...)
	os.Remove(name)
	if err != nil {
		return err
	}
	got := map[[2]int][]word{}
	for _, w := range words {
		sl, ok := sub.place(&w)
		if !ok {
			continue
		}
		w.grid, w.region, w.page, w.reread = sl.grid+1, sl.region, p.num, mark
		w.lineKey += 2 << 20
		k := [2]int{sl.grid, sl.region}
		got[k] = append(got[k], w)
	}
	replace := map[[2]int]bool{}
	for k, ws := range got {
		var sb strings.Builder
		for _, w := range ws {
			sb.WriteString(w.text)
		}
		if better(sb.String()) {
			replace[k] = true
			if mark {
				// Read for digits, a cell holds one number: the pieces
				// tesseract split it into are one word.
				got[k] = []word{joinWords(ws)}
			}
		}
	}
	out := p.words[:0]
	for _, w := range p.words {
		if w.grid > 0 && replace[[2]int{w.grid - 1, w.region}] {
			continue
		}
		out = append(out, w)
	}
	for k, ws := range got {
		if replace[k] {
			out = append(out, ws...)
		}
	}
	p.words = out
	return nil
}

// joinWords makes one word of several: their texts run together, their
// boxes joined, the lowest confidence.
func joinWords(ws []word) word {
	slices.SortFunc(ws, func(a, b word) int { return cmp.Compare(a.x0, b.x0) })
	out := ws[0]
	for _, w := range ws[1:] {
		out.text += w.text
		out.conf = min(out.conf, w.conf)
		out.x0, out.y0 = min(out.x0, w.x0), min(out.y0, w.y0)
		out.x1, out.y1 = max(out.x1, w.x1), max(out.y1, w.y1)
	}
	return out
}

// subset is a strip of the slots of s in keep, cut from its image.
func (s *strip) subset(keep map[[2]int]bool, dpi int) *strip {
	pad, gap := max(8, dpi/10), max(16, dpi/5)
	var slots []slot
	height := pad
	for _, sl := range s.slots {
		if keep[[2]int{sl.grid, sl.region}] {
			slots = append(slots, sl)
			height += sl.y1 - sl.y0 + 1 + gap
		}
	}
	out := newStrip(s.img.w, height+pad, s.ink)
	y := pad
	for _, sl := range slots {
		h := sl.y1 - sl.y0 + 1
		for r := 0; r < h; r++ {
			copy(out.img.pix[(y+r)*out.img.w+pad:], s.img.pix[(sl.y0+r)*s.img.w+sl.x0:(sl.y0+r)*s.img.w+sl.x1+1])
		}
		n := sl
		n.y0, n.y1, n.x0, n.x1 = y, y+h-1, pad, pad+sl.x1-sl.x0
		n.dx, n.dy = sl.dx+sl.x0-pad, sl.dy+sl.y0-y
		out.slots = append(out.slots, n)
		y += h + gap
	}
	return out
}

func newStrip(w, h int, ink byte) *strip {
	s := &strip{img: &gray{w: w, h: h, pix: make([]byte, w*h)}, ink: ink}
	for i := range s.img.pix {
		s.img.pix[i] = 255
	}
	return s
}

// band is a line of ink in a slot: rows y0..y1, columns x0..x1 of the
// strip.
type band struct{ x0, y0, x1, y1 int }

// bands splits the ink of a slot into its lines, at every row without
// ink: lines of digits in a narrow cell may be set a single row apart,
// and a digit has no blank row inside.
func (s *strip) bands(sl slot) []band {
	var out []band
	cur := band{x0: s.img.w, y0: -1}
	for y := sl.y0; y <= sl.y1+1; y++ {
		x0, x1 := -1, -1
		if y <= sl.y1 {
			for x := sl.x0; x <= sl.x1; x++ {
				if s.img.pix[y*s.img.w+x] < s.ink {
					if x0 < 0 {
						x0 = x
					}
					x1 = x
				}
			}
		}
		switch {
		case x0 >= 0 && cur.y0 < 0:
			cur = band{x0: x0, y0: y, x1: x1, y1: y}
		case x0 >= 0:
			cur.x0, cur.x1, cur.y1 = min(cur.x0, x0), max(cur.x1, x1), y
		case cur.y0 >= 0:
			out = append(out, cur)
			cur.y0 = -1
		}
	}
	return out
}

// lineUp makes a strip of one line of the slots of s in keep, each
// cell's lines set side by side, bottoms aligned, and the cells apart: a
// number wrapped in a narrow column (2637 over 7) becomes one word again,
// and a lone digit is read in the company of others.
func (s *strip) lineUp(keep map[[2]int]bool, dpi int) *strip {
	pad := max(8, dpi/10)
	type item struct {
		sl    slot
		bands []band
		w     int
	}
	var items []item
	width, height := pad, 0
	for _, sl := range s.slots {
		if !keep[[2]int{sl.grid, sl.region}] {
			continue
		}
		it := item{sl: sl, bands: s.bands(sl)}
		if len(it.bands) == 0 {
			continue
		}
		for _, b := range it.bands {
			it.w += b.x1 - b.x0 + 2
			height = max(height, b.y1-b.y0+1)
		}
		items = append(items, it)
	}
	gap := max(pad, height)
	for _, it := range items {
		width += it.w + gap
	}
	out := newStrip(width+pad, height+2*pad, s.ink)
	x := pad
	for _, it := range items {
		first := it.bands[0]
		n := it.sl
		n.x0, n.y0, n.y1 = x, pad, pad+height-1
		for _, b := range it.bands {
			top := pad + height - (b.y1 - b.y0 + 1)
			for r := b.y0; r <= b.y1; r++ {
				copy(out.img.pix[(top+r-b.y0)*out.img.w+x:], s.img.pix[r*s.img.w+b.x0:r*s.img.w+b.x1+1])
			}
			x += b.x1 - b.x0 + 2
		}
		n.x1 = x - 1
		// Words map back to where the cell's first line starts.
		n.dx = first.x0 + it.sl.dx - n.x0
		n.dy = first.y0 + it.sl.dy - (pad + height - (first.y1 - first.y0 + 1))
		out.slots = append(out.slots, n)
		x += gap
	}
	return out
}

// weakLines adds to the strip the short lines of running text that hold
// a word read with low confidence: headings, mostly. Read alone, a line
// is read better than among the page (the bold 总 of 一、总体情况, read
// as 息 with confidence 0 on the page, comes out right), and normalize
// finds sections by their headings. Long lines are left: there are many,
// and reading them again would cost as much as the page. It returns the
// lines added, by tesseract line.
func weakLines(st *strip, g *gray, words []word) map[int][]word {
	lines := map[int][]word{}
	for _, w := range words {
		lines[w.lineKey] = append(lines[w.lineKey], w)
	}
	weak := map[int][]word{}
	var boxes [][4]int
	var slots []slot
	for key, ws := range lines {
		runes, han, low := 0, 0, false
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, w := range ws {
			runes += utf8.RuneCountInString(w.text)
			han += hanCount(w.text)
			low = low || w.conf < weakWord
			x0, y0, x1, y1 = min(x0, w.x0), min(y0, w.y0), max(x1, w.x1), max(y1, w.y1)
		}
		if !low || han == 0 || runes > 30 {
			continue
		}
		m := 0.3 * (y1 - y0)
		b := [4]int{max(0, int(x0-m)), max(0, int(y0-m)), min(g.w-1, int(x1+m)), min(g.h-1, int(y1+m))}
		weak[key] = ws
		boxes = append(boxes, b)
		slots = append(slots, slot{grid: -1, region: -1, line: key + 1})
	}
	// Map order is random; the strip is laid out top to bottom.
	order := make([]int, len(boxes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return boxes[a][1] - boxes[b][1] })
	sb, ss := make([][4]int, len(order)), make([]slot, len(order))
	for i, k := range order {
		sb[i], ss[i] = boxes[k], slots[k]
	}
	st.extend(g, sb, ss)
	return weak
}

// weakWord is the confidence below which a word makes its line worth
// reading again.
const weakWord = 0.6

// betterLines puts the second reading of a weak line in place of the
// first when it is more confident and keeps the Chinese characters (a
// reading that drops some is not better, however confident).
func betterLines(words []word, weak, again map[int][]word) []word {
	replace := map[int]bool{}
	for key, old := range weak {
		nw := again[key]
		if len(nw) == 0 {
			continue
		}
		ho, hn := 0, 0
		for _, w := range old {
			ho += hanCount(w.text)
		}
		for _, w := range nw {
			hn += hanCount(w.text)
		}
		if hn >= ho-1 && hn <= ho+1 && meanConf(nw) > meanConf(old)+0.05 {
			replace[key] = true
		}
	}
	if len(replace) == 0 {
		return words
	}
	out := words[:0]
	for _, w := range words {
		if w.grid == 0 && replace[w.lineKey] {
			continue
		}
		out = append(out, w)
	}
	for key := range replace {
		out = append(out, again[key]...)
	}
	return out
}

// meanConf is the confidence of words weighted by their characters.
func meanConf(ws []word) float64 {
	sum, n := 0.0, 0
	for _, w := range ws {
		k := utf8.RuneCountInString(w.text)
		sum += w.conf * float64(k)
		n += k
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
