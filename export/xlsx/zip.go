package xlsx

import (
	"archive/zip"
	"compress/flate"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

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
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if err := f.Write(io.Discard); err != nil {
		return err
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
