package normalize_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/normalize"
)

// realDocs reads every file of the real corpus (corpus/testdata/corpus,
// and /work/shared/corpus where this machine has it), the shared samples
// and the cases of testdata/cases, by name.
func realDocs(tb testing.TB) map[string]*extract.Document {
	tb.Helper()
	docs := map[string]*extract.Document{}
	for _, dir := range []string{"../corpus/testdata/corpus", "/work/shared/corpus", "../corpus/testdata/samples", "../corpus/testdata/rendered"} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.Name() == "scans" {
					return filepath.SkipDir // OCR: slow, and no label the text files lack
				}
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			// Files that are no report (README, SOURCES.tsv, scans
			// without OCR) fail to read and are skipped.
			if doc, err := input.Bytes(context.Background(), p, src, extract.Limits{}); err == nil {
				docs[p] = doc
			}
			return nil
		})
	}
	cases, err := filepath.Glob("testdata/cases/*.txtar")
	require.NoError(tb, err)
	for _, p := range cases {
		src, err := os.ReadFile(p)
		require.NoError(tb, err)
		_, in, ok := strings.Cut(string(src), "-- input.txt --\n")
		require.True(tb, ok, p)
		in, _, _ = strings.Cut(in, "\n-- ")
		docs[p] = txt.Parse("input.txt", in+"\n")
	}
	return docs
}

// damagedDocs renders n generated reports per format, each under random
// damage that keeps the numbers readable (spaced labels, wrapped labels,
// split cells, ASCII punctuation, page chrome), as the bench's damaged
// reports are made.
func damagedDocs(tb testing.TB, n int) map[string]*extract.Document {
	tb.Helper()
	docs := map[string]*extract.Document{}
	for _, format := range gen.Formats {
		for i := 0; i < n; i++ {
			seed := int64(14_000 + i)
			r := gen.Generate(seed, gen.Options{})
			d := gen.RandomDamage(rand.New(rand.NewSource(seed)), false)
			d.GBK = d.GBK && format == "html"
			d.Chrome = d.Chrome && format != "docx"
			src, ext := gen.Render(format, r, d)
			name := fmt.Sprintf("gen-%d-%s%s", seed, d, ext)
			doc, err := input.Bytes(context.Background(), name, src, extract.Limits{})
			require.NoError(tb, err, name)
			docs[name] = doc
		}
	}
	return docs
}

// TestMatchLabel_SameAsLCS holds the label matcher, with its character
// index and bounds, to LCS against every label of the table: on every
// label line of the real corpus, of the cases and of damaged generated
// reports, for every table of every template, every current row group
// and both wishes for a row, the two give the same label with the same
// score. A filter that dropped the label LCS picks fails here.
func TestMatchLabel_SameAsLCS(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 6
	}
	docs := realDocs(t)
	for k, v := range damagedDocs(t, n) {
		docs[k] = v
	}
	seen := map[string]bool{}
	var lines []string
	for _, doc := range docs {
		for _, l := range normalize.LabelLines(doc) {
			if !seen[l] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	asked, diffs := normalize.CompareMatchers(lines)
	t.Logf("%d documents, %d distinct label lines, %d questions", len(docs), len(lines), asked)
	require.Greater(t, len(lines), 1000)
	if len(diffs) > 20 {
		diffs = diffs[:20]
	}
	require.Empty(t, diffs)
}

// TestMatchJoined_SameAsMatchLabel: a label joined from two lines is
// matched, from the cache or not, as the joined string is, on pairs of
// consecutive label lines of the real corpus and the cases (some longer
// together than matchJoined's buffer).
func TestMatchJoined_SameAsMatchLabel(t *testing.T) {
	var lines []string
	seen := map[string]bool{}
	for _, doc := range realDocs(t) {
		for _, l := range normalize.LabelLines(doc) {
			if !seen[l] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	if testing.Short() && len(lines) > 300 {
		lines = lines[:300]
	}
	lines = append(lines, strings.Repeat("政府信息公开", 12), "总计")
	asked, diffs := normalize.CompareJoined(lines)
	t.Logf("%d label lines, %d questions", len(lines), asked)
	require.Greater(t, len(lines), 300)
	if len(diffs) > 20 {
		diffs = diffs[:20]
	}
	require.Empty(t, diffs)
}

// TestTableSpec_Index: each built-in table's character index, built in
// one array, is what appending to a slice per character gives, and each
// label folded in the shared slab is Fold of the label.
func TestTableSpec_Index(t *testing.T) {
	for _, p := range normalize.Profiles() {
		for _, ts := range p.Tables {
			runes, folded, canon := normalize.Index(ts)
			require.Equal(t, normalize.RefIndex(ts), runes, "%s %s", p.Template, ts.Key)
			var labels []string
			labels = append(labels, ts.Headers...)
			for _, c := range ts.Columns {
				labels = append(append(labels, c.Label), c.Aliases...)
				require.Equal(t, normalize.Fold(c.Label), canon[c.Label])
			}
			for _, g := range ts.Groups {
				labels = append(append(labels, g.Label), g.Aliases...)
			}
			for _, r := range ts.Rows {
				labels = append(append(labels, r.Label), r.Aliases...)
				require.Equal(t, normalize.Fold(r.Label), canon[r.Label])
			}
			require.Len(t, folded, len(labels))
			for i, l := range labels {
				require.Equal(t, []rune(normalize.Fold(l)), folded[i], "%q", l)
			}
		}
	}
}
