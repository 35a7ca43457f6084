package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// File is a pending replacement of Path. Write to it, then Commit or Abort.
type File struct {
	*os.File
	Path string // the destination
	done bool
}

// Create starts a replacement of path, creating the temporary file now so
// that an unwritable destination fails before any work is done.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
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
	_ = os.Remove(f.Name())
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

// Finish ends a buffered write to f: it flushes buf unless writing already
// failed (err), then commits f, or aborts it if anything failed, so the
// destination holds either the complete new file or what it held before.
// f may be nil (a caller's own writer); then only the flush happens.
// prefix names the format in errors.
func Finish(f *File, buf *bufio.Writer, err error, prefix string) error {
	if err == nil {
		if ferr := buf.Flush(); ferr != nil {
			err = fmt.Errorf("%s: %w", prefix, ferr)
		}
	}
	if f == nil {
		return err
	}
	if err != nil {
		f.Abort()
		return err
	}
	if cerr := f.Commit(); cerr != nil {
		return fmt.Errorf("%s: %w", prefix, cerr)
	}
	return nil
}
