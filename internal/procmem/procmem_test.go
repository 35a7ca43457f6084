package procmem

import (
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
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
	b := make([]byte, 256<<20) // mapped, not touched: counted all the same
	assert.GreaterOrEqual(t, Data()-before, int64(250<<20))
	runtime.KeepAlive(b)
}
