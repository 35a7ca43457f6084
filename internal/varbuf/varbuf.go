// Package varbuf reads the compact binary forms nianbao writes with
// encoding/binary's varints: a document on the pipe from a reader
// process, a checked result in the one-pass spill, a cross-report
// digest. A Reader's first error sticks and every later read gives a
// zero value, so a decoder reads a whole record and checks Err once; a
// count or a length larger than what is left is an error, never a huge
// allocation or a panic, which matters for the pipe from a reader that
// may have been fed a hostile file.
package varbuf

import (
	"encoding/binary"
	"math"
)

// Reader reads from B, what is left of the record.
type Reader struct {
	B   []byte
	Err error
	// Bad is the error a malformed record gives (each format names its
	// own).
	Bad error
}

// Fail records Bad, unless an error came first, and stops reading.
func (r *Reader) Fail() {
	if r.Err == nil {
		r.Err = r.Bad
	}
	r.B = nil
}

// Uint reads an unsigned varint.
func (r *Reader) Uint() uint64 {
	v, n := binary.Uvarint(r.B)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Int reads a signed varint that fits an int.
func (r *Reader) Int() int {
	v, n := binary.Varint(r.B)
	if n <= 0 || v < math.MinInt || v > math.MaxInt {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return int(v)
}

// Count reads a number of items that each take at least one byte: a
// count larger than what is left is malformed.
func (r *Reader) Count() int {
	v := r.Uint()
	if v > uint64(len(r.B)) {
		r.Fail()
		return 0
	}
	return int(v)
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.B) == 0 {
		r.Fail()
		return 0
	}
	c := r.B[0]
	r.B = r.B[1:]
	return c
}

// Bool reads a byte, true unless 0.
func (r *Reader) Bool() bool { return r.Byte() != 0 }

// Bytes reads a length and that many bytes, which it returns without
// copying.
func (r *Reader) Bytes() []byte {
	n := r.Count()
	if r.Err != nil {
		return nil
	}
	p := r.B[:n]
	r.B = r.B[n:]
	return p
}

// String reads Bytes as a string (a copy).
func (r *Reader) String() string { return string(r.Bytes()) }

// Float64 reads a float64 as its eight bytes, little-endian.
func (r *Reader) Float64() float64 {
	if len(r.B) < 8 {
		r.Fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.B))
	r.B = r.B[8:]
	return v
}
