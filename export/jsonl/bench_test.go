package jsonl_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/jsonl"
)

// BenchmarkWriter_Report writes the line of one full report (about 200
// cells), as a batch does for each of its reports.
func BenchmarkWriter_Report(b *testing.B) {
	r := exporttest.Check(b, exporttest.TBBalance)[0]
	w := jsonl.NewWriter(io.Discard, jsonl.Options{})
	b.ReportAllocs()
	for b.Loop() {
		require.NoError(b, w.Add(r))
	}
	require.NoError(b, w.Close())
}
