package corpus

import (
	"context"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// CrossReports reads paths for the cross-report rules: each file is read
// and normalized, not validated, and only its cross.Report is kept.
// Files that cannot be read are left out. A run that writes results
// too checks each file once with CheckOnce instead.
func CrossReports(ctx context.Context, paths []string, opts Options, tick func()) ([]*cross.Report, error) {
	opts.Validate.Rules = []*validate.Rule{}
	opts.Rules = nil
	var out []*cross.Report
	err := Stream(ctx, paths, opts, func(i int, r Result) error {
		if tick != nil {
			tick()
		}
		if r.Err == nil && r.Report != nil {
			out = append(out, cross.Of(r.Report, r.Path))
		}
		return nil
	})
	return out, err
}

// Checked is a batch checked once for a run whose results must wait for
// the cross-report rules, which need every report before the first
// result is written: each result on disk in a temporary file (see
// spill), the digest of each report (cross.Digest) in memory, so that
// memory stays flat however many files the batch holds and no file is
// read or normalized twice. Close removes the file.
type Checked struct {
	n       int
	sp      *spill
	held    map[int]Result // results with an error, which stay in memory
	digests []*cross.Digest
}

// CheckOnce checks paths (read, normalize, validate) with opts, as Stream
// does, calling tick after each file.
func CheckOnce(ctx context.Context, paths []string, opts Options, tick func()) (*Checked, error) {
	sp, err := newSpill()
	if err != nil {
		return nil, err
	}
	c := &Checked{n: len(paths), sp: sp, held: map[int]Result{}}
	err = Stream(ctx, paths, opts, func(i int, r Result) error {
		if tick != nil {
			tick()
		}
		if r.Err != nil || r.Report == nil {
			// An error is often typed (its text depends on the
			// language), and rare: it stays as it is.
			c.held[i] = r
			return nil
		}
		d, err := cross.DigestOf(r.Report, r.Path, sp.texts)
		if err != nil {
			return err
		}
		c.digests = append(c.digests, d)
		return sp.put(&r)
	})
	if err == nil {
		err = sp.rewind()
	}
	if err != nil {
		sp.close()
		return nil, err
	}
	return c, nil
}

// Digests hands over the digests of the reports checked, in the order
// of paths, for cross.CheckDigests, once: the Checked keeps none, so
// that they go once the rules are done. They read cells and texts back
// from the spill until Close.
func (c *Checked) Digests() []*cross.Digest {
	ds := c.digests
	c.digests = nil
	return ds
}

// Each hands each result to fn in the order of paths, once.
func (c *Checked) Each(fn func(i int, r Result) error) error { return c.EachLean(nil, fn) }

// EachLean is Each where a result that full says false of, by its path,
// comes without its Report: with its path and findings only, all the
// text output prints. Reading a report and its document back is most of
// the cost of reading a result; full is nil for every result in full.
func (c *Checked) EachLean(full func(path string) bool, fn func(i int, r Result) error) error {
	for i := range c.n {
		r, ok := c.held[i]
		if ok {
			delete(c.held, i)
		} else {
			var err error
			if r, err = c.sp.next(full); err != nil {
				return err
			}
		}
		if err := fn(i, r); err != nil {
			return err
		}
	}
	return nil
}

// Close removes the temporary files.
func (c *Checked) Close() error { return c.sp.close() }

// ByPath groups cross findings by the report they are on.
func ByPath(fs []cross.Finding) map[string][]cross.Finding {
	out := map[string][]cross.Finding{}
	for _, f := range fs {
		out[f.Path] = append(out[f.Path], f)
	}
	return out
}

// Attach adds the cross findings on r's report to its findings, placed
// on the cell, table or section they concern, and sorts them with the
// rest, so that every writer shows them like any finding.
func Attach(r *Result, fs []cross.Finding) {
	if r.Report == nil || len(fs) == 0 {
		return
	}
	rep := r.Report
	for _, cf := range fs {
		f := validate.Finding{Rule: cf.Rule, Severity: cf.Severity, Key: cf.Key, Section: cf.Section, Message: cf.Message,
			Span: spanOf(rep, cf)}
		if cf.Key != "" {
			l := rep.CellLabel(cf.Key)
			f.Label = validate.Msg{Zh: l.Zh, En: l.En}
		}
		if f.Section == "" {
			f.Section = sectionOf(rep, f.Span.Start)
		}
		f.Pos = rep.Doc.Position(f.Span.Start)
		for _, rel := range cf.Related {
			f.Related = append(f.Related, validate.Related{Path: rel.Path, Key: rel.Key, Line: rel.Line, Column: rel.Column, Page: rel.Page, Message: rel.Message})
		}
		r.Findings = append(r.Findings, f)
	}
	validate.Sort(r.Findings)
}

// spanOf finds where in rep a cross finding points: its cell, the first
// cell read of its table, its section's heading, else the start.
func spanOf(rep *normalize.Report, f cross.Finding) extract.Span {
	if c := rep.Cell(f.Key); c != nil && c.State != normalize.StateMissing {
		return c.Span
	}
	if t := rep.Tables[f.Key]; t != nil && t.Found {
		return extract.Span{Start: t.Span.Start, End: t.Span.Start}
	}
	for _, s := range rep.Sections {
		if s.Key == f.Section && !s.Missing {
			return s.Span
		}
	}
	return extract.Span{}
}

// sectionOf is the key of the section holding offset, or "".
func sectionOf(rep *normalize.Report, offset int) string {
	key := ""
	for _, s := range rep.Sections {
		if !s.Missing && s.Body.Start <= offset && offset < s.Body.End {
			key = s.Key
		}
	}
	return key
}
