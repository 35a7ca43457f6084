package sheets

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/normalize"
)

// TestCellsOf holds the cells kept per table spec to what they stand
// for: the keys of CellKeys in its order, the labels of RowLabel and
// ColumnLabel.
func TestCellsOf(t *testing.T) {
	n := 0
	for _, p := range normalize.Profiles() {
		for _, spec := range p.Tables {
			cells := cellsOf(spec)
			require.Len(t, cells, len(spec.CellKeys()), "%s %s", p.Template, spec.Key)
			for i, k := range spec.CellKeys() {
				c := cells[i]
				assert.Equal(t, k, c.key)
				assert.Equal(t, spec.Key+"."+c.row+"."+c.col, k)
				assert.Equal(t, RowLabel(spec, c.row), c.rowLabel, k)
				assert.Equal(t, ColumnLabel(spec, c.col), c.colLabel, k)
				n++
			}
			assert.Same(t, &cells[0], &cellsOf(spec)[0], "made once")
		}
	}
	assert.Greater(t, n, 100)
}
