package atomicfile_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

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

// TestFile_Killed: a writer killed before Commit (SIGKILL: nothing runs
// after it) leaves no hidden temporary file beside the destination.
func TestFile_Killed(t *testing.T) {
	if dest := os.Getenv("ATOMICFILE_KILLED_DEST"); dest != "" {
		// The writer, run by the test below as a process of its own.
		f, err := atomicfile.Create(dest)
		if err != nil {
			os.Exit(3)
		}
		_, _ = f.WriteString("half")
		fmt.Println("ready")
		time.Sleep(time.Minute)
		os.Exit(4)
	}
	if runtime.GOOS != "linux" {
		t.Skip("files without a name are a Linux feature")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))
	cmd := exec.Command(os.Args[0], "-test.run=^TestFile_Killed$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_KILLED_DEST="+path)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "ready\n", line)
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only the destination")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))
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
