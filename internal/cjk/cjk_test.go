package cjk

import (
	"testing"
	"unicode"
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

// TestIsHan: IsHan is unicode.Is(unicode.Han, r) for every rune of the BMP
// and the planes above it that hold Han.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= 0x3FFFF; r++ {
		if IsHan(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("IsHan(%U) = %v", r, IsHan(r))
		}
	}
}

// TestFast3: every string of three bytes (and its shorter prefixes)
// decodes as utf8 decodes it, or not at all when that is no character of
// three bytes.
func TestFast3(t *testing.T) {
	var b [3]byte
	for x := 0; x < 1<<24; x++ {
		b[0], b[1], b[2] = byte(x>>16), byte(x>>8), byte(x)
		s := string(b[:])
		r, w := utf8.DecodeRuneInString(s)
		want := rune(-1)
		if w == 3 {
			want = r
		}
		if got := Fast3(s); got != want {
			t.Fatalf("%q: %U, want %U", s, got, want)
		}
	}
	for _, s := range []string{"", "a", "\xe4", "\xe4\xb8"} {
		if Fast3(s) != -1 {
			t.Fatalf("%q", s)
		}
	}
}
