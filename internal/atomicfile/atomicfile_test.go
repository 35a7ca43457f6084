package atomicfile_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/atomicfile"
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

func TestBuffered(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))

	b, err := atomicfile.CreateBuffered(path, "test")
	require.NoError(t, err)
	_, err = b.WriteString("half")
	require.NoError(t, err)
	assert.Equal(t, errors.New("broken"), b.Finish(errors.New("broken")), "a failed write is not committed")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))

	b, err = atomicfile.CreateBuffered(path, "test")
	require.NoError(t, err)
	_, err = b.WriteString("new")
	require.NoError(t, err)
	require.NoError(t, b.Finish(nil))
	b.Abort()
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	var buf bytes.Buffer
	b = atomicfile.NewBuffered(&buf, "test")
	_, err = b.WriteString("to a caller's writer")
	require.NoError(t, err)
	assert.Zero(t, buf.Len(), "buffered")
	require.NoError(t, b.Finish(nil))
	assert.Equal(t, "to a caller's writer", buf.String())

	_, err = atomicfile.CreateBuffered(filepath.Join(dir, "no", "x"), "test")
	assert.ErrorContains(t, err, "test: create ")
}
