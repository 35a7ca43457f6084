package ocr

import (
	"testing"

	"github.com/nianbao/nianbao/internal/fixtures"
)

// fixture is the path of a test file: the page images are in testdata,
// the seed text, its scans and the synthetic reports are kept once for the
// repository in corpus/testdata.
func fixture(name string) string { return fixtures.Path("../..", name) }

func mustFile(tb testing.TB, name string) []byte {
	tb.Helper()
	return fixtures.Read(tb, "../..", name)
}
