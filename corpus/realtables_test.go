package corpus_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
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
				keys := make([]string, 0, len(want.Cells))
				for k := range want.Cells {
					keys = append(keys, k)
				}
				sort.Strings(keys)
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
