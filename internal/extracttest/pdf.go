package extracttest

import (
	"bytes"
	"fmt"
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
