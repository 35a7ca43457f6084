package export

import (
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Result is what checking one file gives: its report and findings, or
// the error that stopped it. A failed file never stops the others.
type Result struct {
	Path     string
	Report   *normalize.Report // nil when Err is set before normalizing
	Findings []validate.Finding
	Err      error // could not process the file (extract.Error and the like)
}
