package corpus

import (
	"context"
	"time"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Result is what checking one file gives (see export.Result).
type Result = export.Result

// Options tune a run.
type Options struct {
	Limits  extract.Limits
	Rules   []*validate.Rule // nil: all rules
	Workers int              // files processed at once; 0 means GOMAXPROCS
	// Timeout bounds the time spent on one file; 0 means no bound.
	Timeout time.Duration
}

// CheckFile reads, normalizes and validates one file.
func CheckFile(ctx context.Context, path string, opts Options) Result {
	res := Result{Path: path}
	doc, err := input.Read(ctx, path, opts.Limits)
	if err != nil {
		res.Err = err
		return res
	}
	rep, err := normalize.Normalize(doc)
	if err != nil {
		res.Err = err
		return res
	}
	res.Report = rep
	res.Findings, res.Err = validate.Check(rep, validate.Options{Rules: opts.Rules})
	return res
}

// Run checks paths concurrently and returns the results in the order of
// paths, so that output does not depend on scheduling. It holds every
// result; batches that must stay small in memory use Stream.
func Run(ctx context.Context, paths []string, opts Options) []Result {
	out := make([]Result, len(paths))
	_ = Stream(ctx, paths, opts, func(i int, r Result) error {
		out[i] = r
		return nil
	})
	for i := range out {
		if out[i].Path == "" {
			out[i] = Result{Path: paths[i], Err: ctx.Err()}
		}
	}
	return out
}
