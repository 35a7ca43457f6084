package xlsx

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/internal/atomicfile"
)

// oddStrings are strings whose cells SetRow writes in some special way:
// escaped, with spaces kept, characters XML cannot carry, _xHHHH_
// sequences of each kind, and text longer than a cell holds, cut inside
// and at the edge of a four-byte character.
var oddStrings = []string{
	"", " ", "a", "中文", " lead", "trail ", "\tx", "x\n", "\rx", "a\nb\r\nc\td",
	`"quoted" & 'apos' <tag> >`, "&#xA;", "&amp;", "\x00\x01\x1f\x7f", "\xff\xfe", "a\xc3", "\uFFFD\uFFFE\uFFFF",
	"\U0001F600 \U0010FFFF", "\u2028\u0085",
	"_x0041_", "_x005F_", "_x005f_", "_x005F_x0041_", "_x005F_x00_", "_x005F_xD800_", "_xD800_", "_xdfff_", "_xZZZZ_",
	"__x0041__x0042_", "_x0041", "x0041_", "_x_x0041_", "a_x00410_", "_x005F_x005F_", "&_x0026_",
	strings.Repeat("长", 40000), strings.Repeat("a", 32767), strings.Repeat("a", 32768), strings.Repeat("a", 32766) + "\U0001F600",
	strings.Repeat("_x0041_", 5000), strings.Repeat("\U0001F600", 20000) + " ",
}

var oddFloats = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 0.5, 1.5, 3.14159265358979, 2.0 / 3, -2.0 / 3, 1e15, 1e16, 1e21, 123456789012345678,
	1234567890.123456789, 1e-7, 1.5e-300, 12345678901234567890123, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64,
	math.NaN(), math.Inf(1), math.Inf(-1), 99999999999999999, 0.1 + 0.2,
}

// TestSheetData_SetRow writes the same rows with SetRow and with
// sheetData and holds the sheet's XML to be the same, byte for byte: the
// odd values above, then random rows in the shapes the workbook writes.
func TestSheetData_SetRow(t *testing.T) {
	var rows [][]any
	for _, s := range oddStrings {
		rows = append(rows, []any{s, nil, excelize.Cell{StyleID: 1, Value: s}})
	}
	for _, f := range oddFloats {
		rows = append(rows, []any{f, excelize.Cell{StyleID: 2, Value: f}})
	}
	rows = append(rows,
		[]any{0, -1, math.MaxInt64, math.MinInt64, int64(0), int64(-7), int64(math.MaxInt64)},
		[]any{excelize.Cell{StyleID: 3}, excelize.Cell{}, excelize.Cell{Value: 5}, excelize.Cell{StyleID: 1, Value: int64(6)}},
		[]any{nil, nil, nil},
		[]any{},
	)
	wide := make([]any, 800) // columns past Z and ZZ
	for i := range wide {
		if i%7 == 0 {
			wide[i] = i
		}
	}
	rows = append(rows, wide)
	rnd := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab _x05FAD01&<>\"'\t\n\r\x00中文\U0001F600\uFFFE")
	for range 3000 {
		row := make([]any, rnd.IntN(20))
		for i := range row {
			switch rnd.IntN(6) {
			case 0:
				row[i] = nil
			case 1:
				rs := make([]rune, rnd.IntN(30))
				for j := range rs {
					rs[j] = alphabet[rnd.IntN(len(alphabet))]
				}
				row[i] = string(rs)
			case 2:
				row[i] = rnd.IntN(1<<40) - 1<<39
			case 3:
				row[i] = rnd.Int64()
			case 4:
				row[i] = (rnd.Float64() - 0.5) * math.Pow(10, float64(rnd.IntN(40)-20))
			default:
				row[i] = excelize.Cell{StyleID: rnd.IntN(3), Value: oddStrings[rnd.IntN(len(oddStrings)-8)]}
			}
		}
		rows = append(rows, row)
	}
	want := sheetXML(t, rows, false)
	got := sheetXML(t, rows, true)
	if want != got {
		i := firstDiff(want, got)
		t.Fatalf("sheetData and SetRow differ at byte %d:\nSetRow:    %q\nsheetData: %q", i, clip(want, i), clip(got, i))
	}
}

// FuzzSheetData_SetRow holds a string cell to SetRow for any text.
func FuzzSheetData_SetRow(f *testing.F) {
	for _, s := range oddStrings[:len(oddStrings)-8] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows := [][]any{{s, excelize.Cell{StyleID: 1, Value: s}}}
		if want, got := sheetXML(t, rows, false), sheetXML(t, rows, true); want != got {
			i := firstDiff(want, got)
			t.Fatalf("%q: sheetData and SetRow differ at byte %d:\nSetRow:    %q\nsheetData: %q", s, i, clip(want, i), clip(got, i))
		}
	})
}

// TestSheetData_Spill writes rows enough to be compressed in several
// stages, and to go to the temporary file, and reads the sheet back.
func TestSheetData_Spill(t *testing.T) {
	defer func(old int) { spillAt = old }(spillAt)
	spillAt = 4096
	rnd := rand.New(rand.NewPCG(3, 4))
	rows := make([][]any, 20000)
	for i := range rows {
		rows[i] = []any{i, oddStrings[rnd.IntN(20)], rnd.Float64(), "第" + strconv.Itoa(rnd.IntN(1000)) + "行"}
	}
	want := sheetXML(t, rows, false)
	got := sheetXML(t, rows, true)
	require.True(t, want == got, "sheetData and SetRow differ at byte %d", firstDiff(want, got))
}

// TestCRC32Combine holds crc32Combine to the CRC-32 of the bytes joined.
func TestCRC32Combine(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, n := range [][2]int{{0, 0}, {0, 5}, {5, 0}, {1, 1}, {3, 1000}, {1000, 3}, {70000, 300000}, {1, 1 << 20}} {
		a, b := make([]byte, n[0]), make([]byte, n[1])
		for i := range a {
			a[i] = byte(rnd.Uint32())
		}
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		require.Equal(t, want, crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))), "%d+%d bytes", n[0], n[1])
	}
}

// sheetXML writes rows below a header row with SetRow, or with sheetData,
// and returns the sheet's part.
func sheetXML(tb testing.TB, rows [][]any, own bool) string {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for range 3 {
		_, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		require.NoError(tb, err)
	}
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(tb, err)
	require.NoError(tb, sw.SetRow("A1", []any{"head"}, excelize.RowOpts{Height: 20}))
	var data []*sheetData
	d := newSheetData(sw)
	defer d.close()
	for i, row := range rows {
		if own {
			require.NoError(tb, d.setRow(i+2, row))
		} else {
			require.NoError(tb, sw.SetRow(ref(1, i+2), row))
		}
	}
	if own {
		data = append(data, d)
	}
	require.NoError(tb, sw.Flush())
	path := filepath.Join(tb.TempDir(), "t.xlsx")
	out, err := atomicfile.Create(path)
	require.NoError(tb, err)
	require.NoError(tb, writeZip(f, out, data))
	require.NoError(tb, out.Commit())
	zr, err := zip.OpenReader(path)
	require.NoError(tb, err)
	defer zr.Close()
	for _, e := range zr.File {
		if e.Name == "xl/worksheets/sheet1.xml" {
			rc, err := e.Open()
			require.NoError(tb, err)
			defer rc.Close()
			var b bytes.Buffer
			_, err = io.Copy(&b, rc)
			require.NoError(tb, err)
			return b.String()
		}
	}
	tb.Fatal("no sheet1.xml")
	return ""
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func clip(s string, i int) string {
	return s[max(0, i-80):min(len(s), i+80)]
}

// TestSheetData_Unsupported: a value sheetData cannot write is an error,
// not a cell written some other way than SetRow would.
func TestSheetData_Unsupported(t *testing.T) {
	for _, v := range []any{true, float32(1), uint(1), []byte("x"), excelize.Cell{Formula: "A1"}, &excelize.Cell{Value: 1}} {
		d := &sheetData{}
		require.ErrorIs(t, d.setRow(2, []any{"a", v}), errValue, "%T", v)
		require.Empty(t, d.b, "%T: nothing of the row is kept", v)
	}
}
