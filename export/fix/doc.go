// Package fix makes the safe fixes of a report's findings in the file the
// report was read from. It takes the file's bytes, the extract.Document read
// from them (whose Origin maps the canonical text back to the bytes) and
// the findings, and gives the corrected file and its canonical text:
// a text file keeps its encoding, line ends and every byte outside the
// edits; a web page changes only inside the text it edits; a DOCX changes
// only the text of the runs in word/document.xml, every other zip entry
// copied byte for byte. PDF and scans cannot be edited in place
// (ErrNotEditable).
//
// Only fixes that a rule marks Safe and that are a finding's only
// alternative are made (Select). Every result is read back with the same
// reader and must give exactly the expected canonical text, or Apply
// refuses it.
//
//	edits, _ := fix.Select(doc.Text, findings)
//	out, err := fix.Apply(ctx, src, doc, edits, extract.Limits{})
//	fmt.Print(fix.Diff("a/"+path, "b/"+path, doc.Text, out.Text))
package fix
