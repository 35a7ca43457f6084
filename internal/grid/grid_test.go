package grid

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestConnected: two tables side by side and a lone underline are three
// groups; rules meeting only through another rule are one table.
func TestConnected(t *testing.T) {
	// Horizontals 0,1 and verticals 3,4 (indexes nh+0, nh+1) make table A;
	// horizontal 2 touches nothing.
	touch := func(h, v int) bool { return h < 2 }
	assert.Equal(t, [][]int{{0, 1, 3, 4}, {2}}, Connected(3, 2, touch))
	// Horizontal 0 meets vertical 0, which meets horizontal 1 only: one set.
	touch = func(h, v int) bool { return v == 0 }
	assert.Equal(t, [][]int{{0, 1, 2}, {3}}, Connected(2, 2, touch))
	assert.Empty(t, Connected(0, 0, nil))
}

// TestMerge: a 3×3 grid whose first row is one cell across, and whose
// middle column spans the two rows below.
func TestMerge(t *testing.T) {
	open := func(r, c int, down bool) bool {
		if down {
			return r == 1 && c == 1
		}
		return r == 0
	}
	own, regions := Merge(3, 3, open)
	assert.Equal(t, [][]int{{0, 0, 0}, {1, 2, 3}, {4, 2, 5}}, own)
	assert.Equal(t, []Region{{0, 0, 0, 2}, {1, 0, 1, 0}, {1, 1, 2, 1}, {1, 2, 1, 2}, {2, 0, 2, 0}, {2, 2, 2, 2}}, regions)
	own, regions = Merge(0, 0, open)
	assert.Empty(t, own)
	assert.Empty(t, regions)
}
