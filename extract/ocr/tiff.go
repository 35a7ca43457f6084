package ocr

import (
	"encoding/binary"
	"fmt"
	"math"
)

// tiffDims is the size of one TIFF page, which the layout needs to know
// where the margins are.
type tiffDims struct{ w, h, dpi int }

// tiffPages walks the chain of image file directories of a TIFF file and
// reads width, height and resolution from each; pixel data is left to
// tesseract. A chain that comes back to a directory it has passed is an
// error: tesseract would follow it, emitting the same pages for minutes.
func tiffPages(src []byte) ([]tiffDims, error) {
	if len(src) < 8 {
		return nil, nil
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if src[0] == 'M' {
		bo = binary.BigEndian
	}
	off := int64(bo.Uint32(src[4:]))
	var out []tiffDims
	seen := map[int64]bool{}
	for off > 0 && off+2 <= int64(len(src)) && len(out) < 10000 {
		if seen[off] {
			return nil, fmt.Errorf("malformed TIFF: the chain of image directories loops back to offset %d", off)
		}
		seen[off] = true
		n := int64(bo.Uint16(src[off:]))
		if off+2+12*n+4 > int64(len(src)) {
			break
		}
		d := tiffDims{}
		var xres float64
		unit := 2 // inches unless stated
		for i := int64(0); i < n; i++ {
			e := src[off+2+12*i:]
			tag, typ := bo.Uint16(e), bo.Uint16(e[2:])
			val := func() int {
				if typ == 3 {
					return int(bo.Uint16(e[8:]))
				}
				return int(bo.Uint32(e[8:]))
			}
			switch tag {
			case 256:
				d.w = val()
			case 257:
				d.h = val()
			case 296:
				unit = val()
			case 282:
				p := int64(bo.Uint32(e[8:]))
				if typ == 5 && p+8 <= int64(len(src)) {
					if den := bo.Uint32(src[p+4:]); den != 0 {
						xres = float64(bo.Uint32(src[p:])) / float64(den)
					}
				}
			}
		}
		if unit == 3 {
			xres *= 2.54
		}
		d.dpi = int(math.Round(xres))
		if d.w > 0 && d.h > 0 {
			d.dpi = guessDPI(&gray{w: d.w, h: d.h}, d.dpi)
			out = append(out, d)
		}
		off = int64(bo.Uint32(src[off+2+12*n:]))
	}
	return out, nil
}
