package corpus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
)

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
