package pdf

import (
	"bytes"
	"iter"
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
	for name, src := range fixturePDFs(t) {
		check(src, name)
	}
	for _, s := range []string{"", "/", "/N", "//N", "N/N", "/Size/Size", "/Siz", "/Sizes /N 3", "/WW/W", "/XRe/XRef", "/ObjStm/Prev", "/Index[0 1]/Columns"} {
		check([]byte(s), s)
	}
}

// fixturePDFs yields the name and bytes of every PDF of testdata, the
// shared samples and the real corpus, failing tb when there are fewer
// than the dozens the fixtures hold (a moved folder would otherwise test
// nothing).
func fixturePDFs(tb testing.TB) iter.Seq2[string, []byte] {
	pdfs := fixtures.Glob(tb, "*.pdf")
	if len(pdfs) < 10 {
		tb.Fatalf("%d PDFs found, want the fixtures' dozens", len(pdfs))
	}
	return func(yield func(string, []byte) bool) {
		for _, name := range pdfs {
			src, err := os.ReadFile(name)
			if err != nil {
				tb.Fatal(err)
			}
			if !yield(name, src) {
				return
			}
		}
	}
}
