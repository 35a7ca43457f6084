//go:build unix

package procmem

import (
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	ResetPeak()
	before := PeakRSS()
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1 // touched, so resident
	}
	assert.GreaterOrEqual(t, PeakRSS()-before, int64(60<<20))
	assert.GreaterOrEqual(t, TreeRSS(os.Getpid()), int64(60<<20))
	runtime.KeepAlive(b)
}

func TestData(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	before := Data()
	assert.Positive(t, before)
	// A mapping of its own, not the Go heap, which may reuse what an
	// earlier run of the test freed: mapped, not touched, and counted.
	b, err := syscall.Mmap(-1, 0, 256<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	require.NoError(t, err)
	defer syscall.Munmap(b)
	assert.GreaterOrEqual(t, Data()-before, int64(250<<20))
}
