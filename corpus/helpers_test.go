package corpus_test

import (
	"os"
	"testing"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/worker"
)

// TestMain lets the test binary serve as the worker processes of the
// tests that read in them (worker.Arg), as nianbao does in main.
func TestMain(m *testing.M) { os.Exit(worker.RunTests(m)) }

func extractDefault() extract.Limits { return extract.DefaultLimits }
