package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
)

// realDir holds the real reports the tests store.
const realDir = "../testdata/corpus"

// mustOpen opens a new store in a temporary folder.
func mustOpen(tb testing.TB) (*Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "corpus.db")
	s, err := Open(context.Background(), path)
	require.NoError(tb, err)
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// realReports are the text reports of the real corpus.
func realReports(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(realDir, "*.txt"))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths)
	sort.Strings(paths)
	return paths
}

// writeGenerated writes n generated text reports (seeds from, from+1, …)
// into dir and returns their paths.
func writeGenerated(tb testing.TB, dir string, from, n int) []string {
	tb.Helper()
	var paths []string
	for i := from; i < from+n; i++ {
		r := gen.Generate(int64(i), gen.Options{})
		p := filepath.Join(dir, fmt.Sprintf("g%05d.txt", i))
		require.NoError(tb, os.WriteFile(p, gen.Text(r, gen.Damage{}), 0o644))
		paths = append(paths, p)
	}
	return paths
}

// mustCheck checks a file as corpus add does, named by its base name.
func mustCheck(tb testing.TB, path string) corpus.Result {
	tb.Helper()
	r := corpus.CheckFile(context.Background(), path, corpus.Options{Name: filepath.Base})
	require.NoError(tb, r.Err, path)
	return r
}

// mustAdd checks and stores files, returning what each add did.
func mustAdd(tb testing.TB, s *Store, paths ...string) []Change {
	tb.Helper()
	var out []Change
	for _, p := range paths {
		ch, err := s.Add(context.Background(), mustCheck(tb, p))
		require.NoError(tb, err, p)
		out = append(out, ch)
	}
	return out
}

type corpusResult = corpus.Result

// mustCheckErr checks a file that must fail.
func mustCheckErr(tb testing.TB, path string) corpus.Result {
	tb.Helper()
	r := corpus.CheckFile(context.Background(), path, corpus.Options{Name: filepath.Base})
	require.Error(tb, r.Err, path)
	return r
}

// cellCount is the number of cells the result of path has.
func cellCount(results []corpus.Result, path string) int {
	for _, r := range results {
		if r.Path == path {
			return len(r.Report.Cells)
		}
	}
	return -1
}
