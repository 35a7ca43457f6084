package html

import (
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
)

// TestRead_DumpsUnchanged: every HTML file of the repository's test data
// reads as it did before the speed work of issue 14 (testdata/dumps.golden).
func TestRead_DumpsUnchanged(t *testing.T) {
	extracttest.DumpsUnchanged(t, "testdata/dumps.golden", []string{"testdata/*.html", "testdata/real/*.html", "../../corpus/testdata/samples/*.html", "../../corpus/testdata/samples/synthetic/*.html"},
		func(name string, src []byte) (*extract.Document, error) { return Read(name, src, extract.Limits{}) })
}

// TestRead_NoOrigin: a reader told that its caller drops the Origin gives
// the same document without it.
func TestRead_NoOrigin(t *testing.T) {
	extracttest.NoOriginSame(t, []string{"testdata/*.html", "testdata/real/*.html", "../../corpus/testdata/samples/*.html", "../../corpus/testdata/samples/synthetic/*.html"}, Read)
}
