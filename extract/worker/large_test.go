package worker

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/internal/procmem"
)

// largeSize is the size of the large inputs the tests make: above
// bigInput, so that they are read as large documents are.
const largeSize = 6 << 20

// largeText is a real report repeated to about size bytes.
func largeText(tb testing.TB, size int) []byte {
	unit := mustReadFixture(tb, "000_zibo_zichuan_touzi_2023.txt")
	return bytes.Repeat(unit, size/len(unit)+1)
}

// largeHTML is a real page whose body is repeated to about size bytes;
// oneLine takes its line ends out, as pages made by some sites come.
func largeHTML(tb testing.TB, size int, oneLine bool) []byte {
	page := string(mustReadFixture(tb, "report.html"))
	open := strings.Index(page, "<body")
	open += strings.Index(page[open:], ">") + 1
	end := strings.LastIndex(page, "</body>")
	require.True(tb, open > 0 && end > open, "report.html has a body")
	body := page[open:end]
	out := page[:open] + strings.Repeat(body, size/len(body)+1) + page[end:]
	if oneLine {
		out = strings.NewReplacer("\r", "", "\n", "").Replace(out)
	}
	return []byte(out)
}

// largeDOCX is a real DOCX whose body is repeated until its document.xml
// is about size bytes; zipped, it is a tenth of that and less.
func largeDOCX(tb testing.TB, size int) []byte {
	zr, err := zip.OpenReader(fixtures.Path("report.docx"))
	require.NoError(tb, err)
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(tb, err)
		var part bytes.Buffer
		_, err = part.ReadFrom(rc)
		require.NoError(tb, err)
		rc.Close()
		data := part.String()
		if f.Name == "word/document.xml" {
			open := strings.Index(data, "<w:body>") + len("<w:body>")
			end := strings.LastIndex(data, "<w:sectPr")
			require.True(tb, open > len("<w:body>") && end > open, "document.xml has a body")
			body := data[open:end]
			data = data[:open] + strings.Repeat(body, size/len(body)+1) + data[end:]
		}
		w, err := zw.Create(f.Name)
		require.NoError(tb, err)
		_, err = w.Write([]byte(data))
		require.NoError(tb, err)
	}
	require.NoError(tb, zw.Close())
	return buf.Bytes()
}

// TestPool_LargeInputs holds the peak memory of reading a large input of
// each kind, in the reader (its peak RSS over what an ordinary report
// takes, which is the runtime and the binary) and in the parent (what
// its RSS grew by while the document came in and was decoded), to a
// multiple of the input's size: the text, unpacked for a DOCX.
//
// The multiples are what is reached, not issue 17's 3x: an
// extract.Document holds every block, row and cell as a struct of 40 to
// 64 bytes beside the text, which for a report's tables is more than
// the text; and the HTML reader holds the page's tree of nodes, some 30
// times the page. Measured on these 6 MiB inputs (reader, parent): text
// 5.3x, 4.1x (6.6x while the reader copied the text it read); HTML
// 31x, 4.3x; one-line HTML 27x, 4.3x; DOCX 4.1x, 0.4x
// of its XML (main at 567d68a, which measured the reader before it
// built the answer: text 13.8x, 5.1x; HTML 61x, 5.0x; one-line HTML 58x,
// 5.0x; DOCX 7.9x, 0.4x). The bounds leave a third again for a busy
// machine.
func TestPool_LargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs: skipped with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from /proc")
	}
	dir := t.TempDir()
	lim := extract.Limits{MaxBytes: 1 << 30, MaxUnzipped: 1 << 30}
	small := mustWrite(t, "small.txt", report)
	for _, tc := range []struct {
		name           string
		make           func() []byte
		reader, parent float64 // bounds, as multiples of largeSize
	}{
		{"report.txt", func() []byte { return largeText(t, largeSize) }, 7, 5.5},
		{"report.html", func() []byte { return largeHTML(t, largeSize, false) }, 40, 5.5},
		{"oneline.html", func() []byte { return largeHTML(t, largeSize, true) }, 40, 5.5},
		{"report.docx", func() []byte { return largeDOCX(t, largeSize) }, 5.5, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, tc.name)
			require.NoError(t, os.WriteFile(file, tc.make(), 0o644))
			st, err := os.Stat(file)
			require.NoError(t, err)
			// A reader of its own, which has read nothing larger: a
			// reader keeps some of the memory of its largest file.
			p := mustPool(t, Options{PeakRSS: true})
			_, err = p.Read(context.Background(), small, "small.txt", lim)
			require.NoError(t, err)
			base := p.Stats().PeakRSS
			// What this process freed goes back first, so that its RSS
			// grows by what the document takes, not by less.
			debug.FreeOSMemory()
			procmem.ResetPeak()
			before := procmem.PeakRSS() // the reset makes the peak the current RSS
			was := p.Stats()
			doc, err := p.Read(context.Background(), file, tc.name, lim)
			require.NoError(t, err)
			parent := procmem.PeakRSS() - before
			now := p.Stats()
			require.Equal(t, was.Files+1, now.Files)
			reader := now.SumRSS - was.SumRSS - base
			size := float64(largeSize)
			t.Logf("%d KiB of input (%d KiB of text): reader %d MiB over %d MiB at rest = %.1fx, parent +%d MiB = %.1fx",
				st.Size()>>10, len(doc.Text)>>10, reader>>20, base>>20, float64(reader)/size, parent>>20, float64(parent)/size)
			assert.Less(t, float64(reader), tc.reader*size, "reader's peak RSS over its own at rest")
			assert.Less(t, float64(parent), tc.parent*size, "parent's RSS growth")
			runtime.KeepAlive(doc)
		})
	}
}

// TestInputSize: a zip archive of middle size counts for what it holds
// unpacked, so that a DOCX of much XML is read as a large document; a
// small one, or any other file, for its own size.
func TestInputSize(t *testing.T) {
	docx := largeDOCX(t, largeSize)
	require.Less(t, len(docx), bigInput, "the archive alone is not large")
	file := filepath.Join(t.TempDir(), "a.docx")
	require.NoError(t, os.WriteFile(file, docx, 0o644))
	assert.GreaterOrEqual(t, inputSize(request{File: file}), int64(largeSize))
	assert.GreaterOrEqual(t, inputSize(request{Src: docx}), int64(largeSize), "on standard input")
	small := mustReadFixture(t, "report.docx")
	assert.Equal(t, int64(len(small)), inputSize(request{Src: small}), "an ordinary report is not opened")
	text := largeText(t, 100<<10)
	assert.Equal(t, int64(len(text)), inputSize(request{Src: text}))
	assert.Zero(t, inputSize(request{File: filepath.Join(t.TempDir(), "missing")}))
}
