package gen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/corpus"
)

func TestScratch(t *testing.T) {
	dir := t.TempDir()
	for seed := int64(1); seed <= 6; seed++ {
		r := Generate(seed, Options{})
		if seed == 1 {
			os.WriteFile("/tmp/gen1.txt", Text(r, Damage{}), 0o644)
			os.WriteFile("/tmp/gen1.html", HTML(r, Damage{Chrome: true}), 0o644)
			os.WriteFile("/tmp/gen1.docx", DOCX(r, Damage{}), 0o644)
		}
		for _, f := range []struct {
			ext string
			b   []byte
		}{{"txt", Text(r, Damage{})}, {"html", HTML(r, Damage{})}, {"docx", DOCX(r, Damage{})}} {
			p := filepath.Join(dir, fmt.Sprintf("%d.%s", seed, f.ext))
			os.WriteFile(p, f.b, 0o644)
			res := corpus.CheckFile(context.Background(), p, corpus.Options{})
			if res.Err != nil {
				t.Log(res.Err)
				continue
			}
			bad := 0
			for k, v := range r.Cells {
				c := res.Report.Cell(k)
				if c == nil || c.Value == nil || *c.Value != v {
					bad++
					if bad < 4 {
						t.Logf("%d %s %s want %v got %+v", seed, f.ext, k, v, c)
					}
				}
			}
			t.Logf("seed %d %s %s %s %d region=%s/%s agency=%q/%q bad=%d/%d", seed, f.ext, r.Kind, r.Template, r.Year, res.Report.Region.Code, r.RegionCode, res.Report.Agency.Value, r.Agency, bad, len(r.Cells))
			for _, fd := range res.Findings {
				t.Logf("   %s %s %s %s", fd.Rule.ID, fd.Severity, fd.Key, fd.Message.Zh)
			}
		}
	}
}
