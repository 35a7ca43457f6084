//go:build !unix

package input

import (
	"context"
	"os"

	"github.com/nianbao/nianbao/extract"
)

// readMapped maps files on unix only; elsewhere the caller reads them.
func readMapped(context.Context, *os.File, string, int64, extract.Limits) (*extract.Document, error, bool) {
	return nil, nil, false
}
