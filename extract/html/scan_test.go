package html

import (
	"strings"
	"testing"

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
	})
}
