package corpus

import (
	"runtime/debug"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// gcPercent reads the collector's setting without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestLowerGC: the collector is at bigGC while any large document is
// being checked, whatever order the checks end in, and back after; small
// documents leave it alone.
func TestLowerGC(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(300)
	defer debug.SetGCPercent(old)

	lowerGC(bigText - 1)()
	assert.Equal(t, 300, gcPercent())

	a := lowerGC(bigText)
	assert.Equal(t, bigGC, gcPercent())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); lowerGC(bigText * 2)() }()
	}
	wg.Wait()
	assert.Equal(t, bigGC, gcPercent(), "a check still holds a large document")
	a()
	assert.Equal(t, 300, gcPercent())

	t.Setenv("GOGC", "200")
	defer lowerGC(bigText)()
	assert.Equal(t, 300, gcPercent(), "the user's GOGC wins")
}
