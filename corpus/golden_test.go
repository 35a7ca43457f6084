package corpus_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files of the real corpus")

// corpusFiles lists the real reports kept in testdata/corpus.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	var files []string
	for _, pat := range []string{"*.txt", "*.md", "*.pdf", "*.html", "*.docx"} {
		m, err := filepath.Glob(filepath.Join("testdata", "corpus", pat))
		require.NoError(tb, err)
		for _, f := range m {
			if filepath.Base(f) != "README" {
				files = append(files, f)
			}
		}
	}
	require.NotEmpty(tb, files)
	return files
}

// TestGolden runs every real report and compares its canonical model and
// findings with the files reviewed by hand in testdata/golden; -update
// rewrites them (review the diff like code).
func TestGolden(t *testing.T) {
	for _, path := range corpusFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			res := corpus.CheckFile(context.Background(), path, corpus.Options{})
			require.NoError(t, res.Err)
			var model, findings bytes.Buffer
			require.NoError(t, export.WriteModel(&model, res.Report))
			require.NoError(t, export.WriteText(&findings, []export.Result{res}, export.TextOptions{}))
			golden(t, filepath.Join("testdata", "golden", name+".model.json"), model.Bytes())
			golden(t, filepath.Join("testdata", "golden", name+".findings"), findings.Bytes())
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file; run go test ./corpus -update and review the result")
	assert.Equal(t, string(want), string(got), "output differs from %s (go test ./corpus -update rewrites it)", path)
}

// TestNormalize_Idempotent: normalizing the same document twice gives the
// same model, byte for byte.
func TestNormalize_Idempotent(t *testing.T) {
	for _, path := range corpusFiles(t) {
		doc, err := input.Read(context.Background(), path, extractLimits)
		require.NoError(t, err)
		a, err := normalize.Normalize(doc)
		require.NoError(t, err)
		b, err := normalize.Normalize(doc)
		require.NoError(t, err)
		var ja, jb bytes.Buffer
		require.NoError(t, export.WriteModel(&ja, a))
		require.NoError(t, export.WriteModel(&jb, b))
		assert.Equal(t, ja.String(), jb.String(), path)
	}
}

// TestSeed checks the acceptance list of the seed report by rule and key.
func TestSeed(t *testing.T) {
	res := corpus.CheckFile(context.Background(), "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	require.NoError(t, res.Err)
	type got struct {
		line int
		rule string
	}
	var all []got
	byRule := map[string][]validate.Finding{}
	for _, f := range res.Findings {
		all = append(all, got{f.Pos.Line, f.Rule.ID})
		byRule[f.Rule.ID] = append(byRule[f.Rule.ID], f)
	}
	// Section 四 missing, with its table; section 五's heading missing.
	require.Len(t, byRule["ST101"], 1)
	assert.Equal(t, "review", byRule["ST101"][0].Section)
	require.Len(t, byRule["ST104"], 1)
	assert.Equal(t, "review", byRule["ST104"][0].Section)
	require.Len(t, byRule["ST102"], 1)
	assert.Equal(t, "problems", byRule["ST102"][0].Section)
	assert.Equal(t, 69, byRule["ST102"][0].Pos.Line)
	// Table requests truncated, naming unavailable.unclear through carried_forward.
	require.Len(t, byRule["ST105"], 1)
	msg := byRule["ST105"][0].Message.Zh
	assert.Contains(t, msg, "3.补正后申请内容仍不明确")
	assert.Contains(t, msg, "四、结转下年度继续办理")
	assert.Equal(t, res.Report.Tables["requests"].MissingRows[0], "unavailable.unclear")
	// The label typo, as a warning.
	require.Len(t, byRule["ST107"], 1)
	assert.Equal(t, validate.Warning, byRule["ST107"][0].Severity)
	assert.Contains(t, byRule["ST107"][0].Message.Zh, "其他法律法规禁止公开")
	assert.Equal(t, 59, byRule["ST107"][0].Pos.Line)
	// No arithmetic finding: the zeros hold and 368 = 27 + 341.
	for _, f := range res.Findings {
		assert.False(t, strings.HasPrefix(f.Rule.ID, "TB"), "unexpected %s %s", f.Rule.ID, f.Message.Zh)
		assert.NotEqual(t, "NU101", f.Rule.ID, "unexpected %s", f.Message.Zh)
	}
	t.Log(all)
}

// TestSeed_GBK: the GBK copy of the seed gives the same findings.
func TestSeed_GBK(t *testing.T) {
	utf := corpus.CheckFile(context.Background(), "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	gbk := corpus.CheckFile(context.Background(), "testdata/seed_gbk.txt", corpus.Options{})
	require.NoError(t, utf.Err)
	require.NoError(t, gbk.Err)
	assert.Equal(t, "gb18030", gbk.Report.Doc.Encoding)
	require.Equal(t, len(utf.Findings), len(gbk.Findings))
	for i := range utf.Findings {
		a, b := utf.Findings[i], gbk.Findings[i]
		assert.Equal(t, a.Rule.ID, b.Rule.ID)
		assert.Equal(t, a.Pos.Line, b.Pos.Line)
		assert.Equal(t, a.Pos.Column, b.Pos.Column)
		assert.Equal(t, a.Message, b.Message)
	}
}

// samePartsOf reduces a result to what must not depend on the input
// format: metadata, sections, every cell's value and state, and the
// findings by rule, key and section.
func samePartsOf(t *testing.T, r export.Result) (meta string, cells map[string]string, findings []string) {
	t.Helper()
	require.NoError(t, r.Err)
	m := export.ModelOf(r.Report)
	var sb strings.Builder
	fmt.Fprintf(&sb, "template=%s agency=%s year=%d region=%s period=%s..%s\n", m.Template, m.Agency.Value, m.Year, m.RegionCode, m.Period.Start, m.Period.End)
	for _, k := range []string{"address", "postcode", "phone", "email"} {
		fmt.Fprintf(&sb, "%s=%s\n", k, strings.Join(strings.Fields(m.Contact[k].Value), ""))
	}
	for _, s := range m.Sections {
		fmt.Fprintf(&sb, "section %s missing=%v headless=%v heading=%s\n", s.Key, s.Missing, s.HeadingMissing, strings.Join(strings.Fields(s.Heading), ""))
	}
	cells = map[string]string{}
	for k, c := range m.Cells {
		v := "nil"
		if c.Value != nil {
			v = fmt.Sprint(*c.Value)
		}
		cells[k] = c.State + ":" + v
	}
	for _, f := range r.Findings {
		findings = append(findings, f.Rule.ID+" "+f.Key+" "+f.Section)
	}
	sort.Strings(findings)
	return sb.String(), cells, findings
}

// TestFormats_SameModel: the seed rendered as HTML (and, as they land,
// DOCX and PDF) gives the same model and findings as the text seed.
func TestFormats_SameModel(t *testing.T) {
	ctx := context.Background()
	seed := corpus.CheckFile(ctx, "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	wantMeta, wantCells, wantFindings := samePartsOf(t, seed)
	files, _ := filepath.Glob("testdata/samples/report*.*")
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			meta, cells, findings := samePartsOf(t, corpus.CheckFile(ctx, path, corpus.Options{}))
			assert.Equal(t, wantMeta, meta)
			assert.Equal(t, wantCells, cells)
			assert.Equal(t, wantFindings, findings)
		})
	}
}

// TestFormats_Synthetic: every cell of the synthetic reports equals its
// truth, and no TB finding (their identities hold).
func TestFormats_Synthetic(t *testing.T) {
	ctx := context.Background()
	truths, _ := filepath.Glob("testdata/samples/synthetic/*.truth.json")
	require.NotEmpty(t, truths)
	for _, tp := range truths {
		var truth struct {
			Profile string             `json:"profile"`
			Agency  string             `json:"agency"`
			Year    int                `json:"year"`
			Cells   map[string]float64 `json:"cells"`
		}
		raw, err := os.ReadFile(tp)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(raw, &truth))
		base := strings.TrimSuffix(tp, ".truth.json")
		inputs, _ := filepath.Glob(base + ".*")
		for _, in := range inputs {
			if strings.HasSuffix(in, ".truth.json") || strings.Contains(in, "_scanned") {
				continue
			}
			t.Run(filepath.Base(in), func(t *testing.T) {
				res := corpus.CheckFile(ctx, in, corpus.Options{})
				require.NoError(t, res.Err)
				r := res.Report
				assert.Equal(t, truth.Profile, r.Template)
				assert.Equal(t, truth.Agency, r.Agency.Value)
				assert.Equal(t, truth.Year, r.Year)
				bad := 0
				for k, want := range truth.Cells {
					c := r.Cell(k)
					if c == nil || c.Value == nil || *c.Value != want {
						bad++
						if bad <= 5 {
							t.Errorf("%s: want %v, got %+v", k, want, c)
						}
					}
				}
				assert.Zero(t, bad, "cells differing from the truth")
				for _, f := range res.Findings {
					assert.False(t, strings.HasPrefix(f.Rule.ID, "TB"), "false %s: %s", f.Rule.ID, f.Message.Zh)
				}
			})
		}
	}
}

var extractLimits = extractDefault()

// TestHongze checks the findings the real Hongze PDF must give: the
// broken review totals, the 2019-style （六）其他处理 row in a 2023 report,
// and the label typo 其他法律行政止公开.
func TestHongze(t *testing.T) {
	res := corpus.CheckFile(context.Background(), "testdata/corpus/001_huaian_hongze_qu_gov_2023.pdf", corpus.Options{})
	require.NoError(t, res.Err)
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[f.Rule.ID+" "+f.Key] = true
		if f.Rule.ID == "ST107" {
			assert.Contains(t, f.Message.Zh, "其他法律行政止公开")
		}
		assert.NotZero(t, f.Pos.Page, "PDF findings carry their page")
	}
	assert.True(t, got["TB104 review.review.total"], "复议 总计 0 against 10+1: %v", got)
	assert.True(t, got["TB104 review.suit_after_review.total"], "复议后起诉 总计 0 against 5: %v", got)
	assert.True(t, got["ST106 "], "2019-style （六）其他处理 in a 2023 report: %v", got)
	assert.True(t, got["ST107 requests.withheld.prohibited_by_law"], "label typo: %v", got)
	assert.Equal(t, "2019", res.Report.Tables["requests"].Template)
	assert.Equal(t, 21.0, *res.Report.Cell("requests.new.total").Value)
	assert.Equal(t, 7730.28, *res.Report.Cell("active.fees.amount").Value)
}

// realTable is one line of an expected.jsonl beside real table markup:
// the raw text a careful reader finds in each cell ("" for blank), read by
// hand from the source.
type realTable struct {
	File     string            `json:"file"`
	Table    string            `json:"table"`
	Template string            `json:"template"`
	Cells    map[string]string `json:"cells"`
	// StoreFlattened marks text that a web archive flattened to "cell |"
	// lines, collapsing runs of blank cells into one line of bars: column
	// positions are lost there, so a cell may only be read right or not at
	// all, never misplaced.
	StoreFlattened bool `json:"store_flattened"`
}

// TestRealTables reads the real table markup collected from government
// pages (HTML as published, text as copied) and checks every hand-read
// cell: blank cells stay blank and in their column, values land in theirs.
func TestRealTables(t *testing.T) {
	for _, dir := range []string{"../extract/html/testdata/real", "../extract/txt/testdata/real", "testdata/rendered"} {
		f, err := os.Open(filepath.Join(dir, "expected.jsonl"))
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var want realTable
			require.NoError(t, json.Unmarshal(sc.Bytes(), &want))
			t.Run(want.File+"/"+want.Table, func(t *testing.T) {
				doc, err := input.Read(context.Background(), filepath.Join(dir, want.File), extract.Limits{})
				require.NoError(t, err)
				rep, err := normalize.Normalize(doc)
				require.NoError(t, err)
				// The review table is the same in both templates.
				if want.Template != "" && want.Table != "review" {
					assert.Equal(t, want.Template, rep.Tables[want.Table].Template, "template")
				}
				keys := slices.Sorted(maps.Keys(want.Cells))
				wrong := 0
				for _, k := range keys {
					c := rep.Cell(k)
					if !assert.NotNil(t, c, k) {
						continue
					}
					if want.StoreFlattened && c.State == normalize.StateMissing {
						continue
					}
					raw := strings.TrimSpace(strings.ReplaceAll(want.Cells[k], "\u00a0", " "))
					got := strings.TrimSpace(strings.ReplaceAll(c.Raw, "\u00a0", " "))
					switch {
					case raw == "" && c.State != normalize.StateBlank:
						wrong++
						t.Errorf("%s: want blank, got %s %q", k, c.State, c.Raw)
					case raw != "" && got != raw:
						wrong++
						t.Errorf("%s: want %q, got %s %q", k, raw, c.State, c.Raw)
					}
				}
				t.Logf("%d of %d cells right", len(keys)-wrong, len(keys))
			})
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
}

// TestRealTables_BlankTotalColumn: the Shanghai office's 2019 table 三
// leaves 总计 blank on every outcome row. The identities are still
// evaluated on it: （七）总计 805 against outcomes that add to 0 in the 总计
// column (TB102), and each filled row against its blank total (TB103);
// nothing is reported missing.
func TestRealTables_BlankTotalColumn(t *testing.T) {
	doc, err := input.Read(context.Background(), "../extract/html/testdata/real/shanghai_office_2019_requests.html", extract.Limits{})
	require.NoError(t, err)
	rep, err := normalize.Normalize(doc)
	require.NoError(t, err)
	fs, err := validate.Check(rep, validate.Options{})
	require.NoError(t, err)
	tb102, tb103 := 0, 0
	for _, f := range fs {
		switch {
		case f.Rule.ID == "TB102" && f.Key == "requests.total.total":
			tb102++
			assert.Contains(t, f.Message.Zh, "左边 805")
		case f.Rule.ID == "TB103":
			tb103++
		case f.Rule.ID == "ST105" && strings.HasPrefix(f.Key, "requests."):
			t.Errorf("a blank total column is not a missing column: %s", f.Message.Zh)
		}
	}
	assert.Equal(t, 1, tb102)
	assert.Equal(t, blankTotalRows(t), tb103, "one per row with requests and a blank total")
}

// blankTotalRows counts, from the hand-read cells, the rows of the
// Shanghai table 三 whose 总计 is blank while an applicant column is not.
func blankTotalRows(t *testing.T) int {
	f, err := os.Open("../extract/html/testdata/real/expected.jsonl")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var want realTable
		require.NoError(t, json.Unmarshal(sc.Bytes(), &want))
		if want.File != "shanghai_office_2019_requests.html" {
			continue
		}
		filled := map[string]bool{}
		for k, v := range want.Cells {
			row, col := k[:strings.LastIndex(k, ".")], k[strings.LastIndex(k, ".")+1:]
			if col != "total" && strings.TrimSpace(v) != "" {
				filled[row] = true
			}
		}
		n := 0
		for row := range filled {
			if strings.TrimSpace(want.Cells[row+".total"]) == "" {
				n++
			}
		}
		return n
	}
	t.Fatal("no expectation for shanghai_office_2019_requests.html")
	return 0
}
