package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// FuzzRead starts from the PDFs of testdata, of the shared samples and of
// the real corpus, whole and cut short, and checks that Read never panics
// and that a document it returns is consistent: valid UTF-8, spans inside
// the text, cells inside rows.
func FuzzRead(f *testing.F) {
	var names []string
	for _, dir := range append([]string{"testdata"}, fixtures.Dirs...) {
		if dir != "testdata" {
			dir = filepath.Join("../..", dir)
		}
		m, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
		if err != nil {
			f.Fatal(err)
		}
		names = append(names, m...)
	}
	for _, name := range names {
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
	lim := extract.Limits{MaxPages: 20, MaxBytes: 4 << 20}
	f.Fuzz(func(t *testing.T, src []byte) {
		// A hang is a failure too; the fuzzer keeps the input of a crash.
		watchdog := time.AfterFunc(20*time.Second, func() { panic("Read ran for 20 s: a hang") })
		defer watchdog.Stop()
		doc, err := Read("fuzz.pdf", src, lim)
		if err != nil {
			if _, ok := err.(*extract.Error); !ok {
				t.Fatalf("error %T is not *extract.Error: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), "extract: fuzz.pdf: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if !utf8.ValidString(doc.Text) {
			t.Fatal("text is not valid UTF-8")
		}
		inside := func(s extract.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(doc.Text) }
		for _, b := range doc.Blocks {
			if !inside(b.Span) {
				t.Fatalf("block span %v outside text of %d bytes", b.Span, len(doc.Text))
			}
			for _, r := range b.Rows {
				if r.Span.Start < b.Span.Start || r.Span.End > b.Span.End {
					t.Fatalf("row %v outside table %v", r.Span, b.Span)
				}
				for _, c := range r.Cells {
					if c.Span.Start < r.Span.Start || c.Span.End > r.Span.End || c.ColSpan < 1 || c.RowSpan < 1 {
						t.Fatalf("cell %+v outside row %v", c, r.Span)
					}
				}
			}
		}
	})
}
