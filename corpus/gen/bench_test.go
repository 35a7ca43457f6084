package gen

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// speedCell is the reports/s column (and the cross part's "reports/s
// read · ms cross.Check"), the one part of the tables a seed does not fix.
var speedCell = regexp.MustCompile(`(?m)\| [0-9—· ]+ \|$`)

// TestBench_Deterministic: the same seed gives the same table; every
// report goes through the pipeline and is counted once.
func TestBench_Deterministic(t *testing.T) {
	opts := BenchOptions{Seed: 7, N: 2, Workers: 3}
	a, err := Bench(context.Background(), opts)
	require.NoError(t, err)
	opts.Workers = 1
	b, err := Bench(context.Background(), opts)
	require.NoError(t, err)
	var ta, tb strings.Builder
	require.NoError(t, a.WriteTable(&ta))
	require.NoError(t, b.WriteTable(&tb))
	assert.Equal(t, speedCell.ReplaceAllString(ta.String(), "|"), speedCell.ReplaceAllString(tb.String(), "|"))
	t.Log("\n" + ta.String())
	for _, f := range a.Formats {
		assert.Zero(t, f.Errors, f.Format)
		assert.Equal(t, opts.N*(len(ErrorKinds)+2), f.Checked, f.Format)
		assert.Equal(t, opts.N, f.Clean, f.Format)
		assert.Equal(t, opts.N, f.Damaged, f.Format)
		assert.Positive(t, f.Cells, f.Format)
		for _, k := range ErrorKinds {
			assert.LessOrEqual(t, f.Found[k], f.Applied[k], "%s %s", f.Format, k)
		}
	}
	assert.Contains(t, ta.String(), "| cell changed | TB101–TB104 |")

	c := a.Cross
	require.NotNil(t, c)
	assert.Equal(t, opts.N, c.Series)
	assert.Equal(t, 1, c.Groups)
	assert.Zero(t, c.Errors)
	assert.Zero(t, c.False, "consistent series give no finding across reports")
	for _, k := range CrossKinds {
		assert.Equal(t, opts.N, c.Cases[k], k.String())
		assert.LessOrEqual(t, c.Found[k], c.Applied[k], k.String())
	}
	assert.Contains(t, ta.String(), "| carry-over broken | CR101 |")
}

func TestBench_Cancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Bench(ctx, BenchOptions{Seed: 1, N: 1})
	assert.ErrorIs(t, err, context.Canceled)
}
