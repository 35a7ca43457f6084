package corpus_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// TestSpill_Fields: the spill writes every field of a result's report and
// findings by name; a field added to one of these types must be added to
// spill.go too, and then here.
func TestSpill_Fields(t *testing.T) {
	want := map[reflect.Type][]string{
		reflect.TypeFor[corpus.Result](): {"Path", "Report", "Findings", "Err", "Review", "Ignored", "IgnoredReview"},
		reflect.TypeFor[normalize.Report](): {"Doc", "Template", "TemplateBasis", "Title", "Agency", "Region", "Year", "YearSpan", "Period", "Contact",
			"Sections", "MisYear", "Tables", "Cells", "Labels", "Truncated", "TruncatedAt", "StartsLate", "Quoted"},
		reflect.TypeFor[normalize.TemplateBasis](): {"Table", "Keys", "Year"},
		reflect.TypeFor[normalize.Text]():          {"Value", "Span"},
		reflect.TypeFor[normalize.Region]():        {"Code", "Province", "Prefecture", "County", "Township", "Names"},
		reflect.TypeFor[normalize.Period]():        {"Start", "End", "Span"},
		reflect.TypeFor[normalize.Contact]():       {"Address", "Postcode", "Phone", "Email"},
		reflect.TypeFor[normalize.Section]():       {"Key", "Number", "Heading", "Missing", "HeadingMissing", "Span", "Body", "Order"},
		reflect.TypeFor[normalize.Table]():         {"Key", "Found", "Template", "Span", "MissingRows", "Truncated", "Unfilled", "Disordered", "MissingCols", "RowLabels", "Rows"},
		reflect.TypeFor[normalize.Cell]():          {"Key", "Table", "Row", "Col", "State", "Value", "Raw", "Unit", "Span", "Spec"},
		reflect.TypeFor[normalize.CellSpec]():      {"Table", "Row", "Col"},
		reflect.TypeFor[normalize.LabelUse]():      {"Table", "Key", "Kind", "Raw", "Canonical", "Score", "Alias", "Span", "Deviates", "Text", "Numbering"},
		reflect.TypeFor[validate.Finding]():        {"Rule", "Severity", "Span", "Pos", "Section", "Key", "Label", "Message", "Related", "Fixes"},
		reflect.TypeFor[extract.Position]():        {"Path", "Page", "Line", "Column", "Table", "Row", "Col", "SourceLine"},
		reflect.TypeFor[validate.Msg]():            {"Zh", "En"},
		reflect.TypeFor[validate.Related]():        {"Span", "Message", "Key", "Path", "Line", "Column", "Page"},
		reflect.TypeFor[validate.Fix]():            {"Message", "Edits", "Safe"},
		reflect.TypeFor[validate.Edit]():           {"Span", "NewText"},
	}
	for typ, names := range want {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		assert.Equal(t, names, got, "%v changed: update spill.go", typ)
	}
}

// spillFolder writes generated reports with every kind of error within
// a report into a folder, in every format but PDF, and returns their
// paths and the real reports of testdata/corpus.
func spillFolder(tb testing.TB) []string {
	dir := tb.TempDir()
	_, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 3, N: 2 * (len(gen.ErrorKinds) + 1), Errors: gen.ErrorKinds})
	require.NoError(tb, err)
	require.NoError(tb, os.Remove(filepath.Join(dir, "truth.jsonl")))
	paths, errs := corpus.Expand([]string{dir, "testdata/corpus"})
	require.Empty(tb, errs)
	return paths
}

// TestSpill_RoundTrip: what the spill gives back is the result checking
// gave, field for field, with the very template specs and rules.
func TestSpill_RoundTrip(t *testing.T) {
	paths := spillFolder(t)
	sp, err := corpus.NewSpill()
	require.NoError(t, err)
	defer sp.Close()
	want := corpus.Run(context.Background(), paths, corpus.Options{})
	n := 0
	for i := range want {
		if want[i].Err == nil {
			require.NoError(t, sp.Put(&want[i]))
			n++
		}
	}
	require.Greater(t, n, 40)
	require.NoError(t, sp.Rewind())
	findings := 0
	for _, w := range want {
		if w.Err != nil {
			continue
		}
		got, err := sp.Next()
		require.NoError(t, err)
		// Both documents' lines are worked out, as LineCol leaves them.
		w.Report.Doc.LineCol(0)
		got.Report.Doc.LineCol(0)
		// Field by field: a diff of whole reports takes minutes to print.
		assert.Equal(t, w.Path, got.Path)
		assert.Equal(t, w.Findings, got.Findings, w.Path)
		wr, gr := reflect.ValueOf(w.Report).Elem(), reflect.ValueOf(got.Report).Elem()
		for i := range wr.NumField() {
			assert.True(t, reflect.DeepEqual(wr.Field(i).Interface(), gr.Field(i).Interface()), "%s: %s differs", w.Path, wr.Type().Field(i).Name)
		}
		for _, f := range got.Findings {
			assert.Same(t, validate.Lookup(f.Rule.ID), f.Rule)
		}
		for _, c := range got.Report.Cells {
			if w := w.Report.Cells[c.Key]; w.Spec.Col != nil {
				assert.Same(t, w.Spec.Col, c.Spec.Col)
			}
		}
		findings += len(got.Findings)
	}
	assert.Positive(t, findings)
	_, err = sp.Next()
	assert.Error(t, err, "no more records")
}

// TestSpill_Malformed: a record cut short is an error, never a panic.
func TestSpill_Malformed(t *testing.T) {
	res := corpus.CheckFile(context.Background(), "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	require.NoError(t, res.Err)
	sp, err := corpus.NewSpill()
	require.NoError(t, err)
	defer sp.Close()
	require.NoError(t, sp.Put(&res))
	rec := sp.LastRecord()
	got, err := sp.Decode(rec)
	require.NoError(t, err)
	assert.Equal(t, res.Findings, got.Findings)
	for n := 0; n < len(rec); n += 1 + n/50 {
		_, err := sp.Decode(rec[:n])
		assert.Error(t, err, "cut at %d", n)
		_, err = sp.DecodeLean(rec[:n])
		assert.Error(t, err, "lean, cut at %d", n)
	}
}

// TestSpill_Lean: a record read without its report gives the path and
// findings a full read gives, and skips the report and document, which
// take nearly every allocation of a full read.
func TestSpill_Lean(t *testing.T) {
	res := corpus.CheckFile(context.Background(), "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	require.NoError(t, res.Err)
	require.NotEmpty(t, res.Findings)
	sp, err := corpus.NewSpill()
	require.NoError(t, err)
	defer sp.Close()
	require.NoError(t, sp.Put(&res))
	rec := sp.LastRecord()
	got, err := sp.DecodeLean(rec)
	require.NoError(t, err)
	assert.Equal(t, res.Path, got.Path)
	assert.Equal(t, res.Findings, got.Findings)
	assert.Nil(t, got.Report)
	full := testing.AllocsPerRun(10, func() { _, _ = sp.Decode(rec) })
	lean := testing.AllocsPerRun(10, func() { _, _ = sp.DecodeLean(rec) })
	assert.Less(t, lean, full/4, "lean %v, full %v allocations", lean, full)
}

// TestCheckOnce: the results come back in the order of paths, each once,
// a file that cannot be read among them, and the spill's files are gone
// from the temporary folder whether the run ends well or not.
func TestCheckOnce(t *testing.T) {
	paths := spillFolder(t)[:12]
	bad := filepath.Join(t.TempDir(), "bad.docx")
	require.NoError(t, os.WriteFile(bad, []byte("PK\x03\x04 not a zip"), 0o644))
	paths = append(paths[:5:5], append([]string{bad}, paths[5:]...)...)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	gone := func() {
		t.Helper()
		entries, err := os.ReadDir(tmp)
		require.NoError(t, err)
		assert.Empty(t, entries, "spill files left behind")
	}

	want := corpus.Run(context.Background(), paths, corpus.Options{})
	ticks := 0
	c, err := corpus.CheckOnce(context.Background(), paths, corpus.Options{}, func() { ticks++ })
	require.NoError(t, err)
	assert.Equal(t, len(paths), ticks)
	assert.Len(t, c.Digests(), len(paths)-1, "no digest of the file that cannot be read")
	assert.Empty(t, c.Digests(), "handed over once")
	var got []corpus.Result
	require.NoError(t, c.Each(func(i int, r corpus.Result) error {
		assert.Equal(t, len(got), i)
		got = append(got, r)
		return nil
	}))
	require.Len(t, got, len(paths))
	for i := range got {
		assert.Equal(t, want[i].Path, got[i].Path)
		assert.Equal(t, want[i].Findings, got[i].Findings, want[i].Path)
		assert.Equal(t, want[i].Err != nil, got[i].Err != nil, want[i].Path)
	}
	assert.Error(t, got[5].Err)
	require.NoError(t, c.Close())
	gone()

	// A write that fails half way, and a run cancelled.
	c, err = corpus.CheckOnce(context.Background(), paths, corpus.Options{}, nil)
	require.NoError(t, err)
	stop := errors.New("disk full")
	assert.ErrorIs(t, c.Each(func(i int, r corpus.Result) error {
		if i == 3 {
			return stop
		}
		return nil
	}), stop)
	require.NoError(t, c.Close())
	gone()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = corpus.CheckOnce(ctx, paths, corpus.Options{}, cancel)
	assert.ErrorIs(t, err, context.Canceled)
	gone()
}
