package jsonl

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
)

// oddStrings are strings encoding/json escapes in some way.
var oddStrings = []string{
	"", "a", "中文", `"quoted" \ back\slash`, "<tag> & 'apos'", "\x00\x01\b\f\n\r\t\x1f\x7f", "\xff\xfe", "a\xc3", "\xed\xa0\x80",
	"\u2028\u2029\u0085", "\uFFFD\uFFFE\uFFFF", "\U0001F600", "增15", "—", strings.Repeat("长", 300),
}

var oddFloats = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 2.0 / 3, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789012345678, 1e-300,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2, 12345.678,
}

// wantLine is a line as json.Encoder writes it.
func wantLine(tb testing.TB, l Line) []byte {
	tb.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(tb, enc.Encode(l))
	return b.Bytes()
}

// TestEncoder holds appendLine to json.Encoder, byte for byte: on the
// lines of real results, and on one whose cells carry odd keys, strings
// and numbers.
func TestEncoder(t *testing.T) {
	e := newEncoder()
	results := exporttest.Check(t, exporttest.TBBalance, exporttest.Seed, exporttest.Empty, exporttest.Clean, exporttest.Chengkou)
	for _, r := range results {
		for _, lang := range []string{"zh", "en"} {
			l := LineOf(r, lang)
			got, err := e.appendLine(nil, l)
			require.NoError(t, err)
			require.Equal(t, string(wantLine(t, l)), string(got), r.Path)
		}
	}

	l := LineOf(results[0], "zh")
	cells := map[string]export.ModelCell{}
	for i, s := range oddStrings {
		v := oddFloats[i%len(oddFloats)]
		cells[s] = export.ModelCell{Value: &v, State: s, Raw: s, Unit: s, Line: i, Column: -i, Page: i % 2}
	}
	for i, v := range oddFloats {
		cells["f"+string(rune('a'+i))] = export.ModelCell{Value: &v, Raw: "x", Line: 1, Column: 2}
	}
	cells["nil"] = export.ModelCell{State: "missing"}
	l.Model.Cells = cells
	got, err := e.appendLine(nil, l)
	require.NoError(t, err)
	require.Equal(t, string(wantLine(t, l)), string(got))

	l.Model.Cells = nil
	got, err = e.appendLine(nil, l)
	require.NoError(t, err)
	require.Equal(t, string(wantLine(t, l)), string(got))

	nan := math.NaN()
	l.Model.Cells = map[string]export.ModelCell{"x": {Value: &nan}}
	_, err = e.appendLine(nil, l)
	var enc bytes.Buffer
	require.EqualError(t, err, json.NewEncoder(&enc).Encode(l).Error())
}

// TestEncoder_Allocs: the cells of a line cost no allocation; what is
// left is encoding/json's for the rest of the line.
func TestEncoder_Allocs(t *testing.T) {
	l := LineOf(exporttest.Check(t, exporttest.TBBalance)[0], "zh")
	e := newEncoder()
	var b []byte
	cells := testing.AllocsPerRun(20, func() {
		var err error
		b, err = e.appendCells(b[:0], l.Model.Cells)
		require.NoError(t, err)
	})
	if cells > 0 {
		t.Errorf("%.0f allocations for the cells of a line, want none", cells)
	}
}
