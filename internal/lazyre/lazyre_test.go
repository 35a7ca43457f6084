package lazyre_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/nianbao/nianbao/corpus"
	_ "github.com/nianbao/nianbao/corpus/gen"
	_ "github.com/nianbao/nianbao/extract/docx"
	_ "github.com/nianbao/nianbao/extract/html"
	_ "github.com/nianbao/nianbao/extract/ocr"
	_ "github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/lazyre"
	_ "github.com/nianbao/nianbao/internal/numtok"
	_ "github.com/nianbao/nianbao/normalize"
	_ "github.com/nianbao/nianbao/validate"
	_ "github.com/nianbao/nianbao/validate/cross"
	_ "github.com/nianbao/nianbao/validate/review"
)

// TestAll: every regexp that the packages of nianbao declare at package
// level (those imported above)
// compiles, as regexp.MustCompile made sure when they were compiled at load.
func TestAll(t *testing.T) {
	all := lazyre.All()
	require.Greater(t, len(all), 60)
	for _, r := range all {
		_, err := regexp.Compile(r.String())
		assert.NoError(t, err, r.String())
		assert.Equal(t, r.String(), r.Re().String())
	}
}

// TestRegexp_SameAsRegexp: each method gives what the compiled regexp's
// gives, over the real texts of corpus/testdata/corpus, for every declared pattern.
func TestRegexp_SameAsRegexp(t *testing.T) {
	texts := []string{"", "2023年度政府信息公开工作年度报告", "联系电话：0533-1234567，邮编：255100"}
	files, err := filepath.Glob("../../corpus/testdata/corpus/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		texts = append(texts, string(b))
	}
	for _, r := range lazyre.All() {
		re := regexp.MustCompile(r.String())
		for _, s := range texts {
			require.Equal(t, re.MatchString(s), r.MatchString(s), r.String())
			require.Equal(t, re.FindString(s), r.FindString(s), r.String())
			require.Equal(t, re.FindStringIndex(s), r.FindStringIndex(s), r.String())
			require.Equal(t, re.FindStringSubmatch(s), r.FindStringSubmatch(s), r.String())
			require.Equal(t, re.FindStringSubmatchIndex(s), r.FindStringSubmatchIndex(s), r.String())
			require.Equal(t, re.FindAllStringIndex(s, -1), r.FindAllStringIndex(s, -1), r.String())
			require.Equal(t, re.FindAllStringSubmatch(s, 3), r.FindAllStringSubmatch(s, 3), r.String())
			require.Equal(t, re.FindAllStringSubmatchIndex(s, -1), r.FindAllStringSubmatchIndex(s, -1), r.String())
			require.Equal(t, re.ReplaceAllString(s, "<$0>"), r.ReplaceAllString(s, "<$0>"), r.String())
		}
	}
	// A pattern is compiled once, on first use.
	r := lazyre.New(`a+`)
	assert.True(t, slices.Contains(lazyre.All(), r))
	assert.Same(t, r.Re(), r.Re())
}

// TestNew_BadPatternPanicsOnUse: a bad pattern fails where it is used.
func TestNew_BadPatternPanicsOnUse(t *testing.T) {
	r := lazyre.New(`(`)
	assert.Panics(t, func() { r.MatchString("x") })
}
