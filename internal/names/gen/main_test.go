package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRun_UpToDate regenerates the word lists and compares them with the
// embedded ones, so that a change of thresholds or data without
// `go run ./internal/names/gen` fails here rather than drifting.
func TestRun_UpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the 5 MB gse dictionary")
	}
	dir := t.TempDir()
	require.NoError(t, run("", dir))
	for _, name := range []string{"gse_words.txt", "gse_prose.txt", "gse_common_short.txt"} {
		want, err := os.ReadFile(filepath.Join("..", "data", name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		require.Truef(t, bytes.Equal(want, got), "data/%s is stale: run go run ./internal/names/gen", name)
	}
}
