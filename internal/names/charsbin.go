package names

import (
	_ "embed"
	"encoding/binary"
	"slices"
	"unsafe"
)

// The character tables are loaded from a form made ahead of time
// (data/chars.bin) rather than parsed from the Unihan and curated TSV
// files at first use: parsing them took 5 ms and 11,000 allocations, a
// quarter of the CPU of a cold `nianbao check` once the place names came
// ready-made. Lookups search the sorted records where they lie, so
// loading costs nothing. TestCharsBin fails when the form no longer
// matches the TSV files; regenerate it with go generate.
//
//go:generate go test -run TestCharsBin -update .

//go:embed data/chars.bin
var charsBin string

const charsMagic = "nianbao chars 1\n"

// Records, in uint32s: a glyph (rune, strokes, residual, tone, then
// radical, corner, cangjie and syllable as offset and length); a rune's
// stroke groups (rune, first and end in the list of groups); a rune's
// homophones (rune, offset and length).
const (
	glyphWords = 12
	groupWords = 3
	toneWords  = 3
)

func encodeChars(t *charTables) []byte {
	w := &atlasWriter{at: map[string]uint32{}}
	keys := func(m map[rune]string) []rune {
		out := make([]rune, 0, len(m))
		for r := range m {
			out = append(out, r)
		}
		slices.Sort(out)
		return out
	}
	runes := make([]rune, 0, len(t.glyphs))
	for r := range t.glyphs {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	w.u(len(runes))
	for _, r := range runes {
		g := t.glyphs[r]
		w.u(int(r))
		w.u(g.strokes)
		w.u(g.residual)
		w.u(int(g.tone))
		w.str(g.radical)
		w.str(g.corner)
		w.str(g.cangjie)
		w.str(g.syllable)
	}
	runes = runes[:0]
	for r := range t.strokeGroups {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	w.u(len(runes))
	var groups []int32
	for _, r := range runes {
		w.u(int(r))
		w.u(len(groups))
		groups = append(groups, t.strokeGroups[r]...)
		w.u(len(groups))
	}
	w.u(len(groups))
	for _, g := range groups {
		w.i(g)
	}
	for _, m := range []map[rune]string{t.sameTone, t.otherTone} {
		rs := keys(m)
		w.u(len(rs))
		for _, r := range rs {
			w.u(int(r))
			w.str(m[r])
		}
	}
	out := []byte(charsMagic)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(w.strs)))
	out = append(out, w.strs...)
	for _, v := range w.nums {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	return out
}

// frozenChars is charTables read where they lie in chars.bin.
type frozenChars struct {
	nums []byte // aliases the embedded string: read, never written
	strs string
	// offsets in nums and counts of the sorted record lists
	glyphs, nGlyphs int
	groups, nGroups int
	groupList       int
	same, nSame     int
	other, nOther   int
}

func decodeChars(bin string) *frozenChars {
	if len(bin) < len(charsMagic)+4 || bin[:len(charsMagic)] != charsMagic {
		panic("names: data/chars.bin is not the character tables: run go generate ./internal/names")
	}
	bin = bin[len(charsMagic):]
	n := int(binary.LittleEndian.Uint32([]byte(bin[:4])))
	f := &frozenChars{strs: bin[4 : 4+n]}
	nums := bin[4+n:]
	f.nums = unsafe.Slice(unsafe.StringData(nums), len(nums))
	at := 0
	next := func(words int) (int, int) {
		count := int(f.u(at))
		start := at + 4
		at = start + 4*words*count
		return start, count
	}
	f.glyphs, f.nGlyphs = next(glyphWords)
	f.groups, f.nGroups = next(groupWords)
	f.groupList, _ = next(1)
	f.same, f.nSame = next(toneWords)
	f.other, f.nOther = next(toneWords)
	return f
}

func (f *frozenChars) u(off int) uint32 { return binary.LittleEndian.Uint32(f.nums[off:]) }

func (f *frozenChars) str(off int) string {
	o := int(f.u(off))
	return f.strs[o : o+int(f.u(off+4))]
}

// find returns the offset of r's record in the sorted list at start of
// n records of words uint32s each, or -1.
func (f *frozenChars) find(start, n, words int, r rune) int {
	// sort.Search written out: its call of a closure at each step was
	// most of the cost of Confusable's seven look-ups.
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if rune(f.u(start+4*words*h)) < r {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < n && rune(f.u(start+4*words*i)) == r {
		return start + 4*words*i
	}
	return -1
}

func (f *frozenChars) glyph(r rune) (glyph, bool) {
	at := f.find(f.glyphs, f.nGlyphs, glyphWords, r)
	if at < 0 {
		return glyph{}, false
	}
	return glyph{
		strokes: int(int32(f.u(at + 4))), residual: int(int32(f.u(at + 8))), tone: byte(f.u(at + 12)),
		radical: f.str(at + 16), corner: f.str(at + 24), cangjie: f.str(at + 32), syllable: f.str(at + 40),
	}, true
}

// groupsOf returns where r's stroke groups lie in the list of groups.
func (f *frozenChars) groupsOf(r rune) (lo, hi int) {
	at := f.find(f.groups, f.nGroups, groupWords, r)
	if at < 0 {
		return 0, 0
	}
	return int(f.u(at + 4)), int(f.u(at + 8))
}

func (f *frozenChars) group(k int) int32 { return int32(f.u(f.groupList + 4*k)) }

func (f *frozenChars) tone(start, n int, r rune) string {
	at := f.find(start, n, toneWords, r)
	if at < 0 {
		return ""
	}
	return f.str(at + 4)
}
