package cross

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/varbuf"
	"github.com/nianbao/nianbao/normalize"
)

// Digest is a report in the form Check works on: what the rules read of
// a Report and nothing more, so that a batch of ten thousand reports
// stays small. It holds who and when, and the cells the rules can count
// (a number, blank or dash: those Cell.Num reads) packed as their key
// numbers, values and places (see packCells); and the yearly sections,
// the only ones CR103 compares. Made with a Store, it keeps the packed
// cells and the texts there and reads them back when a rule needs them:
// a few hundred bytes of memory a report.
type Digest struct {
	path, agencyName, template string
	year                       int
	ag                         agency
	summary                    bool   // the title speaks for the whole area (summaryTitle)
	packed                     []byte // the packed cells, when held
	cellsAt                    int64  // else where the store has them
	cellsLen                   int32
	sections                   []section // the yearly sections, in the report's order
	store                      Store
}

// cell is a cell Num reads: its value (0 for blank and dash) and where
// it stands, 1-based, 0 unknown.
type cell struct {
	v               float64
	line, col, page int32
	key             uint32
}

// section is a yearly section: its text, or where the Store keeps it.
type section struct {
	key  string
	line int32
	n    int32
	off  int64
	text string
}

// A Store keeps what digests leave out of memory: Put writes b and says
// at what offset ReadAt finds it.
type Store interface {
	io.ReaderAt
	Put(b []byte) (off int64, err error)
}

// Path is the report's path, as findings name it.
func (d *Digest) Path() string { return d.path }

// keys numbers the cell keys of every digest, so that a cell takes a
// number instead of a string, and the table each belongs to.
var keys struct {
	sync.RWMutex
	id    map[string]uint32
	name  []string
	table []string
}

// keyID numbers key, the first time it is seen.
func keyID(key string) uint32 {
	keys.RLock()
	id, ok := keys.id[key]
	keys.RUnlock()
	if ok {
		return id
	}
	keys.Lock()
	defer keys.Unlock()
	if id, ok := keys.id[key]; ok {
		return id
	}
	if keys.id == nil {
		keys.id = map[string]uint32{}
	}
	id = uint32(len(keys.name))
	keys.id[key] = id
	keys.name = append(keys.name, key)
	t, _, _ := strings.Cut(key, ".")
	keys.table = append(keys.table, t)
	return id
}

// lookupID is the number of key; ok is false for a key no digest holds.
func lookupID(key string) (uint32, bool) {
	keys.RLock()
	defer keys.RUnlock()
	id, ok := keys.id[key]
	return id, ok
}

func keyName(id uint32) string {
	keys.RLock()
	defer keys.RUnlock()
	return keys.name[id]
}

func keyTable(id uint32) string {
	keys.RLock()
	defer keys.RUnlock()
	return keys.table[id]
}

// newDigest starts the digest of a report of agency (in region) for year.
func newDigest(path, title, agencyName, region, template string, year int) *Digest {
	// The name may be a slice of the report's text: a copy keeps the
	// text from staying in memory with the digest.
	d := &Digest{path: path, agencyName: strings.Clone(agencyName), template: template, year: year, summary: summaryTitle.MatchString(title)}
	code, name := place(region, agencyName)
	d.ag = agency{division: strings.Clone(code)}
	if code != "" {
		d.ag.key = code + "|" + name
		d.ag.government = isGovernment(name)
	}
	return d
}

// Digest is r in the form Check works on, held in memory.
func (r *Report) Digest() *Digest {
	d := newDigest(r.Path, r.Title, r.Agency, r.Region, r.Template, r.Year)
	cells := make([]cell, 0, len(r.Cells))
	for k, c := range r.Cells {
		if v, ok := c.Num(); ok {
			cells = append(cells, cell{v: v, line: int32(c.Line), col: int32(c.Column), page: int32(c.Page), key: keyID(k)})
		}
	}
	d.packed = packCells(cells)
	yearly := yearlySections()
	for _, s := range r.Sections {
		if yearly[s.Key] {
			d.sections = append(d.sections, section{key: s.Key, line: int32(s.Line), text: s.Text})
		}
	}
	return d
}

// DigestOf is Of(rep, path).Digest() made straight from rep. With store
// set, the packed cells and the sections' texts go to it instead of
// memory.
func DigestOf(rep *normalize.Report, path string, store Store) (*Digest, error) {
	doc := rep.Doc
	d := newDigest(path, rep.Title.Value, rep.Agency.Value, rep.Region.Code, rep.Template, rep.Year)
	// Text, HTML and DOCX have no pages: no need to find each cell's block.
	paged := slices.ContainsFunc(doc.Blocks, func(b extract.Block) bool { return b.Page != 0 })
	cells := make([]cell, 0, len(rep.Cells))
	// The keys are numbered under one lock for the report, not one a
	// cell; a key seen for the first time is numbered after.
	var unseen []int
	var unseenKeys []string
	keys.RLock()
	for k, c := range rep.Cells {
		v, ok := c.Num()
		if !ok {
			continue
		}
		line, col := doc.LineCol(c.Span.Start)
		page := 0
		if paged {
			page = doc.Position(c.Span.Start).Page
		}
		id, seen := keys.id[k]
		if !seen {
			unseen, unseenKeys = append(unseen, len(cells)), append(unseenKeys, k)
		}
		cells = append(cells, cell{v: v, line: int32(line), col: int32(col), page: int32(page), key: id})
	}
	keys.RUnlock()
	for i, at := range unseen {
		cells[at].key = keyID(unseenKeys[i])
	}
	d.packed = packCells(cells)
	if store != nil {
		off, err := store.Put(d.packed)
		if err != nil {
			return nil, err
		}
		d.cellsAt, d.cellsLen, d.packed = off, int32(len(d.packed)), nil
	}
	yearly := yearlySections()
	for _, s := range rep.Sections {
		if s.Missing || !yearly[s.Key] {
			continue
		}
		line, _ := doc.LineCol(s.Span.Start)
		sec := section{key: s.Key, line: int32(line), text: doc.Slice(s.Body)}
		if store != nil && sec.text != "" {
			off, err := store.Put([]byte(sec.text))
			if err != nil {
				return nil, err
			}
			sec.off, sec.n, sec.text = off, int32(len(sec.text)), ""
		}
		d.sections = append(d.sections, sec)
	}
	d.store = store
	return d, nil
}

// text is the text of s, read back from the Store when not held.
func (d *Digest) text(s section) (string, error) {
	if s.n == 0 {
		return s.text, nil
	}
	b := make([]byte, s.n)
	if _, err := d.store.ReadAt(b, s.off); err != nil {
		return "", fmt.Errorf("cross: %s: read back section %s: %w", d.path, s.key, err)
	}
	return string(b), nil
}

// cells unpacks the cells, read back from the Store when not held.
func (d *Digest) cells() (cells, error) { return d.cellsInto(nil) }

// cellsInto is cells reusing buf.
func (d *Digest) cellsInto(buf cells) (cells, error) {
	b := d.packed
	if b == nil && d.cellsLen > 0 {
		b = make([]byte, d.cellsLen)
		if _, err := d.store.ReadAt(b, d.cellsAt); err != nil {
			return nil, fmt.Errorf("cross: %s: read back cells: %w", d.path, err)
		}
	}
	cs, err := unpackCells(b, buf)
	if err != nil {
		return nil, fmt.Errorf("cross: %s: %w", d.path, err)
	}
	return cs, nil
}

// cells are a report's cells, sorted by key number.
type cells []cell

// find is the cell of key number id.
func (cs cells) find(id uint32) (cell, bool) {
	i, ok := slices.BinarySearchFunc(cs, id, func(c cell, id uint32) int { return int(c.key) - int(id) })
	if !ok {
		return cell{}, false
	}
	return cs[i], true
}

// cell is the cell of key, when Num reads it.
func (cs cells) cell(key string) (cell, bool) {
	id, ok := lookupID(key)
	if !ok {
		return cell{}, false
	}
	return cs.find(id)
}

// num is Report.Cells[key].Num().
func (cs cells) num(key string) (float64, bool) {
	c, ok := cs.cell(key)
	return c.v, ok
}

// packCells writes cells in key order, each as varints: its key number
// less the last one's; its value, an integer doubled (zigzag) or 1
// followed by the float's 8 bytes; its line less the last one's; its
// column and its page. About five bytes a cell where the unpacked form
// takes 24: most values are small counts and the lines of one table
// follow each other.
func packCells(cs []cell) []byte {
	// Sorted as integers, key and index in one, the cells staying where
	// they are: a third of the time of sorting the cells themselves by
	// a function, which was a third of making a digest.
	order := make([]uint64, len(cs))
	for i, c := range cs {
		order[i] = uint64(c.key)<<32 | uint64(i)
	}
	slices.Sort(order)
	b := make([]byte, 0, 6*len(cs))
	b = binary.AppendUvarint(b, uint64(len(cs)))
	var key uint32
	var line int32
	for _, o := range order {
		c := &cs[uint32(o)]
		b = binary.AppendUvarint(b, uint64(c.key-key))
		key = c.key
		if i := int64(c.v); float64(i) == c.v && i > -1<<52 && i < 1<<52 && !(c.v == 0 && math.Signbit(c.v)) {
			b = binary.AppendUvarint(b, uint64(i<<1^i>>63)<<1)
		} else {
			b = binary.AppendUvarint(b, 1)
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.v))
		}
		b = binary.AppendVarint(b, int64(c.line-line))
		line = c.line
		b = binary.AppendVarint(b, int64(c.col))
		b = binary.AppendVarint(b, int64(c.page))
	}
	return b
}

var errPacked = errors.New("malformed packed cells")

// unpackCells reads what packCells wrote, into buf when it has room.
func unpackCells(b []byte, buf cells) (cells, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := varbuf.Reader{B: b, Bad: errPacked}
	n := r.Uint()
	if n > uint64(len(b)) {
		return nil, errPacked
	}
	cs := slices.Grow(buf[:0], int(n))[:n]
	var key uint32
	var line int32
	for i := range cs {
		c := &cs[i]
		key += uint32(r.Uint())
		c.key = key
		if x := r.Uint(); x&1 == 0 {
			u := x >> 1
			c.v = float64(int64(u>>1) ^ -int64(u&1))
		} else {
			c.v = r.Float64()
		}
		line += int32(r.Int())
		c.line = line
		c.col = int32(r.Int())
		c.page = int32(r.Int())
	}
	if r.Err != nil || len(r.B) > 0 {
		return nil, errPacked
	}
	return cs, nil
}
