package exporttest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// The inputs, as paths from the folder of a package under export/.
const (
	// TBBalance is a full report whose 勾稽关系 is broken: the TB101 rule
	// case, with key numbers to read.
	TBBalance = "../xlsx/testdata/tb_balance.txt"
	// Seed is the truncated seed report with typos and a deviating label.
	Seed = "../../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt"
	// Clean is a complete synthetic web page with no findings.
	Clean = "../../corpus/testdata/samples/synthetic/synth_jianyang_2024.html"
	// Hanyang and Chengkou are damaged real excerpts, Chengkou on the
	// older template.
	Hanyang  = "../../corpus/testdata/corpus/004_wuhan_hanyang_qu_govoffice_2022.txt"
	Chengkou = "../../corpus/testdata/corpus/013_chongqing_chengkou_xian_gov_2020.txt"
	// Empty and Damaged cannot be read.
	Empty   = "../xlsx/testdata/empty.txt"
	Damaged = "../xlsx/testdata/damaged.pdf"
)

// SeedWithoutWording checks the seed with every rule but the wording ones
// (TX): review tests read its findings in order from its NM101.
func SeedWithoutWording(tb testing.TB) export.Result {
	tb.Helper()
	rules, err := validate.Resolve([]string{"NM", "NU", "ST", "TB"})
	require.NoError(tb, err)
	return corpus.CheckFile(context.Background(), Seed, corpus.Options{Rules: rules})
}

// Check runs each path through the pipeline, in order.
func Check(tb testing.TB, paths ...string) []export.Result {
	tb.Helper()
	rs := make([]export.Result, len(paths))
	for i, p := range paths {
		rs[i] = corpus.CheckFile(context.Background(), p, corpus.Options{})
	}
	return rs
}

// MustWrite writes results to a new file name in a temporary folder, with
// the writer create makes for its path, and returns the path.
func MustWrite[W export.Writer](tb testing.TB, name string, create func(path string) (W, error), results []export.Result) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	w, err := create(path)
	require.NoError(tb, err)
	for _, r := range results {
		require.NoError(tb, w.Add(r))
	}
	require.NoError(tb, w.Close())
	return path
}

// Written is what the writer newWriter makes over a buffer writes for
// results.
func Written[W export.Writer](tb testing.TB, newWriter func(*bytes.Buffer) W, results ...export.Result) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := newWriter(&buf)
	for _, r := range results {
		require.NoError(tb, w.Add(r))
	}
	require.NoError(tb, w.Close())
	return buf.Bytes()
}

// CheckAbort checks that an aborted write leaves its folder as it was: in
// a new folder holding the files old (contents by name), the writer
// create makes there is given r and aborted, and the folder must then
// hold old and nothing else.
func CheckAbort[W export.Writer](tb testing.TB, old map[string]string, create func(dir string) (W, error), r export.Result) {
	tb.Helper()
	dir := tb.TempDir()
	want := map[string]string{}
	for name, content := range old {
		require.NoError(tb, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
		want[name] = content
	}
	w, err := create(dir)
	require.NoError(tb, err)
	require.NoError(tb, w.Add(r))
	w.Abort()
	entries, err := os.ReadDir(dir)
	require.NoError(tb, err)
	got := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(tb, err)
		got[e.Name()] = string(b)
	}
	assert.Equal(tb, want, got, "the folder after Abort")
}

// Findings lists the findings of every result in order, with the path of
// the file each belongs to.
func Findings(results []export.Result) (fs []validate.Finding, paths []string) {
	for _, r := range results {
		fs = append(fs, r.Findings...)
		for range r.Findings {
			paths = append(paths, r.Path)
		}
	}
	return fs, paths
}

// Reason is the reason Review gives for the finding it dismisses.
const Reason = "“溜川”是当地村名，不是错字"

// Review applies a review to r: its first finding dismissed with Reason,
// its second confirmed, as an office's review file records them.
func Review(tb testing.TB, r export.Result) export.Result {
	tb.Helper()
	require.GreaterOrEqual(tb, len(r.Findings), 2)
	ds := export.Decisions(r)
	var f review.File
	f.Set(review.Entry{Fingerprint: ds[0].Fingerprint, Rule: r.Findings[0].Rule.ID, Status: review.Dismissed, Reason: Reason, Who: "区政务公开办", When: "2024-03-01T09:30:00Z"})
	f.Set(review.Entry{Fingerprint: ds[1].Fingerprint, Rule: r.Findings[1].Rule.ID, Status: review.Confirmed})
	r.Findings = append([]validate.Finding{}, r.Findings...)
	export.ApplyReview(&r, &f)
	require.Len(tb, r.Ignored, 1)
	return r
}
