package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// bomb returns the deflate stream of prefix, n bytes of '0' and suffix,
// with its CRC-32, without compressing n bytes: a sync-flushed block of
// zeros decodes the same after any run of zeros, so it is repeated.
func bomb(tb testing.TB, prefix, suffix string, n int64) (data []byte, crc uint32) {
	tb.Helper()
	const chunk = 1 << 20
	require.Zero(tb, n%chunk)
	zeros := bytes.Repeat([]byte{'0'}, chunk)
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	require.NoError(tb, err)
	write := func(b []byte) {
		_, err := fw.Write(b)
		require.NoError(tb, err)
		require.NoError(tb, fw.Flush())
	}
	write([]byte(prefix))
	write(zeros)
	mark := buf.Len()
	write(zeros)
	block := bytes.Clone(buf.Bytes()[mark:])
	for i := int64(2); i < n/chunk; i++ {
		buf.Write(block)
	}
	_, err = fw.Write([]byte(suffix))
	require.NoError(tb, err)
	require.NoError(tb, fw.Close())

	crc = crc32.ChecksumIEEE([]byte(prefix))
	for range n / chunk {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(suffix))
	return buf.Bytes(), crc
}

// bombDocx is a DOCX whose document.xml is a paragraph of 1 GiB of
// '0' characters. declared is the size its zip headers claim.
func bombDocx(tb testing.TB, declared func(real uint64) uint64) []byte {
	tb.Helper()
	prefix, suffix := docOpen+`<w:p><w:r><w:t>`, `</w:t></w:r></w:p>`+docClose
	const n = 1 << 30
	data, crc := bomb(tb, prefix, suffix, n)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(data)), UncompressedSize64: declared(uint64(len(prefix) + n + len(suffix))),
	})
	require.NoError(tb, err)
	_, err = w.Write(data)
	require.NoError(tb, err)
	require.NoError(tb, zw.Close())
	return buf.Bytes()
}

func TestBomb_IsReal(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 1 GiB")
	}
	src := bombDocx(t, func(n uint64) uint64 { return n })
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(t, err)
	rc, err := zr.File[0].Open()
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, rc)
	require.NoError(t, err, "archive/zip verifies size and CRC at the end")
	assert.Greater(t, n, int64(1<<30))
	t.Logf("%d compressed bytes inflate to %d", len(src), n)
}

// readBounded reads src and reports the error, the time taken and the
// bytes allocated meanwhile.
func readBounded(t *testing.T, name string, src []byte, lim extract.Limits) (err error, took time.Duration, alloc uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	doc, err := Read(name, src, lim)
	took = time.Since(start)
	runtime.ReadMemStats(&after)
	require.Nil(t, doc)
	require.Error(t, err)
	var e *extract.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, name, e.Path)
	return err, took, after.TotalAlloc - before.TotalAlloc
}

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

func ole(streams ...string) []byte {
	src := make([]byte, 4096)
	copy(src, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	off := 1024
	for _, s := range streams {
		off += copy(src[off:], utf16le(s)) + 64
	}
	return src
}

func TestRead_Hostile(t *testing.T) {
	cases := []struct {
		name   string
		file   string
		src    func(t *testing.T) []byte
		lim    extract.Limits
		is     error
		reason string
	}{
		{name: "zip bomb with an honest header", file: "bomb.docx",
			src: func(t *testing.T) []byte { return bombDocx(t, func(n uint64) uint64 { return n }) },
			is:  extract.ErrTooLarge, reason: "declares 1073742414 uncompressed bytes"},
		{name: "zip bomb under a generous size limit", file: "bomb.docx",
			src: func(t *testing.T) []byte { return bombDocx(t, func(n uint64) uint64 { return n }) },
			lim: extract.Limits{MaxUnzipped: 4 << 30}, is: extract.ErrTooLarge, reason: "expands more than 200:1"},
		{name: "zip bomb whose header lies", file: "bomb.docx",
			src:    func(t *testing.T) []byte { return bombDocx(t, func(uint64) uint64 { return 512 << 10 }) },
			reason: "more data than the 524288 bytes its zip header declares"},
		{name: "uncompressed size over the limit", file: "big.docx",
			src: func(t *testing.T) []byte {
				return mkdocx(t, strings.Repeat(xpara("政务公开"), 5000), "", "")
			},
			lim: extract.Limits{MaxUnzipped: 64 << 10}, is: extract.ErrTooLarge, reason: "(see --max-unzipped)"},
		{name: "too many entries", file: "many.docx",
			src: func(t *testing.T) []byte {
				parts := map[string]string{"word/document.xml": docOpen + xpara("x") + docClose}
				for i := range 2001 {
					parts[fmt.Sprintf("customXml/item%d.xml", i)] = "<a/>"
				}
				return mkzip(t, parts)
			},
			is: extract.ErrTooLarge, reason: "more than 2000 zip entries (see --max-entries)"},
		{name: "nesting deeper than the limit", file: "deep.docx",
			src: func(t *testing.T) []byte {
				return mkdocx(t, strings.Repeat("<w:sdt><w:sdtContent>", 100000)+strings.Repeat("</w:sdtContent></w:sdt>", 100000), "", "")
			},
			is: extract.ErrTooLarge, reason: "nested deeper than 512 elements (see --max-depth)"},
		{name: "list labels multiplying the text", file: "labels.docx",
			src: func(t *testing.T) []byte {
				num := `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="` + strings.Repeat("长", 5000) + `%1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`
				var body strings.Builder
				for i := range 5000 {
					body.WriteString(numbered(1, 0, fmt.Sprint(i*7919%100003)))
				}
				return mkdocx(t, body.String(), "", num)
			},
			lim: extract.Limits{MaxUnzipped: 1 << 20}, is: extract.ErrTooLarge, reason: "bytes of text (see --max-unzipped)"},
		{name: "input over MaxBytes", file: "report.docx",
			src: func(t *testing.T) []byte { return fixtures.Read(t, "report.docx") },
			lim: extract.Limits{MaxBytes: 1000}, is: extract.ErrTooLarge, reason: "10358 bytes > 1000 (see --max-bytes)"},
		{name: "Word 97-2003 .doc", file: "2019年报.doc",
			src: func(*testing.T) []byte { return ole("Root Entry", "WordDocument", "1Table") },
			is:  extract.ErrUnsupported, reason: "Word 97-2003 .doc"},
		{name: "WPS .wps", file: "2019年报.wps",
			src: func(*testing.T) []byte { return ole("Root Entry", "WordDocument") },
			is:  extract.ErrUnsupported, reason: "WPS Office .wps"},
		{name: "password-protected docx", file: "locked.docx",
			src: func(*testing.T) []byte { return ole("Root Entry", "EncryptionInfo", "EncryptedPackage") },
			is:  extract.ErrUnsupported, reason: "password-protected"},
		{name: "random bytes", file: "noise.docx",
			src: func(*testing.T) []byte {
				r := rand.New(rand.NewPCG(1, 2))
				b := make([]byte, 1<<16)
				for i := range b {
					b[i] = byte(r.Uint32())
				}
				return b
			},
			is: extract.ErrUnsupported, reason: "not a zip archive"},
		{name: "RTF saved as .doc", file: "a.doc",
			src: func(*testing.T) []byte { return []byte(`{\rtf1\ansi\ansicpg936 政府信息公开}`) },
			is:  extract.ErrUnsupported, reason: "RTF"},
		{name: "web page saved as .doc", file: "a.doc",
			src: func(*testing.T) []byte {
				return []byte(`<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>x</body></html>`)
			},
			is: extract.ErrUnsupported, reason: "HTML page"},
		{name: "PDF", file: "a.docx",
			src: func(*testing.T) []byte { return []byte("%PDF-1.7\n") },
			is:  extract.ErrUnsupported, reason: "PDF"},
		{name: "empty file", file: "a.docx",
			src: func(*testing.T) []byte { return nil },
			is:  extract.ErrEmpty},
		{name: "xlsx", file: "a.docx",
			src: func(t *testing.T) []byte {
				return mkzip(t, map[string]string{"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
					"_rels/.rels": partsOpen + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
						`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`})
			},
			is: extract.ErrUnsupported, reason: "Excel workbook"},
		{name: "odt", file: "a.odt",
			src: func(t *testing.T) []byte {
				return mkzip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "_rels/.rels": "", "content.xml": "<office:document-content/>"})
			},
			is: extract.ErrUnsupported, reason: "OpenDocument"},
		{name: "truncated archive", file: "cut.docx",
			src:    func(t *testing.T) []byte { src := fixtures.Read(t, "report.docx"); return src[:len(src)/2] },
			reason: "corrupt zip archive"},
		{name: "malformed XML", file: "bad.docx",
			src:    func(t *testing.T) []byte { return mkdocx(t, `<w:p><w:r><w:t>未闭合</w:r></w:p>`, "", "") },
			reason: "word/document.xml: XML syntax error on line 1"},
		{name: "checksum wrong after the end of w:document", file: "crc.docx",
			src: func(t *testing.T) []byte {
				// Reading used to stop at </w:document>, so damage in
				// what follows (here, the CRC itself) went unseen.
				src := mkzip(t, map[string]string{"word/document.xml": docOpen + xpara("政务公开") + docClose + "<!--" + strings.Repeat("x", 256<<10) + "-->"})
				name := bytes.LastIndex(src, []byte("word/document.xml")) // in the central directory
				src[name-46+16] ^= 0xFF
				return src
			},
			reason: "word/document.xml: zip: checksum error"},
		{name: "not WordprocessingML", file: "odd.docx",
			src: func(t *testing.T) []byte {
				return mkzip(t, map[string]string{"word/document.xml": `<svg xmlns="http://www.w3.org/2000/svg"/>`})
			},
			is: extract.ErrUnsupported, reason: "root element <svg> is not w:document"},
		{name: "no text", file: "blank.docx",
			src: func(t *testing.T) []byte { return mkdocx(t, `<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>`, "", "") },
			is:  extract.ErrEmpty},
		{name: "pictures only", file: "scan.docx",
			src: func(t *testing.T) []byte {
				return mkdocx(t, `<w:p><w:r><w:drawing><wp:inline><a:graphic/></wp:inline></w:drawing></w:r></w:p>`, "", "")
			},
			is: extract.ErrNeedsOCR},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.src(t)
			err, took, alloc := readBounded(t, c.file, src, c.lim)
			t.Logf("%v (%v, %d KiB allocated)", err, took.Round(time.Millisecond), alloc>>10)
			if c.is != nil {
				assert.ErrorIs(t, err, c.is)
			}
			assert.Contains(t, err.Error(), c.reason)
			assert.True(t, strings.HasPrefix(err.Error(), "extract: "+c.file+": "), err.Error())
			assert.Less(t, took, 2*time.Second, "too slow")
			assert.Less(t, alloc, uint64(64<<20), "too much memory")
		})
	}
}

// The limits must not reject real reports.
func TestRead_LimitsKeepRealFiles(t *testing.T) {
	src := fixtures.Read(t, "report.docx")
	_, err := Read("report.docx", src, extract.Limits{MaxEntries: 10, MaxDepth: 16, MaxUnzipped: 200 << 10, MaxBytes: int64(len(src))})
	require.NoError(t, err)
	_, err = Read("report.docx", src, extract.Limits{MaxEntries: 9})
	require.ErrorIs(t, err, extract.ErrTooLarge)
	require.True(t, errors.Is(err, extract.ErrTooLarge))
}
