package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/internal/atomicfile"
)

// WriteZip writes the workbook to out so that the same workbook always
// gives the same bytes. excelize writes the parts of streamed sheets in map
// order, which changes from run to run, and it builds the whole file in
// memory. So the parts go straight to a scratch file beside out instead
// (excelize is handed a zip writer on it and writes nothing to its own
// buffer), and are then copied into out in a fixed order, compressed data
// as is. Entries carry no timestamps: archive/zip sets none unless asked.
// Other workbooks (the corpus store's dataset) are written by it too.
func WriteZip(f *excelize.File, out *atomicfile.File) error {
	return writeZip(f, out, nil)
}

// writeZip is WriteZip that also puts the rows of data in their sheets.
func writeZip(f *excelize.File, out *atomicfile.File, data []*sheetData) error {
	scratch, err := os.CreateTemp(filepath.Dir(out.Path), "."+filepath.Base(out.Path)+".parts-*")
	if err != nil {
		return err
	}
	defer func() {
		_ = scratch.Close()
		_ = os.Remove(scratch.Name())
	}()
	zw := zip.NewWriter(scratch)
	// Deflate at its fastest level: at the default level compression was
	// 30% of the CPU of a 10,000-report workbook (1.4 million data rows);
	// BestSpeed takes a fraction of that for a file about a fifth larger.
	// And with klauspost/compress rather than compress/flate: its fastest
	// level is 2.5 times as fast on a workbook's sheets (which were then
	// half the workbook's CPU) for a file as small; it makes other
	// compressed bytes of the same parts.
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	sz := &splicingZip{Writer: zw, data: map[string]*sheetData{}}
	for _, d := range data {
		sz.data[d.part] = d
	}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return sz })
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	if sz.err != nil {
		return sz.err
	}
	if len(sz.parts) != len(data) {
		return fmt.Errorf("%d of %d streamed sheets not written", len(data)-len(sz.parts), len(data))
	}
	size, err := scratch.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(scratch, size)
	if err != nil {
		return err
	}
	// The parts with rows of their own were left out of the scratch file:
	// they go from their spools into out, never copied twice, which for a
	// 10,000-report workbook was 140 MB more to write and read back.
	type entry struct {
		name string
		f    *zip.File
		p    *splice
	}
	var entries []entry
	for _, f := range zr.File {
		entries = append(entries, entry{name: f.Name, f: f})
	}
	for _, p := range sz.parts {
		entries = append(entries, entry{name: p.name, p: p})
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := partRank(entries[i].name), partRank(entries[j].name)
		if a != b {
			return a < b
		}
		return entries[i].name < entries[j].name
	})
	dst := zip.NewWriter(out)
	for _, e := range entries {
		if e.p != nil {
			err = writePart(dst, e.p)
		} else {
			err = dst.Copy(e.f)
		}
		if err != nil {
			return err
		}
	}
	return dst.Close()
}

// splicingZip is the zip writer excelize writes to. It keeps back the part
// of each sheet with rows of its own (sheetData), which writeZip writes
// as three runs of deflate blocks: what excelize wrote up to the end of
// the sheet's data (the header row included), the rows, compressed as
// they came, and the rest of what excelize wrote; a run ends on a byte,
// the last one with the final block. Such a part inflates to the same
// bytes as one compressed in one go, and the rows are never written out
// uncompressed.
type splicingZip struct {
	*zip.Writer
	data  map[string]*sheetData
	open  *bytes.Buffer // what excelize writes of the part being written, if it takes rows
	name  string
	parts []*splice
	err   error
}

// splice is a part with rows of its own: what excelize wrote before and
// after them.
type splice struct {
	name       string
	head, tail []byte
	d          *sheetData
}

func (z *splicingZip) Create(name string) (io.Writer, error) {
	if err := z.end(); err != nil {
		return nil, err
	}
	if z.data[name] != nil {
		z.open, z.name = &bytes.Buffer{}, name
		return z.open, nil
	}
	return z.Writer.Create(name)
}

func (z *splicingZip) Close() error {
	if err := z.end(); err != nil {
		return err
	}
	return z.Writer.Close()
}

// end keeps the part excelize was writing, if it takes rows, and keeps
// the first error: excelize does not look at every error of its writers.
func (z *splicingZip) end() error {
	if z.open == nil || z.err != nil {
		return z.err
	}
	xml := z.open.Bytes()
	z.open = nil
	i := bytes.Index(xml, dataEnd)
	if i < 0 {
		z.err = fmt.Errorf("%s: no end of the sheet's data", z.name)
		return z.err
	}
	z.parts = append(z.parts, &splice{name: z.name, head: xml[:i], tail: xml[i:], d: z.data[z.name]})
	return nil
}

// dataEnd is where a sheet's rows end.
var dataEnd = []byte("</sheetData>")

func writePart(zw *zip.Writer, p *splice) error {
	head, d, tail := p.head, p.d, p.tail
	if err := d.finish(); err != nil {
		return err
	}
	h, err := deflateRun(head, false)
	if err != nil {
		return err
	}
	t, err := deflateRun(tail, true)
	if err != nil {
		return err
	}
	crc := crc32.ChecksumIEEE(head)
	crc = crc32Combine(crc, d.crc, d.n)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	// As zip.Writer.Create would say it, but for the sizes and CRC, which
	// it would leave to the data descriptor as well.
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: p.name, Method: zip.Deflate, Flags: 0x8, CreatorVersion: 20, ReaderVersion: 20,
		CRC32:              crc,
		CompressedSize64:   uint64(len(h)) + uint64(d.out.size) + uint64(len(t)),
		UncompressedSize64: uint64(len(head)) + uint64(d.n) + uint64(len(tail)),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(h); err != nil {
		return err
	}
	if err := d.out.writeTo(w); err != nil {
		return err
	}
	_, err = w.Write(t)
	return err
}

// deflateRun compresses p as a run of deflate blocks that ends on a byte;
// final marks its last block as the stream's last.
func deflateRun(p []byte, final bool) ([]byte, error) {
	var b bytes.Buffer
	fw := newDeflater(&b)
	defer putDeflater(fw)
	if _, err := fw.Write(p); err != nil {
		return nil, err
	}
	var err error
	if final {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	return b.Bytes(), err
}

// crc32Combine returns the CRC-32 (IEEE) of a followed by b from that of
// a, that of b and the length of b, as zlib's crc32_combine does: the CRC
// of a is carried through len(b) zero bytes by squaring the matrix of one
// zero bit over GF(2), then the CRC of b is added.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	var even, odd [32]uint32 // matrices of 2^k zero bits
	odd[0] = 0xedb88320      // one zero bit: the reversed polynomial, then shifts
	for n, row := 1, uint32(1); n < 32; n, row = n+1, row<<1 {
		odd[n] = row
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four
	// Each pass squares once more (a byte, two, four…) and applies the
	// matrix where lenB has a bit.
	for {
		gf2Square(&even, &odd)
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		if lenB >>= 1; lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		if lenB >>= 1; lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(m *[32]uint32, v uint32) uint32 {
	var sum uint32
	for i := 0; v != 0; i, v = i+1, v>>1 {
		if v&1 != 0 {
			sum ^= m[i]
		}
	}
	return sum
}

func gf2Square(square, m *[32]uint32) {
	for n := range m {
		square[n] = gf2Times(m, m[n])
	}
}

// fastDeflaters reuses compressors across parts, as archive/zip does
// for its own: a workbook has hundreds of parts, and a new compressor
// each time is garbage of about a megabyte a part.
var fastDeflaters sync.Pool

func fastDeflate(w io.Writer) (io.WriteCloser, error) {
	return pooledDeflater{newDeflater(w)}, nil
}

// newDeflater returns a compressor at BestSpeed writing to w.
func newDeflater(w io.Writer) *flate.Writer {
	if fw, ok := fastDeflaters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw
	}
	fw, _ := flate.NewWriter(w, flate.BestSpeed) // an error only for a bad level
	return fw
}

func putDeflater(fw *flate.Writer) { fastDeflaters.Put(fw) }

// pooledDeflater gives its compressor back when the part is closed.
type pooledDeflater struct{ *flate.Writer }

func (p pooledDeflater) Close() error {
	err := p.Writer.Close()
	putDeflater(p.Writer)
	return err
}

// partRank puts the content types and package relationships first, where
// tools that sniff a file's type look for them.
func partRank(name string) int {
	switch name {
	case "[Content_Types].xml":
		return 0
	case "_rels/.rels":
		return 1
	}
	return 2
}
