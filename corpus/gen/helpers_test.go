package gen

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// mustCheck writes src to dir and runs the real pipeline on it.
func mustCheck(tb testing.TB, dir, name string, src []byte) corpus.Result {
	tb.Helper()
	path := filepath.Join(dir, name)
	require.NoError(tb, os.WriteFile(path, src, 0o644))
	res := corpus.CheckFile(context.Background(), path, corpus.Options{})
	require.NotNil(tb, res.Report, "%s: %v", name, res.Err)
	return res
}

// seeds returns n seeds from base, fewer under -short.
func seeds(base int64, n int) []int64 {
	if testing.Short() {
		n = max(2, n/4)
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = base + int64(i)
	}
	return out
}

// knownBug is a pipeline bug the round trip runs into. Where it applies,
// wrong cells in its rows are logged instead of failing the test, which
// stays strict everywhere else; delete the entry once the bug is fixed.
type knownBug struct {
	what    string
	applies func(format string, d Damage) bool
	rows    []string // prefixes of the cell keys it loses
}

// knownBugs is empty: the bugs the generator found are fixed.
var knownBugs = []knownBug{}

// excused returns the known bug that explains a wrong cell, or nil.
func excused(format string, d Damage, key string) *knownBug {
	for i, b := range knownBugs {
		if !b.applies(format, d) {
			continue
		}
		for _, r := range b.rows {
			if strings.HasPrefix(key, r) {
				return &knownBugs[i]
			}
		}
	}
	return nil
}

// knownFalse are findings the pipeline gives on correct text: the rule
// and the words of the report that trigger it.
var knownFalse = []struct {
	rule, trigger, what string
}{}

// falseFindings returns the error and warning findings of res that no
// known false positive explains.
func falseFindings(res corpus.Result) []validate.Finding {
	var out []validate.Finding
	for _, f := range res.Findings {
		if f.Severity < validate.Warning {
			continue
		}
		known := false
		for _, k := range knownFalse {
			known = known || f.Rule.ID == k.rule && strings.Contains(res.Report.Doc.Text, k.trigger)
		}
		if !known {
			out = append(out, f)
		}
	}
	return out
}

// variantSeeds returns n seeds from base whose reports exercise at least
// one real variant (fewer under -short).
func variantSeeds(tb testing.TB, base int64, n int) []int64 {
	tb.Helper()
	if testing.Short() {
		n = max(2, n/4)
	}
	var out []int64
	for seed := base; len(out) < n; seed++ {
		if v := Generate(seed, Options{}).Variants("text", Damage{}); v[0].Class != ClassPlain {
			out = append(out, seed)
		}
	}
	return out
}

// mustUnzip returns the files of a zip archive by name.
func mustUnzip(tb testing.TB, b []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(tb, err)
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(tb, err)
		data, err := io.ReadAll(rc)
		require.NoError(tb, err)
		rc.Close()
		out[f.Name] = data
	}
	return out
}

// checkIdentities checks that every identity of r's template holds on its
// truth.
func checkIdentities(t *testing.T, r *Report) {
	t.Helper()
	for _, inst := range normalize.ProfileFor(r.Template).Instances("") {
		l, rt := 0.0, 0.0
		for _, k := range inst.Left {
			l += r.Cells[k]
		}
		for _, k := range inst.Right {
			rt += r.Cells[k]
		}
		assert.Equal(t, l, rt, "seed %d: %s along %s", r.Seed, inst.Identity.ID, inst.Along)
	}
}

var (
	counts   = regexp.MustCompile(`(\d+)(?:条|件)`)
	percents = regexp.MustCompile(`占[0-9.]+%`)
)

// checkSum checks that an enumeration (共N条，其中A条，B条) adds up: the last
// count before 其中 is the sum of the counts after it, percentages (占x%)
// aside. Text without 其中 is no enumeration.
func checkSum(t *testing.T, seed int64, text string) {
	t.Helper()
	total, parts, ok := strings.Cut(text, "其中")
	if !ok {
		return
	}
	parts = percents.ReplaceAllString(parts, "")
	tm := counts.FindAllStringSubmatch(total, -1)
	sum := 0
	for _, m := range counts.FindAllStringSubmatch(parts, -1) {
		v, _ := strconv.Atoi(m[1])
		sum += v
	}
	want, _ := strconv.Atoi(tm[len(tm)-1][1])
	assert.Equal(t, want, sum, "seed %d: %s", seed, text)
}
