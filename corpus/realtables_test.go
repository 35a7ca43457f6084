package corpus_test

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

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
