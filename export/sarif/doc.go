// Package sarif writes check results as a SARIF 2.1.0 log, the format code
// scanning services and editors read. The log has one run: its results
// (one per finding, with rule, level, message, the finding's region, the
// related cells and the suggested fixes as replacements), the rules that
// were reported or could be (id, name, title, documentation, default
// level), and one invocation whose notifications list the files that could
// not be processed.
//
// Results are written as they come, so a batch of any size streams; the
// rules and the invocation follow them in the run object (JSON member order
// carries no meaning). Lines and columns are those of the canonical text,
// columns counted in Unicode code points (run.columnKind).
//
//	w, err := sarif.Create("out.sarif", sarif.Options{})
//	if err != nil { … }
//	defer w.Abort()
//	for _, r := range results {
//		if err := w.Add(r); err != nil { … }
//	}
//	return w.Close()
package sarif
