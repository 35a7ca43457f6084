//go:build unix

package input

import (
	"bytes"
	"context"
	"os"
	"runtime/debug"
	"syscall"

	"github.com/nianbao/nianbao/extract"
)

// mapFrom is the size from which a PDF is mapped rather than read.
const mapFrom = 64 << 10

// readMapped extracts the document of f, a regular file of size bytes
// that is a PDF, from a read-only mapping of it instead of a copy on the
// heap: reading a 300 KB report copied it into 73 fresh pages, a tenth
// of the page faults of a reader process that reads one file, and the
// copy itself was 1% of the CPU of checking it. A PDF's document keeps
// nothing of its bytes (its text and blocks are made anew), so the
// mapping is gone when this returns. ok is false, and nothing was
// done, when f is smaller than mapFrom, is not a PDF or cannot be
// mapped: the caller reads it.
//
// A file cut short while mapped makes reading past its new end a fault:
// the runtime turns it into a panic (debug.SetPanicOnFault), which the
// PDF reader reports as a malformed file, where a copy would have been
// read short and reported as whatever its bytes made of it.
func readMapped(ctx context.Context, f *os.File, path string, size int64, lim extract.Limits) (doc *extract.Document, err error, ok bool) {
	src, ok := mapPDF(f, path, size)
	if !ok {
		return nil, nil, false
	}
	defer syscall.Munmap(src)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	doc, err = bytesOwned(ctx, path, src, lim, false)
	return doc, err, true
}

// mapPDF maps f, of size bytes, when it is a PDF of mapFrom bytes or
// more; the caller unmaps it.
func mapPDF(f *os.File, path string, size int64) ([]byte, bool) {
	if size < mapFrom || int64(int(size)) != size {
		return nil, false
	}
	var head [1024]byte
	n, _ := f.ReadAt(head[:], 0)
	if !bytes.Contains(head[:n], []byte("%PDF-")) {
		return nil, false
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, false
	}
	var src []byte
	var merr error
	if err := rc.Control(func(fd uintptr) {
		src, merr = syscall.Mmap(int(fd), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	}); err != nil || merr != nil {
		return nil, false
	}
	if Sniff(path, src) != PDF {
		_ = syscall.Munmap(src)
		return nil, false
	}
	return src, true
}
