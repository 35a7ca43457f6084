package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
)

// crossFolder writes into dir a batch that gives findings across
// reports of every kind: for each kind a series or roll-up group with it
// planted, the chain broken twice of issue 12, a generated set with each
// error within one report, and a file that cannot be read.
func crossFolder(tb testing.TB, dir string) {
	tb.Helper()
	put := func(sub string, files []gen.File) {
		require.NoError(tb, os.MkdirAll(filepath.Join(dir, sub), 0o755))
		for _, f := range files {
			src, _ := f.Render()
			require.NoError(tb, os.WriteFile(filepath.Join(dir, sub, f.Name()), src, 0o644))
		}
	}
	for i, k := range gen.CrossKinds {
		sub := fmt.Sprintf("kind%d", i)
		if k.Group() {
			put(sub, gen.GenerateGroup(int64(40+i), gen.GroupOptions{Error: k, ErrorSeed: 1}).Files)
		} else {
			put(sub, gen.GenerateSeries(int64(40+i), gen.SeriesOptions{Errors: []gen.CrossKind{k}, ErrorSeed: 1}).Files)
		}
	}
	put("chain", gen.GenerateSeries(12, gen.SeriesOptions{Years: 3, First: 2022, Errors: []gen.CrossKind{gen.ChainBroken, gen.ChainBroken}}).Files)
	// The kinds there were when the expected output was written: a kind
	// added since would change which report gets which error.
	kinds := slices.DeleteFunc(slices.Clone(gen.ErrorKinds), func(k gen.ErrorKind) bool {
		return k == gen.TXGluedYear || k == gen.TXBlankCount || k == gen.TXExactYu || k == gen.TXYuNoUnit || k == gen.PartsMiscount
	})
	_, err := gen.WriteSet(context.Background(), filepath.Join(dir, "set"), gen.SetOptions{Seed: 1, N: 30, Errors: kinds, Workers: 2})
	require.NoError(tb, err)
	require.NoError(tb, os.Remove(filepath.Join(dir, "set", "truth.jsonl")))
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "set", "broken.docx"), []byte("PK\x03\x04 not a zip"), 0o644))
}

// TestBinary_CrossOnePass: check reads each file once, keeping results on
// disk for the cross-report rules (corpus.CheckOnce); its output is the
// one the two passes it replaced gave, byte for byte
// (testdata/cross_onepass.json, written by nianbao at 567d68a with
// "check --format json ." in the folder crossFolder writes, whose
// NIANBAO_CROSS_FOLDER makes this test write it there and stop; written
// again by the one-pass code when the generator learned two phrasings,
// which moved some findings' columns and no finding, and when it learned
// the heading 一、概述 and the change column written 增N/减N, which
// changed some reports' bytes and no finding, and when it learned the
// 2019 labels over a 2021 表二's first block, which changed those reports'
// bytes and the table their template is read from, and no finding, and
// when it learned the same count on every channel, which changed some
// reports' bytes and no finding, when it learned a page number inside
// table 三 of a copy one cell a line, which changed two reports' bytes
// and lines and no finding, and when it learned parts joined by 、 then
// other counts after a comma, which changed some reports' bytes and no
// finding),
// and a file that
// cannot be read is reported once.
func TestBinary_CrossOnePass(t *testing.T) {
	if d := os.Getenv("NIANBAO_CROSS_FOLDER"); d != "" {
		crossFolder(t, d)
		t.Skip("folder written to " + d)
	}
	dir := t.TempDir()
	crossFolder(t, dir)
	want, err := os.ReadFile("testdata/cross_onepass.json")
	require.NoError(t, err)
	tmp := t.TempDir()
	r := nb(t, dir, nil, []string{"TMPDIR=" + tmp}, "check", ".", "--format", "json", "-j", "2")
	require.Equal(t, 2, r.code, r.stderr) // the broken file
	assert.Equal(t, string(want), r.out)
	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, entries, "the spill is gone")

	var out checkOutput
	require.NoError(t, json.Unmarshal([]byte(r.out), &out))
	rows, crs := 0, map[string]bool{}
	for _, rep := range out.Reports {
		if rep.Path == filepath.Join("set", "broken.docx") {
			rows++
			assert.NotEmpty(t, rep.Error)
		}
		for _, f := range rep.Findings {
			crs[f.Rule] = true
		}
	}
	assert.Equal(t, 1, rows, "the file that cannot be read is reported once")
	for _, id := range []string{"CR100", "CR101", "CR102", "CR103", "CR104", "CR105", "CR106"} {
		assert.True(t, crs[id], "the batch has a %s finding", id)
	}
}
