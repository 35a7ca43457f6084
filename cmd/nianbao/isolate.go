package main

import (
	"os"
	"runtime/debug"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/extract/worker"
)

// parentShare is the part of --max-memory left to this process, which
// normalizes, validates and writes what the readers send back; the rest
// is shared equally among the -j reader processes.
const parentShare = 4

// isolated makes opts read files in worker processes (the same binary,
// run with worker.Arg), so that a file that crashes its reader or passes
// its memory share is one error row and the batch goes on. Each file may
// use an equal share of --max-memory: decoders are told it in
// Limits.MaxMemory and a reader passing it is stopped. The returned
// function stops the readers. Unless origin is withOrigin, the documents
// come back without the Origin that maps edits to the source, which only
// the commands that edit files need.
func isolated(opts corpus.Options, origin needOrigin) (corpus.Options, func()) {
	jobs := max(1, opts.Workers)
	opts.Limits = opts.Limits.OrDefault()
	budget := opts.Limits.MaxMemory
	tuneGC(budget / parentShare)
	opts.Limits.MaxMemory = max(1, (budget-budget/parentShare)/int64(jobs))
	pool := worker.New(worker.Options{Workers: jobs, MaxMemory: opts.Limits.MaxMemory, NoOrigin: !bool(origin)})
	opts.Read, opts.ReadBytes = pool.Read, pool.ReadBytes
	return opts, func() { _ = pool.Close() }
}

// needOrigin says whether a command needs the documents' Origin.
type needOrigin bool

const (
	withOrigin needOrigin = true // fix, annotate, serve: edits are mapped back to the file
	noOrigin   needOrigin = false
)

// tuneGC fits the garbage collector to share, this process's part of
// --max-memory (256 MiB by default). Its live heap is small: the place
// names and word lists, the reports being checked, and what check keeps
// for its second pass (within share/8). So the collector may let garbage
// grow to three times the live heap (GOGC=300: a third of the
// collections of the default, which took 10–15% of the CPU of check),
// with a soft limit at 5/8 of share, where it works harder: measured on
// 1,000 generated reports with -j 2, the parent's peak RSS is then
// 145 MB, against 235 MB before. GOGC and GOMEMLIMIT, when set, win.
func tuneGC(share int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" && share > 0 {
		debug.SetMemoryLimit(share / 8 * 5)
	}
}
