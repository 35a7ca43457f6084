package normalize

import (
	"github.com/nianbao/nianbao/extract"
)

// Normalize reads the canonical report out of an extracted document. It
// never fails on odd content: what cannot be found is recorded as missing,
// for the validate stage to report.
func Normalize(doc *extract.Document) (*Report, error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	r := &Report{Doc: doc}
	findSections(r, doc)
	findMeta(r, doc)
	findRegion(r, doc)
	readTables(r, doc)
	return r, nil
}
