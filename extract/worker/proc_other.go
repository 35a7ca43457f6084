//go:build !unix

package worker

import "os/exec"

// Without process groups and /proc, a child is killed alone and its
// memory is not watched (the runtime's soft limit still applies).

func setGroup(cmd *exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

func treeRSS(pid int) int64 { return 0 }

func resetPeak() {}

func peakRSS() int64 { return 0 }
