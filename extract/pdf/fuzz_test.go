package pdf

import (
	"os"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// FuzzRead starts from the PDFs of testdata, of the shared samples and of
// the real corpus, whole and cut short, and checks that Read never panics
// and reads every input as extracttest.ReadFuzzed requires (in 20 s at
// most).
func FuzzRead(f *testing.F) {
	for _, name := range fixtures.Glob(f, "*.pdf") {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
		f.Add(src[:len(src)*2/3])
	}
	// Small files get far more mutations per second than the reports.
	f.Add(buildPDF("BT /F1 12 Tf 100 742 Td (Hello) Tj /F2 10 Tf <00FE00FF01000101> Tj ET"))
	f.Add(buildPDF("q 10 0 0 10 100 100 cm BI /W 4 /H 4 /CS /G /BPC 8 ID \x00\x01)\x02 EI Q " +
		"BT /F1 10 Tf 2 Tc 3 Tw 50 Tz 14 TL 0 742 Td [(A) -1000 (B)] TJ T* (C) ' 1 2 (D) \" ET"))
	f.Add(buildPDFPage("/Rotate 90", ruledTable([]float64{50, 200, 350}, []float64{700, 680, 660},
		[][]string{{"a", "1"}, {"b", "2"}}), "BT /F1 12 Tf 100 742 Td (Next) Tj ET"))
	// Object streams and cross-reference streams, and the nestings that
	// once recursed until the stack ran out.
	f.Add(extracttest.WithObjectStreams(pdfObjects("", "BT /F1 12 Tf 100 742 Td (Hello) Tj /F2 12 Tf <00FE> Tj ET")))
	f.Add(extracttest.NestedObjectStreams(false))
	f.Add(extracttest.NestedObjectStreams(true))
	lim := extract.Limits{MaxPages: 20, MaxBytes: 4 << 20}
	f.Fuzz(func(t *testing.T, src []byte) {
		extracttest.ReadFuzzed(t, "fuzz.pdf", 20*time.Second, func(path string) (*extract.Document, error) {
			return Read(path, src, lim)
		})
	})
}
