package cross_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/validate/cross"
)

// mustRead writes files to a folder and reads them back through the
// pipeline, as check's first pass does; it returns the reports and the
// path each generated report was written to.
func mustRead(tb testing.TB, files []gen.File) ([]*cross.Report, func(*gen.Report) string) {
	tb.Helper()
	dir := tb.TempDir()
	at := map[*gen.Report]string{}
	var paths []string
	for _, f := range files {
		src, _ := f.Render()
		p := filepath.Join(dir, f.Name())
		require.NoError(tb, os.WriteFile(p, src, 0o644))
		at[f.Report] = p
		paths = append(paths, p)
	}
	reps, err := corpus.CrossReports(context.Background(), paths, corpus.Options{}, nil)
	require.NoError(tb, err)
	require.Len(tb, reps, len(paths))
	return reps, func(r *gen.Report) string { return at[r] }
}

// TestCheck_Generated: consistent series and roll-up groups give no
// finding; each kind of error planted in them gives its findings and no
// other.
func TestCheck_Generated(t *testing.T) {
	n := 3
	if testing.Short() {
		n = 1
	}
	t.Run("consistent", func(t *testing.T) {
		var files []gen.File
		for i := range n {
			files = append(files, gen.GenerateSeries(int64(100+i), gen.SeriesOptions{}).Files...)
			files = append(files, gen.GenerateGroup(int64(200+i), gen.GroupOptions{}).Files...)
		}
		reps, _ := mustRead(t, files)
		assert.Empty(t, cross.Check(reps, cross.Options{}))
	})
	for _, k := range gen.CrossKinds {
		t.Run(k.String(), func(t *testing.T) {
			for i := range n {
				var files []gen.File
				var e gen.CrossExpected
				if k.Group() {
					g := gen.GenerateGroup(int64(300+i), gen.GroupOptions{Error: k})
					files, e = g.Files, g.Expected
				} else {
					s := gen.GenerateSeries(int64(300+i), gen.SeriesOptions{Errors: []gen.CrossKind{k}, Years: 4, First: 2021})
					files, e = s.Files, s.Expected[0]
				}
				require.True(t, e.Applied, "seed %d: %s found no place", 300+i, k)
				reps, path := mustRead(t, files)
				fs := cross.Check(reps, cross.Options{})
				assert.True(t, e.Found(fs, path), "seed %d: %s: %s\n%v", 300+i, k, e.Detail, ids(fs))
				for _, f := range fs {
					assert.True(t, e.Explains(f, path), "seed %d: %s: %s\nunexplained: %s %s %s", 300+i, k, e.Detail, f.Rule.ID, f.Key, f.Message.Zh)
				}
			}
		})
	}
}
