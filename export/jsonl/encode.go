package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/nianbao/nianbao/export"
)

// encoder writes a Line as json.Encoder (HTML left unescaped) writes it,
// byte for byte, but for the model's cells, which it appends itself.
//
// Why by hand: a line is mostly its 200-odd cells, and encoding/json spent
// most of a line's time on them: reflecting on each cell, and collecting
// and sorting the map's keys through reflect.Value each time. The rest of
// the line is still written by encoding/json, a piece at a time, so that
// it keeps its rules; TestEncoder holds the whole to what json.Encoder
// writes, on odd strings and numbers too.
type encoder struct {
	buf  bytes.Buffer
	enc  *json.Encoder
	keys []string
}

func newEncoder() *encoder {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// lineHead is what a Line has before its model, in its order.
type lineHead struct {
	Version   int            `json:"version"`
	Path      string         `json:"path"`
	PathBytes []byte         `json:"path_bytes,omitempty"`
	Source    *export.Source `json:"source,omitempty"`
}

// lineTail is what a Line has after its model.
type lineTail struct {
	Findings []export.JSONFinding `json:"findings"`
	Error    string               `json:"error,omitempty"`
}

// nullCells ends a model encoded without its cells.
var nullCells = []byte(`,"cells":null}`)

// appendLine appends l and a line feed to b.
func (e *encoder) appendLine(b []byte, l Line) ([]byte, error) {
	piece := func(v any) ([]byte, error) {
		e.buf.Reset()
		if err := e.enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
	}
	p, err := piece(lineHead{l.Version, l.Path, l.PathBytes, l.Source})
	if err != nil {
		return b, err
	}
	b = append(b, p[:len(p)-1]...) // without its }
	b = append(b, `,"model":`...)
	if l.Model == nil {
		b = append(b, "null"...)
	} else {
		m := *l.Model
		cells := m.Cells
		m.Cells = nil
		if p, err = piece(m); err != nil {
			return b, err
		}
		if !bytes.HasSuffix(p, nullCells) {
			return b, errors.New("model encoded without its cells last")
		}
		b = append(b, p[:len(p)-len(nullCells)]...)
		b = append(b, `,"cells":`...)
		if b, err = e.appendCells(b, cells); err != nil {
			return b, err
		}
		b = append(b, '}')
	}
	if p, err = piece(lineTail{l.Findings, l.Error}); err != nil {
		return b, err
	}
	b = append(b, ',')
	b = append(b, p[1:]...) // without its {
	return append(b, '\n'), nil
}

// appendCells appends the cells as encoding/json encodes the map: keys
// sorted, fields in ModelCell's order.
func (e *encoder) appendCells(b []byte, cells map[string]export.ModelCell) ([]byte, error) {
	if cells == nil {
		return append(b, "null"...), nil
	}
	e.keys = e.keys[:0]
	for k := range cells {
		e.keys = append(e.keys, k)
	}
	slices.Sort(e.keys)
	b = append(b, '{')
	for i, k := range e.keys {
		c := cells[k]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, `:{"value":`...)
		if c.Value == nil {
			b = append(b, "null"...)
		} else {
			var err error
			if b, err = appendFloat(b, *c.Value); err != nil {
				return b, err
			}
		}
		b = append(b, `,"state":`...)
		b = appendString(b, c.State)
		b = append(b, `,"raw":`...)
		b = appendString(b, c.Raw)
		if c.Unit != "" {
			b = append(b, `,"unit":`...)
			b = appendString(b, c.Unit)
		}
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(c.Line), 10)
		b = append(b, `,"column":`...)
		b = strconv.AppendInt(b, int64(c.Column), 10)
		if c.Page != 0 {
			b = append(b, `,"page":`...)
			b = strconv.AppendInt(b, int64(c.Page), 10)
		}
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// appendFloat appends v as encoding/json writes a float64: the shortest
// decimal form, in exponent form below 1e-6 and from 1e21, with the
// exponent's leading zero dropped.
func appendFloat(b []byte, v float64) ([]byte, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b, &json.UnsupportedValueError{Value: reflect.ValueOf(v), Str: strconv.FormatFloat(v, 'g', -1, 64)}
	}
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, v, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hex = "0123456789abcdef"

// appendString appends s quoted as encoding/json quotes it without HTML
// escaping: quotes, backslashes and control characters escaped, bytes
// that are not UTF-8 as U+FFFD, and U+2028 and U+2029 escaped, which
// JavaScript would take for line ends.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
