package extracttest

import (
	"fmt"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
)

// ReadFuzzed asks of one fuzzed input what every backend's fuzz test
// asks: read, given the file name path, finishes within limit (past it a
// panic ends the run, so that the fuzzer keeps even an input that hangs),
// fails with nothing but an *extract.Error that names path, and returns a
// Document that passes Check. It returns that Document, or nil when read
// failed.
func ReadFuzzed(tb testing.TB, path string, limit time.Duration, read func(path string) (*extract.Document, error)) *extract.Document {
	tb.Helper()
	watchdog := time.AfterFunc(limit, func() { panic(fmt.Sprintf("%s: read ran for %v: a hang", path, limit)) })
	defer watchdog.Stop()
	doc, err := read(path)
	if err != nil {
		e, ok := err.(*extract.Error)
		if !ok {
			tb.Fatalf("error %T is not *extract.Error: %v", err, err)
		}
		if e.Path != path {
			tb.Fatalf("error does not name the file %s: %v", path, err)
		}
		return nil
	}
	Check(tb, doc)
	return doc
}
