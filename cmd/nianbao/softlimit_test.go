package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSoftLimit: the parent's soft memory limit stays a fixed headroom
// above a small live heap, grows with a large one as GOGC=100 would, and
// never passes a quarter of the share above it.
func TestSoftLimit(t *testing.T) {
	const mib = 1 << 20
	share := int64(256 * mib)
	limit := func(live int64) int64 { return softLimit(live, gcFloor, gcHeadroom, share/4) }
	assert.Equal(t, int64(gcFloor), limit(10*mib), "a small batch: the floor")
	assert.Equal(t, int64(30*mib+gcHeadroom), limit(30*mib), "the fixed headroom")
	assert.Equal(t, int64(2*50*mib), limit(50*mib), "as much again as is live")
	assert.Equal(t, int64(200*mib+share/4), limit(200*mib), "at most a quarter of the share")
	// A small --max-memory: its quarter is below the fixed headroom, which
	// tuneGC has already lowered to it.
	assert.Equal(t, int64(20*mib+16*mib), softLimit(20*mib, 30*mib, 16*mib, 16*mib))
}
