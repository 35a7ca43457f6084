package sarif_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sarif"
	"github.com/nianbao/nianbao/validate"
)

var batchFiles = []string{exporttest.TBBalance, exporttest.Seed, exporttest.Empty, exporttest.Clean, exporttest.Damaged}

func mustWrite(tb testing.TB, results []export.Result, opts sarif.Options) string {
	tb.Helper()
	return exporttest.MustWrite(tb, "out.sarif", func(path string) (*sarif.Writer, error) { return sarif.Create(path, opts) }, results)
}

type obj = map[string]any

// field returns a required member, failing when it is absent.
func field[T any](tb testing.TB, o obj, name string) T {
	tb.Helper()
	v, ok := o[name]
	require.True(tb, ok, "missing %q in %v", name, o)
	t, ok := v.(T)
	require.True(tb, ok, "%q is %T", name, v)
	return t
}

func objs(tb testing.TB, v []any) []obj {
	tb.Helper()
	out := make([]obj, len(v))
	for i, x := range v {
		o, ok := x.(obj)
		require.True(tb, ok)
		out[i] = o
	}
	return out
}

// checkRegion checks a region's lines and columns: 1-based, end after start.
func checkRegion(tb testing.TB, r obj) {
	tb.Helper()
	sl := field[float64](tb, r, "startLine")
	assert.GreaterOrEqual(tb, sl, 1.0)
	assert.GreaterOrEqual(tb, field[float64](tb, r, "startColumn"), 1.0)
	if el, ok := r["endLine"].(float64); ok {
		assert.GreaterOrEqual(tb, el, sl)
	}
}

// TestWriter checks the log against what SARIF 2.1.0 requires of each
// object, and against the findings it came from.
func TestWriter(t *testing.T) {
	results := exporttest.Check(t, batchFiles...)
	path := mustWrite(t, results, sarif.Options{})
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var log obj
	require.NoError(t, json.Unmarshal(raw, &log))
	assert.Equal(t, "2.1.0", field[string](t, log, "version"))
	assert.Equal(t, sarif.Schema, field[string](t, log, "$schema"))
	runs := objs(t, field[[]any](t, log, "runs"))
	require.Len(t, runs, 1)
	run := runs[0]
	assert.Equal(t, "unicodeCodePoints", field[string](t, run, "columnKind"))

	driver := field[obj](t, field[obj](t, run, "tool"), "driver")
	assert.Equal(t, "nianbao", field[string](t, driver, "name"))
	rules := map[string]obj{}
	for _, r := range objs(t, field[[]any](t, driver, "rules")) {
		rules[field[string](t, r, "id")] = r
		assert.NotEmpty(t, field[string](t, field[obj](t, r, "shortDescription"), "text"))
		assert.NotEmpty(t, field[string](t, field[obj](t, r, "fullDescription"), "text"))
		assert.Contains(t, []string{"error", "warning", "note"}, field[string](t, field[obj](t, r, "defaultConfiguration"), "level"))
		assert.NotContains(t, field[string](t, r, "name"), " ")
	}
	assert.Len(t, rules, len(validate.All), "every rule is described")
	tb101 := rules["TB101"]
	require.NotNil(t, tb101)
	assert.Equal(t, validate.Lookup("TB101").Title.Zh, tb101["shortDescription"].(obj)["text"])
	assert.Equal(t, validate.Lookup("TB101").Doc.In("zh"), tb101["fullDescription"].(obj)["text"])

	findings, paths := exporttest.Findings(results)
	res := objs(t, field[[]any](t, run, "results"))
	require.Len(t, res, len(findings))
	fixes := 0
	for i, r := range res {
		f := findings[i]
		assert.Contains(t, rules, field[string](t, r, "ruleId"))
		assert.Equal(t, f.Rule.ID, r["ruleId"])
		assert.Equal(t, sarif.Level(f.Severity), field[string](t, r, "level"))
		assert.Equal(t, f.Message.Zh, field[string](t, field[obj](t, r, "message"), "text"))
		locs := objs(t, field[[]any](t, r, "locations"))
		require.Len(t, locs, 1)
		phys := field[obj](t, locs[0], "physicalLocation")
		assert.Equal(t, sarif.URI(paths[i]), field[string](t, field[obj](t, phys, "artifactLocation"), "uri"))
		region := field[obj](t, phys, "region")
		checkRegion(t, region)
		assert.Equal(t, float64(f.Pos.Line), region["startLine"])
		assert.Equal(t, float64(f.Pos.Column), region["startColumn"])
		if rel, ok := r["relatedLocations"].([]any); ok {
			for _, l := range objs(t, rel) {
				checkRegion(t, field[obj](t, field[obj](t, l, "physicalLocation"), "region"))
			}
		}
		if fx, ok := r["fixes"].([]any); ok {
			for _, x := range objs(t, fx) {
				fixes++
				assert.NotEmpty(t, field[string](t, field[obj](t, x, "description"), "text"))
				for _, ch := range objs(t, field[[]any](t, x, "artifactChanges")) {
					field[obj](t, ch, "artifactLocation")
					for _, rp := range objs(t, field[[]any](t, ch, "replacements")) {
						checkRegion(t, field[obj](t, rp, "deletedRegion"))
					}
				}
			}
		}
	}
	assert.Positive(t, fixes, "the seed's typos carry fixes")

	// The NM101 fix replaces 溜川 by 淄川 at the finding's place.
	for i, r := range res {
		if findings[i].Rule.ID != "NM101" {
			continue
		}
		rp := r["fixes"].([]any)[0].(obj)["artifactChanges"].([]any)[0].(obj)["replacements"].([]any)[0].(obj)
		assert.Contains(t, rp["insertedContent"].(obj)["text"], "淄川")
		assert.Equal(t, r["locations"].([]any)[0].(obj)["physicalLocation"].(obj)["region"].(obj)["startColumn"], rp["deletedRegion"].(obj)["startColumn"])
		break
	}

	inv := objs(t, field[[]any](t, run, "invocations"))
	require.Len(t, inv, 1)
	assert.False(t, field[bool](t, inv[0], "executionSuccessful"))
	notes := objs(t, field[[]any](t, inv[0], "toolExecutionNotifications"))
	require.Len(t, notes, 2)
	assert.Equal(t, results[2].Err.Error(), notes[0]["message"].(obj)["text"])
	assert.Equal(t, "error", notes[0]["level"])

	t.Run("deterministic", func(t *testing.T) {
		b, err := os.ReadFile(mustWrite(t, results, sarif.Options{}))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(raw, b))
	})
	t.Run("english", func(t *testing.T) {
		b := exporttest.Written(t, func(w *bytes.Buffer) *sarif.Writer {
			return sarif.NewWriter(w, sarif.Options{Lang: "en", Rules: []*validate.Rule{}})
		}, results[0])
		var l struct {
			Runs []struct {
				Tool    sarif.Tool     `json:"tool"`
				Results []sarif.Result `json:"results"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal(b, &l))
		assert.Equal(t, results[0].Findings[0].Message.En, l.Runs[0].Results[0].Message.Text)
		require.Len(t, l.Runs[0].Tool.Driver.Rules, 1, "only the rules reported")
		assert.Equal(t, "RequestsBalanceIdentityFails", l.Runs[0].Tool.Driver.Rules[0].Name)
		assert.Equal(t, validate.Lookup("TB101").Doc.In("en"), l.Runs[0].Tool.Driver.Rules[0].FullDescription.Text)
	})
}

func TestURI(t *testing.T) {
	assert.Equal(t, "reports/%E6%B7%84%E5%8D%9A.txt", sarif.URI("reports/淄博.txt"))
	assert.Equal(t, "file:///data/a%20b.pdf", sarif.URI("/data/a b.pdf"))
	assert.Equal(t, "./a:b.txt", sarif.URI("a:b.txt"))
}

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
