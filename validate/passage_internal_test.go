package validate

import (
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/normalize"
)

// TestPassage_More: a passage is made for every paragraph and held for
// the whole check (100,000 of them for 10 MB of text), so what only
// some rules make of it is apart (passageMore), made for the passages
// they ask: after every rule has run on a real report, most passages
// have none. A passage was 272 bytes with those inline (a 288-byte
// allocation), 128 apart (and a one-line passage, most of them, has no
// list of its lines); 10 MB of text held 17 MB less while checked.
func TestPassage_More(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(passage{}), uintptr(128), "bytes of a passage")
	src, err := os.ReadFile("../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	require.NoError(t, err)
	rep, err := normalize.Normalize(txt.Parse("r.txt", strings.Repeat(string(src)+"\n", 4)))
	require.NoError(t, err)
	memo := map[string]any{}
	for _, r := range All {
		require.NoError(t, runSafe(r, &Pass{Rule: r, Rep: rep, Doc: rep.Doc, memo: memo}), r.ID)
	}
	d, ok := memo["tx.doc"].(*txDoc)
	require.True(t, ok, "the wording rules' view of the text is made")
	more := 0
	for _, ps := range d.passages {
		if ps.more != nil {
			more++
		}
	}
	t.Logf("%d passages, %d with more", len(d.passages), more)
	require.NotEmpty(t, d.passages)
	assert.Less(t, more*4, len(d.passages), "passages with what only some rules make")
}
