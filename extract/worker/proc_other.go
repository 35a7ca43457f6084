//go:build !unix

package worker

import "os/exec"

// Without process groups a child is killed alone.

func setGroup(cmd *exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
