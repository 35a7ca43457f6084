package pdf

import (
	"bytes"
	"fmt"
	"io"

	lpdf "github.com/ledongthuc/pdf"
)

// maxOperands bounds the operands that may pile up before an operator.
// The interpreter keeps them all on its stack; a real page never has more
// than a few thousand in a row (a long TJ array), a hostile one could
// have millions.
const maxOperands = 100_000

// prepare decodes a content stream (or an array of them), cleans it with
// cleanContent and returns it for interpret to run.
//
// lpdf's tokenizer, whose rules interpret keeps, gives up on things real content streams
// contain: the binary data of inline images, odd-length hex strings,
// unknown escapes in strings. It loops for ever on a hex string left open
// at the end of the stream. Feeding it a cleaned copy fixes all of them,
// and decoding here first bounds the size before anything is held in
// memory: a few kilobytes of deflated zeros can stand for gigabytes.
// contentCost is what one decoded byte of a content stream leaves in
// memory until the file is done, about: the glyphs and segments it draws
// are kept for every page (the copies made on the way are not).
const contentCost = 2

func (st *state) prepare(v lpdf.Value) []byte {
	data := st.content[:0]
	add := func(s lpdf.Value) {
		if s.Kind() != lpdf.Stream {
			return
		}
		rc := st.streams.open(s)
		left := st.maxDecoded - st.decoded
		start := len(data)
		var err error
		data, err = appendAll(data, io.LimitReader(rc, left+1))
		n := int64(len(data) - start)
		st.decoded += n
		st.charge(contentCost*n, "content streams")
		if st.decoded > st.maxDecoded {
			panic(fmt.Errorf("%w: content streams decode to more than %d bytes (see --max-unzipped)", errBudget, st.maxDecoded))
		}
		if err != nil {
			panic(fmt.Errorf("decode content stream: %v", err))
		}
		data = append(data, '\n')
	}
	if v.Kind() == lpdf.Array {
		for i := 0; i < v.Len() && i < 10_000; i++ {
			add(v.Index(i))
		}
	} else {
		add(v)
	}
	st.content = data
	clean, err := cleanContent(data)
	if err != nil {
		panic(err)
	}
	return clean
}

// appendAll is io.ReadAll appending to b.
func appendAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
	}
}

// cleanContent copies a content stream token by token, repairing what the
// interpreter's tokenizer cannot take: inline image data is dropped (the
// BI … ID … EI operators stay), hex strings lose stray characters and get
// an even number of digits and their closing '>', strings lose unknown
// escapes and get closed, stray ')' and '>' become spaces, and integers
// too long to parse become 0. It fails when operands pile up without an
// operator.
func cleanContent(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)+16)
	run := 0
	operand := func() error {
		if run++; run > maxOperands {
			return fmt.Errorf("%w: more than %d operands without an operator", errBudget, maxOperands)
		}
		return nil
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case isPSSpace(c):
			out = append(out, c)
			i++
			continue
		case c == '%':
			j := i
			for j < len(data) && data[j] != '\r' && data[j] != '\n' {
				j++
			}
			i = j
			continue
		case c == '(':
			out, i = cleanLiteral(out, data, i)
		case (c == '<' || c == '>') && i+1 < len(data) && data[i+1] == c:
			out = append(out, c, c)
			i += 2
			continue
		case c == '<':
			out, i = cleanHex(out, data, i)
		case c == '>' || c == ')':
			out = append(out, ' ')
			i++
			continue
		case c == '[' || c == ']' || c == '{' || c == '}':
			out = append(out, c)
			i++
			continue
		case c == '/':
			out, i = cleanName(out, data, i)
		default:
			j := i
			for j < len(data) && !isPSSpace(data[j]) && !isPSDelim(data[j]) {
				j++
			}
			w := data[i:j]
			i = j
			if isNumeric(w) || string(w) == "true" || string(w) == "false" || string(w) == "null" {
				if len(w) > 15 && bytes.IndexByte(w, '.') < 0 {
					w = []byte("0")
				}
				out = append(out, w...)
				break
			}
			run = 0
			out = append(out, w...)
			if string(w) == "ID" {
				i = skipImageData(data, i)
			}
			continue
		}
		if err := operand(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func isNumeric(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	c := w[0]
	return c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// skipImageData returns where the operator after the data of an inline
// image starts: at the first "EI" set apart by white space.
func skipImageData(data []byte, i int) int {
	for j := i + 1; j+1 < len(data); j++ {
		if data[j] == 'E' && data[j+1] == 'I' && isPSSpace(data[j-1]) &&
			(j+2 == len(data) || isPSSpace(data[j+2]) || isPSDelim(data[j+2])) {
			return j
		}
	}
	return len(data)
}

func cleanLiteral(out, data []byte, i int) ([]byte, int) {
	out = append(out, '(')
	depth := 1
	for i++; i < len(data) && depth > 0; i++ {
		c := data[i]
		switch c {
		case '\\':
			if i+1 >= len(data) {
				continue
			}
			n := data[i+1]
			switch {
			case n >= '0' && n <= '7':
				v, k := 0, i+1
				for k < len(data) && k < i+4 && data[k] >= '0' && data[k] <= '7' {
					v = v*8 + int(data[k]-'0')
					k++
				}
				// Three digits, the value cut to a byte (\777 would
				// stop the tokenizer).
				out = append(out, '\\', '0'+byte(v>>6&3), '0'+byte(v>>3&7), '0'+byte(v&7))
				i = k - 1
			case bytes.IndexByte([]byte("nrtbf()\\\r\n"), n) >= 0:
				out = append(out, '\\', n)
				i++
			default:
				// An unknown escape stands for the character itself.
				out = append(out, n)
				i++
			}
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	if depth > 0 {
		out = append(out, ')')
	}
	return out, i
}

func cleanHex(out, data []byte, i int) ([]byte, int) {
	out = append(out, '<')
	digits := 0
	for i++; i < len(data) && data[i] != '>'; i++ {
		if _, ok := unhex(data[i]); ok {
			out = append(out, data[i])
			digits++
		}
	}
	if digits%2 == 1 {
		out = append(out, '0')
	}
	out = append(out, '>')
	if i < len(data) {
		i++
	}
	return out, i
}

func cleanName(out, data []byte, i int) ([]byte, int) {
	out = append(out, '/')
	for i++; i < len(data) && !isPSSpace(data[i]) && !isPSDelim(data[i]); i++ {
		c := data[i]
		if c == '#' {
			if i+2 < len(data) {
				if _, ok := unhex(data[i+1]); ok {
					if _, ok := unhex(data[i+2]); ok {
						out = append(out, data[i:i+3]...)
						i += 2
						continue
					}
				}
			}
			out = append(out, "#23"...)
			continue
		}
		out = append(out, c)
	}
	return out, i
}
