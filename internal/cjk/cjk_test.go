package cjk

import (
	"testing"

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
