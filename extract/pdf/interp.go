package pdf

import (
	"fmt"
	"strconv"
	"unsafe"

	lpdf "github.com/ledongthuc/pdf"
)

// This file runs a cleaned content stream (cleanContent's output) the way
// lpdf.Interpret runs it, token for token and operand for operand, without
// building a PDF file around it and without a boxed interface value for
// every number. lpdf.Interpret took 60% of the reader's CPU on a five-page
// report: its tokenizer reads byte by byte through an io.Reader and
// allocates each token twice. The library has no other entry point, so the
// walker needs its own interpreter; it keeps lpdf's rules, including its
// handling of "dict", "begin", "def" and the rest, and of malformed
// operands (dropped, the stream goes on), so that the pages read are the
// same. interp_test.go runs both on every content stream of the test
// files and compares what each operator is given.

// operand is one value on the interpreter's stack. Its methods answer as
// lpdf.Value's do for the same value.
type operand struct {
	kind lpdf.ValueKind
	num  float64 // Integer (exact: at most 15 digits reach here) and Real
	str  string  // String (raw bytes) and Name (without the slash)
	arr  []operand
	dict map[string]operand
}

func (o operand) Kind() lpdf.ValueKind { return o.kind }

// Float64 is the number, 0 when o is not one.
func (o operand) Float64() float64 {
	if o.kind == lpdf.Integer || o.kind == lpdf.Real {
		return o.num
	}
	return 0
}

// Name is the name without its slash, "" when o is not one.
func (o operand) Name() string {
	if o.kind == lpdf.Name {
		return o.str
	}
	return ""
}

// RawString is the string's bytes, "" when o is not a string.
func (o operand) RawString() string {
	if o.kind == lpdf.String {
		return o.str
	}
	return ""
}

// Len is the length of an array, 0 when o is not one.
func (o operand) Len() int {
	if o.kind == lpdf.Array {
		return len(o.arr)
	}
	return 0
}

// Index is element i of an array, null when there is none.
func (o operand) Index(i int) operand {
	if o.kind != lpdf.Array || i < 0 || i >= len(o.arr) {
		return operand{}
	}
	return o.arr[i]
}

type opTokKind uint8

const (
	opEOF opTokKind = iota
	opKeyword
	opValue
)

type opToken struct {
	kind opTokKind
	// val is the value of an opValue token; for an opKeyword, val.str is
	// the keyword (or one of << >> [ ] { }).
	val operand
}

// maxNesting is lpdf's limit on nested arrays and dictionaries.
const maxNesting = 1000

// interp holds one content stream being run.
type interp struct {
	src string
	pos int
	// tok is the token last read, the one next gives again when pending
	// (lpdf's queue of tokens put back holds at most one here).
	tok     opToken
	pending bool
	// arena holds the bytes of strings that are not a slice of src (hex
	// strings and literals with escapes). It only grows: a string made of
	// it is never written again.
	arena []byte
	stack []operand
	dicts []map[string]operand
	// elems holds the elements of the arrays being read, innermost last,
	// so that each array is allocated once, at its length.
	elems []operand
}

// interpret runs the cleaned content stream data, calling do for each
// operator with the operands on the stack, which it then empties. data
// must not change afterwards: strings given to do may share its memory.
func interpret(data []byte, do func(args []operand, op string)) {
	in := interp{arena: make([]byte, 0, 256)}
	if len(data) > 0 {
		in.src = unsafe.String(&data[0], len(data))
	}
	in.run(do)
}

func (in *interp) push(v operand) { in.stack = append(in.stack, v) }

func (in *interp) pop() operand {
	n := len(in.stack)
	if n == 0 {
		return operand{}
	}
	v := in.stack[n-1]
	in.stack = in.stack[:n-1]
	return v
}

func (in *interp) run(do func(args []operand, op string)) {
reading:
	for {
		kind, err := in.next()
		if err != nil {
			panic(err)
		}
		switch kind {
		case opEOF:
			return
		case opValue:
			// What object would do with it.
			in.stack = append(in.stack, in.tok.val)
			continue
		}
		{
			kw := in.tok.val.str
			switch kw {
			case "null", "[", "]", "<<", ">>":
			default:
				for i := len(in.dicts) - 1; i >= 0; i-- {
					if v, ok := in.dicts[i][kw]; ok {
						in.push(v)
						continue reading
					}
				}
				do(in.stack, kw)
				in.stack = in.stack[:0]
				continue
			case "dict":
				in.pop()
				in.push(operand{kind: lpdf.Dict, dict: make(map[string]operand)})
				continue
			case "currentdict":
				if len(in.dicts) == 0 {
					panic("no current dictionary")
				}
				in.push(operand{kind: lpdf.Dict, dict: in.dicts[len(in.dicts)-1]})
				continue
			case "begin":
				d := in.pop()
				if d.kind != lpdf.Dict {
					panic("cannot begin non-dict")
				}
				in.dicts = append(in.dicts, d.dict)
				continue
			case "end":
				if len(in.dicts) == 0 {
					panic("mismatched begin/end")
				}
				in.dicts = in.dicts[:len(in.dicts)-1]
				continue
			case "def":
				val := in.pop()
				if len(in.dicts) == 0 {
					continue
				}
				key := in.pop()
				if key.kind != lpdf.Name {
					continue
				}
				in.dicts[len(in.dicts)-1][key.str] = val
				continue
			case "pop":
				in.pop()
				continue
			}
		}
		in.pending = true
		// A malformed operand is dropped and reading goes on from where
		// it stopped, as lpdf does.
		if v, ok := in.object(0); ok {
			in.push(v)
		}
	}
}

// object reads one operand at nesting depth (the depth of its container);
// false means it was malformed.
func (in *interp) object(depth int) (operand, bool) {
	depth++
	if depth > maxNesting {
		return operand{}, false
	}
	kind, err := in.next()
	if err != nil {
		return operand{}, false
	}
	switch kind {
	case opEOF:
		return operand{}, true
	case opValue:
		return in.tok.val, true
	}
	switch in.tok.val.str {
	case "null", ">>", "]":
		return operand{}, true
	case "<<":
		return in.dictionary(depth)
	case "[":
		return in.array(depth)
	}
	return operand{}, false
}

func (in *interp) array(depth int) (operand, bool) {
	mark := len(in.elems)
	defer func() { in.elems = in.elems[:mark] }()
	for {
		kind, err := in.next()
		if err != nil {
			return operand{}, false
		}
		if kind == opEOF || kind == opKeyword && in.tok.val.str == "]" {
			break
		}
		in.pending = true
		v, ok := in.object(depth)
		if !ok {
			return operand{}, false
		}
		in.elems = append(in.elems, v)
	}
	var x []operand
	if n := len(in.elems) - mark; n > 0 {
		x = make([]operand, n)
		copy(x, in.elems[mark:])
	}
	return operand{kind: lpdf.Array, arr: x}, true
}

func (in *interp) dictionary(depth int) (operand, bool) {
	x := make(map[string]operand)
	for {
		kind, err := in.next()
		if err != nil {
			return operand{}, false
		}
		if kind == opEOF || kind == opKeyword && in.tok.val.str == ">>" {
			break
		}
		if kind != opValue || in.tok.val.kind != lpdf.Name {
			return operand{}, false
		}
		key := in.tok.val.str
		v, ok := in.object(depth)
		if !ok {
			return operand{}, false
		}
		x[key] = v
	}
	return operand{kind: lpdf.Dict, dict: x}, true
}

// next reads one token into tok and returns its kind. Past the end the input reads as white space, as
// in lpdf's buffer.
func (in *interp) next() (opTokKind, error) {
	if in.pending {
		in.pending = false
		return in.tok.kind, nil
	}
	k, err := in.lex()
	in.tok.kind = k
	return k, err
}

// lex reads the token at pos.
func (in *interp) lex() (opTokKind, error) {
	s := in.src
	i := in.pos
	for i < len(s) {
		c := s[i]
		if isPSSpace(c) {
			i++
			continue
		}
		if c == '%' {
			for i < len(s) && s[i] != '\r' && s[i] != '\n' {
				i++
			}
			continue
		}
		break
	}
	if i >= len(s) {
		in.pos = i
		return opEOF, nil
	}
	c := s[i]
	switch c {
	case '<':
		if i+1 < len(s) && s[i+1] == '<' {
			in.pos = i + 2
			return in.keyword("<<"), nil
		}
		return in.hex(i + 1)
	case '(':
		return in.literal(i + 1)
	case '[', ']', '{', '}':
		in.pos = i + 1
		return in.keyword(s[i : i+1]), nil
	case '/':
		return in.name(i + 1)
	case '>':
		if i+1 < len(s) && s[i+1] == '>' {
			in.pos = i + 2
			return in.keyword(">>"), nil
		}
	}
	if isPSDelim(c) {
		in.pos = i + 1
		return opEOF, fmt.Errorf("unexpected delimiter %#q", rune(c))
	}
	j := i
	for j < len(s) && !isPSSpace(s[j]) && !isPSDelim(s[j]) {
		j++
	}
	in.pos = j
	w := s[i:j]
	switch {
	case w == "true":
		return in.value(operand{kind: lpdf.Bool, num: 1}), nil
	case w == "false":
		return in.value(operand{kind: lpdf.Bool}), nil
	}
	if x, ok := quickNumber(w); ok {
		return in.value(x), nil
	}
	switch {
	case isInteger(w):
		x, err := strconv.ParseInt(w, 10, 64)
		if err != nil {
			return opEOF, fmt.Errorf("invalid integer %s", w)
		}
		return in.value(operand{kind: lpdf.Integer, num: float64(x)}), nil
	case isReal(w):
		x, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return opEOF, fmt.Errorf("invalid real %s", w)
		}
		return in.value(operand{kind: lpdf.Real, num: x}), nil
	}
	return in.keyword(w), nil
}

// pow10 are the powers of ten that a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// quickNumber reads the numbers content streams are made of (an optional
// sign, at most 15 digits, at most one point) without strconv, which
// takes a fifth of interpret's time on them. The digits make an integer
// below 2^53 and the divisor a power of ten a float64 holds, so the
// quotient is correctly rounded: the value strconv.ParseFloat gives.
// Other words are left to strconv (false).
func quickNumber(w string) (operand, bool) {
	i, neg := 0, false
	if len(w) > 0 && (w[0] == '+' || w[0] == '-') {
		neg = w[0] == '-'
		i = 1
	}
	var m uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return operand{}, false
		}
	}
	if digits == 0 || digits > 15 {
		return operand{}, false
	}
	if !dot {
		x := float64(m)
		if neg {
			x = float64(-int64(m)) // as ParseInt: "-0" is 0, not -0
		}
		return operand{kind: lpdf.Integer, num: x}, true
	}
	x := float64(m) / pow10[frac]
	if neg {
		x = -x
	}
	return operand{kind: lpdf.Real, num: x}, true
}

// isInteger and isReal are lpdf's tests of a bare word.
func isInteger(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isReal(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) == 0 {
		return false
	}
	dots := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			dots++
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return dots == 1
}

// str makes a string operand of arena[start:].
func (in *interp) str(start int) opTokKind {
	v := operand{kind: lpdf.String}
	if n := len(in.arena) - start; n > 0 {
		v.str = unsafe.String(&in.arena[start], n)
	}
	return in.value(v)
}

// value makes v the token read.
func (in *interp) value(v operand) opTokKind {
	in.tok.val = v
	return opValue
}

// keyword makes the keyword kw the token read.
func (in *interp) keyword(kw string) opTokKind {
	in.tok.val.str = kw
	return opKeyword
}

// hex reads a hex string whose digits start at i. cleanContent leaves
// only digits, an even number of them, and the closing '>'.
func (in *interp) hex(i int) (opTokKind, error) {
	s := in.src
	start := len(in.arena)
	for {
		var c byte
		for i < len(s) && isPSSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		if c = s[i]; c == '>' {
			i++
			break
		}
		i++
		for i < len(s) && isPSSpace(s[i]) {
			i++
		}
		var c2 byte = '\n'
		if i < len(s) {
			c2 = s[i]
			i++
		}
		hi, ok1 := unhex(c)
		lo, ok2 := unhex(c2)
		if !ok1 || !ok2 {
			in.pos = i
			in.arena = in.arena[:start]
			return opEOF, fmt.Errorf("malformed hex string %c %c", c, c2)
		}
		in.arena = append(in.arena, hi<<4|lo)
	}
	in.pos = i
	return in.str(start), nil
}

// literal reads a literal string whose bytes start at i.
func (in *interp) literal(i int) (opTokKind, error) {
	s := in.src
	// Most strings have no escapes: they are a slice of src.
	depth := 1
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j = len(s)
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				in.pos = j + 1
				return in.value(operand{kind: lpdf.String, str: s[i:j]}), nil
			}
		}
	}
	start := len(in.arena)
	depth = 1
	// eof says lpdf's reader has read past the end (it then reads a
	// newline) inside an escape, which ends the string there.
	eof := false
	for i < len(s) && !eof {
		c := s[i]
		i++
		switch c {
		default:
			in.arena = append(in.arena, c)
		case '(':
			depth++
			in.arena = append(in.arena, c)
		case ')':
			if depth--; depth == 0 {
				in.pos = i
				return in.str(start), nil
			}
			in.arena = append(in.arena, c)
		case '\\':
			var e byte = '\n'
			if i < len(s) {
				e = s[i]
				i++
			} else {
				eof = true
			}
			switch e {
			default:
				in.pos = i
				in.arena = in.arena[:start]
				return opEOF, fmt.Errorf("invalid escape sequence \\%c", e)
			case 'n':
				in.arena = append(in.arena, '\n')
			case 'r':
				in.arena = append(in.arena, '\r')
			case 'b':
				in.arena = append(in.arena, '\b')
			case 't':
				in.arena = append(in.arena, '\t')
			case 'f':
				in.arena = append(in.arena, '\f')
			case '(', ')', '\\':
				in.arena = append(in.arena, e)
			case '\r':
				if i < len(s) && s[i] == '\n' {
					i++
				} else if i >= len(s) {
					eof = true
				}
			case '\n':
			case '0', '1', '2', '3', '4', '5', '6', '7':
				x := int(e - '0')
				for k := 0; k < 2; k++ {
					if i >= len(s) {
						eof = true
						break
					}
					if s[i] < '0' || s[i] > '7' {
						break
					}
					x = x*8 + int(s[i]-'0')
					i++
				}
				if x > 255 {
					in.pos = i
					in.arena = in.arena[:start]
					return opEOF, fmt.Errorf("invalid octal escape \\%03o", x)
				}
				in.arena = append(in.arena, byte(x))
			}
		}
	}
	// Unclosed at the end of the stream (cleanContent closes every
	// string, so only a stream that was not cleaned gets here): lpdf
	// reads the end as a newline, kept unless an escape took it.
	if !eof {
		in.arena = append(in.arena, '\n')
	}
	in.pos = i
	return in.str(start), nil
}

// name reads a name whose characters start at i.
func (in *interp) name(i int) (opTokKind, error) {
	s := in.src
	j := i
	for j < len(s) && !isPSSpace(s[j]) && !isPSDelim(s[j]) && s[j] != '#' {
		j++
	}
	if j == len(s) || s[j] != '#' {
		in.pos = j
		return in.value(operand{kind: lpdf.Name, str: s[i:j]}), nil
	}
	start := len(in.arena)
	in.arena = append(in.arena, s[i:j]...)
	for j < len(s) && !isPSSpace(s[j]) && !isPSDelim(s[j]) {
		c := s[j]
		j++
		if c == '#' {
			var c1, c2 byte = '\n', '\n'
			if j < len(s) {
				c1 = s[j]
				j++
			}
			if j < len(s) {
				c2 = s[j]
				j++
			}
			hi, ok1 := unhex(c1)
			lo, ok2 := unhex(c2)
			if !ok1 || !ok2 {
				in.pos = j
				in.arena = in.arena[:start]
				return opEOF, fmt.Errorf("malformed name")
			}
			in.arena = append(in.arena, hi<<4|lo)
			continue
		}
		in.arena = append(in.arena, c)
	}
	in.pos = j
	in.str(start)
	in.tok.val.kind = lpdf.Name
	return opValue, nil
}
