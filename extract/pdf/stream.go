package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// inflater decodes the streams of one file with one zlib decompressor.
// lpdf's Value.Reader makes a new one for every stream, with its 32 KiB
// window, 10 KiB of Huffman tables and a 4 KiB read buffer: a dozen
// streams of a 5-page report (content and ToUnicode CMaps) made half a
// megabyte of the 2.6 MB its reading allocated, every byte a fresh page
// in a reader process that reads one file and exits.
type inflater struct {
	src []byte // the file as lpdf reads it (after repair)
	// plain says the file is not encrypted: its streams' bytes are
	// src's bytes.
	plain bool
	br    bytes.Reader
	zr    io.ReadCloser // a zlib.Resetter once made
}

// open returns the decoded bytes of stream s as a reader. A stream whose
// only filter is FlateDecode without parameters, in a file that is not
// encrypted, is inflated here from the bytes lpdf would read (the
// offset its String form ends with, "<<…>>@offset", and /Length, as
// Value.Reader takes them); any other goes through lpdf. Errors are
// lpdf's: a bad zlib header panics with zlib's error. The reader is
// valid until the next call.
func (z *inflater) open(s lpdf.Value) io.Reader {
	if data, ok := z.raw(s); ok {
		z.br.Reset(data)
		var err error
		if z.zr == nil {
			z.zr, err = zlib.NewReader(&z.br)
		} else {
			err = z.zr.(zlib.Resetter).Reset(&z.br, nil)
		}
		if err != nil {
			z.zr = nil
			panic(err)
		}
		return z.zr
	}
	return s.Reader()
}

// raw is the undecoded data of s when open may inflate it itself.
func (z *inflater) raw(s lpdf.Value) ([]byte, bool) {
	if !z.plain || s.Kind() != lpdf.Stream {
		return nil, false
	}
	f := s.Key("Filter")
	if f.Kind() != lpdf.Name || f.Name() != "FlateDecode" || s.Key("DecodeParms").Kind() != lpdf.Null {
		return nil, false
	}
	n := s.Key("Length").Int64()
	if n <= 0 {
		return nil, false // lpdf gives an empty stream without inflating
	}
	str := s.String()
	at := strings.LastIndexByte(str, '@')
	if at < 0 {
		return nil, false
	}
	off, err := strconv.ParseInt(str[at+1:], 10, 64)
	if err != nil || off < 0 {
		return nil, false
	}
	// An io.SectionReader of src: what lies past its end is not there.
	off = min(off, int64(len(z.src)))
	return z.src[off : off+min(n, int64(len(z.src))-off)], true
}
