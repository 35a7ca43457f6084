package corpus_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/extract"
)

// TestRobustness: hostile and broken inputs each give a clear per-file
// error naming the file, quickly and without holding much memory, and
// never stop the batch.
func TestRobustness(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	junk := make([]byte, 1<<20)
	for i := range junk {
		junk[i] = byte(i*131 + i>>7)
	}
	big := filepath.Join(dir, "huge.txt")
	f, err := os.Create(big)
	require.NoError(t, err)
	_, err = f.WriteString(strings.Repeat("一、总体情况 这是很长的一行。\n", 1000))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(100<<20)) // 100 MB without writing them
	require.NoError(t, f.Close())

	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, err := zw.Create("word/document.xml")
	require.NoError(t, err)
	// 64 MB of well-formed, endlessly repeated XML, compressed ~1000:1.
	_, err = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`))
	require.NoError(t, err)
	chunk := bytes.Repeat([]byte("<w:p/>"), 1<<18)
	for i := 0; i < 40; i++ {
		_, err := w.Write(chunk)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())

	cases := []struct {
		path string
		is   error
	}{
		{write("junk.txt", junk), extract.ErrEncoding},
		{write("empty.txt", nil), extract.ErrEmpty},
		{big, extract.ErrTooLarge},
		{write("deep.html", []byte("<html><body>"+strings.Repeat("<div>", 10000)+"一、总体情况"+strings.Repeat("</div>", 10000)+"</body></html>")), extract.ErrTooLarge},
		{write("bomb.docx", bomb.Bytes()), extract.ErrTooLarge},
		{write("old.doc", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), junk[:4096]...)), extract.ErrUnsupported},
		{write("pages.pdf", manyPagesPDF(5000)), extract.ErrTooLarge},
	}
	var paths []string
	for _, c := range cases {
		paths = append(paths, c.path)
	}
	paths = append(paths, "testdata/corpus/000_zibo_zichuan_touzi_2023.txt")

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	results := corpus.Run(context.Background(), paths, corpus.Options{})
	elapsed := time.Since(start)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	for i, c := range cases {
		r := results[i]
		require.Error(t, r.Err, c.path)
		assert.True(t, errors.Is(r.Err, c.is), "%s: %v", c.path, r.Err)
		assert.Contains(t, r.Err.Error(), c.path)
	}
	assert.NoError(t, results[len(results)-1].Err, "a good file after bad ones is still checked")
	assert.NotEmpty(t, results[len(results)-1].Findings)
	// Generous bounds: the point is "not unbounded", not speed.
	assert.Less(t, elapsed, 20*time.Second)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(400<<20), "allocated bytes")
}

// manyPagesPDF builds a valid PDF of n empty pages.
func manyPagesPDF(n int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", i+4)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids.String()))
	obj("<< /Length 0 >>\nstream\n\nendstream")
	for i := 0; i < n; i++ {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// TestTimeout: a file that never finishes (here a named pipe nobody
// writes, which blocks on open) is reported after --timeout and the batch
// goes on.
func TestTimeout(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "stuck.txt")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	start := time.Now()
	res := corpus.Run(context.Background(), []string{fifo, "testdata/corpus/000_zibo_zichuan_touzi_2023.txt"},
		corpus.Options{Timeout: 300 * time.Millisecond})
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Error(t, res[0].Err)
	assert.Contains(t, res[0].Err.Error(), "gave up after 300ms")
	assert.NoError(t, res[1].Err)
}
