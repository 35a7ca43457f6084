package normalize

import (
	"slices"
	"sync"

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
	r.Region.Names = ownNames(d)
}

// owned caches names.OwnNames by division: a batch names the same
// regions again and again, and listing a region's names (its
// neighbours' among them) was a twentieth of normalizing a report
// (profile of the generated mix). The lists are shared by the reports,
// which only read them; each is clipped, so that an append copies it.
var owned struct {
	mu sync.RWMutex
	m  map[*names.Division][]string
}

// A list with its neighbours' names is about 1.7 KB: 1,024 of them hold
// about 1.7 MB. 16,384 let the parent's live heap grow by 5 MB on 10,000
// generated reports from all of China, and 4,096 by 2 MB more than 1,024,
// which the collector pays for at every cycle under the parent's soft
// memory limit (cmd/nianbao tuneGC), at no gain in CPU on that batch.
const maxOwned = 1 << 10

func ownNames(d *names.Division) []string {
	owned.mu.RLock()
	ns, ok := owned.m[d]
	owned.mu.RUnlock()
	if ok {
		return ns
	}
	ns = slices.Clip(names.OwnNames(d))
	owned.mu.Lock()
	if owned.m == nil {
		owned.m = map[*names.Division][]string{}
	}
	if len(owned.m) < maxOwned {
		owned.m[d] = ns
	}
	owned.mu.Unlock()
	return ns
}
