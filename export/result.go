package export

import (
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// Result is what checking one file gives: its report and findings, or
// the error that stopped it. A failed file never stops the others.
type Result struct {
	Path     string
	Report   *normalize.Report // nil when Err is set before normalizing
	Findings []validate.Finding
	Err      error // could not process the file (extract.Error and the like)

	// Review is the review decision on each of Findings, by index, when
	// a review file was applied; nil otherwise (see Decisions).
	Review []review.Decision
	// Ignored are the findings a review dismissed, with their decisions
	// in IgnoredReview: they are not counted nor printed, but listed on
	// request (--show-ignored) and carried by SARIF as suppressed.
	Ignored       []validate.Finding
	IgnoredReview []review.Decision
}

// Decisions returns the review decision on each of r's findings:
// r.Review when a review was applied, else each finding's fingerprint
// with no decision, so that every output can name findings the same way.
func Decisions(r Result) []review.Decision {
	if r.Review != nil && len(r.Review) == len(r.Findings) {
		return r.Review
	}
	return (*review.File)(nil).Apply(r.Path, r.Report, r.Findings)
}

// ApplyReview applies the decisions of file (nil: none) to r: it sets
// r.Review and moves the dismissed findings to r.Ignored, so that they no
// longer count. Fingerprints are taken over every finding of the report,
// so cross-report findings are attached first.
func ApplyReview(r *Result, file *review.File) {
	all := r.Findings
	ds := file.Apply(r.Path, r.Report, all)
	r.Findings, r.Review = nil, nil
	for i, d := range ds {
		if d.Status() == review.Dismissed {
			r.Ignored = append(r.Ignored, all[i])
			r.IgnoredReview = append(r.IgnoredReview, d)
			continue
		}
		r.Findings = append(r.Findings, all[i])
		r.Review = append(r.Review, d)
	}
	if r.Review == nil {
		r.Review = []review.Decision{}
	}
}
