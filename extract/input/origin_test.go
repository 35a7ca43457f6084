package input

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// TestRead_Origin: the seed report as text (UTF-8 and GBK), web page and
// Word file maps every 溜川 of its canonical text back to the bytes it was
// read from; the text read byte for byte is the source's own; PDF keeps
// no origin.
func TestRead_Origin(t *testing.T) {
	for _, name := range []string{"000_zibo_zichuan_touzi_2023.txt", "seed_gbk.txt", "report.html", "report.docx"} {
		t.Run(name, func(t *testing.T) {
			src := fixtures.Read(t, name)
			doc, err := Bytes(context.Background(), name, src, extract.Limits{})
			require.NoError(t, err)
			require.NotNil(t, doc.Origin)
			part := src
			if doc.Format == "docx" {
				assert.Equal(t, "word/document.xml", doc.Origin.Part)
				part = unzipPart(t, src, doc.Origin.Part)
			}
			if doc.Encoding == "utf-8" {
				for _, p := range doc.Origin.Pieces {
					if p.Text.Len() == p.Src.Len() {
						require.Equal(t, string(part[p.Src.Start:p.Src.End]), doc.Text[p.Text.Start:p.Text.End])
					}
				}
			}
			n := 0
			for off := 0; ; {
				i := strings.Index(doc.Text[off:], "溜川")
				if i < 0 {
					break
				}
				sp := extract.Span{Start: off + i, End: off + i + len("溜川")}
				ps, err := doc.Origin.Source(sp)
				require.NoError(t, err)
				require.Len(t, ps, 1)
				got := part[ps[0].Src.Start:ps[0].Src.End]
				if doc.Encoding == "gb18030" {
					got, err = simplifiedchinese.GB18030.NewDecoder().Bytes(got)
					require.NoError(t, err)
				}
				assert.Equal(t, "溜川", string(got))
				n++
				off = sp.End
			}
			assert.Equal(t, 5, n)
		})
	}
	t.Run("pdf", func(t *testing.T) {
		doc, err := Bytes(context.Background(), "r.pdf", fixtures.Read(t, "report_lo_type1.pdf"), extract.Limits{})
		require.NoError(t, err)
		assert.Nil(t, doc.Origin)
	})
}

func unzipPart(t *testing.T, src []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			require.NoError(t, err)
			defer rc.Close()
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			return b
		}
	}
	t.Fatalf("no %s", name)
	return nil
}
