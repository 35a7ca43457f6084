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

// FuzzCMap fuzzes the CMap parser, which reads what fonts say about
// their characters; it must end, quickly, on any input.
func FuzzCMap(f *testing.F) {
	f.Add([]byte("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"1 beginbfrange <00FE> <0101> <6DC4> endbfrange\n" +
		"2 beginbfchar <0010> <0031> <0011> <0032> endbfchar\n" +
		"1 beginbfrange <0000> <FFFF> [<0041> <0042>] endbfrange\n" +
		"1 begincidrange <0000> <FFFF> 1 endcidrange\nendcmap end end"))
	f.Add([]byte("1 beginbfchar <00> (unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan *cmap, 1)
		go func() { done <- parseCMap(data) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("parseCMap did not end in 10 s")
		}
	})
}

// FuzzXref fuzzes the checks made on the cross-reference data before the
// parser sees it (xref tables and streams, object streams): they must end
// and never panic, whatever the file.
func FuzzXref(f *testing.F) {
	f.Add(extracttest.NestedObjectStreams(false))
	f.Add(extracttest.NestedObjectStreams(true))
	f.Add(extracttest.WithObjectStreams(pdfObjects("", "BT /F1 12 Tf 100 742 Td (Hello) Tj ET")))
	f.Add(buildPDF("BT /F1 12 Tf 100 742 Td (A) Tj ET"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_ = checkStructure(src)
		_ = checkObjectNesting(src, findNames(src)["/XRef"])
	})
}
