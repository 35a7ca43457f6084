// Package annotate writes a report's findings into the Word file it was
// read from, as editors of 公文 expect to receive them: each finding
// becomes a comment (word/comments.xml, anchored with
// w:commentRangeStart/End and w:commentReference on the finding's text)
// by the author "nianbao", holding the message and the rule's
// explanation; with Options.TrackChanges each safe fix (see export/fix)
// becomes a tracked change (w:del and w:ins) that the editor accepts or
// rejects in Word or WPS.
//
// It takes the DOCX bytes, the extract.Document read from them (whose
// Origin maps the canonical text to word/document.xml) and the findings,
// and gives the annotated DOCX. Runs are split where a comment or change
// begins or ends inside them, each part keeping the run's properties, so
// a span across runs with different formatting keeps every character's
// formatting. The result is read back: its text must be the original
// text (comments only) or the fixed text (with every tracked change
// accepted), or DOCX refuses it. Every other zip entry is copied as
// stored.
//
//	out, st, err := annotate.DOCX(ctx, src, doc, findings, annotate.Options{TrackChanges: true})
package annotate
