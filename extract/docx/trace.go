package docx

import (
	"bytes"
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
	if b := r.buf[start:end]; string(b) == data && bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		// Written as it reads, the common case: what Align gives, one
		// piece, without copying raw to look for entities.
		t.WriteFrom(data, extract.Span{Start: start, End: end}, node)
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
	u, ok := extract.Align(raw, start, data, node, xmlEntity)
	if !ok {
		t.WriteString(data)
		return
	}
	t.WriteTraced(u)
}

// xmlEntity reads the reference at raw[i] (&amp;, &#28100;): the XML
// decoder has already turned it into one character of rest.
func xmlEntity(raw string, i int, rest string) (int, string) {
	k := strings.IndexByte(raw[i:], ';')
	if k < 0 {
		return 0, ""
	}
	_, sz := utf8.DecodeRuneInString(rest)
	return i + k + 1, rest[:sz]
}
