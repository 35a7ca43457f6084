package validate_test

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
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
		Number int      `json:"number"`
		Cells  []string `json:"cells"`
	} `json:"claims"`
	Table map[string]float64 `json:"table"`
	Note  string             `json:"note"`
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

// mustRender puts text into section 一 of the 2021-template skeleton and
// fills the tables with cells (0 where not given). A total of requests
// given alone is also written as the natural persons' count, so that the
// row adds up.
func mustRender(tb testing.TB, text string, cells map[string]float64) string {
	tb.Helper()
	sk, err := os.ReadFile("testdata/real/skeleton.txt")
	require.NoError(tb, err)
	filled := map[string]float64{}
	for k, v := range cells {
		filled[k] = v
		if row, ok := strings.CutSuffix(k, ".total"); ok && strings.HasPrefix(k, "requests.") {
			if _, set := cells[row+".natural_person"]; !set {
				filled[row+".natural_person"] = v
			}
		}
	}
	text = strings.ReplaceAll(strings.TrimSpace(text), "\n", "")
	return placeholder.ReplaceAllStringFunc(string(sk), func(m string) string {
		key := m[2 : len(m)-2]
		if key == "text" {
			return text
		}
		return strconv.FormatFloat(filled[key], 'f', -1, 64)
	})
}

// cellKeys2021 are the cell keys of the 2021 template.
func cellKeys2021() []string {
	var keys []string
	for _, t := range normalize.ProfileFor("2021").Tables {
		keys = append(keys, t.CellKeys()...)
	}
	return keys
}

// expandKey turns a key with * (any one segment) into the 2021 keys it
// names.
func expandKey(tb testing.TB, key string) []string {
	tb.Helper()
	re := regexp.MustCompile(`^` + strings.ReplaceAll(regexp.QuoteMeta(key), `\*`, `[^.]+`) + `$`)
	var out []string
	for _, k := range cellKeys2021() {
		if re.MatchString(k) {
			out = append(out, k)
		}
	}
	require.NotEmpty(tb, out, "cell key %q is not in the 2021 template", key)
	return out
}

func checkRule(tb testing.TB, input string, rule *validate.Rule) ([]validate.Finding, *extract.Document) {
	tb.Helper()
	return mustCheck(tb, input, rule)
}

// TestReal runs NU101 and NU102 on every real sentence of
// testdata/real/sentences.jsonl, alone in section 一 of a minimal report.
//
//   - NU101 reports exactly the enumerations marked inconsistent, by total,
//     and the parser reads every marked enumeration with its parts.
//   - NU102 is silent when the table agrees with the claims; changing any
//     one claimed cell makes it report that claim; when the sentence comes
//     with the real table, it reports exactly the claims the table
//     contradicts.
func TestReal(t *testing.T) {
	sentences := mustReadSentences(t, "testdata/real/sentences.jsonl")
	nu101, nu102 := validate.Lookup("NU101"), validate.Lookup("NU102")
	var nEnum, nClaim, nPerturb int
	for _, s := range sentences {
		t.Run(s.ID, func(t *testing.T) {
			t.Logf("%s\n%s", s.Source, s.Text)
			// (a) enumerations.
			fs, _ := checkRule(t, mustRender(t, s.Text, nil), nu101)
			got := map[int]int{}
			for _, f := range fs {
				got[totalOf(f.Message.Zh)]++
			}
			parsed := validate.ParseEnumerations(s.Text)
			for _, e := range s.Enumerations {
				nEnum++
				if e.Consistent {
					assert.Zero(t, got[e.Total], "NU101 on consistent total %d: %s", e.Total, describe(fs))
				} else {
					assert.Positive(t, got[e.Total], "no NU101 on total %d ≠ %v", e.Total, e.Parts)
				}
				delete(got, e.Total)
				assert.True(t, hasEnumeration(parsed, e.Total, e.Parts), "parser does not read %d = %v (partial=%v); got %+v", e.Total, e.Parts, e.Partial, parsed)
			}
			for n := range got {
				t.Errorf("NU101 on total %d, which the data does not list: %s", n, describe(fs))
			}

			// (b) claims.
			if len(s.Claims) == 0 {
				fs, _ := checkRule(t, mustRender(t, s.Text, nil), nu102)
				// Unclaimed numbers against a zero table: anything
				// reported is a claim the data does not list.
				for _, f := range fs {
					t.Errorf("NU102 without a listed claim: %d:%d %s", f.Pos.Line, f.Pos.Column, f.Message.Zh)
				}
				return
			}
			cells, ok := agreeingTable(t, s)
			if !ok {
				t.Errorf("the claims cannot all hold at once; fix the data")
				return
			}
			fs, doc := checkRule(t, mustRender(t, s.Text, cells), nu102)
			for _, f := range fs {
				t.Errorf("NU102 on a table that agrees: %q %s", doc.Slice(f.Span), f.Message.Zh)
			}
			for _, c := range s.Claims {
				nClaim++
				for _, pattern := range c.Cells {
					for _, key := range expandKey(t, pattern) {
						nPerturb++
						perturbed := map[string]float64{}
						for k, v := range cells {
							perturbed[k] = v
						}
						perturbed[key]++
						fs, doc := checkRule(t, mustRender(t, s.Text, perturbed), nu102)
						assert.True(t, hasClaimFinding(fs, doc, c.Number, key), "%s+1: no NU102 on %d; got %s", key, c.Number, describe(fs))
					}
				}
			}
			// (c) the real table, when given.
			if len(s.Table) > 0 {
				real := map[string]float64{}
				for k, v := range cells {
					real[k] = v
				}
				for k, v := range s.Table {
					real[k] = v
				}
				fs, doc := checkRule(t, mustRender(t, s.Text, real), nu102)
				want := 0
				for _, c := range s.Claims {
					sum := 0.0
					var keys []string
					for _, p := range c.Cells {
						for _, k := range expandKey(t, p) {
							sum += real[k]
							keys = append(keys, k)
						}
					}
					if sum != float64(c.Number) {
						want++
						assert.True(t, hasClaimFinding(fs, doc, c.Number, keys[0]), "real table: no NU102 on %d (table %v)", c.Number, sum)
					}
				}
				assert.Len(t, fs, want, "real table: %s", describe(fs))
			}
		})
	}
	t.Logf("%d sentences, %d enumerations, %d claims, %d perturbed cells", len(sentences), nEnum, nClaim, nPerturb)
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
func agreeingTable(tb testing.TB, s realSentence) (map[string]float64, bool) {
	type cl struct {
		n    float64
		keys []string
	}
	var cls []cl
	for _, c := range s.Claims {
		var keys []string
		for _, p := range c.Cells {
			keys = append(keys, expandKey(tb, p)...)
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
	return cells, true
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
