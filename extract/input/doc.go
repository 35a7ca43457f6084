// Package input reads any supported file into an extract.Document: it
// sniffs the content (magic bytes and markup, never the file name alone)
// and hands the bytes to the backend for that format with a plain switch.
//
//	doc, err := input.Read(ctx, "report.pdf", extract.Limits{})
//	if errors.Is(err, extract.ErrNeedsOCR) { … }
package input
