package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract/worker"
	"github.com/nianbao/nianbao/internal/extracttest"
)

// TestMain lets the test binary serve as the reader processes that the
// commands start (os.Executable with worker.Arg), as nianbao does in main.
func TestMain(m *testing.M) { os.Exit(worker.RunTests(m)) }

// hostile are the inputs of issue 17, each made by code, with what its
// error row must say. Their names sort before the good reports.
var hostile = []struct {
	name, reason string
	make         func(t *testing.T, path string)
}{
	{"000_objstm_self.pdf", "itself stored in an object stream", writeBytes(extracttest.NestedObjectStreams(false))},
	{"000_objstm_mutual.pdf", "itself stored in an object stream", writeBytes(extracttest.NestedObjectStreams(true))},
	// 300 formatting elements closed by </p> are re-opened in every
	// later paragraph: 480 KB become millions of nodes.
	{"000_reopen.html", "re-opens the formatting elements left open", writeBytes(reopenedPage(60000))},
	{"000_loop.tif", "loops back to offset 8", writeBytes(extracttest.LoopTIFF())},
	{"000_fifo.txt", "a named pipe (FIFO)", func(t *testing.T, p string) { require.NoError(t, syscall.Mkfifo(p, 0o644)) }},
	{"000_link.txt", "a symbolic link, skipped", func(t *testing.T, p string) { require.NoError(t, os.Symlink("/etc/hostname", p)) }},
	{"000_filter.pdf", "unknown filter \x1b[2J", writeBytes(escapeFilterPDF())},
	{"000_\x1b]52;c;ZXZpbA==\x07\x1b[2J.html", "no text", writeBytes([]byte("<html><body></body></html>"))},
}

func writeBytes(b []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) { require.NoError(t, os.WriteFile(path, b, 0o644)) }
}

// reopenedPage leaves 300 distinct <b> open in a paragraph, then writes
// paragraphs paragraphs, in each of which the parser re-opens them all.
func reopenedPage(paragraphs int) []byte {
	var b strings.Builder
	b.WriteString("<html><body><p>")
	for i := range 300 {
		fmt.Fprintf(&b, "<b class=c%d>", i)
	}
	b.WriteString("</p>" + strings.Repeat("<p>x</p>", paragraphs))
	return []byte(b.String())
}

// checkDir runs the nianbao binary (its own process, so that rusage
// counts only its readers) on dir with -j 2 and args.
func checkDir(t *testing.T, dir string, args ...string) (code int, stdout, stderr string, maxRSS int64) {
	t.Helper()
	cmd := exec.Command(binary(t), append(append([]string{"check", "-j", "2", "-q"}, args...), dir)...)
	cmd.Env = append(os.Environ(), "LC_ALL=", "LANG=C.UTF-8")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	// The largest of the process and the readers it waited for.
	maxRSS = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	return code, out.String(), errb.String(), maxRSS
}

// goodReports writes 50 generated clean reports into a new folder.
func goodReports(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("50 reports: skipped with -short")
	}
	dir := t.TempDir()
	_, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 1, N: 50})
	require.NoError(t, err)
	return dir
}

// share is what one of two readers may use under --max-memory budget.
func share(budget int64) int64 { return (budget - budget/parentShare) / 2 }

// escapeFilterPDF has a content stream whose filter is named by escape
// bytes (ESC [ 2 J, which clears a screen), quoted in the parser's error.
func escapeFilterPDF() []byte {
	var p extracttest.PDF
	p.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	p.Add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	p.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", nil)
	p.Add("<< /Length 4 /Filter /#1b#5b2J >>", []byte("junk"))
	return p.Bytes()
}

// TestCheck_Hostile: each hostile input, first in a batch of 50 good
// generated reports read with -j 2, is one error row naming the file and
// the reason; the 50 reports all have their results; exit code 2; no
// goroutine dump and no escape byte reaches the output; the readers'
// peak memory stays under the share of --max-memory.
func TestCheck_Hostile(t *testing.T) {
	dir := goodReports(t)
	for _, h := range hostile {
		h.make(t, filepath.Join(dir, h.name))
	}
	start := time.Now()
	code, out, stderr, rss := checkDir(t, dir, "--format", "json")
	assert.Less(t, time.Since(start), 60*time.Second)
	assert.Equal(t, exitError, code)
	var got struct {
		Version int
		Reports []struct{ Path, Error string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got), stderr)
	assert.Equal(t, 1, got.Version)
	require.Len(t, got.Reports, 50+len(hostile))
	errs := map[string]string{}
	for _, r := range got.Reports {
		if r.Error != "" {
			errs[r.Path] = r.Error
		}
	}
	for _, h := range hostile {
		assert.Contains(t, errs[h.name], h.reason, h.name)
		assert.Contains(t, errs[h.name], h.name)
	}
	assert.Len(t, errs, len(hostile), "the 50 good reports are read")
	assert.Less(t, rss, share(1<<30), "peak RSS of the largest process, bytes")
	t.Logf("largest process: %d MiB", rss>>20)

	code, out, stderr, _ = checkDir(t, dir)
	assert.Equal(t, exitError, code)
	for _, s := range []string{out, stderr} {
		assert.NotContains(t, s, "\x1b", "no escape byte reaches text output")
		assert.NotContains(t, s, "goroutine ")
	}
	assert.Contains(t, out, `000_\x1b]52;c;ZXZpbA==\x07\x1b[2J.html: 无法处理`)
	assert.Contains(t, out, `unknown filter \x1b[2J`)
	assert.Contains(t, out, fmt.Sprintf("%d 个文件无法处理", len(hostile)))
}

// TestCheck_MemoryShare: a page the element estimate lets through but
// whose parse takes some 200 MB is stopped at its share of a smaller
// --max-memory (96 MiB of 256), in a reader of its own; the others go on.
func TestCheck_MemoryShare(t *testing.T) {
	dir := goodReports(t)
	writeBytes(reopenedPage(2000))(t, filepath.Join(dir, "000_reopen.html"))
	budget := int64(256 << 20)
	code, out, _, rss := checkDir(t, dir, "--max-memory", fmt.Sprint(budget))
	assert.Equal(t, exitError, code)
	assert.Contains(t, out, "000_reopen.html: 无法处理: extract: 000_reopen.html: 内存超限：读取进程用了")
	assert.Contains(t, out, "共 51 个文件")
	assert.Contains(t, out, "1 个文件无法处理")
	// Stopped near its share: the watch looks every 10 ms, so on a busy
	// machine a fast parse passes the share by some tens of MiB, but
	// never reaches the budget of the whole run.
	assert.Less(t, rss, budget, "peak RSS of the largest process, bytes")
	t.Logf("largest process: %d MiB", rss>>20)
}

// TestCheck_ListNotAList: --list names itself and the file when the list
// is a pipe or has no line ends.
func TestCheck_ListNotAList(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "list")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	code, _, stderr := runCLI("check", "--list", fifo)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--list "+fifo+": not a regular file: a named pipe (FIFO)")
	long := filepath.Join(dir, "long")
	require.NoError(t, os.WriteFile(long, make([]byte, 1<<20), 0o644))
	code, _, stderr = runCLI("check", "--list", long)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--list "+long+": line 1 is longer than 64 KiB")
}
