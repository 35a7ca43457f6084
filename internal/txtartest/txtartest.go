// Package txtartest reads the txtar cases that tests keep in testdata:
// one archive a case, whose files are the sections of the case
// (input.txt, want, fixed.txt, cells, …). normalize's cases and
// validate's rule cases run through it. Only tests use it.
//
//	txtartest.Run(t, "testdata/rules/*.txtar", func(t *testing.T, name string, sec map[string]string) {
//		input := sec["input.txt"]
//		…
//	})
package txtartest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// Sections reads the archive at path: the content of each of its files
// by name. It fails the test if the archive cannot be read.
func Sections(tb testing.TB, path string) map[string]string {
	tb.Helper()
	ar, err := txtar.ParseFile(path)
	require.NoError(tb, err)
	sec := make(map[string]string, len(ar.Files))
	for _, f := range ar.Files {
		sec[f.Name] = string(f.Data)
	}
	return sec
}

// Run runs f in a subtest for each archive that matches pattern, in the
// order filepath.Glob lists them, with the archive's name less .txtar
// (which names the subtest) and its sections. No archive matching
// pattern fails the test.
func Run(t *testing.T, pattern string, f func(t *testing.T, name string, sec map[string]string)) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	require.NoError(t, err)
	require.NotEmpty(t, files, "no case matches %s", pattern)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			f(t, name, Sections(t, file))
		})
	}
}
