package main

import (
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
