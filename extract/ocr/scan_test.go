package ocr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// mustRasterize renders the pages of a test PDF with pdftoppm, as
// a scanner would see the printed pages.
func mustRasterize(tb testing.TB, name string, dpi int) []*image.Gray {
	tb.Helper()
	dir := tb.TempDir()
	out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-png", fixtures.Path(name), filepath.Join(dir, "p")).CombinedOutput()
	require.NoError(tb, err, "%s", out)
	files, err := filepath.Glob(filepath.Join(dir, "p-*.png"))
	require.NoError(tb, err)
	sort.Strings(files)
	var pages []*image.Gray
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(tb, err)
		img, err := png.Decode(bytes.NewReader(raw))
		require.NoError(tb, err)
		g := toGray(img)
		pages = append(pages, &image.Gray{Pix: g.pix, Stride: g.w, Rect: image.Rect(0, 0, g.w, g.h)})
	}
	require.NotEmpty(tb, pages)
	return pages
}

// rotate turns a page by deg degrees about its centre, as a sheet fed
// askew into a scanner, with bilinear sampling and white where the page
// was not.
func rotate(src *image.Gray, deg float64) *image.Gray {
	b := src.Bounds()
	dst := image.NewGray(b)
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= b.Dx() || y >= b.Dy() {
			return 255
		}
		return float64(src.Pix[y*src.Stride+x])
	}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx, sy := c*dx+s*dy+cx, -s*dx+c*dy+cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			dst.Pix[y*dst.Stride+x] = uint8(math.Round(v))
		}
	}
	return dst
}

// speckle darkens a few random pixels, the dust of a scanner glass, from
// a fixed seed so that runs repeat.
func speckle(img *image.Gray, perMillion int) *image.Gray {
	out := image.NewGray(img.Bounds())
	copy(out.Pix, img.Pix)
	state := uint32(2463534242)
	for i := 0; i < len(out.Pix)/1_000_000*perMillion; i++ {
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		out.Pix[int(state)%len(out.Pix)] = 40
	}
	return out
}

// scanPDF wraps page images into a PDF the way scanner software does:
// each page one JPEG (DCTDecode) image filling an A4 page, no text.
func scanPDF(tb testing.TB, pages []*image.Gray, dpi int) []byte {
	tb.Helper()
	var pdf extracttest.PDF
	n := len(pages)
	kids := ""
	for i := range n {
		kids += fmt.Sprintf("%d 0 R ", 3+3*i)
	}
	pdf.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	pdf.Add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n), nil)
	for i, p := range pages {
		var jpg bytes.Buffer
		require.NoError(tb, jpeg.Encode(&jpg, p, &jpeg.Options{Quality: 85}))
		w, h := p.Bounds().Dx(), p.Bounds().Dy()
		pw, ph := float64(w)*72/float64(dpi), float64(h)*72/float64(dpi)
		content := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)
		pdf.Add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", pw, ph, 4+3*i, 5+3*i), nil)
		pdf.Add(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", w, h, jpg.Len()), jpg.Bytes())
		pdf.Add(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
	}
	return pdf.Bytes()
}

// tiffFile writes grey pages as an uncompressed multi-page TIFF, which
// the standard library cannot write.
func tiffFile(pages []*image.Gray, dpi int) []byte {
	var buf bytes.Buffer
	le := func(v any) {
		switch v := v.(type) {
		case uint16:
			buf.Write([]byte{byte(v), byte(v >> 8)})
		case uint32:
			buf.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)})
		}
	}
	buf.WriteString("II*\x00")
	le(uint32(8))
	for i, p := range pages {
		w, h := p.Bounds().Dx(), p.Bounds().Dy()
		start := uint32(buf.Len())
		const entries = 11
		ifdLen := uint32(2 + entries*12 + 4)
		res := start + ifdLen
		pix := res + 8
		next := uint32(0)
		if i+1 < len(pages) {
			next = pix + uint32(w*h)
		}
		le(uint16(entries))
		tag := func(id, typ uint16, count, val uint32) {
			le(id)
			le(typ)
			le(count)
			if typ == 3 && count == 1 {
				le(uint16(val))
				le(uint16(0))
				return
			}
			le(val)
		}
		tag(256, 4, 1, uint32(w))
		tag(257, 4, 1, uint32(h))
		tag(258, 3, 1, 8)
		tag(259, 3, 1, 1)
		tag(262, 3, 1, 1)
		tag(273, 4, 1, pix)
		tag(277, 3, 1, 1)
		tag(278, 4, 1, uint32(h))
		tag(279, 4, 1, uint32(w*h))
		tag(282, 5, 1, res)
		tag(296, 3, 1, 2)
		le(next)
		le(uint32(dpi))
		le(uint32(1))
		for y := 0; y < h; y++ {
			buf.Write(p.Pix[y*p.Stride : y*p.Stride+w])
		}
	}
	return buf.Bytes()
}

var _ = color.White

// FuzzTIFFPages fuzzes the walk of a TIFF file's image directories,
// done before tesseract sees the file: it must end on any input, loops
// included, and report a loop rather than follow it.
func FuzzTIFFPages(f *testing.F) {
	blank := &image.Gray{Pix: make([]byte, 16*16), Stride: 16, Rect: image.Rect(0, 0, 16, 16)}
	f.Add(tiffFile([]*image.Gray{blank, blank}, 300))
	f.Add(extracttest.LoopTIFF())
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x00"))
	f.Fuzz(func(t *testing.T, src []byte) {
		dims, err := tiffPages(src)
		if err == nil {
			assert.LessOrEqual(t, len(dims), 10000)
		}
	})
}
