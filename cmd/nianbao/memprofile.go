package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// memProfiled runs fn, and when NIANBAO_MEMPROFILE names a file, writes
// there the heap profile taken at the largest live heap seen after a
// collection: what the peak RSS of BENCHMARKS.md is made of, which a
// profile at exit (when the documents are gone) would not show. A reader
// process writes its own beside it, named F.worker-PID.
func memProfiled(fn func() int) int {
	path := profilePath("NIANBAO_MEMPROFILE")
	if path == "" {
		return fn()
	}
	runtime.MemProfileRate = 64 << 10
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
		var seen, most uint64
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			cycles, live := sample[1].Value.Uint64(), sample[0].Value.Uint64()
			if cycles == seen || live <= most {
				continue
			}
			seen, most = cycles, live
			if f, err := os.Create(path); err == nil {
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}()
	defer func() { close(stop); <-done }()
	return fn()
}
