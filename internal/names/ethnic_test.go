package names

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEthnic: the written-out list is the one ethnicNames make: each name
// with 族, and without it when longer than one character, longest first
// (stably, in the order of ethnicNames).
func TestEthnic(t *testing.T) {
	var want []string
	for _, e := range strings.Fields(ethnicNames) {
		want = append(want, e+"族")
		if utf8.RuneCountInString(e) > 1 {
			want = append(want, e)
		}
	}
	sort.SliceStable(want, func(i, j int) bool { return len(want[i]) > len(want[j]) })
	if !slices.Equal(ethnic, want) {
		t.Fatalf("ethnic = %q,\nwant %q", ethnic, want)
	}
}
