//go:build !unix

package worker

import (
	"os"
	"os/exec"
)

// Without process groups a child is killed alone.

func setGroup(cmd *exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

func limitData(bytes int64) error { return nil }

func peakRSS(ps *os.ProcessState) int64 { return 0 }
