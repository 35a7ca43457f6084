package pdf

import (
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
)

func benchRead(b *testing.B, src []byte, pages int) {
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Read("bench.pdf", src, extract.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkRead_CID(b *testing.B) {
	benchRead(b, fixtures.Read(b, "report_cid_identityh.pdf"), 5)
}

func BenchmarkRead_Hongze(b *testing.B) {
	benchRead(b, fixtures.Read(b, "001_huaian_hongze_qu_gov_2023.pdf"), 5)
}
