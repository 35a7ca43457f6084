package validate_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBlankTemplate: the national template of 国办公开办函〔2021〕30号 as
// the notice prints it, every table present and no value filled, is three
// unfilled tables (one ST109 each), not missing tables or rows, and its
// identities say nothing.
func TestBlankTemplate(t *testing.T) {
	src, err := os.ReadFile("testdata/template2021_blank.txt")
	require.NoError(t, err)
	fs, _ := mustCheck(t, string(src))
	count := map[string]int{}
	for _, f := range fs {
		count[f.Rule.ID]++
	}
	assert.Equal(t, 3, count["ST109"], describe(fs))
	for _, id := range []string{"ST104", "ST105", "TB101", "TB102", "TB103", "TB104", "NU101", "NU102"} {
		assert.Zero(t, count[id], "%s on the blank template:\n%s", id, describe(fs))
	}
}
