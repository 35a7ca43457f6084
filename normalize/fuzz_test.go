package normalize_test

import (
	"os"
	"testing"

	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/normalize"
)

// FuzzNormalize: any text normalizes without panicking, cell spans stay
// inside the text, and normalizing twice gives the same cells.
func FuzzNormalize(f *testing.F) {
	f.Add(string(fixtures.Read(f, "000_zibo_zichuan_touzi_2023.txt")))
	f.Add(string(fixtures.Read(f, "016_ganzhou_huichang_zhongcun_xiang_2020.txt")))
	if b, err := os.ReadFile("../validate/testdata/rules/TB104_review.txtar"); err == nil {
		f.Add(string(b))
	}
	f.Add("三、收到和处理政府信息公开申请情况\n（七）总计\t1\n四、结转下年度继续办理 0 0\n")
	f.Fuzz(func(t *testing.T, text string) {
		doc := txt.Parse("fuzz.txt", text)
		a, err := normalize.Normalize(doc)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := normalize.Normalize(doc)
		for k, c := range a.Cells {
			if c.Span.Start < 0 || c.Span.End > len(doc.Text) || c.Span.Start > c.Span.End {
				t.Fatalf("%s: span %v outside text of %d bytes", k, c.Span, len(doc.Text))
			}
			d := b.Cells[k]
			if d == nil || d.State != c.State || d.Raw != c.Raw {
				t.Fatalf("%s differs between two runs", k)
			}
		}
	})
}
