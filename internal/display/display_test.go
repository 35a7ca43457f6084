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

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"甲.txt":                       "甲.txt",
		"a\x1b]52;c;ZXZpbA==\x07.pdf": `a\x1b]52;c;ZXZpbA==\x07.pdf`,
		"\x1b[2J":                     `\x1b[2J`,
		"x\ny\tz\x7f":                 `x\x0ay\x09z\x7f`,
		"\u009b31m":                   `\u009b31m`,
		"gbk\xb1\xa8":                 `gbk\xb1\xa8`,
	} {
		assert.Equal(t, want, Escape(in), "%q", in)
		assert.NotContains(t, Escape(in), "\x1b")
	}
}
