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
	// Validate holds the rest of the rule settings (severities, accepted
	// texts); its Rules, when set, win over Rules.
	Validate validate.Options
	// Name gives the path a file is shown under in results and errors;
	// nil shows paths as given.
	Name func(path string) string
	// Read reads a file in place of input.ReadAs, such as a
	// worker.Pool's Read, which reads in child processes so that a file
	// that crashes its reader costs only its own row; nil reads here.
	Read func(ctx context.Context, file, name string, lim extract.Limits) (*extract.Document, error)
	// ReadBytes is Read for a report held in memory, in place of
	// input.Bytes.
	ReadBytes func(ctx context.Context, name string, src []byte, lim extract.Limits) (*extract.Document, error)
}

// CheckFile reads, normalizes and validates one file.
func CheckFile(ctx context.Context, path string, opts Options) Result {
	name := opts.name(path)
	read := opts.Read
	if read == nil {
		read = input.ReadAs
	}
	doc, err := read(ctx, path, name, opts.Limits)
	return check(name, doc, err, opts)
}

func (o Options) name(path string) string {
	if o.Name == nil {
		return path
	}
	return o.Name(path)
}

// CheckBytes normalizes and validates a report held in memory (read from
// standard input), named name.
func CheckBytes(ctx context.Context, name string, src []byte, opts Options) Result {
	read := opts.ReadBytes
	if read == nil {
		read = input.Bytes
	}
	doc, err := read(ctx, name, src, opts.Limits)
	return check(name, doc, err, opts)
}

func check(name string, doc *extract.Document, err error, opts Options) Result {
	res := Result{Path: name}
	if err != nil {
		res.Err = err
		return res
	}
	defer lowerGC(len(doc.Text))()
	rep, err := normalize.Normalize(doc)
	if err != nil {
		res.Err = err
		return res
	}
	return validated(name, rep, opts)
}

// validated is the result of validating rep.
func validated(name string, rep *normalize.Report, opts Options) Result {
	res := Result{Path: name, Report: rep}
	vo := opts.Validate
	if vo.Rules == nil {
		vo.Rules = opts.Rules
	}
	res.Findings, res.Err = validate.Check(rep, vo)
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
