package corpus

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/procmem"
)

// TestCheck_largePeak holds the peak memory of checking a large text in
// this process (read, normalized and validated, as the parent of nianbao
// check does with what its reader sends) to a multiple of the text.
func TestCheck_largePeak(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 8 MB of text")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from /proc")
	}
	t.Setenv("GOGC", "")
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	seed, err := os.ReadFile("testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	require.NoError(t, err)
	opts := Options{Limits: extract.Limits{MaxBytes: 1 << 30, NoOrigin: true}}
	CheckBytes(context.Background(), "small.txt", seed, opts) // what is loaded once
	src := bytes.Repeat(seed, (8<<20)/len(seed)+1)
	debug.FreeOSMemory()
	procmem.ResetPeak()
	before := procmem.PeakRSS()
	res := CheckBytes(context.Background(), "large.txt", src, opts)
	require.NoError(t, res.Err)
	peak := procmem.PeakRSS() - before
	assert.Less(t, float64(peak), 10.5*float64(len(src)), "peak RSS over the text's size")
	t.Logf("%d KiB: peak RSS +%d MiB = %.1fx, %d findings", len(src)>>10, peak>>20, float64(peak)/float64(len(src)), len(res.Findings))
	runtime.KeepAlive(res)
}
