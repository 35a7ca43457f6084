package cjk

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestIs(t *testing.T) {
	for _, r := range "公开〇。、（）：１Ａ　" {
		assert.True(t, Is(r), "%q", r)
	}
	for _, r := range "a1 -“—…·\ufffd" {
		assert.False(t, Is(r), "%q", r)
	}
}

func TestWide(t *testing.T) {
	for _, r := range "公。１“”‘’—…·" {
		assert.True(t, Wide(r), "%q", r)
	}
	for _, r := range "a1 -–‚\ufffd" {
		assert.False(t, Wide(r), "%q", r)
	}
}

func TestFirstLast(t *testing.T) {
	assert.Equal(t, '公', First("公开a"))
	assert.Equal(t, 'a', Last("公开a"))
	assert.Equal(t, utf8.RuneError, First(""))
	assert.Equal(t, utf8.RuneError, Last(""))
}
