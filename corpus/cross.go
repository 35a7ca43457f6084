package corpus

import (
	"context"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// CrossReports reads paths for the cross-report rules: each file is read
// and normalized, not validated, and only its cross.Report is kept, so a
// batch of thousands stays small in memory. Files that cannot be read
// are left out here; the main run reports them.
func CrossReports(ctx context.Context, paths []string, opts Options, tick func()) ([]*cross.Report, error) {
	opts.Validate.Rules = []*validate.Rule{}
	opts.Rules = nil
	var out []*cross.Report
	if opts.Keep != nil {
		opts.Keep.expect(len(paths))
	}
	err := Stream(ctx, paths, opts, func(i int, r Result) error {
		if tick != nil {
			tick()
		}
		if r.Err == nil && r.Report != nil {
			out = append(out, cross.Of(r.Report, r.Path))
		} else {
			r.Report = nil // the main run reads it again and reports the error
		}
		if opts.Keep != nil {
			opts.Keep.put(r.Path, r.Report)
		}
		return nil
	})
	return out, err
}

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
