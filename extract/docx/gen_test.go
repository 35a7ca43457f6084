package docx_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/docx"
)

// TestRead_GeneratedScannerAsDecoder: on the generated mix the speed
// figures are measured on (every level and template), reading with the
// scanner gives what reading with encoding/xml alone gives, byte for byte
// of the JSON of the documents with their origins.
func TestRead_GeneratedScannerAsDecoder(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 150 reports")
	}
	dir := t.TempDir()
	truth, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 3, N: 150, Formats: []string{"docx"}})
	require.NoError(t, err)
	n := 0
	for _, tr := range truth {
		if tr.Format != "docx" {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, tr.File))
		require.NoError(t, err)
		fast := dumpDoc(t, src)
		*docx.ScanDocument = false
		slow := dumpDoc(t, src)
		*docx.ScanDocument = true
		require.Equal(t, slow, fast, tr.File)
		n++
	}
	require.NotZero(t, n)
}

func dumpDoc(t *testing.T, src []byte) string {
	doc, err := docx.Read("x.docx", src, extract.Limits{})
	require.NoError(t, err)
	b, err := json.Marshal(struct {
		Doc    *extract.Document
		Origin *extract.Origin
	}{doc, doc.Origin})
	require.NoError(t, err)
	return string(b)
}
