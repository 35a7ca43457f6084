package corpus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/validate"
)

// TestScans runs scanned reports through the whole pipeline (pdftoppm +
// tesseract): the tables come back as in the text, and OCR misreads never
// become confident typo findings.
func TestScans(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR is slow: skipped with -short")
	}
	ctx := context.Background()
	seed := corpus.CheckFile(ctx, "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	require.NoError(t, seed.Err)

	scan := corpus.CheckFile(ctx, "testdata/samples/scans/report_scanned_200dpi.pdf", corpus.Options{})
	require.NoError(t, scan.Err)
	assert.True(t, scan.Report.Doc.OCR)
	// The scan holds the first three of the seed's five pages: every cell
	// read from it must equal the seed's.
	same, read := 0, 0
	for k, c := range scan.Report.Cells {
		if c.Value == nil {
			continue
		}
		read++
		if s := seed.Report.Cell(k); s != nil && s.Value != nil && *s.Value == *c.Value {
			same++
		}
	}
	require.Greater(t, read, 40)
	assert.GreaterOrEqual(t, float64(same)/float64(read), 0.98, "%d of %d cells equal the seed's", same, read)
	rules := map[string]validate.Severity{}
	for _, f := range scan.Findings {
		rules[f.Rule.ID] = f.Severity
		if f.Rule.ID[:2] == "NM" || f.Rule.ID == "ST107" {
			assert.Equal(t, validate.Info, f.Severity, "a character finding on OCR text is a note: %s", f.Message.Zh)
			assert.Contains(t, f.Message.Zh, "OCR")
		}
	}
	assert.Contains(t, rules, "ST107", "the seed's label typo is still seen")
	assert.Contains(t, rules, "ST105", "the requests table is cut where the scan ends")

	synth := corpus.CheckFile(ctx, "testdata/samples/scans/synth_zhifu_amr_2023_scanned_200dpi.pdf", corpus.Options{})
	require.NoError(t, synth.Err)
	for _, f := range synth.Findings {
		if f.Rule.ID[:2] == "TB" {
			assert.Contains(t, f.Message.Zh, "低置信度", "a TB finding on OCR cells must say they were read with low confidence")
		}
	}
}
