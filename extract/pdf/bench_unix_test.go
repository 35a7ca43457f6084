//go:build unix

package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// shared50 finds the 50-page sample in the shared folder next to the
// repository; it is too large to keep in testdata.
func shared50(b *testing.B) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		b.Skip(err)
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "samples", "report50_cid_identityh.pdf")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	b.Skip("shared/samples/report50_cid_identityh.pdf not present")
	return ""
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRead_50 reads the 50-page sample and compares the CPU time
// per read with that of `pdftotext -layout` on the same file, when
// poppler is installed. CPU time, because wall time on a shared machine
// says more about the neighbours than about the code: cpu-ms is ours
// (garbage collection included), pdftotext-cpu-ms poppler's (process
// start included), x-pdftotext the ratio.
func BenchmarkRead_50(b *testing.B) {
	path := shared50(b)
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var ref time.Duration
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		const runs = 10
		for range runs {
			cmd := exec.Command(bin, "-layout", path, os.DevNull)
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
			ref += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		ref /= runs
	}
	start := cpuTime()
	benchRead(b, src, 50)
	per := (cpuTime() - start) / time.Duration(b.N)
	b.ReportMetric(float64(per.Microseconds())/1000, "cpu-ms")
	if ref > 0 {
		b.ReportMetric(float64(ref.Microseconds())/1000, "pdftotext-cpu-ms")
		b.ReportMetric(float64(per)/float64(ref), "x-pdftotext")
	}
}
