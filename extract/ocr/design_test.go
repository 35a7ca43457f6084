package ocr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDesign_Strip measures the design against what it replaced: table
// cells read where they stand on the page, under each page segmentation
// mode, against cells read from the strip. The figures go in doc.go.
func TestDesign_Strip(t *testing.T) {
	slow(t)
	seed := seedReport(t)
	truth := truthCells(t, "synth_zhifu_amr_2023.truth.json")
	measure := func(opts Options) (accuracy, accuracy) {
		a := against(mustNormalize(t, mustRecognize(t, "report_scanned_200dpi.pdf", opts).Doc), seed, scannedKeys)
		b := againstTruth(mustNormalize(t, mustRecognize(t, "synth_zhifu_amr_2023_scanned_200dpi.pdf", opts).Doc), truth)
		return a, b
	}
	sa, sb := measure(Options{})
	t.Logf("strip: seed scan %s, synthetic scan %s", sa, sb)
	for _, psm := range []int{3, 4, 6, 11} {
		a, b := measure(Options{PSM: psm, Languages: "chi_sim+eng", inPlace: true})
		t.Logf("in place, --psm %d: seed scan %s, synthetic scan %s", psm, a, b)
		assert.Greater(t, sa.rate()+sb.rate(), a.rate()+b.rate(), "psm %d", psm)
	}
}
