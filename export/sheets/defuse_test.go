package sheets

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDefuse(t *testing.T) {
	assert.Equal(t, "'=HYPERLINK(\"x\")", defuse("=HYPERLINK(\"x\")"))
	assert.Equal(t, "'@SUM(A1)", defuse("@SUM(A1)"))
	assert.Equal(t, "淄川区", defuse("淄川区"))
	assert.Equal(t, "", defuse(""))
	for _, s := range []string{"\n=1+2", "\r=1+2", "\t=1+2"} {
		assert.Equal(t, "'"+s, defuse(s), "%q", s)
	}
	assert.Equal(t, "-1", cellText(-1.0), "numbers are not text")
}
