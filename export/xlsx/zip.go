package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
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
	if sz.spliced != len(data) {
		return fmt.Errorf("%d of %d streamed sheets not written", len(data)-sz.spliced, len(data))
	}
	size, err := scratch.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(scratch, size)
	if err != nil {
		return err
	}
	entries := append([]*zip.File{}, zr.File...)
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := partRank(entries[i].Name), partRank(entries[j].Name)
		if a != b {
			return a < b
		}
		return entries[i].Name < entries[j].Name
	})
	dst := zip.NewWriter(out)
	for _, e := range entries {
		if err := dst.Copy(e); err != nil {
			return err
		}
	}
	return dst.Close()
}

// splicingZip is the zip writer excelize writes to. Into the part of each
// sheet with rows of its own (sheetData), it puts those rows where the
// sheet's data ends, after the header row that excelize wrote.
type splicingZip struct {
	*zip.Writer
	data    map[string]*sheetData
	open    *splicer // the part being written, if it takes rows
	spliced int
	err     error
}

func (z *splicingZip) Create(name string) (io.Writer, error) {
	if err := z.end(); err != nil {
		return nil, err
	}
	w, err := z.Writer.Create(name)
	if err != nil {
		return nil, err
	}
	if d := z.data[name]; d != nil {
		z.open = &splicer{w: w, data: d}
		return z.open, nil
	}
	return w, nil
}

func (z *splicingZip) Close() error {
	if err := z.end(); err != nil {
		return err
	}
	return z.Writer.Close()
}

// end finishes the part being written, and keeps the first error: excelize
// does not look at every error of its writers.
func (z *splicingZip) end() error {
	s := z.open
	if s == nil {
		return z.err
	}
	z.open = nil
	if z.err == nil && s.err != nil {
		z.err = s.err
	}
	if z.err == nil {
		if s.done {
			z.spliced++
		} else if _, err := s.w.Write(s.carry); err != nil {
			z.err = err
		}
	}
	return z.err
}

// dataEnd is where a sheet's rows end.
var dataEnd = []byte("</sheetData>")

// splicer passes a sheet's XML on and puts its rows before dataEnd. The
// XML comes in pieces, so the last bytes of one, which may be the start
// of dataEnd, wait for the next.
type splicer struct {
	w     io.Writer
	data  *sheetData
	carry []byte
	done  bool
	err   error
}

func (s *splicer) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.done {
		return s.w.Write(p)
	}
	buf := append(s.carry, p...)
	s.carry = nil
	if i := bytes.Index(buf, dataEnd); i >= 0 {
		s.done = true
		if _, s.err = s.w.Write(buf[:i]); s.err == nil {
			if s.err = s.data.writeTo(s.w); s.err == nil {
				_, s.err = s.w.Write(buf[i:])
			}
		}
		if s.err != nil {
			return 0, s.err
		}
		return len(p), nil
	}
	keep := max(0, len(buf)-len(dataEnd)+1)
	if _, s.err = s.w.Write(buf[:keep]); s.err != nil {
		return 0, s.err
	}
	s.carry = append([]byte{}, buf[keep:]...)
	return len(p), nil
}

// fastDeflaters reuses compressors across parts, as archive/zip does
// for its own: a workbook has hundreds of parts, and a new compressor
// each time is garbage of about a megabyte a part.
var fastDeflaters sync.Pool

func fastDeflate(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := fastDeflaters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooledDeflater{fw}, nil
	}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	return pooledDeflater{fw}, err
}

// pooledDeflater gives its compressor back when the part is closed.
type pooledDeflater struct{ *flate.Writer }

func (p pooledDeflater) Close() error {
	err := p.Writer.Close()
	fastDeflaters.Put(p.Writer)
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
