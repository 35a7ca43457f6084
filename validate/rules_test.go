package validate_test

import (
	"bufio"
	"encoding/json"
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
	"golang.org/x/tools/txtar"

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

// TestFix_Safe: place-name fixes are safe, label fixes (ST107) not; a
// table total is safe only when the identities leave that one cell to
// change.
func TestFix_Safe(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/rules/TB103_rowtotal.txtar")
	require.NoError(t, err)
	input := string(ar.Files[0].Data)
	const (
		newRow   = "一、本年新收政府信息公开申请数量\t\t5\t1\t0\t0\t0\t0\t7"
		totalRow = "\t（七）总计\t5\t1\t0\t0\t0\t0\t6"
	)
	require.Contains(t, input, newRow)
	require.Contains(t, input, totalRow)
	tb := []*validate.Rule{validate.Lookup("TB101"), validate.Lookup("TB102"), validate.Lookup("TB103")}
	safe := func(fs []validate.Finding) (n, safe int) {
		for _, f := range fs {
			for _, fx := range f.Fixes {
				n++
				if fx.Safe {
					safe++
				}
			}
		}
		return n, safe
	}

	t.Run("one candidate", func(t *testing.T) {
		// 5+1 is not 7, and the total column's 7+1 is not 6+1: only the
		// 7 mends both.
		fs, _ := mustCheck(t, input, tb...)
		n, s := safe(fs)
		require.Equal(t, 1, n)
		assert.Equal(t, 1, s)
	})
	t.Run("two candidates", func(t *testing.T) {
		// The total row says 7 as well: the total column holds, so either
		// both totals or a part of each row is wrong.
		fs, _ := mustCheck(t, strings.Replace(input, totalRow, "\t（七）总计\t5\t1\t0\t0\t0\t0\t7", 1), tb...)
		n, s := safe(fs)
		require.NotZero(t, n)
		assert.Zero(t, s)
	})
	t.Run("typo, not label", func(t *testing.T) {
		// The place name follows from the division data; a label's
		// wording is the agency's to change, so ST107 offers, never makes.
		seed, err := os.ReadFile("../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
		require.NoError(t, err)
		fs, _ := mustCheck(t, string(seed), validate.Lookup("NM101"), validate.Lookup("ST107"))
		require.Len(t, fs, 6)
		for _, f := range fs {
			require.Len(t, f.Fixes, 1)
			assert.Equal(t, f.Rule.ID == "NM101", f.Fixes[0].Safe, f.Message.Zh)
		}
	})
}

// realSentence is one line of testdata/real/sentences.jsonl: a sentence
// taken from a published report, with what the text rules must make of it.
type realSentence struct {
	ID           string `json:"id"`
	Source       string `json:"source"`
	Agency       string `json:"agency"`
	Year         int    `json:"year"`
	Text         string `json:"text"`
	Enumerations []struct {
		Total      int   `json:"total"`
		Parts      []int `json:"parts"`
		Partial    bool  `json:"partial"`
		Consistent bool  `json:"consistent"`
	} `json:"enumerations"`
	Claims []struct {
		Number int            `json:"number"`
		Cells  []string       `json:"cells"`
		Table  map[string]any `json:"table"` // the report's own cells: number, "" (blank) or raw text
	} `json:"claims"`
	Note string `json:"note"`
}

func mustReadSentences(tb testing.TB, path string) []realSentence {
	tb.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("%s not there yet", path)
	}
	require.NoError(tb, err)
	defer f.Close()
	var out []realSentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var s realSentence
		require.NoError(tb, json.Unmarshal([]byte(line), &s), "%s:%d", path, n)
		require.NotEmpty(tb, s.Text, "%s:%d", path, n)
		out = append(out, s)
	}
	require.NoError(tb, sc.Err())
	return out
}

var placeholder = regexp.MustCompile(`\{\{([a-z_.]+)\}\}`)

// templateOf is the template a report of year follows ("" before 2019,
// when there was none).
func templateOf(year int) string {
	switch {
	case year < 2019:
		return ""
	case year <= 2020:
		return "2019"
	}
	return "2021"
}

// mustRender puts text into section 一 of a minimal report of template
// tpl (testdata/real/skeleton*.txt) and fills its tables with cells, raw
// cell texts ("0" where not given). A total of requests given alone is
// also written as the natural persons' count, so that the row adds up.
// Template "" gives a report without tables.
func mustRender(tb testing.TB, tpl, text string, cells map[string]string) string {
	tb.Helper()
	name := "testdata/real/skeleton.txt"
	if tpl == "2019" {
		name = "testdata/real/skeleton2019.txt"
	}
	raw, err := os.ReadFile(name)
	require.NoError(tb, err)
	sk := string(raw)
	if tpl == "" {
		sk = sk[:strings.Index(sk, "二、主动公开政府信息情况")]
	}
	filled := map[string]string{}
	for k, v := range cells {
		filled[k] = v
		if row, ok := strings.CutSuffix(k, ".total"); ok && strings.HasPrefix(k, "requests.") {
			if _, set := cells[row+".natural_person"]; !set {
				filled[row+".natural_person"] = v
			}
		}
	}
	text = strings.ReplaceAll(strings.TrimSpace(text), "\n", "")
	return placeholder.ReplaceAllStringFunc(sk, func(m string) string {
		key := m[2 : len(m)-2]
		if key == "text" {
			return text
		}
		if v, ok := filled[key]; ok {
			return v
		}
		return "0"
	})
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// cellKeys are the cell keys of a template.
func cellKeys(tpl string) []string {
	var keys []string
	for _, t := range normalize.ProfileFor(tpl).Tables {
		keys = append(keys, t.CellKeys()...)
	}
	return keys
}

// expandKey turns a key with * (any one segment) into the keys of the
// template it names.
func expandKey(tb testing.TB, tpl, key string) []string {
	tb.Helper()
	re := regexp.MustCompile(`^` + strings.ReplaceAll(regexp.QuoteMeta(key), `\*`, `[^.]+`) + `$`)
	var out []string
	for _, k := range cellKeys(tpl) {
		if re.MatchString(k) {
			out = append(out, k)
		}
	}
	require.NotEmpty(tb, out, "cell key %q is not in the %s template", key, tpl)
	return out
}

// TestReal runs NU101 and NU102 on every real sentence of
// testdata/real/sentences.jsonl, alone in section 一 of a minimal report
// of the template of its year.
//
//   - NU101 reports exactly the enumerations that do not add up (marked
//     consistent:false and not partial, or partial with parts above the
//     total); where the parser reads a complete marked enumeration, it reads
//     its parts.
//   - NU102 is silent when the table agrees with the claims, and on numbers
//     the data does not list as claims; changing any one claimed cell makes
//     it report that claim; with the report's own table cells (claims[].table)
//     it reports exactly the claims they contradict, where it could read them.
func TestReal(t *testing.T) {
	path := "testdata/real/sentences.jsonl"
	if p := os.Getenv("NIANBAO_REAL_SENTENCES"); p != "" {
		path = p
	}
	sentences := mustReadSentences(t, path)
	nu101, nu102 := validate.Lookup("NU101"), validate.Lookup("NU102")
	var nEnum, nFound, nClaim, nPerturb, nReal int
	for _, s := range sentences {
		t.Run(s.ID, func(t *testing.T) {
			t.Logf("%s\n%s\nnote: %s", s.Source, s.Text, s.Note)
			tpl := templateOf(s.Year)
			// (a) enumerations.
			fs, _ := mustCheck(t, mustRender(t, tpl, s.Text, nil), nu101)
			got := map[int]int{}
			for _, f := range fs {
				got[totalOf(f.Message.Zh)]++
			}
			parsed := validate.ParseEnumerations(s.Text)
			for _, e := range s.Enumerations {
				nEnum++
				sum := 0
				for _, p := range e.Parts {
					sum += p
				}
				if !e.Consistent && (!e.Partial || sum > e.Total) {
					nFound++
					assert.Positive(t, got[e.Total], "no NU101 on total %d ≠ %v", e.Total, e.Parts)
				} else {
					assert.Zero(t, got[e.Total], "NU101 on total %d, which adds up or may be partial: %s", e.Total, describe(fs))
				}
				delete(got, e.Total)
				if !e.Partial {
					checkParse(t, parsed, e.Total, e.Parts)
				}
			}
			for n := range got {
				t.Errorf("NU101 on total %d, which the data does not list: %s", n, describe(fs))
			}

			// (b) claims.
			cells, ok := agreeingTable(t, tpl, s)
			if !ok {
				t.Errorf("the claims cannot all hold at once; fix the data")
				return
			}
			fs, doc := mustCheck(t, mustRender(t, tpl, s.Text, cells), nu102)
			for _, f := range fs {
				t.Errorf("NU102 on a table that agrees with the listed claims: %q %s", doc.Slice(f.Span), f.Message.Zh)
			}
			for _, c := range s.Claims {
				nClaim++
				for _, pattern := range c.Cells {
					for _, key := range expandKey(t, tpl, pattern) {
						nPerturb++
						perturbed := map[string]string{}
						for k, v := range cells {
							perturbed[k] = v
						}
						v, _ := strconv.ParseFloat(cells[key], 64)
						perturbed[key] = num(v + 1)
						fs, doc := mustCheck(t, mustRender(t, tpl, s.Text, perturbed), nu102)
						assert.True(t, hasClaimFinding(fs, doc, c.Number, key), "%s+1: no NU102 on %d; got %s", key, c.Number, describe(fs))
					}
				}
			}

			// (c) the report's own cells.
			real, any := realTable(t, tpl, s, cells)
			if !any {
				return
			}
			nReal++
			input := mustRender(t, tpl, s.Text, real)
			fs, doc = mustCheck(t, input, nu102)
			rep, err := normalize.Normalize(txt.Parse("input.txt", input))
			require.NoError(t, err)
			want := 0
		claims:
			for _, c := range s.Claims {
				sum := 0.0
				var keys []string
				for _, p := range c.Cells {
					for _, k := range expandKey(t, tpl, p) {
						cell := rep.Cell(k)
						v, ok := cell.Num()
						tab := rep.Tables[cell.Table]
						if !ok || len(tab.MissingRows) > 0 || len(tab.MissingCols[cell.Row]) > 0 {
							t.Logf("real table: %s unread (%s %q) or its table damaged: no finding either way", k, cell.State, cell.Raw)
							continue claims
						}
						sum += v
						keys = append(keys, k)
					}
				}
				if sum != float64(c.Number) {
					want++
					t.Logf("real table: %d in the text, %s in the table", c.Number, num(sum))
					assert.True(t, hasClaimFinding(fs, doc, c.Number, keys[0]), "real table: no NU102 on %d (table %s)", c.Number, num(sum))
				}
			}
			assert.Len(t, fs, want, "real table: %s", describe(fs))
		})
	}
	t.Logf("%d sentences, %d enumerations (%d must be reported), %d claims, %d perturbed cells, %d real tables",
		len(sentences), nEnum, nFound, nClaim, nPerturb, nReal)
}

// checkParse: where the parser reads an enumeration of total, it reads
// parts. An enumeration it does not read at all is a check not made, not
// a false finding; it is logged.
func checkParse(t *testing.T, parsed []validate.Enumeration, total int, parts []int) {
	t.Helper()
	var seen []validate.Enumeration
	for _, e := range parsed {
		if e.Total != total || e.Doubt != "" {
			continue
		}
		if fmt.Sprint(e.Parts) == fmt.Sprint(parts) {
			return
		}
		seen = append(seen, e)
	}
	if len(seen) > 0 {
		t.Errorf("parser reads %d as %+v, want parts %v", total, seen, parts)
		return
	}
	t.Logf("parser does not read %d = %v", total, parts)
}

// realTable returns the agreeing cells overlaid with the report's own
// cells of the claims (claims[].table): "" is a blank cell; a key with *
// sets every cell it names; sum(cells) puts the sum in the claim's first
// cell. any is false when the data gives none.
func realTable(tb testing.TB, tpl string, s realSentence, agreeing map[string]string) (map[string]string, bool) {
	out := map[string]string{}
	for k, v := range agreeing {
		out[k] = v
	}
	any := false
	for _, c := range s.Claims {
		for k, v := range c.Table {
			any = true
			raw := fmt.Sprint(v)
			if f, ok := v.(float64); ok {
				raw = num(f)
			}
			if k == "sum(cells)" {
				keys := expandKey(tb, tpl, c.Cells[0])
				for _, p := range c.Cells[1:] {
					keys = append(keys, expandKey(tb, tpl, p)...)
				}
				for i, key := range keys {
					out[key] = "0"
					if i == 0 {
						out[key] = raw
					}
				}
				continue
			}
			for _, key := range expandKey(tb, tpl, k) {
				out[key] = raw
			}
		}
	}
	return out, any
}

var totalRE = regexp.MustCompile(`^总数 (\d+)`)

func totalOf(msg string) int {
	m := totalRE.FindStringSubmatch(msg)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func hasEnumeration(parsed []validate.Enumeration, total int, parts []int) bool {
	for _, e := range parsed {
		if e.Total != total || e.Doubt != "" || len(e.Parts) != len(parts) {
			continue
		}
		same := true
		for i := range parts {
			same = same && e.Parts[i] == parts[i]
		}
		if same {
			return true
		}
	}
	return false
}

// agreeingTable sets the cells so that every claim holds: claims over
// fewer cells first; a claim's unset cells take what its set ones leave.
func agreeingTable(tb testing.TB, tpl string, s realSentence) (map[string]string, bool) {
	type cl struct {
		n    float64
		keys []string
	}
	var cls []cl
	for _, c := range s.Claims {
		var keys []string
		for _, p := range c.Cells {
			keys = append(keys, expandKey(tb, tpl, p)...)
		}
		cls = append(cls, cl{float64(c.Number), keys})
	}
	sort.SliceStable(cls, func(i, j int) bool { return len(cls[i].keys) < len(cls[j].keys) })
	cells := map[string]float64{}
	for _, c := range cls {
		sum := 0.0
		var free []string
		for _, k := range c.keys {
			if v, ok := cells[k]; ok {
				sum += v
			} else {
				free = append(free, k)
			}
		}
		for i, k := range free {
			cells[k] = 0
			if i == 0 {
				cells[k] = c.n - sum
				sum = c.n
			}
		}
		if sum != c.n || (len(free) > 0 && cells[free[0]] < 0) {
			return nil, false
		}
	}
	out := map[string]string{}
	for k, v := range cells {
		out[k] = num(v)
	}
	return out, true
}

// hasClaimFinding reports whether an NU102 finding speaks of the claim of
// n (its number, or its words when n is 0) and of cell key.
func hasClaimFinding(fs []validate.Finding, doc *extract.Document, n int, key string) bool {
	for _, f := range fs {
		if f.Rule.ID != "NU102" {
			continue
		}
		about := f.Key == key
		for _, r := range f.Related {
			about = about || r.Key == key
		}
		said := doc.Slice(f.Span)
		if about && (said == strconv.Itoa(n) || (n == 0 && !strings.ContainsAny(said, "123456789"))) {
			return true
		}
	}
	return false
}

// TestTX_RealReports runs the wording rules on whole real reports kept in
// testdata/real/tx (full-width punctuation intact, tables flattened into
// the text as the site printed them); want lists every TX finding, each
// reviewed by hand as real.
func TestTX_RealReports(t *testing.T) {
	rules, err := validate.Resolve([]string{"TX"})
	require.NoError(t, err)
	txtartest.Run(t, "testdata/real/tx/*.txtar", func(t *testing.T, _ string, sections map[string]string) {
		findings, _ := mustCheck(t, sections["input.txt"], rules...)
		matchWant(t, findings, sections["want"])
	})
}

// TestRealReports runs every rule on the real reports kept in
// testdata/real/reports (stored excerpts as the store keeps them: ASCII
// punctuation, tables flattened, most cut off); want lists every finding,
// each read against the text by hand, and the header says what was
// found false and fixed, and what real error is still missed.
func TestRealReports(t *testing.T) {
	txtartest.Run(t, "testdata/real/reports/*.txtar", func(t *testing.T, _ string, sections map[string]string) {
		findings, _ := mustCheck(t, sections["input.txt"], validate.All...)
		matchWant(t, findings, sections["want"])
	})
}

// TestTX_OCR: on recognised text a finding about characters is a note,
// since the character may be a recognition error.
func TestTX_OCR(t *testing.T) {
	doc := txt.Parse("scan.txt", "二是规范审核审核发布机制，截止2020年底运转正常，推进监管执法信息公开,通过微信公众号发布信息。\n")
	doc.OCR = true
	rep, err := normalize.Normalize(doc)
	require.NoError(t, err)
	rules, err := validate.Resolve([]string{"TX"})
	require.NoError(t, err)
	fs, err := validate.Check(rep, validate.Options{Rules: rules})
	require.NoError(t, err)
	got := map[string]bool{}
	for _, f := range fs {
		got[f.Rule.ID] = true
		assert.Equal(t, validate.Info, f.Severity, "%s %s", f.Rule.ID, f.Message.Zh)
		assert.Contains(t, f.Message.Zh, "OCR")
	}
	assert.True(t, got["TX101"] && got["TX103"] && got["TX105"], describe(fs))
}
