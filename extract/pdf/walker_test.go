package pdf

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
)

// buildPDF writes a small but complete PDF: one A4 page showing content
// in Helvetica (/F1, WinAnsi, widths 500), a CID font (/F2, Identity-H,
// /W widths, ToUnicode with a range across a 256 boundary) and two CID
// fonts without ToUnicode on predefined CMaps (/F3 GBK-EUC-H, /F4
// UniGB-UCS2-H).
func buildPDF(content string) []byte { return buildPDFPage("", content) }

// buildPDFPage is buildPDF with more entries for the page dictionary.
func buildPDFPage(pageAttrs string, contents ...string) []byte {
	var p extracttest.PDF
	for _, o := range pdfObjects(pageAttrs, contents...) {
		p.Add(o, nil)
	}
	return p.Bytes()
}

// pdfObjects are the objects of buildPDFPage, catalog first.
func pdfObjects(pageAttrs string, contents ...string) []string {
	widths := bytes.Repeat([]byte("500 "), 95)
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"1 beginbfrange <00FE> <0101> <6DC4> endbfrange\n" +
		"2 beginbfchar <0010> <0031> <0011> <0032> endbfchar\n" +
		"endcmap end end"
	kids := ""
	for i := range contents {
		kids += fmt.Sprintf("%d 0 R ", 9+2*i)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] >>", kids, len(contents)),
		fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [%s] >>", widths),
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /W [16 [500 500]] /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap)+1, cmap),
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [5 0 R] >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
	}
	for i, c := range contents {
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 7 0 R /F4 8 0 R >> >> /Contents %d 0 R %s >>", 10+2*i, pageAttrs),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(c)+1, c))
	}
	return objs
}

// ruledTable draws a grid with rules at the given x and y (PDF space)
// and writes one text per cell, top row first.
func ruledTable(xs, ys []float64, cells [][]string) string {
	var sb strings.Builder
	for _, y := range ys {
		fmt.Fprintf(&sb, "%g %g m %g %g l S\n", xs[0], y, xs[len(xs)-1], y)
	}
	for _, x := range xs {
		fmt.Fprintf(&sb, "%g %g m %g %g l S\n", x, ys[0], x, ys[len(ys)-1])
	}
	for r, row := range cells {
		for c, text := range row {
			fmt.Fprintf(&sb, "BT /F1 10 Tf %g %g Td (%s) Tj ET\n", xs[c]+3, ys[r]-12, text)
		}
	}
	return sb.String()
}

func mustPage(t *testing.T, content string) *pageContent {
	t.Helper()
	pages, err := readPages(buildPDF(content), extract.DefaultLimits)
	require.NoError(t, err)
	require.Len(t, pages, 1)
	return pages[0]
}

// text is the text of the page's glyphs in the order drawn.
func (p *pageContent) text() string {
	var sb strings.Builder
	for _, g := range p.glyphs {
		sb.WriteString(g.text)
	}
	return sb.String()
}

func TestWalker_TextState(t *testing.T) {
	// 12 pt Helvetica at x=100, baseline y=742 (100 below the top).
	p := mustPage(t, "BT /F1 12 Tf 100 742 Td (AB) Tj ET")
	require.Len(t, p.glyphs, 2)
	a, b := p.glyphs[0], p.glyphs[1]
	assert.Equal(t, "A", a.text)
	assert.InDelta(t, 100, a.x0, 1e-9)
	assert.InDelta(t, 106, a.x1, 1e-9) // 500/1000 em × 12
	assert.InDelta(t, 106, b.x0, 1e-9)
	assert.InDelta(t, 100, a.base, 1e-9)
	assert.InDelta(t, 12, a.size, 1e-9)

	// Character and word spacing, horizontal scaling, TJ kerning.
	p = mustPage(t, "BT /F1 10 Tf 2 Tc 3 Tw 50 Tz 0 742 Td (A B) Tj [(C) -1000 (D)] TJ ET")
	require.Len(t, p.glyphs, 4)
	x := []float64{}
	for _, g := range p.glyphs {
		x = append(x, g.x0)
	}
	// A: 0; space: (5+2)×0.5 = 3.5 → 3.5; B: 3.5 + (5+2+3)×0.5 = 8.5;
	// C: 8.5 + 3.5 = 12; D: 12 + 3.5 + 10×0.5 = 20.5.
	assert.InDeltaSlice(t, []float64{0, 8.5, 12, 20.5}, x, 1e-9)

	// Leading, T*, ' and rise; q/Q and cm move everything.
	p = mustPage(t, "q 1 0 0 1 10 0 cm BT /F1 10 Tf 14 TL 0 742 Td (A) Tj T* (B) Tj (C) ' 5 Ts (D) Tj ET Q BT /F1 10 Tf 0 742 Td (E) Tj ET")
	require.Len(t, p.glyphs, 5)
	assert.InDelta(t, 10, p.glyphs[0].x0, 1e-9)
	assert.InDelta(t, 114, p.glyphs[1].base, 1e-9)
	assert.InDelta(t, 128, p.glyphs[2].base, 1e-9)
	assert.InDelta(t, 123, p.glyphs[3].base, 1e-9) // raised 5
	assert.InDelta(t, 0, p.glyphs[4].x0, 1e-9)     // after Q
}

func TestWalker_Rotate(t *testing.T) {
	// A landscape table page: the content is turned a quarter left and
	// /Rotate 90 turns the page back, so the text reads upright.
	pages, err := readPages(buildPDFPage("/Rotate 90", "q 0 1 -1 0 595 0 cm BT /F1 10 Tf 100 500 Td (AB) Tj ET Q"), extract.DefaultLimits)
	require.NoError(t, err)
	p := pages[0]
	assert.InDelta(t, 842, p.width, 1e-9)
	assert.InDelta(t, 595, p.height, 1e-9)
	require.Len(t, p.glyphs, 2)
	assert.True(t, p.glyphs[0].upright)
	assert.InDelta(t, 100, p.glyphs[0].x0, 1e-9)
	assert.InDelta(t, 95, p.glyphs[0].base, 1e-9) // 595 − 500
	assert.Less(t, p.glyphs[0].x0, p.glyphs[1].x0)
}

func TestWalker_CIDFont(t *testing.T) {
	// Codes 00FE..0101 map across a 256 boundary; /W gives 0010 and 0011
	// half width, the rest take DW.
	p := mustPage(t, "BT /F2 10 Tf 0 742 Td <00FE00FF01000101> Tj <00100011> Tj ET")
	assert.Equal(t, "淄淅淆淇12", p.text())
	assert.InDelta(t, 40, p.glyphs[4].x0, 1e-9)
	assert.InDelta(t, 45, p.glyphs[5].x0, 1e-9)
	assert.InDelta(t, 50, p.glyphs[5].x1, 1e-9)
}

func TestWalker_PredefinedCMaps(t *testing.T) {
	// 淄博 in GBK (one-byte ASCII between) and in UCS-2.
	p := mustPage(t, "BT /F3 10 Tf 0 742 Td <D7CD41B2A9> Tj /F4 10 Tf <6DC4535A> Tj ET")
	assert.Equal(t, "淄A博淄博", p.text())
	assert.Zero(t, p.unmapped)
	assert.InDelta(t, 10, p.glyphs[1].x0, 1e-9) // 淄 takes DW 1000
	assert.InDelta(t, 15, p.glyphs[2].x0, 1e-9) // A half of it
}

func TestWalker_Rules(t *testing.T) {
	p := mustPage(t, "0 0 0 RG 1 w 50 700 m 300 700 l S "+ // stroked line
		"50 600 250 0.5 re f "+ // thin filled rectangle
		"1 1 1 rg 50 500 250 0.5 re f "+ // white: a background, not a rule
		"0 g 50 400 250 100 re f "+ // thick: a shaded cell, not a rule
		"0 G 50 300 m 100 350 l S "+ // diagonal
		"50 200 m 60 210 70 200 80 200 c S") // curve
	require.Len(t, p.hs, 2)
	assert.InDelta(t, 142, p.hs[0].pos, 1e-9)
	assert.InDelta(t, 50, p.hs[0].lo, 1e-9)
	assert.InDelta(t, 300, p.hs[0].hi, 1e-9)
	assert.InDelta(t, 241.75, p.hs[1].pos, 1e-9)
	assert.Empty(t, p.vs)
}

// TestRead_ContentRepairs runs content streams that the parser's
// tokenizer cannot take as they are; each must read, and quickly.
func TestRead_ContentRepairs(t *testing.T) {
	for name, content := range map[string]string{
		// It would read the end as endless white space inside the string.
		"open hex string at the end": "BT /F1 12 Tf 100 742 Td (Hello) Tj ET <41",
		"inline image with binary data": "q 10 0 0 10 100 100 cm BI /W 4 /H 4 /CS /G /BPC 8 ID \x00\x01)\x02(\xff>]} EI Q " +
			"BT /F1 12 Tf 100 742 Td (Hello) Tj ET",
		"odd hex string":            "BT /F1 12 Tf 100 742 Td <48656C6C6F2> Tj ET",
		"unknown escape":            "BT /F1 12 Tf 100 742 Td (\\Hello) Tj ET",
		"stray delimiters":          "BT /F1 12 Tf 100 742 Td ) > (Hello) Tj ET",
		"overlong integer":          "BT /F1 12 Tf 100 742 Td 123456789012345678901234 Tc (Hello) Tj ET",
		"unterminated string":       "BT /F1 12 Tf 100 742 Td (Hello) Tj ET (abc",
		"bad name escape and octal": "BT /F1 12 Tf 100 742 Td /a#zz (Hello\\777) Tj ET",
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := Read("x.pdf", buildPDF(content), extract.Limits{})
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(doc.Text, "Hello"), "%q", doc.Text)
		})
	}
	t.Run("operand flood", func(t *testing.T) {
		_, err := Read("x.pdf", buildPDF(strings.Repeat("1 ", maxOperands+1)+"BT ET"), extract.Limits{})
		assert.ErrorIs(t, err, extract.ErrTooLarge)
	})
}

func TestRead_Guards(t *testing.T) {
	t.Run("cross-reference sections in a circle", func(t *testing.T) {
		src := buildPDF("BT /F1 12 Tf 100 742 Td (A) Tj ET")
		xref := bytes.LastIndex(src, []byte("\nxref")) + 1
		// The trailer's /Prev points at its own section.
		src = bytes.Replace(src, []byte("/Root 1 0 R"), fmt.Appendf(nil, "/Root 1 0 R /Prev %d", xref), 1)
		start := bytes.LastIndex(src, []byte("startxref"))
		src = append(src[:start], fmt.Appendf(nil, "startxref\n%d\n%%%%EOF\n", xref)...)
		_, err := Read("x.pdf", src, extract.Limits{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "circle")
	})
	t.Run("huge object count", func(t *testing.T) {
		src := buildPDF("BT /F1 12 Tf 100 742 Td (A) Tj ET")
		i := bytes.Index(src, []byte("xref\n0 ")) + len("xref\n0 ")
		j := i + bytes.IndexByte(src[i:], '\n')
		src = slices.Concat(src[:i], []byte("900000000"), src[j:])
		_, err := Read("x.pdf", src, extract.Limits{})
		assert.ErrorIs(t, err, extract.ErrTooLarge)
	})
	t.Run("deflate bomb", func(t *testing.T) {
		_, err := Read("x.pdf", buildPDF("BT /F1 12 Tf 100 742 Td (A) Tj ET"), extract.Limits{MaxUnzipped: 10})
		assert.ErrorIs(t, err, extract.ErrTooLarge)
	})
	t.Run("well-formed", func(t *testing.T) {
		doc, err := Read("x.pdf", buildPDF("BT /F1 12 Tf 100 742 Td (Hello) Tj ET"), extract.Limits{})
		require.NoError(t, err)
		assert.Equal(t, "Hello", doc.Text)
	})
	t.Run("object streams and a compressed xref stream", func(t *testing.T) {
		src := extracttest.WithObjectStreams(pdfObjects("", "BT /F1 12 Tf 100 742 Td (Hello) Tj /F2 12 Tf <00FE> Tj ET"))
		doc, err := Read("x.pdf", src, extract.Limits{})
		require.NoError(t, err)
		assert.Equal(t, "Hello淄", doc.Text)
	})
	// Without the check these end the process: the parser recurses
	// until the stack runs out, which recover cannot catch.
	for name, src := range map[string][]byte{
		"object stream inside itself":      extracttest.NestedObjectStreams(false),
		"object streams inside each other": extracttest.NestedObjectStreams(true),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read("x.pdf", src, extract.Limits{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "itself stored in an object stream")
		})
	}
	t.Run("fonts sharing one large ToUnicode parse it once", func(t *testing.T) {
		src := extracttest.SharedCMapPDF(80, 2<<20)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		doc, err := Read("x.pdf", src, extract.Limits{})
		runtime.ReadMemStats(&after)
		require.NoError(t, err)
		assert.Len(t, []rune(strings.Join(strings.Fields(doc.Text), "")), 80, "one character per font")
		// Parsed 80 times, the CMap took about 1 GB.
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(150<<20), "allocated bytes")
	})
	t.Run("memory share", func(t *testing.T) {
		_, err := Read("x.pdf", extracttest.SharedCMapPDF(2, 1<<20), extract.Limits{MaxMemory: 4 << 20})
		assert.ErrorIs(t, err, extract.ErrTooLarge)
		assert.Contains(t, err.Error(), "CMaps would take more than this file's share of memory, 4 MiB (see --max-memory)")
	})
	t.Run("object stream dictionary refers into an object stream", func(t *testing.T) {
		src := extracttest.WithObjectStreams(pdfObjects("", "BT /F1 12 Tf 100 742 Td (Hello) Tj ET"))
		// /N of the object stream becomes a reference to object 1, which
		// the stream holds: resolving it needs the stream, and so on.
		i := bytes.Index(src, []byte("/ObjStm /N ")) + len("/ObjStm /N ")
		src = slices.Concat(src[:i], []byte("1 0 R"), src[i+1:])
		_, err := Read("x.pdf", src, extract.Limits{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "refers to object 1")
	})
}

func TestRead_RunningHeadAndTableAcrossPages(t *testing.T) {
	head := func(n int) string {
		return fmt.Sprintf("BT /F1 9 Tf 200 820 Td (Annual Report 2023) Tj ET BT /F1 9 Tf 290 20 Td (- %d -) Tj ET\n", n)
	}
	xs := []float64{50, 200, 350, 500}
	p1 := head(1) + "BT /F1 12 Tf 50 760 Td (Opening text.) Tj ET\n" +
		ruledTable(xs, []float64{200, 180, 160, 140}, [][]string{{"Item", "Count", "Total"}, {"a", "1", "2"}, {"b", "3", "4"}})
	// Page 2 repeats the header row, as Word does.
	p2 := head(2) + ruledTable(xs, []float64{800, 780, 760, 740}, [][]string{{"Item", "Count", "Total"}, {"c", "5", "6"}, {"d", "7", "8"}}) +
		"BT /F1 12 Tf 50 700 Td (Closing text.) Tj ET\n"
	p3 := head(3) + "BT /F1 12 Tf 50 760 Td (Last page.) Tj ET\n"
	doc, err := Read("x.pdf", buildPDFPage("", p1, p2, p3), extract.Limits{})
	require.NoError(t, err)
	assert.NotContains(t, doc.Text, "Annual Report")
	assert.NotContains(t, doc.Text, "- 2 -")
	tables := extracttest.Cells(doc, true)
	require.Len(t, tables, 1)
	assert.Equal(t, [][]string{{"Item", "Count", "Total"}, {"a", "1", "2"}, {"b", "3", "4"}, {"c", "5", "6"}, {"d", "7", "8"}}, tables[0])
	assert.Equal(t, "Opening text.\nItem\tCount\tTotal\na\t1\t2\nb\t3\t4\nc\t5\t6\nd\t7\t8\nClosing text.\nLast page.", doc.Text)
}

func TestRead_FakeBold(t *testing.T) {
	// Bold faked by drawing the text again 0.3 pt to the right reads
	// once; narrow letters that follow each other are not copies.
	doc, err := Read("x.pdf", buildPDF("BT /F1 12 Tf 100 742 Td (Bold) Tj ET BT /F1 12 Tf 100.3 742 Td (Bold) Tj ET "+
		"BT /F1 12 Tf 40 Tz 100 700 Td (will) Tj ET"), extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, "Bold\nwill", doc.Text)
}

// TestRead_DashColumnAcrossPages: a "/" merged over two rows beside finer
// rows is a value, not a group label; so the "/" that ends the page and
// the one that opens the next stay two cells (they were joined as the two
// halves of one label cut by the page break).
func TestRead_DashColumnAcrossPages(t *testing.T) {
	xs := []float64{50, 200, 350, 500}
	var p1 strings.Builder
	// Rows at 300-280-260-240; the rule between the first two rows
	// leaves out the middle column, merging its cells.
	p1.WriteString("50 300 m 500 300 l S 50 280 m 200 280 l S 350 280 m 500 280 l S 50 260 m 500 260 l S 50 240 m 500 240 l S\n")
	for _, x := range xs {
		fmt.Fprintf(&p1, "%g 300 m %g 240 l S\n", x, x)
	}
	for _, c := range []struct {
		x, y float64
		s    string
	}{{53, 288, "a"}, {203, 278, "/"}, {353, 288, "1"}, {53, 268, "b"}, {353, 268, "2"}, {53, 248, "c"}, {203, 248, "/"}, {353, 248, "3"}} {
		fmt.Fprintf(&p1, "BT /F1 10 Tf %g %g Td (%s) Tj ET\n", c.x, c.y, c.s)
	}
	p2 := ruledTable(xs, []float64{800, 780, 760}, [][]string{{"d", "/", "4"}, {"e", "5", "6"}})
	doc, err := Read("x.pdf", buildPDFPage("", p1.String(), p2), extract.Limits{})
	require.NoError(t, err)
	tables := extracttest.Cells(doc, true)
	require.Len(t, tables, 1)
	assert.Equal(t, [][]string{{"a", "/", "1"}, {"b", "2"}, {"c", "/", "3"}, {"d", "/", "4"}, {"e", "5", "6"}}, tables[0])
}
