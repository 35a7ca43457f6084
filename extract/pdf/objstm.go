package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// checkObjectNesting refuses object streams that the parser would resolve
// in an endless recursion, which no recover can stop (the stack simply
// runs out). To read an object stored in an object stream the parser
// first resolves the stream itself, so a stream stored in an object
// stream (itself, or two inside each other) never ends; nor does an
// object stream whose dictionary (/Length, /N, /First…) refers to an
// object stored in an object stream. The standard forbids both (ISO
// 32000-1 §7.5.7: a stream shall not be stored in an object stream),
// so the check looks at what the cross-reference streams say before the
// parser follows any of it. All sections are taken together, newest or
// not: no real writer ever nests object streams in any revision.
func checkObjectNesting(src []byte, xrefs []int) error {
	inStream := map[int64]int64{} // object → the object stream holding it
	offset := map[int64]int64{}   // object → where it starts in the file
	for _, i := range xrefs {
		if !bytes.HasSuffix(bytes.TrimRight(src[max(0, i-16):i], " \t\r\n"), []byte("/Type")) {
			continue
		}
		readXrefStream(src, i, func(obj, typ, f2 int64) {
			switch typ {
			case 1:
				if _, ok := offset[obj]; !ok {
					offset[obj] = f2
				}
			case 2:
				inStream[obj] = f2
			}
		})
	}
	for obj, strm := range inStream {
		if _, nested := inStream[strm]; nested {
			return fmt.Errorf("malformed PDF: object %d is stored in object stream %d, which is itself stored in an object stream", obj, strm)
		}
	}
	checked := map[int64]bool{}
	for _, strm := range inStream {
		at, ok := offset[strm]
		if checked[strm] || !ok || at < 0 || at >= int64(len(src)) {
			continue
		}
		checked[strm] = true
		dict := src[at:]
		if e := bytes.Index(dict, []byte("stream")); e >= 0 {
			dict = dict[:e]
		}
		for _, ref := range references(dict) {
			if _, bad := inStream[ref]; bad {
				return fmt.Errorf("malformed PDF: the dictionary of object stream %d refers to object %d, stored in an object stream", strm, ref)
			}
		}
	}
	return nil
}

// readXrefStream decodes the cross-reference stream whose /Type /XRef
// key ends at i and calls fn with each entry: object number, type and
// second field (offset for type 1, object stream for type 2). Damage the
// parser would reject anyway ends the entries early.
func readXrefStream(src []byte, i int, fn func(obj, typ, f2 int64)) {
	start := max(0, bytes.LastIndex(src[:i], []byte("obj")))
	k := bytes.Index(src[i:], []byte("stream"))
	if k < 0 {
		return
	}
	dict := src[start : i+k]
	data := streamData(src[i+k+6:], dict)
	w := arrayAfter(keyValue(dict, "/W"))
	if len(w) != 3 || w[0] < 0 || w[1] < 0 || w[2] < 0 || w[0]+w[1]+w[2] == 0 || w[0]+w[1]+w[2] > 24 {
		return
	}
	if bytes.Contains(dict, []byte("/Filter")) {
		if !bytes.Contains(dict, []byte("/FlateDecode")) {
			return
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		// checkStructure has bounded /Size, so a table is small.
		data, _ = io.ReadAll(io.LimitReader(zr, 64<<20))
	}
	row := int(w[0] + w[1] + w[2])
	if pred, ok := intAfter(keyValue(dict, "/Predictor")); ok && pred >= 10 {
		data = unPNG(data, row)
	}
	index := arrayAfter(keyValue(dict, "/Index"))
	if len(index) < 2 {
		size, _ := intAfter(keyValue(dict, "/Size"))
		index = []int64{0, size}
	}
	field := func(b []byte) int64 {
		var v int64
		for _, c := range b {
			v = v<<8 | int64(c)
		}
		return v
	}
	for s := 0; s+1 < len(index); s += 2 {
		for obj := index[s]; obj < index[s]+index[s+1] && len(data) >= row; obj++ {
			typ := int64(1) // a missing type field means type 1
			if w[0] > 0 {
				typ = field(data[:w[0]])
			}
			fn(obj, typ, field(data[w[0]:w[0]+w[1]]))
			data = data[row:]
		}
	}
}

// streamData is the raw data of the stream whose keyword "stream" comes
// just before b: /Length bytes when it is given directly, else up to
// "endstream".
func streamData(b, dict []byte) []byte {
	if len(b) > 0 && b[0] == '\r' {
		b = b[1:]
	}
	if len(b) > 0 && b[0] == '\n' {
		b = b[1:]
	}
	v := keyValue(dict, "/Length")
	if n, ok := intAfter(v); ok && n >= 0 && n <= int64(len(b)) && len(references(v[:min(len(v), 24)])) == 0 {
		return b[:n]
	}
	if e := bytes.Index(b, []byte("endstream")); e >= 0 {
		return b[:e]
	}
	return b
}

// keyValue returns what follows key in dict (up to its end), or nil.
func keyValue(dict []byte, key string) []byte {
	for off := 0; ; {
		i := bytes.Index(dict[off:], []byte(key))
		if i < 0 {
			return nil
		}
		off += i + len(key)
		if off == len(dict) || isPSSpace(dict[off]) || isPSDelim(dict[off]) {
			return dict[off:]
		}
	}
}

// unPNG undoes the PNG predictors of a cross-reference stream (one byte
// per pixel, rows of n bytes each after a filter-type byte).
func unPNG(data []byte, n int) []byte {
	out := make([]byte, 0, len(data))
	prev := make([]byte, n)
	for len(data) >= n+1 {
		typ, row := data[0], data[1:n+1]
		data = data[n+1:]
		cur := make([]byte, n)
		for j, c := range row {
			var left, up, ul byte
			if j > 0 {
				left, ul = cur[j-1], prev[j-1]
			}
			up = prev[j]
			switch typ {
			case 1:
				c += left
			case 2:
				c += up
			case 3:
				c += byte((int(left) + int(up)) / 2)
			case 4:
				c += paeth(left, up, ul)
			}
			cur[j] = c
		}
		out = append(out, cur...)
		prev = cur
	}
	return out
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := iabs(p-int(a)), iabs(p-int(b)), iabs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func iabs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// references returns the object numbers of the indirect references
// ("12 0 R") in b.
func references(b []byte) []int64 {
	var out []int64
	f := bytes.FieldsFunc(b, func(r rune) bool { return r < 128 && (isPSSpace(byte(r)) || isPSDelim(byte(r))) })
	for k := 2; k < len(f); k++ {
		if string(f[k]) != "R" {
			continue
		}
		obj, ok1 := parseInt(f[k-2])
		_, ok2 := parseInt(f[k-1])
		if ok1 && ok2 && obj >= 0 {
			out = append(out, obj)
		}
	}
	return out
}
