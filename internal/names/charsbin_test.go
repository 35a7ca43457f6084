package names

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCharsBin: the committed data/chars.bin is the character tables
// parsed from the TSV files, and every lookup in it gives what the parsed
// tables give.
func TestCharsBin(t *testing.T) {
	parsed := parseChars()
	want := encodeChars(parsed)
	if *update {
		if err := os.WriteFile("data/chars.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal([]byte(charsBin), want) {
		t.Fatal("data/chars.bin does not match the character TSV files: run go generate ./internal/names")
	}
	frozen := &charTables{frozen: decodeChars(charsBin)}
	runes := map[rune]bool{'a': true, 0x10FFFF: true}
	for _, m := range []map[rune]string{parsed.sameTone, parsed.otherTone} {
		for r := range m {
			runes[r] = true
		}
	}
	for r := range parsed.glyphs {
		runes[r] = true
	}
	for r := range parsed.strokeGroups {
		runes[r] = true
	}
	for r := range runes {
		g, ok := frozen.glyph(r)
		wg, wok := parsed.glyph(r)
		if g != wg || ok != wok || frozen.sameToneOf(r) != parsed.sameToneOf(r) || frozen.otherToneOf(r) != parsed.otherToneOf(r) {
			t.Fatalf("%c: the loaded tables differ from the parsed ones", r)
		}
	}
	for a := range parsed.strokeGroups {
		for _, b := range []rune{'淄', '溜', '川', a + 1, a - 1} {
			assert.Equal(t, parsed.sameGroup(a, b), frozen.sameGroup(a, b), "%c %c", a, b)
		}
	}
}

// TestStandardHan_SameAsGlyph: the bit set answers for every rune, and
// past the largest, what a lookup of the glyph records answers.
func TestStandardHan_SameAsGlyph(t *testing.T) {
	tables := loadChars()
	n := 0
	for r := rune(-1); r <= 0x10FFFF+1; r++ {
		_, want := tables.glyph(r)
		if StandardHan(r) != want {
			t.Fatalf("StandardHan(%U) = %v, the glyph records say %v", r, !want, want)
		}
		if want {
			n++
		}
	}
	assert.Greater(t, n, 8000)
	assert.True(t, StandardHan('淄'))
	assert.False(t, StandardHan('這'))
}
