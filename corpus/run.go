package corpus

import (
	"context"
	"sync"
	"time"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/extract/worker"
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
	// Keep, when set, holds documents a first pass over the files read
	// (CrossReports keeps them), and CheckFile takes a file's from it
	// instead of reading the file again.
	Keep *Kept
}

// Kept holds what one pass over a batch read for the next, up to a
// budget of bytes: the normalized report where the budget allows, else
// the document in its compact form (worker.Marshal, about the size of
// its text). Reading is most of a report's cost and normalizing most of
// the rest, and the cross-report rules need every report before the
// first is written.
type Kept struct {
	mu     sync.Mutex
	kept   map[string]kept // by name
	size   int64
	budget int64
	// toCome is how many files the pass has still to put: room for
	// their documents is kept before a report is kept whole, since a
	// document saves more (reading it again) for far less memory.
	toCome int
}

type kept struct {
	doc  []byte            // the document, marshalled; nil when rep is kept
	rep  *normalize.Report // nil when only the document is kept
	size int64
}

// NewKept holds about budget bytes at most; the files past it are read
// again.
func NewKept(budget int64) *Kept {
	return &Kept{kept: map[string]kept{}, budget: budget}
}

// reportWeight is the heap a report kept whole takes per byte of its
// text, with its document, measured on generated reports of every
// format (heap in use after the first pass of check on 200 of each): the
// document's blocks, rows and cells as the reader process sends them
// (3–7×), and the report's tables, sections and labels (9–13×).
const reportWeight = 18

// expect says how many files the pass will put.
func (k *Kept) expect(n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.toCome += n
}

// put keeps rep (nil: the file gave no report) under name.
func (k *Kept) put(name string, rep *normalize.Report) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.toCome = max(0, k.toCome-1)
	if rep == nil {
		return
	}
	// The document's compact form is about the size of its text; the
	// files to come are reckoned at this one's.
	doc := int64(len(rep.Doc.Text))
	if whole := int64(reportWeight * len(rep.Doc.Text)); k.size+whole+int64(k.toCome)*doc <= k.budget {
		k.kept[name] = kept{rep: rep, size: whole}
		k.size += whole
		return
	}
	if k.size+doc > k.budget {
		return
	}
	b := worker.Marshal(rep.Doc)
	k.kept[name] = kept{doc: b, size: int64(len(b))}
	k.size += int64(len(b))
}

// take hands over what was kept for name, once: the report, or the
// document alone (rep nil), or nothing.
func (k *Kept) take(name string) (*extract.Document, *normalize.Report) {
	k.mu.Lock()
	e, ok := k.kept[name]
	if ok {
		delete(k.kept, name)
		k.size -= e.size
	}
	k.mu.Unlock()
	if e.doc != nil {
		if doc, err := worker.Unmarshal(e.doc); err == nil {
			return doc, nil
		}
	}
	return nil, e.rep
}

// CheckFile reads, normalizes and validates one file.
func CheckFile(ctx context.Context, path string, opts Options) Result {
	name := opts.name(path)
	if opts.Keep != nil {
		// A report kept whole was normalized from the same document by
		// the same code: it is what normalizing again would give.
		if doc, rep := opts.Keep.take(name); rep != nil {
			return validated(name, rep, opts)
		} else if doc != nil {
			return check(name, doc, nil, opts)
		}
	}
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
