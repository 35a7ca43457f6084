package normalize

import "github.com/nianbao/nianbao/extract"

// findRegion resolves the agency's administrative region.
func findRegion(r *Report, doc *extract.Document) {}
