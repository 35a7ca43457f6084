package corpus_test

import (
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
)

// maxLivePerReport bounds, in bytes, what a checked batch keeps in memory
// for each report until it is written: its cross.Digest (path, agency,
// the yearly sections' places; the cells and texts are on disk), about
// 0.4 KB on the generated mix. The test measures about 1.5 KB: a document
// or two still held at the end of a batch (some 150 KB whatever its size)
// counts in the difference. A result kept whole is some 35 KB.
const maxLivePerReport = 3 << 10

// TestCheckOnce_FlatMemory checks that the live heap of a batch checked
// by CheckOnce grows by no more than maxLivePerReport a report: the
// same reports checked four times over (so that every cache holds the
// same entries as once over) leave a live heap at most that much larger
// for each report added. Allocation counts after a collection are exact
// where time is not; the peak RSS of nianbao check on 1,000 and 10,000
// reports (BENCHMARKS.md) follows from it and from the parent's soft
// memory limit (cmd/nianbao tuneGC).
func TestCheckOnce_FlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 250 reports: skipped with -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	truth, err := gen.WriteSet(ctx, dir, gen.SetOptions{Seed: 1, N: 50})
	require.NoError(t, err)
	var paths []string
	for _, tr := range truth {
		paths = append(paths, filepath.Join(dir, tr.File))
	}
	opts := corpus.Options{Workers: 2, Limits: extract.Limits{NoOrigin: true}}
	live := func(paths []string) int64 {
		c, err := corpus.CheckOnce(ctx, paths, opts, nil)
		require.NoError(t, err)
		defer c.Close()
		// Twice: the first collection moves sync.Pool's contents to its
		// victim cache, the second frees them.
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(c)
		return int64(ms.HeapAlloc)
	}
	once := live(paths)
	four := live(slices.Concat(paths, paths, paths, paths))
	added := 3 * len(paths)
	per := (four - once) / int64(added)
	t.Logf("live heap: %d reports %d KB, %d reports %d KB: %d bytes a report", len(paths), once>>10, 4*len(paths), four>>10, per)
	require.LessOrEqual(t, per, int64(maxLivePerReport), "the live heap grows by %d bytes a report checked", per)
}
