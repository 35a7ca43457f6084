//go:build unix

package worker

import (
	"os"
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

// limitData sets this process's RLIMIT_DATA to bytes. Since Linux 4.7
// the limit counts the private writable mappings, the Go heap among
// them, but not the address space Go reserves without using it (which
// makes RLIMIT_AS useless here: an idle worker reserves 1.6 GB). Lowering
// one's own limit needs no privilege, and the programs a reader runs
// (pdftoppm, tesseract) inherit it.
func limitData(bytes int64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_DATA, &lim); err != nil {
		return err
	}
	lim.Cur = min(uint64(bytes), lim.Max)
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &lim)
}

// peakRSS is an exited child's peak resident memory, in bytes.
func peakRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10 // kB on Linux
	}
	return 0
}
