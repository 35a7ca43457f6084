package names

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// namesInRunes is namesIn as first written: every stretch converted
// from the runes of s.
func namesInRunes(s string, maxLen int) map[string]token {
	found := map[string]token{}
	runes := []rune(s)
	for i := range runes {
		for j := i + 2; j <= len(runes); j++ {
			sub := string(runes[i:j])
			if len(sub) > maxLen {
				break
			}
			if t, ok := lookupToken(sub); ok {
				found[sub] = t
			}
		}
	}
	return found
}

// TestNamesIn_SameAsRunes: on every line of the real reports of the
// corpus, and on text that is not valid UTF-8, namesIn finds what
// converting every stretch from runes found.
func TestNamesIn_SameAsRunes(t *testing.T) {
	files, err := filepath.Glob("../../corpus/testdata/corpus/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	lines := []string{"", "淄", "淄博市淄川区商务局", "淄博\xff市淄川区", "\xe6\xb7淄川区", "山东省\xe6\xb7", "淄川区\ufffd商务局"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, l := range strings.Split(string(b), "\n") {
			if len([]rune(l)) <= 80 {
				lines = append(lines, l)
			}
		}
	}
	maxLen := loadAtlas().maxLen
	n := 0
	for _, l := range lines {
		got, want := namesIn(l, maxLen), namesInRunes(l, maxLen)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("namesIn(%q) = %v, want %v", l, got, want)
		}
		n += len(got)
	}
	require.Greater(t, n, 100)
}

// TestTokens_SameAsSegment: the kept segmentation of a name is what
// segmenting it again gives, for every short line of the real reports
// (agency names and titles among them), asked twice, and Regions hands
// out lists of its own.
func TestTokens_SameAsSegment(t *testing.T) {
	files, err := filepath.Glob("../../corpus/testdata/corpus/*.txt")
	require.NoError(t, err)
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, l := range strings.Split(string(b), "\n") {
			if n := len([]rune(l)); n >= 4 && n <= 40 {
				lines = append(lines, l)
			}
		}
	}
	require.Greater(t, len(lines), 50)
	places := 0
	for _, l := range lines {
		want := segment(l)
		for range 2 {
			if got := tokens(l); !reflect.DeepEqual(got, want) {
				t.Fatalf("tokens(%q) = %v, segmenting again gives %v", l, got, want)
			}
		}
		if len(chainOf(want)) > 0 {
			places++
		}
	}
	require.Greater(t, places, 20)

	a, b := Regions("淄博市淄川区商务局", ""), Regions("淄博市淄川区商务局", "")
	require.Len(t, a, 1)
	require.Equal(t, a, b)
	a[0] = nil
	require.NotNil(t, Regions("淄博市淄川区商务局", "")[0])
}
