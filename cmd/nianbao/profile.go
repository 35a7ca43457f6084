package main

import (
	"os"
	"runtime/pprof"
)

// profiled runs fn under a CPU profile written to the file named by
// NIANBAO_CPUPROFILE, when set: how the speed figures of BENCHMARKS.md are
// explained, on the whole process as a user runs it (go tool pprof -top).
func profiled(fn func() int) int {
	path := os.Getenv("NIANBAO_CPUPROFILE")
	if path == "" {
		return fn()
	}
	f, err := os.Create(path)
	if err != nil {
		return fn()
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return fn()
	}
	defer pprof.StopCPUProfile()
	return fn()
}
