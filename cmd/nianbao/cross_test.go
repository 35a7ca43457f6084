package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
)

// TestBinary_CrossChainBrokenTwice is issue 12's check as a user runs it:
// a folder with three consecutive years of one agency, carry-over
// holding and the in-force chain broken in the last two years, gives
// exactly the two CR102 findings, on the two later reports, each pointing
// at the year before, and no CR101.
func TestBinary_CrossChainBrokenTwice(t *testing.T) {
	s := gen.GenerateSeries(12, gen.SeriesOptions{Years: 3, First: 2022, Errors: []gen.CrossKind{gen.ChainBroken, gen.ChainBroken}})
	require.Len(t, s.Files, 3)
	dir := t.TempDir()
	for _, f := range s.Files {
		src, _ := f.Render()
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name()), src, 0o644))
	}
	r := nb(t, dir, nil, nil, "check", ".", "--format", "json")
	require.Equal(t, 0, r.code, "warnings do not fail the run\n%s", r.stderr)
	out := decodeCheck(t, r.out)
	require.Len(t, out.Reports, 3)
	var got []string
	for i, rep := range out.Reports {
		require.Empty(t, rep.Error)
		assert.Equal(t, s.Files[i].Name(), rep.Path, "in year order")
		for _, f := range rep.Findings {
			got = append(got, f.Rule+" "+rep.Path)
			if f.Rule != "CR102" {
				continue
			}
			assert.Equal(t, "warning", f.Severity)
			assert.Equal(t, "active.normative_docs.in_force", f.Key)
			assert.Positive(t, f.Line)
			require.Len(t, f.Related, 1)
			assert.Equal(t, s.Files[i-1].Name(), f.Related[0].Path, "the year before")
			assert.Equal(t, f.Key, f.Related[0].Key)
			assert.Positive(t, f.Related[0].Line)
		}
	}
	assert.Equal(t, []string{"CR102 " + s.Files[1].Name(), "CR102 " + s.Files[2].Name()}, got)
}
