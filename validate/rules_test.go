package validate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/txtartest"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// TestRules runs every txtar case in testdata/rules. A case named
// RULE_name runs that rule alone on input.txt, one named ALL_name every
// rule (the negative case they share); each line of want is
// "line:col: RULE: regexp" and must match exactly one finding, and every
// finding must be wanted. fixed.txt, when present, is input.txt with the
// first fix of every finding applied.
func TestRules(t *testing.T) {
	txtartest.Run(t, "testdata/rules/*.txtar", func(t *testing.T, name string, sections map[string]string) {
		input, ok := sections["input.txt"]
		require.True(t, ok, "case has no input.txt")
		id, _, _ := strings.Cut(name, "_")
		rules := validate.All
		if id != "ALL" {
			rule := validate.Lookup(id)
			require.NotNil(t, rule, "no rule %s", id)
			rules = []*validate.Rule{rule}
		}
		findings, doc := mustCheck(t, input, rules...)
		matchWant(t, findings, sections["want"])
		if want, ok := sections["fixed.txt"]; ok {
			assert.Equal(t, strings.TrimRight(want, "\n"), strings.TrimRight(applyFixes(doc.Text, findings), "\n"))
		}
	})
}

func mustCheck(tb testing.TB, input string, rules ...*validate.Rule) ([]validate.Finding, *extract.Document) {
	tb.Helper()
	doc := txt.Parse("input.txt", input)
	rep, err := normalize.Normalize(doc)
	require.NoError(tb, err)
	fs, err := validate.Check(rep, validate.Options{Rules: rules})
	require.NoError(tb, err)
	return fs, doc
}

var wantLine = regexp.MustCompile(`^(\d+):(\d+): ([A-Z]{2}\d{3}): (.*)$`)

func matchWant(t *testing.T, findings []validate.Finding, want string) {
	t.Helper()
	used := make([]bool, len(findings))
	for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
		if line == "" {
			continue
		}
		m := wantLine.FindStringSubmatch(line)
		require.NotNil(t, m, "bad want line %q", line)
		l, _ := strconv.Atoi(m[1])
		c, _ := strconv.Atoi(m[2])
		re := regexp.MustCompile(m[4])
		found := false
		for i, f := range findings {
			if !used[i] && f.Pos.Line == l && f.Pos.Column == c && f.Rule.ID == m[3] && re.MatchString(f.Message.Zh) {
				used[i], found = true, true
				break
			}
		}
		assert.True(t, found, "no finding matches %q; got:\n%s", line, describe(findings))
	}
	for i, f := range findings {
		assert.True(t, used[i], "unexpected finding %d:%d: %s: %s", f.Pos.Line, f.Pos.Column, f.Rule.ID, f.Message.Zh)
	}
}

func describe(fs []validate.Finding) string {
	var sb strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&sb, "  %d:%d: %s: %s\n", f.Pos.Line, f.Pos.Column, f.Rule.ID, f.Message.Zh)
	}
	return sb.String()
}

// applyFixes applies the first fix of each finding, last edit first so
// earlier offsets stay valid.
func applyFixes(text string, fs []validate.Finding) string {
	var edits []validate.Edit
	for _, f := range fs {
		if len(f.Fixes) > 0 {
			edits = append(edits, f.Fixes[0].Edits...)
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Span.Start > edits[j].Span.Start })
	for _, e := range edits {
		text = text[:e.Span.Start] + e.NewText + text[e.Span.End:]
	}
	return text
}

// TestAll checks the rule list itself: sorted, unique, well-formed IDs,
// every rule documented in both languages (what rules.toml gave it at
// load) and covered by a test case.
func TestAll(t *testing.T) {
	idRE := regexp.MustCompile(`^(ST|TB|NU|NM|TX|CR)[0-9]{3}$`)
	seen := map[string]bool{}
	prev := ""
	for _, r := range validate.All {
		assert.Regexp(t, idRE, r.ID)
		assert.False(t, seen[r.ID], "duplicate rule %s", r.ID)
		seen[r.ID] = true
		assert.Less(t, prev, r.ID, "All is not sorted at %s", r.ID)
		prev = r.ID
		assert.NotEmpty(t, r.Title.Zh, r.ID)
		assert.NotEmpty(t, r.Title.En, r.ID)
		for part, m := range map[string]validate.Msg{"Text": r.Doc.Text, "Before": r.Doc.Before, "After": r.Doc.After} {
			assert.NotEmpty(t, m.Zh, "%s: Doc.%s.Zh", r.ID, part)
			assert.NotEmpty(t, m.En, "%s: Doc.%s.En", r.ID, part)
			assert.NotContains(t, m.Zh, "例：", "%s: Doc.%s.Zh holds an example; put it in Before", r.ID, part)
			assert.NotContains(t, m.Zh, "修正：", "%s: Doc.%s.Zh holds a fix; put it in After", r.ID, part)
			assert.NotContains(t, m.En, "Before:", "%s: Doc.%s.En holds an example; put it in Before", r.ID, part)
			assert.NotContains(t, m.En, "After:", "%s: Doc.%s.En holds a fix; put it in After", r.ID, part)
		}
		assert.NotNil(t, r.Run, r.ID)
		assert.Contains(t, []validate.Severity{validate.Error, validate.Warning, validate.Info}, r.Severity, r.ID)
		cases, _ := filepath.Glob("testdata/rules/" + r.ID + "_*.txtar")
		shared, _ := filepath.Glob("testdata/rules/ALL_*.txtar")
		var positive bool
		for _, c := range cases {
			if strings.TrimSpace(txtartest.Sections(t, c)["want"]) != "" {
				positive = true
			}
		}
		assert.True(t, positive, "rule %s has no test case with a finding", r.ID)
		assert.Greater(t, len(cases)+len(shared), 1, "rule %s needs a negative case too", r.ID)
	}
	_, err := os.Stat("testdata/rules")
	require.NoError(t, err)
}

// TestBlankTemplate: the national template of 国办公开办函〔2021〕30号 as
// the notice prints it, every table present and no value filled, is three
// unfilled tables (one ST109 each), not missing tables or rows, and its
// identities say nothing.
func TestBlankTemplate(t *testing.T) {
	src, err := os.ReadFile("testdata/template2021_blank.txt")
	require.NoError(t, err)
	fs, _ := mustCheck(t, string(src))
	count := map[string]int{}
	for _, f := range fs {
		count[f.Rule.ID]++
	}
	assert.Equal(t, 3, count["ST109"], describe(fs))
	for _, id := range []string{"ST104", "ST105", "TB101", "TB102", "TB103", "TB104", "NU101", "NU102"} {
		assert.Zero(t, count[id], "%s on the blank template:\n%s", id, describe(fs))
	}
}

// TestDocIn checks that a rule's doc renders as its explanation reads:
// the text, then the example and its correction under their headings.
func TestDocIn(t *testing.T) {
	d := validate.Lookup("ST107").Doc
	assert.Equal(t, d.Text.Zh+"\n例：“2.其他法律法规禁止公开”。\n修正：“2.其他法律行政法规禁止公开”。", d.In("zh"))
	assert.Equal(t, d.Text.En+"\nBefore: 2.其他法律法规禁止公开\nAfter: 2.其他法律行政法规禁止公开", d.In("en"))
	assert.Equal(t, "只有说明", validate.Doc{Text: validate.Msg{Zh: "只有说明"}}.In("en"))
}
