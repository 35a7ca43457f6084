// Package procmem reads the resident memory of processes from /proc
// (Linux): a process tree's current total, and this process's peak,
// which can be reset to measure one piece of work. Elsewhere every
// figure is 0.
//
//	procmem.ResetPeak()
//	work()
//	fmt.Println(procmem.PeakRSS() >> 20, "MiB at most")
package procmem

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

var pageSize = int64(os.Getpagesize())

// TreeRSS is the resident memory of pid and its descendants, in bytes.
func TreeRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(string(f[1]), 10, 64)
	rss := pages * pageSize
	kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	for _, k := range bytes.Fields(kids) {
		if n, err := strconv.Atoi(string(k)); err == nil {
			rss += TreeRSS(n)
		}
	}
	return rss
}

// ResetPeak starts a new measure of this process's peak resident memory
// (writing 5 to clear_refs resets VmHWM).
func ResetPeak() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// PeakRSS is this process's peak resident memory since it started or
// since ResetPeak, in bytes.
func PeakRSS() int64 { return status("VmHWM:") }

// Data is this process's writable private memory, in bytes: what
// RLIMIT_DATA counts (VmData), mapped whether or not it is touched yet.
func Data() int64 { return status("VmData:") }

// status reads a figure in kB from /proc/self/status, in bytes.
func status(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(l, []byte(field)); ok {
			kb, _ := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			return kb << 10
		}
	}
	return 0
}
