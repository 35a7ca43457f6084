package docx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/extract"
)

// An entry that expands more than maxRatio times is treated as a zip bomb
// once it has produced ratioFloor bytes. Real document.xml parts compress
// about 10–30:1; deflate cannot exceed about 1030:1, which is what bombs
// use. Small entries are exempt because a few kilobytes of repeated XML
// can legitimately compress very well.
const (
	maxRatio   = 200
	ratioFloor = 1 << 20
)

// pkg is an opened DOCX archive whose entries are read under one shared
// budget of uncompressed bytes.
type pkg struct {
	files    map[string]*zip.File // by lower-case part name, no leading slash
	left     int64                // uncompressed bytes that may still be read
	max      int64
	maxDepth int
	noOrigin bool // the reader's caller drops Document.Origin (Limits.NoOrigin)
	// inf is reset for each part opened; parts are read one after the
	// other. Taken from inflaters at the first compressed part and given
	// back by release.
	inf *inflater
}

// inflater is the state of decompressing one part at a time: the
// decompressor (its tables and window are tens of kilobytes), the
// buffered reader it reads through, and readAll's buffer. A reader
// process reads thousands of files one after the other; made afresh for
// each, they were a third of the bytes a DOCX read allocated.
type inflater struct {
	flate io.ReadCloser
	br    *bufio.Reader
	buf   []byte
}

var inflaters = sync.Pool{New: func() any { return new(inflater) }}

// maxPooledBuf bounds the readAll buffer an inflater keeps between
// files, so that one large part does not stay allocated for good.
const maxPooledBuf = 4<<20 + readChunk

// release gives the package's inflater back for the next file. Nothing
// read from the package may use readAll's buffer afterwards: the parser
// copies every string it keeps.
func (p *pkg) release() {
	if p.inf == nil {
		return
	}
	if cap(p.inf.buf) > maxPooledBuf {
		p.inf.buf = nil
	}
	if p.inf.br != nil {
		p.inf.br.Reset(nil) // lets go of this file's bytes
	}
	inflaters.Put(p.inf)
	p.inf = nil
}

func (p *pkg) inflater() *inflater {
	if p.inf == nil {
		p.inf = inflaters.Get().(*inflater)
	}
	return p.inf
}

func openPackage(src []byte, lim extract.Limits) (*pkg, error) {
	if n, ok := countEntries(src, lim.MaxEntries); ok && n > lim.MaxEntries {
		return nil, fmt.Errorf("%w: more than %d zip entries (see --max-entries)", extract.ErrTooLarge, lim.MaxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("corrupt zip archive: %w", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, fmt.Errorf("%w: %d zip entries > %d (see --max-entries)", extract.ErrTooLarge, len(zr.File), lim.MaxEntries)
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), left: lim.MaxUnzipped, max: lim.MaxUnzipped, maxDepth: lim.MaxDepth, noOrigin: lim.NoOrigin}
	for _, f := range zr.File {
		// OPC part names compare case-insensitively; the first of two
		// entries with the same name wins, as in most readers.
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	return p, nil
}

func (p *pkg) has(name string) bool {
	_, ok := p.files[strings.ToLower(name)]
	return ok
}

// open returns a reader of the decompressed entry that enforces the
// limits as the bytes come out, so that lying headers do not matter.
func (p *pkg) open(name string) (io.Reader, error) {
	f, ok := p.files[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("%s: no such part", name)
	}
	if f.Flags&1 != 0 {
		return nil, fmt.Errorf("%w: %s: encrypted zip entry", extract.ErrUnsupported, name)
	}
	if f.UncompressedSize64 > uint64(p.left) {
		return nil, fmt.Errorf("%w: %s: declares %d uncompressed bytes, more than the %d left of the archive's limit of %d (see --max-unzipped)", extract.ErrTooLarge, name, f.UncompressedSize64, p.left, p.max)
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cr := &countReader{r: raw}
	er := &entryReader{pkg: p, name: name, raw: cr, f: f}
	switch f.Method {
	case zip.Store:
		er.src = cr
	case zip.Deflate:
		// flate reads through a bufio.Reader of 4096 bytes when given a
		// reader without ReadByte: this one, kept with the decompressor,
		// so that the compressed bytes counted are the same.
		inf := p.inflater()
		if inf.br == nil {
			inf.br = bufio.NewReaderSize(cr, 4096)
		} else {
			inf.br.Reset(cr)
		}
		if inf.flate == nil {
			inf.flate = flate.NewReader(inf.br)
		} else if err := inf.flate.(flate.Resetter).Reset(inf.br, nil); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		er.src = inf.flate
	default:
		return nil, fmt.Errorf("%w: %s: zip compression method %d", extract.ErrUnsupported, name, f.Method)
	}
	return er, nil
}

// readChunk is the size of the reads of readAll: that of the buffer
// encoding/xml reads through. The reader checks the expansion ratio after
// each read, so reading in the same steps as the decoder checks it at
// least wherever the decoder did, and a part readAll takes whole is one
// the decoder would have taken.
const readChunk = 4096

// readAll reads a whole part under the limits of open. The buffer starts
// at the declared size, up to a few megabytes, so that a lying header
// cannot reserve memory the part does not fill; one handed back by done
// that is large enough is used again.
func (p *pkg) readAll(name string) ([]byte, error) {
	r, err := p.open(name)
	if err != nil {
		return nil, err
	}
	want := int(min(p.files[strings.ToLower(name)].UncompressedSize64, 4<<20) + readChunk)
	var buf []byte
	if inf := p.inflater(); cap(inf.buf) >= want {
		buf, inf.buf = inf.buf[:0], nil
	} else {
		buf = make([]byte, 0, want)
	}
	for {
		if cap(buf)-len(buf) < readChunk {
			buf = append(buf, make([]byte, readChunk)...)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf) : len(buf)+readChunk])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			p.done(buf)
			return nil, err
		}
	}
}

// done hands back a buffer readAll returned, once nothing uses it, for
// the next part or file to read into.
func (p *pkg) done(buf []byte) {
	if inf := p.inflater(); cap(buf) > cap(inf.buf) {
		inf.buf = buf[:0]
	}
}

// countReader counts the compressed bytes consumed, the denominator of the
// expansion ratio.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// entryReader checks every chunk against the archive budget, the entry's
// expansion ratio and its declared size, and the checksum at the end.
type entryReader struct {
	pkg  *pkg
	name string
	src  io.Reader
	raw  *countReader
	crc  uint32 // of the bytes read so far
	f    *zip.File
	n    int64
	err  error
}

func (r *entryReader) Read(b []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.src.Read(b)
	r.n += int64(n)
	r.pkg.left -= int64(n)
	switch {
	case r.pkg.left < 0:
		r.err = fmt.Errorf("%w: %s: more than %d uncompressed bytes in the archive (see --max-unzipped)", extract.ErrTooLarge, r.name, r.pkg.max)
	case r.n > ratioFloor && r.n > maxRatio*max(r.raw.n, 1):
		r.err = fmt.Errorf("%w: %s expands more than %d:1 (%d bytes from %d; zip bomb?)", extract.ErrTooLarge, r.name, maxRatio, r.n, r.raw.n)
	case uint64(r.n) > r.f.UncompressedSize64:
		r.err = fmt.Errorf("%s: more data than the %d bytes its zip header declares", r.name, r.f.UncompressedSize64)
	}
	if r.err != nil {
		return 0, r.err
	}
	r.crc = crc32.Update(r.crc, crc32.IEEETable, b[:n])
	switch {
	case err == io.EOF:
		if uint64(r.n) != r.f.UncompressedSize64 {
			r.err = fmt.Errorf("%s: %d bytes where its zip header declares %d", r.name, r.n, r.f.UncompressedSize64)
		} else if r.f.CRC32 != 0 && r.crc != r.f.CRC32 {
			r.err = fmt.Errorf("%s: %w", r.name, zip.ErrChecksum)
		} else {
			r.err = io.EOF
		}
		return n, r.err
	case err != nil:
		if errors.Is(err, io.ErrUnexpectedEOF) || isFlateError(err) {
			err = fmt.Errorf("%s: corrupt compressed data: %w", r.name, err)
		}
		r.err = err
		return n, err
	}
	return n, nil
}

func isFlateError(err error) bool {
	var ce flate.CorruptInputError
	var ie flate.InternalError
	return errors.As(err, &ce) || errors.As(err, &ie)
}

// countEntries counts the central directory records of a zip held in src,
// stopping after limit+1, so that a directory of millions of tiny records
// is refused before archive/zip allocates a File for each. ok is false
// when the directory cannot be located; archive/zip then decides.
func countEntries(src []byte, limit int) (n int, ok bool) {
	end := findEOCD(src)
	if end < 0 {
		return 0, false
	}
	dirSize := int64(binary.LittleEndian.Uint32(src[end+12:]))
	dirOff := int64(binary.LittleEndian.Uint32(src[end+16:]))
	if dirOff == 0xffffffff || dirSize == 0xffffffff {
		if o, s, ok := zip64Dir(src, end); ok {
			dirOff, dirSize = o, s
		}
	}
	// Data prepended to the archive (self-extractors) shifts every offset;
	// the directory then ends right before the end record.
	for _, off := range []int64{dirOff, int64(end) - dirSize} {
		if off < 0 || off+4 > int64(len(src)) || binary.LittleEndian.Uint32(src[off:]) != 0x02014b50 {
			continue
		}
		for off+46 <= int64(len(src)) && binary.LittleEndian.Uint32(src[off:]) == 0x02014b50 {
			n++
			if n > limit {
				return n, true
			}
			off += 46 + int64(binary.LittleEndian.Uint16(src[off+28:])) +
				int64(binary.LittleEndian.Uint16(src[off+30:])) + int64(binary.LittleEndian.Uint16(src[off+32:]))
		}
		return n, true
	}
	return 0, false
}

// findEOCD returns the offset of the end-of-central-directory record, which
// sits in the last 22 bytes plus at most a 64 KiB comment.
func findEOCD(src []byte) int {
	lo := max(len(src)-22-0xffff, 0)
	for i := len(src) - 22; i >= lo; i-- {
		if src[i] == 'P' && src[i+1] == 'K' && src[i+2] == 5 && src[i+3] == 6 {
			return i
		}
	}
	return -1
}

func zip64Dir(src []byte, end int) (off, size int64, ok bool) {
	loc := end - 20
	if loc < 0 || binary.LittleEndian.Uint32(src[loc:]) != 0x07064b50 {
		return 0, 0, false
	}
	rec := binary.LittleEndian.Uint64(src[loc+8:])
	if rec > uint64(len(src)) || rec+56 > uint64(len(src)) || binary.LittleEndian.Uint32(src[rec:]) != 0x06064b50 {
		return 0, 0, false
	}
	size64 := binary.LittleEndian.Uint64(src[rec+40:])
	off64 := binary.LittleEndian.Uint64(src[rec+48:])
	if size64 > uint64(len(src)) || off64 > uint64(len(src)) {
		return 0, 0, false
	}
	return int64(off64), int64(size64), true
}
