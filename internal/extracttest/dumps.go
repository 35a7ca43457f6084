package extracttest

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
)

// DumpsUnchanged checks that read gives, for every file the globs match,
// what it gave when golden was written: the SHA-256 of the document (blocks
// with their spans and cells, the origin) or of the error, as JSON, one
// line a file. A backend's golden is written by the code before a change
// that must leave every document and error as it was (the speed work of
// issue 14 was checked so); NIANBAO_UPDATE_DUMPS=1 rewrites it, only for a
// change meant to alter the documents.
func DumpsUnchanged(t *testing.T, golden string, globs []string, read func(name string, src []byte) (*extract.Document, error)) {
	t.Helper()
	var paths []string
	for _, g := range globs {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	require.NotEmpty(t, paths)
	var got strings.Builder
	for _, p := range paths {
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		doc, err := read(filepath.Base(p), src)
		b := Dump(t, doc, err)
		fmt.Fprintf(&got, "%s %x\n", filepath.ToSlash(p), sha256.Sum256(b))
	}
	if os.Getenv("NIANBAO_UPDATE_DUMPS") != "" {
		require.NoError(t, os.WriteFile(golden, []byte(got.String()), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	wantLines := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(want)))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 {
			wantLines[f[0]] = f[1]
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(got.String()), "\n") {
		f := strings.Fields(line)
		require.Contains(t, wantLines, f[0], "no golden dump for %s", f[0])
		require.Equal(t, wantLines[f[0]], f[1], "%s: the document or error changed", f[0])
	}
}

// NoOriginSame checks that read with Limits.NoOrigin gives, for every
// file of globs, the document read gives without it, less its Origin, or
// the same error.
func NoOriginSame(t *testing.T, globs []string, read func(name string, src []byte, lim extract.Limits) (*extract.Document, error)) {
	t.Helper()
	n := 0
	for _, g := range globs {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		for _, p := range m {
			src, err := os.ReadFile(p)
			require.NoError(t, err)
			want, werr := read(filepath.Base(p), src, extract.Limits{})
			if want != nil {
				want.Origin = nil
			}
			got, gerr := read(filepath.Base(p), src, extract.Limits{NoOrigin: true})
			require.Equal(t, string(Dump(t, want, werr)), string(Dump(t, got, gerr)), p)
			n++
		}
	}
	require.NotZero(t, n)
}

// Dump is what a backend gave for one input, as JSON: the document with
// its origin, or the error.
func Dump(t testing.TB, doc *extract.Document, err error) []byte {
	t.Helper()
	var out struct {
		Doc    *extract.Document
		Origin *extract.Origin
		Err    string
	}
	if err != nil {
		out.Err = err.Error()
	} else {
		out.Doc, out.Origin = doc, doc.Origin
	}
	b, jerr := json.Marshal(out)
	require.NoError(t, jerr)
	return b
}
