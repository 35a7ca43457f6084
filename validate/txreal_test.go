package validate_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/normalize"
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

// TestTX_OCR: on recognised text a finding about characters is a note,
// since the character may be a recognition error.
func TestTX_OCR(t *testing.T) {
	doc := txt.Parse("scan.txt", "二是规范审核审核发布机制，截止2020年底运转正常，推进监管执法信息公开,通过微信公众号发布信息。\n")
	doc.OCR = true
	rep, err := normalize.Normalize(doc)
	require.NoError(t, err)
	rules, err := validate.Resolve([]string{"TX"})
	require.NoError(t, err)
	fs, err := validate.Check(rep, validate.Options{Rules: rules})
	require.NoError(t, err)
	got := map[string]bool{}
	for _, f := range fs {
		got[f.Rule.ID] = true
		assert.Equal(t, validate.Info, f.Severity, "%s %s", f.Rule.ID, f.Message.Zh)
		assert.Contains(t, f.Message.Zh, "OCR")
	}
	assert.True(t, got["TX101"] && got["TX103"] && got["TX105"], describe(fs))
}
