package fix

import (
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// Diff returns the unified diff (three lines of context) that turns text
// a into b, with the file names from and to in its header; "" when they
// are equal.
func Diff(from, to, a, b string) string {
	if a == b {
		return ""
	}
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: lines(a), B: lines(b), FromFile: from, ToFile: to, Context: 3,
	})
	if err != nil {
		// Writing to a strings.Builder does not fail.
		panic(err)
	}
	return d
}

// lines splits s into lines that keep their "\n", and ends the last one
// with one, as diff shows text.
func lines(s string) []string {
	ls := strings.SplitAfter(s, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	} else {
		ls[len(ls)-1] += "\n"
	}
	return ls
}
