package validate_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

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
