package names

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfusable(t *testing.T) {
	t.Run("淄 and 溜 look alike though no curated set pairs them", func(t *testing.T) {
		s, ok := Confusable('淄', '溜')
		require.True(t, ok)
		assert.True(t, s.Shape)
		assert.False(t, s.Sound)
		assert.InDelta(t, 0.70, s.Score, 1e-9)
		assert.Equal(t, "同部首(水)，四角号码3216/3716，仓颉EVVW/EHHW，笔画11/13", s.Reason)
		assert.False(t, loadChars().sameGroup('淄', '溜'))
	})
	for _, tc := range []struct {
		pair         string
		shape, sound bool
	}{
		{"己已", true, false},
		{"大太", true, false},
		{"人入", true, false},
		{"民氏", true, false},
		{"区医", true, false},
		{"淄缁", true, true}, // same_stroke group and same sound
		{"设没", true, false},
		{"淄资", false, true},
		{"清晴", true, true}, // shared 青, qīng/qíng
	} {
		t.Run(tc.pair+" confusable", func(t *testing.T) {
			r := []rune(tc.pair)
			s, ok := Confusable(r[0], r[1])
			require.True(t, ok, "%+v", s)
			assert.Equal(t, tc.shape, s.Shape, "%+v", s)
			assert.Equal(t, tc.sound, s.Sound, "%+v", s)
			assert.GreaterOrEqual(t, s.Score, ConfusableScore)
			assert.LessOrEqual(t, s.Score, 1.0)
			back, _ := Confusable(r[1], r[0])
			assert.Equal(t, s.Score, back.Score, "symmetric")
		})
	}
	for _, pair := range []string{"淄川", "淄博", "山东", "人民", "区县", "省市", "的是", "川州", "淄淄"} {
		t.Run(pair+" apart", func(t *testing.T) {
			r := []rune(pair)
			s, ok := Confusable(r[0], r[1])
			assert.False(t, ok, "%+v", s)
		})
	}
	t.Run("characters without data are confusable with nothing", func(t *testing.T) {
		for _, pair := range []string{"开開", "市巿"} { // traditional 開; 巿 (fú) is outside the extract
			r := []rune(pair)
			_, ok := Confusable(r[0], r[1])
			assert.False(t, ok, pair)
		}
	})
	t.Run("another tone alone is too weak", func(t *testing.T) {
		s, ok := Confusable('淄', '子') // zī / zǐ
		assert.False(t, ok)
		assert.True(t, s.Sound)
		assert.Contains(t, s.Reason, "同音异调")
	})
}

func TestRadicalGlyph(t *testing.T) {
	assert.Equal(t, "水", radicalGlyph("85"))
	assert.Equal(t, "讠", radicalGlyph("149'"))
	assert.Equal(t, "言", radicalGlyph("149"))
	assert.Equal(t, "x", radicalGlyph("x"))
}
