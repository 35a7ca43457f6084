package ocr

import (
	"context"
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/internal/procmem"
)

// BenchmarkRead reads two scans and a text PDF (rasterized at 300 dpi) of
// the shared samples, one page at a time and with
// the default parallelism. s/page is wall time per page; go-MB is the
// peak resident memory of this process (the tesseract processes are
// measured from outside, e.g. with /usr/bin/time).
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"report_scanned_200dpi.pdf", "synth_zhifu_amr_2023_scanned_200dpi.pdf", "synth_zhifu_amr_2023.pdf"} {
		src := fixtures.Read(b, name)
		for _, w := range []struct {
			name    string
			workers int
		}{{"1 worker", 1}, {"default workers", 0}} {
			b.Run(name+"/"+w.name, func(b *testing.B) {
				pages := 0
				for b.Loop() {
					doc, err := Read(context.Background(), name, src, extract.Limits{}, Options{Workers: w.workers})
					if err != nil {
						b.Fatal(err)
					}
					pages = doc.Blocks[len(doc.Blocks)-1].Page
				}
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N*pages), "s/page")
				if hwm := procmem.PeakRSS(); hwm > 0 {
					b.ReportMetric(float64(hwm)/(1<<20), "go-MB")
				}
			})
		}
	}
}
