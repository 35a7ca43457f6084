package sarif_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sarif"
)

// TestWriter_Review: a finding a review dismissed stays in the log as a
// suppressed result (kind external, the reason as justification); every
// result carries its fingerprint; a confirmed one says so.
func TestWriter_Review(t *testing.T) {
	plain := exporttest.Check(t, exporttest.Seed)[0]
	r := exporttest.Review(t, plain)
	src, err := os.ReadFile(mustWrite(t, []export.Result{r}, sarif.Options{}))
	require.NoError(t, err)
	var log struct {
		Runs []struct {
			Results []sarif.Result `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(src, &log))
	results := log.Runs[0].Results
	require.Len(t, results, len(plain.Findings), "dismissed findings are still in the log")
	var suppressed []sarif.Result
	for _, res := range results {
		assert.Regexp(t, `^`+res.RuleID+`:[0-9a-f]{16}$`, res.PartialFingerprints[sarif.FingerprintKey])
		if len(res.Suppressions) > 0 {
			suppressed = append(suppressed, res)
		}
	}
	require.Len(t, suppressed, 1)
	s := suppressed[0]
	assert.Equal(t, []sarif.Suppression{{Kind: "external", Status: "accepted", Justification: exporttest.Reason}}, s.Suppressions)
	assert.Equal(t, r.IgnoredReview[0].Fingerprint, s.PartialFingerprints[sarif.FingerprintKey])
	assert.Equal(t, r.Ignored[0].Rule.ID, s.RuleID)
	assert.Equal(t, r.Ignored[0].Pos.Line, s.Locations[0].PhysicalLocation.Region.StartLine)
	assert.Equal(t, "confirmed", results[0].Properties["review"])
	assert.Empty(t, results[1].Suppressions)
}
