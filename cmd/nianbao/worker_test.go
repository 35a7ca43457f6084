package main

import (
	"os"
	"testing"

	"github.com/nianbao/nianbao/extract/worker"
)

// TestMain lets the test binary serve as the reader processes that the
// commands start (os.Executable with worker.Arg), as nianbao does in main.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == worker.Arg {
		os.Exit(worker.Main())
	}
	os.Exit(m.Run())
}
