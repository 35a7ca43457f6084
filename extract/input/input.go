package input

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/extract/html"
	"github.com/nianbao/nianbao/extract/ocr"
	"github.com/nianbao/nianbao/extract/pdf"
	"github.com/nianbao/nianbao/extract/txt"
)

// Format is a sniffed content type.
type Format string

const (
	Text    Format = "text"
	HTML    Format = "html"
	DOCX    Format = "docx"
	PDF     Format = "pdf"
	DOC     Format = "doc" // legacy Word (OLE2); unsupported
	WPS     Format = "wps" // WPS Office document; unsupported
	OFD     Format = "ofd" // OFD (GB/T 33190) archive; unsupported
	Zip     Format = "zip" // another zip archive
	Image   Format = "image"
	Binary  Format = "binary"
	Unknown Format = ""
)

// Sniff decides the format of src from its content. name is used only to
// tell the legacy formats that share the OLE2 container apart.
func Sniff(name string, src []byte) Format {
	head := src[:min(len(src), 4096)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")) || bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if strings.HasSuffix(strings.ToLower(name), ".wps") {
			return WPS
		}
		return DOC
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		switch {
		case bytes.Contains(src, []byte("word/document.xml")):
			return DOCX
		case bytes.Contains(src, []byte("OFD.xml")):
			return OFD
		}
		return Zip
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return Image
	}
	var buf [4096]byte
	lower := lowerASCII(buf[:0], head)
	for _, tag := range []string{"<!doctype html", "<html", "<body", "<table", "<meta", "<div", "<p>", "<p "} {
		if bytes.Contains(lower, []byte(tag)) {
			return HTML
		}
	}
	return Text
}

// lowerASCII appends to out what bytes.ToLower makes of head, as far as
// finding an ASCII tag in it goes: ASCII letters lowered, and the two
// runes whose lower case is ASCII, U+0130 (İ, to i) and U+212A (the
// Kelvin sign, to k), written as that letter. Other bytes stay as they
// are: ToLower may change them, but never into ASCII, so that no tag
// is found in one and not the other. ToLower decoded and mapped every
// rune of the 4 KB, a tenth of reading a text report.
func lowerASCII(out, head []byte) []byte {
	for i := 0; i < len(head); i++ {
		c := head[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xC4 && i+1 < len(head) && head[i+1] == 0xB0:
			c, i = 'i', i+1
		case c == 0xE2 && i+2 < len(head) && head[i+1] == 0x84 && head[i+2] == 0xAA:
			c, i = 'k', i+2
		}
		out = append(out, c)
	}
	return out
}

// Read reads path and extracts its document.
func Read(ctx context.Context, path string, lim extract.Limits) (*extract.Document, error) {
	return ReadAs(ctx, path, path, lim)
}

// ReadAs reads the file at file and extracts its document, naming it path
// in the document and in every error: a batch shows paths relative to the
// folder it was given, not where the machine keeps them.
func ReadAs(ctx context.Context, file, path string, lim extract.Limits) (*extract.Document, error) {
	lim = lim.OrDefault()
	if err := Check(file, path); err != nil {
		return nil, err
	}
	// Non-blocking, in case a pipe took the file's place since.
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &extract.Error{Path: path, Err: unwrapPathError(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &extract.Error{Path: path, Err: unwrapPathError(err)}
	}
	if err := extract.CheckRegular(st.Mode()); err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	// Refuse an oversized file before reading a byte of it.
	if st.Mode().IsRegular() && st.Size() > lim.MaxBytes {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: %d bytes > %d (see --max-bytes)", extract.ErrTooLarge, st.Size(), lim.MaxBytes)}
	}
	if st.Mode().IsRegular() {
		if doc, err, ok := readMapped(ctx, f, path, st.Size(), lim); ok {
			return doc, err
		}
	}
	src, err := readAll(io.LimitReader(f, lim.MaxBytes+1), st.Size())
	if err != nil {
		return nil, &extract.Error{Path: path, Err: unwrapPathError(err)}
	}
	if int64(len(src)) > lim.MaxBytes {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: more than %d bytes (see --max-bytes)", extract.ErrTooLarge, lim.MaxBytes)}
	}
	return bytesOwned(ctx, path, src, lim, true)
}

// readAll reads r to its end into a buffer of the size the file said it
// had, as os.ReadFile does: io.ReadAll grows its buffer by half again
// each time it fills, so that a 10 MB file cost 22 MB of copies, the
// last of them a third empty. A file that grew since its size was taken
// is still read whole.
func readAll(r io.Reader, size int64) ([]byte, error) {
	// One byte more than the size, so that the end is seen without a
	// second buffer.
	b := make([]byte, 0, max(size, 0)+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// Check refuses, before anything opens it, a file that is missing, a
// folder, or not a regular file: opening a named pipe blocks until a
// writer comes, and a device may never end. A name that is a symbolic
// link is followed, since it was given. Errors are *extract.Error named
// path.
func Check(file, path string) error {
	st, err := os.Stat(file)
	if err != nil {
		return &extract.Error{Path: path, Err: unwrapPathError(err)}
	}
	if st.IsDir() {
		return &extract.Error{Path: path, Err: errors.New("is a directory")}
	}
	if err := extract.CheckRegular(st.Mode()); err != nil {
		return &extract.Error{Path: path, Err: err}
	}
	return nil
}

// Bytes extracts the document from src, named path. The document keeps
// none of src.
func Bytes(ctx context.Context, path string, src []byte, lim extract.Limits) (*extract.Document, error) {
	return bytesOwned(ctx, path, src, lim, false)
}

// bytesOwned is Bytes; own hands src over to the document (see
// txt.ReadOwned), for a buffer read here and used for nothing else.
func bytesOwned(ctx context.Context, path string, src []byte, lim extract.Limits, own bool) (*extract.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: the file is empty", extract.ErrEmpty)}
	}
	var doc *extract.Document
	var err error
	switch f := Sniff(path, src); f {
	case Text:
		if own {
			doc, err = txt.ReadOwned(path, src, lim)
		} else {
			doc, err = txt.Read(path, src, lim)
		}
	case HTML:
		doc, err = html.Read(path, src, lim)
	case DOCX:
		doc, err = docx.Read(path, src, lim)
	case PDF:
		doc, err = pdf.Read(path, src, lim)
		if errors.Is(err, extract.ErrNeedsOCR) {
			// A scan, or a text layer that is garbage: read the pages.
			doc, err = ocr.Read(ctx, path, src, lim, ocr.Options{})
		}
	case DOC:
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: legacy Word .doc (OLE2); save it as .docx", extract.ErrUnsupported)}
	case WPS:
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: WPS document; save it as .docx", extract.ErrUnsupported)}
	case OFD:
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: OFD document; export it as PDF", extract.ErrUnsupported)}
	case Image:
		doc, err = ocr.Read(ctx, path, src, lim, ocr.Options{})
	default:
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: %s content is not supported yet", extract.ErrUnsupported, f)}
	}
	if err != nil {
		var ee *extract.Error
		if !errors.As(err, &ee) {
			err = &extract.Error{Path: path, Err: err}
		}
		return nil, err
	}
	sum := sha256.Sum256(src)
	doc.Bytes, doc.SHA256 = int64(len(src)), hex.EncodeToString(sum[:])
	return doc, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
