package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"iter"

	"github.com/nianbao/nianbao/extract"
)

// checkStructure rejects files whose cross-reference data would make the
// parser allocate without bound: it sizes its tables from /Size, /Index
// and the subsection headers of xref tables, its row buffers from /W and
// the predictor's /Columns, all taken on trust. A few bytes of a hostile
// file could otherwise ask for gigabytes. Real reports stay far below
// these bounds.
func checkStructure(src []byte) error {
	maxObjects := int64(max(1<<12, min(1<<21, 4*len(src))))
	at := findNames(src)
	for _, key := range []string{"/Size", "/N"} {
		if v, ok := largestAfter(src, at[key], key); ok && v > maxObjects {
			return fmt.Errorf("%w: %s %d", extract.ErrTooLarge, key, v)
		}
	}
	if v, ok := largestAfter(src, at["/Columns"], "/Columns"); ok && v > 1<<16 {
		return fmt.Errorf("%w: /Columns %d", extract.ErrTooLarge, v)
	}
	for _, key := range []string{"/Index", "/W"} {
		for _, i := range at[key] {
			off := i + len(key)
			// CID fonts have /W arrays of glyph widths; only the /W of
			// a cross-reference stream gives field sizes.
			if key == "/W" && !bytes.Contains(src[max(0, off-1024):min(len(src), off+1024)], []byte("/XRef")) {
				continue
			}
			nums := arrayAfter(src[off:])
			sum := int64(0)
			for k, n := range nums {
				if key == "/W" && n > 8 {
					return fmt.Errorf("%w: /W entry %d", extract.ErrTooLarge, n)
				}
				if key == "/Index" && k%2 == 1 {
					sum = max(sum, nums[k-1]+n)
				}
			}
			if sum > maxObjects {
				return fmt.Errorf("%w: /Index reaches object %d", extract.ErrTooLarge, sum)
			}
		}
	}
	if err := checkPrevChain(src, at["/Prev"]); err != nil {
		return err
	}
	if err := checkObjectStreams(src, at["/ObjStm"]); err != nil {
		return err
	}
	if err := checkObjectNesting(src, at["/XRef"]); err != nil {
		return err
	}
	// Subsection headers of classic xref tables: "first count" lines
	// between "xref" and "trailer".
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte("xref"))
		if i < 0 {
			break
		}
		off += i + 4
		end := bytes.Index(src[off:], []byte("trailer"))
		if end < 0 {
			end = len(src) - off
		}
		if err := checkXrefTable(src[off:off+end], maxObjects); err != nil {
			return err
		}
	}
	return nil
}

func checkXrefTable(b []byte, maxObjects int64) error {
	for first, count := range subsections(b) {
		if first+count > maxObjects {
			return fmt.Errorf("%w: xref subsection %d %d", extract.ErrTooLarge, first, count)
		}
	}
	return nil
}

// subsections yields the "first count" headers of a classic xref table's
// body (what lies between "xref" and "trailer"). Entry lines have three
// fields, so they are never taken for headers.
func subsections(b []byte) iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		for len(b) > 0 {
			line := b
			if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
				line, b = b[:i], b[i+1:]
			} else {
				b = nil
			}
			f := bytes.Fields(line)
			if len(f) != 2 {
				continue
			}
			first, ok1 := parseInt(f[0])
			count, ok2 := parseInt(f[1])
			if ok1 && ok2 && !yield(first, count) {
				return
			}
		}
	}
}

// largestAfter returns the largest integer that directly follows key
// anywhere in src.
func largestAfter(src []byte, at []int, key string) (int64, bool) {
	best, found := int64(0), false
	for _, i := range at {
		off := i + len(key)
		// A longer name (/Nums, /Sizes) is another key.
		if off < len(src) && !isPSSpace(src[off]) && !isPSDelim(src[off]) {
			continue
		}
		if n, ok := intAfter(src[off:]); ok {
			best, found = max(best, n), true
		}
	}
	return best, found
}

func intAfter(b []byte) (int64, bool) {
	i := 0
	for i < len(b) && isPSSpace(b[i]) {
		i++
	}
	j := i
	for j < len(b) && j-i < 19 && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	return parseInt(b[i:j])
}

// arrayAfter reads the integers of an array that directly follows a key,
// or nothing when no array follows.
func arrayAfter(b []byte) []int64 {
	i := 0
	for i < len(b) && isPSSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != '[' {
		return nil
	}
	end := bytes.IndexByte(b[i:], ']')
	if end < 0 || end > 4096 {
		return nil
	}
	var out []int64
	for _, f := range bytes.Fields(b[i+1 : i+end]) {
		if n, ok := parseInt(f); ok {
			out = append(out, n)
		}
	}
	return out
}

// checkPrevChain follows the /Prev links between cross-reference
// sections as the parser will, from startxref on, and rejects a chain that
// comes back to a section it has visited: the parser would follow it for
// ever.
func checkPrevChain(src []byte, at []int) error {
	prev := map[int]int64{} // section start → its /Prev
	for _, i := range at {
		v, ok := intAfter(src[i+5:])
		if !ok {
			continue
		}
		prev[sectionStart(src, i)] = v
	}
	if len(prev) == 0 {
		return nil
	}
	i := bytes.LastIndex(src, []byte("startxref"))
	if i < 0 {
		return nil
	}
	start, ok := intAfter(src[i+9:])
	if !ok {
		return nil
	}
	seen := map[int]bool{}
	for cur := skipSpace(src, start); ; {
		if seen[cur] {
			return fmt.Errorf("malformed PDF: cross-reference sections link in a circle")
		}
		seen[cur] = true
		next, ok := prev[cur]
		if !ok {
			return nil
		}
		cur = skipSpace(src, next)
	}
}

// guardNames are the names checkStructure looks for.
var guardNames = []string{"/Size", "/N", "/Columns", "/Index", "/W", "/Prev", "/ObjStm", "/XRef"}

// findNames returns where each of guardNames stands in src, in order,
// found in one pass over the file. A search of src for each name in
// turn stopped at every '/' of the file (the commonest byte of its
// dictionaries) eight times: most of the time of checkStructure, which
// one pass cuts to a third or less (0.2–0.4 ms to 0.1 on a 5-page
// report, on a busy machine). A name holds no other '/', so its
// occurrences never overlap: each is where a search from the end of the
// last one found it.
func findNames(src []byte) map[string][]int {
	at := make(map[string][]int, len(guardNames))
	for off := 0; ; off++ {
		i := bytes.IndexByte(src[off:], '/')
		if i < 0 {
			return at
		}
		off += i
		if off+1 < len(src) {
			switch src[off+1] {
			case 'S', 'N', 'C', 'I', 'W', 'P', 'O', 'X':
				for _, name := range guardNames {
					if bytes.HasPrefix(src[off:], []byte(name)) {
						at[name] = append(at[name], off)
					}
				}
			}
		}
	}
}

// sectionStart finds where the cross-reference section holding the key
// at i begins: its "xref" keyword, or the "N G obj" of an xref stream.
func sectionStart(src []byte, i int) int {
	x := bytes.LastIndex(src[:i], []byte("xref"))
	for x >= 5 && bytes.HasSuffix(src[:x], []byte("start")) {
		x = bytes.LastIndex(src[:x], []byte("xref"))
	}
	o := bytes.LastIndex(src[:i], []byte("obj"))
	if o > x {
		k := o
		for k > 0 && (isPSSpace(src[k-1]) || src[k-1] >= '0' && src[k-1] <= '9') {
			k--
		}
		return skipSpace(src, int64(k))
	}
	return max(x, 0)
}

func skipSpace(src []byte, off int64) int {
	if off < 0 || off > int64(len(src)) {
		return -1
	}
	i := int(off)
	for i < len(src) && isPSSpace(src[i]) {
		i++
	}
	return i
}

// checkObjectStreams looks into the object streams, which the parser reads
// with end of data allowed: one whose data ends inside a hex string makes
// it loop for ever (see hexTail), and /Extends, which it follows without
// checking for a loop, is refused. Real files do not use /Extends.
func checkObjectStreams(src []byte, at []int) error {
	for _, i := range at {
		dictStart := max(0, bytes.LastIndex(src[:i], []byte("obj")))
		k := bytes.Index(src[i:], []byte("stream"))
		if k < 0 {
			return nil
		}
		dict := src[dictStart : i+k]
		if bytes.Contains(dict, []byte("/Extends")) {
			return fmt.Errorf("%w: object stream with /Extends", extract.ErrUnsupported)
		}
		data := src[i+k+6:]
		if len(data) > 0 && data[0] == '\r' {
			data = data[1:]
		}
		if len(data) > 0 && data[0] == '\n' {
			data = data[1:]
		}
		if e := bytes.Index(data, []byte("endstream")); e >= 0 {
			data = data[:e]
		}
		var t hexTail
		switch {
		case bytes.Contains(dict, []byte("/Filter")) && !bytes.Contains(dict, []byte("/FlateDecode")):
			continue
		case bytes.Contains(dict, []byte("/FlateDecode")):
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				continue
			}
			_, _ = io.Copy(&t, io.LimitReader(zr, 256<<20))
		default:
			_, _ = t.Write(data)
		}
		if t.open() {
			return fmt.Errorf("malformed PDF: object stream ends inside a hex string")
		}
	}
	return nil
}

// hexTail watches a stream go by and remembers its last byte that is
// neither white space nor a hex digit. The parser, allowed to reach the
// end of a stream, loops for ever when a hex string is open at the end
// (it reads the end as an endless run of line breaks): that happens
// exactly when the last such byte is a '<'.
type hexTail struct{ last byte }

func (t *hexTail) Write(p []byte) (int, error) {
	for i := len(p) - 1; i >= 0; i-- {
		c := p[i]
		if _, ok := unhex(c); !ok && !isPSSpace(c) {
			t.last = c
			break
		}
	}
	return len(p), nil
}

func (t *hexTail) open() bool { return t.last == '<' }
