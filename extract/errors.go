package extract

import (
	"errors"
	"fmt"
)

// Error is a failure to read one input file. It names the file and the
// reason, and unwraps to the cause so callers can test for ErrTooLarge,
// ErrNeedsOCR and the like.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("extract: %s: %v", e.Path, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// Causes that callers may test for with errors.Is.
var (
	ErrTooLarge    = errors.New("input exceeds size limit")
	ErrEncoding    = errors.New("cannot determine text encoding")
	ErrUnsupported = errors.New("unsupported format")
	ErrNeedsOCR    = errors.New("no usable text layer; needs OCR")
	ErrEmpty       = errors.New("no text")
)

// Limits bound the work one input may cause. The zero value means the
// defaults of DefaultLimits.
type Limits struct {
	MaxBytes int64 // largest input file accepted, in bytes
	MaxPages int   // PDF pages read at most
	MaxDepth int   // nesting depth of markup (HTML, DOCX XML)
	// MaxUnzipped is the total uncompressed size of an archive (DOCX), bytes.
	MaxUnzipped int64
	MaxEntries  int // archive entries at most
}

// DefaultLimits are generous for real reports (tens of pages) and small
// enough that a hostile file cannot exhaust memory.
var DefaultLimits = Limits{
	MaxBytes:    64 << 20,
	MaxPages:    500,
	MaxDepth:    512,
	MaxUnzipped: 256 << 20,
	MaxEntries:  2000,
}

// OrDefault fills zero fields of l from DefaultLimits.
func (l Limits) OrDefault() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultLimits.MaxPages
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = DefaultLimits.MaxUnzipped
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultLimits.MaxEntries
	}
	return l
}
