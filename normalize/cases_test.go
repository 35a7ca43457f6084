package normalize_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/txtartest"
	"github.com/nianbao/nianbao/normalize"
)

// TestCases runs the txtar cases in testdata/cases: input.txt is read as
// text, and each line of cells is "key state [value]" (state number,
// blank, dash, missing or unreadable) and must hold for that cell; the
// optional tables section has lines "key found|missing|unfilled".
func TestCases(t *testing.T) {
	txtartest.Run(t, "testdata/cases/*.txtar", checkCase)
}

// checkCase checks the cells and tables of one case.
func checkCase(t *testing.T, _ string, sec map[string]string) {
	require.Contains(t, sec, "input.txt")
	r := mustNormalize(t, sec["input.txt"])
	for _, line := range strings.Split(strings.TrimSpace(sec["cells"]), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		require.GreaterOrEqual(t, len(f), 2, "bad cells line %q", line)
		c := r.Cell(f[0])
		require.NotNil(t, c, f[0])
		assert.Equal(t, normalize.State(f[1]), c.State, "%s (raw %q)", f[0], c.Raw)
		if len(f) > 2 && c.State == normalize.StateNumber {
			want, err := strconv.ParseFloat(f[2], 64)
			require.NoError(t, err)
			assert.Equal(t, want, *c.Value, f[0])
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(sec["tables"]), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		tb := r.Tables[f[0]]
		require.NotNil(t, tb, f[0])
		switch f[1] {
		case "found":
			assert.True(t, tb.Found, f[0])
		case "missing":
			assert.False(t, tb.Found, f[0])
		case "unfilled":
			assert.True(t, tb.Found && tb.Unfilled, f[0])
		}
	}
}
