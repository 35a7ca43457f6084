package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/validate/cross"
)

// brokenChain writes three consecutive years of one agency to a folder:
// carry-over holds, and the in-force count of the last two years breaks
// its chain, each its own way. It returns the folder and the series.
func brokenChain(tb testing.TB) (string, *gen.Series) {
	tb.Helper()
	s := gen.GenerateSeries(12, gen.SeriesOptions{Years: 3, First: 2022, Errors: []gen.CrossKind{gen.ChainBroken, gen.ChainBroken}})
	require.Len(tb, s.Files, 3)
	for _, e := range s.Expected {
		require.True(tb, e.Applied)
	}
	dir := tb.TempDir()
	for _, f := range s.Files {
		src, _ := f.Render()
		require.NoError(tb, os.WriteFile(filepath.Join(dir, f.Name()), src, 0o644))
	}
	return dir, s
}

// TestCrossReports_ChainBrokenTwice is issue 12's check at the corpus
// level: the folder gives exactly the two CR102 findings, on the two
// later reports, and no other finding across reports.
func TestCrossReports_ChainBrokenTwice(t *testing.T) {
	dir, s := brokenChain(t)
	paths, errs := corpus.Expand([]string{dir})
	require.Empty(t, errs)
	ctx := context.Background()
	reps, err := corpus.CrossReports(ctx, paths, corpus.Options{}, nil)
	require.NoError(t, err)
	require.Len(t, reps, 3)
	for _, r := range reps[1:] {
		require.Equal(t, reps[0].Key(), r.Key(), "the years pair")
	}
	fs := cross.Check(reps, cross.Options{})
	require.Len(t, fs, 2)
	for i, f := range fs {
		later := filepath.Join(dir, s.Files[i+1].Name())
		assert.Equal(t, "CR102", f.Rule.ID)
		assert.Equal(t, later, f.Path)
		require.Len(t, f.Related, 1)
		assert.Equal(t, filepath.Join(dir, s.Files[i].Name()), f.Related[0].Path, "the year before")
	}

	// Attached to the results of the run, as check does, they sit on
	// the cells planted wrong, like any finding.
	want := map[string]string{}
	for _, e := range s.Expected {
		for _, f := range s.Files {
			if f.Report == e.Want[0].Report {
				want[filepath.Join(dir, f.Name())] = "CR102 " + e.Want[0].Key
			}
		}
	}
	require.Len(t, want, 2)
	across := corpus.ByPath(fs)
	for _, r := range corpus.Run(ctx, paths, corpus.Options{}) {
		require.NoError(t, r.Err)
		corpus.Attach(&r, across[r.Path])
		var crs []string
		for _, f := range r.Findings {
			if strings.HasPrefix(f.Rule.ID, "CR") {
				crs = append(crs, f.Rule.ID+" "+f.Key)
				assert.Positive(t, f.Pos.Line)
				assert.Equal(t, "active", f.Section)
			}
		}
		if w, ok := want[r.Path]; ok {
			assert.Equal(t, []string{w}, crs, r.Path)
		} else {
			assert.Empty(t, crs, r.Path)
		}
	}
}

// TestCrossReports_RealCorpus: the real reports held are of different
// agencies, most of one year; nothing across them is wrong, and nothing
// may be reported.
func TestCrossReports_RealCorpus(t *testing.T) {
	paths, errs := corpus.Expand([]string{"testdata/corpus"})
	require.Empty(t, errs)
	reps, err := corpus.CrossReports(context.Background(), paths, corpus.Options{}, nil)
	require.NoError(t, err)
	require.NotEmpty(t, reps)
	for _, f := range cross.Check(reps, cross.Options{}) {
		t.Errorf("%s: %s %s", f.Path, f.Rule.ID, f.Message.Zh)
	}
}
