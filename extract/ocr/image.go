package ocr

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"strconv"
)

// gray is an 8-bit grey page image, row-major, 0 black and 255 white.
// The pipeline works on this plain form because the ruling search touches
// every pixel and interface calls through image.Image would dominate it.
type gray struct {
	w, h int
	pix  []byte
}

// readPGM reads a binary portable graymap (P5, maxval 255), the form in
// which pdftoppm writes grey pages fastest and tesseract reads them back.
func readPGM(path string) (*gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var fields [4]int
	magic := make([]byte, 2)
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != "P5" {
		return nil, errors.New("page image is not a binary PGM")
	}
	for i := 1; i < 4; i++ {
		v, err := pnmInt(r)
		if err != nil {
			return nil, fmt.Errorf("page image header: %w", err)
		}
		fields[i] = v
	}
	w, h, maxval := fields[1], fields[2], fields[3]
	if w <= 0 || h <= 0 || w > 1<<15 || h > 1<<15 || maxval != 255 {
		return nil, fmt.Errorf("page image: unsupported PGM %dx%d maxval %d", w, h, maxval)
	}
	g := &gray{w: w, h: h, pix: make([]byte, w*h)}
	if _, err := io.ReadFull(r, g.pix); err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	return g, nil
}

// pnmInt reads one header number, skipping white space and # comments;
// it consumes the single white space byte that ends the number.
func pnmInt(r *bufio.Reader) (int, error) {
	var digits []byte
	for {
		c, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch {
		case c == '#' && len(digits) == 0:
			if _, err := r.ReadString('\n'); err != nil {
				return 0, err
			}
		case c >= '0' && c <= '9':
			digits = append(digits, c)
			if len(digits) > 6 {
				return 0, errors.New("number too long")
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if len(digits) > 0 {
				return strconv.Atoi(string(digits))
			}
		default:
			return 0, fmt.Errorf("unexpected byte %q", c)
		}
	}
}

func writePGM(path string, g *gray) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	fmt.Fprintf(w, "P5\n%d %d\n255\n", g.w, g.h)
	w.Write(g.pix)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// decodeImage turns a PNG or JPEG into grey pixels and guesses its
// resolution in dots per inch (0 when the file does not say).
func decodeImage(src []byte) (*gray, int, error) {
	img, format, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, 0, err
	}
	dpi := 0
	switch format {
	case "png":
		dpi = pngDPI(src)
	case "jpeg":
		dpi = jpegDPI(src)
	}
	return toGray(img), dpi, nil
}

// The decoders register themselves for image.Decode; naming them keeps
// the imports that do so.
var _, _ = png.Decode, jpeg.Decode

func toGray(img image.Image) *gray {
	b := img.Bounds()
	g := &gray{w: b.Dx(), h: b.Dy(), pix: make([]byte, b.Dx()*b.Dy())}
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < g.h; y++ {
			copy(g.pix[y*g.w:(y+1)*g.w], m.Pix[y*m.Stride:y*m.Stride+g.w])
		}
	case *image.YCbCr:
		// Luma is the grey value; the chroma planes are not needed.
		for y := 0; y < g.h; y++ {
			copy(g.pix[y*g.w:(y+1)*g.w], m.Y[y*m.YStride:y*m.YStride+g.w])
		}
	case *image.RGBA:
		for y := 0; y < g.h; y++ {
			row := m.Pix[y*m.Stride:]
			for x := 0; x < g.w; x++ {
				g.pix[y*g.w+x] = luma(row[4*x], row[4*x+1], row[4*x+2], row[4*x+3])
			}
		}
	case *image.NRGBA:
		for y := 0; y < g.h; y++ {
			row := m.Pix[y*m.Stride:]
			for x := 0; x < g.w; x++ {
				a := row[4*x+3]
				g.pix[y*g.w+x] = luma(premul(row[4*x], a), premul(row[4*x+1], a), premul(row[4*x+2], a), a)
			}
		}
	default:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				r, gg, bb, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				g.pix[y*g.w+x] = luma(uint8(r>>8), uint8(gg>>8), uint8(bb>>8), uint8(a>>8))
			}
		}
	}
	return g
}

func premul(c, a uint8) uint8 { return uint8(uint16(c) * uint16(a) / 255) }

// luma flattens a premultiplied pixel onto white paper: transparent
// parts of a scan are paper, not ink.
func luma(r, g, b, a uint8) uint8 {
	y := (19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16
	return uint8(y + 255 - uint32(a))
}

// pngDPI reads the pHYs chunk (pixels per metre).
func pngDPI(src []byte) int {
	i := bytes.Index(src, []byte("pHYs"))
	if i < 4 || len(src) < i+13 || src[i+12] != 1 {
		return 0
	}
	ppm := binary.BigEndian.Uint32(src[i+4:])
	return int(math.Round(float64(ppm) * 0.0254))
}

// jpegDPI reads the density of a JFIF APP0 segment.
func jpegDPI(src []byte) int {
	i := bytes.Index(src[:min(len(src), 64)], []byte("JFIF\x00"))
	if i < 0 || len(src) < i+12 {
		return 0
	}
	unit, x := src[i+7], int(binary.BigEndian.Uint16(src[i+8:]))
	switch unit {
	case 1:
		return x
	case 2:
		return int(math.Round(float64(x) * 2.54))
	}
	return 0
}

// guessDPI supplies a resolution for images that do not state one (or
// state a nonsense one): reports are A4 or Letter pages, about 8.3 inches
// across, scanned whole.
func guessDPI(g *gray, stated int) int {
	if stated >= 70 && stated <= 1200 {
		return stated
	}
	short := min(g.w, g.h)
	dpi := int(math.Round(float64(short) / 8.27))
	return max(70, min(dpi, 1200))
}
