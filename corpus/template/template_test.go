// Package template checks that a template is data: a third profile, added
// as a file, is read, checked and exported by the whole pipeline with no
// code change. It is a package of its own because adding a profile changes
// what every later report in the process is matched against.
package template

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/tools/txtar"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/normalize"
)

// futureProfile is the 2021 template as a later notice might reissue it:
// a new name and first year, and one row relabelled.
func futureProfile(t *testing.T) []byte {
	raw, err := os.ReadFile("../../normalize/profiles/2021.json")
	require.NoError(t, err)
	var p map[string]any
	require.NoError(t, json.Unmarshal(raw, &p))
	p["template"] = "2026"
	p["name"] = "a template first used for 2026 reports"
	p["first_year"] = 2026
	for _, tb := range p["tables"].([]any) {
		tb := tb.(map[string]any)
		if tb["key"] != "requests" {
			continue
		}
		for _, r := range tb["rows"].([]any) {
			r := r.(map[string]any)
			if r["key"] == "granted" {
				r["label"] = "予以全部公开"
			}
		}
	}
	out, err := json.Marshal(p)
	require.NoError(t, err)
	return out
}

// report2026 is a clean 2021-template report moved to 2026, with the
// relabelled row as the new template prints it.
func report2026(t *testing.T) string {
	ar, err := txtar.ParseFile("../../validate/testdata/rules/ALL_clean.txtar")
	require.NoError(t, err)
	var text string
	for _, f := range ar.Files {
		if f.Name == "input.txt" {
			text = string(f.Data)
		}
	}
	require.NotEmpty(t, text)
	text = strings.ReplaceAll(text, "2023", "2026")
	require.Contains(t, text, "（一）予以公开")
	return strings.Replace(text, "（一）予以公开", "（一）予以全部公开", 1)
}

func TestThirdProfile(t *testing.T) {
	require.NoError(t, normalize.AddProfile(futureProfile(t)))
	assert.Equal(t, "2026", normalize.TemplateFor(2026))
	assert.Equal(t, "2021", normalize.TemplateFor(2025))

	dir := t.TempDir()
	path := filepath.Join(dir, "r2026.txt")
	require.NoError(t, os.WriteFile(path, []byte(report2026(t)), 0o644))
	res := corpus.CheckFile(context.Background(), path, corpus.Options{})
	require.NoError(t, res.Err)
	rep := res.Report
	assert.Equal(t, 2026, rep.Year)
	assert.Equal(t, "2026", rep.Tables["requests"].Template)
	assert.Equal(t, "2026", rep.Template)
	granted := rep.Cell("requests.granted.total")
	require.NotNil(t, granted)
	assert.Equal(t, normalize.StateNumber, granted.State)
	for _, f := range res.Findings {
		// The report is clean under its own template: no template
		// mismatch, no label deviation, no broken sum.
		assert.NotContains(t, []string{"ST105", "ST106", "ST107", "TB101", "TB102", "TB103"}, f.Rule.ID, f.Message.Zh)
	}
	assert.Contains(t, rep.CellLabel("requests.granted.total").Zh, "予以全部公开")

	// The workbook and the CSV carry the new template and its label.
	book := filepath.Join(dir, "out.xlsx")
	w, err := xlsx.Create(book, xlsx.Options{})
	require.NoError(t, err)
	require.NoError(t, w.Add(res))
	require.NoError(t, w.Close())
	f, err := excelize.OpenFile(book)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("数据")
	require.NoError(t, err)
	found := false
	for _, r := range rows {
		if strings.Contains(strings.Join(r, "|"), "予以全部公开") {
			found = true
		}
	}
	assert.True(t, found, "数据 names the relabelled row")

	cw, err := sheets.CreateCSV(filepath.Join(dir, "csv"), sheets.CSVOptions{})
	require.NoError(t, err)
	require.NoError(t, cw.Add(res))
	require.NoError(t, cw.Close())
	fh, err := os.Open(filepath.Join(dir, "csv", "汇总.csv"))
	require.NoError(t, err)
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Contains(t, recs[1], "2026", "汇总 gives the template")
}
