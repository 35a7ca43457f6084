package main

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary_Profiles: NIANBAO_CPUPROFILE and NIANBAO_MEMPROFILE each give
// a profile (gzipped, as pprof writes and reads them), the parent's at the name and each reader's
// beside it, and the check's output is the same as without them.
func TestBinary_Profiles(t *testing.T) {
	dir := t.TempDir()
	seed, err := filepath.Abs("../../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	require.NoError(t, err)
	plain := nb(t, dir, nil, nil, "check", "-q", seed)
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	// GOGC=1 collects often enough that even the seed has a largest heap.
	got := nb(t, dir, nil, []string{"NIANBAO_CPUPROFILE=" + cpu, "NIANBAO_MEMPROFILE=" + mem, "GOGC=1"}, "check", "-q", seed)
	assert.Equal(t, plain, got)
	for _, pattern := range []string{cpu, cpu + ".worker-*", mem, mem + ".worker-*"} {
		files, err := filepath.Glob(pattern)
		require.NoError(t, err)
		require.Len(t, files, 1, pattern)
		f, err := os.Open(files[0])
		require.NoError(t, err)
		zr, err := gzip.NewReader(f)
		require.NoError(t, err, files[0])
		b, err := io.ReadAll(zr)
		f.Close()
		require.NoError(t, err, files[0])
		assert.NotEmpty(t, b, files[0])
	}
}
