package display

import "golang.org/x/text/width"

// Width is how many columns s takes: East Asian wide and full-width
// characters take two, as terminals and Excel show them, the rest one.
func Width(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
