package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCMap(t *testing.T) {
	m := parseCMap([]byte(`/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <0020>
<00B1> <D835DC9C>
endbfchar
3 beginbfrange
<00FE> <0101> <4E00>
<0200> <0202> [<6DC4> <535A> <5E02>]
<0300> <0301> <00660069>
endbfrange
1 begincidrange
<8140> <817E> 633
endcidrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`))
	cases := []struct {
		code uint32
		want string
	}{
		{0x0003, " "},
		{0x00B1, "𝒜"}, // surrogate pair
		// A range across a 256 boundary counts on in the character,
		// not inside its last byte.
		{0x00FE, "一"}, {0x00FF, "丁"}, {0x0100, "丂"}, {0x0101, "七"},
		{0x0200, "淄"}, {0x0201, "博"}, {0x0202, "市"},
		// Multi-character destinations count on in their last one.
		{0x0300, "fi"}, {0x0301, "fj"},
	}
	for _, tc := range cases {
		got, ok := m.lookupUni(tc.code)
		assert.True(t, ok, "code %04X", tc.code)
		assert.Equal(t, tc.want, got, "code %04X", tc.code)
	}
	_, ok := m.lookupUni(0x0102)
	assert.False(t, ok)

	cid, ok := m.lookupCID(0x8141)
	assert.True(t, ok)
	assert.EqualValues(t, 634, cid)

	assert.Equal(t, 2, m.split("\x00\x03rest"))
}

func TestParseCMap_Codespaces(t *testing.T) {
	// GBK-like: one byte below 0x81, two bytes from there.
	m := parseCMap([]byte("2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange"))
	assert.Equal(t, 1, m.split("A\x81\x40"))
	assert.Equal(t, 2, m.split("\x81\x40A"))
	// A byte that fits no range moves on by the shortest code length.
	assert.Equal(t, 1, m.split("\xff\xff"))
}

func TestParseCMap_Hostile(t *testing.T) {
	// A range over all codes stays a range instead of four billion
	// entries, and damaged input yields what was understood.
	m := parseCMap([]byte("1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange 1 beginbfchar <01> "))
	require.NotNil(t, m)
	got, ok := m.lookupUni(2)
	assert.True(t, ok)
	assert.Equal(t, "C", got)
	assert.Empty(t, m.uni)

	for _, in := range []string{"", "[", "<", "(", "beginbfrange", "1 beginbfrange <0000> [", "<<>> >> ] ] endbfrange"} {
		assert.NotPanics(t, func() { parseCMap([]byte(in)) }, "%q", in)
	}
}

func TestGlyphRune(t *testing.T) {
	for name, want := range map[string]rune{
		"A": 'A', "zero": '0', "uni6DC4": '淄', "u1D49C": '𝒜', "comma": ',', "a.sc": 'a', "period": '.',
	} {
		got, ok := glyphRune(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	for _, name := range []string{"g123", "cid456", "uniZZZZ", ".notdef"} {
		_, ok := glyphRune(name)
		assert.False(t, ok, name)
	}
}

func TestJoinWrapped(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"5419", "8"}, "54198"},   // a count wrapped in a narrow column
		{[]string{"564.", "82"}, "564.82"}, // and a decimal
		{[]string{"（二）部分公开（区分处理的，只计这", "一情形，不计其他情形）"}, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
		{[]string{"电话：0533-", "5271578"}, "电话：0533-5271578"},
		{[]string{"annual", "report"}, "annual report"},
		{[]string{"", " 0 ", ""}, "0"},
	} {
		assert.Equal(t, tc.want, joinWrapped(tc.in))
	}
}

// TestParseCMap_Destinations covers the destinations that dstText decodes
// by hand (utf16.Decode's rules, without its slices): a lone surrogate,
// an odd byte, a single byte, an empty string (the code maps to no text,
// which is not the same as unmapped), a glyph name, and what is neither.
func TestParseCMap_Destinations(t *testing.T) {
	m := parseCMap([]byte(`1 begincodespacerange <0000> <FFFF> endcodespacerange
9 beginbfchar
<0001> <D800>
<0002> <DC000041>
<0003> <00410042 43>
<0004> <41>
<0005> <>
<0006> /fi
<0007> 12
<0008> <D800D800>
<0009> <D83DDE00>
endbfchar
1 beginbfrange
<0010> <0012> [<0041> <> /A]
endbfrange`))
	cases := []struct {
		code uint32
		want string
		ok   bool
	}{
		{0x0001, "\uFFFD", true}, {0x0002, "\uFFFDA", true}, {0x0003, "AB", true},
		{0x0004, "A", true}, {0x0005, "", true}, {0x0006, "ﬁ", true}, {0x0007, "", false},
		{0x0008, "\uFFFD\uFFFD", true}, {0x0009, "😀", true},
		{0x0010, "A", true}, {0x0011, "", true}, {0x0012, "A", true},
	}
	for _, tc := range cases {
		got, ok := m.lookupUni(tc.code)
		assert.Equal(t, tc.ok, ok, "code %04X", tc.code)
		assert.Equal(t, tc.want, got, "code %04X", tc.code)
	}
}

// TestParseCMap_Allocs guards the scratch buffers of parseCMap: one
// string for each mapped code and the map's growth, where each entry
// took six allocations (hex bytes, UTF-16 units, runes, string).
func TestParseCMap_Allocs(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
	for k := 0; k < 5; k++ {
		sb.WriteString("100 beginbfchar\n")
		for i := 0; i < 100; i++ {
			fmt.Fprintf(&sb, "<%04X> <%04X>\n", k*100+i, 0x4E00+k*100+i)
		}
		sb.WriteString("endbfchar\n")
	}
	data := []byte(sb.String())
	require.Len(t, parseCMap(data).uni, 500)
	allocs := testing.AllocsPerRun(5, func() { parseCMap(data) })
	require.LessOrEqual(t, allocs, 500.0+60, "allocations of one parse")
}
