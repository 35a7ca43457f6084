package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws "files done/total, rate, ETA" on a terminal, at most ten
// times a second; it is silent when disabled (not a terminal, --quiet, or
// a single file).
type progress struct {
	w         io.Writer
	total, n  int
	start     time.Time
	lastDrawn time.Time
	enabled   bool
	drewOnce  bool
}

func newProgress(w io.Writer, total int, enabled bool) *progress {
	return &progress{w: w, total: total, start: time.Now(), enabled: enabled}
}

func (p *progress) tick() {
	p.n++
	if !p.enabled || (time.Since(p.lastDrawn) < 100*time.Millisecond && p.n < p.total) {
		return
	}
	p.lastDrawn = time.Now()
	elapsed := time.Since(p.start).Seconds()
	rate := float64(p.n) / max(elapsed, 1e-9)
	eta := time.Duration(float64(p.total-p.n)/max(rate, 1e-9)) * time.Second
	const width = 30
	filled := width * p.n / max(p.total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d  %.1f/s  ETA %s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.n, p.total, rate, eta.Round(time.Second))
	p.drewOnce = true
}

func (p *progress) done() {
	if p.enabled && p.drewOnce {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
