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
