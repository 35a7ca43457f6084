package normalize

import (
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
)

// hintBytes bounds the text handed to the region lookup as hints: the
// preamble and first section name the places that settle a tie.
const hintBytes = 6000

// findRegion resolves the agency's administrative region from its name
// (or the title), with the start of the report as hints, and records the
// names the report must spell right.
func findRegion(r *Report, doc *extract.Document) {
	hints := doc.Text[:min(len(doc.Text), hintBytes)]
	var d *names.Division
	ok := false
	for _, name := range []string{r.Agency.Value, r.Title.Value} {
		if name == "" {
			continue
		}
		if d, ok = names.Region(name, hints); ok {
			break
		}
	}
	if !ok {
		return
	}
	r.Region.Code = d.Code
	for x := d; x != nil; x = x.Parent {
		switch x.Level {
		case 1:
			r.Region.Province = x.Name
		case 2:
			r.Region.Prefecture = x.Name
		case 3:
			r.Region.County = x.Name
		case 4:
			r.Region.Township = x.Name
		}
	}
	r.Region.Names = names.OwnNames(d)
}
