package pdf

import (
	"testing"

	"github.com/nianbao/nianbao/internal/fixtures"
)

// mustSrc reads a test file: the PDFs derived for this package are in
// testdata, the real corpus and the samples (the seed report as PDF, its
// scans, the synthetic reports) are kept once for the repository in
// corpus/testdata.
func mustSrc(tb testing.TB, name string) []byte { tb.Helper(); return fixtures.Read(tb, "../..", name) }
