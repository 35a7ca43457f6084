package input

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/iotest"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want Format
	}{
		{"a.txt", "一、总体情况\n", Text},
		{"a.pdf", "%PDF-1.7\n", PDF},
		{"a.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", DOC},
		{"a.wps", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", WPS},
		{"a.docx", "PK\x03\x04....word/document.xml", DOCX},
		{"a.ofd", "PK\x03\x04....OFD.xml", OFD},
		{"a.png", "\x89PNG\r\n", Image},
		{"report.txt", "<!DOCTYPE html><html><body>一、总体情况</body></html>", HTML},
	} {
		assert.Equal(t, tc.want, Sniff(tc.name, []byte(tc.src)), tc.name)
	}
}

func TestRead_Errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	ctx := context.Background()
	for _, tc := range []struct {
		path string
		is   error
	}{
		{write("empty.txt", ""), extract.ErrEmpty},
		{write("old.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an OLE file"), extract.ErrUnsupported},
		{write("x.wps", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), extract.ErrUnsupported},
		{write("x.ofd", "PK\x03\x04 OFD.xml"), extract.ErrUnsupported},
		{write("big.txt", "一、总体情况\n"+string(make([]byte, 2000))), extract.ErrTooLarge},
	} {
		_, err := Read(ctx, tc.path, extract.Limits{MaxBytes: 1000})
		require.Error(t, err, tc.path)
		assert.True(t, errors.Is(err, tc.is), "%s: %v", tc.path, err)
		var ee *extract.Error
		require.True(t, errors.As(err, &ee))
		assert.Equal(t, tc.path, ee.Path)
		assert.Contains(t, err.Error(), tc.path)
	}
	// A broken image goes to OCR and fails there, naming the file.
	_, err := Read(ctx, write("scan.png", "\x89PNG\r\n\x1a\n"), extract.Limits{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "scan.png")
	_, err = Read(ctx, filepath.Join(dir, "nope.txt"), extract.Limits{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nope.txt")
	_, err = Read(ctx, dir, extract.Limits{})
	require.Error(t, err, "a directory is not a report")
	// A named pipe nobody writes would block the open for ever.
	fifo := filepath.Join(dir, "pipe.txt")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err = Read(ctx, fifo, extract.Limits{})
	assert.ErrorIs(t, err, extract.ErrNotRegular)
	assert.Contains(t, err.Error(), "pipe.txt: not a regular file: a named pipe (FIFO)")
}

// TestReadAll: readAll gives what io.ReadAll gives, whether the size it
// is told is right, too small (a file that grew) or too large (one that
// shrank), and its buffer has room for the right size only.
func TestReadAll(t *testing.T) {
	for _, n := range []int{0, 1, 511, 512, 4096, 1<<20 + 3} {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i * 7)
		}
		for _, size := range []int64{int64(n), 0, int64(n / 2), int64(n) + 1000} {
			// Short reads, as a pipe gives them.
			got, err := readAll(iotest.HalfReader(bytes.NewReader(src)), size)
			require.NoError(t, err)
			want, _ := io.ReadAll(bytes.NewReader(src))
			assert.Equal(t, want, got, "%d bytes said to be %d", n, size)
		}
		got, err := readAll(bytes.NewReader(src), int64(n))
		require.NoError(t, err)
		assert.Equal(t, n+1, cap(got), "a buffer of the file's size")
	}
	_, err := readAll(iotest.ErrReader(errors.New("boom")), 10)
	assert.EqualError(t, err, "boom")
}

// TestLowerASCII: Sniff finds a tag in what lowerASCII gives exactly
// where it finds one in what bytes.ToLower gives.
func TestLowerASCII(t *testing.T) {
	t.Run("only two runes beyond ASCII lower to ASCII", func(t *testing.T) {
		var got []rune
		for r := rune(0x80); r <= unicode.MaxRune; r++ {
			if unicode.ToLower(r) < 0x80 {
				got = append(got, r)
			}
		}
		assert.Equal(t, []rune{0x130, 0x212A}, got)
	})
	tags := []string{"<!doctype html", "<html", "<body", "<table", "<meta", "<div", "<p>", "<p ", "<k", "<i"}
	for _, s := range []string{
		"<HTML>", "<Div>", "<D\u0130V>", "<D\u0130", "<\u212A", "\u212A", "\u0130", "<P>年度报告",
		"\xC4<p>", "<p\xC4>", "<html\xE2\x84", "<TABLE\xFF", "一、总体情况<META", "<ΣTABLE", "<!DOCTYPE HTML>",
	} {
		for _, tag := range tags {
			assert.Equal(t, bytes.Contains(bytes.ToLower([]byte(s)), []byte(tag)), bytes.Contains(lowerASCII(nil, []byte(s)), []byte(tag)), "%q %q", s, tag)
		}
	}
}
