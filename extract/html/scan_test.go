package html

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// scanCases hold the characters and words the hand-written scans look
// for, at the edges of the text, cut short, and inside invalid UTF-8.
var scanCases = []string{
	"", "a", "公开", "\u200b", "x\u200c", "\u200dy", "中\u2060文", "\ufeff", "soft\u00adhyphen",
	"\u200a\u200e\u2061\ufefe\u00ac", "\xe2\x80", "\xe2", "\xc2", "\xef\xbb", "\xf0\x90\xe2\x80\x8b",
	"\xe4\xc2\xad", "\x80\xe2\x81\xa0", "当前位置：首页", "ICP备12345号", "版权所有©2023", "©", "\xc2",
	"打印 关闭", "2023年政府信息公开工作年度报告", "copyright", "Copyrigh", "发布时", "点击数：12",
	"浏览量", "阅读", "主办单位：某某", "技术支持:x", "ab©", "\xa9", "所在位置>", "现在的位置",
	"一丁\u9fff\u9fa5\u4dff\u3400𠀀", "Ωé١٢3x\u3000\u00a0 \t\v\x85", "全角１２ＡＢ", "\xff\xfe中",
}

// textStatsOf is textStats as it was written before its one-pass scan:
// a count of the characters, then of the content text's quarters.
func textStatsOf(data string, f flags) stats {
	t := strings.TrimSpace(visible(data))
	if t == "" {
		return stats{}
	}
	var st stats
	for _, r := range t {
		if !unicode.IsSpace(r) {
			st.runes++
		}
	}
	if f.link {
		return st
	}
	if strings.Contains(t, "公开") {
		st.title |= titleOpen
	}
	if strings.Contains(t, "年度报告") || strings.Contains(t, "年报") {
		st.title |= titleReport
	}
	if f.chrome || chromeLine(t) {
		return st
	}
	for _, r := range t {
		switch {
		case unicode.Is(unicode.Han, r) || ('0' <= r && r <= '9'):
			st.text += 4
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			st.text++
		}
	}
	return st
}

func TestTextStats(t *testing.T) {
	for _, s := range scanCases {
		for _, f := range []flags{{}, {link: true}, {chrome: true}} {
			require.Equal(t, textStatsOf(s, f), textStats(s, f), "%q %+v", s, f)
		}
	}
	// Every character of the basic CJK block is Han, which the fast
	// path takes for granted.
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		require.True(t, unicode.Is(unicode.Han, r), "%U", r)
	}
}

func TestHasInvisible(t *testing.T) {
	for _, s := range scanCases {
		require.Equal(t, strings.ContainsAny(s, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), hasInvisible(s), "%q", s)
	}
}

func TestHasStrongChrome(t *testing.T) {
	for _, s := range scanCases {
		want := false
		for _, w := range strongChrome {
			want = want || strings.Contains(s, w)
		}
		require.Equal(t, want, hasStrongChrome(s), "%q", s)
	}
}

func FuzzScans(f *testing.F) {
	for _, s := range scanCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		require.Equal(t, strings.ContainsAny(s, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), hasInvisible(s))
		want := false
		for _, w := range strongChrome {
			want = want || strings.Contains(s, w)
		}
		require.Equal(t, want, hasStrongChrome(s))
		require.Equal(t, textStatsOf(s, flags{}), textStats(s, flags{}))
	})
}
