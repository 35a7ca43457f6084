package extract_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/nianbao/nianbao/extract"
)

// traced is text read from src as one node, byte for byte.
func traced(src string, at int) extract.Traced {
	var t extract.Traced
	t.WriteFrom(src, extract.Span{Start: at, End: at + len(src)}, 0)
	return t
}

// TestJoinLinesTraced: the traced join gives exactly JoinLines's text, and
// every byte it maps points at the same byte of the source.
func TestJoinLinesTraced(t *testing.T) {
	for _, s := range []string{
		"", "  ", "溜川区", "  淄川\n区投资 ", "a\nb", "淄\r\n川", "a  b\tc", "一\u3000二", "x\u00a0\ny", "\n\n数据\n",
		"2. 其他法律法规禁止公开", "a \n b", "bad\xffbyte",
	} {
		src := "<p>" + s + "</p>"
		tr := traced(s, 3)
		j := extract.JoinLinesTraced(tr)
		require.Equal(t, extract.JoinLines(s), j.String(), "%q", s)
		for _, p := range j.Pieces() {
			if p.Text.Len() == p.Src.Len() {
				assert.Equal(t, src[p.Src.Start:p.Src.End], j.String()[p.Text.Start:p.Text.End], "%q", s)
			}
		}
	}
}

// TestOrigin_Source: spans map to their bytes; one that crosses text the
// reader wrote, or cuts an entity, does not; an edit across two nodes
// maps to one piece per node.
func TestOrigin_Source(t *testing.T) {
	// <p>溜&amp;</p><p>川区</p> read as two paragraphs: "溜&" and "川区".
	src := "<p>溜&amp;</p><p>川区</p>"
	b := extract.NewBuilder("x.html", "html")
	b.Trace("")
	var p1 extract.Traced
	p1.WriteFrom("溜", extract.Span{Start: 3, End: 6}, 0)
	p1.WriteFrom("&", extract.Span{Start: 6, End: 11}, 0)
	b.ParagraphTraced(extract.Paragraph, p1)
	var p2 extract.Traced
	p2.WriteFrom("川", extract.Span{Start: 18, End: 21}, 1)
	p2.WriteString("·") // made up by the reader
	p2.WriteFrom("区", extract.Span{Start: 21, End: 24}, 2)
	b.ParagraphTraced(extract.Paragraph, p2)
	d := b.Document()
	require.Equal(t, "溜&\n川·区", d.Text)
	o := d.Origin

	ps, err := o.Source(extract.Span{Start: 0, End: 3})
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, "溜", src[ps[0].Src.Start:ps[0].Src.End])

	ps, err = o.Source(extract.Span{Start: 0, End: 4})
	require.NoError(t, err)
	assert.Equal(t, "溜&amp;", src[ps[0].Src.Start:ps[0].Src.End], "the entity maps as a whole")

	_, err = o.Source(extract.Span{Start: 0, End: 5})
	assert.ErrorIs(t, err, extract.ErrNoSource, "the newline between paragraphs has no source")

	_, err = o.Source(extract.Span{Start: 5, End: 10})
	assert.ErrorIs(t, err, extract.ErrNoSource, "· was written by the reader")

	ps, err = o.Source(extract.Span{Start: 5, End: 5})
	require.NoError(t, err)
	assert.Equal(t, extract.Span{Start: 18, End: 18}, ps[0].Src, "an insertion point")

	ps, err = o.Source(extract.Span{Start: 8, End: 8})
	require.NoError(t, err)
	assert.Equal(t, extract.Span{Start: 21, End: 21}, ps[0].Src, "the end of a piece")
}

// TestDecodedPieces: text decoded from UTF-8 with a BOM and CRLF, GBK and
// UTF-16 maps every character back to its bytes.
func TestDecodedPieces(t *testing.T) {
	text := "淄川区\n2023 年\n"
	for _, c := range []struct {
		name, enc string
		src       func() []byte
	}{
		{"utf-8 crlf bom", "utf-8", func() []byte { return []byte("\xEF\xBB\xBF淄川区\r\n2023 年\r\n") }},
		{"gbk", "gb18030", func() []byte {
			b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("淄川区\r\n2023 年\n"))
			require.NoError(t, err)
			return b
		}},
		{"utf-16le", "utf-16le", func() []byte {
			b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("淄川区\r\n2023 年\r\n"))
			require.NoError(t, err)
			return b
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.src()
			ps, ok := extract.DecodedPieces(src, c.enc, text, true)
			require.True(t, ok)
			o := &extract.Origin{Pieces: ps}
			at := strings.Index(text, "川")
			got, err := o.Source(extract.Span{Start: at, End: at + len("川")})
			require.NoError(t, err)
			want, _ := encode(t, c.enc, "川")
			assert.Equal(t, want, src[got[0].Src.Start:got[0].Src.End])
		})
	}
	_, ok := extract.DecodedPieces([]byte("abc"), "utf-8", "abd", true)
	assert.False(t, ok, "text that is not src")
	_, ok = extract.DecodedPieces([]byte("abc"), "big5", "abc", true)
	assert.False(t, ok, "an encoding it does not trace")
}

func encode(t *testing.T, enc, s string) ([]byte, error) {
	switch enc {
	case "gb18030":
		return simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	}
	return []byte(s), nil
}

// TestCompose: pieces into a decoded page, composed with the decoding,
// point into the file.
func TestCompose(t *testing.T) {
	page := "<p>淄川</p>"
	file, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(page))
	require.NoError(t, err)
	via, ok := extract.DecodedPieces(file, "gb18030", page, false)
	require.True(t, ok)
	got := extract.Compose([]extract.Piece{{Text: extract.Span{Start: 0, End: 6}, Src: extract.Span{Start: 3, End: 9}}}, via)
	o := &extract.Origin{Pieces: got}
	ps, err := o.Source(extract.Span{Start: 3, End: 6})
	require.NoError(t, err)
	want, _ := encode(t, "gb18030", "川")
	assert.Equal(t, want, file[ps[0].Src.Start:ps[0].Src.End])
}
