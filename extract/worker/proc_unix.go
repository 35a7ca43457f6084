//go:build unix

package worker

import (
	"os/exec"
	"syscall"
)

// setGroup puts a child in its own process group, so that killing it
// also ends the programs it runs (pdftoppm, tesseract).
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Process.Kill()
	}
}
