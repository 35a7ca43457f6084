package docx

import (
	"testing"

	"github.com/nianbao/nianbao/internal/fixtures"
)

// The seed report's Word file and text and the synthetic reports are kept
// once for the repository, with their sources, in corpus/testdata/samples.
const samples = "../../corpus/testdata/samples/"

func mustFile(tb testing.TB, name string) []byte {
	tb.Helper()
	return fixtures.Read(tb, "../..", name)
}
