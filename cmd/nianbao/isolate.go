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
// with a soft limit where it works harder. GOGC and GOMEMLIMIT, when set,
// win.
//
// The cross-report digests of a large batch were live data past that
// limit (about 35 KB a report then: 350 MB at 10,000), and a live heap above
// a soft limit makes the collector run without pause (40% of the CPU at
// 10,000 reports). So the limit follows the live heap: some headroom
// above what the last collection left, never below a floor.
//
// Floor and headroom are fixed sizes (gcFloor, gcHeadroom), within 5/8
// and 1/4 of share: as fractions of share (160 and 64 MiB by default)
// they never bound the heap, and GOGC=300 let it grow with the live heap
// four times over, which grows with the batch (digests, cross findings,
// the caches filling): the parent's peak RSS was 86 MB on 1,000 generated
// reports and 170 MB on 10,000. With the floor just above what GOGC=300
// gives on 1,000 (a live heap of 13 MB), 1,000 reports run as before and
// a larger batch stays near their memory: 82 and 89 MiB on 1,000 and
// 10,000 at the same CPU (with the smaller caches of normalize and names
// that this limit called for; see BENCHMARKS.md, issue 14).
func tuneGC(share int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" && share > 0 {
		floor := min(share/8*5, gcFloor)
		debug.SetMemoryLimit(floor)
		limitFloor.Store(floor)
		limitHeadroom.Store(min(share/4, gcHeadroom))
		limitHeadroomMax.Store(share / 4)
		following.Do(func() { go followLive() })
	}
}

// gcFloor and gcHeadroom are the parent's soft memory limit (all the
// memory of the Go runtime, not the heap alone) and how far above the live
// heap it is kept at least, in bytes.
const (
	gcFloor    = 64 << 20
	gcHeadroom = 40 << 20
)

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

// The soft limit that followLive keeps: never below limitFloor, and
// above the live heap by limitHeadroom or by the live heap itself when
// that is more, up to limitHeadroomMax. One follower serves every run of
// a process (the tests run many).
var (
	limitFloor, limitHeadroom, limitHeadroomMax atomic.Int64
	following                                   sync.Once
)

// followLive keeps the soft memory limit above the live heap that the
// last collection left, and never below limitFloor. The headroom grows
// with the live heap past limitHeadroom (as GOGC=100 would, up to a
// quarter of the share): a fixed 40 MiB over the digests of 100,000
// reports (about 70 MB live) would collect twice as often as over those
// of 10,000.
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
			debug.SetMemoryLimit(softLimit(int64(sample[0].Value.Uint64()), limitFloor.Load(), limitHeadroom.Load(), limitHeadroomMax.Load()))
		}
	}
}

// softLimit is the soft memory limit over a live heap of live bytes:
// never below floor, and above live by head, or by live itself when that
// is more, but not by more than headMax (unless head is).
func softLimit(live, floor, head, headMax int64) int64 {
	return max(floor, live+min(max(head, live), max(headMax, head)))
}
