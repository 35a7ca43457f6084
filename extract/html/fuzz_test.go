package html

import (
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// FuzzRead checks that no input panics, that every input is read as
// extracttest.ReadFuzzed requires (in 5 s at most), and that documents
// keep the invariants of this reader: one source line per block, one cell
// per grid column in every row, and no line attribute leaking into the
// text.
func FuzzRead(f *testing.F) {
	fixtures.Seed(f, "report.html", "chrome_zhifu_amr_2023.html", "synth_jianyang_2024.html")
	for _, s := range []string{
		`<table><tr><td rowspan=0 colspan=3>a<td>b<tr><td>c</table>`,
		`<table><tr><td><table><tr><td>1<td>2</table><td>3<tr><td>4<td>5<td>6<tr><td>7<td>8<td>9</table>`,
		`<meta http-equiv=content-type content="text/html;charset=gbk"><p>` + "\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5",
		`<h1>淄川区2023年政府信息公开<br>工作年度报告</h1><div class=nav>首页</div><p>一、总体情况`,
		`<svg><![CDATA[<p>x]]></svg><pre>a` + "\r\n" + `b</pre><title>t</title><p nianbao-line="9">x`,
		"\xef\xbb\xbf<p>bom", "\xff\xfe<\x00p\x00>\x00a\x00",
	} {
		f.Add([]byte(s))
	}
	lim := extract.Limits{MaxBytes: 1 << 20, MaxDepth: 64}
	f.Fuzz(func(t *testing.T, src []byte) {
		var lines []int
		doc := extracttest.ReadFuzzed(t, "fuzz.html", 5*time.Second, func(path string) (doc *extract.Document, err error) {
			doc, lines, err = ReadWithSource(path, src, lim)
			return doc, err
		})
		if doc == nil {
			return
		}
		if len(lines) != len(doc.Blocks) {
			t.Fatalf("%d lines for %d blocks", len(lines), len(doc.Blocks))
		}
		if strings.Contains(doc.Text, lineAttr) && !strings.Contains(string(src), lineAttr) {
			t.Fatalf("line attribute leaked into %q", doc.Text)
		}
		for i, b := range doc.Blocks {
			if lines[i] < 1 {
				t.Fatalf("block %d: line %d", i, lines[i])
			}
			if b.Kind != extract.Table {
				continue
			}
			for r, row := range b.Rows {
				if len(row.Cells) != len(b.Rows[0].Cells) {
					t.Fatalf("block %d row %d: %d cells, row 1 has %d", i, r, len(row.Cells), len(b.Rows[0].Cells))
				}
				for c, cell := range row.Cells {
					if int(cell.Col) != c || doc.Slice(cell.Span) != cell.Text && !cell.Merged {
						t.Fatalf("block %d row %d cell %d: %+v", i, r, c, cell)
					}
				}
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	src := fixtures.Read(b, "report.html")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("report.html", src, extract.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
