//go:build !linux

package atomicfile

import (
	"errors"
	"os"
)

// Only Linux makes files without a name; elsewhere the temporary file is
// named from the start.
func createUnnamed(dir, base string) (*os.File, bool) { return nil, false }

func link(f *os.File, dir, base string) (string, error) {
	return "", errors.New("atomicfile: no unnamed files here")
}
