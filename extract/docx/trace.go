package docx

import (
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

// recorder keeps the bytes of a part as the XML decoder reads them, so
// that the text of a w:t can be traced to the bytes it was written as
// (the document's Origin): the decoder unescapes entities and line ends
// and gives offsets but not the bytes.
type recorder struct {
	r   io.Reader
	buf []byte
}

func (r *recorder) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.buf = append(r.buf, b[:n]...)
	return n, err
}

// recordedTokens is tokens for a part whose bytes are kept.
func (p *pkg) recordedTokens(name string) (*tokens, *recorder, error) {
	r, err := p.open(name)
	if err != nil {
		return nil, nil, err
	}
	rec := &recorder{r: r}
	return &tokens{d: xml.NewDecoder(rec), part: name, max: p.maxDepth}, rec, nil
}

// trace appends data, character data the decoder read from bytes
// start..end of the part, to t with its source: byte for byte where it was
// written as it reads, each entity (&amp;, &#28100;) and CRLF as a whole.
// Data that does not line up with its bytes is appended without a source.
func (r *recorder) trace(t *extract.Traced, data string, start, end, node int) {
	if r == nil || start < 0 || end > len(r.buf) || start > end {
		t.WriteString(data)
		return
	}
	raw := string(r.buf[start:end])
	if inner, ok := strings.CutPrefix(raw, "<![CDATA["); ok {
		if inner, ok = strings.CutSuffix(inner, "]]>"); ok && inner == data {
			t.WriteFrom(data, extract.Span{Start: start + 9, End: end - 3}, node)
			return
		}
		t.WriteString(data)
		return
	}
	var u extract.Traced
	i, j := 0, 0
	for i < len(raw) && j < len(data) {
		switch c := raw[i]; {
		case c == '&':
			k := strings.IndexByte(raw[i:], ';')
			_, sz := utf8.DecodeRuneInString(data[j:])
			if k < 0 {
				t.WriteString(data)
				return
			}
			u.WriteFrom(data[j:j+sz], extract.Span{Start: start + i, End: start + i + k + 1}, node)
			i, j = i+k+1, j+sz
		case c == '\r' && data[j] == '\n':
			n := 1
			if i+1 < len(raw) && raw[i+1] == '\n' {
				n = 2
			}
			u.WriteFrom("\n", extract.Span{Start: start + i, End: start + i + n}, node)
			i, j = i+n, j+1
		case c == data[j]:
			// A run of bytes written as they read.
			n := 1
			for i+n < len(raw) && j+n < len(data) && raw[i+n] == data[j+n] && raw[i+n] != '&' && raw[i+n] != '\r' {
				n++
			}
			u.WriteFrom(data[j:j+n], extract.Span{Start: start + i, End: start + i + n}, node)
			i, j = i+n, j+n
		default:
			t.WriteString(data)
			return
		}
	}
	if i != len(raw) || j != len(data) {
		t.WriteString(data)
		return
	}
	t.WriteTraced(u)
}
