package corpus

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/worker"
	"github.com/nianbao/nianbao/normalize"
)

// TestKept_Budget: reports are kept whole while the documents of the
// files still to come keep their room; then documents alone (take gives
// the document, to normalize again); past the
// budget, nothing.
func TestKept_Budget(t *testing.T) {
	rep := func() *normalize.Report {
		return &normalize.Report{Doc: &extract.Document{Text: strings.Repeat("字", 100)}}
	}
	doc, whole := int64(len(worker.Marshal(rep().Doc))), int64(reportWeight*300)
	k := NewKept(whole + 2*doc)
	k.expect(3)
	k.put("a", rep()) // whole, with room for b's and c's documents
	k.put("b", rep()) // whole would leave no room for c's document
	k.put("x", nil)   // a file that gave no report
	k.put("c", rep())
	k.put("d", rep()) // over the budget
	for name, want := range map[string][2]bool{"a": {false, true}, "b": {true, false}, "c": {true, false}, "d": {false, false}, "x": {false, false}} {
		d, r := k.take(name)
		assert.Equal(t, want, [2]bool{d != nil, r != nil}, name)
	}
	assert.Zero(t, k.size, "all handed over")
	d, r := k.take("a")
	assert.True(t, d == nil && r == nil, "handed over once")
}
