package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// fuzzLimits keep single inputs cheap while still reaching every limit.
var fuzzLimits = extract.Limits{MaxBytes: 4 << 20, MaxUnzipped: 16 << 20, MaxEntries: 64, MaxDepth: 128}

// fuzzBodies are the constructed documents of the other tests, as seeds.
var fuzzBodies = []string{
	`<w:tbl><w:tr>` + tc("", "a") + tc("", "b") + `</w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc("", "c") + `</w:tr></w:tbl>`,
	`<w:tbl><w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, "合并") + `</w:tr><w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge/>`, "") + `</w:tr></w:tbl>`,
	`<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p>`,
	`<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>` + xpara("乙"),
	numbered(1, 0, "总体情况") + numbered(1, 1, "主动公开") + numbered(3, 0, "重新") + styled("Article", "条") + styled("SectionHead", "节"),
	`<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
	`<w:tbl><w:tr><w:tc>` + xpara("上") + `<w:tbl><w:tr>` + tc("", "甲") + `</w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
}

func FuzzRead(f *testing.F) {
	for _, path := range fixtures.Glob(f, "*.docx") {
		src, err := os.ReadFile(path)
		require.NoError(f, err)
		f.Add(src)
	}
	for _, body := range fuzzBodies {
		f.Add(mkdocx(f, body, listStyles, listNumbering))
	}
	f.Add(mkzip(f, map[string]string{"word/document.xml": docOpen + xpara("仅正文") + docClose}))
	f.Add(mkzip(f, nil))
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add(ole("Root Entry", "WordDocument"))
	f.Fuzz(readFuzzed)
}

// readFuzzed reads a fuzzed file as extracttest.ReadFuzzed requires (in
// 20 s at most), and a document it gives must be a DOCX one.
func readFuzzed(t *testing.T, src []byte) {
	doc := extracttest.ReadFuzzed(t, "fuzz.docx", 20*time.Second, func(path string) (*extract.Document, error) {
		return Read(path, src, fuzzLimits)
	})
	if doc != nil {
		require.Equal(t, "docx", doc.Format)
	}
}

// FuzzDocumentXML fuzzes the XML of the body, which FuzzRead reaches
// only rarely because mutated zips mostly fail their checksums.
func FuzzDocumentXML(f *testing.F) {
	// The real bodies are 100 KB; their start up to three table rows is seed enough and
	// keeps each run (and the minimizing of new inputs) quick.
	for _, name := range []string{"report.docx", "synth_guangdong_gov_2024.docx"} {
		src := fixtures.Read(f, name)
		zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
		require.NoError(f, err)
		rc, err := zr.Open("word/document.xml")
		require.NoError(f, err)
		b, err := io.ReadAll(rc)
		require.NoError(f, err)
		end := 0
		for range 3 {
			i := bytes.Index(b[end:], []byte("</w:tr>"))
			require.Positive(f, i)
			end += i + len("</w:tr>")
		}
		f.Add(append(b[:end:end], "</w:tbl></w:body></w:document>"...))
	}
	for _, body := range fuzzBodies {
		f.Add([]byte(docOpen + body + docClose))
	}
	styles := partsOpen + `<w:styles ` + wns + `>` + listStyles + `</w:styles>`
	numbering := partsOpen + `<w:numbering ` + wns + `>` + listNumbering + `</w:numbering>`
	f.Fuzz(func(t *testing.T, xml []byte) {
		readFuzzed(t, storedZip(t, map[string][]byte{
			"word/document.xml":  xml,
			"word/styles.xml":    []byte(styles),
			"word/numbering.xml": []byte(numbering),
		}))
	})
}

// storedZip writes parts without compression, which is quicker per
// fuzzing run than deflate.
func storedZip(tb testing.TB, parts map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		require.NoError(tb, err)
		_, err = w.Write(b)
		require.NoError(tb, err)
	}
	require.NoError(tb, zw.Close())
	return buf.Bytes()
}

// FuzzFlate fuzzes the inflating of a part: the data is taken as the
// deflate stream of word/document.xml, with the sizes and checksum of a
// real body, so that the reader's budget, ratio and checksum checks meet
// every kind of broken or expanding stream.
func FuzzFlate(f *testing.F) {
	body := []byte(docOpen + xpara("政务公开") + docClose)
	var z bytes.Buffer
	fw, err := flate.NewWriter(&z, flate.BestCompression)
	require.NoError(f, err)
	_, err = fw.Write(body)
	require.NoError(f, err)
	require.NoError(f, fw.Close())
	f.Add(z.Bytes())
	f.Add(z.Bytes()[:z.Len()/2])
	bomb, _ := bomb(f, docOpen, docClose, 1<<20)
	f.Add(bomb)
	f.Fuzz(func(t *testing.T, data []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
			CRC32: crc32.ChecksumIEEE(body), CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(len(body))})
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		readFuzzed(t, buf.Bytes())
	})
}
