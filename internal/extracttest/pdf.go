package extracttest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// PDF writes a PDF file for a test, object by object: objects are
// numbered from 1 in the order they are added, and the first must be the
// catalog. Its zero value is ready to use.
type PDF struct {
	buf     bytes.Buffer
	offsets []int
}

// Add writes the next object: dict, followed by stream unless it is nil.
func (p *PDF) Add(dict string, stream []byte) {
	if p.buf.Len() == 0 {
		// The comment of bytes above 127 marks the file as binary.
		p.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	}
	p.offsets = append(p.offsets, p.buf.Len())
	fmt.Fprintf(&p.buf, "%d 0 obj\n%s", len(p.offsets), dict)
	if stream != nil {
		p.buf.WriteString("\nstream\n")
		p.buf.Write(stream)
		p.buf.WriteString("\nendstream")
	}
	p.buf.WriteString("\nendobj\n")
}

// Bytes returns the file: the objects added, then the cross-reference
// table and the trailer.
func (p *PDF) Bytes() []byte {
	out := bytes.NewBuffer(bytes.Clone(p.buf.Bytes()))
	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, o := range p.offsets {
		fmt.Fprintf(out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, xref)
	return out.Bytes()
}

// XRef is one entry of a cross-reference stream: type 0 (free), 1 (F2 is
// the offset) or 2 (F2 is the object stream holding it, F3 its index).
type XRef struct{ Type, F2, F3 int64 }

// XRefStream writes a cross-reference stream as object number obj with
// the entries of objects 0, 1, …: /W [1 4 2], Flate-compressed with the
// PNG Up predictor when compress is set, as current writers do.
func XRefStream(obj int, entries []XRef, root int, compress bool) []byte {
	var rows bytes.Buffer
	prev := make([]byte, 7)
	for _, e := range entries {
		row := []byte{byte(e.Type), byte(e.F2 >> 24), byte(e.F2 >> 16), byte(e.F2 >> 8), byte(e.F2), byte(e.F3 >> 8), byte(e.F3)}
		if compress {
			rows.WriteByte(2) // PNG Up: each byte minus the one above
			for i, c := range row {
				rows.WriteByte(c - prev[i])
			}
			prev = row
			continue
		}
		rows.Write(row)
	}
	data, filter := rows.Bytes(), ""
	if compress {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(data)
		zw.Close()
		data, filter = z.Bytes(), "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> "
	}
	out := fmt.Appendf(nil, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R %s/Length %d >>\nstream\n", obj, len(entries), root, filter, len(data))
	out = append(out, data...)
	return append(out, "\nendstream\nendobj\n"...)
}

// WithObjectStreams returns a PDF 1.5 file of objs (numbered from 1, the
// first the catalog) laid out as current writers do: the dictionaries
// that are not streams go into one object stream, the streams stay
// plain objects, and a compressed cross-reference stream indexes them.
func WithObjectStreams(objs []string) []byte {
	var buf, head, body bytes.Buffer
	buf.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	n := len(objs)
	strm := n + 1 // the object stream
	entries := make([]XRef, n+3)
	entries[0] = XRef{Type: 0, F3: 65535}
	k := int64(0)
	for i, o := range objs {
		if bytes.Contains([]byte(o), []byte("stream")) {
			entries[i+1] = XRef{Type: 1, F2: int64(buf.Len())}
			fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
			continue
		}
		fmt.Fprintf(&head, "%d %d ", i+1, body.Len())
		body.WriteString(o + "\n")
		entries[i+1] = XRef{Type: 2, F2: int64(strm), F3: k}
		k++
	}
	entries[strm] = XRef{Type: 1, F2: int64(buf.Len())}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(head.Bytes())
	zw.Write(body.Bytes())
	zw.Close()
	fmt.Fprintf(&buf, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n",
		strm, k, head.Len(), z.Len(), z.Bytes())
	xref := buf.Len()
	entries[n+2] = XRef{Type: 1, F2: int64(xref)}
	buf.Write(XRefStream(n+2, entries, 1, true))
	fmt.Fprintf(&buf, "startxref\n%d\n%%%%EOF\n", xref)
	return buf.Bytes()
}

// NestedObjectStreams returns a file like the 133 bytes of issue 17: its
// cross-reference stream stores object 1 in object stream 1, itself.
// With mutual set, objects 1 and 3 are object streams stored in each
// other instead.
func NestedObjectStreams(mutual bool) []byte {
	entries := []XRef{{0, 0, 65535}, {2, 1, 0}, {1, 9, 0}}
	if mutual {
		entries = []XRef{{0, 0, 65535}, {2, 3, 0}, {1, 9, 0}, {2, 1, 0}}
	}
	out := []byte("%PDF-1.5\n")
	out = append(out, XRefStream(2, entries, 1, false)...)
	return append(out, "startxref\n9\n%%EOF\n"...)
}

// SharedCMapPDF returns a one-page PDF whose fonts fonts (Type0,
// Identity-H) all share one ToUnicode CMap of about cmapBytes bytes, the
// page showing a character in each: a reader that parses the CMap once
// per font holds it fonts times.
func SharedCMapPDF(fonts, cmapBytes int) []byte {
	var cm bytes.Buffer
	cm.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
	for code := 0; cm.Len() < cmapBytes; {
		cm.WriteString("100 beginbfchar\n")
		for range 100 {
			fmt.Fprintf(&cm, "<%04X> <%04X>\n", code&0xFFFF, 0x4E00+code%0x5000)
			code++
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap end end\n")
	var p PDF
	var res, content strings.Builder
	for i := range fonts {
		fmt.Fprintf(&res, "/F%d %d 0 R ", i, 6+i)
		fmt.Fprintf(&content, "BT /F%d 12 Tf %d %d Td <0001> Tj ET\n", i, 30+(i%30)*18, 700-(i/30)*30)
	}
	p.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	p.Add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	p.Add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << %s>> >> /Contents 4 0 R >>", res.String()), nil)
	p.Add(fmt.Sprintf("<< /Length %d >>", content.Len()), []byte(content.String()))
	p.Add(fmt.Sprintf("<< /Length %d >>", cm.Len()), cm.Bytes())
	for range fonts {
		p.Add("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 5 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>", nil)
	}
	return p.Bytes()
}
