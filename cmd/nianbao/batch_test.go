package main

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
)

// TestCheck_BigBatch: a folder of 1,000 generated reports (text, HTML,
// DOCX; some with injected errors), 5% of them broken (truncated PDF, junk
// bytes, empty, oversized), plus the real corpus and samples. The batch
// finishes, every good file is a row of 汇总, every bad one a row of 错误文件
// with its reason, and the workbook is the same byte for byte with -j 1
// and -j 2.
func TestCheck_BigBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 reports: skipped with -short")
	}
	dir := t.TempDir()
	rnd := rand.New(rand.NewSource(7))
	pdf, err := os.ReadFile("../../corpus/testdata/corpus/001_huaian_hongze_qu_gov_2023.pdf")
	require.NoError(t, err)
	bad := 0
	for i := 0; i < 1000; i++ {
		name := filepath.Join(dir, fmt.Sprintf("gen/%03d/r%04d", i/100, i))
		var data []byte
		ext := ".txt"
		switch {
		case i%20 == 7: // 5% broken, four kinds
			bad++
			switch (i / 20) % 4 {
			case 0:
				data, ext = pdf[:len(pdf)/3], ".pdf"
			case 1:
				data = make([]byte, 5000)
				rnd.Read(data)
			case 2:
				data = nil
			case 3:
				data = bytes.Repeat([]byte("一、总体情况\n"), 200000) // > --max-bytes below
			}
		default:
			r := gen.Generate(int64(i), gen.Options{})
			if i%3 == 0 {
				gen.Inject(r, gen.ErrorKinds[i%len(gen.ErrorKinds)], rnd)
			}
			format := gen.Formats[i%len(gen.Formats)]
			data, ext = gen.Render(format, r, gen.Damage{Seed: int64(i)})
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(t, os.WriteFile(name+ext, data, 0o644))
	}
	args := func(j, out string) []string {
		return []string{"check", "--quiet", "-j", j, "--max-bytes", "1000000", "--xlsx", out,
			dir, "../../corpus/testdata/corpus", "../../corpus/testdata/samples"}
	}
	out1, out2 := filepath.Join(dir, "j1.xlsx"), filepath.Join(dir, "j2.xlsx")
	code, text, _ := runCLI(args("1", out1)...)
	assert.Equal(t, exitError, code, "broken files make the run exit 2")
	_, text2, _ := runCLI(args("2", out2)...)
	assert.Equal(t, text, text2)
	b1, err := os.ReadFile(out1)
	require.NoError(t, err)
	b2, err := os.ReadFile(out2)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(b1, b2), "workbook differs between -j 1 and -j 2")

	f, err := excelize.OpenFile(out1)
	require.NoError(t, err)
	defer f.Close()
	summary, err := f.GetRows("汇总")
	require.NoError(t, err)
	failures, err := f.GetRows("错误文件")
	require.NoError(t, err)
	nSummary := 0
	for _, row := range summary[1:] {
		if len(row) > 0 && strings.Contains(row[0], string(filepath.Separator)) {
			nSummary++
		}
	}
	assert.Equal(t, bad, len(failures)-1, "one 错误文件 row per broken file")
	for _, row := range failures[1:] {
		require.Len(t, row, 2)
		assert.NotEmpty(t, row[1], "reason for %s", row[0])
	}
	real, errs := corpus.Expand([]string{"../../corpus/testdata/corpus", "../../corpus/testdata/samples"})
	require.Empty(t, errs)
	good := 1000 - bad + len(real)
	assert.Equal(t, good+bad, nSummary, "every file, good or bad, has a row in 汇总")
}
