package validate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
)

// TestResolve holds resolve to Document.Position, which it stands in for
// when a report has many findings: at every offset of real documents
// (text, HTML with tables and source lines, PDF with pages) and of made
// ones whose blocks or cells overlap or run backwards, with bad bytes and
// offsets inside a character or outside the text.
func TestResolve(t *testing.T) {
	var docs []*extract.Document
	var paths []string
	for _, pattern := range []string{"../corpus/testdata/corpus/*", "../extract/html/testdata/real/*.html", "../extract/html/testdata/*.html"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		paths = append(paths, m...)
	}
	for _, path := range paths {
		switch filepath.Ext(path) {
		case ".txt", ".md", ".pdf", ".html":
		default:
			continue
		}
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		doc, err := input.Bytes(context.Background(), path, src, extract.Limits{})
		require.NoError(t, err, path)
		docs = append(docs, doc)
	}
	require.Greater(t, len(docs), 20)

	text := "一、总体\n表\xffx一\n\n\n末行ab"
	cell := func(start, end int, col int32, merged bool) extract.Cell {
		return extract.Cell{Span: extract.Span{Start: start, End: end}, Col: col, ColSpan: 1, RowSpan: 1, Merged: merged}
	}
	table := extract.Block{Kind: extract.Table, Span: extract.Span{Start: 13, End: 20}, Page: 2, Rows: []extract.Row{
		{Cells: []extract.Cell{cell(13, 16, 0, false), cell(13, 16, 1, true), cell(16, 17, 2, false)}},
		{Cells: []extract.Cell{cell(17, 20, 0, false), cell(15, 18, 1, false), cell(19, 19, 2, false)}},
	}}
	made := []extract.Block{
		{Kind: extract.Heading, Span: extract.Span{Start: 0, End: 12}, Page: 1, SourceLine: 3},
		{Kind: extract.Table, Span: extract.Span{Start: 12, End: 12}},
		table,
		{Kind: extract.Paragraph, Span: extract.Span{Start: 24, End: len(text)}, Page: 3},
	}
	backwards := []extract.Block{made[3], made[1], made[2], made[0]}
	overlapping := append([]extract.Block{{Kind: extract.Paragraph, Span: extract.Span{Start: 5, End: 18}, Page: 9}}, made...)
	for i, blocks := range [][]extract.Block{made, backwards, overlapping, nil} {
		docs = append(docs, &extract.Document{Path: "made" + strings.Repeat("'", i), Text: text, Blocks: blocks})
	}

	for _, doc := range docs {
		var fs []Finding
		for off := -2; off <= len(doc.Text)+2; off++ {
			fs = append(fs, Finding{Span: extract.Span{Start: off, End: off + 1}})
		}
		// Out of order, as rules report them.
		for i, j := 0, len(fs)-1; i < j; i, j = i+2, j-2 {
			fs[i], fs[j] = fs[j], fs[i]
		}
		resolve(doc, fs)
		for _, f := range fs {
			if want := doc.Position(f.Span.Start); f.Pos != want {
				t.Fatalf("%s: offset %d: got %+v, want %+v", doc.Path, f.Span.Start, f.Pos, want)
			}
		}
	}
}
