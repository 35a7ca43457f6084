package pdf

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// font holds what the content walker needs to turn a shown string into
// positioned characters: how codes split, their advance widths and their
// Unicode text. It is built once per font object and shared by pages.
type font struct {
	name string

	simple bool
	text   [256]string // simple fonts: text per code; "" when unknown
	widths []float64   // simple fonts: glyph space widths from FirstChar
	first  int
	miss   float64 // MissingWidth

	encCMap *cmap             // Type0: embedded encoding CMap; nil for predefined ones
	ucs2    bool              // Type0: codes are UTF-16 (Uni*-UCS2/UTF16 CMaps)
	gbk     bool              // Type0: codes are GBK bytes (GBK-EUC, GBpc-EUC …)
	gbkText map[uint32]string // decoded GBK codes, "" for invalid ones
	cidW    map[uint32]float64
	cidWR   []cidWidth
	dw      float64

	toUni *cmap

	scale     float64 // glyph space to text space: 1/1000, or FontMatrix a for Type 3
	asc, desc float64 // in text space units (em), desc negative
	vertical  bool
	glyphless bool // tesseract's invisible OCR font
}

type cidWidth struct {
	lo, hi uint32
	w      float64
}

// maxStreamBytes bounds the decoded size of font-related streams
// (ToUnicode, encoding CMaps) read into memory.
const maxStreamBytes = 8 << 20

func (st *state) readStream(v lpdf.Value) (data []byte) {
	defer func() {
		if recover() != nil {
			data = nil
		}
	}()
	if v.Kind() != lpdf.Stream {
		return nil
	}
	data, _ = io.ReadAll(io.LimitReader(st.streams.open(v), maxStreamBytes))
	return data
}

// cmapCost is what parsing one byte of a CMap costs in memory, about:
// an entry of a dozen bytes becomes a map entry with a string.
const cmapCost = 6

// cmap parses the CMap stream under key of the font dictionary v, once
// per file: fonts that share one (eighty fonts of a document often share
// one ToUnicode of megabytes) share its parse, found by the stream's
// object reference. Its size counts against the file's memory share.
func (st *state) cmap(v lpdf.Value, key string) *cmap {
	s := v.Key(key)
	if s.Kind() != lpdf.Stream {
		return nil
	}
	ref := fontRef(v.String(), key)
	if m, ok := st.cmaps[ref]; ok && ref != "" {
		return m
	}
	data := st.readStream(s)
	if data == nil {
		return nil
	}
	st.charge(cmapCost*int64(len(data)), "CMaps")
	m := parseCMap(data)
	if ref != "" {
		st.cmaps[ref] = m
	}
	return m
}

// loadFont interprets a font dictionary. A damaged font yields a font
// whose characters are unknown rather than an error: the text-quality
// check decides later whether the page is still usable.
func loadFont(st *state, v lpdf.Value) (f *font) {
	f = &font{scale: 0.001, asc: 0.8, desc: -0.2, dw: 1000, simple: true}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok && errors.Is(e, errBudget) {
				panic(r) // over the file's share: the file stops, not the font
			}
			f = &font{scale: 0.001, asc: 0.8, desc: -0.2, dw: 1000, simple: true}
		}
	}()
	f.name = v.Key("BaseFont").Name()
	f.glyphless = strings.Contains(f.name, "GlyphLessFont")
	f.toUni = st.cmap(v, "ToUnicode")
	desc := v.Key("FontDescriptor")
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.simple = false
		f.loadType0(st, v)
		desc = v.Key("DescendantFonts").Index(0).Key("FontDescriptor")
	case "Type3":
		if m := v.Key("FontMatrix"); m.Len() == 6 {
			if a := m.Index(0).Float64(); a > 0 && a < 10 {
				f.scale = a
			}
		}
		f.loadSimple(v)
	default:
		f.loadSimple(v)
	}
	if desc.Kind() == lpdf.Dict {
		if a := desc.Key("Ascent").Float64() / 1000; a > 0.3 && a < 1.5 {
			f.asc = a
		}
		if d := desc.Key("Descent").Float64() / 1000; d < 0 && d > -0.7 {
			f.desc = d
		}
		if f.simple {
			f.miss = desc.Key("MissingWidth").Float64()
		}
	}
	return f
}

func (f *font) loadSimple(v lpdf.Value) {
	enc := v.Key("Encoding")
	base := baseEncoding(enc.Name())
	if enc.Kind() == lpdf.Dict {
		base = baseEncoding(enc.Key("BaseEncoding").Name())
	}
	f.text = *base
	if enc.Kind() == lpdf.Dict {
		diffs := enc.Key("Differences")
		c := -1
		for i := 0; i < diffs.Len() && i < 1024; i++ {
			x := diffs.Index(i)
			switch x.Kind() {
			case lpdf.Integer:
				c = int(x.Int64())
			case lpdf.Name:
				if c >= 0 && c < 256 {
					if r, ok := glyphRune(x.Name()); ok {
						f.text[c] = string(r)
					} else {
						f.text[c] = ""
					}
				}
				c++
			}
		}
	}
	if f.toUni != nil {
		for c := range 256 {
			if s, ok := f.toUni.lookupUni(uint32(c)); ok {
				f.text[c] = s
			}
		}
	}
	f.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	n := min(ws.Len(), 256)
	if n > 0 {
		f.widths = make([]float64, n)
		for i := range n {
			f.widths[i] = ws.Index(i).Float64()
		}
	}
}

func (f *font) loadType0(st *state, v lpdf.Value) {
	enc := v.Key("Encoding")
	switch {
	case enc.Kind() == lpdf.Stream:
		f.encCMap = st.cmap(v, "Encoding")
		f.vertical = enc.Key("WMode").Int64() == 1
	default:
		name := enc.Name()
		f.vertical = strings.HasSuffix(name, "-V")
		switch {
		case strings.HasPrefix(name, "Uni") && (strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16")):
			f.ucs2 = true
		case strings.HasPrefix(name, "GB") && (strings.Contains(name, "EUC") || strings.HasPrefix(name, "GBK")):
			f.gbk = true
		}
	}
	d := v.Key("DescendantFonts").Index(0)
	if dw := d.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
		f.dw = dw.Float64()
	}
	w := d.Key("W")
	for i := 0; i < w.Len() && i < 1<<16; {
		first := w.Index(i)
		if first.Kind() != lpdf.Integer {
			i++
			continue
		}
		c := uint32(first.Int64())
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for k := 0; k < next.Len() && k < 1<<16; k++ {
				f.setCIDWidth(c+uint32(k), next.Index(k).Float64())
			}
			i += 2
			continue
		}
		last := uint32(next.Int64())
		wd := w.Index(i + 2).Float64()
		if last >= c && last-c < 4096 {
			for k := c; k <= last; k++ {
				f.setCIDWidth(k, wd)
			}
		} else if last >= c && len(f.cidWR) < 4096 {
			f.cidWR = append(f.cidWR, cidWidth{c, last, wd})
		}
		i += 3
	}
}

func (f *font) setCIDWidth(cid uint32, w float64) {
	if f.cidW == nil {
		f.cidW = make(map[uint32]float64)
	}
	f.cidW[cid] = w
}

// next returns the code at the start of s and its length in bytes.
func (f *font) next(s string) (uint32, int) {
	switch {
	case f.simple:
		return uint32(s[0]), 1
	case f.encCMap != nil:
		n := f.encCMap.split(s)
		return codeOf(s[:n]), n
	case f.gbk:
		if s[0] >= 0x81 && s[0] != 0xff && len(s) >= 2 {
			return uint32(s[0])<<8 | uint32(s[1]), 2
		}
		return uint32(s[0]), 1
	default:
		if len(s) < 2 {
			return uint32(s[0]), 1
		}
		return uint32(s[0])<<8 | uint32(s[1]), 2
	}
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// decode returns the text of a code and whether the font says what it is.
func (f *font) decode(c uint32, n int) (string, bool) {
	if f.simple {
		if c < 256 && f.text[c] != "" {
			return f.text[c], true
		}
		return "", false
	}
	if f.toUni != nil {
		if s, ok := f.toUni.lookupUni(c); ok {
			return s, true
		}
	}
	switch {
	case f.ucs2:
		if utf16.IsSurrogate(rune(c)) {
			return "", false
		}
		return string(rune(c)), true
	case f.gbk:
		if s, ok := f.gbkText[c]; ok {
			return s, s != ""
		}
		var b []byte
		if n == 2 {
			b = []byte{byte(c >> 8), byte(c)}
		} else {
			b = []byte{byte(c)}
		}
		out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
		s := ""
		if err == nil && utf8.Valid(out) && !bytes.ContainsRune(out, utf8.RuneError) {
			s = string(out)
		}
		if f.gbkText == nil {
			f.gbkText = make(map[uint32]string)
		}
		f.gbkText[c] = s
		return s, s != ""
	}
	return "", false
}

// width returns the horizontal advance of a code in text space units.
func (f *font) width(c uint32, n int) float64 {
	if f.simple {
		i := int(c) - f.first
		if i >= 0 && i < len(f.widths) {
			return f.widths[i] * f.scale
		}
		if f.miss > 0 {
			return f.miss * f.scale
		}
		if len(f.widths) == 0 {
			return 0.5 // standard 14 fonts: no metrics at hand
		}
		return 0
	}
	cid := c
	switch {
	case f.encCMap != nil:
		if x, ok := f.encCMap.lookupCID(c); ok {
			cid = x
		}
	case f.ucs2 || f.gbk:
		// These CMaps map to Adobe-GB1 CIDs through tables this package
		// does not carry; half width for ASCII, the default otherwise.
		if c < 0x80 {
			return 0.5
		}
		return f.dw * f.scale
	}
	if w, ok := f.cidW[cid]; ok {
		return w * f.scale
	}
	for _, r := range f.cidWR {
		if cid >= r.lo && cid <= r.hi {
			return r.w * f.scale
		}
	}
	return f.dw * f.scale
}
