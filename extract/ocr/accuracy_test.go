package ocr

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/normalize"
)

// mustRecognize runs the real engine on a test file.
func mustRecognize(tb testing.TB, name string, opts Options) *Result {
	tb.Helper()
	src := fixtures.Read(tb, name)
	res, err := Recognize(context.Background(), name, src, extract.Limits{}, opts)
	require.NoError(tb, err)
	return res
}

func mustNormalize(tb testing.TB, doc *extract.Document) *normalize.Report {
	tb.Helper()
	r, err := normalize.Normalize(doc)
	require.NoError(tb, err)
	return r
}

// seedReport is the model of the text the scans were made from.
func seedReport(tb testing.TB) *normalize.Report {
	tb.Helper()
	return mustNormalize(tb, txt.Parse("seed.txt", string(fixtures.Read(tb, "000_zibo_zichuan_touzi_2023.txt"))))
}

// truthCells reads the cells of a synthetic report's truth.json.
func truthCells(tb testing.TB, name string) map[string]float64 {
	tb.Helper()
	raw := fixtures.Read(tb, name)
	var truth struct {
		Cells map[string]float64 `json:"cells"`
	}
	require.NoError(tb, json.Unmarshal(raw, &truth))
	require.NotEmpty(tb, truth.Cells)
	return truth.Cells
}

// accuracy is the share of expected cells that the report read with the
// same state and value.
type accuracy struct {
	ok, total int
	wrong     []string
}

func (a accuracy) rate() float64 {
	if a.total == 0 {
		return 0
	}
	return float64(a.ok) / float64(a.total)
}

func (a accuracy) String() string {
	return fmt.Sprintf("%d/%d = %.2f%%", a.ok, a.total, 100*a.rate())
}

// against compares got with the cells of want that hold a value (number,
// blank or dash); keep, if not nil, narrows the keys compared.
func against(got, want *normalize.Report, keep func(key string) bool) accuracy {
	var a accuracy
	for _, k := range slices.Sorted(maps.Keys(want.Cells)) {
		w := want.Cells[k]
		if w.State == normalize.StateMissing || w.State == normalize.StateUnreadable || keep != nil && !keep(k) {
			continue
		}
		a.total++
		g := got.Cells[k]
		wv, _ := w.Num()
		if g != nil && g.State == w.State {
			if gv, _ := g.Num(); gv == wv {
				a.ok++
				continue
			}
		}
		raw, state := "<none>", normalize.State("")
		if g != nil {
			raw, state = g.Raw, g.State
		}
		a.wrong = append(a.wrong, fmt.Sprintf("%s: got %s %q, want %v", k, state, raw, wv))
	}
	return a
}

// againstTruth compares got with every cell of a truth.json.
func againstTruth(got *normalize.Report, truth map[string]float64) accuracy {
	var a accuracy
	for _, k := range slices.Sorted(maps.Keys(truth)) {
		a.total++
		g := got.Cells[k]
		if g != nil && g.State == normalize.StateNumber && *g.Value == truth[k] {
			a.ok++
			continue
		}
		raw, state := "<none>", normalize.State("")
		if g != nil {
			raw, state = g.Raw, g.State
		}
		a.wrong = append(a.wrong, fmt.Sprintf("%s: got %s %q, want %v", k, state, raw, truth[k]))
	}
	return a
}

func sectionState(r *normalize.Report) string {
	var parts []string
	for _, s := range r.Sections {
		state := "found"
		switch {
		case s.Missing:
			state = "missing"
		case s.HeadingMissing:
			state = "headless"
		}
		parts = append(parts, s.Key+"="+state)
	}
	return strings.Join(parts, " ")
}

// scannedKeys keeps the cells of the rows on the three pages of
// report_scanned_200dpi.pdf: the scan stops, as the seed's page 3 does,
// after the row 2.其他法律行政法规禁止公开 of the requests table.
func scannedKeys(key string) bool {
	return strings.HasPrefix(key, "active.") || p3Keys(key)
}

// p3Keys keeps the cells of the rows that scan_p3_table_300dpi.png (the
// third page) shows.
func p3Keys(key string) bool {
	for _, p := range []string{"active.penalty.", "active.coercion.", "active.fees.", "requests.new.", "requests.carried_over.",
		"requests.granted.", "requests.partly_granted.", "requests.withheld.state_secret.", "requests.withheld.prohibited_by_law."} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}
