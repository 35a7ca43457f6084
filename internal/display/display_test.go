package display

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWidth(t *testing.T) {
	assert.Equal(t, 11, Width("甲.txt:1:2:"))
	assert.Equal(t, 14, Width("结转下年度总计"))
	assert.Equal(t, 4, Width("ＡＢ"), "full-width letters")
	assert.Equal(t, 0, Width(""))
}
