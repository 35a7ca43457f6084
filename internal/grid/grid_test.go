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
