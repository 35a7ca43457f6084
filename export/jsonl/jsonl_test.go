package jsonl_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/jsonl"
)

var batchFiles = []string{exporttest.TBBalance, exporttest.Seed, exporttest.Empty, exporttest.Clean}

func mustWrite(tb testing.TB, results []export.Result, opts jsonl.Options) string {
	tb.Helper()
	return exporttest.MustWrite(tb, "out.jsonl", func(path string) (*jsonl.Writer, error) { return jsonl.Create(path, opts) }, results)
}

func TestWriter(t *testing.T) {
	results := exporttest.Check(t, batchFiles...)
	path := mustWrite(t, results, jsonl.Options{})
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 16<<20)
	var lines [][]byte
	for sc.Scan() {
		lines = append(lines, append([]byte{}, sc.Bytes()...))
	}
	require.NoError(t, sc.Err())
	require.Len(t, lines, len(results), "one line per file")

	for i, r := range results {
		// Round trip: decoding a line and encoding it again gives the line.
		var got jsonl.Line
		require.NoError(t, json.Unmarshal(lines[i], &got))
		again, err := json.Marshal(got)
		require.NoError(t, err)
		want, err := json.Marshal(jsonl.LineOf(r, "zh"))
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(again), r.Path)

		assert.Equal(t, 1, got.Version)
		assert.Equal(t, r.Path, got.Path)
		assert.Len(t, got.Findings, len(r.Findings))
		if r.Report == nil {
			assert.Nil(t, got.Model)
			assert.Equal(t, r.Err.Error(), got.Error)
			assert.Contains(t, string(lines[i]), `"model":null`)
			continue
		}
		require.NotNil(t, got.Model)
		assert.Equal(t, r.Report.Agency.Value, got.Model.Agency.Value)
		assert.Len(t, got.Model.Cells, len(r.Report.Cells))
		assert.Empty(t, got.Error)
	}
	// The TB101 finding and its cell survive the trip.
	var first jsonl.Line
	require.NoError(t, json.Unmarshal(lines[0], &first))
	assert.Equal(t, "TB101", first.Findings[0].Rule)
	assert.Equal(t, "requests.new.natural_person", first.Findings[0].Key)
	assert.Equal(t, 5.0, *first.Model.Cells["requests.new.natural_person"].Value)
	assert.Equal(t, "number", first.Model.Cells["requests.new.natural_person"].State)

	t.Run("deterministic", func(t *testing.T) {
		b, err := os.ReadFile(mustWrite(t, results, jsonl.Options{}))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(raw, b))
	})
	t.Run("english", func(t *testing.T) {
		b := exporttest.Written(t, func(w *bytes.Buffer) *jsonl.Writer { return jsonl.NewWriter(w, jsonl.Options{Lang: "en"}) }, results[0])
		var l jsonl.Line
		require.NoError(t, json.Unmarshal(b, &l))
		assert.Equal(t, results[0].Findings[0].Message.En, l.Findings[0].Message)
	})
}

func TestWriter_Abort(t *testing.T) {
	exporttest.CheckAbort(t, nil, func(dir string) (*jsonl.Writer, error) {
		return jsonl.Create(filepath.Join(dir, "out.jsonl"), jsonl.Options{})
	}, exporttest.Check(t, batchFiles...)[0])
}
