//go:build unix

package input

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/pdf"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// TestReadAs_Mapped: the PDFs of the fixtures that are large enough are
// read from a mapping (scans, which go to OCR, left out), and give the document (or error) that their bytes
// read from the heap give. The mapping is gone when ReadAs returns, so a
// document that kept any of its bytes would fault here, where the
// document is encoded whole.
func TestReadAs_Mapped(t *testing.T) {
	mapped := 0
	for _, name := range fixtures.Glob(t, "*.pdf") {
		f, err := os.Open(name)
		require.NoError(t, err)
		st, err := f.Stat()
		require.NoError(t, err)
		m, ok := mapPDF(f, name, st.Size())
		f.Close()
		if !ok {
			continue
		}
		require.NoError(t, syscall.Munmap(m))
		mapped++
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		if _, err := pdf.Read(name, src, extract.Limits{}); errors.Is(err, extract.ErrNeedsOCR) {
			continue // seconds of OCR, which writes the bytes to a file for tesseract
		}
		want, wantErr := Bytes(context.Background(), name, src, extract.Limits{})
		got, gotErr := ReadAs(context.Background(), name, name, extract.Limits{})
		if wantErr != nil {
			assert.EqualError(t, gotErr, wantErr.Error(), name)
			continue
		}
		require.NoError(t, gotErr, name)
		w, err := json.Marshal(want)
		require.NoError(t, err)
		g, err := json.Marshal(got)
		require.NoError(t, err)
		assert.Equal(t, string(w), string(g), name)
	}
	assert.GreaterOrEqual(t, mapped, 5, "PDFs read from a mapping")
}

// TestReadAs_MappedOnlyPDF: a large file that is not a PDF is read, not
// mapped: its document may keep its bytes (a text report's does).
func TestReadAs_MappedOnlyPDF(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.txt")
	big := make([]byte, mapFrom*2)
	for i := range big {
		big[i] = "一、总体情况\n"[i%len("一、总体情况\n")]
	}
	require.NoError(t, os.WriteFile(p, big, 0o644))
	f, err := os.Open(p)
	require.NoError(t, err)
	defer f.Close()
	_, _, ok := readMapped(context.Background(), f, p, int64(len(big)), extract.Limits{}.OrDefault())
	assert.False(t, ok)
}
