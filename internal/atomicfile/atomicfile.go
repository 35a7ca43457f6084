package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File is a pending replacement of Path. Write to it, then Commit or Abort.
type File struct {
	*os.File
	Path string // the destination
	done bool
	// unnamed is set when the data lives in a file without a name
	// (Linux O_TMPFILE) until Commit names it: a run killed before then
	// leaves nothing beside the destination.
	unnamed bool
}

// Create starts a replacement of path, creating the temporary file now so
// that an unwritable destination fails before any work is done.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if tmp, ok := createUnnamed(dir, base); ok {
		return &File{File: tmp, Path: path, unnamed: true}, nil
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &File{File: tmp, Path: path}, nil
}

// Commit syncs the data and renames it over the destination. The
// temporary file is removed if any step fails.
func (f *File) Commit() error {
	if f.done {
		return fmt.Errorf("write %s: already closed", f.Path)
	}
	f.done = true
	tmp := f.Name()
	err := f.Sync()
	// CreateTemp makes files readable by the owner only; an output file
	// should be as readable as any other the user creates.
	err = errors.Join(err, f.Chmod(0o644))
	if err == nil && f.unnamed {
		// A link cannot replace a file, so the data gets a temporary
		// name first, for the moment of the rename.
		tmp, err = link(f.File, filepath.Dir(f.Path), filepath.Base(f.Path))
	}
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Rename(tmp, f.Path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	syncDir(filepath.Dir(f.Path))
	return nil
}

// Abort discards the temporary file; after Commit it does nothing, so it
// can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	_ = f.Close()
	if !f.unnamed {
		_ = os.Remove(f.Name())
	}
}

// syncDir makes the rename itself durable. Some systems cannot sync a
// directory; the rename has happened anyway, so errors are ignored.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// Buffered is buffered output to a caller's writer or, made by
// CreateBuffered, to a replacement of a file.
type Buffered struct {
	*bufio.Writer
	file   *File  // nil when writing to a caller's writer
	prefix string // names the format in errors
}

// NewBuffered buffers output to w, which Finish flushes but does not
// close. prefix names the format in errors.
func NewBuffered(w io.Writer, prefix string) *Buffered {
	return &Buffered{Writer: bufio.NewWriterSize(w, 64<<10), prefix: prefix}
}

// CreateBuffered buffers output to a replacement of path (see Create).
func CreateBuffered(path, prefix string) (*Buffered, error) {
	f, err := Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	b := NewBuffered(f, prefix)
	b.file = f
	return b, nil
}

// CreateWith hands a Buffered replacement of path (see CreateBuffered)
// to newWriter, the constructor of a format's writer.
func CreateWith[T any](path, prefix string, newWriter func(*Buffered) T) (T, error) {
	b, err := CreateBuffered(path, prefix)
	if err != nil {
		var zero T
		return zero, err
	}
	return newWriter(b), nil
}

// Finish ends the output: it flushes the buffer unless writing already
// failed (err), then, for a file, commits it, or aborts it if anything
// failed, so the destination holds either the complete new file or what
// it held before.
func (b *Buffered) Finish(err error) error {
	if err == nil {
		if ferr := b.Flush(); ferr != nil {
			err = fmt.Errorf("%s: %w", b.prefix, ferr)
		}
	}
	if b.file == nil {
		return err
	}
	if err != nil {
		b.file.Abort()
		return err
	}
	if cerr := b.file.Commit(); cerr != nil {
		return fmt.Errorf("%s: %w", b.prefix, cerr)
	}
	return nil
}

// Abort drops an unfinished file; after Finish, or for a caller's
// writer, it does nothing.
func (b *Buffered) Abort() {
	if b.file != nil {
		b.file.Abort()
	}
}
