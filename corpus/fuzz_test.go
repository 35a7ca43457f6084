package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// FuzzPipeline: any bytes, whatever format they sniff as, either give a
// clear error or a report whose findings all resolve to positions inside
// the text; no rule may break.
func FuzzPipeline(f *testing.F) {
	for _, pat := range []string{"testdata/corpus/0[01]*", "testdata/samples/report.*"} {
		files, _ := filepath.Glob(pat)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := input.Bytes(context.Background(), "fuzz", src, extract.Limits{MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		rep, err := normalize.Normalize(doc)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := validate.Check(rep, validate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range fs {
			if fd.Span.Start < 0 || fd.Span.End > len(doc.Text) || fd.Pos.Line < 1 {
				t.Fatalf("%s: bad location %v %+v", fd.Rule.ID, fd.Span, fd.Pos)
			}
		}
	})
}
