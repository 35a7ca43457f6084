package names

import "embed"

// Notices holds data/README.md (origin, license and changes of every
// embedded file) and the license texts under data/licenses. The licenses
// of the division, Unihan, pycorrector and gse data require that this
// notice travel with the binary, so the CLI can print it.
//
//go:embed data/README.md data/licenses
var Notices embed.FS
