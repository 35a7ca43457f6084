package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

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
// names and word lists, the reports being checked, and the digests check
// keeps for the cross-report rules (a few hundred bytes a report; see
// corpus.CheckOnce). So the collector may let garbage
// grow to three times the live heap (GOGC=300: a third of the
// collections of the default, which took 10–15% of the CPU of check),
// with a soft limit at 5/8 of share, where it works harder: measured on
// 1,000 generated reports with -j 2, the parent's peak RSS is then
// 145 MB, against 235 MB before. GOGC and GOMEMLIMIT, when set, win.
//
// The cross-report digests of a large batch were live data past that
// limit (about 35 KB a report then: 350 MB at 10,000), and a live heap above
// a soft limit makes the collector run without pause (40% of the CPU at
// 10,000 reports). So the limit follows the live heap: share/4 above
// what the last collection left, never below 5/8 of share. Measured with
// -j 2 (load 1): 10,000 reports 95.7 → 61.8 s CPU at the same peak RSS
// (478 MiB); 1,000 reports unchanged (172 MiB).
func tuneGC(share int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" && share > 0 {
		debug.SetMemoryLimit(share / 8 * 5)
		limitFloor.Store(share / 8 * 5)
		limitHeadroom.Store(share / 4)
		following.Do(func() { go followLive() })
	}
}

// earlyGC sets the collector as tuneGC will, before the command tree is
// built: the package initialisations leave about 2.4 MiB on the heap, so
// the default GOGC reaches its 4 MiB first goal while cobra and pflag
// build the commands, and that one collection (a stop of the world and a
// mark of the whole young heap on both processors) was 1–2 ms of the
// 25–30 ms CPU of checking one small PDF, where nothing else collects.
// The reader processes get the same through their environment (childEnv).
func earlyGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
}

// The soft limit that followLive keeps: never below limitFloor, and at
// least limitHeadroom above the live heap. One follower serves every run
// of a process (the tests run many).
var (
	limitFloor, limitHeadroom atomic.Int64
	following                 sync.Once
)

// followLive keeps the soft memory limit at least limitHeadroom above the
// live heap that the last collection left, and never below limitFloor.
func followLive() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	var seen uint64
	for range time.Tick(50 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
			return
		}
		if cycles := sample[1].Value.Uint64(); cycles != seen {
			seen = cycles
			debug.SetMemoryLimit(max(limitFloor.Load(), int64(sample[0].Value.Uint64())+limitHeadroom.Load()))
		}
	}
}
