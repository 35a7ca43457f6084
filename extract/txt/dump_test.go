package txt_test

import (
	"testing"

	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/extracttest"
)

// TestRead_NoOrigin: the reader told that its caller drops the Origin
// gives the same document without it, for UTF-8, GB18030 and CRLF text.
func TestRead_NoOrigin(t *testing.T) {
	extracttest.NoOriginSame(t, []string{"testdata/real/*.txt", "../../corpus/testdata/corpus/*.txt", "../../corpus/testdata/seed_gbk.txt"}, txt.Read)
}
