package xlsx

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"sort"

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
