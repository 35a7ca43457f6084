package pdf

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/nianbao/nianbao/internal/fixtures"
)

// TestFindNames: findNames finds each name checkStructure looks for
// where a search for it alone does, in the PDFs of testdata, the shared
// samples and the real corpus, and in short strings where a name is cut,
// doubled, nested in a longer one or stands at the end.
func TestFindNames(t *testing.T) {
	check := func(src []byte, label string) {
		at := findNames(src)
		for _, name := range guardNames {
			var want []int
			for off := 0; ; off++ {
				i := bytes.Index(src[off:], []byte(name))
				if i < 0 {
					break
				}
				off += i
				want = append(want, off)
			}
			if !slices.Equal(at[name], want) {
				t.Fatalf("%s: findNames finds %s at %v, bytes.Index at %v", label, name, at[name], want)
			}
		}
	}
	pdfs := fixtures.Glob(t, "*.pdf")
	if len(pdfs) < 10 {
		t.Fatalf("%d PDFs found, want the fixtures' dozens", len(pdfs))
	}
	for _, name := range pdfs {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		check(src, name)
	}
	for _, s := range []string{"", "/", "/N", "//N", "N/N", "/Size/Size", "/Siz", "/Sizes /N 3", "/WW/W", "/XRe/XRef", "/ObjStm/Prev", "/Index[0 1]/Columns"} {
		check([]byte(s), s)
	}
}
