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
	path := profilePath("NIANBAO_CPUPROFILE")
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

// profilePath is the file the variable env names, "" when unset; in a
// reader process, F.worker-PID beside it, so that each process of a run
// writes its own.
func profilePath(env string) string {
	path := os.Getenv(env)
	if path != "" && len(os.Args) > 1 && os.Args[1] == worker.Arg {
		path = fmt.Sprintf("%s.worker-%d", path, os.Getpid())
	}
	return path
}
