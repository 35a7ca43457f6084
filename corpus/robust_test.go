package corpus_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/jsonl"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/worker"
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

// TestTimeout: a file that takes longer than the timeout is reported
// after it and the batch goes on.
func TestTimeout(t *testing.T) {
	start := time.Now()
	res := corpus.Run(context.Background(), []string{seed, seed},
		corpus.Options{Timeout: time.Microsecond, Workers: 1})
	assert.Less(t, time.Since(start), 5*time.Second)
	for _, r := range res {
		require.Error(t, r.Err)
		assert.Contains(t, r.Err.Error(), "gave up after 1µs")
	}
}

const seed = "testdata/corpus/000_zibo_zichuan_touzi_2023.txt"

// TestExpand_NotRegular: a folder walk names every entry it does not
// take because of what it is (a link, a pipe), and a named pipe given as
// a file is refused at once instead of blocking until --timeout.
func TestExpand_NotRegular(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	require.NoError(t, os.WriteFile(good, []byte("一、总体情况\n"), 0o644))
	require.NoError(t, os.Symlink(good, filepath.Join(dir, "link.txt")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.pdf"), 0o644))
	paths, errs := corpus.Expand([]string{dir})
	assert.Equal(t, []string{good}, paths)
	require.Len(t, errs, 2)
	assert.ErrorIs(t, errs[0], extract.ErrNotRegular)
	assert.Contains(t, errs[0].Error(), "link.txt: not a regular file: a symbolic link, skipped")
	assert.Contains(t, errs[1].Error(), "pipe.pdf: not a regular file: a named pipe (FIFO), skipped")

	start := time.Now()
	res := corpus.Run(context.Background(), []string{filepath.Join(dir, "pipe.pdf"), seed}, corpus.Options{Timeout: time.Minute})
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.ErrorIs(t, res[0].Err, extract.ErrNotRegular)
	assert.NoError(t, res[1].Err)
}

// TestReadList_NotAList: a list that is a device, a pipe or one endless
// line is an error that says so, not a scanner's message.
func TestReadList_NotAList(t *testing.T) {
	_, err := corpus.ReadList(bytes.NewReader(make([]byte, 1<<20)))
	assert.EqualError(t, err, "line 1 is longer than 64 KiB: not a list of paths")
	fifo := filepath.Join(t.TempDir(), "list")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err = corpus.ReadListFile(fifo)
	assert.ErrorIs(t, err, extract.ErrNotRegular)
	got, err := corpus.ReadList(strings.NewReader("# list\na.pdf\n\n b.txt \n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"a.pdf", "b.txt"}, got)
}

// TestRun_Isolated: the batch's JSON and JSON Lines outputs are the
// same byte for byte whether files are read here or in worker processes
// (the document crosses the pipe whole: text, blocks, origin, OCR
// confidence), on the real corpus and the samples (text, HTML, DOCX, PDF).
func TestRun_Isolated(t *testing.T) {
	var paths []string
	for _, dir := range []string{"testdata/corpus", "testdata/samples"} {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			if e.Type().IsRegular() && e.Name() != "README" {
				paths = append(paths, filepath.Join(dir, e.Name()))
			}
		}
	}
	require.Greater(t, len(paths), 10)
	output := func(opts corpus.Options) []byte {
		var buf bytes.Buffer
		results := corpus.Run(context.Background(), paths, opts)
		require.NoError(t, export.WriteJSON(&buf, results, "zh"))
		for _, r := range results {
			line, err := json.Marshal(jsonl.LineOf(r, "en"))
			require.NoError(t, err)
			buf.Write(line)
		}
		return buf.Bytes()
	}
	here := output(corpus.Options{Workers: 2})
	p := worker.New(worker.Options{Workers: 2, Command: []string{os.Args[0], worker.Arg}})
	defer p.Close()
	isolated := output(corpus.Options{Workers: 2, Read: p.Read})
	assert.Equal(t, string(here), string(isolated))
	assert.Equal(t, len(paths), p.Stats().Files)
}
