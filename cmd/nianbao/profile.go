package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/nianbao/nianbao/extract/worker"
)

// profiled runs fn under a CPU profile written to the file named by
// NIANBAO_CPUPROFILE, when set: how the speed figures of BENCHMARKS.md are
// explained, on the whole process as a user runs it (go tool pprof -top).
// A reader process (which inherits the variable) writes its own profile
// beside it, named F.worker-PID, so that the cost of reading and sending
// the documents shows as well as the parent's.
func profiled(fn func() int) int {
	path := os.Getenv("NIANBAO_CPUPROFILE")
	if path == "" {
		return fn()
	}
	if len(os.Args) > 1 && os.Args[1] == worker.Arg {
		path = fmt.Sprintf("%s.worker-%d", path, os.Getpid())
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
