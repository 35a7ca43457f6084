package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export/internal/atomicfile"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))

	f, err := atomicfile.Create(path)
	require.NoError(t, err)
	_, err = f.WriteString("half")
	require.NoError(t, err)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got), "nothing shows before Commit")
	f.Abort()
	f.Abort()
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))

	f, err = atomicfile.Create(path)
	require.NoError(t, err)
	_, err = f.WriteString("new")
	require.NoError(t, err)
	require.NoError(t, f.Commit())
	f.Abort()
	assert.Error(t, f.Commit())
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	_, err = atomicfile.Create(filepath.Join(dir, "no", "such", "dir", "x"))
	assert.Error(t, err)
}
