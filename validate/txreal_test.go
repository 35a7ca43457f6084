package validate_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/nianbao/nianbao/validate"
)

// TestTX_RealReports runs the wording rules on whole real reports kept in
// testdata/real/tx (full-width punctuation intact, tables flattened into
// the text as the site printed them); want lists every TX finding, each
// reviewed by hand as real.
func TestTX_RealReports(t *testing.T) {
	files, err := filepath.Glob("testdata/real/tx/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	rules, err := validate.Resolve([]string{"TX"})
	require.NoError(t, err)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			require.NoError(t, err)
			sections := map[string]string{}
			for _, f := range ar.Files {
				sections[f.Name] = string(f.Data)
			}
			findings, _ := mustCheck(t, sections["input.txt"], rules...)
			matchWant(t, findings, sections["want"])
		})
	}
}
