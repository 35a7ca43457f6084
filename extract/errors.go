package extract

import (
	"errors"
	"fmt"
	"io/fs"
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
	// ErrNotRegular: only regular files are read; a named pipe, device
	// or socket could block for ever or never end.
	ErrNotRegular = errors.New("not a regular file")
)

// FileKind names what a file that is not regular is, for the errors that
// refuse it: "a named pipe (FIFO)", "a character device", …
func FileKind(m fs.FileMode) string {
	for _, k := range fileKinds {
		if m&k.mode != 0 {
			return k.name
		}
	}
	return "not a regular file"
}

// fileKinds are tried in order: a character device is also a device.
var fileKinds = []struct {
	mode fs.FileMode
	name string
}{
	{fs.ModeDir, "a directory"},
	{fs.ModeSymlink, "a symbolic link"},
	{fs.ModeNamedPipe, "a named pipe (FIFO)"},
	{fs.ModeSocket, "a socket"},
	{fs.ModeCharDevice, "a character device"},
	{fs.ModeDevice, "a block device"},
}

// CheckRegular returns nil for a regular file and otherwise an error
// wrapping ErrNotRegular that says what the file is.
func CheckRegular(m fs.FileMode) error {
	if m.IsRegular() {
		return nil
	}
	return fmt.Errorf("%w: %s; only regular files are read", ErrNotRegular, FileKind(m))
}

// Limits bound the work one input may cause. The zero value means the
// defaults of DefaultLimits.
type Limits struct {
	MaxBytes int64 // largest input file accepted, in bytes
	MaxPages int   // PDF pages read at most
	MaxDepth int   // nesting depth of markup (HTML, DOCX XML)
	// MaxUnzipped is the total uncompressed size of an archive (DOCX), bytes.
	MaxUnzipped int64
	MaxEntries  int // archive entries at most
	// MaxMemory is the memory reading one file may take, in bytes: what
	// decoders inflate, parse and copy counts against it, and a reader
	// process that passes it is stopped. The command line sets it to
	// the file's share of --max-memory.
	MaxMemory int64
	// NoOrigin says the caller makes no edits and drops Document.Origin:
	// readers may skip recording it (check's readers do; it is a tenth
	// of the work of reading a GB18030 page). Not a limit, but it
	// travels where the limits do, to every reader.
	NoOrigin bool `json:",omitempty"`
}

// DefaultLimits are generous for real reports (tens of pages) and small
// enough that a hostile file cannot exhaust memory.
var DefaultLimits = Limits{
	MaxBytes:    64 << 20,
	MaxPages:    500,
	MaxDepth:    512,
	MaxUnzipped: 256 << 20,
	MaxEntries:  2000,
	MaxMemory:   1 << 30,
}

// OrDefault fills zero fields of l from DefaultLimits.
func (l Limits) OrDefault() Limits {
	d := DefaultLimits
	l.MaxBytes, l.MaxUnzipped, l.MaxMemory = positive(l.MaxBytes, d.MaxBytes), positive(l.MaxUnzipped, d.MaxUnzipped), positive(l.MaxMemory, d.MaxMemory)
	l.MaxPages, l.MaxDepth, l.MaxEntries = positive(l.MaxPages, d.MaxPages), positive(l.MaxDepth, d.MaxDepth), positive(l.MaxEntries, d.MaxEntries)
	return l
}

// positive is v, or def where v is not above zero (unset).
func positive[T int | int64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// CrashError is the cause of an Error when the process reading the file
// died (a fatal runtime error such as stack exhaustion, a signal) or was
// stopped for passing its memory cap; the rest of a batch goes on.
type CrashError struct {
	// Memory is set when the reader was stopped for using more than
	// Limit bytes (RSS bytes, the amount it had reached).
	Memory     bool
	RSS, Limit int64
	Detail     string // what the reader said last, such as "fatal error: stack overflow"
}

func (e *CrashError) Error() string { return e.In("en") }

// In says what happened in language lang ("zh" or "en"), naming the flag
// that sets the cap.
func (e *CrashError) In(lang string) string {
	if e.Memory {
		rss, limit := (e.RSS+1<<20-1)>>20, e.Limit>>20 // MiB, the amount reached rounded up
		if lang == "en" {
			return fmt.Sprintf("reader passed its memory cap: %d MiB > %d MiB (the file's share of --max-memory)", rss, limit)
		}
		return fmt.Sprintf("内存超限：读取进程用了 %d MiB，超过本文件可用的 %d MiB（--max-memory 按 -j 均分）", rss, limit)
	}
	if lang == "en" {
		return "reader crashed: " + e.Detail
	}
	return "读取器崩溃：" + e.Detail
}
