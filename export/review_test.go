package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// mustSeed checks the seed without the wording rules: these tests are
// about how decisions apply, and read its findings in order from NM101.
func mustSeed(tb testing.TB) export.Result {
	tb.Helper()
	rules, err := validate.Resolve([]string{"NM", "NU", "ST", "TB"})
	require.NoError(tb, err)
	res := corpus.CheckFile(context.Background(), "../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{Rules: rules})
	require.NoError(tb, res.Err)
	return res
}

func TestApplyReview(t *testing.T) {
	plain := mustSeed(t)
	all := export.Decisions(plain)
	require.Len(t, all, len(plain.Findings))
	r := exporttest.Review(t, plain)

	assert.Len(t, r.Findings, len(plain.Findings)-1)
	assert.Equal(t, plain.Findings[0].Message, r.Ignored[0].Message)
	assert.Equal(t, all[0].Fingerprint, r.IgnoredReview[0].Fingerprint)
	assert.Equal(t, exporttest.Reason, r.IgnoredReview[0].Reason())
	require.Len(t, r.Review, len(r.Findings))
	assert.Equal(t, review.Confirmed, r.Review[0].Status())
	for i, d := range r.Review {
		assert.Equal(t, all[i+1].Fingerprint, d.Fingerprint, "fingerprints taken over every finding")
	}
	assert.Equal(t, r.Review, export.Decisions(r))

	t.Run("text", func(t *testing.T) {
		var plainOut, out, shown bytes.Buffer
		require.NoError(t, export.WriteText(&plainOut, []export.Result{plain}, export.TextOptions{}))
		require.NoError(t, export.WriteText(&out, []export.Result{r}, export.TextOptions{}))
		require.NoError(t, export.WriteText(&shown, []export.Result{r}, export.TextOptions{ShowIgnored: true}))
		first := strings.SplitN(plainOut.String(), "\n", 2)[0]
		require.Contains(t, first, "NM101")
		assert.NotContains(t, out.String(), first, "a dismissed finding is not printed")
		assert.Contains(t, plainOut.String(), "9 个错误")
		assert.Contains(t, out.String(), "8 个错误", "nor counted")
		assert.Contains(t, out.String(), "另有 1 个问题已按审核记录标为非错误，不计入（--show-ignored 列出）")
		assert.Contains(t, out.String(), " [已确认]", "a confirmed finding says so")
		assert.Contains(t, shown.String(), first+" [非错误："+exporttest.Reason+"]")
		assert.Contains(t, shown.String(), "8 个错误", "shown, still not counted")
		assert.NotContains(t, plainOut.String(), "审核", "no review, no change")
	})

	t.Run("json", func(t *testing.T) {
		decode := func(opts export.JSONOptions) export.JSONReport {
			var buf bytes.Buffer
			w := export.NewJSONWriterWith(&buf, opts)
			w.Add(r)
			require.NoError(t, w.Close())
			var out struct {
				Version int                 `json:"version"`
				Reports []export.JSONReport `json:"reports"`
			}
			require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
			assert.Equal(t, 1, out.Version)
			return out.Reports[0]
		}
		jr := decode(export.JSONOptions{})
		assert.Len(t, jr.Findings, len(r.Findings))
		assert.Empty(t, jr.Ignored)
		assert.Equal(t, &export.JSONReview{Status: "confirmed"}, jr.Findings[0].Review)
		assert.Nil(t, jr.Findings[1].Review)
		for i, f := range jr.Findings {
			assert.Equal(t, r.Review[i].Fingerprint, f.Fingerprint)
		}
		jr = decode(export.JSONOptions{ShowIgnored: true})
		require.Len(t, jr.Ignored, 1)
		assert.Equal(t, &export.JSONReview{Status: "dismissed", Reason: exporttest.Reason, Who: "区政务公开办", When: "2024-03-01T09:30:00Z"}, jr.Ignored[0].Review)
		assert.Equal(t, all[0].Fingerprint, jr.Ignored[0].Fingerprint)
		assert.Equal(t, 25, jr.Ignored[0].Line)
	})

	t.Run("without review", func(t *testing.T) {
		// Every finding has its fingerprint, and no review.
		for i, f := range export.JSONFindings(plain, "zh") {
			assert.Equal(t, all[i].Fingerprint, f.Fingerprint)
			assert.Nil(t, f.Review)
		}
	})
}
