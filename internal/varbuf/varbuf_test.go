package varbuf

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

var errBad = errors.New("bad record")

// TestReader reads back what encoding/binary wrote, and a record cut
// anywhere, or with a length past its end, is Bad from then on with zero
// values, never a panic.
func TestReader(t *testing.T) {
	var b []byte
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -7)
	b = append(b, 1, 0)
	b = binary.AppendUvarint(b, 3)
	b = append(b, "abc"...)
	b = binary.AppendVarint(b, math.MaxInt64)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(-0.25))
	r := Reader{B: b, Bad: errBad}
	assert.Equal(t, uint64(300), r.Uint())
	assert.Equal(t, -7, r.Int())
	assert.True(t, r.Bool())
	assert.False(t, r.Bool())
	assert.Equal(t, "abc", r.String())
	assert.Equal(t, math.MaxInt, r.Int())
	assert.Equal(t, -0.25, r.Float64())
	assert.NoError(t, r.Err)
	assert.Empty(t, r.B)

	for cut := range len(b) {
		r := Reader{B: b[:cut], Bad: errBad}
		r.Uint()
		r.Int()
		r.Bool()
		r.Bool()
		_ = r.String()
		r.Int()
		r.Float64()
		assert.ErrorIs(t, r.Err, errBad, "cut at %d", cut)
		assert.Zero(t, r.Uint(), "a read after the error")
	}

	long := Reader{B: binary.AppendUvarint(nil, 1<<40), Bad: errBad}
	assert.Nil(t, long.Bytes())
	assert.ErrorIs(t, long.Err, errBad)

	first := errors.New("first")
	sticky := Reader{Err: first, Bad: errBad}
	sticky.Fail()
	assert.Same(t, first, sticky.Err, "the first error sticks")
}
