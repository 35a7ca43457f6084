package ocr

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rulegrid "github.com/nianbao/nianbao/internal/grid"
)

func TestRepairNumber(t *testing.T) {
	for _, c := range []struct {
		in, out     string
		ok, changed bool
	}{
		{"12", "12", true, false},
		{"1,234", "1,234", true, false},
		{"72.18", "72.18", true, false},
		{"1O", "10", true, true},
		{"l2", "12", true, true},
		{"2I", "21", true, true},
		{"1|0", "110", true, true},
		{"O", "0", true, true},
		{"o", "0", true, true},
		{"〇", "0", true, true},
		{"oo", "", false, false},
		{"１２", "12", true, true},
		{"７２．１８", "72.18", true, true},
		{"l", "", false, false},
		{"I", "", false, false},
		{"Il", "", false, false},
		{"人", "", false, false},
		{"规章", "", false, false},
		{"Oil", "", false, false},
		{"2637入", "", false, false},
		{"—", "", false, false},
		{"", "", false, false},
	} {
		out, ok, changed := repairNumber(c.in)
		assert.Equal(t, c.ok, ok, "%q", c.in)
		assert.Equal(t, c.changed, changed, "%q", c.in)
		if c.ok {
			assert.Equal(t, c.out, out, "%q", c.in)
		} else {
			assert.Equal(t, c.in, out, "%q is left alone", c.in)
		}
	}
}

func TestIsValue(t *testing.T) {
	for _, s := range []string{"12", "1,234", "１２", "72.18%", "1O", "Il", "〇", "|", "-3", "—", "/", "无", "5件"} {
		assert.True(t, isValue(s), "%q", s)
	}
	for _, s := range []string{"", "人", "规章", "Oil", "2637入", "行政许可"} {
		assert.False(t, isValue(s), "%q", s)
	}
}

// TestIsDash: the marks for an empty cell, dashes read as 一 or _
// included; 暂无 too, which normalize reads as a dash (it was read again
// as digits, which could turn it into a number).
func TestIsDash(t *testing.T) {
	for _, s := range []string{"—", "-", "－", "/", "\\", "~", "一", "_", "一一", "无", "空", "暂无"} {
		assert.True(t, isDash(s), "%q", s)
	}
	for _, s := range []string{"", "1", "人", "无法", "l"} {
		assert.False(t, isDash(s), "%q", s)
	}
}

func TestRepairLabel(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" for no repair
	}{
		{"〈七) 总计", "（七） 总计"},
		{"《一》予以公开", "（一）予以公开"},
		{"3其他", "3.其他"},
		{"3.其他", ""},
		{"3 .其他", ""},
		{"（七）总计", ""},
		{"2023年", ""},
		{"5年以上", ""},
		{"《中华人民共和国政府信息公开条例》", ""},
		{"规章", ""},
	} {
		n, with := repairLabel(c.in)
		if c.want == "" {
			assert.Zero(t, n, "%q", c.in)
			continue
		}
		assert.Equal(t, c.want, with+c.in[n:], "%q", c.in)
	}
}

func TestFixSpans(t *testing.T) {
	// "〈七)" (7 bytes) becomes "（七）" (9 bytes); "总计" moves by 2.
	spans := []wspan{{0, 7, 0.9}, {8, 14, 0.8}}
	got := fixSpans(spans, 7, 9)
	assert.Equal(t, []wspan{{0, 9, RepairedConfidence}, {10, 16, 0.8}}, got)
}

// page draws a white page with black rectangles.
func drawn(w, h int, rects ...[4]int) *gray {
	g := &gray{w: w, h: h, pix: make([]byte, w*h)}
	for i := range g.pix {
		g.pix[i] = 255
	}
	for _, r := range rects {
		for y := r[1]; y < r[3]; y++ {
			for x := r[0]; x < r[2]; x++ {
				g.pix[y*w+x] = 0
			}
		}
	}
	return g
}

// TestFindGrids draws a table of three rows and three columns whose top
// row is one merged cell, with a glyph-like stroke and an underline
// beside it, and finds its grid.
func TestFindGrids(t *testing.T) {
	const dpi = 300
	var rects [][4]int
	ys := []int{500, 600, 700, 800}
	xs := []int{200, 900, 1300, 1700}
	for _, y := range ys {
		rects = append(rects, [4]int{200, y, 1703, y + 3})
	}
	for _, x := range xs {
		top := 500
		if x != 200 && x != 1700 {
			top = 600 // no rule inside the top row: one merged cell
		}
		rects = append(rects, [4]int{x, top, x + 3, 803})
	}
	rects = append(rects,
		[4]int{300, 1000, 345, 1004},   // the stroke of a 一, not a rule
		[4]int{300, 1200, 1000, 1203},  // a lone underline, erased but no table
		[4]int{1800, 1000, 1802, 1040}, // a vertical stroke
	)
	g := drawn(2000, 1500, rects...)
	rs := findRules(g, dpi)
	assert.InDelta(t, 0, rs.skew, 1e-9)
	grids, eh, ev := findGrids(rs, dpi)
	require.Len(t, grids, 1)
	gr := grids[0]
	require.Len(t, gr.xs, 4)
	require.Len(t, gr.ys, 4)
	for i, x := range xs {
		assert.InDelta(t, float64(x)+1, gr.xs[i], 2)
	}
	for i, y := range ys {
		assert.InDelta(t, float64(y)+1, gr.ys[i], 2)
	}
	// The top row is one region over three columns; the others are cells.
	assert.Equal(t, gr.own[0][0], gr.own[0][2])
	assert.NotEqual(t, gr.own[1][0], gr.own[1][1])
	assert.Len(t, gr.regions, 7)
	top := gr.regions[gr.own[0][0]]
	assert.Equal(t, rulegrid.Region{R0: 0, C0: 0, R1: 0, C1: 2}, top)
	// The underline is erased with the table; the stroke is not a rule.
	assert.Len(t, eh, 5)
	assert.Len(t, ev, 4)
	erase(g, eh, false)
	erase(g, ev, true)
	assert.Equal(t, byte(255), g.pix[1201*g.w+500], "underline erased")
	assert.Equal(t, byte(255), g.pix[601*g.w+901], "rule erased")
	assert.Equal(t, byte(0), g.pix[1002*g.w+320], "stroke kept")
}

// TestFindGrids_Skewed finds the grid of a table turned by 1.5°.
func TestFindGrids_Skewed(t *testing.T) {
	const dpi = 200
	deg := 1.5 * math.Pi / 180
	w, h := 1600, 1400
	g := drawn(w, h)
	s, c := math.Sincos(deg)
	// Draw rules of the unturned table by sampling the turned page.
	rule := func(x, y float64) bool {
		for _, ry := range []float64{300, 400, 500, 600} {
			if y >= ry && y < ry+2 && x >= 200 && x <= 1302 {
				return true
			}
		}
		for _, rx := range []float64{200, 700, 1300} {
			if x >= rx && x < rx+2 && y >= 300 && y <= 602 {
				return true
			}
		}
		return false
	}
	for py := 0; py < h; py++ {
		for px := 0; px < w; px++ {
			dx, dy := float64(px)-800, float64(py)-700
			if rule(c*dx+s*dy+800, -s*dx+c*dy+700) {
				g.pix[py*w+px] = 0
			}
		}
	}
	rs := findRules(g, dpi)
	assert.InDelta(t, deg, math.Abs(rs.skew), 0.002)
	grids, _, _ := findGrids(rs, dpi)
	require.Len(t, grids, 1)
	assert.Len(t, grids[0].ys, 4)
	assert.Len(t, grids[0].xs, 3)
	assert.Len(t, grids[0].regions, 6)
}

func TestParseTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t\n" +
		"4\t1\t1\t1\t1\t0\t243\t1347\t700\t40\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t243\t1347\t60\t40\t96.5\t规章\n" +
		"5\t1\t1\t1\t1\t2\t838\t1349\t20\t38\t91\t0\n" +
		"5\t1\t1\t1\t2\t1\t243\t1400\t20\t38\t95\t \n" +
		"5\t1\t2\t1\t1\t1\t243\t1500\t20\t38\t50\t2\n"
	ws, err := parseTSV([]byte(tsv))
	require.NoError(t, err)
	require.Len(t, ws, 3)
	assert.Equal(t, "规章", ws[0].text)
	assert.InDelta(t, 0.965, ws[0].conf, 1e-9)
	assert.Equal(t, [4]float64{243, 1347, 303, 1387}, [4]float64{ws[0].x0, ws[0].y0, ws[0].x1, ws[0].y1})
	assert.Equal(t, ws[0].lineKey, ws[1].lineKey)
	assert.NotEqual(t, ws[0].lineKey, ws[2].lineKey)
	_, err = parseTSV([]byte("level\n5\t1\t1\t1\t1\t1\tx\t0\t0\t0\t0\ta\n"))
	assert.Error(t, err)
}

func TestScanDPI(t *testing.T) {
	info := []byte("Pages:           3\nPage    1 size:  595.44 x 842.04 pts (A4)\nPage    2 size:  595.44 x 842.04 pts (A4)\nPage    3 size:  842.04 x 595.44 pts (A4)\n")
	list := []byte(`page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image    1654  2339  gray    1   8  jpeg   no         3  0   200   200  172K 4.5%
   2     1 image     120    80  rgb     3   8  jpeg   no         6  0    72    72  1K 4.5%
   3     2 image    1240  1754  gray    1   8  image  no         9  0   150   150  79.8K 2.1%
`)
	sizes := pageSizes(info)
	assert.Equal(t, [2]float64{842.04, 595.44}, sizes[3])
	got := scanDPI(sizes, list)
	assert.Equal(t, map[int]int{1: 200, 3: 300}, got, "page 2's image is a logo, not a scan; page 3 is doubled")
}
