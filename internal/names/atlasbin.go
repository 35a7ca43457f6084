package names

import (
	_ "embed"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The divisions are loaded from a form made ahead of time (data/atlas.bin)
// rather than parsed from the TSV files on every start: parsing,
// shortening 45,000 names and hashing them took 20 ms, half of the CPU
// of a cold `nianbao check` of one report. The form holds the atlas as
// parseAtlas builds it, index for index, so that lookups give the same
// answers in the same order; its strings are slices of the embedded
// bytes, so loading copies no text. TestAtlasBin fails when it no longer
// matches the TSV files; regenerate it with go generate. Its name tables
// are not copied either: lookups read them where they lie (frozenTable),
// as fast as from slices.
//
//go:generate go test -run TestAtlasBin -update .

//go:embed data/atlas.bin
var atlasBin string

const atlasMagic = "nianbao atlas 1\n"

// atlasWriter lays an atlas out as little-endian uint32s after a region
// holding every distinct string once.
type atlasWriter struct {
	strs []byte
	at   map[string]uint32
	nums []uint32
}

func (w *atlasWriter) u(v int)   { w.nums = append(w.nums, uint32(v)) }
func (w *atlasWriter) i(v int32) { w.nums = append(w.nums, uint32(v)) }

func (w *atlasWriter) str(s string) {
	off, ok := w.at[s]
	if !ok {
		off = uint32(len(w.strs))
		w.strs = append(w.strs, s...)
		w.at[s] = off
	}
	w.u(int(off))
	w.u(len(s))
}

func (w *atlasWriter) table(t *nameTable) {
	if t.frozen != nil {
		t = t.frozen.thaw()
	}
	w.u(len(t.slots))
	for _, v := range t.slots {
		w.i(v)
	}
	w.u(len(t.key))
	for e := range t.key {
		w.str(t.key[e])
		w.i(t.val[e])
		w.i(t.next[e])
	}
}

// encodeAtlas is the form loaded by decodeAtlas.
func encodeAtlas(a *atlas) []byte {
	if a.lazy != nil {
		a.fillAll()
	}
	w := &atlasWriter{at: map[string]uint32{}}
	n := a.size()
	index := make(map[*Division]int32, n)
	for i := range n {
		index[a.div(int32(i))] = int32(i)
	}
	w.u(n)
	var kids []int32
	for i := range n {
		d := a.div(int32(i))
		w.str(d.Code)
		w.str(d.Name)
		w.str(d.short)
		w.u(d.Level)
		nbs := 0
		if d.nbsOnly {
			nbs = 1
		}
		w.u(nbs)
		parent := int32(-1)
		if d.Parent != nil {
			parent = index[d.Parent]
		}
		w.i(parent)
		w.u(len(kids))
		for _, k := range d.children {
			kids = append(kids, index[k])
		}
		w.u(len(kids))
	}
	w.u(len(kids))
	for _, k := range kids {
		w.i(k)
	}
	byCode := a.byCode.all()
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	w.u(len(codes))
	for _, c := range codes {
		w.str(c)
		w.i(byCode[c])
	}
	w.table(a.byName)
	w.u(a.formerCount())
	for i := range a.formerCount() {
		f := a.former(int32(i))
		w.str(f.code)
		w.str(f.name)
		w.str(f.next)
	}
	w.table(a.formerNames)
	w.table(a.formerCodes)
	w.u(a.maxLen)

	out := []byte(atlasMagic)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(w.strs)))
	out = append(out, w.strs...)
	for _, v := range w.nums {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	return out
}

// atlasReader reads what atlasWriter wrote. The form is made by this
// package and checked by its test, so a malformed one is a build error:
// it panics, at the first use of the place names.
type atlasReader struct {
	strs string
	nums string
	at   int // the next number's offset in nums: an index, not a
	// re-slice, so that reading writes no pointer
}

func (r *atlasReader) u() int {
	s := r.nums[r.at : r.at+4]
	r.at += 4
	return int(uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24)
}

func (r *atlasReader) i() int32 { return int32(r.u()) }

func (r *atlasReader) str() string {
	off := r.u()
	return r.strs[off : off+r.u()]
}

// table returns the name table at the reader's place, read in place
// (see frozenTable), and moves past it.
func (r *atlasReader) table() *nameTable {
	f := &frozenTable{nums: unsafe.Slice(unsafe.StringData(r.nums), len(r.nums)), strs: r.strs}
	n := r.u()
	f.mask = uint32(n - 1)
	f.slots = r.at
	r.at += 4 * n
	f.entries = r.u()
	f.at = r.at
	r.at += 16 * f.entries
	return &nameTable{frozen: f}
}

// codeIndex finds a division by its code: a map in an atlas parsed from
// the TSV files, the sorted list atlasWriter wrote in one loaded from
// atlas.bin, searched where it lies. Filling a map of the 3,600 codes
// was a tenth of loading the atlas in every process that reads place
// names, for the few codes a report looks up.
type codeIndex struct {
	m map[string]int32
	f *frozenCodes
}

func (c *codeIndex) get(code string) (int32, bool) {
	if c.f != nil {
		return c.f.get(code)
	}
	i, ok := c.m[code]
	return i, ok
}

// all returns every code and its division's index.
func (c *codeIndex) all() map[string]int32 {
	if c.f == nil {
		return c.m
	}
	m := make(map[string]int32, c.f.n)
	for k := range c.f.n {
		m[c.f.code(k)] = c.f.index(k)
	}
	return m
}

// frozenCodes is the sorted list of codes as atlasWriter laid it out:
// for each, its string (offset, length) and its division's index.
type frozenCodes struct {
	nums, strs string
	at, n      int // offset of the first entry in nums; entries
}

func (f *frozenCodes) u(off int) uint32 {
	s := f.nums[off : off+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func (f *frozenCodes) code(k int) string {
	off := int(f.u(f.at + 12*k))
	return f.strs[off : off+int(f.u(f.at+12*k+4))]
}

func (f *frozenCodes) index(k int) int32 { return int32(f.u(f.at + 12*k + 8)) }

func (f *frozenCodes) get(code string) (int32, bool) {
	k, ok := sort.Find(f.n, func(k int) int { return strings.Compare(code, f.code(k)) })
	if !ok {
		return 0, false
	}
	return f.index(k), true
}

// frozenTable is a nameTable as atlasWriter laid it out, used where it
// lies in the embedded data: a lookup reads the few slots and entries it
// probes, and loading allocates nothing and touches no page of it.
type frozenTable struct {
	nums    []byte // aliases the embedded string: read, never written
	strs    string
	slots   int // offset of the slots in nums
	at      int // offset of the entries (key offset, key length, value, next)
	entries int
	mask    uint32
}

func (f *frozenTable) u(off int) uint32 { return binary.LittleEndian.Uint32(f.nums[off:]) }

func (f *frozenTable) slot(i uint32) int32 { return int32(f.u(f.slots + 4*int(i))) }

func (f *frozenTable) key(e int32) string {
	off := int(f.u(f.at + 16*int(e)))
	return f.strs[off : off+int(f.u(f.at+16*int(e)+4))]
}

func (f *frozenTable) val(e int32) int32  { return int32(f.u(f.at + 16*int(e) + 8)) }
func (f *frozenTable) next(e int32) int32 { return int32(f.u(f.at + 16*int(e) + 12)) }

// find returns the index of k's slot, as nameTable.slot.
func (f *frozenTable) find(k string) uint32 {
	i := fnv1a(k) & f.mask
	for {
		e := f.slot(i)
		if e == 0 || f.key(e-1) == k {
			return i
		}
		i = (i + 1) & f.mask
	}
}

// thaw copies f into an ordinary table (for the test's round trip).
func (f *frozenTable) thaw() *nameTable {
	t := &nameTable{slots: make([]int32, f.mask+1), mask: f.mask}
	for i := range t.slots {
		t.slots[i] = f.slot(uint32(i))
	}
	for e := range int32(f.entries) {
		t.key = append(t.key, f.key(e))
		t.val = append(t.val, f.val(e))
		t.next = append(t.next, f.next(e))
	}
	return t
}

func decodeAtlas(bin string) *atlas {
	if len(bin) < len(atlasMagic)+4 || bin[:len(atlasMagic)] != atlasMagic {
		panic("names: data/atlas.bin is not an atlas: run go generate ./internal/names")
	}
	bin = bin[len(atlasMagic):]
	r := &atlasReader{nums: bin}
	n := r.u()
	r.strs, r.nums, r.at = bin[4:4+n], bin[4+n:], 0
	n = r.u()
	a := &atlas{}
	// The divisions are made and filled in as they are first reached
	// (see lazy): a report reaches a few hundred of the 45,000, and the
	// pages of all that no one reaches stay untouched in the binary.
	l := &lazy{r: *r, recs: r.at, n: n, blocks: make([]atomic.Pointer[divBlock], (n+divBlockSize-1)/divBlockSize)}
	r.at += divisionWords * 4 * n
	nk := r.u()
	l.kids = r.at
	r.at += 4 * nk
	a.lazy = l
	nc := r.u()
	a.byCode.f = &frozenCodes{nums: r.nums, strs: r.strs, at: r.at, n: nc}
	r.at += 12 * nc
	a.byName = r.table()
	// The out-of-use names are read where they lie, too (see former).
	l.nformers = r.u()
	l.formers = r.at
	r.at += formerWords * 4 * l.nformers
	a.formerNames = r.table()
	a.formerCodes = r.table()
	a.maxLen = r.u()
	return a
}

// divisionWords is the size of a division's record, in uint32s: code,
// name and short form (offset and length each), level, NBS-only, parent,
// first and end of its children in the list of children.
const divisionWords = 11

// formerWords is the size of a former's record, in uint32s: code, name
// and the codes that replaced it (offset and length each).
const formerWords = 6

// lazy makes and fills in the divisions of an atlas loaded from
// atlas.bin. Each division is its own allocation, made when it is first
// reached (or named as a parent or child of one reached), found through
// blocks of divBlockSize pointers: one array of all 45,000 (4.7 MB,
// zero and untouched until filled) put each division a report reaches
// on a page of its own, about 190 fresh pages of memory (a tenth of the
// page faults of checking a report) for a few hundred divisions.
type lazy struct {
	mu     sync.Mutex
	r      atlasReader // a copy; its place is set under mu
	recs   int         // offset of the first record in r.nums
	kids   int         // offset of the list of children
	n      int         // divisions
	blocks []atomic.Pointer[divBlock]
	// formers is the offset of the first out-of-use name's record,
	// nformers how many there are.
	formers, nformers int
}

// divBlockSize is how many consecutive divisions a divBlock holds.
const divBlockSize = 64

// divBlock holds the divisions at divBlockSize consecutive indexes: d is
// set (under lazy.mu) when a division is first named, done when it is
// filled in; d is read without the lock only once done is seen.
type divBlock struct {
	d    [divBlockSize]*Division
	done [divBlockSize]atomic.Bool
}

// slot returns the division at i, made but perhaps not filled in, and
// its block; lazy.mu is held.
func (l *lazy) slot(i int32) (*Division, *divBlock) {
	p := &l.blocks[i/divBlockSize]
	b := p.Load()
	if b == nil {
		b = new(divBlock)
		p.Store(b)
	}
	d := b.d[i%divBlockSize]
	if d == nil {
		d = new(Division)
		b.d[i%divBlockSize] = d
	}
	return d, b
}

// size is the number of divisions.
func (a *atlas) size() int {
	if a.lazy != nil {
		return a.lazy.n
	}
	return len(a.all)
}

// div returns the division at i, filled in.
func (a *atlas) div(i int32) *Division {
	l := a.lazy
	if l == nil {
		return &a.all[i]
	}
	if b := l.blocks[i/divBlockSize].Load(); b != nil && b.done[i%divBlockSize].Load() {
		return b.d[i%divBlockSize]
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return a.fill(i)
}

// names returns the code, name and short form of the division at i
// without filling it in.
func (a *atlas) names(i int32) (code, name, short string) {
	l := a.lazy
	if l == nil {
		d := &a.all[i]
		return d.Code, d.Name, d.short
	}
	r := atlasReader{strs: l.r.strs, nums: l.r.nums, at: l.recs + 4*divisionWords*int(i)}
	return r.str(), r.str(), r.str()
}

// fill fills in the division at i and those above it, and returns it;
// lazy.mu is held.
func (a *atlas) fill(i int32) *Division {
	l := a.lazy
	d, b := l.slot(i)
	if b.done[i%divBlockSize].Load() {
		return d
	}
	l.r.at = l.recs + 4*divisionWords*int(i)
	d.Code, d.Name, d.short = l.r.str(), l.r.str(), l.r.str()
	d.Level = l.r.u()
	d.nbsOnly = l.r.u() != 0
	p := l.r.i()
	lo, hi := l.r.u(), l.r.u()
	d.kids = [2]int32{int32(lo), int32(hi)}
	if hi > lo {
		d.children = make([]*Division, hi-lo)
		l.r.at = l.kids + 4*lo
		for k := range d.children {
			d.children[k], _ = l.slot(l.r.i())
		}
	}
	if p >= 0 {
		d.Parent = a.fill(p)
	}
	b.done[i%divBlockSize].Store(true)
	return d
}

// fillAll fills in every division (for the tests and encodeAtlas).
func (a *atlas) fillAll() {
	for i := range a.size() {
		a.div(int32(i))
	}
}

// formerCount is the number of out-of-use names.
func (a *atlas) formerCount() int {
	if a.lazy != nil {
		return a.lazy.nformers
	}
	return len(a.formers)
}

// former returns the out-of-use name at i.
func (a *atlas) former(i int32) former {
	l := a.lazy
	if l == nil {
		return a.formers[i]
	}
	r := atlasReader{strs: l.r.strs, nums: l.r.nums, at: l.formers + 4*formerWords*int(i)}
	return former{code: r.str(), name: r.str(), next: r.str()}
}

// children returns d's children, filled in.
func (a *atlas) children(d *Division) []*Division {
	if l := a.lazy; l != nil {
		for k := d.kids[0]; k < d.kids[1]; k++ {
			b := l.r.nums[l.kids+4*int(k):]
			a.div(int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24))
		}
	}
	return d.children
}
