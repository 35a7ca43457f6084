package corpus

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gcPercent reads the collector's setting without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestLowerGC: the collector is at bigGC while any large document is
// being checked, whatever order the checks end in, and back after; small
// documents leave it alone.
func TestLowerGC(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(300)
	defer debug.SetGCPercent(old)

	lowerGC(bigText - 1)()
	assert.Equal(t, 300, gcPercent())

	a := lowerGC(bigText)
	assert.Equal(t, bigGC, gcPercent())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); lowerGC(bigText * 2)() }()
	}
	wg.Wait()
	assert.Equal(t, bigGC, gcPercent(), "a check still holds a large document")
	a()
	assert.Equal(t, 300, gcPercent())

	t.Setenv("GOGC", "200")
	defer lowerGC(bigText)()
	assert.Equal(t, 300, gcPercent(), "the user's GOGC wins")
}

// TestStream_largeGC: the result of a large text is handed on with the
// collector as low as it was checked (its findings are written out while
// the document is held); an ordinary report's with the batch's own.
func TestStream_largeGC(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 4 MB of text")
	}
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(300)
	defer debug.SetGCPercent(old)
	seed, err := os.ReadFile("testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	require.NoError(t, err)
	dir := t.TempDir()
	large, small := filepath.Join(dir, "large.txt"), filepath.Join(dir, "small.txt")
	require.NoError(t, os.WriteFile(large, bytes.Repeat(seed, bigText/len(seed)+1), 0o644))
	require.NoError(t, os.WriteFile(small, seed, 0o644))
	var seen []int
	err = Stream(context.Background(), []string{small, large, small}, Options{Workers: 1}, func(i int, r Result) error {
		require.NoError(t, r.Err)
		seen = append(seen, gcPercent())
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []int{300, bigGC, 300}, seen)
	assert.Equal(t, 300, gcPercent())
}
