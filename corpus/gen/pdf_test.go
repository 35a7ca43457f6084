package gen

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
)

// TestPDF renders generated reports to PDF through LibreOffice and reads
// them back through the real PDF extractor, cell for cell.
func TestPDF(t *testing.T) {
	testPDF(t, Options{Plain: true}, []int64{3, 11, 42})
}

// TestPDFRealVariants is TestPDF on reports with the real variants: a
// blank cell printed to PDF must be read back blank. It fails until the
// pipeline reads them.
func TestPDFRealVariants(t *testing.T) {
	testPDF(t, Options{}, variantSeeds(t, 3, 3))
}

func testPDF(t *testing.T, opts Options, seeds []int64) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow: skipped with -short")
	}
	dir := t.TempDir()
	for _, seed := range seeds {
		r := Generate(seed, opts)
		pdf, err := PDF(context.Background(), r, Damage{Seed: seed}, dir)
		if errors.Is(err, ErrNoConverter) {
			t.Skip(err)
		}
		require.NoError(t, err)
		path := filepath.Join(dir, "r.pdf")
		require.NoError(t, os.WriteFile(path, pdf, 0o644))
		res := corpus.CheckFile(context.Background(), path, corpus.Options{})
		require.NoError(t, res.Err)
		wrong := 0
		for _, k := range slices.Sorted(maps.Keys(r.Cells)) {
			c := res.Report.Cell(k)
			if !cellRight(r, k, c) {
				wrong++
				if wrong <= 3 {
					t.Errorf("seed %d %s: want %s, got %+v", seed, k, wantCell(r, k), c)
				}
			}
		}
		assert.Zero(t, wrong, "seed %d: cells read wrong", seed)
		for _, f := range res.Findings {
			assert.Less(t, f.Severity, 2, "seed %d: false %s %s", seed, f.Rule.ID, f.Message.Zh)
		}
	}
}

// TestPDF_Errors: only a missing soffice means "no converter" (tests
// skip); a converter that cannot load the file is a failure. The
// converters here are shell scripts that fail the way soffice does.
func TestPDF_Errors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("fake soffice is a shell script")
	}
	r := Generate(1, Options{Plain: true})
	for _, tc := range []struct {
		name, script string // script: the soffice on the PATH; "" none
		noConverter  bool
		errContains  string
	}{
		{name: "missing", noConverter: true},
		{name: "load failure", script: "echo 'Error: source file could not be loaded'", errContains: "source file could not be loaded"},
		{name: "no output", script: "exit 0", errContains: "wrote no PDF"},
		{name: "exit status", script: "echo 'Error: crashed' >&2; exit 81", errContains: "exit status 81"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := t.TempDir()
			if tc.script != "" {
				require.NoError(t, os.WriteFile(filepath.Join(bin, "soffice"), []byte("#!/bin/sh\n"+tc.script+"\n"), 0o755))
			}
			t.Setenv("PATH", bin)
			_, err := PDF(context.Background(), r, Damage{Seed: 1}, t.TempDir())
			require.Error(t, err)
			assert.Equal(t, tc.noConverter, errors.Is(err, ErrNoConverter), "%v", err)
			if tc.errContains != "" {
				assert.ErrorContains(t, err, tc.errContains)
			}
		})
	}
}
