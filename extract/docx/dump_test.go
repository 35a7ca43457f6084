package docx

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

// dumpGolden holds, for every DOCX file of the repository's test data, the
// SHA-256 of what Read gave for it (blocks with their spans and cells,
// the origin, or the error, as JSON) when the reader was last changed on
// purpose: it was written by the code before the speed work of issue 14,
// which had to leave every document and error as it was. Rewrite it with
// NIANBAO_UPDATE_DUMPS=1 only for a change meant to alter the documents.
const dumpGolden = "testdata/dumps.golden"

var dumpGlobs = []string{"../../corpus/testdata/rendered/*.docx", "../../corpus/testdata/samples/*.docx", "../../corpus/testdata/samples/synthetic/*.docx"}

func TestRead_DumpsUnchanged(t *testing.T) {
	var paths []string
	for _, g := range dumpGlobs {
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
		doc, err := Read(filepath.Base(p), src, extract.Limits{})
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
		b, err := json.Marshal(out)
		require.NoError(t, err)
		fmt.Fprintf(&got, "%s %x\n", filepath.ToSlash(p), sha256.Sum256(b))
	}
	if os.Getenv("NIANBAO_UPDATE_DUMPS") != "" {
		require.NoError(t, os.WriteFile(dumpGolden, []byte(got.String()), 0o644))
		return
	}
	want, err := os.ReadFile(dumpGolden)
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
