package pdf

import (
	"unicode/utf16"
	"unicode/utf8"
)

// cmap is what this package needs from a CMap stream: how a string of
// bytes splits into character codes (codespace ranges), which Unicode text
// a code stands for (ToUnicode bfchar/bfrange), and which CID it selects
// (embedded encoding CMaps, cidchar/cidrange).
type cmap struct {
	space []codespace

	uni       map[uint32]string
	uniRanges []uniRange // ranges too large to expand into uni

	cid       map[uint32]uint32
	cidRanges []cidRange
}

type codespace struct {
	n      int // bytes per code
	lo, hi [4]byte
}

type uniRange struct {
	lo, hi uint32
	base   []rune // text of lo; the last rune counts up with the code
}

type cidRange struct {
	lo, hi, cid uint32
}

// maxExpand bounds how many codes of bfrange/cidrange entries are expanded
// into maps; larger ranges stay ranges, so a hostile <0000> <FFFFFFFF>
// costs nothing.
const maxExpand = 1 << 17

// parseCMap reads the operators of a CMap that matter for text extraction
// and skips everything else. Malformed input yields whatever was
// understood before the damage, never a panic.
func parseCMap(data []byte) *cmap {
	m := &cmap{}
	lx := cmapLexer{data: data, hexBuf: make([]byte, 0, 1024)}
	var operands []cmapToken
	expanded := 0
	for {
		tok, ok := lx.next()
		if !ok {
			break
		}
		if tok.kind != tokKeyword {
			if len(operands) < 4096 {
				operands = append(operands, tok)
			}
			continue
		}
		switch string(tok.val) {
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidchar", "begincidrange", "beginnotdefrange":
			operands = operands[:0]
			section := string(tok.val)
			items := lx.section(section[len("begin"):])
			switch section {
			case "begincodespacerange":
				for i := 0; i+1 < len(items); i += 2 {
					m.addSpace(items[i], items[i+1])
				}
			case "beginbfchar":
				for i := 0; i+1 < len(items); i += 2 {
					if items[i].kind == tokHex {
						var ok bool
						if lx.runes, ok = dstText(lx.runes[:0], items[i+1]); ok {
							m.setUni(code(items[i].val), lx.runes)
						}
					}
				}
			case "beginbfrange":
				for i := 0; i+2 < len(items); i += 3 {
					expanded += m.addUniRange(&lx, items[i], items[i+1], items[i+2], maxExpand-expanded)
				}
			case "begincidchar":
				for i := 0; i+1 < len(items); i += 2 {
					if items[i].kind == tokHex && items[i+1].kind == tokNumber {
						m.setCID(code(items[i].val), uint32(items[i+1].num))
					}
				}
			case "begincidrange":
				for i := 0; i+2 < len(items); i += 3 {
					if items[i].kind == tokHex && items[i+1].kind == tokHex && items[i+2].kind == tokNumber {
						expanded += m.addCIDRange(code(items[i].val), code(items[i+1].val), uint32(items[i+2].num), maxExpand-expanded)
					}
				}
			}
		default:
			operands = operands[:0]
		}
	}
	return m
}

func code(b []byte) uint32 {
	var c uint32
	for i, x := range b {
		if i == 4 {
			break
		}
		c = c<<8 | uint32(x)
	}
	return c
}

func (m *cmap) addSpace(lo, hi cmapToken) {
	if lo.kind != tokHex || hi.kind != tokHex || len(lo.val) != len(hi.val) || len(lo.val) == 0 || len(lo.val) > 4 {
		return
	}
	cs := codespace{n: len(lo.val)}
	copy(cs.lo[:], lo.val)
	copy(cs.hi[:], hi.val)
	if len(m.space) < 256 {
		m.space = append(m.space, cs)
	}
}

func (m *cmap) setUni(c uint32, text []rune) {
	if m.uni == nil {
		m.uni = make(map[uint32]string)
	}
	m.uni[c] = string(text)
}

func (m *cmap) setCID(c, cid uint32) {
	if m.cid == nil {
		m.cid = make(map[uint32]uint32)
	}
	m.cid[c] = cid
}

// addUniRange handles both bfrange forms. With a string destination the
// text of code lo+k is that string with k added to its last character —
// added as a number, so a range such as <00FF> <0102> <4E00> carries
// into the next character instead of wrapping inside one byte. It returns
// how many codes were expanded into the map.
func (m *cmap) addUniRange(lx *cmapLexer, lo, hi, dst cmapToken, budget int) int {
	if lo.kind != tokHex || hi.kind != tokHex {
		return 0
	}
	a, b := code(lo.val), code(hi.val)
	if b < a {
		return 0
	}
	switch dst.kind {
	case tokArray:
		n := 0
		for i, d := range dst.items {
			if uint64(a)+uint64(i) > uint64(b) {
				break
			}
			var ok bool
			if lx.runes, ok = dstText(lx.runes[:0], d); ok {
				m.setUni(a+uint32(i), lx.runes)
			}
			n++
		}
		return n
	case tokHex, tokName:
		base, _ := dstText(nil, dst)
		if len(base) == 0 {
			return 0
		}
		if uint64(b-a) >= uint64(budget) {
			if len(m.uniRanges) < 4096 {
				m.uniRanges = append(m.uniRanges, uniRange{lo: a, hi: b, base: base})
			}
			return 0
		}
		last := len(base) - 1
		text := make([]rune, len(base))
		copy(text, base)
		for c := a; ; c++ {
			text[last] = base[last] + rune(c-a)
			m.setUni(c, text)
			if c == b {
				break
			}
		}
		return int(b-a) + 1
	}
	return 0
}

func (m *cmap) addCIDRange(a, b, cid uint32, budget int) int {
	if b < a {
		return 0
	}
	if uint64(b-a) >= uint64(budget) {
		if len(m.cidRanges) < 4096 {
			m.cidRanges = append(m.cidRanges, cidRange{lo: a, hi: b, cid: cid})
		}
		return 0
	}
	for c := a; ; c++ {
		m.setCID(c, cid+(c-a))
		if c == b {
			break
		}
	}
	return int(b-a) + 1
}

// lookupUni returns the text mapped to c, if any.
func (m *cmap) lookupUni(c uint32) (string, bool) {
	if s, ok := m.uni[c]; ok {
		return s, true
	}
	for _, r := range m.uniRanges {
		if c >= r.lo && c <= r.hi {
			text := make([]rune, len(r.base))
			copy(text, r.base)
			text[len(text)-1] += rune(c - r.lo)
			return string(text), true
		}
	}
	return "", false
}

// lookupCID returns the CID of code c, if the CMap maps it.
func (m *cmap) lookupCID(c uint32) (uint32, bool) {
	if cid, ok := m.cid[c]; ok {
		return cid, true
	}
	for _, r := range m.cidRanges {
		if c >= r.lo && c <= r.hi {
			return r.cid + (c - r.lo), true
		}
	}
	return 0, false
}

// split returns the length in bytes of the code at the start of s,
// following the codespace ranges (PDF 32000-1 9.7.6.2). A byte sequence
// that matches no range takes the length of the shortest range, so that
// decoding moves on.
func (m *cmap) split(s string) int {
	if len(m.space) == 0 {
		return min(2, len(s))
	}
	shortest := 4
	for n := 1; n <= 4 && n <= len(s); n++ {
		for _, cs := range m.space {
			if cs.n != n {
				continue
			}
			shortest = min(shortest, n)
			ok := true
			for i := 0; i < n; i++ {
				if s[i] < cs.lo[i] || s[i] > cs.hi[i] {
					ok = false
					break
				}
			}
			if ok {
				return n
			}
		}
	}
	return max(1, min(shortest, len(s)))
}

// dstText appends to text the decoded bfchar/bfrange destination t:
// UTF-16BE in a hex string (a lone byte is a character of its own), or a
// glyph name. False means t is neither (an empty hex string maps its code
// to no text, which is not the same).
func dstText(text []rune, t cmapToken) ([]rune, bool) {
	switch t.kind {
	case tokHex:
		b := t.val
		if len(b) == 1 {
			return append(text, rune(b[0])), true
		}
		// utf16.Decode without its two slices: a lone surrogate is
		// U+FFFD, as there.
		for i := 0; i+1 < len(b); i += 2 {
			r := rune(b[i])<<8 | rune(b[i+1])
			switch {
			case r < 0xD800 || r >= 0xE000:
				text = append(text, r)
			case r < 0xDC00 && i+3 < len(b):
				if r2 := rune(b[i+2])<<8 | rune(b[i+3]); r2 >= 0xDC00 && r2 < 0xE000 {
					text = append(text, utf16.DecodeRune(r, r2))
					i += 2
					continue
				}
				text = append(text, utf8.RuneError)
			default:
				text = append(text, utf8.RuneError)
			}
		}
		return text, true
	case tokName:
		if r, ok := glyphRune(string(t.val)); ok {
			return append(text, r), true
		}
	}
	return text, false
}

type tokenKind uint8

const (
	tokKeyword tokenKind = iota
	tokHex
	tokNumber
	tokName
	tokString
	tokArray
	tokOther
)

type cmapToken struct {
	kind  tokenKind
	val   []byte
	num   int64
	items []cmapToken
}

// cmapLexer tokenizes the PostScript subset that CMaps use.
type cmapLexer struct {
	data []byte
	pos  int
	// Scratch kept from one use to the next: the operands of a section
	// (used before the next is read), the bytes of hex strings (only
	// appended to, so a token's bytes stay as they were), the text of a
	// destination.
	items  []cmapToken
	hexBuf []byte
	runes  []rune
}

// section collects the operands up to "end<name>".
func (lx *cmapLexer) section(name string) []cmapToken {
	items := lx.items[:0]
	defer func() { lx.items = items[:0] }()
	for {
		tok, ok := lx.next()
		if !ok {
			return items
		}
		if tok.kind == tokKeyword {
			if s := string(tok.val); len(s) > 3 && s[:3] == "end" {
				return items
			}
			continue
		}
		items = append(items, tok)
	}
}

func isPSSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

func isPSDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (lx *cmapLexer) next() (cmapToken, bool) {
	return lx.nextDepth(0)
}

func (lx *cmapLexer) nextDepth(depth int) (cmapToken, bool) {
	d := lx.data
	for lx.pos < len(d) {
		c := d[lx.pos]
		switch {
		case isPSSpace(c):
			lx.pos++
		case c == '%':
			for lx.pos < len(d) && d[lx.pos] != '\n' && d[lx.pos] != '\r' {
				lx.pos++
			}
		case c == '<':
			if lx.pos+1 < len(d) && d[lx.pos+1] == '<' {
				lx.pos += 2
				return cmapToken{kind: tokOther}, true
			}
			lx.pos++
			return lx.hex(), true
		case c == '>':
			lx.pos++
			if lx.pos < len(d) && d[lx.pos] == '>' {
				lx.pos++
			}
			return cmapToken{kind: tokOther}, true
		case c == '[':
			lx.pos++
			arr := cmapToken{kind: tokArray}
			for {
				if depth > 32 {
					return arr, true
				}
				t, ok := lx.nextDepth(depth + 1)
				if !ok || t.kind == tokOther && string(t.val) == "]" {
					return arr, true
				}
				if len(arr.items) < 1<<16 {
					arr.items = append(arr.items, t)
				}
			}
		case c == ']':
			lx.pos++
			return cmapToken{kind: tokOther, val: []byte("]")}, true
		case c == '(':
			lx.skipString()
			return cmapToken{kind: tokString}, true
		case c == '/':
			lx.pos++
			start := lx.pos
			for lx.pos < len(d) && !isPSSpace(d[lx.pos]) && !isPSDelim(d[lx.pos]) {
				lx.pos++
			}
			return cmapToken{kind: tokName, val: d[start:lx.pos]}, true
		case c == '{' || c == '}' || c == ')':
			lx.pos++
			return cmapToken{kind: tokOther}, true
		default:
			start := lx.pos
			for lx.pos < len(d) && !isPSSpace(d[lx.pos]) && !isPSDelim(d[lx.pos]) {
				lx.pos++
			}
			w := d[start:lx.pos]
			if n, ok := parseInt(w); ok {
				return cmapToken{kind: tokNumber, num: n}, true
			}
			return cmapToken{kind: tokKeyword, val: w}, true
		}
	}
	return cmapToken{}, false
}

func parseInt(w []byte) (int64, bool) {
	if len(w) == 0 || len(w) > 18 {
		return 0, false
	}
	var n int64
	for i, c := range w {
		if c == '-' && i == 0 && len(w) > 1 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if w[0] == '-' {
		n = -n
	}
	return n, true
}

func (lx *cmapLexer) hex() cmapToken {
	d := lx.data
	start := len(lx.hexBuf)
	out := lx.hexBuf
	var hi byte
	half := false
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	lx.hexBuf = out
	if len(out) == start {
		return cmapToken{kind: tokHex}
	}
	return cmapToken{kind: tokHex, val: out[start:len(out):len(out)]}
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (lx *cmapLexer) skipString() {
	d := lx.data
	depth := 0
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		switch c {
		case '\\':
			lx.pos++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return
			}
		}
	}
}
